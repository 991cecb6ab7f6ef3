/* obstacle_register.c — see obstacle_register.h. A statement's text is
 * made of fixed fragments, one per filter set (so at most a few dozen texts
 * are ever prepared and cached); every value is a bound parameter. */
#include "store/obstacle_register.h"
#include "store/obstacle_steps.h"

#include <stdio.h>
#include <stdlib.h>
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
    if (total) *total = 0;
    if (limit < 1 || limit > 100 || offset < 0) return dl_fail(e, DL_EINVAL, "obstacle_register_list: limit 1..100");
    binds b = {.n = 0};
    strbuf cond;
    sb_init(&cond, 256);
    if (where(&cond, a, f, OF__MAX, &b) != 0) { sb_free(&cond); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    strbuf sql;
    db_stmt *s;
    if (total) {
        sb_init(&sql, 512);
        sb_puts(&sql, "SELECT COUNT(*) FROM obstacle o WHERE o.published_at <> ''");
        sb_puts(&sql, sb_cstr(&cond));
        if (!(s = prepare(d, &sql, &b, e))) { sb_free(&cond); return e->code; }
        int st = db_step(s, e);
        if (st == DB_ROW) *total = db_col_int(s, 0);
        db_stmt_done(s);
        if (st != DB_ROW) { sb_free(&cond); return st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "no count"); }
        if (*total <= offset) { sb_free(&cond); return DL_OK; }
    }
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

/* The counts per value: ONE scan of the published rows (the word, when
 * given, applied in it) reading the five filter columns, summed here for
 * each dimension over the rows that match the other filters. Five GROUP
 * BYs (one a dimension) read the table five times, and one GROUP BY of all
 * five sorts its rows into thousands of groups: with 50,000 obstacles each
 * took several times this one's 30 ms. */
static int matches(const char *const want[OF__MAX], const char *const v[OF__MAX], int skip)
{
    for (int k = 0; k < OF__MAX; k++)
        if (k != skip && set(want[k]) && strcmp(want[k], v[k]) != 0) return 0;
    return 1;
}

/* Adds n to value's row of dimension dim (a new row at the end when none). */
static int add_count(arena *a, obstacle_register_facets *out, int cap[OF__MAX], int dim, const char *value, int64_t n)
{
    for (int i = 0; i < out->n_rows[dim]; i++)
        if (strcmp(out->rows[dim][i].value, value) == 0) { out->rows[dim][i].n += n; return 0; }
    if (out->n_rows[dim] == cap[dim]) {
        int more = cap[dim] ? cap[dim] * 2 : 16;
        obstacle_facet *rows = arena_alloc(a, sizeof *rows * (size_t)more);
        if (!rows) return -1;
        if (out->n_rows[dim]) memcpy(rows, out->rows[dim], sizeof *rows * (size_t)out->n_rows[dim]);
        out->rows[dim] = rows;
        cap[dim] = more;
    }
    obstacle_facet *r = &out->rows[dim][out->n_rows[dim]++];
    r->value = arena_strdup(a, value);
    r->label = "";
    r->n = n;
    return r->value ? 0 : -1;
}

static int by_value(const void *x, const void *y)
{
    return strcmp(((const obstacle_facet *)x)->value, ((const obstacle_facet *)y)->value);
}
static int by_count_then_value(const void *x, const void *y)
{
    const obstacle_facet *p = x, *q = y;
    if (p->n != q->n) return p->n > q->n ? -1 : 1;
    return strcmp(p->value, q->value);
}

/* The laws' titles, from the guide. */
static dl_err law_titles(db *d, arena *a, obstacle_register_facets *out, dl_error *e)
{
    for (int i = 0; i < out->n_rows[OF_LAW]; i++) {
        obstacle_facet *r = &out->rows[OF_LAW][i];
        if (!*r->value) continue;
        db_stmt *s = db_prepare(d, "SELECT title FROM guide_item WHERE id = ?", e);
        if (!s) return e->code;
        db_bind_text(s, 1, r->value);
        int st = db_step(s, e);
        if (st == DB_ROW) r->label = arena_strdup(a, db_col_text(s, 0));
        db_stmt_done(s);
        if (st == DB_ERROR) return e->code;
        if (!r->label) return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    return DL_OK;
}

dl_err obstacle_register_facets_load(db *d, arena *a, const obstacle_register_filter *f,
                                     obstacle_register_facets *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    char year[16] = "";
    if (f->year) snprintf(year, sizeof year, "%04d", f->year);
    const char *want[OF__MAX] = {f->category, f->actor_type, f->state, f->law_id, year};
    obstacle_register_filter word_only = {.q = f->q};
    binds b = {.n = 0};
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT o.category, o.actor_type, o.state, o.law_id, SUBSTR(o.created_at, 1, 4)"
                  " FROM obstacle o WHERE o.published_at <> ''");
    if (where(&sql, a, &word_only, OF__MAX, &b) != 0) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = prepare(d, &sql, &b, e);
    if (!s) return e->code;
    int cap[OF__MAX] = {0}, st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *v[OF__MAX];
        for (int k = 0; k < OF__MAX; k++) v[k] = db_col_text(s, k);
        int64_t n = 1;
        if (matches(want, v, OF__MAX)) out->total += n;
        for (int dim = 0; dim < OF__MAX; dim++)
            if (matches(want, v, dim) && add_count(a, out, cap, dim, v[dim], n) != 0) {
                rc = dl_fail(e, DL_ENOMEM, "out of memory");
                break;
            }
        if (rc != DL_OK) break;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    if (rc != DL_OK) return rc;
    for (int dim = 0; dim < OF__MAX; dim++)
        if (out->n_rows[dim])
            qsort(out->rows[dim], (size_t)out->n_rows[dim], sizeof *out->rows[dim],
                  dim == OF_LAW ? by_count_then_value : by_value);
    return law_titles(d, a, out, e);
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
    *n = 0;
    steps[(*n)++] = (obstacle_public_step){o->created_at, "received"};
    /* The lifecycle's public steps (store/obstacle_steps.h): the state each
     * came to and when — never their notes, which no one has redacted. */
    obstacle_step_rec *rows = arena_alloc(a, sizeof *rows * OBSTACLE_HISTORY_MAX);
    int n_rows = 0;
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = obstacle_history(d, a, o->id, 1, rows, OBSTACLE_HISTORY_MAX, &n_rows, e);
    if (rc != DL_OK) return rc;
    int published = !(o->published_at && *o->published_at);
    for (int i = 0; i < n_rows && *n < OBSTACLE_PUBLIC_STEPS_MAX - 1; i++) {
        if (rows[i].obstacle_id != o->id) continue; /* a merged duplicate's step */
        if (!published && strcmp(o->published_at, rows[i].at) < 0) {
            steps[(*n)++] = (obstacle_public_step){o->published_at, "published"};
            published = 1;
        }
        steps[(*n)++] = (obstacle_public_step){rows[i].at, obstacle_state_key(rows[i].to)};
    }
    if (!published) steps[(*n)++] = (obstacle_public_step){o->published_at, "published"};
    return DL_OK;
}
