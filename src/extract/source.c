/* source.c — opens a source by its URL, checks tables and columns, builds
 * and caches the read statements, and keeps secrets out of every message;
 * the backends (source_backend.h) do the talking. See source.h.
 *
 * SQL text here is built only from the constant table and column names of
 * source_schema.c ([a-z_][a-z0-9_]*, none a reserved word, so they need no
 * quoting on any backend); every value (the key, the dates, the limit) is a
 * bound parameter. */
#include "extract/source_backend.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/strbuf.h"

#define MAX_CACHED 32
#define MAX_SECRETS 4

/* A prepared read: one per (table, column list, which bounds are bound). */
typedef struct cached_stmt {
    int used;
    source_table_id table;
    int n_cols;
    int cols[16];
    int has_from, has_to, prefix_col, n_prefixes, by_patients, has_through;
    void *stmt;
} cached_stmt;

struct source {
    const source_backend *be;
    void *conn;
    char where[256];
    char display[300];
    char *secrets[MAX_SECRETS]; /* the URL and its password(s), scrubbed from messages */
    cached_stmt cache[MAX_CACHED];
    int next_evict;
};

static const struct { const char *prefix; const source_backend *be; int strip; } url_kinds[] = {
    {"sqlite:", &source_backend_sqlite, 1},
    {"postgresql://", &source_backend_pg, 0},
    {"postgres://", &source_backend_pg, 0},
    {"odbc:", &source_backend_odbc, 1},
};

/* --- secrets --- */

static void add_secret(char **secrets, const char *s, size_t n)
{
    if (n == 0) return;
    for (int i = 0; i < MAX_SECRETS; i++)
        if (!secrets[i]) { secrets[i] = dl_strndup(s, n); return; }
}

/* Collects what must never be shown: the whole URL, the password of
 * "scheme://user:PASSWORD@host", a "password=" parameter, and the value of
 * ODBC's PWD= / Password= keys (also in braces). */
static void collect_secrets(const char *url, char **secrets)
{
    add_secret(secrets, url, strlen(url));
    if (strncmp(url, "sqlite:", 7) == 0) return; /* a path, shown in messages by design */
    const char *p = strstr(url, "://");
    if (p) {
        p += 3;
        size_t auth_len = strcspn(p, "/?#");
        const char *at = NULL;
        for (const char *q = p; q < p + auth_len; q++) if (*q == '@') at = q;
        const char *colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
        if (colon) add_secret(secrets, colon + 1, (size_t)(at - colon - 1));
    }
    static const char *const keys[] = {"password=", "pwd="};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        size_t kl = strlen(keys[k]);
        for (const char *q = url; *q; q++) {
            if (strncasecmp(q, keys[k], kl) != 0 || (q > url && strchr("?&; ", q[-1]) == NULL)) continue;
            const char *v = q + kl;
            size_t n = *v == '{' ? strcspn(v + 1, "}") : strcspn(v, "&;");
            add_secret(secrets, *v == '{' ? v + 1 : v, n);
        }
    }
}

/* Replaces every occurrence of a secret in msg with "***" (the URL, which
 * holds the others, goes first); the search goes on after each "***", so a
 * secret made of asterisks cannot loop. */
static void scrub(char *msg, size_t cap, char *const *secrets)
{
    for (int i = 0; i < MAX_SECRETS && secrets[i]; i++) {
        size_t sl = strlen(secrets[i]);
        char *from = msg, *hit;
        while ((hit = strstr(from, secrets[i])) != NULL) {
            size_t tail = strlen(hit + sl);
            size_t room = cap - (size_t)(hit - msg) - 1; /* bytes from hit to the last usable one */
            if (room < 3) { *hit = '\0'; break; }
            if (3 + tail > room) tail = room - 3;
            memmove(hit + 3, hit + sl, tail);
            memcpy(hit, "***", 3);
            hit[3 + tail] = '\0';
            from = hit + 3;
        }
    }
}

