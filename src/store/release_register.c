/* release_register.c — see release_register.h. A statement's text is made
 * of fixed fragments, one per filter set; every value is a bound parameter. */
#include "store/release_register.h"

#include <stdio.h>
#include <string.h>

#include "core/release_register.h"
#include "core/strbuf.h"

/* The only columns read (see the header): 0 id, 1 org, 2 process, 3 number,
 * 4 organisation, 5 unit, 6 applicant's organisation, 7 title, 8 purpose's
 * beginning, 9 outcome, 10 decided at, 11 variables and 12 ICD-10 (for the
 * categories only), 13 a refusal's public decision text, 14 conditions
 * (to cut them off it). */
#define PUBLIC_COLUMNS                                                                                          \
    "c.id, c.org_id, c.process, c.diary_number, COALESCE(o.name, ''), COALESCE(t.name, ''), c.applicant_org,"  \
    " c.title, SUBSTR(c.purpose, 1, 1500), c.decision_outcome, ev.at, c.variables, c.icd10,"                   \
    " COALESCE(dd.body, ''), c.decision_conditions"
/* The decisions are chosen, ordered and cut to the page in a subquery that
 * reads the index on case_event(event, at) and the case row only; the
 * names and the decision document are joined to the page's rows alone. */
#define DECIDED_WHERE                                                                                           \
    " WHERE ev.event IN ('approve', 'refuse') AND c.decision_outcome <> '' AND ev.at < ?"
#define SELECT_DECIDED                                                                                          \
    "SELECT ev.case_id AS case_id, ev.at AS at FROM case_event ev JOIN cases c ON c.id = ev.case_id" DECIDED_WHERE
#define JOIN_PUBLIC                                                                                             \
    " ev JOIN cases c ON c.id = ev.case_id"                                                                     \
    " LEFT JOIN org_node o ON o.id = c.org_id LEFT JOIN org_node t ON t.id = c.target_node_id"                 \
    " LEFT JOIN case_document dd ON dd.case_id = c.id AND dd.kind = 'decision' AND dd.confidential = 0"        \
    " AND c.decision_outcome = 'refused'"
#define COUNT_DECIDED "SELECT COUNT(*) FROM case_event ev JOIN cases c ON c.id = ev.case_id" DECIDED_WHERE
#define BINDS_MAX 8

/* The values of a statement in order: text, or a number when v is NULL. */
typedef struct binds {
    const char *v[BINDS_MAX];
    int64_t num[BINDS_MAX];
    int n;
} binds;

static int set(const char *s) { return s && *s; }

/* The LIKE pattern of q: lower-cased A–Z, '%', '_' and '!' escaped with '!'. */
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

/* The conditions of f after the cut-off's; values into b (the cut-off first). */
static int where(strbuf *sql, arena *a, const release_register_filter *f, binds *b)
{
    b->v[b->n++] = f->before;
    if (set(f->outcome)) { sb_puts(sql, " AND c.decision_outcome = ?"); b->v[b->n++] = f->outcome; }
    if (f->org_id) {
        sb_puts(sql, " AND c.org_id = ?");
        b->num[b->n] = f->org_id;
        b->v[b->n++] = NULL;
    }
    if (set(f->from)) { sb_puts(sql, " AND ev.at >= ?"); b->v[b->n++] = f->from; }
    if (set(f->to)) { sb_puts(sql, " AND ev.at < ?"); b->v[b->n++] = f->to; }
    if (set(f->q)) {
        const char *p = like_pattern(a, f->q);
        if (!p) return -1;
        sb_puts(sql, " AND (LOWER(c.title) LIKE ? ESCAPE '!' OR LOWER(c.applicant_org) LIKE ? ESCAPE '!'"
                     " OR LOWER(c.diary_number) LIKE ? ESCAPE '!')");
        b->v[b->n++] = p;
        b->v[b->n++] = p;
        b->v[b->n++] = p;
    }
    return sql->oom ? -1 : 0;
}

