/* followup.h — the follow-up figures of the whole support (issue 15 item 3),
 * read from the store for a period of days: the release cases created in
 * it by state, process and decision; the time each step took (median and
 * 90th percentile) against the organisations' targets; the refusals (the
 * decisions' own texts, listed: no reason category is recorded, so none is
 * invented) and the units' answers in Process 2; the obstacles (the
 * compiled obstacle report's summary, store/obstacle_report.h, reused); and
 * the knowledge guide's searches that found nothing.
 *
 *     obstacle_period p;                       // the same period type
 *     obstacle_period_parse("2026-01-01", "2026-12-31", &p, &e);
 *     followup_summary s;
 *     followup_summary_load(d, a, &p, clock_now(), &s, &e);
 *
 * A step is a stint of a case in one state: from the event that entered
 * it to the next event that left it, both in case_event, kept with its
 * length when it ended (store/case_step_length.h). Its length is
 * counted in days as the case's organisation counts that step's target
 * (core/deadline.h deadline_days_between: working or calendar days), and
 * it is "within target" when that length is at most the target. Medians
 * and 90th percentiles are nearest-rank (the ceil(q·n)-th smallest). */
#ifndef DATALOTS_STORE_FOLLOWUP_H
#define DATALOTS_STORE_FOLLOWUP_H

#include <stdint.h>

#include "core/arena.h"
#include "core/case_flow.h"
#include "core/err.h"
#include "db/db.h"
#include "store/obstacle_report.h"
#include "store/followup_usage.h" /* the guide's page views, the survey */
#include "store/followup_questions.h" /* the questions to the network */

typedef struct followup_step {
    int64_t n;             /* stints ended */
    int64_t median, p90;   /* days; -1 when n is 0 */
    int64_t within_target; /* of n, those no longer than their organisation's target */
    int64_t with_target;   /* of n, those whose organisation has a target for the step */
    int target_days;       /* the target when every organisation has the same; -1 when they differ; 0 none */
    int target_calendar;   /* 1 when that target counts calendar days */
} followup_step;

/* A refused case and its decision's text (decision_conditions). */
typedef struct followup_refusal {
    const char *diary_number, *decided_at, *text;
} followup_refusal;

/* One unit's answers in the units' round of Process 2. */
typedef struct followup_unit {
    const char *name;
    int64_t accept, refuse, pending;
} followup_unit;

typedef struct followup_miss {
    const char *query;
    int64_t n;
    const char *last_at;
} followup_miss;

#define FOLLOWUP_REFUSALS_MAX 200 /* refused cases listed; past this refusals_cut */
#define FOLLOWUP_UNITS_MAX 500
#define FOLLOWUP_MISSES_MAX 50

typedef struct followup_summary {
    obstacle_period period;
    int64_t cases;                        /* created in the period */
    int64_t by_state[CASE_STATE__MAX];
    int64_t by_process[3];                /* not chosen yet, Process 1, Process 2 */
    int64_t approved, approved_in_part, refused; /* decision_outcome */
    followup_step steps[CASE_STATE__MAX]; /* for the states case_target_applies() names */
    int64_t samrad_refusals;              /* recommend_refusal events of the period's cases */
    followup_refusal *refusals;
    int n_refusals, refusals_cut;
    followup_unit *units;                 /* most refusals first */
    int n_units, units_cut;
    int64_t unit_accept, unit_refuse, unit_pending;
    followup_miss *misses;                /* every search with no hit (all time: the table keeps no days) */
    int n_misses;
    int64_t misses_total;
    obstacle_summary obstacles;           /* created in the period */
    followup_usage views;                 /* the guide's page views of the period (followup_usage.h) */
    followup_survey survey;               /* the satisfaction survey sent in the period */
    followup_questions questions;         /* the answer times of the questions to the network (followup_questions.h) */
} followup_summary;

/* Nearest-rank percentile (1..100) of v (n values, sorted ascending): -1 when n is 0. */
int64_t followup_percentile(const int64_t *v, int64_t n, int percent);

/* Loads every figure of the period into out (rows in a). */
dl_err followup_summary_load(db *d, arena *a, const obstacle_period *p, int64_t now, followup_summary *out,
                             dl_error *e);

#endif
