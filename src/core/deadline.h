/* deadline.h — the arithmetic of a release case's target times: when a step
 * started in a case falls due, how long the clock stood still while the
 * case waited for the applicant, and whether a due time is overdue or falls
 * due this week. Pure: no I/O, no SQL, no TZ environment — the time zone is
 * Europe/Stockholm computed here by the EU rule (summer time from 01:00 UTC
 * on the last Sunday of March to 01:00 UTC on the last Sunday of October),
 * so the result does not depend on the process's TZ.
 *
 * The rule: a step entered at instant t with a target of n days is due at
 * the end (local midnight) of the n-th day after t's local date — working
 * days (core/calendar.h: weekends, Swedish public holidays and the three
 * eves excluded) or calendar days, as the organisation counts. Every pause
 * moves the due day on by the days it covered: the days d, counted the same
 * way, with local_date(pause start) <= d < local_date(pause end) — the day
 * the applicant answers counts again, the day the case was sent to them
 * does not. A pause still open is counted up to now. */
#ifndef DATALOTS_DEADLINE_H
#define DATALOTS_DEADLINE_H

#include <stdint.h>

#include "core/calendar.h"

typedef enum due_unit { DUE_WORKING_DAYS = 0, DUE_CALENDAR_DAYS = 1 } due_unit;

#define DUE_DAYS_MAX 3650 /* a target time of at most ten years */

/* Seconds east of UTC in Europe/Stockholm at instant utc: 3600 or 7200. */
int deadline_stockholm_offset(int64_t utc);
/* The Stockholm calendar date at instant utc. */
cal_date deadline_local_date(int64_t utc);
/* The instant (epoch seconds) of 00:00 Stockholm time on d. */
int64_t deadline_local_midnight(cal_date d);

/* A time the clock stood still: from, to (epoch seconds; to 0: still paused). */
typedef struct due_pause {
    int64_t from, to;
} due_pause;

/* The days (counted as unit says) the pause covered, up to now when open. */
int deadline_paused_days(due_pause p, due_unit unit, int64_t now);
/* Days counted as unit says with local_date(a) < d <= local_date(b): the
 * days used from a to b (0 when b is not after a's date). */
int deadline_days_between(int64_t a, int64_t b, due_unit unit);

/* The local date a step entered at start with a target of n days is due
 * (n clamped to 0..DUE_DAYS_MAX), moved on by the pauses (np of them). */
cal_date deadline_due_date(int64_t start, int n, due_unit unit, const due_pause *pauses, int np, int64_t now);
/* The instant it is overdue: local midnight after the due date. */
int64_t deadline_overdue_at(cal_date due);

typedef enum due_status {
    DUE_LATER,     /* falls due after this week */
    DUE_THIS_WEEK, /* falls due by the end of this ISO week (Sunday, local) */
    DUE_OVERDUE,   /* the due date has passed */
} due_status;
due_status deadline_status(cal_date due, int64_t now);
const char *due_status_key(due_status s); /* "later", "this_week", "overdue" */

#endif
