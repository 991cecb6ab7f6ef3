/* guide.c — the knowledge guide in the store; see guide.h. */
#include "store/guide.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/strbuf.h"
#include "crypto/token.h"
#include "db/dialect.h"
#include "store/guide_facets.h"
#include "store/guide_rows.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct check_ctx {
    guide_problem_fn problem;
    void *ctx;
    int n;
};

static void count_problem(void *ctx, const char *path, int line, const char *msg)
{
    struct check_ctx *c = ctx;
    c->n++;
    if (c->problem) c->problem(c->ctx, path, line, msg);
}

static const char *field(const content_item *it, const char *key)
{
    const char *v = content_get(it, key);
    return v ? v : "";
}

/* Inside the transaction: one file's item, added, changed or unchanged. */
static dl_err import_one(db *d, const guide_file *f, const content_item *it, const char *now, const audit_actor *who,
                         guide_import_report *rep, dl_error *e)
{
    char sha[TOKEN_HEX_SIZE];
    sha256_hex(f->text, f->len, sha);
    const char *id = field(it, "id");
    int64_t latest = 0;
    char old_sha[TOKEN_HEX_SIZE] = "";
    db_stmt *s = db_prepare(d, "SELECT i.latest_version, v.sha256 FROM guide_item i"
                               " JOIN guide_version v ON v.item_id = i.id AND v.version = i.latest_version WHERE i.id = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        latest = db_col_int(s, 0);
        snprintf(old_sha, sizeof old_sha, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (latest && strcmp(old_sha, sha) == 0) { rep->unchanged++; return DL_OK; }
    int64_t v = latest + 1;
    dl_err rc = DL_OK;
    if (!latest) {
        rc = db_run(d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories, reviewed,"
                       " responsible, body, latest_version, published_version, updated_at)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    e, "tttttttttttiit", id, f->area, field(it, "type"), field(it, "title"), field(it, "title_en"),
                    field(it, "summary"), field(it, "summary_en"), field(it, "categories"), field(it, "reviewed"),
                    field(it, "responsible"), it->body ? it->body : "", v, v, now);
        if (rc == DL_OK) rep->added++;
    } else {
        rc = db_run(d, "UPDATE guide_item SET area = ?, type = ?, title = ?, title_en = ?, summary = ?, summary_en = ?,"
                       " categories = ?, reviewed = ?, responsible = ?, body = ?, latest_version = ?, published_version = ?,"
                       " updated_at = ? WHERE id = ?",
                    e, "ttttttttttiitt", f->area, field(it, "type"), field(it, "title"), field(it, "title_en"),
                    field(it, "summary"), field(it, "summary_en"), field(it, "categories"), field(it, "reviewed"),
                    field(it, "responsible"), it->body ? it->body : "", v, v, now, id);
        if (rc == DL_OK) rep->changed++;
    }
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO guide_version(item_id, version, source, sha256, origin, created_at, created_by)"
                       " VALUES (?, ?, ?, ?, 'import', ?, NULLIF(?, 0))",
                    e, "tittti", id, v, f->text, sha, now, who ? who->user_id : (int64_t)0);
    return rc;
}

dl_err guide_import(db *d, const guide_file *files, size_t n, const char *today, const audit_actor *who,
                    guide_problem_fn problem, void *ctx, guide_import_report *report, dl_error *e)
{
    memset(report, 0, sizeof *report);
    content_item *items = dl_calloc(n ? n : 1, sizeof *items);
    if (!items) return dl_fail(e, DL_ENOMEM, "out of memory");
    struct check_ctx cc = {problem, ctx, 0};
    for (size_t i = 0; i < n; i++)
        content_check_item(files[i].path, files[i].stem, files[i].text, files[i].len, today, &items[i], count_problem, &cc);
    content_check_set(items, n, count_problem, &cc);
    report->problems = cc.n;
    dl_err rc = DL_OK;
    if (cc.n) rc = dl_fail(e, DL_EINVAL, "%d problem%s in the files; nothing was imported", cc.n, cc.n == 1 ? "" : "s");
    if (rc == DL_OK) rc = db_begin(d, e);
    if (rc == DL_OK) {
        char now[32];
        clock_iso_utc(clock_now(), now);
        for (size_t i = 0; i < n && rc == DL_OK; i++) rc = import_one(d, &files[i], &items[i], now, who, report, e);
        char detail[96];
        snprintf(detail, sizeof detail, "added %d, changed %d, unchanged %d", report->added, report->changed,
                 report->unchanged);
        if (rc == DL_OK) rc = guide_facets_rebuild_in_tx(d, e);
        if (rc == DL_OK) rc = audit_append(d, who, "guide.import", "guide", "", NULL, NULL, detail, e);
        if (rc == DL_OK) rc = db_commit(d, e);
        else db_rollback(d);
        if (rc != DL_OK) memset(report, 0, sizeof *report);
    }
    for (size_t i = 0; i < n; i++) content_item_free(&items[i]);
    dl_free(items);
    return rc;
}

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err guide_published_sources(db *d, arena *a, guide_source **out, size_t *n, dl_error *e)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    dl_err rc = db_begin_read(d, e);
    if (rc != DL_OK) return rc;
    rc = db_query_int(d, "SELECT COUNT(*) FROM guide_item", &count, e, "");
    guide_source *v = rc == DL_OK ? arena_alloc(a, sizeof *v * (size_t)(count ? count : 1)) : NULL;
    if (rc == DL_OK && !v) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = rc == DL_OK ? db_prepare(d, "SELECT i.id, i.area, v.source FROM guide_item i JOIN guide_version v"
                                             " ON v.item_id = i.id AND v.version = i.published_version ORDER BY i.id", e)
                             : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        int st;
        while ((st = db_step(s, e)) == DB_ROW && (int64_t)*n < count) {
            guide_source *g = &v[(*n)++];
            g->id = dup(a, db_col_text(s, 0));
            g->area = dup(a, db_col_text(s, 1));
            g->source = dup(a, db_col_text(s, 2));
            if (!g->id || !g->area || !g->source) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        }
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    db_rollback(d); /* a read-only transaction: one snapshot for the count and the rows */
    if (rc == DL_OK) *out = v;
    else *n = 0;
    return rc;
}

