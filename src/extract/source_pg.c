/* source_pg.c — the PostgreSQL backend of source.c, on libpq. The session
 * is made read-only right after it connects (default_transaction_read_only
 * = on, then checked with SHOW transaction_read_only; a server that will
 * not say "on" is refused) and every read is one autocommit statement, so
 * each runs in its own read-only transaction. Also: DateStyle ISO (dates
 * as YYYY-MM-DD), client_encoding UTF8, and application_name "datalots
 * extract" unless the URL names one, so a DBA can see the reader in
 * pg_stat_activity. Reals are re-formatted as "%.15g" (the server's own
 * text differs between versions and for numeric columns). */
#include "extract/source_backend.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

typedef struct pg_source {
    PGconn *c;
    char where[200];
    unsigned next_stmt;
} pg_source;

typedef struct pg_read_stmt { char name[24]; } pg_read_stmt;

static void ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }

/* The first line of the server's or libpq's message. */
static const char *first_line(char *buf, size_t cap, const char *msg)
{
    snprintf(buf, cap, "%s", msg && *msg ? msg : "no answer from the server");
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static dl_err pg_fail(pg_source *p, PGresult *res, const char *what, dl_error *e)
{
    char line[200];
    first_line(line, sizeof line, res ? PQresultErrorMessage(res) : PQerrorMessage(p->c));
    if (PQstatus(p->c) == CONNECTION_BAD)
        return dl_fail(e, DL_EDB, "the connection to the PostgreSQL source %s was lost (%s): %s; "
                                  "the run can resume from where it stopped", p->where, what, line);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && !strcmp(state, "57014"))
        return dl_fail(e, DL_EBUSY, "the PostgreSQL source %s took too long to answer (%s)", p->where, what);
    return dl_fail(e, DL_EDB, "the PostgreSQL source %s failed (%s): %s", p->where, what, line);
}

/* host:port/dbname from the parsed URL, nothing else of it. */
static void describe(const char *url, char *where, size_t where_len)
{
    const char *host = NULL, *port = NULL, *dbname = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, NULL);
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val) continue;
        if (!strcmp(o->keyword, "host") || (!host && !strcmp(o->keyword, "hostaddr"))) host = o->val;
        else if (!strcmp(o->keyword, "port")) port = o->val;
        else if (!strcmp(o->keyword, "dbname")) dbname = o->val;
    }
    snprintf(where, where_len, "%s%s%s/%s", host ? host : "localhost", port ? ":" : "", port ? port : "",
             dbname ? dbname : "");
    PQconninfoFree(opts);
}

static dl_err pg_open(const char *url, void **conn, char *where, size_t where_len, dl_error *e)
{
    char *parse_err = NULL;
    PQconninfoOption *check = PQconninfoParse(url, &parse_err);
    PQfreemem(parse_err); /* it may quote the URL: not shown */
    if (!check) {
        snprintf(where, where_len, "(unparsed URL)");
        return dl_fail(e, DL_ECONFIG, "the PostgreSQL source URL is malformed (not shown: it may hold a password); "
                                      "write it as postgresql://USER@HOST:PORT/DATABASE");
    }
    PQconninfoFree(check);
    describe(url, where, where_len);
    pg_source *p = dl_calloc(1, sizeof *p);
    if (!p) return dl_fail(e, DL_ENOMEM, "out of memory");
    snprintf(p->where, sizeof p->where, "%s", where);
    const char *const keys[] = {"dbname", "fallback_application_name", NULL};
    const char *const vals[] = {url, "datalots extract", NULL};
    p->c = PQconnectdbParams(keys, vals, 1);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        char line[200];
        first_line(line, sizeof line, p->c ? PQerrorMessage(p->c) : "out of memory");
        dl_fail(e, DL_EDB, "cannot connect to the PostgreSQL source %s: %s", where, line);
        PQfinish(p->c);
        dl_free(p);
        return DL_EDB;
    }
    PQsetNoticeProcessor(p->c, ignore_notice, NULL);
    PGresult *res = PQexec(p->c, "SET default_transaction_read_only = on; SET DateStyle = ISO; "
                                 "SET client_encoding = 'UTF8'");
    dl_err rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DL_OK : pg_fail(p, res, "setting the session read-only", e);
    PQclear(res);
    if (rc == DL_OK) {
        res = PQexec(p->c, "SHOW transaction_read_only");
        if (PQresultStatus(res) != PGRES_TUPLES_OK) rc = pg_fail(p, res, "checking the session is read-only", e);
        else if (PQntuples(res) != 1 || strcmp(PQgetvalue(res, 0, 0), "on") != 0)
            rc = dl_fail(e, DL_EDB, "the PostgreSQL source %s did not make the session read-only; not reading from it", where);
        PQclear(res);
    }
    if (rc != DL_OK) { PQfinish(p->c); dl_free(p); return rc; }
    *conn = p;
    return DL_OK;
}

static void pg_close(void *conn)
{
    pg_source *p = conn;
    if (!p) return;
    PQfinish(p->c);
    dl_free(p);
}

