/* case_seed.h — bulk seeding of generated cases into a demo or benchmark
 * store (`datalots demo cases`, src/cli/demo_cases.c). The caller decides
 * what each case looks like — its state, its history, its documents, its
 * Process 2 units, all consistent with the transition table — and this
 * writes a batch of them in one transaction with multi-row INSERTs, so
 * 10,000 cases take seconds on SQLite and on PostgreSQL.
 *
 * Every document is registered in the diarium like a real one: its diary
 * entry gets the next number of the organisation's series for the year it
 * was registered (the counters move in one step per series and batch), and
 * the case's diary number is that of its request. What seeding does not do
 * is write one audit row per step as case_transition() does: a seeded case
 * has no per-step audit trail, only the one "case.seed" row with the count
 * (case_seed_audit), which is what really happened to the store. */
#ifndef DATALOTS_STORE_CASE_SEED_H
#define DATALOTS_STORE_CASE_SEED_H

#include <stdint.h>

#include "core/case_flow.h"
#include "core/case_request.h"
#include "core/samrad.h"
#include "db/db.h"
#include "store/audit.h"

/* One history row (case_event). */
typedef struct case_seed_event {
    case_event event;
    case_state from, to;
    const char *at;              /* ISO 8601 UTC */
    int64_t actor_user_id;       /* 0: none */
    const char *actor_name;
    const char *note;            /* "" or "accept" / "refuse" for a unit's answer */
} case_seed_event;

/* One document (case_document), registered in the diarium on `at`. */
typedef struct case_seed_doc {
    case_doc kind;
    const char *at;              /* ISO 8601 UTC: created and registered */
    int64_t created_by;          /* 0: none */
    const char *counterpart, *body;
    /* DOC_RECOMMENDATION: the samråd's three assessments and the outcome
     * ("release" | "refusal"), kept apart in case_recommendation as
     * case_transition() keeps them; all empty: only the body. */
    samrad_texts assessments;
    const char *recommendation;
} case_seed_doc;

/* One unit asked in Process 2 (case_unit). */
typedef struct case_seed_unit {
    int64_t node_id;
    const char *answer;          /* "pending", "accept" or "refuse" */
    const char *reason, *answered_at;
    int64_t answered_by;         /* 0: none */
} case_seed_unit;

typedef struct case_seed_case {
    int64_t org_id;              /* the förvaltning whose diarium registers the documents */
    int64_t target_node_id, owner_user_id, assignee_user_id; /* 0: none */
    case_state state;
    case_process process;
    int64_t version;
    const char *created_at, *updated_at, *submitted_at, *closed_at;
    int64_t clock_started_at, clock_paused_at, clock_paused_total, clock_stopped_at;
    const char *consultation_deadline, *decision_outcome, *decision_conditions;
    case_request req;
    const case_seed_event *events;
    int n_events;
    const case_seed_doc *docs;   /* the first DOC_REQUEST gives the case its diary number */
    int n_docs;
    const case_seed_unit *units;
    int n_units;
} case_seed_case;

/* Inserts n cases, their history, documents with diary entries and units in
 * one transaction (nothing of the batch is kept on an error). The diary
 * subject of a document is "<document>: <title>" as case_transition() writes
 * it. The batch takes its numbers from the diary counters like any
 * registration (the counter rows stay locked until it commits), so a
 * registration made meanwhile gets the number after the batch's. */
dl_err case_seed_batch(db *d, const case_seed_case *cases, int n, dl_error *e);

/* The one audit row of a seeding: action "case.seed" on the organisation,
 * detail "<count> cases", in a transaction of its own. Seeded cases have no
 * per-step audit rows (see above). */
dl_err case_seed_audit(db *d, const audit_actor *who, int64_t org_id, int64_t count, dl_error *e);

#endif
