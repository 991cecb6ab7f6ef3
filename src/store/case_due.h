/* case_due.h — when a case's current step falls due: the step began with
 * the newest history row that brought the case into its state (a step
 * that stays in its state, such as the confidentiality review, does not
 * restart it), and its target is the organisation's for that state
 * (store/case_targets.h), counted by core/deadline.h in Europe/Stockholm.
 * While the case waits for the applicant the clock stands still: such a
 * step is never overdue for the organisation. Used by the queue's filter
 * and marker, its export, the case page and the daily digest. */
#ifndef DATALOTS_STORE_CASE_DUE_H
#define DATALOTS_STORE_CASE_DUE_H

#include <stdint.h>

#include "core/deadline.h"
#include "store/cases.h"

typedef struct case_due {
    int has_target;     /* 0: a closed case, a draft, or a target of 0 days */
    int waiting;        /* 1: the step is the applicant's (the clock paused) */
    int64_t since;      /* when the step began (epoch seconds) */
    int days;           /* the target */
    due_unit unit;
    cal_date due;       /* the last day of the target */
    due_status status;  /* as of now */
} case_due;

/* The due state of one case (c from case_get or case_list). */
dl_err case_due_of(db *d, const case_rec *c, int64_t now, case_due *out, dl_error *e);

/* case_list() with f->due set: every case of f's organisation (org_id or
 * org_path) and state whose step is overdue (CASE_DUE_OVERDUE) or falls
 * due this week and is not overdue yet (CASE_DUE_THIS_WEEK), newest first,
 * paged by f->limit and f->offset; *total counts them all. */
dl_err case_list_due(db *d, arena *a, const case_filter *f, case_rec *out, int *n, int64_t *total, dl_error *e);

/* A short label of the due state for lists ("Försenad sedan 2026-03-09",
 * a msgid prefix and the date) — see case_due_key for a stable key:
 * "overdue", "this_week", "later", "waiting" or "" (no target). */
const char *case_due_key(const case_due *due);

#endif
