/* guide_catalog.c — the reads of guide_catalog.h, in one read-only
 * transaction so that the count, the page and the holders agree. */
#include "store/guide_catalog.h"
#include "core/content.h"
#include "core/strbuf.h"

#include <string.h>

#define CATALOG_LAWS_MAX 1000

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

/* " IN (?, ?, …)" for n types; constant pieces only. */
static void in_list(strbuf *sql, int n)
{
    sb_puts(sql, " IN (?");
    for (int k = 1; k < n; k++) sb_puts(sql, ", ?");
    sb_puts(sql, ")");
}

static dl_err count_items(db *d, const char *const types[], int n_types, int64_t *total, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 128);
    sb_puts(&sql, "SELECT COUNT(*) FROM guide_item WHERE type");
    in_list(&sql, n_types);
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    for (int k = 0; k < n_types; k++) db_bind_text(s, k + 1, types[k]);
    int st = db_step(s, e);
    if (st == DB_ROW) *total = db_col_int(s, 0);
    db_stmt_done(s);
    return st == DB_ROW ? DL_OK : st == DB_ERROR ? e->code : dl_fail(e, DL_EDB, "no count");
}

static dl_err load_page(db *d, arena *a, const char *const types[], int n_types, int offset, int limit,
                        const char *only_id, guide_catalog_page *out, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 256);
    sb_puts(&sql, "SELECT i.id, i.type, i.title, i.title_en, i.summary, i.summary_en, i.categories, i.reviewed,"
                  " i.updated_at, v.source FROM guide_item i JOIN guide_version v"
                  " ON v.item_id = i.id AND v.version = i.published_version WHERE i.type");
    in_list(&sql, n_types);
    sb_puts(&sql, only_id ? " AND i.id = ?" : " ORDER BY i.id LIMIT ? OFFSET ?");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    for (int k = 0; k < n_types; k++) db_bind_text(s, p++, types[k]);
    if (only_id) db_bind_text(s, p, only_id);
    else {
        db_bind_int(s, p++, limit);
        db_bind_int(s, p, offset);
    }
    out->datasets = arena_alloc(a, sizeof *out->datasets * (size_t)(limit > 0 ? limit : 1));
    if (!out->datasets) { db_stmt_done(s); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW && out->n_datasets < limit) {
        guide_item *g = &out->datasets[out->n_datasets++];
        g->id = dup(a, db_col_text(s, 0));
        g->type = dup(a, db_col_text(s, 1));
        g->title = dup(a, db_col_text(s, 2));
        g->title_en = dup(a, db_col_text(s, 3));
        g->summary = dup(a, db_col_text(s, 4));
        g->summary_en = dup(a, db_col_text(s, 5));
        g->categories = dup(a, db_col_text(s, 6));
        g->reviewed = dup(a, db_col_text(s, 7));
        g->updated_at = dup(a, db_col_text(s, 8));
        g->source = dup(a, db_col_text(s, 9));
        if (!g->source || !g->updated_at) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
    }
    if (st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

/* The holders the page's items name, each once, by guide_brief. */
static dl_err load_holders(db *d, arena *a, guide_catalog_page *out, dl_error *e)
{
    out->agents = arena_alloc(a, sizeof *out->agents * (size_t)(out->n_datasets ? out->n_datasets : 1));
    if (!out->agents) return dl_fail(e, DL_ENOMEM, "out of memory");
    for (int i = 0; i < out->n_datasets; i++) {
        content_item c;
        const char *src = out->datasets[i].source;
        char *holder = NULL;
        if (content_parse(src, strlen(src), &c)) holder = arena_strdup(a, content_get(&c, "holder"));
        content_item_free(&c);
        if (!holder || !*holder) continue;
        int seen = 0;
        for (int k = 0; k < out->n_agents && !seen; k++) seen = strcmp(out->agents[k].id, holder) == 0;
        if (seen) continue;
        dl_err rc = guide_brief(d, a, holder, &out->agents[out->n_agents], e);
        if (rc == DL_OK) out->n_agents++;
        else if (rc != DL_ENOTFOUND) return rc; /* a holder not (yet) published is left out */
    }
    return DL_OK;
}

dl_err guide_catalog_load(db *d, arena *a, const char *const types[], int offset, int limit, const char *only_id,
                          guide_catalog_page *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    int n_types = 0;
    while (types[n_types]) n_types++;
    if (n_types < 1 || n_types > 8) return dl_fail(e, DL_EINVAL, "guide_catalog_load: 1 to 8 types");
    if (only_id) limit = 1;
    if (limit < 1) return dl_fail(e, DL_EINVAL, "guide_catalog_load: a page of at least one item");
    dl_err rc = db_begin_read(d, e);
    if (rc != DL_OK) return rc;
    rc = count_items(d, types, n_types, &out->total, e);
    if (rc == DL_OK) rc = load_page(d, a, types, n_types, offset < 0 ? 0 : offset, limit, only_id, out, e);
    if (rc == DL_OK && only_id && out->n_datasets == 0) rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan datamängd.");
    if (rc == DL_OK) rc = load_holders(d, a, out, e);
    if (rc == DL_OK) {
        static const char *const law_type[] = {"law", NULL};
        out->laws = arena_alloc(a, sizeof *out->laws * CATALOG_LAWS_MAX);
        rc = out->laws ? guide_list_sources(d, a, law_type, out->laws, CATALOG_LAWS_MAX, &out->n_laws, e)
                       : dl_fail(e, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
