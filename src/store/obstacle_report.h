/* obstacle_report.h — the figures of the compiled obstacle report (issue
 * 13: "by category, actor, status, law and period, with counts, ages,
 * outcomes, and the obstacles' texts"), read from the store for a period of
 * days. The rendering is report/obstacle_render.h; this file only reads.
 *
 *     obstacle_period p;
 *     if (obstacle_period_parse("2024-01-01", "2024-12-31", &p, &e) != DL_OK) … e.msg …
 *     obstacle_summary s;
 *     obstacle_summary_load(d, a, &p, clock_now(), &s, &e);   // small: counts only
 *     obstacle_texts_each(d, &p, 0, fn, ud, &e);               // one row at a time
 *
 * The period is inclusive days of created_at (UTC). Every figure comes from
 * one read snapshot (db_begin_read) so the parts add up. Counts by a list of
 * core/obstacle.h, by the category list of the store and by policy area hold
 * one row per entry of the list in its order (zeros too), then a row for
 * "none given" and one per unknown stored key, if any.
 * States are whatever OBSTACLE_STATE_LIST holds; an obstacle's outcome is its
 * state when that state is a final one (obstacle_state_is_outcome). Ages
 * are whole days from created_at to now (the history of state changes is
 * not read yet: an open obstacle's age runs to now either way). */
#ifndef DATALOTS_STORE_OBSTACLE_REPORT_H
#define DATALOTS_STORE_OBSTACLE_REPORT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/measure.h"
#include "core/obstacle.h"
#include "db/db.h"

typedef struct obstacle_period {
    char from[11], to[11]; /* YYYY-MM-DD, inclusive */
    char until[11];        /* the day after to: created_at < until */
} obstacle_period;

/* Longest period a report covers, in days (about 30 years). */
#define OBSTACLE_PERIOD_MAX_DAYS 11000

/* Checks "YYYY-MM-DD" dates (real days, years 2000–2999), from <= to and
 * the length; DL_EINVAL with a sentence naming what is wrong. */
dl_err obstacle_period_parse(const char *from, const char *to, obstacle_period *out, dl_error *e);

typedef enum obstacle_dim {
    OD_CATEGORY,
    OD_POLICY_AREA, /* the category's policy area (core/obstacle_category.h) */
    OD_ACTOR_TYPE,
    OD_STATE,
    OD_CONSEQUENCE,
    OD_LAW,
    OD_YEAR,
    OD_MONTH,
    OD__MAX
} obstacle_dim;

typedef struct obstacle_count {
    const char *key;   /* the stored key ("" none given), a law's id, "2024", "2024-03" */
    const char *label; /* a Swedish msgid for list entries; a law's title; the key otherwise */
    int translate;     /* 1: label is a msgid */
    const char *label_en; /* NULL, or the English label the category list stores */
    int64_t n;
} obstacle_count;

/* An obstacle addressed by measures of one outcome type ("Efter typ av utfall"). */
typedef struct obstacle_addressed {
    measure_outcome outcome;
    int64_t obstacle_id;
    int64_t measures; /* of that type, registered in the period, linked to it */
} obstacle_addressed;

#define OBSTACLE_ADDRESSED_MAX 2000 /* past this the list is cut (addressed_cut) */

typedef struct obstacle_summary {
    obstacle_period period;
    int64_t now;                 /* epoch seconds the ages run to */
    int64_t total;               /* obstacles created in the period */
    obstacle_count *rows[OD__MAX];
    int n_rows[OD__MAX];
    int64_t open;                /* not in a final state */
    int64_t median_age_days;     /* of the open ones; -1 when none */
    int64_t oldest_age_days;     /* of the open ones; -1 when none */
    int64_t oldest_id;           /* the oldest open one; 0 when none */
    int64_t outcome[OBSTACLE_STATE__MAX]; /* per final state, the closed ones */
    int64_t closed;              /* the sum of outcome[] */
    /* Measures registered in the period (created_at), by outcome type and
     * status, and the obstacles they address, by outcome type in list
     * order, then by obstacle id (store/obstacle_measure_report.c). */
    int64_t measures[MEASURE_OUTCOME__MAX][MEASURE_STATUS__MAX];
    int64_t measures_total;
    obstacle_addressed *addressed;
    int n_addressed, addressed_cut;
} obstacle_summary;

/* 1 for a state an obstacle ends in: those of the closed group
 * (obstacle_public_group_of — closed, archived, merged into another,
 * withdrawn by the reporter). */
int obstacle_state_is_outcome(obstacle_state s);
/* The dimension's Swedish heading (a msgid) and its stable key ("category", …). */
const char *obstacle_dim_label_sv(obstacle_dim d);
const char *obstacle_dim_key(obstacle_dim d);

/* Loads every count of the period into out (rows in a). */
dl_err obstacle_summary_load(db *d, arena *a, const obstacle_period *p, int64_t now, obstacle_summary *out,
                             dl_error *e);

/* The measures' part of the summary (called by obstacle_summary_load in
 * its read snapshot). */
dl_err obstacle_measure_summary_load(db *d, arena *a, const obstacle_period *p, obstacle_summary *out, dl_error *e);
/* The number of measures of outcome o in the period (every status). */
int64_t obstacle_measures_of(const obstacle_summary *s, int o);

/* One obstacle of the period, for the list of texts. Valid during the call. */
typedef struct obstacle_text_rec {
    int64_t id;
    const char *created_at, *category, *actor_type, *state, *consequence, *law_id, *law_title;
    const char *what_happened, *suggestion;
} obstacle_text_rec;

/* 0 to go on; anything else stops the walk (returned as DL_OK, *stopped 1). */
typedef int (*obstacle_text_fn)(void *ud, const obstacle_text_rec *row);

/* Calls fn for each obstacle of the period, oldest first, at most limit
 * (0: all), reading one row at a time. */
dl_err obstacle_texts_each(db *d, const obstacle_period *p, int64_t limit, obstacle_text_fn fn, void *ud,
                           dl_error *e);

#endif
