/* guide_facets.c — see guide_facets.h. */
#include "store/guide_facets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAM(name, param, label) param,
#define LABEL(name, param, label) label,
static const char *const params[] = {GUIDE_FACET_LIST(PARAM)};
static const char *const labels[] = {GUIDE_FACET_LIST(LABEL)};
_Static_assert(sizeof params / sizeof params[0] == GF__MAX, "one parameter per facet");

const char *guide_facet_param(guide_facet f) { return (int)f >= 0 && f < GF__MAX ? params[f] : NULL; }
const char *guide_facet_label_sv(guide_facet f) { return (int)f >= 0 && f < GF__MAX ? labels[f] : NULL; }

static dl_err add_row(db *d, const char *id, guide_facet f, const char *value, size_t len, dl_error *e)
{
    char v[256];
    if (!len || len >= sizeof v) return DL_OK; /* the file rules keep entries shorter */
    memcpy(v, value, len);
    v[len] = '\0';
    /* A region may be both the holder and related: one row (the key). */
    return db_run(d, "INSERT INTO guide_facet(seq, kind, value) SELECT seq, ?, ? FROM guide_item WHERE id = ?"
                     " ON CONFLICT DO NOTHING",
                  e, "ttt", params[f], v, id);
}

/* A holder's or related item's id, as the facets its type gives it. */
static dl_err add_item_rows(db *d, const char *id, const char *value, size_t len, int is_holder, dl_error *e)
{
    char v[256], type[40] = "";
    if (!len || len >= sizeof v) return DL_OK;
    memcpy(v, value, len);
    v[len] = '\0';
    db_stmt *s = db_prepare(d, "SELECT type FROM guide_item WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, v);
    int st = db_step(s, e);
    if (st == DB_ROW) snprintf(type, sizeof type, "%s", db_col_text(s, 0));
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    dl_err rc = is_holder ? add_row(d, id, GF_HOLDER, v, len, e) : DL_OK;
    if (rc == DL_OK && strcmp(type, "region") == 0) rc = add_row(d, id, GF_REGION, v, len, e);
    if (rc == DL_OK && !is_holder && strcmp(type, "data-type") == 0) rc = add_row(d, id, GF_DATA_TYPE, v, len, e);
    if (rc == DL_OK && !is_holder && strcmp(type, "law") == 0) rc = add_row(d, id, GF_LAW, v, len, e);
    return rc;
}

dl_err guide_facets_set_in_tx(db *d, const char *id, const content_item *it, dl_error *e)
{
    dl_err rc = db_run(d, "DELETE FROM guide_facet WHERE seq = (SELECT seq FROM guide_item WHERE id = ?)", e, "t", id);
    const char *p, *entry;
    size_t len;
    p = content_get(it, "categories");
    while (rc == DL_OK && p && content_list_next(&p, &entry, &len)) rc = add_row(d, id, GF_CATEGORY, entry, len, e);
    const char *holder = content_get(it, "holder");
    if (rc == DL_OK && holder) rc = add_item_rows(d, id, holder, strlen(holder), 1, e);
    p = content_get(it, "related");
    while (rc == DL_OK && p && content_list_next(&p, &entry, &len)) rc = add_item_rows(d, id, entry, len, 0, e);
    return rc;
}

dl_err guide_facets_rebuild_in_tx(db *d, dl_error *e)
{
    dl_err rc = db_run(d, "DELETE FROM guide_facet", e, "");
    db_stmt *s = rc == DL_OK ? db_prepare(d, "SELECT i.id, v.source FROM guide_item i JOIN guide_version v"
                                             " ON v.item_id = i.id AND v.version = i.published_version"
                                             " WHERE i.published_version > 0 ORDER BY i.seq", e)
                             : NULL;
    if (rc == DL_OK && !s) return e->code;
    /* Read them all first: one statement at a time on a connection. */
    size_t n = 0, cap = 0;
    struct pending { char *id, *source; } *items = NULL;
    int st;
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            struct pending *grown = realloc(items, ncap * sizeof *grown);
            if (!grown) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            items = grown;
            cap = ncap;
        }
        items[n].id = strdup(db_col_text(s, 0));
        items[n].source = strdup(db_col_text(s, 1));
        if (!items[n].id || !items[n].source) {
            free(items[n].id);
            free(items[n].source);
            rc = dl_fail(e, DL_ENOMEM, "out of memory");
            break;
        }
        n++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    if (s) db_stmt_done(s);
    for (size_t i = 0; i < n; i++) {
        content_item it = {0};
        if (rc == DL_OK && content_parse(items[i].source, strlen(items[i].source), &it))
            rc = guide_facets_set_in_tx(d, items[i].id, &it, e);
        content_item_free(&it);
        free(items[i].id);
        free(items[i].source);
    }
    free(items);
    return rc;
}