static db_stmt *prepare(db *d, strbuf *sql, const binds *b, dl_error *e)
{
    if (sql->oom) { sb_free(sql); dl_fail(e, DL_ENOMEM, "out of memory"); return NULL; }
    db_stmt *s = db_prepare(d, sb_cstr(sql), e);
    sb_free(sql);
    if (!s) return NULL;
    for (int i = 0; i < b->n; i++) {
        if (b->v[i]) db_bind_text(s, i + 1, b->v[i]);
        else db_bind_int(s, i + 1, b->num[i]);
    }
    return s;
}

/* The reasons of a decision text: its body without the conditions that
 * case_transition() appended after a blank line. */
static const char *reasons_of(arena *a, const char *body, const char *conditions)
{
    size_t nb = strlen(body), nc = strlen(conditions);
    if (nc && nb >= nc + 2 && strcmp(body + nb - nc, conditions) == 0 && memcmp(body + nb - nc - 2, "\n\n", 2) == 0)
        return arena_strndup(a, body, nb - nc - 2);
    return arena_strdup(a, body);
}

static int read_row(arena *a, db_stmt *s, release_public *r)
{
    r->id = db_col_int(s, 0);
    r->org_id = db_col_int(s, 1);
    r->process = (int)db_col_int(s, 2);
    r->diary_number = arena_strdup(a, db_col_text(s, 3));
    r->org_name = arena_strdup(a, db_col_text(s, 4));
    r->unit_name = arena_strdup(a, db_col_text(s, 5));
    r->applicant_org = arena_strdup(a, db_col_text(s, 6));
    r->title = arena_strdup(a, db_col_text(s, 7));
    char brief[RELEASE_PURPOSE_BRIEF_CHARS * 4 + 8];
    release_purpose_brief(db_col_text(s, 8), brief, sizeof brief);
    r->purpose_brief = arena_strdup(a, brief);
    r->outcome = arena_strdup(a, db_col_text(s, 9));
    r->decided_at = arena_strdup(a, db_col_text(s, 10));
    r->categories = release_categories(db_col_text(s, 11), db_col_text(s, 12));
    r->reasons = reasons_of(a, db_col_text(s, 13), db_col_text(s, 14));
    return r->diary_number && r->org_name && r->unit_name && r->applicant_org && r->title && r->purpose_brief &&
                   r->outcome && r->decided_at && r->reasons
               ? 0
               : -1;
}

static dl_err count(db *d, const strbuf *cond, const binds *b, int64_t *total, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, COUNT_DECIDED);
    sb_puts(&sql, sb_cstr((strbuf *)cond));
    db_stmt *s = prepare(d, &sql, b, e);
    if (!s) return e->code;
    int st = db_step(s, e);
    if (st == DB_ROW) *total = db_col_int(s, 0);
    db_stmt_done(s);
    return st == DB_ROW ? DL_OK : st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "no count");
}

/* Runs the public columns of the decisions chosen by cond, newest first,
 * limit of them from offset (limit -1: all), each row to fn. */
static dl_err run(db *d, arena *a, const char *cond, const binds *b, int64_t limit, int64_t offset,
                  release_row_fn fn, void *ud, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 1024);
    sb_puts(&sql, "SELECT " PUBLIC_COLUMNS " FROM (" SELECT_DECIDED);
    sb_puts(&sql, cond);
    sb_puts(&sql, " ORDER BY ev.at DESC, ev.case_id DESC");
    if (limit >= 0) sb_puts(&sql, " LIMIT ? OFFSET ?");
    sb_puts(&sql, ")" JOIN_PUBLIC " ORDER BY ev.at DESC, c.id DESC");
    db_stmt *s = prepare(d, &sql, b, e);
    if (!s) return e->code;
    if (limit >= 0) {
        db_bind_int(s, b->n + 1, limit);
        db_bind_int(s, b->n + 2, offset);
    }
    dl_err rc = DL_OK;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        release_public row;
        if (read_row(a, s, &row) != 0) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        if (fn(ud, &row)) break;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

typedef struct into_rows {
    release_public *rows;
    int *n, max;
} into_rows;

