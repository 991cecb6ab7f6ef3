/* case_step_stats.h — lead times per step of an organisation's closed
 * release cases, for its holder profile (/api/v1/holder-profile, issue 15
 * item 4): from each case's registered transitions (case_event) the time
 * spent in each state (core/case_clock.h case_step_times, the visits of a
 * state summed) and from receipt to delivery (case_lead_of), over the
 * newest LEAD_TIME_SAMPLE closed cases (delivered, refused, withdrawn);
 * median and 90th percentile by nearest rank, as case_lead_times.
 * process 1 or 2 takes only the cases of that process (the newest
 * LEAD_TIME_SAMPLE of them); 0 all. */
#ifndef DATALOTS_STORE_CASE_STEP_STATS_H
#define DATALOTS_STORE_CASE_STEP_STATS_H

#include <stdint.h>

#include "core/case_flow.h"
#include "db/db.h"
#include "store/cases.h"

/* n: the cases the figure rests on (those that passed the step, or were delivered). */
typedef case_lead_time case_step_stat;

dl_err case_step_stats(db *d, int64_t org_id, int process, case_step_stat steps[CASE_STATE__MAX],
                       case_step_stat *delivery, dl_error *e);

#endif