int guide_facets_key_in(const char *const filter[GF__MAX], strbuf *sb)
{
    int n = 0;
    for (int f = 0; f < GF__MAX; f++) {
        if (!filter[f] || !*filter[f]) continue;
        sb_puts(sb, n ? " INTERSECT " : "(");
        sb_puts(sb, "SELECT seq FROM guide_facet WHERE kind = ? AND value = ?");
        n++;
    }
    if (n) sb_putc(sb, ')');
    return n;
}

void guide_facets_bind(db_stmt *s, int *p, const char *const filter[GF__MAX])
{
    for (int f = 0; f < GF__MAX; f++) {
        if (!filter[f] || !*filter[f]) continue;
        db_bind_text(s, (*p)++, params[f]);
        db_bind_text(s, (*p)++, filter[f]);
    }
}

static int facet_of(const char *kind)
{
    for (int f = 0; f < GF__MAX; f++)
        if (strcmp(params[f], kind) == 0) return f;
    return -1;
}

dl_err guide_facets_count(db *d, arena *a, const char *hits_sql, guide_bind_fn bind, const void *ctx,
                          guide_facet_counts *out, dl_error *e)
{
    memset(out->n, 0, sizeof out->n);
    strbuf sql;
    sb_init(&sql, 512);
    /* Grouped first, so that only the values' items are read for titles. */
    sb_puts(&sql, "SELECT c.kind, c.value, COALESCE(g.title, ''), COALESCE(g.title_en, ''), c.n FROM"
                  " (SELECT f.kind, f.value, COUNT(*) AS n FROM (");
    sb_puts(&sql, hits_sql);
    sb_puts(&sql, ") h JOIN guide_facet f ON f.seq = h.hit GROUP BY f.kind, f.value) c"
                  " LEFT JOIN guide_item g ON g.id = c.value AND c.kind <> 'category'"
                  " ORDER BY c.kind, c.n DESC, c.value");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    if (bind) bind(s, &p, ctx);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        int f = facet_of(db_col_text(s, 0));
        if (f < 0 || out->n[f] >= GUIDE_FACET_VALUES_MAX) continue;
        guide_facet_value *v = &out->values[f][out->n[f]];
        v->value = arena_strdup(a, db_col_text(s, 1));
        v->title = arena_strdup(a, db_col_text(s, 2));
        v->title_en = arena_strdup(a, db_col_text(s, 3));
        v->count = (int)db_col_int(s, 4);
        if (!v->value || !v->title || !v->title_en) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        out->n[f]++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err guide_facet_totals(db *d, arena *a, guide_facet f, const char *const types[], guide_facet_value *out, int max,
                          int *n, dl_error *e)
{
    *n = 0;
    int n_types = 0;
    while (types[n_types]) n_types++;
    if (n_types < 1 || n_types > 8 || (int)f < 0 || f >= GF__MAX)
        return dl_fail(e, DL_EINVAL, "guide_facet_totals: a facet and 1 to 8 types");
    strbuf sql;
    sb_init(&sql, 256);
    sb_puts(&sql, "SELECT f.value, COUNT(*) FROM guide_facet f JOIN guide_item i ON i.seq = f.seq"
                  " WHERE f.kind = ? AND i.published_version > 0 AND i.type IN (?");
    for (int k = 1; k < n_types; k++) sb_puts(&sql, ", ?");
    sb_puts(&sql, ") GROUP BY f.value ORDER BY COUNT(*) DESC, f.value");
    db_stmt *s = sql.oom ? NULL : db_prepare(d, sb_cstr(&sql), e);
    dl_err rc = s ? DL_OK : sql.oom ? dl_fail(e, DL_ENOMEM, "out of memory") : e->code;
    sb_free(&sql);
    if (!s) return rc;
    db_bind_text(s, 1, params[f]);
    for (int k = 0; k < n_types; k++) db_bind_text(s, k + 2, types[k]);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        guide_facet_value *v = &out[(*n)++];
        v->value = arena_strdup(a, db_col_text(s, 0));
        v->title = v->title_en = "";
        v->count = (int)db_col_int(s, 1);
        if (!v->value) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}