static dl_err clean(source *s, dl_err rc, dl_error *e)
{
    if (rc != DL_OK && e) scrub(e->msg, sizeof e->msg, s->secrets);
    return rc;
}

/* --- open, close --- */

static void free_secrets(char **secrets)
{
    for (int i = 0; i < MAX_SECRETS; i++) { dl_free(secrets[i]); secrets[i] = NULL; }
}

dl_err source_open(const char *url, source **out, dl_error *e)
{
    *out = NULL;
    if (!url || !*url) return dl_fail(e, DL_ECONFIG, "no source database given: name it as sqlite:PATH, postgresql://… or odbc:CONNECTION-STRING");
    const source_backend *be = NULL;
    const char *target = NULL;
    for (size_t i = 0; i < sizeof url_kinds / sizeof url_kinds[0]; i++)
        if (strncmp(url, url_kinds[i].prefix, strlen(url_kinds[i].prefix)) == 0) {
            be = url_kinds[i].be;
            target = url_kinds[i].strip ? url + strlen(url_kinds[i].prefix) : url;
            break;
        }
    if (!be)
        return dl_fail(e, DL_ECONFIG, "the source database is not one datalots can read: name it as sqlite:PATH, "
                                      "postgresql://… or odbc:CONNECTION-STRING");
    source *s = dl_calloc(1, sizeof *s);
    if (!s) return dl_fail(e, DL_ENOMEM, "out of memory");
    s->be = be;
    collect_secrets(url, s->secrets);
    dl_err rc = be->open(target, &s->conn, s->where, sizeof s->where, e);
    if (rc != DL_OK) {
        clean(s, rc, e);
        free_secrets(s->secrets);
        dl_free(s);
        return rc;
    }
    snprintf(s->display, sizeof s->display, "%s %s", be->kind, s->where);
    scrub(s->display, sizeof s->display, s->secrets);
    *out = s;
    return DL_OK;
}

void source_close(source *s)
{
    if (!s) return;
    for (int i = 0; i < MAX_CACHED; i++)
        if (s->cache[i].used) s->be->finalize(s->conn, s->cache[i].stmt);
    s->be->close(s->conn);
    free_secrets(s->secrets);
    dl_free(s);
}

const char *source_kind_name(const source *s) { return s->be->kind; }
const char *source_display_name(const source *s) { return s->display; }
void *source_raw_connection(source *s) { return s->be->raw(s->conn); }

/* --- check --- */

static dl_err check_args(source_table_id t, const int *cols, int n_cols, dl_error *e)
{
    if ((int)t < 0 || t >= SRC_TABLE__MAX) return dl_fail(e, DL_EINTERNAL, "source: no such table id %d", (int)t);
    if (n_cols < 1 || n_cols > source_tables[t].n_columns || n_cols > 16)
        return dl_fail(e, DL_EINTERNAL, "source: %d columns asked of %s", n_cols, source_tables[t].name);
    for (int i = 0; i < n_cols; i++)
        if (cols[i] < 0 || cols[i] >= source_tables[t].n_columns)
            return dl_fail(e, DL_EINTERNAL, "source: no column %d in %s", cols[i], source_tables[t].name);
    return DL_OK;
}

dl_err source_check(source *s, source_table_id t, const int *cols, int n_cols, dl_error *e)
{
    dl_err rc = check_args(t, cols, n_cols, e);
    if (rc != DL_OK) return rc;
    const source_table *st = &source_tables[t];
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    const char **names = NULL;
    int n = 0;
    rc = s->be->columns(s->conn, a, st->name, &names, &n, e);
    if (rc == DL_OK && n == 0)
        rc = dl_fail(e, DL_EINVAL, "the source has no table %s: the extraction cannot run until the source has it", st->name);
    for (int i = 0; rc == DL_OK && i < n_cols; i++) {
        const char *want = st->columns[cols[i]].name;
        int found = 0;
        for (int k = 0; k < n && !found; k++) found = strcasecmp(names[k], want) == 0;
        if (!found)
            rc = dl_fail(e, DL_EINVAL,
                         "the source has no column %s.%s: the extraction cannot run until the source has it "
                         "or the decision drops that variable", st->name, want);
    }
    arena_free(a);
    return clean(s, rc, e);
}

