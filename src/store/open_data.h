/* open_data.h — the aggregate figures behind the open data sets
 * (/oppna-data, issue 15 item 5; docs/open-data.md): counts only, never a
 * single case. The suppression of small counts is core/small_counts.h's,
 * applied by the caller; the store hands over the raw counts. */
#ifndef DATALOTS_STORE_OPEN_DATA_H
#define DATALOTS_STORE_OPEN_DATA_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

/* Outcome of a case as the open data name it: its closed state, or under way. */
typedef enum open_outcome { OUT_OPEN, OUT_DELIVERED, OUT_REFUSED, OUT_WITHDRAWN, OUT__MAX } open_outcome;
extern const char *const open_outcome_keys[OUT__MAX];

/* One organisation × year (of receipt) × process (0: not yet set): the
 * received cases by outcome, and the median lead time in days (complete
 * application to decision, the applicant's time left out) over n_decided
 * decided cases. */
typedef struct open_case_group {
    int64_t org_id;
    const char *org_name;
    int year, process;
    int64_t count[OUT__MAX];
    int64_t n_decided;
    double median_days;
} open_case_group;

/* Every group with at least one received case, ordered by organisation
 * name, year, process; *out in a (NULL when *n is 0). Drafts are not counted. */
dl_err open_case_groups(db *d, arena *a, open_case_group **out, int *n, dl_error *e);

/* Obstacles: category key × year of the report × state key, with a count. */
typedef struct open_obstacle_count {
    const char *category, *state;
    int year;
    int64_t count;
} open_obstacle_count;

/* Ordered by category, year, state. */
dl_err open_obstacle_counts(db *d, arena *a, open_obstacle_count **out, int *n, dl_error *e);

#endif