void guide_read_item(db_stmt *s, arena *a, guide_item *g)
{
    memset(g, 0, sizeof *g);
    g->id = dup(a, db_col_text(s, 0));
    g->area = dup(a, db_col_text(s, 1));
    g->type = dup(a, db_col_text(s, 2));
    g->title = dup(a, db_col_text(s, 3));
    g->title_en = dup(a, db_col_text(s, 4));
    g->summary = dup(a, db_col_text(s, 5));
    g->summary_en = dup(a, db_col_text(s, 6));
    g->categories = dup(a, db_col_text(s, 7));
    g->reviewed = dup(a, db_col_text(s, 8));
    g->responsible = dup(a, db_col_text(s, 9));
    g->published_version = db_col_int(s, 10);
    g->latest_version = db_col_int(s, 11);
    g->updated_at = dup(a, db_col_text(s, 12));
}

dl_err guide_get(db *d, arena *a, const char *id, guide_item *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " ITEM_COLS ", v.source FROM guide_item i JOIN guide_version v"
                               " ON v.item_id = i.id AND v.version = i.published_version WHERE i.id = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        guide_read_item(s, a, out);
        out->source = dup(a, db_col_text(s, 13));
        if (!out->source || !out->id) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else {
        rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan sida i guiden.") : e->code;
    }
    db_stmt_done(s);
    return rc;
}