/* --- read --- */

/* Identifiers only from source_tables[] (see the top of this file). */
static char *build_select(source_row_limit limit, const source_read_req *r)
{
    const source_table *st = r->table;
    strbuf sb;
    sb_init(&sb, 256);
    sb_puts(&sb, limit == ROWS_TOP ? "SELECT TOP (?) " : "SELECT ");
    for (int i = 0; i < r->n_cols; i++) {
        if (i) sb_puts(&sb, ", ");
        sb_puts(&sb, st->columns[r->cols[i]].name);
    }
    sb_puts(&sb, " FROM ");
    sb_puts(&sb, st->name);
    /* The patient table is its own patient column. */
    const char *patient = st->patient_column >= 0 ? st->columns[st->patient_column].name : "id";
    if (r->by_patients) {
        sb_puts(&sb, " WHERE ");
        sb_puts(&sb, patient);
        sb_puts(&sb, " IN (");
        for (int i = 0; i < SOURCE_IDS_PER_READ; i++) sb_puts(&sb, i ? ", ?" : "?");
        const char *parts[] = {") AND (", patient, " > ? OR (", patient, " = ? AND id > ?))"};
        for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) sb_puts(&sb, parts[i]);
    } else
        sb_puts(&sb, " WHERE id > ?");
    if (r->through) sb_puts(&sb, " AND id <= ?");
    const char *date = st->date_column >= 0 ? st->columns[st->date_column].name : NULL;
    if (date && r->date_from) { sb_puts(&sb, " AND "); sb_puts(&sb, date); sb_puts(&sb, " >= ?"); }
    if (date && r->date_to) { sb_puts(&sb, " AND "); sb_puts(&sb, date); sb_puts(&sb, " <= ?"); }
    for (int i = 0; i < r->n_prefixes; i++) {
        sb_puts(&sb, i ? " OR " : " AND (");
        sb_puts(&sb, st->columns[r->prefix_col].name);
        sb_puts(&sb, " LIKE ?");
        if (i == r->n_prefixes - 1) sb_puts(&sb, ")");
    }
    if (r->by_patients && st->patient_column >= 0) { sb_puts(&sb, " ORDER BY "); sb_puts(&sb, patient); sb_puts(&sb, ", id"); }
    else sb_puts(&sb, " ORDER BY id");
    if (limit == ROWS_LIMIT) sb_puts(&sb, " LIMIT ?");
    if (limit == ROWS_FETCH_FIRST) sb_puts(&sb, " FETCH FIRST ? ROWS ONLY");
    if (sb.oom) { sb_free(&sb); return NULL; }
    return sb_steal(&sb, NULL);
}

static void *cached_statement(source *s, source_table_id t, const source_read_req *r, dl_error *e)
{
    int has_from = r->date_from != NULL, has_to = r->date_to != NULL;
    for (int i = 0; i < MAX_CACHED; i++) {
        cached_stmt *c = &s->cache[i];
        if (c->used && c->table == t && c->n_cols == r->n_cols && c->has_from == has_from && c->has_to == has_to &&
            c->n_prefixes == r->n_prefixes && (!r->n_prefixes || c->prefix_col == r->prefix_col) &&
            c->by_patients == r->by_patients && c->has_through == (r->through != 0) &&
            memcmp(c->cols, r->cols, sizeof(int) * (size_t)r->n_cols) == 0)
            return c->stmt;
    }
    char *sql = build_select(s->be->row_limit(s->conn), r);
    if (!sql) { dl_fail(e, DL_ENOMEM, "out of memory"); return NULL; }
    void *stmt = s->be->prepare(s->conn, sql, r, e);
    dl_free(sql);
    if (!stmt) return NULL;
    int slot = -1;
    for (int i = 0; i < MAX_CACHED && slot < 0; i++) if (!s->cache[i].used) slot = i;
    if (slot < 0) { /* full: a run uses a handful; let the oldest go */
        slot = s->next_evict;
        s->next_evict = (s->next_evict + 1) % MAX_CACHED;
        s->be->finalize(s->conn, s->cache[slot].stmt);
    }
    cached_stmt *c = &s->cache[slot];
    *c = (cached_stmt){1, t, r->n_cols, {0}, has_from, has_to, r->prefix_col, r->n_prefixes, r->by_patients, r->through != 0, stmt};
    memcpy(c->cols, r->cols, sizeof(int) * (size_t)r->n_cols);
    return stmt;
}

