/* obstacle_steps.h — the obstacle lifecycle in the store: every step an
 * analyst takes (core/obstacle_flow.h says which, by whom and with what),
 * the merging of duplicates, the history, the analyst's queue and the
 * similar reports the full-text index suggests. Migration 0025.
 *
 * obstacle_transition() is the one way a state changes. In ONE
 * transaction: the state is read again, the table asked (obstacle_may),
 * the step's fields checked, the obstacle updated, a history row and an
 * audit row written (the audit detail holds keys and ids only — a report's
 * text and the analyst's notes may hold personal data), and, for a public
 * step, a mail to the reporter queued in the outbox when they gave an
 * address: the reference, the new state and a follow-up link with a fresh
 * token (its SHA-256 on the history row), never the report's text.
 * Refused: nothing is written. */
#ifndef DATALOTS_STORE_OBSTACLE_STEPS_H
#define DATALOTS_STORE_OBSTACLE_STEPS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/obstacle_flow.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/obstacles.h"

/* Lengths, in characters. */
#define OBSTACLE_NOTE_MAX 2000
#define OBSTACLE_ANSWER_MAX 4000
#define OBSTACLE_FIELD_MAX 500 /* need, legal basis, responsible body */

/* What a step takes; which of these count is the row's inputs
 * (enum obstacle_input). NULL or "" for none. */
typedef struct obstacle_step_input {
    const char *note;             /* a note, the reason, the measure */
    const char *need, *legal_basis, *responsible_body;
    const char *public_answer;
    int64_t merge_into;           /* OE_MERGE: the obstacle kept */
} obstacle_step_input;

/* Who acts, and where the mail's link points. */
typedef struct obstacle_actor {
    const authz_subject *subject; /* the permission (ACT_OBSTACLE_TRIAGE) */
    audit_actor audit;            /* the name on the history and audit rows */
    const char *public_url;       /* "https://…", the follow-up link's base */
} obstacle_actor;

/* Makes step ev on obstacle id. DL_ENOTFOUND no such obstacle; DL_ECONFLICT
 * the step does not apply in its state now; DL_EDENIED not an analyst;
 * DL_EINVAL a field missing or wrong (a sentence naming it). */
dl_err obstacle_transition(db *d, const obstacle_actor *who, int64_t id, obstacle_event ev,
                           const obstacle_step_input *in, int64_t now, dl_error *e);

/* Merges duplicate dup_id into into_id (OE_MERGE): dup goes to merged
 * with merged_into set and the reason as its public answer; into gets a
 * history row naming the duplicate. Both histories are kept; the kept
 * one's history shows the duplicate's steps too (obstacle_history). */
dl_err obstacle_merge(db *d, const obstacle_actor *who, int64_t dup_id, int64_t into_id, const char *reason,
                      int64_t now, dl_error *e);

/* One history row, inside the caller's transaction (for the store's other
 * obstacle files: store/obstacle_draft.c). mail_token_hash NULL: no mail. */
dl_err obstacle_step_insert(db *d, int64_t obstacle_id, const char *at, const audit_actor *who, obstacle_event ev,
                            obstacle_state from, obstacle_state to, const char *note, int is_public,
                            const char *mail_token_hash, dl_error *e);

typedef struct obstacle_step_rec {
    int64_t id, obstacle_id;      /* obstacle_id differs from the asked one: a merged duplicate's step */
    const char *at;               /* ISO 8601 UTC */
    const char *actor;            /* the analyst's username ("" when none) */
    obstacle_event event;
    obstacle_state from, to;
    const char *note;
    int is_public;
} obstacle_step_rec;

#define OBSTACLE_HISTORY_MAX 200

/* The steps of obstacle id and of the duplicates merged into it, oldest
 * first; only the public ones when public_only. */
dl_err obstacle_history(db *d, arena *a, int64_t id, int public_only, obstacle_step_rec *out, int max, int *n,
                        dl_error *e);

/* The analyst's queue. */
typedef struct obstacle_queue_filter {
    int state;          /* an obstacle_state, or -1: every open state */
    const char *category; /* a category's key, or NULL / "": all */
    int min_age_days;   /* received at least this many days ago; 0: any */
} obstacle_queue_filter;

typedef struct obstacle_brief {
    int64_t id;
    obstacle_state state;
    const char *category; /* its key in the category list */
    const char *created_at, *last_step_at;
    const char *what_happened; /* cut to about 200 characters */
    int64_t merged_into;
} obstacle_brief;

#define OBSTACLE_QUEUE_MAX 500
#define OBSTACLE_SIMILAR_MAX 5

/* Oldest first. */
dl_err obstacle_queue(db *d, arena *a, const obstacle_queue_filter *f, int64_t now, obstacle_brief *out, int max,
                      int *n, dl_error *e);

/* The longest distinct words of text (at least 4 bytes, up to 8), separated
 * by spaces, into out: what a similar report most likely shares. */
void obstacle_key_words(const char *text, char *out, size_t outsz);

/* Other obstacles whose text is like id's, best first (full-text rank over
 * the longest words of its text); merged ones left out. */
dl_err obstacle_similar(db *d, arena *a, int64_t id, obstacle_brief *out, int max, int *n, dl_error *e);

#endif
