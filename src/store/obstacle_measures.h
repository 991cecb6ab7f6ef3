/* obstacle_measures.h — measures (åtgärder) against reported obstacles in
 * the store (migration 0032; core/measure.h, core/measure_flow.h;
 * docs/obstacles.md "Measures"): create, edit and move a measure through
 * its statuses with its progress, link it to obstacles and unlink it, and
 * read measures, their obstacles and their timeline.
 *
 * Every change is ONE transaction: the measure read again, the table (or,
 * for create and link, authz) asked, the fields checked, the measure
 * written, a timeline row (dated, attributed, with its note) and an audit
 * row written — the audit detail holds keys, ids and the progress only,
 * never a text. Refused: nothing is written. The analyst's progress notes
 * are public: they show on the public page of every published obstacle
 * the measure is linked to (Decidim keeps the timeline in the open). */
#ifndef DATALOTS_STORE_OBSTACLE_MEASURES_H
#define DATALOTS_STORE_OBSTACLE_MEASURES_H

#include <stdint.h>

#include "core/arena.h"
#include "core/measure_flow.h"
#include "db/db.h"
#include "store/obstacle_steps.h"

/* A measure's details, as written on create and on edit. NULL or "" for
 * none; outcome -1 when not chosen. */
typedef struct measure_fields {
    const char *title, *description, *responsible_body;
    const char *start_date, *due_date; /* YYYY-MM-DD or "" */
    int outcome;                       /* a measure_outcome */
} measure_fields;

/* A step: its note (always required) and, as the row asks, the progress
 * (MI_PROGRESS; -1 when not given) or the new details (MI_EDIT). */
typedef struct measure_step_input {
    const char *note;
    int progress;
    measure_fields edit;
} measure_step_input;

#define MEASURE_LINKS_MAX 50 /* obstacles one create may link */

/* Creates a planned measure at 0 % linked to the obstacles (n may be 0),
 * with its first timeline row. DL_EDENIED not an analyst; DL_EINVAL a
 * field wrong (a sentence naming it) or an obstacle unknown or merged. */
dl_err measure_create(db *d, const obstacle_actor *who, const measure_fields *in, const int64_t *obstacle_ids,
                      int n_obstacles, int64_t now, int64_t *id_out, dl_error *e);

/* Makes step ev. DL_ENOTFOUND no such measure; DL_ECONFLICT the step does
 * not apply in its status now; DL_EDENIED not an analyst; DL_EINVAL. */
dl_err measure_step(db *d, const obstacle_actor *who, int64_t id, measure_event ev, const measure_step_input *in,
                    int64_t now, dl_error *e);

/* Links the measure to an obstacle, or unlinks it. DL_ENOTFOUND no such
 * measure; DL_EINVAL the obstacle unknown or merged; DL_ECONFLICT already
 * linked (link) or not linked (unlink). */
dl_err measure_link(db *d, const obstacle_actor *who, int64_t id, int64_t obstacle_id, int64_t now, dl_error *e);
dl_err measure_unlink(db *d, const obstacle_actor *who, int64_t id, int64_t obstacle_id, int64_t now, dl_error *e);

typedef struct measure {
    int64_t id;
    const char *title, *description, *responsible_body, *start_date, *due_date, *created_at, *updated_at;
    measure_outcome outcome;
    measure_status status;
    int progress;
} measure;

dl_err measure_by_id(db *d, arena *a, int64_t id, measure *out, dl_error *e);

typedef struct measure_filter {
    int status;          /* a measure_status, or -1: all */
    int outcome;         /* a measure_outcome, or -1: all */
    int64_t obstacle_id; /* only those linked to it; 0: all */
} measure_filter;

#define MEASURE_LIST_MAX 500

/* Newest first (by id). */
dl_err measure_list(db *d, arena *a, const measure_filter *f, measure *out, int max, int *n, dl_error *e);

/* The obstacles the measure is linked to, by id. */
dl_err measure_obstacles(db *d, int64_t id, int64_t *out, int max, int *n, dl_error *e);

typedef struct measure_step_rec {
    int64_t id;
    const char *at;     /* ISO 8601 UTC */
    const char *actor;  /* the analyst's username ("" when none) */
    int event;          /* a measure_event, or -1: the measure was registered */
    measure_status from, to;
    int progress;
    const char *note;
    int is_public;
} measure_step_rec;

#define MEASURE_HISTORY_MAX 200

/* The timeline, oldest first; only the public rows when public_only. */
dl_err measure_history(db *d, arena *a, int64_t id, int public_only, measure_step_rec *out, int max, int *n,
                       dl_error *e);

#endif
