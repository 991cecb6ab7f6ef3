/* obstacle_followup.h — the follow-up of the obstacles (issue 13 item 6):
 * every open obstacle that has had no step for `stale_days` days (serve
 * --obstacle-stale-days, default 30) is flagged, and the open ones are
 * counted by how long ago they were received and by the responsible body
 * (docs/obstacles.md, "Follow-up"). "Open" is obstacle_state_is_open()'s
 * answer, read from the lifecycle's table, never a list of its own. */
#ifndef DATALOTS_STORE_OBSTACLE_FOLLOWUP_H
#define DATALOTS_STORE_OBSTACLE_FOLLOWUP_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/obstacle.h"
#include "db/db.h"

/* The age groups, in days since received: upper bounds, the last open. */
#define FOLLOWUP_AGE_GROUPS 5
extern const int followup_age_upper_days[FOLLOWUP_AGE_GROUPS - 1]; /* 7, 30, 90, 365 */

typedef struct followup_body {
    const char *body;                        /* "" for obstacles no body is named for yet */
    int64_t by_age[FOLLOWUP_AGE_GROUPS];     /* open obstacles per age group */
    int64_t open, stale;                     /* all open; those with no step for stale_days */
    int64_t oldest_days;                     /* the oldest open one's age */
} followup_body;

#define FOLLOWUP_BODIES_MAX 200

/* One row per responsible body with open obstacles, the most open first;
 * *total (if given) the sum over every body, in out[...] form. */
dl_err obstacle_followup_by_body(db *d, arena *a, int64_t now, int stale_days, followup_body *out, int max, int *n,
                                 followup_body *total, dl_error *e);

typedef struct followup_stale {
    int64_t id;
    obstacle_state state;
    const char *category;    /* its key in the category list */
    const char *body;        /* "" when none is named */
    int64_t days_since_step; /* since the last step, or since received when none */
    int64_t age_days;        /* since received */
} followup_stale;

#define FOLLOWUP_STALE_MAX 500

/* The open obstacles with no step for stale_days days, the longest
 * waiting first. */
dl_err obstacle_followup_stale(db *d, arena *a, int64_t now, int stale_days, followup_stale *out, int max, int *n,
                               dl_error *e);

#endif
