/* cases.h — data-release cases in the store. A draft is the applicant's to
 * edit (versioned, never overwritten silently); from then on the case moves
 * only through case_transition(), the one setter, which in one transaction
 * checks the step against the table in core/case_flow.c and the case's
 * version, writes the case, its history row, the documents and their
 * diary entries, the audit row and the e-mails to send. Two people acting
 * on one case at once: one wins, the other gets DL_ECONFLICT and a
 * sentence, and nothing of theirs is half-written. */
#ifndef DATALOTS_STORE_CASES_H
#define DATALOTS_STORE_CASES_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/case_flow.h"
#include "core/case_request.h"
#include "core/samrad.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/case_attachments.h"

typedef struct case_rec {
    int64_t id, org_id, target_node_id, owner_user_id, assignee_user_id, version;
    case_state state;
    case_process process;
    const char *diary_number, *created_at, *updated_at, *submitted_at, *closed_at;
    const char *org_name, *target_name, *target_path, *target_kind, *owner_name;
    const char *assignee_name, *consultation_deadline, *decision_outcome, *decision_conditions;
    case_request req;
} case_rec;

/* A new draft at organisation org_id (a förvaltning) owned by who. The
 * values may be incomplete; their formats are checked (problems in *n_problems
 * and out, as case_request_check with for_sending 0: nothing is stored when
 * there is one). */
/* file (NULL: none) is attached in the same transaction (core/attachment.h). */
dl_err case_create_draft(db *d, int64_t org_id, const audit_actor *who, const case_request *req, const case_upload *file,
                         int64_t *id_out, case_request_problem *problems, int max_problems,
                         int *n_problems, dl_error *e);
/* The same inside the caller's open transaction, without a file (a copy
 * of an earlier request, store/form_version.h). */
dl_err case_create_draft_in_tx(db *d, int64_t org_id, const audit_actor *who, const case_request *req,
                               int64_t *id_out, case_request_problem *problems, int max_problems, int *n_problems,
                               dl_error *e);
/* Saves a draft's values over version `version` (DL_ECONFLICT when someone
 * saved in between; DL_EDENIED when it is no longer a draft or not who's). */
dl_err case_save_draft(db *d, int64_t id, int64_t version, const audit_actor *who, const case_request *req,
                       const case_upload *file,
                       case_request_problem *problems, int max_problems, int *n_problems, dl_error *e);

dl_err case_get(db *d, arena *a, int64_t id, case_rec *out, dl_error *e);

typedef struct case_filter {
    int64_t owner_user_id;   /* 0: anyone's */
    int64_t org_id;          /* 0: every organisation */
    int exclude_drafts;      /* 1: not the applicants' drafts */
    const char *org_path;    /* NULL: every organisation; else cases whose target is at or below */
    int state;               /* -1: every state; -2: every open state (no drafts); -3: every closed state */
    int limit, offset;
    int due;                 /* 0: any; CASE_DUE_OVERDUE, CASE_DUE_THIS_WEEK: the step's target
                                time (store/case_due.h); the cases waiting for the applicant never */
} case_filter;
enum { CASE_DUE_ANY = 0, CASE_DUE_OVERDUE = 1, CASE_DUE_THIS_WEEK = 2 };
/* Newest first. Of the request a row carries only the title and the
 * applicant's name (what lists show); its other fields are "". */
dl_err case_list(db *d, arena *a, const case_filter *f, case_rec *out, int *n, int64_t *total, dl_error *e);

/* What a step carries (the fields its table row names; others ignored). */
typedef struct case_step {
    case_event event;
    int64_t expected_version;    /* the version the person saw */
    const char *text;            /* message, review or reasons: the document's body (not CF_RECOMMENDATION) */
    samrad_texts assessments;    /* CF_RECOMMENDATION: the samråd's three assessments, each required */
    const char *conditions;      /* conditions of a recommendation or decision */
    const char *counterpart;     /* CF_INCOMING: who sent it */
    int process;                 /* CF_ACCEPT: 1 or 2 */
    unsigned checklist;          /* CF_ACCEPT: the completeness points ticked (bit per case_check) */
    int64_t unit_node_id;        /* CF_UNIT_ANSWER */
    int unit_refuses;            /* CF_UNIT_ANSWER: 1 refuse, 0 accept */
    const char *deadline;        /* CF_RECOMMENDATION (Process 2): YYYY-MM-DD the units answer by */
    int64_t assignee_user_id;    /* CF_ASSIGNMENT */
    const char *delivery_method; /* CF_DELIVERY: "paper" | "encrypted" */
    int partial;                 /* CF_DECISION (approve): 1 when released in part */
    const struct release_terms *terms; /* CF_DECISION (approve): what is released; NULL: the request's
                                          dictionary variables, pseudonymised (core/release_terms.h) */
    const char *public_url;      /* where e-mails link to (https://…); NULL: no link */
    const char *hours;           /* CF_ESTIMATE: the hours estimated ("12,5"); the answer day is deadline */
} case_step;

typedef struct case_step_result {
    case_state to;
    int64_t version;
    char diary_number[64];       /* of the document the step registered, "" if none */
} case_step_result;

