/* obstacles.h — reported obstacles in the store (core/obstacle.h says what
 * one is; migration 0020 its table). Anyone may report, signed in or not:
 * the report is checked, stored with an audit row in one transaction, and
 * the reporter gets a follow-up token once (only its SHA-256 is kept), the
 * private link to the report and its state. */
#ifndef DATALOTS_STORE_OBSTACLES_H
#define DATALOTS_STORE_OBSTACLES_H

#include <stdint.h>

#include "core/arena.h"
#include "core/obstacle.h"
#include "core/obstacle_category.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct obstacle_report {
    const char *what_happened;  /* required */
    const char *data_concerned, *actors, *suggestion; /* NULL or "" for none */
    const char *category;       /* a key of the category list (store/obstacle_categories.h), active */
    int consequence;            /* obstacle_consequence, or -1 for none given */
    int actor_type;             /* obstacle_actor_type, or -1 for none given */
    const char *law_id;         /* a guide item of type law, or NULL / "" */
    const char *about_page;     /* the page on this site it was reported from, or NULL / "" */
    const char *reporter_email; /* NULL / "" for none */
} obstacle_report;

/* Checks and stores a report; who is the signed-in reporter or the public
 * (user_id 0). *id_out is its id, token_out the follow-up token (64 hex
 * digits). Refused with a sentence naming the field: DL_EINVAL (nothing
 * written). */
dl_err obstacle_create(db *d, const obstacle_report *in, const audit_actor *who, int64_t now, int64_t *id_out,
                       char token_out[65], dl_error *e);

/* The rules a report must meet, as obstacle_create applies them (the law
 * and the category are looked up when stored): DL_EINVAL with a sentence naming the field. */
dl_err obstacle_check(const obstacle_report *in, dl_error *e);

/* Reports from an earlier survey (`datalots obstacles import`), all or
 * none: every row checked first, then all stored in one transaction, each
 * with an audit row "obstacle.import" naming its category. reported_at[i]
 * is when it was reported (Unix seconds; 0 or a NULL array: now; a time
 * after now is refused). No follow-up link is given: a survey's reporters
 * never had one. On DL_EINVAL *bad_row is the 0-based row and e says why;
 * nothing is written. */
dl_err obstacle_import(db *d, const obstacle_report *rows, const int64_t *reported_at, int n, const audit_actor *who,
                       int64_t now, int *bad_row, dl_error *e);

typedef struct obstacle {
    int64_t id;
    obstacle_state state;
    const char *category;       /* its key in the category list */
    int consequence;            /* -1: none given */
    int actor_type;             /* -1: none given */
    const char *created_at;     /* ISO 8601 UTC */
    const char *what_happened, *data_concerned, *actors, *suggestion, *about_page, *reporter_email;
    const char *law_id, *law_title, *law_title_en; /* "" when none */
    /* The lifecycle's record (migration 0025; store/obstacle_steps.h): "" when not yet written. */
    const char *need, *legal_basis, *responsible_body, *public_answer, *last_step_at;
    int64_t merged_into;        /* 0: not merged */
    /* The publication (migration 0028; store/obstacle_publish.h): "" until an analyst drafts or publishes. */
    const char *public_text, *public_suggestion;
    const char *published_at;   /* "" while not in the public register */
} obstacle;

/* The report behind a follow-up token — the one given at the intake, or one
 * mailed with a public step (DL_ENOTFOUND: none has it). */
dl_err obstacle_by_token(db *d, arena *a, const char *token, obstacle *out, dl_error *e);

/* The report with this id (DL_ENOTFOUND: none). For the analyst's page. */
dl_err obstacle_by_id(db *d, arena *a, int64_t id, obstacle *out, dl_error *e);

#endif
