/* pg.c — the PostgreSQL backend of db.h, on libpq. Statements are written
 * with `?` placeholders (rewritten here to $1, $2, …) and run as named
 * prepared statements with text parameters; results are read whole, then
 * stepped through row by row.
 *
 * Lost connections: when the server restarts, the next call finds the
 * connection broken. If no transaction was open, the call reconnects and is
 * tried once more, so the app recovers by itself when the database returns;
 * inside a transaction the error is reported (the transaction is gone) and
 * the next call reconnects. A reconnect bumps the connection's generation,
 * and statements prepared in an older generation are prepared again on
 * their next use.
 *
 * Errors map SQLSTATE classes to dl_err: 23 (integrity) → DL_ECONSTRAINT;
 * 40001/40P01/55P03 and 57014 (timeout) → DL_EBUSY; the rest → DL_EDB. */
#include "db/backend.h"
#include "core/alloc.h"
#include "core/strbuf.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pg_conn {
    PGconn *c;
    uint64_t generation;
    unsigned next_stmt;
};

struct pg_stmt {
    struct pg_conn *conn;
    char *sql;          /* with $n placeholders */
    char name[24];
    uint64_t generation;
    int n_params;
    char **values;      /* NULL entries bind SQL NULL */
    PGresult *res;
    int row, n_rows, executed;
    int bind_failed;    /* a value could not be copied: the step fails, never binds NULL */
};

static int statement_timeout_ms = 30000;
void db_pg_set_statement_timeout(int ms) { statement_timeout_ms = ms; }

static void ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }

static dl_err map_result(PGconn *c, PGresult *res, dl_error *e)
{
    db_count_error();
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(c);
    char clean[200];
    snprintf(clean, sizeof clean, "%s", msg && *msg ? msg : "no answer from the server");
    clean[strcspn(clean, "\n")] = '\0';
    if (PQstatus(c) == CONNECTION_BAD)
        return dl_fail(e, DL_EDB, "the connection to PostgreSQL was lost: %s", clean);
    if (state && strncmp(state, "23", 2) == 0) return dl_fail(e, DL_ECONSTRAINT, "constraint failed: %s", clean);
    if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
        return dl_fail(e, DL_EBUSY, "the database is busy; try again in a moment");
    if (state && !strcmp(state, "57014"))
        return dl_fail(e, DL_EBUSY, "the database took too long to answer (statement timeout)");
    return dl_fail(e, DL_EDB, "database error: %s", clean);
}

/* Session settings every new or re-established connection gets. */
static dl_err configure(struct pg_conn *p, dl_error *e)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SET statement_timeout = %d; SET client_min_messages = warning; SET TIME ZONE 'UTC'",
             statement_timeout_ms);
    PGresult *res = PQexec(p->c, sql);
    dl_err rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DL_OK : map_result(p->c, res, e);
    PQclear(res);
    return rc;
}

static dl_err pg_open(const char *url, void **conn, dl_error *e)
{
    struct pg_conn *p = dl_calloc(1, sizeof *p);
    if (!p) return dl_fail(e, DL_ENOMEM, "out of memory");
    p->c = PQconnectdb(url);
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        char why[200];
        snprintf(why, sizeof why, "%s", p->c ? PQerrorMessage(p->c) : "out of memory");
        why[strcspn(why, "\n")] = '\0';
        PQfinish(p->c);
        dl_free(p);
        return dl_fail(e, DL_EDB, "cannot connect to PostgreSQL: %s", why);
    }
    PQsetNoticeProcessor(p->c, ignore_notice, NULL);
    p->generation = 1;
    dl_err rc = configure(p, e);
    if (rc != DL_OK) { PQfinish(p->c); dl_free(p); return rc; }
    *conn = p;
    return DL_OK;
}

static void pg_close(void *conn)
{
    struct pg_conn *p = conn;
    if (!p) return;
    PQfinish(p->c);
    dl_free(p);
}

/* Re-establishes a broken connection; 1 if it is usable now. */
static int revive(struct pg_conn *p)
{
    if (PQstatus(p->c) == CONNECTION_OK) return 1;
    PQreset(p->c);
    if (PQstatus(p->c) != CONNECTION_OK) return 0;
    p->generation++;
    return configure(p, NULL) == DL_OK;
}

/* May a failed call be tried again on a fresh connection? Only when the
 * connection broke and no transaction was open before the call. */
static int may_retry(struct pg_conn *p, PGTransactionStatusType before)
{
    return PQstatus(p->c) == CONNECTION_BAD && (before == PQTRANS_IDLE || before == PQTRANS_UNKNOWN) && revive(p);
}

static dl_err pg_exec(void *conn, const char *sql, dl_error *e)
{
    struct pg_conn *p = conn;
    revive(p);
    for (int attempt = 0;; attempt++) {
        PGTransactionStatusType before = PQtransactionStatus(p->c);
        PGresult *res = PQexec(p->c, sql);
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) { PQclear(res); return DL_OK; }
        if (attempt == 0 && may_retry(p, before)) { PQclear(res); continue; }
        dl_err rc = map_result(p->c, res, e);
        PQclear(res);
        return rc;
    }
}

/* `?` → `$n`, leaving quoted strings and identifiers alone. */
static char *rewrite_placeholders(const char *sql, int *n_params)
{
    strbuf sb;
    sb_init(&sb, strlen(sql) + 32);
    int n = 0;
    char quote = 0;
    for (const char *s = sql; *s; s++) {
        if (quote) {
            if (*s == quote) quote = 0;
            sb_putc(&sb, *s);
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
            sb_putc(&sb, *s);
        } else if (*s == '?') {
            sb_printf(&sb, "$%d", ++n);
        } else {
            sb_putc(&sb, *s);
        }
    }
    if (sb.oom) { sb_free(&sb); return NULL; }
    *n_params = n;
    return sb_steal(&sb, NULL);
}