/* The one setter. subject is who acts (their grants); who names them in the
 * audit log. DL_EDENIED (not permitted, or a guard such as "the review is
 * not documented yet"), DL_ECONFLICT (the case moved on: stale page or a
 * double submit), DL_EINVAL (a field of the step is missing or malformed),
 * each with a sentence in e. */
dl_err case_transition(db *d, int64_t case_id, const authz_subject *subject, const audit_actor *who,
                       const case_step *step, case_step_result *out, dl_error *e);

/* The same inside the caller's open transaction (refused outside one). */
dl_err case_transition_in_tx(db *d, int64_t case_id, const authz_subject *subject, const audit_actor *who,
                             const case_step *step, case_step_result *out, dl_error *e);

/* A request that came by post or e-mail: the registrar opens the case at
 * org_id with what arrived (req: the request's fields as far as known;
 * counterpart: who sent it) and registers it, in one transaction — the
 * draft and the register_incoming step together, or nothing. The case
 * belongs to the account whose e-mail is the applicant's, when exactly one
 * enabled account has it (so the applicant can continue online); else to
 * no one. */
dl_err case_register_incoming(db *d, int64_t org_id, const authz_subject *subject, const audit_actor *who,
                              const case_request *req, const case_upload *file, const char *counterpart,
                              const char *public_url,
                              int64_t *id_out, case_step_result *out, case_request_problem *problems,
                              int max_problems, int *n_problems, dl_error *e);

/* The same inside the caller's open transaction, with any number of files
 * (each checked as case_attach_in_tx does) and a text: the body of the
 * registered document (NULL: none). The official mailbox (store/mailbox.c)
 * registers a message this way. */
dl_err case_register_incoming_in_tx(db *d, int64_t org_id, const authz_subject *subject, const audit_actor *who,
                                    const case_request *req, const case_upload *files, int n_files,
                                    const char *counterpart, const char *text, const char *public_url, int64_t *id_out,
                                    case_step_result *out, case_request_problem *problems, int max_problems,
                                    int *n_problems, dl_error *e);

/* Lead times of an organisation's decided cases, per process: how many,
 * and the median and 90th percentile in days from a complete request's
 * receipt to the decision, the time waiting for the applicant left out
 * (the clock of case_flow.c). Over the newest LEAD_TIME_SAMPLE decided cases. */
#define LEAD_TIME_SAMPLE 1000
typedef struct case_lead_time {
    int n;
    double median_days, p90_days;
} case_lead_time;
dl_err case_lead_times(db *d, int64_t org_id, case_lead_time out[3], dl_error *e);

/* Who answers questions about the process: the coordinators and registrars
 * of organisation org_id (enabled accounts), at most max. */
typedef struct case_contact { const char *name, *email, *role; } case_contact;
dl_err case_contacts(db *d, arena *a, int64_t org_id, case_contact *out, int max, int *n, dl_error *e);

/* The extraction assignments an employee has been given (the seed keeps
 * them in the personnel file): newest first, at most max. */
typedef struct case_assignment {
    int64_t case_id, document_id;
    const char *diary_number, *title, *given_at, *document_number;
} case_assignment;
dl_err case_assignments_of(db *d, arena *a, int64_t user_id, case_assignment *out, int max, int *n, dl_error *e);

/* The facts the guards need and the authz object of the case, for pages
 * that show the buttons (case_events_allowed) exactly as case_transition
 * will decide. node_paths (the Process 2 units) live in arena a. */
dl_err case_facts_for(db *d, arena *a, const case_rec *c, int64_t actor_user_id, case_facts *facts,
                      authz_object *object, dl_error *e);

/* ---- what a case page shows ------------------------------------------------ */

typedef struct case_history_rec {
    const char *at, *actor_name, *event, *from_state, *to_state, *note;
    int64_t actor_user_id;   /* 0: the system, or an account since removed */
} case_history_rec;
typedef struct case_document_rec {
    int64_t id, diary_entry_id;
    const char *kind, *created_at, *diary_number, *counterpart, *body;
    int confidential;
    /* A recommendation's assessments and conditions, kept apart
     * (case_recommendation); has_assessments 0 for one from before them. */
    int has_assessments;
    samrad_texts assessments;
    const char *rec_conditions;
    /* "" unless disposed of under the retention schedule (store/retention.h):
     * then the body and the assessments are empty, the diary entry stays */
    const char *disposed_at;
} case_document_rec;
typedef struct case_unit_rec {
    int64_t node_id;
    const char *name, *path, *answer, *reason, *answered_at;
} case_unit_rec;
typedef struct case_person {
    int64_t id;
    const char *display_name;
} case_person;

#define CASE_PAGE_MAX 200 /* history rows, documents, units, candidates shown */
dl_err case_history(db *d, arena *a, int64_t id, case_history_rec *out, int *n, dl_error *e);
dl_err case_documents(db *d, arena *a, int64_t id, case_document_rec *out, int *n, dl_error *e);
dl_err case_units(db *d, arena *a, int64_t id, case_unit_rec *out, int *n, dl_error *e);
/* Employees who may receive the extraction assignment for the case: an
 * assigned-employee role at or above its target, account enabled. */
dl_err case_assignee_candidates(db *d, arena *a, const case_rec *c, case_person *out, int *n, dl_error *e);

#endif
