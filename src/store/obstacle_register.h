/* obstacle_register.h — the public register of published obstacles (/hinder,
 * /hinder/ID, /hinder.atom; docs/obstacles.md, "The public register"): the
 * published ones (published_at <> '') filtered by category, actor type,
 * state, law and year of report, and a word searched for in the public
 * text; one published obstacle; the newest for the feed; the counts per
 * filter value; the public steps of one.
 *
 * Only what may be shown publicly is ever read here: the redacted texts
 * (public_text, public_suggestion) and the keys and dates. what_happened,
 * data_concerned, actors, suggestion, about_page, reporter_* and the
 * follow-up token are never selected, so no page built on this can show
 * them (tests/unit/test_obstacle_register.c checks the columns read). */
#ifndef DATALOTS_STORE_OBSTACLE_REGISTER_H
#define DATALOTS_STORE_OBSTACLE_REGISTER_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

/* A filter: NULL or "" for any. The keys are checked by the caller against
 * core/obstacle.h's lists (an unknown one just finds nothing here). year:
 * 0 for any, else the year the obstacle was reported (created_at, UTC). q:
 * at most OBSTACLE_REGISTER_Q_MAX bytes, matched as one substring of the
 * public text, case-insensitively for A–Z (the store's LOWER; å, ä, ö as
 * typed) — a LIKE over the published rows, no search index: the register
 * holds tens of thousands at most and a search is a page that is then kept
 * (ROUTE_PAGE_CACHE). */
#define OBSTACLE_REGISTER_Q_MAX 100
typedef struct obstacle_register_filter {
    const char *category, *actor_type, *state, *law_id, *q;
    int year;
} obstacle_register_filter;

/* One published obstacle as the public sees it. law_title: the guide
 * item's title ("" when it names none or the item is gone). */
typedef struct obstacle_public {
    int64_t id;
    const char *created_at, *published_at, *state, *category, *actor_type, *consequence, *law_id, *law_title,
        *public_text, *public_suggestion;
} obstacle_public;

/* The page of published obstacles matching f, newest first (id
 * descending): at most limit (1..100) rows from offset into rows (the
 * caller's, limit long), *n of them, and *total matching (total NULL: not
 * counted — obstacle_register_facets_load counts it too). */
dl_err obstacle_register_list(db *d, arena *a, const obstacle_register_filter *f, int limit, int64_t offset,
                              obstacle_public *rows, int *n, int64_t *total, dl_error *e);

/* Published obstacle id; DL_ENOTFOUND when there is none or it is not
 * published (never a hint which). */
dl_err obstacle_register_get(db *d, arena *a, int64_t id, obstacle_public *out, dl_error *e);

/* The newest published, by published_at then id, for the feed. */
dl_err obstacle_register_newest(db *d, arena *a, int limit, obstacle_public *rows, int *n, dl_error *e);

/* The counts per value of each filter, among the published obstacles that
 * match the OTHER filters set in f (so each list shows what choosing a
 * value would give). value: the key ("" for none given), label: the law's
 * title for laws, the year for years, else "". */
typedef enum obstacle_facet_dim { OF_CATEGORY, OF_ACTOR_TYPE, OF_STATE, OF_LAW, OF_YEAR, OF__MAX } obstacle_facet_dim;
typedef struct obstacle_facet {
    const char *value, *label;
    int64_t n;
} obstacle_facet;
typedef struct obstacle_register_facets {
    obstacle_facet *rows[OF__MAX]; /* by value; laws most first */
    int n_rows[OF__MAX];
    int64_t total; /* published obstacles matching every filter of f */
} obstacle_register_facets;
dl_err obstacle_register_facets_load(db *d, arena *a, const obstacle_register_filter *f,
                                     obstacle_register_facets *out, dl_error *e);

/* One step of an obstacle's public history: when, and what (a state key
 * of core/obstacle.h, or "published"). */
typedef struct obstacle_public_step {
    const char *at, *what;
} obstacle_public_step;
#define OBSTACLE_PUBLIC_STEPS_MAX 32
/* The public steps of o, oldest first, into steps (OBSTACLE_PUBLIC_STEPS_MAX
 * long): received on created_at, each public step of the lifecycle (the
 * state it came to; never its note), and published on published_at. */
dl_err obstacle_register_history(db *d, arena *a, const obstacle_public *o, obstacle_public_step *steps, int *n,
                                 dl_error *e);

#endif