static dl_err prepare_on_server(struct pg_stmt *s, dl_error *e)
{
    struct pg_conn *p = s->conn;
    for (int attempt = 0;; attempt++) {
        PGTransactionStatusType before = PQtransactionStatus(p->c);
        snprintf(s->name, sizeof s->name, "dl%u", ++p->next_stmt);
        PGresult *res = PQprepare(p->c, s->name, s->sql, s->n_params, NULL);
        if (PQresultStatus(res) == PGRES_COMMAND_OK) {
            PQclear(res);
            s->generation = p->generation;
            return DL_OK;
        }
        if (attempt == 0 && may_retry(p, before)) { PQclear(res); continue; }
        dl_err rc = map_result(p->c, res, e);
        PQclear(res);
        return rc;
    }
}

static void *pg_prepare(void *conn, const char *sql, int *n_params, dl_error *e)
{
    struct pg_conn *p = conn;
    revive(p);
    struct pg_stmt *s = dl_calloc(1, sizeof *s);
    if (!s) { dl_fail(e, DL_ENOMEM, "out of memory"); return NULL; }
    s->conn = p;
    s->sql = rewrite_placeholders(sql, &s->n_params);
    s->values = s->sql ? dl_calloc((size_t)(s->n_params ? s->n_params : 1), sizeof *s->values) : NULL;
    if (!s->sql || !s->values) {
        dl_free(s->sql); dl_free(s->values); dl_free(s);
        dl_fail(e, DL_ENOMEM, "out of memory");
        return NULL;
    }
    if (prepare_on_server(s, e) != DL_OK) {
        dl_free(s->sql); dl_free(s->values); dl_free(s);
        return NULL;
    }
    *n_params = s->n_params;
    return s;
}

static void clear_values(struct pg_stmt *s)
{
    for (int i = 0; i < s->n_params; i++) { dl_free(s->values[i]); s->values[i] = NULL; }
}

static void pg_reset(void *stmt)
{
    struct pg_stmt *s = stmt;
    PQclear(s->res);
    s->res = NULL;
    s->executed = 0;
    s->bind_failed = 0;
    clear_values(s);
}

static void pg_finalize(void *stmt)
{
    struct pg_stmt *s = stmt;
    if (!s) return;
    pg_reset(s);
    dl_free(s->values);
    dl_free(s->sql);
    dl_free(s);
}

static void set_value(struct pg_stmt *s, int idx, char *v)
{
    if (idx < 1 || idx > s->n_params) { dl_free(v); return; }
    if (!v) s->bind_failed = 1;
    dl_free(s->values[idx - 1]);
    s->values[idx - 1] = v;
}

static void pg_bind_int(void *stmt, int idx, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    set_value(stmt, idx, dl_strdup(buf));
}
static void pg_bind_text(void *stmt, int idx, const char *v, size_t n) { set_value(stmt, idx, dl_strndup(v, n)); }
static void pg_bind_null(void *stmt, int idx)
{
    struct pg_stmt *s = stmt;
    if (idx < 1 || idx > s->n_params) return;
    dl_free(s->values[idx - 1]);
    s->values[idx - 1] = NULL;
}

static int pg_step(void *stmt, dl_error *e)
{
    struct pg_stmt *s = stmt;
    if (s->bind_failed) {
        dl_fail(e, DL_ENOMEM, "out of memory binding a statement parameter");
        return DB_ERROR;
    }
    if (!s->executed) {
        struct pg_conn *p = s->conn;
        revive(p);
        for (int attempt = 0;; attempt++) {
            if (s->generation != p->generation && prepare_on_server(s, e) != DL_OK) return DB_ERROR;
            PGTransactionStatusType before = PQtransactionStatus(p->c);
            s->res = PQexecPrepared(p->c, s->name, s->n_params, (const char *const *)s->values, NULL, NULL, 0);
            ExecStatusType st = PQresultStatus(s->res);
            if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) break;
            if (attempt == 0 && may_retry(p, before)) { PQclear(s->res); s->res = NULL; continue; }
            map_result(p->c, s->res, e);
            PQclear(s->res);
            s->res = NULL;
            return DB_ERROR;
        }
        s->executed = 1;
        s->row = -1;
        s->n_rows = PQresultStatus(s->res) == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
    }
    if (s->row + 1 < s->n_rows) { s->row++; return DB_ROW; }
    s->row = s->n_rows;
    return DB_DONE;
}

static int in_row(const struct pg_stmt *s, int col)
{
    return s->res && s->row >= 0 && s->row < s->n_rows && col >= 0 && col < PQnfields(s->res);
}

static int64_t pg_col_int(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (!in_row(s, col) || PQgetisnull(s->res, s->row, col)) return 0;
    return strtoll(PQgetvalue(s->res, s->row, col), NULL, 10);
}

static const char *pg_col_text(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    if (!in_row(s, col)) return "";
    return PQgetvalue(s->res, s->row, col); /* "" for NULL */
}

static int pg_col_is_null(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    return !in_row(s, col) || PQgetisnull(s->res, s->row, col);
}

static int pg_col_count(void *stmt)
{
    struct pg_stmt *s = stmt;
    return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_col_name(void *stmt, int col)
{
    struct pg_stmt *s = stmt;
    const char *n = s->res && col >= 0 && col < PQnfields(s->res) ? PQfname(s->res, col) : NULL;
    return n ? n : "";
}

const struct db_ops db_pg_ops = {
    .kind = DB_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_is_null = pg_col_is_null,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
};
