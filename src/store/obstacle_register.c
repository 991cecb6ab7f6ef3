/* obstacle_register.c — see obstacle_register.h. A statement's text is
 * made of fixed fragments, one per filter set (so at most a few dozen texts
 * are ever prepared and cached); every value is a bound parameter. */
#include "store/obstacle_register.h"

#include <stdio.h>
#include <string.h>

#include "core/strbuf.h"

/* The columns the public may see — the only ones this file reads (the
 * list: the public text's first 400 characters, enough for its lines). */
#define PUBLIC_COLUMNS                                                                                           \
    "o.id, o.created_at, o.published_at, o.state, o.category, o.actor_type, o.consequence, o.law_id,"           \
    " COALESCE(g.title, ''), SUBSTR(o.public_text, 1, 400), o.public_suggestion"
#define FROM_PUBLISHED " FROM obstacle o LEFT JOIN guide_item g ON g.id = o.law_id WHERE o.published_at <> ''"
#define BINDS_MAX 8

typedef struct binds {
    const char *v[BINDS_MAX];
    int n;
} binds;

/* The LIKE pattern of q: lower-cased A–Z, '%', '_' and '!' escaped with
 * '!', between '%'s. */
static const char *like_pattern(arena *a, const char *q)
{
    size_t n = strlen(q);
    char *p = arena_alloc(a, n * 2 + 3);
    if (!p) return NULL;
    size_t k = 0;
    p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        char c = q[i];
        if (c == '%' || c == '_' || c == '!') p[k++] = '!';
        p[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    p[k++] = '%';
    p[k] = '\0';
    return p;
}

static int set(const char *s) { return s && *s; }

/* The conditions of f but the one of dimension skip (OF__MAX: none), after
 * FROM_PUBLISHED; their values into b. -1 when out of memory. */
static int where(strbuf *sql, arena *a, const obstacle_register_filter *f, int skip, binds *b)
{
    if (set(f->category) && skip != OF_CATEGORY) { sb_puts(sql, " AND o.category = ?"); b->v[b->n++] = f->category; }
    if (set(f->actor_type) && skip != OF_ACTOR_TYPE) {
        sb_puts(sql, " AND o.actor_type = ?");
        b->v[b->n++] = f->actor_type;
    }
    if (set(f->state) && skip != OF_STATE) { sb_puts(sql, " AND o.state = ?"); b->v[b->n++] = f->state; }
    if (set(f->law_id) && skip != OF_LAW) { sb_puts(sql, " AND o.law_id = ?"); b->v[b->n++] = f->law_id; }
    if (f->year && skip != OF_YEAR) {
        sb_puts(sql, " AND o.created_at >= ? AND o.created_at < ?");
        b->v[b->n++] = arena_printf(a, "%04d-01-01", f->year);
        b->v[b->n++] = arena_printf(a, "%04d-01-01", f->year + 1);
        if (!b->v[b->n - 1] || !b->v[b->n - 2]) return -1;
    }
    if (set(f->q)) {
        sb_puts(sql, " AND LOWER(o.public_text) LIKE ? ESCAPE '!'");
        if (!(b->v[b->n++] = like_pattern(a, f->q))) return -1;
    }
    return sql->oom ? -1 : 0;
}

static db_stmt *prepare(db *d, strbuf *sql, const binds *b, dl_error *e)
{
    if (sql->oom) { sb_free(sql); dl_fail(e, DL_ENOMEM, "out of memory"); return NULL; }
    db_stmt *s = db_prepare(d, sb_cstr(sql), e);
    sb_free(sql);
    if (!s) return NULL;
    for (int i = 0; i < b->n; i++) db_bind_text(s, i + 1, b->v[i]);
    return s;
}

static const char *dup(arena *a, db_stmt *s, int col, int *oom)
{
    const char *v = arena_strdup(a, db_col_text(s, col));
    if (!v) *oom = 1;
    return v;
}

static int read_row(arena *a, db_stmt *s, obstacle_public *o)
{
    int oom = 0;
    o->id = db_col_int(s, 0);
    o->created_at = dup(a, s, 1, &oom);
    o->published_at = dup(a, s, 2, &oom);
    o->state = dup(a, s, 3, &oom);
    o->category = dup(a, s, 4, &oom);
    o->actor_type = dup(a, s, 5, &oom);
    o->consequence = dup(a, s, 6, &oom);
    o->law_id = dup(a, s, 7, &oom);
    o->law_title = dup(a, s, 8, &oom);
    o->public_text = dup(a, s, 9, &oom);
    o->public_suggestion = dup(a, s, 10, &oom);
    return oom ? -1 : 0;
}

/* Steps s, reading up to max rows into rows; DL_OK at the end. */
static dl_err read_rows(arena *a, db_stmt *s, obstacle_public *rows, int max, int *n, dl_error *e)
{
    int st = DB_DONE;
    dl_err rc = DL_OK;
    *n = 0;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) {
        if (read_row(a, s, &rows[*n]) != 0) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        (*n)++;
    }
    if (rc == DL_OK && *n < max && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err obstacle_register_list(db *d, arena *a, const obstacle_register_filter *f, int limit, int64_t offset,
                              obstacle_public *rows, int *n, int64_t *total, dl_error *e)
{
    *n = 0;
    *total = 0;
    if (limit < 1 || limit > 100 || offset < 0) return dl_fail(e, DL_EINVAL, "obstacle_register_list: limit 1..100");
    binds b = {.n = 0};
    strbuf cond;
    sb_init(&cond, 256);
    if (where(&cond, a, f, OF__MAX, &b) != 0) { sb_free(&cond); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT COUNT(*) FROM obstacle o WHERE o.published_at <> ''");
    sb_puts(&sql, sb_cstr(&cond));
    db_stmt *s = prepare(d, &sql, &b, e);
    if (!s) { sb_free(&cond); return e->code; }
    int st = db_step(s, e);
    if (st == DB_ROW) *total = db_col_int(s, 0);
    db_stmt_done(s);
    if (st != DB_ROW) { sb_free(&cond); return st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "no count"); }
    if (*total <= offset) { sb_free(&cond); return DL_OK; }

    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT " PUBLIC_COLUMNS FROM_PUBLISHED);
    sb_puts(&sql, sb_cstr(&cond));
    sb_free(&cond);
    sb_puts(&sql, " ORDER BY o.id DESC LIMIT ? OFFSET ?");
    s = prepare(d, &sql, &b, e);
    if (!s) return e->code;
    db_bind_int(s, b.n + 1, limit);
    db_bind_int(s, b.n + 2, offset);
    return read_rows(a, s, rows, limit, n, e);
}

dl_err obstacle_register_get(db *d, arena *a, int64_t id, obstacle_public *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT o.id, o.created_at, o.published_at, o.state, o.category, o.actor_type,"
                               " o.consequence, o.law_id, COALESCE(g.title, ''), o.public_text, o.public_suggestion"
                               FROM_PUBLISHED " AND o.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int n = 0;
    dl_err rc = read_rows(a, s, out, 1, &n, e);
    if (rc == DL_OK && n == 0) rc = dl_fail(e, DL_ENOTFOUND, "Hindret finns inte i det publika registret.");
    return rc;
}

dl_err obstacle_register_newest(db *d, arena *a, int limit, obstacle_public *rows, int *n, dl_error *e)
{
    *n = 0;
    if (limit < 1 || limit > 100) return dl_fail(e, DL_EINVAL, "obstacle_register_newest: limit 1..100");
    db_stmt *s = db_prepare(d, "SELECT o.id, o.created_at, o.published_at, o.state, o.category, o.actor_type,"
                               " o.consequence, o.law_id, COALESCE(g.title, ''), o.public_text, o.public_suggestion"
                               FROM_PUBLISHED " ORDER BY o.published_at DESC, o.id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, limit);
    return read_rows(a, s, rows, limit, n, e);
}

/* What each dimension groups by. */
static const char *const facet_expr[OF__MAX] = {
    [OF_CATEGORY] = "o.category", [OF_ACTOR_TYPE] = "o.actor_type", [OF_STATE] = "o.state",
    [OF_LAW] = "o.law_id",        [OF_YEAR] = "SUBSTR(o.created_at, 1, 4)",
};

static dl_err load_facet(db *d, arena *a, const obstacle_register_filter *f, int dim, obstacle_register_facets *out,
                         dl_error *e)
{
    binds b = {.n = 0};
    strbuf sql;
    sb_init(&sql, 512);
    if (dim == OF_LAW) sb_puts(&sql, "SELECT x.v, COALESCE(g.title, ''), x.n FROM (");
    sb_puts(&sql, "SELECT ");
    sb_puts(&sql, facet_expr[dim]);
    sb_puts(&sql, " AS v, COUNT(*) AS n FROM obstacle o WHERE o.published_at <> ''");
    if (where(&sql, a, f, dim, &b) != 0) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    sb_puts(&sql, " GROUP BY ");
    sb_puts(&sql, facet_expr[dim]);
    if (dim == OF_LAW) sb_puts(&sql, ") x LEFT JOIN guide_item g ON g.id = x.v ORDER BY x.n DESC, x.v");
    else sb_puts(&sql, " ORDER BY 1");
    db_stmt *s = prepare(d, &sql, &b, e);
    if (!s) return e->code;
    int cap = 16, st = DB_DONE;
    obstacle_facet *rows = arena_alloc(a, sizeof *rows * (size_t)cap);
    int n = 0;
    dl_err rc = rows ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        if (n == cap) {
            obstacle_facet *more = arena_alloc(a, sizeof *more * (size_t)cap * 2);
            if (!more) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            memcpy(more, rows, sizeof *rows * (size_t)n);
            rows = more;
            cap *= 2;
        }
        int oom = 0;
        rows[n].value = dup(a, s, 0, &oom);
        rows[n].label = dim == OF_LAW ? dup(a, s, 1, &oom) : "";
        rows[n].n = db_col_int(s, dim == OF_LAW ? 2 : 1);
        if (oom) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        n++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    out->rows[dim] = rows;
    out->n_rows[dim] = rc == DL_OK ? n : 0;
    return rc;
}

dl_err obstacle_register_facets_load(db *d, arena *a, const obstacle_register_filter *f,
                                     obstacle_register_facets *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    dl_err rc = DL_OK;
    for (int dim = 0; rc == DL_OK && dim < OF__MAX; dim++) rc = load_facet(d, a, f, dim, out, e);
    return rc;
}

/* The public history. The schema of today records only when an obstacle
 * was received and when it was published, so these are its two steps.
 * TODO(lead, after the lifecycle merge): read obstacle_step (migration
 * 0025) rows with public = 1 here, oldest first, between the two — the
 * callers (handlers/obstacle_register.c) already take any number of steps
 * whose "what" is a state key. */
dl_err obstacle_register_history(db *d, arena *a, const obstacle_public *o, obstacle_public_step *steps, int *n,
                                 dl_error *e)
{
    (void)d;
    (void)a;
    (void)e;
    *n = 0;
    steps[(*n)++] = (obstacle_public_step){o->created_at, "received"};
    if (o->published_at && *o->published_at) steps[(*n)++] = (obstacle_public_step){o->published_at, "published"};
    return DL_OK;
}
