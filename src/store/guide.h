/* guide.h — the knowledge guide in the store: items with every version of
 * their source (front matter and Markdown, the file format of
 * docs/content.md), the published one shown to readers.
 *
 * Import checks every file with core/content.h first and writes nothing
 * when one has a problem; otherwise, in one transaction, it adds a version
 * (published) only for an item whose text changed, and one audit row.
 * Export hands back each item's published source with its folder, so that
 * import → export gives the same files. */
#ifndef DATALOTS_STORE_GUIDE_H
#define DATALOTS_STORE_GUIDE_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/guide_facets.h"

/* One file to import: its folder below the root, its id (file name), text. */
typedef struct guide_file {
    const char *path, *area, *stem, *text;
    size_t len;
} guide_file;

typedef struct guide_import_report {
    int added, changed, unchanged, problems;
} guide_import_report;

typedef void (*guide_problem_fn)(void *ctx, const char *path, int line, const char *msg);

/* today: YYYY-MM-DD (reviewed dates may not be later). DL_EINVAL with
 * report->problems > 0 (each told to problem()) when a file breaks a rule:
 * nothing is written then. */
dl_err guide_import(db *d, const guide_file *files, size_t n, const char *today, const audit_actor *who,
                    guide_problem_fn problem, void *ctx, guide_import_report *report, dl_error *e);

typedef struct guide_source {
    const char *id, *area, *source;
} guide_source;

/* Every item's published source, ordered by id, in arena a. */
dl_err guide_published_sources(db *d, arena *a, guide_source **out, size_t *n, dl_error *e);

/* An item as readers see it (its published version). */
typedef struct guide_item {
    const char *id, *area, *type, *title, *title_en, *summary, *summary_en, *categories, *reviewed, *responsible;
    const char *source;       /* the published version's whole file text */
    int64_t published_version, latest_version;
    const char *updated_at;
} guide_item;

dl_err guide_get(db *d, arena *a, const char *id, guide_item *out, dl_error *e);

typedef struct guide_filter {
    const char *type;     /* NULL or "": every type */
    const char *category; /* NULL or "": every category (one word of the comma list) */
    int by_date;          /* 1: newest review first; 0: by title */
    int offset;           /* items skipped (a page of a long list) */
} guide_filter;

/* The items (without source) matching f, in arena a; *n of at most max. */
dl_err guide_list(db *d, arena *a, const guide_filter *f, guide_item *out, int max, int *n, dl_error *e);
/* How many items of each type (counts[k] for content_types[k]) and in all. */
dl_err guide_count_by_type(db *d, int counts[], int64_t *total, dl_error *e);
/* One item without its source (the fields lists show); DL_ENOTFOUND. */
dl_err guide_brief(db *d, arena *a, const char *id, guide_item *out, dl_error *e);

/* The published items of the given types (a NULL-terminated list of at most
 * 8), each with its source, ordered by title, in arena a; *n of at most max.
 * For what only the front matter says (a region's tile, an item's holder). */
dl_err guide_list_sources(db *d, arena *a, const char *const types[], guide_item *out, int max, int *n, dl_error *e);

/* What a holder holds: the published register, quality-register, dataset
 * and biobank items whose front matter names holder_id as `holder`, by
 * title (with source), in arena a; *n of at most max. */
extern const char *const guide_holding_types[];
dl_err guide_holdings(db *d, arena *a, const char *holder_id, guide_item *out, int max, int *n, dl_error *e);

/* Finding items (store/guide_find.c): a search — what was typed, Swedish
 * words stemmed, each word a prefix, all required — or, with nothing
 * typed, the directory; of one type or all; narrowed by facet values
 * (store/guide_facets.h); in an order; from hit number offset on. */
enum { GUIDE_BY_RELEVANCE, GUIDE_BY_TITLE, GUIDE_BY_DATE };
typedef struct guide_query {
    const char *typed;            /* NULL or "": the directory */
    const char *type;             /* NULL or "": every type */
    const char *facet[GF__MAX];   /* NULL or "" where not narrowed */
    int order;                    /* GUIDE_BY_*; relevance only for a search (else by title) */
    int offset;
} guide_find_query;

/* At most max items into out (*n); by_type[k] counts the hits of
 * content_types[k] whatever the type asked for; facets (when not NULL)
 * the hits per facet value; *words is the number of words searched for
 * (0 for the directory, and for a search with nothing searchable in it,
 * which finds nothing); *matched (when not NULL) how many items match.
 * A search that matches more than GUIDE_RANKED_MAX items ranks, pages and
 * counts (by_type, facets) only the first GUIDE_RANKED_MAX of them in the
 * index's order — the guide imported first, then what was generated or
 * harvested — so that a search costs about the same however many items
 * match; *matched is then GUIDE_RANKED_MAX + 1, "more than". The
 * directory (nothing typed) is never capped. */
#define GUIDE_RANKED_MAX 1000
dl_err guide_find(db *d, arena *a, const guide_find_query *q, guide_item *out, int max, int *n, int by_type[],
                  guide_facet_counts *facets, int *words, int64_t *matched, dl_error *e);

/* A search as guide_find does it, without facets: the first max hits,
 * best first; or a page of them in an order. */
dl_err guide_search(db *d, arena *a, const char *typed, const char *type, guide_item *out, int max, int *n,
                    int by_type[], int *words, dl_error *e);
dl_err guide_search_page(db *d, arena *a, const char *typed, const char *type, int order, int offset, guide_item *out,
                         int max, int *n, int by_type[], int *words, dl_error *e);

/* The organisation of this installation (a root of the tree: a
 * förvaltning) that is guide item guide_id (org_node.guide_id), or 0. */
dl_err guide_holder_org(db *d, const char *guide_id, int64_t *org_id, dl_error *e);

/* Counts a search that found nothing (lower-cased, at most 200 bytes). */
dl_err guide_search_missed(db *d, const char *typed, dl_error *e);

typedef struct guide_miss { const char *query; int64_t count; const char *last_at; } guide_miss;
/* The searches that found nothing, most often first. */
dl_err guide_search_misses(db *d, arena *a, guide_miss *out, int max, int *n, dl_error *e);

#endif