static int is_iso_date(const char *d)
{
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
    return 1;
}

dl_err source_read(source *s, arena *a, source_table_id t, const int *cols, int n_cols, int64_t after, int limit,
                   const char *date_from, const char *date_to, source_rows *out, dl_error *e)
{
    return source_read_prefixed(s, a, t, cols, n_cols, after, 0, limit, date_from, date_to, 0, NULL, 0, out, e);
}

static int memchr_int(const int *v, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (v[i] == x) return i;
    return -1;
}

static int pattern_ok(const char *p)
{
    size_t n = strlen(p);
    if (!n || n > 16 || p[n - 1] != '%') return 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
              p[i] == '.'))
            return 0;
    return 1;
}

/* The checks every read shares, then the read itself (r->table and the
 * dates are set here). */
static dl_err checked_read(source *s, arena *a, source_table_id t, source_read_req *r, source_rows *out, dl_error *e)
{
    *out = (source_rows){0, r->n_cols, NULL, NULL, r->after};
    dl_err rc = check_args(t, r->cols, r->n_cols, e);
    if (rc != DL_OK) return rc;
    if (r->cols[0] != 0) return dl_fail(e, DL_EINTERNAL, "source: the first column read must be id");
    if (r->limit < 1 || r->limit > 1000000) return dl_fail(e, DL_EINTERNAL, "source: a batch of %d rows", r->limit);
    const source_table *st = &source_tables[t];
    r->table = st;
    if (st->date_column < 0) r->date_from = r->date_to = NULL;
    if ((r->date_from && !is_iso_date(r->date_from)) || (r->date_to && !is_iso_date(r->date_to)))
        return dl_fail(e, DL_EINVAL, "the period must be given as YYYY-MM-DD dates");
    if (!s->be->prefix_filter || r->n_prefixes > SOURCE_PREFIXES_MAX) r->n_prefixes = 0; /* the caller filters */
    if (r->n_prefixes && (r->prefix_col < 0 || r->prefix_col >= st->n_columns))
        return dl_fail(e, DL_EINTERNAL, "source: no column %d to filter on", r->prefix_col);
    const char *distinct[SOURCE_PREFIXES_MAX];
    int n_distinct = 0;
    for (int i = 0; i < r->n_prefixes; i++) {
        if (!pattern_ok(r->prefixes[i])) return dl_fail(e, DL_EINTERNAL, "source: a malformed pattern");
        int seen = 0;
        for (int k = 0; k < n_distinct && !seen; k++)
            seen = s->be->prefix_filter == LIKE_IGNORES_CASE ? strcasecmp(distinct[k], r->prefixes[i]) == 0
                                                             : strcmp(distinct[k], r->prefixes[i]) == 0;
        if (!seen) distinct[n_distinct++] = r->prefixes[i];
    }
    r->prefixes = distinct;
    r->n_prefixes = n_distinct;
    void *stmt = cached_statement(s, t, r, e);
    if (!stmt) return clean(s, e && e->code ? e->code : DL_EDB, e);
    rc = s->be->read(s->conn, stmt, a, r, out, e);
    if (rc != DL_OK) *out = (source_rows){0, r->n_cols, NULL, NULL, r->after};
    return clean(s, rc, e);
}

