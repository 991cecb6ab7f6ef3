/* case_targets.h — the target time of each step (state) of a release case,
 * per organisation (table case_step_target, migration 0035), with the
 * defaults of case_targets.c for a state the organisation has not set.
 * The arithmetic is core/deadline.h's. */
#ifndef DATALOTS_STORE_CASE_TARGETS_H
#define DATALOTS_STORE_CASE_TARGETS_H

#include <stdint.h>

#include "core/case_clock.h"
#include "core/case_flow.h"
#include "core/deadline.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct case_target {
    int days;      /* 0: no target for this step */
    due_unit unit;
    int is_default;
} case_target;

/* Index i of a target array (CASE_TARGETS long: each state, then
 * CASE_TARGET_DECISION, the whole case's). 1 for a target that exists: an
 * open state other than the draft, and the decision's. */
int case_target_applies(int i);
/* Its stored key: the state's, or "decision". */
const char *case_target_key(int i);
/* The default: the steps' in working days; the decision's 90 calendar
 * days (the EHDS's three months from a complete application). */
case_target case_target_default(int i);
/* The targets of organisation org_id (defaults where unset). */
dl_err case_targets_get(db *d, int64_t org_id, case_target out[CASE_TARGETS], dl_error *e);
/* Sets them (its own transaction, with an audit row): days 0..DUE_DAYS_MAX
 * for each target case_target_applies() names; others ignored. */
dl_err case_targets_set(db *d, int64_t org_id, const case_target in[CASE_TARGETS], const audit_actor *who,
                        dl_error *e);

#endif