static int keep_row(void *ud, const release_public *row)
{
    into_rows *x = ud;
    x->rows[(*x->n)++] = *row;
    return *x->n >= x->max;
}

static dl_err check_filter(const release_register_filter *f, dl_error *e)
{
    if (!set(f->before)) return dl_fail(e, DL_EINVAL, "release_register: no cut-off");
    if (f->q && strlen(f->q) > RELEASE_REGISTER_Q_MAX) return dl_fail(e, DL_EINVAL, "release_register: q too long");
    return DL_OK;
}

dl_err release_register_list(db *d, arena *a, const release_register_filter *f, int limit, int64_t offset,
                             release_public *rows, int *n, int64_t *total, dl_error *e)
{
    *n = 0;
    if (total) *total = 0;
    if (limit < 1 || limit > 100 || offset < 0) return dl_fail(e, DL_EINVAL, "release_register_list: limit 1..100");
    if (check_filter(f, e) != DL_OK) return e->code;
    binds b = {.n = 0};
    strbuf cond;
    sb_init(&cond, 256);
    dl_err rc = where(&cond, a, f, &b) == 0 ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK && total) rc = count(d, &cond, &b, total, e);
    if (rc == DL_OK && (!total || *total > offset)) {
        into_rows x = {rows, n, limit};
        rc = run(d, a, sb_cstr(&cond), &b, limit, offset, keep_row, &x, e);
    }
    sb_free(&cond);
    return rc;
}

dl_err release_register_each(db *d, arena *a, const release_register_filter *f, release_row_fn fn, void *ud,
                             dl_error *e)
{
    if (check_filter(f, e) != DL_OK) return e->code;
    binds b = {.n = 0};
    strbuf cond;
    sb_init(&cond, 256);
    dl_err rc = where(&cond, a, f, &b) == 0 ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) rc = run(d, a, sb_cstr(&cond), &b, -1, 0, fn, ud, e);
    sb_free(&cond);
    return rc;
}

dl_err release_register_get(db *d, arena *a, const release_register_filter *f, int64_t id, release_public *out,
                            dl_error *e)
{
    if (check_filter(f, e) != DL_OK) return e->code;
    release_register_filter only = {.before = f->before};
    binds b = {.n = 0};
    strbuf cond;
    sb_init(&cond, 64);
    dl_err rc = where(&cond, a, &only, &b) == 0 ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    sb_puts(&cond, " AND c.id = ?");
    b.num[b.n] = id;
    b.v[b.n++] = NULL;
    int n = 0;
    into_rows x = {out, &n, 1};
    if (rc == DL_OK) rc = run(d, a, sb_cstr(&cond), &b, -1, 0, keep_row, &x, e);
    sb_free(&cond);
    if (rc == DL_OK && n == 0) rc = dl_fail(e, DL_ENOTFOUND, "Beslutet finns inte i det publika registret.");
    return rc;
}

dl_err release_register_orgs(db *d, arena *a, const char *before, release_org_count *out, int *n,
                             const char **oldest, dl_error *e)
{
    *n = 0;
    *oldest = "";
    db_stmt *s = db_prepare(d, "SELECT c.org_id, COALESCE(o.name, ''), COUNT(*), MIN(ev.at)"
                               " FROM case_event ev JOIN cases c ON c.id = ev.case_id"
                               " LEFT JOIN org_node o ON o.id = c.org_id"
                               " WHERE ev.event IN ('approve', 'refuse') AND c.decision_outcome <> '' AND ev.at < ?"
                               " GROUP BY c.org_id, o.name ORDER BY 2, 1", e);
    if (!s) return e->code;
    db_bind_text(s, 1, before);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        const char *min = db_col_text(s, 3);
        if (!**oldest || strcmp(min, *oldest) < 0) *oldest = arena_strdup(a, min);
        if (*n == RELEASE_ORGS_MAX) continue;
        out[*n] = (release_org_count){db_col_int(s, 0), db_col_int(s, 2), arena_strdup(a, db_col_text(s, 1))};
        if (!out[*n].name || !*oldest) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}