dl_err source_read_prefixed(source *s, arena *a, source_table_id t, const int *cols, int n_cols, int64_t after,
                            int64_t through, int limit, const char *date_from, const char *date_to, int prefix_col,
                            const char *const *prefixes, int n_prefixes, source_rows *out, dl_error *e)
{
    if (through < 0 || (through && through <= after))
        return dl_fail(e, DL_EINTERNAL, "source: keys %" PRId64 " to %" PRId64 " asked", after, through);
    source_read_req r = {.cols = cols, .n_cols = n_cols, .after = after, .through = through, .limit = limit,
                         .date_from = date_from, .date_to = date_to, .prefix_col = prefix_col,
                         .n_prefixes = n_prefixes, .prefixes = prefixes};
    dl_err rc = checked_read(s, a, t, &r, out, e);
    if (rc == DL_OK && through && out->n_rows < limit) out->last_key = through;
    return rc;
}

dl_err source_read_patients(source *s, arena *a, source_table_id t, const int *cols, int n_cols, const int64_t *ids,
                            int n_ids, int64_t after_patient, int64_t after_id, int limit, const char *date_from,
                            const char *date_to, source_rows *out, dl_error *e)
{
    *out = (source_rows){0, n_cols, NULL, NULL, after_id};
    if (n_ids < 1 || n_ids > SOURCE_IDS_PER_READ || !ids)
        return dl_fail(e, DL_EINTERNAL, "source: %d patients asked in one read", n_ids);
    if ((int)t >= 0 && t < SRC_TABLE__MAX && source_tables[t].patient_column >= 0 &&
        (n_cols < 1 || !cols || memchr_int(cols, n_cols, source_tables[t].patient_column) < 0))
        return dl_fail(e, DL_EINTERNAL, "source: a read by patients must include %s's patient column",
                       source_tables[t].name);
    int64_t padded[SOURCE_IDS_PER_READ];
    for (int i = 0; i < SOURCE_IDS_PER_READ; i++) padded[i] = ids[i < n_ids ? i : n_ids - 1];
    source_read_req r = {.cols = cols, .n_cols = n_cols, .after = after_id, .limit = limit, .date_from = date_from,
                         .date_to = date_to, .by_patients = 1, .ids = padded, .after_patient = after_patient};
    return checked_read(s, a, t, &r, out, e);
}

/* --- shared cell formatting --- */

dl_err source_rows_alloc(arena *a, const source_read_req *r, source_rows *out, dl_error *e)
{
    size_t n = (size_t)r->limit * (size_t)r->n_cols;
    out->n_rows = 0;
    out->n_cols = r->n_cols;
    out->cells = arena_alloc(a, n * sizeof *out->cells);
    out->lens = arena_alloc(a, n * sizeof *out->lens);
    if (!out->cells || !out->lens) return dl_fail(e, DL_ENOMEM, "out of memory for a batch of %d rows", r->limit);
    return DL_OK;
}

char *source_cell_int(arena *a, int64_t v, size_t *len)
{
    char buf[24], *p = buf + sizeof buf;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) *--p = '-';
    *len = (size_t)(buf + sizeof buf - p);
    return arena_strndup(a, p, *len);
}

char *source_cell_real(arena *a, double v, size_t *len)
{
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.15g", v);
    *len = n > 0 ? (size_t)n : 0;
    return arena_strndup(a, buf, *len);
}

char *source_cell_real_text(arena *a, const char *s, size_t n, size_t *len)
{
    char tmp[64];
    if (n > 0 && n < sizeof tmp) {
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        char *end = NULL;
        double v = strtod(tmp, &end);
        if (end == tmp + n && v - v == 0) return source_cell_real(a, v, len); /* v - v: finite */
    }
    *len = n;
    return arena_strndup(a, s, n);
}

size_t source_cell_date_len(const char *s, size_t n)
{
    return n > 10 && (s[10] == ' ' || s[10] == 'T') ? 10 : n;
}
