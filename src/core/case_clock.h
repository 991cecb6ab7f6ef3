/* case_clock.h — the time a release case spent in each step and its lead
 * times, read from its registered transitions (case_event rows). Pure.
 *
 * A case is in a state from the transition that brought it there until the
 * next transition (or now, while it is open); a transition that stays in
 * its state splits the time but does not change whose it is. Two lead
 * times:
 *   EHDS: from the application found complete (accept_complete) to the
 *         decision (approve or refuse), the time waiting for the applicant
 *         (states case_state_is_waiting_for_applicant names) left out — as
 *         the EHDS regulation counts its deadline;
 *   receipt to delivery: from the request's receipt (submit or
 *         register_incoming) to register_delivery, everything included — as
 *         the applicant feels it. */
#ifndef DATALOTS_CASE_CLOCK_H
#define DATALOTS_CASE_CLOCK_H

#include <stdint.h>

#include "core/calendar.h"
#include "core/case_flow.h"

typedef struct case_clock_event {
    int64_t at; /* epoch seconds */
    case_event event;
    case_state from, to;
} case_clock_event;

typedef struct case_step_time {
    int64_t seconds;  /* in all */
    int working_days; /* Swedish working days begun in it after the first (core/deadline.h) */
    int visits;       /* how many times the case came into the state */
} case_step_time;

/* Per state, into out[CASE_STATE__MAX] (zeroed first); events in time
 * order; now closes the last step while the case is open. */
void case_step_times(const case_clock_event *ev, int n, int64_t now, case_step_time out[CASE_STATE__MAX]);

typedef struct case_lead {
    int has_ehds;                 /* complete and decided */
    int64_t ehds_seconds;         /* the applicant's waiting left out */
    int64_t ehds_paused_seconds;  /* what was left out */
    int has_delivery;             /* received and delivered */
    int64_t delivery_seconds;
} case_lead;
void case_lead_of(const case_clock_event *ev, int n, case_lead *out);

/* The targets an organisation sets: one per state (the step), and one for
 * the whole case from the complete application to the decision. */
#define CASE_TARGET_DECISION CASE_STATE__MAX
#define CASE_TARGETS (CASE_STATE__MAX + 1)

/* The decision's target over the whole case (EHDS): from the first
 * accept_complete, `days` counted as unit says (core/deadline.h), moved on
 * by every time the case then waited for the applicant (a pause; one still
 * open counts to now). 0 when the application was never found complete;
 * else 1, *due the last day, *decided_at the decision's time (0: none yet),
 * *paused_now 1 while the case waits for the applicant. */
int case_decision_due(const case_clock_event *ev, int n, int days, int unit, int64_t now, cal_date *due,
                      int64_t *decided_at, int *paused_now);

/* Whole days and tenths of seconds ("4,2"), for pages. */
void case_clock_days_text(int64_t seconds, char *out, int size);

#endif
