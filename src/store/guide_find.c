/* guide_find.c — finding items of the knowledge guide: the search and the
 * directory, narrowed by type and facets, counted per type and per facet
 * value; see guide.h. The SQL is assembled from constant pieces and
 * db/dialect.c's; every value is bound.
 *
 * A search runs its full-text match once: the hits' keys with their rank
 * (at most GUIDE_RANKED_MAX + 1, in key order) are read into memory, sorted
 * there, and the counts and the rows shown are read for those keys only
 * (dialect_key_list), so a search costs about the same however many items
 * match. */
#include "store/guide.h"
#include "store/guide_rows.h"
#include "core/alloc.h"
#include "core/content.h"
#include "core/strbuf.h"
#include "db/dialect.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the hits' ? take, in order (dialect_search_hits). */
struct hits_binding {
    const char *query;                /* NULL for the directory */
    const char *type;                 /* NULL: not narrowed by type */
    const char *const *facet;
};

static void bind_hits(db_stmt *s, int *p, const void *ctx)
{
    const struct hits_binding *b = ctx;
    if (b->query) db_bind_text(s, (*p)++, b->query);
    if (b->type) db_bind_text(s, (*p)++, b->type);
    guide_facets_bind(s, p, b->facet);
}

/* One hit of a search and its rank. */
struct hit { int64_t key, rank_title, rank_text; };

static char *keys_json(arena *a, const struct hit *hits, int n);

/* A search's hits: their keys as a JSON array for dialect_key_list. */
struct hit_set {
    struct hit *hits;
    int n;          /* at most GUIDE_RANKED_MAX */
    int more;       /* there were more than GUIDE_RANKED_MAX */
    char *keys;     /* "[3,5,8]" */
};

static void bind_keys(db_stmt *s, int *p, const void *ctx)
{
    const struct hit_set *h = ctx;
    db_bind_text(s, (*p)++, h->keys);
}

/* The first GUIDE_RANKED_MAX hits in key order (the guide imported first,
 * then what was generated or harvested), with their rank when ranked. */
static dl_err read_hits(db *d, arena *a, const struct hits_binding *b, const char *key_in, int ranked,
                        struct hit_set *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_backend kind = db_backend_of(d);
    char *sql = ranked ? dialect_ranked_hits(kind, "guide_item", b->type ? "type" : NULL, key_in)
                       : dialect_search_hits(kind, "guide_item", b->type ? "type" : NULL, key_in);
    out->hits = arena_alloc(a, sizeof *out->hits * (GUIDE_RANKED_MAX + 1));
    db_stmt *s = sql && out->hits ? db_prepare(d, sql, e) : NULL;
    dl_err rc = s ? DL_OK : !sql || !out->hits ? dl_fail(e, DL_ENOMEM, "out of memory") : e->code;
    dl_free(sql);
    if (!s) return rc;
    int p = 1;
    bind_hits(s, &p, b);
    db_bind_int(s, p, GUIDE_RANKED_MAX + 1);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && out->n <= GUIDE_RANKED_MAX) {
        struct hit *h = &out->hits[out->n++];
        h->key = db_col_int(s, 0);
        h->rank_title = ranked ? db_col_int(s, 1) : 0;
        h->rank_text = ranked ? db_col_int(s, 2) : 0;
    }
    if (st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    if (out->n > GUIDE_RANKED_MAX) { out->n = GUIDE_RANKED_MAX; out->more = 1; }
    out->keys = keys_json(a, out->hits, out->n);
    if (rc == DL_OK && !out->keys) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    return rc;
}

static int best_first(const void *x, const void *y)
{
    const struct hit *a = x, *b = y;
    if (a->rank_title != b->rank_title) return a->rank_title < b->rank_title ? -1 : 1;
    if (a->rank_text != b->rank_text) return a->rank_text < b->rank_text ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key);
}

/* The directory's items (nothing typed) as a row source with a column hit. */
static char *directory_sql(int by_type, const char *key_in)
{
    strbuf sb;
    sb_init(&sb, 256);
    sb_puts(&sb, "SELECT t.seq AS hit FROM guide_item t WHERE t.published_version > 0");
    if (by_type) sb_puts(&sb, " AND t.type = ?");
    if (key_in) { sb_puts(&sb, " AND t.seq IN "); sb_puts(&sb, key_in); }
    return sb.oom ? (sb_free(&sb), NULL) : sb_steal(&sb, NULL);
}

