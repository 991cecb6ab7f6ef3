/* guide_find.c — finding items of the knowledge guide: the search and the
 * directory, narrowed by type and facets, counted per type and per facet
 * value; see guide.h. The SQL is assembled from constant pieces and
 * db/dialect.c's; every value is bound. */
#include "store/guide.h"
#include "store/guide_rows.h"
#include "core/alloc.h"
#include "core/content.h"
#include "core/strbuf.h"
#include "db/dialect.h"

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

/* The hits as a row source with a column hit: the search's (ranked or
 * not) or the directory's published items. */
static char *hits_sql(db_backend kind, int searching, int ranked, int by_type, const char *key_in)
{
    if (searching) {
        return ranked ? dialect_ranked_hits(kind, "guide_item", by_type ? "type" : NULL, key_in)
                      : dialect_search_hits(kind, "guide_item", by_type ? "type" : NULL, key_in);
    }
    strbuf sb;
    sb_init(&sb, 256);
    sb_puts(&sb, "SELECT t.seq AS hit FROM guide_item t WHERE t.published_version > 0");
    if (by_type) sb_puts(&sb, " AND t.type = ?");
    if (key_in) { sb_puts(&sb, " AND t.seq IN "); sb_puts(&sb, key_in); }
    return sb.oom ? (sb_free(&sb), NULL) : sb_steal(&sb, NULL);
}

static dl_err count_types(db *d, const char *hits, const struct hits_binding *b, int by_type[], dl_error *e)
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
    bind_hits(s, &p, b);
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        for (int k = 0; content_types[k]; k++)
            if (strcmp(content_types[k], db_col_text(s, 0)) == 0) by_type[k] = (int)db_col_int(s, 1);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err guide_find(db *d, arena *a, const guide_find_query *q, guide_item *out, int max, int *n, int by_type[],
                  guide_facet_counts *facets, int *words, dl_error *e)
{
    *n = 0;
    *words = 0;
    for (int k = 0; content_types[k]; k++) by_type[k] = 0;
    if (facets) memset(facets->n, 0, sizeof facets->n);
    db_backend kind = db_backend_of(d);
    char query[1024];
    int searching = q->typed && *q->typed;
    if (searching) {
        *words = dialect_search_query(kind, q->typed, query, sizeof query);
        if (!*words) return DL_OK;
    }
    int typed_type = q->type && *q->type;
    int ranked = searching && q->order != GUIDE_BY_TITLE && q->order != GUIDE_BY_DATE;
    strbuf key_in;
    sb_init(&key_in, 128);
    int narrowed = guide_facets_key_in(q->facet, &key_in);
    const char *key = narrowed ? sb_cstr(&key_in) : NULL;
    char *all_types = hits_sql(kind, searching, 0, 0, key);
    char *of_type = hits_sql(kind, searching, 0, typed_type, key);
    char *shown = hits_sql(kind, searching, ranked, typed_type, key);
    struct hits_binding every_type = {searching ? query : NULL, NULL, q->facet};
    struct hits_binding this_type = {searching ? query : NULL, typed_type ? q->type : NULL, q->facet};
    strbuf list;
    sb_init(&list, 1024);
    sb_puts(&list, "SELECT " ITEM_COLS " FROM (");
    sb_puts(&list, shown ? shown : "");
    sb_puts(&list, ") h JOIN guide_item i ON i.seq = h.hit ORDER BY ");
    if (ranked) sb_puts(&list, "h.rank_title, h.rank_text, h.hit");
    else if (q->order == GUIDE_BY_DATE) sb_puts(&list, "i.reviewed DESC, i.title, i.seq LIMIT ? OFFSET ?");
    else sb_puts(&list, "i.title, i.seq LIMIT ? OFFSET ?");
    dl_err rc = key_in.oom || !all_types || !of_type || !shown || list.oom ? dl_fail(e, DL_ENOMEM, "out of memory")
                                                                           : DL_OK;
    if (rc == DL_OK) rc = count_types(d, all_types, &every_type, by_type, e);
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
    dl_free(shown);
    sb_free(&key_in);
    sb_free(&list);
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
    return guide_find(d, a, &q, out, max, n, by_type, NULL, words, e);
}

dl_err guide_search(db *d, arena *a, const char *typed, const char *type, guide_item *out, int max, int *n,
                    int by_type[], int *words, dl_error *e)
{
    return guide_search_page(d, a, typed, type, GUIDE_BY_RELEVANCE, 0, out, max, n, by_type, words, e);
}