/* Through the search_path, as the reads will resolve the name; views too. */
static dl_err pg_columns(void *conn, arena *a, const char *table, const char ***names, int *n, dl_error *e)
{
    pg_source *p = conn;
    const char *params[1] = {table};
    *n = 0;
    PGresult *res = PQexecParams(p->c,
                                 "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) "
                                 "AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                                 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        dl_err rc = pg_fail(p, res, "listing columns", e);
        PQclear(res);
        return rc;
    }
    int rows = PQntuples(res);
    const char **out = arena_alloc(a, sizeof *out * (size_t)(rows ? rows : 1));
    for (int i = 0; out && i < rows; i++)
        if (!(out[i] = arena_strdup(a, PQgetvalue(res, i, 0)))) out = NULL;
    PQclear(res);
    if (!out) return dl_fail(e, DL_ENOMEM, "out of memory");
    *names = out;
    *n = rows;
    return DL_OK;
}

static void *pg_prepare(void *conn, const char *sql, const source_read_req *shape, dl_error *e)
{
    pg_source *p = conn;
    /* `?` → `$n`: the SQL from source.c has no quoted text, so every `?` is a parameter. */
    char text[4096];
    size_t o = 0;
    int n = 0;
    for (const char *s = sql; *s && o + 8 < sizeof text; s++) {
        if (*s == '?') o += (size_t)snprintf(text + o, sizeof text - o, "$%d", ++n);
        else text[o++] = *s;
    }
    text[o] = '\0';
    (void)shape;
    pg_read_stmt *st = dl_calloc(1, sizeof *st);
    if (!st) { dl_fail(e, DL_ENOMEM, "out of memory"); return NULL; }
    snprintf(st->name, sizeof st->name, "datalots_src%u", ++p->next_stmt);
    PGresult *res = PQprepare(p->c, st->name, text, n, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        pg_fail(p, res, "preparing a read", e);
        PQclear(res);
        dl_free(st);
        return NULL;
    }
    PQclear(res);
    return st;
}

static void pg_finalize(void *conn, void *stmt)
{
    (void)conn; /* the statement goes with the session */
    dl_free(stmt);
}

static dl_err pg_read(void *conn, void *stmt, arena *a, const source_read_req *r, source_rows *out, dl_error *e)
{
    pg_source *p = conn;
    pg_read_stmt *st = stmt;
    char after[24], through[24], limit[16], ids[SOURCE_IDS_PER_READ + 1][24];
    snprintf(after, sizeof after, "%" PRId64, r->after);
    snprintf(limit, sizeof limit, "%d", r->limit);
    const char *params[8 + SOURCE_IDS_PER_READ + SOURCE_PREFIXES_MAX];
    int n = 0;
    for (int i = 0; r->by_patients && i <= SOURCE_IDS_PER_READ; i++) {
        snprintf(ids[i], sizeof ids[i], "%" PRId64, i < SOURCE_IDS_PER_READ ? r->ids[i] : r->after_patient);
        params[n++] = ids[i];
    }
    if (r->by_patients) params[n++] = ids[SOURCE_IDS_PER_READ]; /* after_patient, twice */
    params[n++] = after;
    snprintf(through, sizeof through, "%" PRId64, r->through);
    if (r->through) params[n++] = through;
    if (r->date_from) params[n++] = r->date_from;
    if (r->date_to) params[n++] = r->date_to;
    for (int i = 0; i < r->n_prefixes && i < SOURCE_PREFIXES_MAX; i++) params[n++] = r->prefixes[i];
    params[n++] = limit;
    PGresult *res = PQexecPrepared(p->c, st->name, n, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        dl_err rc = pg_fail(p, res, r->table->name, e);
        PQclear(res);
        return rc;
    }
    dl_err rc = source_rows_alloc(a, r, out, e);
    int rows = PQntuples(res);
    if (rows > r->limit) rows = r->limit;
    for (int row = 0; rc == DL_OK && row < rows; row++) {
        size_t base = (size_t)row * (size_t)r->n_cols;
        for (int i = 0; i < r->n_cols; i++) {
            size_t *len = &out->lens[base + (size_t)i];
            if (PQgetisnull(res, row, i)) { out->cells[base + (size_t)i] = NULL; *len = 0; continue; }
            const char *v = PQgetvalue(res, row, i);
            size_t vn = (size_t)PQgetlength(res, row, i);
            src_type type = r->table->columns[r->cols[i]].type;
            const char *cell;
            if (type == SRC_REAL) cell = source_cell_real_text(a, v, vn, len);
            else {
                *len = type == SRC_DATE ? source_cell_date_len(v, vn) : vn;
                cell = arena_strndup(a, v, *len);
            }
            if (!cell) { rc = dl_fail(e, DL_ENOMEM, "out of memory reading %s", r->table->name); break; }
            out->cells[base + (size_t)i] = cell;
        }
        out->n_rows++;
    }
    if (rc == DL_OK && rows > 0) out->last_key = strtoll(PQgetvalue(res, rows - 1, 0), NULL, 10);
    PQclear(res);
    return rc;
}

static source_row_limit pg_row_limit(void *conn) { (void)conn; return ROWS_LIMIT; }

static void *pg_raw(void *conn) { return ((pg_source *)conn)->c; }

const source_backend source_backend_pg = {
    "PostgreSQL", pg_open, pg_close, pg_row_limit, pg_columns, pg_prepare, pg_finalize, pg_read, pg_raw, LIKE_CASE_SENSITIVE,
};