static dl_err count_types(db *d, const char *hits, guide_bind_fn bind, const void *ctx, int by_type[], dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT t.type, COUNT(*) FROM (");
    sb_puts(&sql, hits);
    sb_puts(&sql, ") h JOIN guide_item t");
    dialect_index_hint(db_backend_of(d), "guide_item_search_facet", &sql);
    sb_puts(&sql, " ON t.seq = h.hit GROUP BY t.type");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    bind(s, &p, ctx);
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        for (int k = 0; content_types[k]; k++)
            if (strcmp(content_types[k], db_col_text(s, 0)) == 0) by_type[k] = (int)db_col_int(s, 1);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* The rows of the items keys names (a JSON array), in the order given by
 * order_sql, limit and offset bound when limit > 0 (order_sql ends with
 * them); each row's key into seqs[] when seqs is given. */
static dl_err read_rows(db *d, arena *a, const char *keys, const char *order_sql, int limit, int offset,
                        guide_item *out, int64_t *seqs, int max, int *n, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT " ITEM_COLS ", i.seq FROM guide_item i WHERE i.seq IN ");
    sb_puts(&sql, dialect_key_list(db_backend_of(d)));
    sb_puts(&sql, order_sql);
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    db_bind_text(s, 1, keys);
    if (limit > 0) {
        db_bind_int(s, 2, limit);
        db_bind_int(s, 3, offset);
    }
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        if (seqs) seqs[*n] = db_col_int(s, 13);
        guide_read_item(s, a, &out[(*n)++]);
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* "[3,5,8]" of the keys of hits[0..n). */
static char *keys_json(arena *a, const struct hit *hits, int n)
{
    strbuf keys;
    sb_init(&keys, 16 + (size_t)n * 8);
    sb_putc(&keys, '[');
    for (int i = 0; i < n; i++) sb_printf(&keys, "%s%" PRId64, i ? "," : "", hits[i].key);
    sb_putc(&keys, ']');
    char *json = keys.oom ? NULL : arena_strdup(a, sb_cstr(&keys));
    sb_free(&keys);
    return json;
}

static dl_err find_search(db *d, arena *a, const guide_find_query *q, const char *query, const char *key,
                          guide_item *out, int max, int *n, int by_type[], guide_facet_counts *facets,
                          int64_t *matched, dl_error *e)
{
    int typed_type = q->type && *q->type;
    int ranked = q->order != GUIDE_BY_TITLE && q->order != GUIDE_BY_DATE;
    struct hits_binding this_type = {query, typed_type ? q->type : NULL, q->facet};
    struct hits_binding every_type = {query, NULL, q->facet};
    struct hit_set hits, all;
    dl_err rc = read_hits(d, a, &this_type, key, ranked, &hits, e);
    /* The type list counts every type: other hits when one type is chosen. */
    if (rc == DL_OK && typed_type) rc = read_hits(d, a, &every_type, key, 0, &all, e);
    else all = hits;
    if (rc != DL_OK) return rc;
    if (matched) *matched = hits.more ? GUIDE_RANKED_MAX + 1 : hits.n;
    /* The keys found, as a row source for the counts. */
    strbuf src;
    sb_init(&src, 128);
    sb_puts(&src, "SELECT i.seq AS hit FROM guide_item i WHERE i.seq IN ");
    sb_puts(&src, dialect_key_list(db_backend_of(d)));
    if (src.oom) { sb_free(&src); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    if (all.n) rc = count_types(d, sb_cstr(&src), bind_keys, &all, by_type, e);
    if (rc == DL_OK && facets && hits.n) rc = guide_facets_count(d, a, sb_cstr(&src), bind_keys, &hits, facets, e);
    sb_free(&src);
    if (rc != DL_OK || !hits.n) return rc;
    if (!ranked) {
        const char *order = q->order == GUIDE_BY_DATE ? " ORDER BY i.reviewed DESC, i.title, i.seq LIMIT ? OFFSET ?"
                                                      : " ORDER BY i.title, i.seq LIMIT ? OFFSET ?";
        return read_rows(d, a, hits.keys, order, max, q->offset > 0 ? q->offset : 0, out, NULL, max, n, e);
    }
    /* Best first; then the page's rows, each put in its place. */
    qsort(hits.hits, (size_t)hits.n, sizeof *hits.hits, best_first);
    int from = q->offset > 0 ? q->offset : 0, to = from + max < hits.n ? from + max : hits.n;
    if (from >= to) return DL_OK;
    int count = to - from, got = 0;
    char *keys = keys_json(a, hits.hits + from, count);
    guide_item *rows = arena_alloc(a, sizeof *rows * (size_t)count);
    int64_t *seqs = arena_alloc(a, sizeof *seqs * (size_t)count);
    if (!keys || !rows || !seqs) return dl_fail(e, DL_ENOMEM, "out of memory");
    rc = read_rows(d, a, keys, "", 0, 0, rows, seqs, count, &got, e);
    for (int i = from; rc == DL_OK && i < to; i++)
        for (int j = 0; j < got; j++)
            if (seqs[j] == hits.hits[i].key) { out[(*n)++] = rows[j]; break; }
    return rc;
}

static dl_err find_directory(db *d, arena *a, const guide_find_query *q, const char *key, guide_item *out, int max,
                             int *n, int by_type[], guide_facet_counts *facets, int64_t *matched, dl_error *e)
{
    int typed_type = q->type && *q->type;
    struct hits_binding every_type = {NULL, NULL, q->facet};
    struct hits_binding this_type = {NULL, typed_type ? q->type : NULL, q->facet};
    char *all_types = directory_sql(0, key), *of_type = directory_sql(typed_type, key);
    strbuf list;
    sb_init(&list, 1024);
    sb_puts(&list, "SELECT " ITEM_COLS " FROM (");
    sb_puts(&list, of_type ? of_type : "");
    sb_puts(&list, ") h JOIN guide_item i ON i.seq = h.hit ORDER BY ");
    sb_puts(&list, q->order == GUIDE_BY_DATE ? "i.reviewed DESC, i.title, i.seq" : "i.title, i.seq");
    sb_puts(&list, " LIMIT ? OFFSET ?");
    dl_err rc = !all_types || !of_type || list.oom ? dl_fail(e, DL_ENOMEM, "out of memory") : DL_OK;
    if (rc == DL_OK) rc = count_types(d, all_types, bind_hits, &every_type, by_type, e);
    if (rc == DL_OK && matched)
        for (int k = 0; content_types[k]; k++)
            if (!typed_type || strcmp(content_types[k], q->type) == 0) *matched += by_type[k];
    if (rc == DL_OK && facets) rc = guide_facets_count(d, a, of_type, bind_hits, &this_type, facets, e);
    db_stmt *s = rc == DL_OK ? db_prepare(d, sb_cstr(&list), e) : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        int p = 1;
        bind_hits(s, &p, &this_type);
        db_bind_int(s, p++, max);
        db_bind_int(s, p, q->offset > 0 ? q->offset : 0);
        int st;
        while ((st = db_step(s, e)) == DB_ROW && *n < max) guide_read_item(s, a, &out[(*n)++]);
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    dl_free(all_types);
    dl_free(of_type);
    sb_free(&list);
    return rc;
}

dl_err guide_find(db *d, arena *a, const guide_find_query *q, guide_item *out, int max, int *n, int by_type[],
                  guide_facet_counts *facets, int *words, int64_t *matched, dl_error *e)
{
    *n = 0;
    *words = 0;
    if (matched) *matched = 0;
    for (int k = 0; content_types[k]; k++) by_type[k] = 0;
    if (facets) memset(facets->n, 0, sizeof facets->n);
    char query[1024];
    int searching = q->typed && *q->typed;
    if (searching) {
        *words = dialect_search_query(db_backend_of(d), q->typed, query, sizeof query);
        if (!*words) return DL_OK;
    }
    strbuf key_in;
    sb_init(&key_in, 128);
    int narrowed = guide_facets_key_in(q->facet, &key_in);
    dl_err rc = key_in.oom ? dl_fail(e, DL_ENOMEM, "out of memory")
                : searching ? find_search(d, a, q, query, narrowed ? sb_cstr(&key_in) : NULL, out, max, n, by_type,
                                          facets, matched, e)
                            : find_directory(d, a, q, narrowed ? sb_cstr(&key_in) : NULL, out, max, n, by_type, facets,
                                             matched, e);
    sb_free(&key_in);
    return rc;
}

dl_err guide_search_page(db *d, arena *a, const char *typed, const char *type, int order, int offset, guide_item *out,
                         int max, int *n, int by_type[], int *words, dl_error *e)
{
    *n = 0;
    *words = 0;
    if (!typed || !*typed) { /* a search with nothing typed finds nothing */
        for (int k = 0; content_types[k]; k++) by_type[k] = 0;
        return DL_OK;
    }
    guide_find_query q = {.typed = typed, .type = type, .order = order, .offset = offset};
    return guide_find(d, a, &q, out, max, n, by_type, NULL, words, NULL, e);
}

dl_err guide_search(db *d, arena *a, const char *typed, const char *type, guide_item *out, int max, int *n,
                    int by_type[], int *words, dl_error *e)
{
    return guide_search_page(d, a, typed, type, GUIDE_BY_RELEVANCE, 0, out, max, n, by_type, words, e);
}