dl_err guide_list(db *d, arena *a, const guide_filter *f, guide_item *out, int max, int *n, dl_error *e)
{
    *n = 0;
    int by_type = f->type && *f->type, by_cat = f->category && *f->category;
    /* Assembled from constant pieces; every value is bound. */
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT " ITEM_COLS " FROM guide_item i WHERE i.published_version > 0"); /* harvested drafts: store/harvest.h */
    if (by_type) sb_puts(&sql, " AND i.type = ?");
    if (by_cat) sb_puts(&sql, " AND (', ' || i.categories || ',') LIKE ('%, ' || ? || ',%')");
    sb_puts(&sql, f->by_date ? " ORDER BY i.reviewed DESC, i.title" : " ORDER BY i.title");
    sb_puts(&sql, " LIMIT ? OFFSET ?");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    if (by_type) db_bind_text(s, p++, f->type);
    if (by_cat) db_bind_text(s, p++, f->category);
    db_bind_int(s, p++, max);
    db_bind_int(s, p, f->offset > 0 ? f->offset : 0);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) guide_read_item(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* The rows of s (ITEM_COLS, then the source) into out, and s done. */
static dl_err read_with_sources(db_stmt *s, arena *a, guide_item *out, int max, int *n, dl_error *e)
{
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        guide_item *g = &out[(*n)++];
        guide_read_item(s, a, g);
        g->source = dup(a, db_col_text(s, 13));
        if (!g->source || !g->id) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
    }
    if (st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    if (rc != DL_OK) *n = 0;
    return rc;
}

dl_err guide_list_sources(db *d, arena *a, const char *const types[], guide_item *out, int max, int *n, dl_error *e)
{
    *n = 0;
    int n_types = 0;
    while (types[n_types]) n_types++;
    if (n_types < 1 || n_types > 8) return dl_fail(e, DL_EINVAL, "guide_list_sources: 1 to 8 types");
    /* Constant pieces; every value is bound. */
    strbuf sql;
    sb_init(&sql, 256);
    sb_puts(&sql, "SELECT " ITEM_COLS ", v.source FROM guide_item i JOIN guide_version v"
                  " ON v.item_id = i.id AND v.version = i.published_version WHERE i.published_version > 0 AND i.type IN (?");
    for (int k = 1; k < n_types; k++) sb_puts(&sql, ", ?");
    sb_puts(&sql, ") ORDER BY i.title, i.id");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    for (int k = 0; k < n_types; k++) db_bind_text(s, k + 1, types[k]);
    return read_with_sources(s, a, out, max, n, e);
}

const char *const guide_holding_types[] = {"register", "quality-register", "dataset", "biobank", NULL};
_Static_assert(sizeof guide_holding_types / sizeof guide_holding_types[0] == 5, "guide_holdings binds four types");

dl_err guide_holdings(db *d, arena *a, const char *holder_id, guide_item *out, int max, int *n, dl_error *e)
{
    *n = 0;
    /* The holder's facet rows (store/guide_facets.h) name its items: no
     * item's source is read to find them. */
    db_stmt *s = db_prepare(d, "SELECT " ITEM_COLS ", v.source FROM guide_facet f JOIN guide_item i ON i.seq = f.seq"
                               " JOIN guide_version v ON v.item_id = i.id AND v.version = i.published_version"
                               " WHERE f.kind = 'holder' AND f.value = ? AND i.published_version > 0"
                               " AND i.type IN (?, ?, ?, ?) ORDER BY i.title, i.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, holder_id);
    for (int k = 0; k < 4; k++) db_bind_text(s, k + 2, guide_holding_types[k]);
    db_bind_int(s, 6, max);
    return read_with_sources(s, a, out, max, n, e);
}

dl_err guide_search_missed(db *d, const char *typed, dl_error *e)
{
    char q[201];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(typed ? typed : ""); *p && n < sizeof q - 1; p++)
        q[n++] = (char)(*p < 0x80 ? (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p) : *p);
    while (n > 0 && ((unsigned char)q[n - 1] & 0xC0) == 0x80) n--; /* not inside a character */
    if (n > 0 && (unsigned char)q[n - 1] >= 0xC0) n--;
    q[n] = '\0';
    if (!n) return DL_OK;
    char now[32];
    clock_iso_utc(clock_now(), now);
    return db_run(d, "INSERT INTO guide_search_miss(query, count, last_at) VALUES (?, 1, ?)"
                     " ON CONFLICT (query) DO UPDATE SET count = guide_search_miss.count + 1, last_at = excluded.last_at",
                  e, "tt", q, now);
}

dl_err guide_search_misses(db *d, arena *a, guide_miss *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT query, count, last_at FROM guide_search_miss ORDER BY count DESC, last_at DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        guide_miss *m = &out[(*n)++];
        m->query = dup(a, db_col_text(s, 0));
        m->count = db_col_int(s, 1);
        m->last_at = dup(a, db_col_text(s, 2));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err guide_holder_org(db *d, const char *guide_id, int64_t *org_id, dl_error *e)
{
    *org_id = 0;
    if (!guide_id || !*guide_id) return DL_OK;
    dl_err rc = db_query_int(d, "SELECT id FROM org_node WHERE guide_id = ? AND parent_id IS NULL ORDER BY id LIMIT 1",
                             org_id, e, "t", guide_id);
    return rc == DL_ENOTFOUND ? DL_OK : rc;
}

dl_err guide_count_by_type(db *d, int counts[], int64_t *total, dl_error *e)
{
    int n_types = 0;
    while (content_types[n_types]) counts[n_types++] = 0;
    *total = 0;
    db_stmt *s = db_prepare(d, "SELECT type, COUNT(*) FROM guide_item WHERE published_version > 0 GROUP BY type", e);
    if (!s) return e->code;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        *total += db_col_int(s, 1);
        for (int k = 0; k < n_types; k++)
            if (strcmp(content_types[k], db_col_text(s, 0)) == 0) counts[k] = (int)db_col_int(s, 1);
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err guide_brief(db *d, arena *a, const char *id, guide_item *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " ITEM_COLS " FROM guide_item i WHERE i.id = ? AND i.published_version > 0", e);
    if (!s) return e->code;
    db_bind_text(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) guide_read_item(s, a, out);
    else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan sida i guiden.") : e->code;
    db_stmt_done(s);
    return rc;
}
