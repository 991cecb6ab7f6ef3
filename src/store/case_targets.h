/* case_targets.h — the target time of each step (state) of a release case,
 * per organisation (table case_step_target, migration 0035), with the
 * defaults of case_targets.c for a state the organisation has not set.
 * The arithmetic is core/deadline.h's. */
#ifndef DATALOTS_STORE_CASE_TARGETS_H
#define DATALOTS_STORE_CASE_TARGETS_H

#include <stdint.h>

#include "core/case_flow.h"
#include "core/deadline.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct case_target {
    int days;      /* 0: no target for this step */
    due_unit unit;
    int is_default;
} case_target;

/* 1 for a state that has a target: open, not the applicant's draft. */
int case_target_applies(case_state s);
/* The default target of state s (working days). */
case_target case_target_default(case_state s);
/* The targets of organisation org_id, every state (defaults where unset). */
dl_err case_targets_get(db *d, int64_t org_id, case_target out[CASE_STATE__MAX], dl_error *e);
/* Sets them (its own transaction, with an audit row): days 0..DUE_DAYS_MAX
 * for each state case_target_applies() names; others ignored. */
dl_err case_targets_set(db *d, int64_t org_id, const case_target in[CASE_STATE__MAX], const audit_actor *who,
                        dl_error *e);

#endif
