/* followup_usage.h — two parts of the follow-up figures (store/followup.h)
 * kept apart from the case figures: the knowledge guide's page views of
 * the period (guide_view_day, counted privately: web/guide_views.h) and
 * the satisfaction survey sent when a case closes (case_survey:
 * store/case_survey.h). followup_summary_load() reads both in its read
 * snapshot through followup_usage_load().
 *
 * Views: the days of the period (local days, both included), per page,
 * the most viewed first, each named by its title (the item's id only when
 * the item is gone). Survey: the surveys sent in the period (whole UTC
 * days, as the cases' created_at), how many were answered, the answers'
 * distribution 1–5, their mean and median (nearest rank, as the lead
 * times), and the comments, without name or diary number. */
#ifndef DATALOTS_STORE_FOLLOWUP_USAGE_H
#define DATALOTS_STORE_FOLLOWUP_USAGE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

struct obstacle_period;

typedef struct followup_page_views {
    const char *item_id, *title, *title_en;
    int64_t n;
} followup_page_views;

typedef struct followup_comment {
    int score;
    const char *answered_on; /* YYYY-MM-DD */
    const char *text;
} followup_comment;

#define FOLLOWUP_PAGES_MAX 50     /* pages listed ("the 50 most viewed" in the report); views_total counts all */
#define FOLLOWUP_COMMENTS_MAX 200 /* comments listed, as the refusals ("the first 200"); past this comments_cut */

typedef struct followup_usage {
    int64_t views_total;        /* every counted view of the period */
    int64_t pages_viewed;       /* distinct pages with a view */
    followup_page_views *pages; /* most views first */
    int n_pages;
} followup_usage;

typedef struct followup_survey {
    int64_t sent, answered;
    int64_t by_score[5];        /* answers 1..5 */
    double mean;                /* of the answers; 0 when none */
    int64_t median;             /* nearest rank; -1 when none */
    followup_comment *comments; /* non-empty comments, oldest answer first */
    int n_comments, comments_cut;
} followup_survey;

/* Inside the caller's read transaction. */
dl_err followup_usage_load(db *d, arena *a, const struct obstacle_period *p, followup_usage *views,
                           followup_survey *survey, dl_error *e);

/* The survey's answer rate in whole percent (rounded half up); -1 when none was sent. */
int64_t followup_survey_rate(const followup_survey *s);

#endif
