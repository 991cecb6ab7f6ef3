/* guide_facets.h — the knowledge guide's facets: what an item's front
 * matter says about it — its categories, its holder, and the regions, data
 * types and laws among its related items — kept per published item in
 * guide_facet (migration 0021), so that the directory and the search can
 * be narrowed by any of them and count their hits by each value. The
 * facets are listed once, here. */
#ifndef DATALOTS_STORE_GUIDE_FACETS_H
#define DATALOTS_STORE_GUIDE_FACETS_H

#include "core/arena.h"
#include "core/content.h"
#include "core/strbuf.h"
#include "db/db.h"

/* enum, the query parameter that narrows by it and the stored kind (the
 * same word), the Swedish heading (a msgid). A region comes from the holder
 * or a related item that is a region; a data type and a law from related
 * items of those types (typed when the rows are written). */
#define GUIDE_FACET_LIST(X)                          \
    X(GF_CATEGORY, "category", "Kategori")           \
    X(GF_HOLDER, "holder", "Datahållare")            \
    X(GF_REGION, "region", "Region")                 \
    X(GF_DATA_TYPE, "datatype", "Datatyp")           \
    X(GF_LAW, "law", "Lag")

#define GUIDE_FACET_ENUM(name, param, label) name,
typedef enum guide_facet { GUIDE_FACET_LIST(GUIDE_FACET_ENUM) GF__MAX } guide_facet;
#undef GUIDE_FACET_ENUM

const char *guide_facet_param(guide_facet f);    /* "datatype" */
const char *guide_facet_label_sv(guide_facet f); /* "Datatyp" (a msgid) */

/* One value of a facet among some hits. */
typedef struct guide_facet_value {
    const char *value;           /* a category word or an item id */
    const char *title, *title_en; /* the item's titles ("" for a category) */
    int count;
} guide_facet_value;

#define GUIDE_FACET_VALUES_MAX 400 /* values kept per facet, most hits first */

typedef struct guide_facet_counts {
    guide_facet_value values[GF__MAX][GUIDE_FACET_VALUES_MAX];
    int n[GF__MAX];
} guide_facet_counts;

/* Inside the caller's transaction: the facet rows of item id from its
 * published front matter (replacing what it had); related ids are typed by
 * the items they name as the store has them now. */
dl_err guide_facets_set_in_tx(db *d, const char *id, const content_item *it, dl_error *e);
/* Inside the caller's transaction: every published item's rows anew. */
dl_err guide_facets_rebuild_in_tx(db *d, dl_error *e);

/* The narrowing by the values given (filter[f] NULL or "" for none) as a
 * subquery "(SELECT seq … INTERSECT …)" of the item keys that have them
 * all, appended to sb; 0 when no value is given (nothing appended). Its ?
 * take the values in facet order: guide_facets_bind. */
int guide_facets_key_in(const char *const filter[GF__MAX], strbuf *sb);
void guide_facets_bind(db_stmt *s, int *p, const char *const filter[GF__MAX]);

/* Counts the facets' values over the hits of hits_sql (a row source with a
 * column hit, the item key), whose ? are bound by bind(s, &p, ctx) from 1.
 * The values of each facet, most hits first, then by value. */
typedef void (*guide_bind_fn)(db_stmt *s, int *p, const void *ctx);
dl_err guide_facets_count(db *d, arena *a, const char *hits_sql, guide_bind_fn bind, const void *ctx,
                          guide_facet_counts *out, dl_error *e);

/* How many published items of the given types (a NULL-terminated list of
 * 1 to 8) have each value of facet f — e.g. each holder's registers and
 * datasets — most first; values into out (value only, no titles). */
dl_err guide_facet_totals(db *d, arena *a, guide_facet f, const char *const types[], guide_facet_value *out, int max,
                          int *n, dl_error *e);

#endif
