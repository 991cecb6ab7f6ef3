/* obstacle_seed.h — generated obstacles written in bulk, for `datalots demo
 * obstacles` and bench/obstacle_report.sh; not for a store in real use. The
 * caller makes the rows (cli/demo_obstacles.c); this writes a batch in one
 * transaction with multi-row INSERTs, and the audit row of the whole run. */
#ifndef DATALOTS_STORE_OBSTACLE_SEED_H
#define DATALOTS_STORE_OBSTACLE_SEED_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct obstacle_seed_rec {
    const char *state, *created_at, *what_happened, *data_concerned, *actors, *category, *actor_type, *law_id,
        *consequence, *suggestion;
    /* In the public register: published_at (ISO 8601 UTC) and the public
     * text; NULL or "" for an obstacle not published. */
    const char *public_text, *published_at;
    char token_hash[65]; /* unique: the follow-up token's hash (the token itself is never given out) */
} obstacle_seed_rec;

#define OBSTACLE_SEED_BATCH 1000 /* rows one call may take */

/* Writes n (1..OBSTACLE_SEED_BATCH) rows in one transaction: all or none. */
dl_err obstacle_seed_batch(db *d, const obstacle_seed_rec *rows, int n, dl_error *e);
/* One audit row "obstacle.seed" naming the count. */
dl_err obstacle_seed_audit(db *d, const audit_actor *who, int64_t count, dl_error *e);
/* The ids of the guide's law items (at most max, into out in a), for the
 * generator to pick from; *n 0 when the guide has none. */
dl_err obstacle_seed_laws(db *d, arena *a, const char **out, int max, int *n, dl_error *e);

/* A generated measure with its links and its timeline (the caller walks
 * core/measure_flow.h to make the steps; the first step is "create"). */
#define OBSTACLE_SEED_MEASURE_LINKS 3
#define OBSTACLE_SEED_MEASURE_STEPS 6
typedef struct obstacle_seed_measure_step {
    const char *event, *from, *to, *at, *note;
    int progress;
} obstacle_seed_measure_step;

typedef struct obstacle_seed_measure {
    const char *title, *description, *outcome_type, *responsible_body, *status, *start_date, *due_date, *created_at;
    int progress;
    int64_t obstacles[OBSTACLE_SEED_MEASURE_LINKS];
    int n_obstacles;
    obstacle_seed_measure_step steps[OBSTACLE_SEED_MEASURE_STEPS];
    int n_steps;
} obstacle_seed_measure;

/* Writes n measures, their links and timelines, and one audit row
 * "measure.seed" naming the count, in one transaction: all or none. */
dl_err obstacle_seed_measures(db *d, const audit_actor *who, const obstacle_seed_measure *rows, int n, dl_error *e);
/* The newest published obstacles (at most max): ids and created_at (in a). */
dl_err obstacle_seed_published(db *d, arena *a, int64_t *ids, const char **created_at, int max, int *n, dl_error *e);

#endif
