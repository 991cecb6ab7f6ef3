/* source_odbc.c — the unixODBC backend of source.c: any database with an
 * ODBC driver (a region's SQL Server warehouse through FreeTDS, or
 * PostgreSQL / SQLite through their Debian drivers), connected with
 * SQLDriverConnect and the connection string after "odbc:" (a DRIVER=path
 * in the string works without /etc/odbcinst.ini).
 *
 * Read-only: SQL_ATTR_ACCESS_MODE = SQL_MODE_READ_ONLY is set before and
 * after connecting. ODBC calls it a hint: a driver may ignore it (psqlodbc
 * does: the tests show a DELETE going through), which is why the account in
 * the connection string must itself be read-only on the server — datalots
 * only ever sends SELECTs, but the guarantee belongs in the database's
 * grants. Where the DBMS has a session switch (dbms_traits below:
 * PostgreSQL, MySQL/MariaDB, SQLite) it is set too, and a failure to set it
 * refuses the connection; SQL Server has none.
 *
 * A batch is capped in the SQL, the way the DBMS (SQLGetInfo's
 * SQL_DBMS_NAME) spells it: LIMIT, TOP or FETCH FIRST (dbms_row_limits
 * below), so the server stops early and a driver that buffers whole
 * results (psqlodbc does by default) holds one batch only. An unknown DBMS
 * gets no clause: SQL_ATTR_MAX_ROWS, the fetch stops at the limit and the
 * cursor is closed (sqliteodbc shows why that is the fallback only: it
 * resumes a closed, half-read cursor on the next execute).
 * Values are fetched typed: integers as SQL_C_SBIGINT, reals as SQL_C_DOUBLE,
 * text as SQL_C_WCHAR (UTF-16, converted here to UTF-8, whatever the
 * driver's or the locale's own code page), dates as text cut to YYYY-MM-DD. */
#include "extract/source_backend.h"

#include <sql.h>
#include <sqlext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/strbuf.h"

typedef struct odbc_source {
    SQLHENV env;
    SQLHDBC dbc;
    char where[200];
    source_row_limit row_limit;
} odbc_source;

/* SQL_DBMS_NAME (as drivers report it; compared on its prefix) → how a
 * batch is capped, and the constant statement that makes the session
 * read-only (NULL: the DBMS has none; the account's grants must do it). */
static const struct { const char *dbms; source_row_limit how; const char *read_only; } dbms_traits[] = {
    {"SQLite", ROWS_LIMIT, "PRAGMA query_only = 1"},
    {"PostgreSQL", ROWS_LIMIT, "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"},
    {"MySQL", ROWS_LIMIT, "SET SESSION TRANSACTION READ ONLY"},
    {"MariaDB", ROWS_LIMIT, "SET SESSION TRANSACTION READ ONLY"},
    {"Microsoft SQL Server", ROWS_TOP, NULL},
    {"Oracle", ROWS_FETCH_FIRST, NULL},
};


/* A prepared read with its bound parameters (the buffers stay put). */
typedef struct odbc_stmt {
    SQLHSTMT h;
    SQLBIGINT ids[SOURCE_IDS_PER_READ + 1]; /* by patients: the ids, then after_patient */
    SQLLEN ids_ind[SOURCE_IDS_PER_READ + 1];
    SQLBIGINT after, through;
    SQLINTEGER limit;
    SQLLEN limit_ind;
    SQL_DATE_STRUCT from, to;
    SQLLEN after_ind, through_ind, from_ind, to_ind;
} odbc_stmt;

static int ok(SQLRETURN rc) { return rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO; }

/* The first diagnostic record of a handle: "[SQLSTATE] message". */
static void diag(SQLSMALLINT type, SQLHANDLE h, char *state, char *msg, size_t cap)
{
    SQLCHAR st[6] = "", text[512] = "";
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    if (!ok(SQLGetDiagRec(type, h, 1, st, &native, text, sizeof text, &len))) {
        memcpy(st, "HY000", 6);
        snprintf((char *)text, sizeof text, "the driver gave no reason");
    }
    memcpy(state, st, 6);
    snprintf(msg, cap, "%s", (const char *)text);
}

static dl_err odbc_fail(odbc_source *o, SQLSMALLINT type, SQLHANDLE h, const char *what, dl_error *e)
{
    char state[6], msg[200];
    diag(type, h, state, msg, sizeof msg);
    /* 08xxx: connection exceptions (08S01 link failure, 08003 not open). */
    if (state[0] == '0' && state[1] == '8')
        return dl_fail(e, DL_EDB, "the connection to the ODBC source %s was lost (%s): [%s] %s; "
                                  "the run can resume from where it stopped", o->where, what, state, msg);
    if (!strcmp(state, "HYT00") || !strcmp(state, "HYT01"))
        return dl_fail(e, DL_EBUSY, "the ODBC source %s took too long to answer (%s)", o->where, what);
    return dl_fail(e, DL_EDB, "the ODBC source %s failed (%s): [%s] %s", o->where, what, state, msg);
}

/* The value of key (case-insensitive) in "K=V;K={V};…", or "" — only the
 * keys that name where the data is, never credentials. */
static void conn_value(const char *cs, const char *key, char *out, size_t cap)
{
    size_t kl = strlen(key);
    out[0] = '\0';
    for (const char *p = cs; *p;) {
        while (*p == ';' || *p == ' ') p++;
        const char *eq = strchr(p, '=');
        if (!eq) return;
        int match = (size_t)(eq - p) == kl && strncasecmp(p, key, kl) == 0;
        const char *v = eq + 1;
        size_t n = *v == '{' ? strcspn(v + 1, "}") : strcspn(v, ";");
        if (match) { snprintf(out, cap, "%.*s", (int)n, *v == '{' ? v + 1 : v); return; }
        p = v + n + (*v == '{' ? 2 : 0);
    }
}

static void describe(const char *cs, char *where, size_t cap)
{
    char who[128], server[96], db[96];
    conn_value(cs, "DSN", who, sizeof who);
    if (!who[0]) conn_value(cs, "DRIVER", who, sizeof who);
    conn_value(cs, "SERVER", server, sizeof server);
    if (!server[0]) conn_value(cs, "SERVERNAME", server, sizeof server);
    conn_value(cs, "DATABASE", db, sizeof db);
    const char *base = strrchr(who, '/');
    snprintf(where, cap, "%s%s%s%s%s", base ? base + 1 : who, server[0] ? " " : "", server,
             db[0] ? (server[0] ? "/" : " ") : "", db);
    if (!where[0]) snprintf(where, cap, "(connection string)");
}

static void odbc_close(void *conn)
{
    odbc_source *o = conn;
    if (!o) return;
    if (o->dbc) { SQLDisconnect(o->dbc); SQLFreeHandle(SQL_HANDLE_DBC, o->dbc); }
    if (o->env) SQLFreeHandle(SQL_HANDLE_ENV, o->env);
    dl_free(o);
}

/* Runs one constant statement on the connection. */
static dl_err run_constant(odbc_source *o, const char *sql, const char *what, dl_error *e)
{
    SQLHSTMT h = NULL;
    if (!ok(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &h))) return odbc_fail(o, SQL_HANDLE_DBC, o->dbc, what, e);
    SQLRETURN rc = SQLExecDirect(h, (SQLCHAR *)sql, SQL_NTS);
    dl_err err = ok(rc) || rc == SQL_NO_DATA ? DL_OK : odbc_fail(o, SQL_HANDLE_STMT, h, what, e);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
    return err;
}

static dl_err odbc_open(const char *cs, void **conn, char *where, size_t where_len, dl_error *e)
{
    describe(cs, where, where_len);
    if (!*cs) return dl_fail(e, DL_ECONFIG, "the ODBC source has no connection string: write odbc:DRIVER=…;SERVER=…;DATABASE=…");
    odbc_source *o = dl_calloc(1, sizeof *o);
    if (!o) return dl_fail(e, DL_ENOMEM, "out of memory");
    snprintf(o->where, sizeof o->where, "%s", where);
    if (!ok(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &o->env)) ||
        !ok(SQLSetEnvAttr(o->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0)) ||
        !ok(SQLAllocHandle(SQL_HANDLE_DBC, o->env, &o->dbc))) {
        odbc_close(o);
        return dl_fail(e, DL_EDB, "cannot start unixODBC for the source %s", where);
    }
    SQLSetConnectAttr(o->dbc, SQL_ATTR_LOGIN_TIMEOUT, (SQLPOINTER)30, 0);
    /* A hint the driver may ignore (see the top of this file). */
    SQLSetConnectAttr(o->dbc, SQL_ATTR_ACCESS_MODE, (SQLPOINTER)SQL_MODE_READ_ONLY, 0);
    SQLRETURN rc = SQLDriverConnect(o->dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
    if (!ok(rc)) {
        char state[6], msg[200];
        diag(SQL_HANDLE_DBC, o->dbc, state, msg, sizeof msg);
        SQLFreeHandle(SQL_HANDLE_DBC, o->dbc);
        o->dbc = NULL;
        odbc_close(o);
        return dl_fail(e, DL_EDB, "cannot connect to the ODBC source %s: [%s] %s", where, state, msg);
    }
    SQLSetConnectAttr(o->dbc, SQL_ATTR_ACCESS_MODE, (SQLPOINTER)SQL_MODE_READ_ONLY, 0);
    SQLSetConnectAttr(o->dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)SQL_AUTOCOMMIT_ON, 0);
    SQLCHAR dbms[128] = "";
    SQLSMALLINT dbms_len = 0;
    o->row_limit = ROWS_BY_FETCH;
    const char *read_only = NULL;
    if (ok(SQLGetInfo(o->dbc, SQL_DBMS_NAME, dbms, sizeof dbms, &dbms_len)))
        for (size_t i = 0; i < sizeof dbms_traits / sizeof dbms_traits[0]; i++)
            if (strncmp((const char *)dbms, dbms_traits[i].dbms, strlen(dbms_traits[i].dbms)) == 0) {
                o->row_limit = dbms_traits[i].how;
                read_only = dbms_traits[i].read_only;
            }
    if (read_only) {
        dl_err rc2 = run_constant(o, read_only, "making the session read-only", e);
        if (rc2 != DL_OK) { odbc_close(o); return rc2; }
    }
    *conn = o;
    return DL_OK;
}

/* The result columns of "SELECT * FROM table WHERE 1 = 0": the names the
 * reads will see, resolved as they will be (schemas, synonyms, views). A
 * failing SELECT counts as "no such table" when the SQLSTATE says so
 * (42S02, PostgreSQL's 42P01) or the driver says "no such table". */
static dl_err odbc_columns(void *conn, arena *a, const char *table, const char ***names, int *n, dl_error *e)
{
    odbc_source *o = conn;
    SQLHSTMT h = NULL;
    *n = 0;
    if (!ok(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &h))) return odbc_fail(o, SQL_HANDLE_DBC, o->dbc, "listing columns", e);
    strbuf sql; /* table: a constant name from source_schema.c */
    sb_init(&sql, 64);
    sb_puts(&sql, "SELECT * FROM ");
    sb_puts(&sql, table);
    sb_puts(&sql, " WHERE 1 = 0");
    dl_err rc = DL_OK;
    SQLSMALLINT count = 0;
    if (sql.oom) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); goto out; }
    if (!ok(SQLExecDirect(h, (SQLCHAR *)sb_cstr(&sql), SQL_NTS))) {
        char state[6], msg[200];
        diag(SQL_HANDLE_STMT, h, state, msg, sizeof msg);
        if (!strcmp(state, "42S02") || !strcmp(state, "42P01") || strstr(msg, "no such table"))
            goto out; /* *n = 0: source.c names the table */
        rc = odbc_fail(o, SQL_HANDLE_STMT, h, "listing columns", e);
        goto out;
    }
    if (!ok(SQLNumResultCols(h, &count))) { rc = odbc_fail(o, SQL_HANDLE_STMT, h, "listing columns", e); goto out; }
    const char **out = arena_alloc(a, sizeof *out * (size_t)(count > 0 ? count : 1));
    for (SQLSMALLINT i = 0; out && i < count; i++) {
        SQLCHAR name[256] = "";
        SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
        SQLULEN size = 0;
        if (!ok(SQLDescribeCol(h, (SQLUSMALLINT)(i + 1), name, sizeof name, &len, &type, &size, &digits, &nullable))) {
            rc = odbc_fail(o, SQL_HANDLE_STMT, h, "listing columns", e);
            goto out;
        }
        if (!(out[i] = arena_strdup(a, (const char *)name))) out = NULL;
    }
    if (!out) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); goto out; }
    *names = out;
    *n = count;
out:
    sb_free(&sql);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
    return rc;
}

static void odbc_finalize(void *conn, void *stmt)
{
    (void)conn;
    odbc_stmt *st = stmt;
    if (!st) return;
    if (st->h) SQLFreeHandle(SQL_HANDLE_STMT, st->h);
    dl_free(st);
}

static int bind_date(SQLHSTMT h, SQLUSMALLINT n, SQL_DATE_STRUCT *d, SQLLEN *ind)
{
    *ind = sizeof *d;
    return ok(SQLBindParameter(h, n, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_TYPE_DATE, 10, 0, d, sizeof *d, ind));
}

static int bind_bigint(SQLHSTMT h, SQLUSMALLINT n, SQLBIGINT *v, SQLLEN *ind)
{
    *ind = 0;
    return ok(SQLBindParameter(h, n, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, v, sizeof *v, ind));
}

static int bind_limit(odbc_stmt *st, SQLUSMALLINT n)
{
    return ok(SQLBindParameter(st->h, n, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &st->limit, sizeof st->limit,
                               &st->limit_ind));
}

static void *odbc_prepare(void *conn, const char *sql, const source_read_req *shape, dl_error *e)
{
    odbc_source *o = conn;
    odbc_stmt *st = dl_calloc(1, sizeof *st);
    if (!st) { dl_fail(e, DL_ENOMEM, "out of memory"); return NULL; }
    if (!ok(SQLAllocHandle(SQL_HANDLE_STMT, o->dbc, &st->h))) {
        odbc_fail(o, SQL_HANDLE_DBC, o->dbc, "preparing a read", e);
        dl_free(st);
        return NULL;
    }
    SQLUSMALLINT p = 1;
    st->after_ind = 0;
    st->limit_ind = 0;
    int limit_first = o->row_limit == ROWS_TOP, limit_last = o->row_limit == ROWS_LIMIT || o->row_limit == ROWS_FETCH_FIRST;
    int bound = ok(SQLPrepare(st->h, (SQLCHAR *)sql, SQL_NTS)) &&
                (!limit_first || bind_limit(st, p++));
    /* By patients: the ids, then after_patient twice (one buffer). */
    for (int i = 0; bound && shape->by_patients && i < SOURCE_IDS_PER_READ + 2; i++) {
        int k = i < SOURCE_IDS_PER_READ ? i : SOURCE_IDS_PER_READ;
        bound = bind_bigint(st->h, p++, &st->ids[k], &st->ids_ind[k]);
    }
    bound = bound &&
                bind_bigint(st->h, p++, &st->after, &st->after_ind) &&
                (!shape->through || bind_bigint(st->h, p++, &st->through, &st->through_ind)) &&
                (!shape->date_from || bind_date(st->h, p++, &st->from, &st->from_ind)) &&
                (!shape->date_to || bind_date(st->h, p++, &st->to, &st->to_ind)) &&
                (!limit_last || bind_limit(st, p++));
    if (!bound) {
        odbc_fail(o, SQL_HANDLE_STMT, st->h, "preparing a read", e);
        odbc_finalize(conn, st);
        return NULL;
    }
    return st;
}

static void set_date(SQL_DATE_STRUCT *d, const char *iso) /* checked YYYY-MM-DD */
{
    d->year = (SQLSMALLINT)((iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0'));
    d->month = (SQLUSMALLINT)((iso[5] - '0') * 10 + (iso[6] - '0'));
    d->day = (SQLUSMALLINT)((iso[8] - '0') * 10 + (iso[9] - '0'));
}

/* UTF-16 (SQLWCHAR) → UTF-8 in the arena; a lone surrogate becomes U+FFFD. */
static char *utf16_to_utf8(arena *a, const SQLWCHAR *w, size_t n, size_t *len)
{
    char *out = arena_alloc(a, n * 3 + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned long c = w[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF)
            c = 0x10000 + ((c - 0xD800) << 10) + (w[++i] - 0xDC00);
        else if (c >= 0xD800 && c <= 0xDFFF)
            c = 0xFFFD;
        if (c < 0x80) *o++ = (char)c;
        else if (c < 0x800) { *o++ = (char)(0xC0 | c >> 6); *o++ = (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) {
            *o++ = (char)(0xE0 | c >> 12); *o++ = (char)(0x80 | ((c >> 6) & 0x3F)); *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xF0 | c >> 18); *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F)); *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* Text of any length: SQLGetData in pieces until it has it all. *null set
 * for SQL NULL. Returns NULL with *failed set on a driver error or OOM. */
static char *get_text(SQLHSTMT h, SQLUSMALLINT col, arena *a, size_t *len, int *null, int *failed)
{
    SQLWCHAR chunk[1024];
    SQLWCHAR *all = NULL;
    size_t have = 0;
    char *cell = NULL;
    for (;;) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(h, col, SQL_C_WCHAR, chunk, sizeof chunk, &ind);
        if (rc == SQL_NO_DATA) break;
        if (!ok(rc)) { *failed = 1; goto out; }
        if (ind == SQL_NULL_DATA) { *null = 1; goto out; }
        size_t got = ind == SQL_NO_TOTAL || (size_t)ind >= sizeof chunk ? sizeof chunk / sizeof *chunk - 1
                                                                          : (size_t)ind / sizeof *chunk;
        SQLWCHAR *grown = dl_realloc(all, (have + got + 1) * sizeof *all);
        if (!grown) { *failed = 1; goto out; }
        all = grown;
        memcpy(all + have, chunk, got * sizeof *chunk);
        have += got;
        if (rc == SQL_SUCCESS) break; /* SUCCESS_WITH_INFO (01004): more to come */
    }
    cell = utf16_to_utf8(a, all ? all : chunk, have, len);
    if (!cell) *failed = 1;
out:
    dl_free(all);
    return cell;
}

static const char *odbc_cell(SQLHSTMT h, SQLUSMALLINT col, src_type type, arena *a, size_t *len, int *failed)
{
    SQLLEN ind = 0;
    int null = 0;
    const char *cell = NULL;
    if (type == SRC_INT) {
        SQLBIGINT v = 0;
        if (!ok(SQLGetData(h, col, SQL_C_SBIGINT, &v, sizeof v, &ind))) { *failed = 1; return NULL; }
        if (ind == SQL_NULL_DATA) null = 1;
        else cell = source_cell_int(a, (int64_t)v, len);
    } else if (type == SRC_REAL) {
        double v = 0;
        if (!ok(SQLGetData(h, col, SQL_C_DOUBLE, &v, sizeof v, &ind))) { *failed = 1; return NULL; }
        if (ind == SQL_NULL_DATA) null = 1;
        else cell = source_cell_real(a, v, len);
    } else {
        char *text = get_text(h, col, a, len, &null, failed);
        if (text && type == SRC_DATE) text[*len = source_cell_date_len(text, *len)] = '\0';
        cell = text;
    }
    if (null) { *len = 0; return NULL; }
    if (!cell) *failed = 1;
    return cell;
}

static dl_err odbc_read(void *conn, void *stmt, arena *a, const source_read_req *r, source_rows *out, dl_error *e)
{
    odbc_source *o = conn;
    odbc_stmt *st = stmt;
    st->after = (SQLBIGINT)r->after;
    st->through = (SQLBIGINT)r->through;
    for (int i = 0; r->by_patients && i < SOURCE_IDS_PER_READ; i++) st->ids[i] = (SQLBIGINT)r->ids[i];
    if (r->by_patients) st->ids[SOURCE_IDS_PER_READ] = (SQLBIGINT)r->after_patient;
    st->limit = (SQLINTEGER)r->limit;
    if (r->date_from) set_date(&st->from, r->date_from);
    if (r->date_to) set_date(&st->to, r->date_to);
    /* Without a clause: honoured by most drivers; the fetch loop stops at limit anyway. */
    if (o->row_limit == ROWS_BY_FETCH) SQLSetStmtAttr(st->h, SQL_ATTR_MAX_ROWS, (SQLPOINTER)(SQLULEN)r->limit, 0);
    dl_err rc = source_rows_alloc(a, r, out, e);
    if (rc != DL_OK) return rc;
    SQLRETURN x = SQLExecute(st->h);
    if (!ok(x) && x != SQL_NO_DATA) return odbc_fail(o, SQL_HANDLE_STMT, st->h, r->table->name, e);
    while (rc == DL_OK && out->n_rows < r->limit) {
        x = SQLFetch(st->h);
        if (x == SQL_NO_DATA) break;
        if (!ok(x)) { rc = odbc_fail(o, SQL_HANDLE_STMT, st->h, r->table->name, e); break; }
        size_t base = (size_t)out->n_rows * (size_t)r->n_cols;
        int failed = 0;
        for (int i = 0; i < r->n_cols && !failed; i++)
            out->cells[base + (size_t)i] = odbc_cell(st->h, (SQLUSMALLINT)(i + 1), r->table->columns[r->cols[i]].type, a,
                                                     &out->lens[base + (size_t)i], &failed);
        if (failed) { rc = odbc_fail(o, SQL_HANDLE_STMT, st->h, r->table->name, e); break; }
        if (!out->cells[base]) { rc = dl_fail(e, DL_EDB, "the ODBC source %s gave a row of %s without an id", o->where, r->table->name); break; }
        out->last_key = strtoll(out->cells[base], NULL, 10);
        out->n_rows++;
    }
    SQLFreeStmt(st->h, SQL_CLOSE);
    return rc;
}

static source_row_limit odbc_row_limit(void *conn) { return ((odbc_source *)conn)->row_limit; }

static void *odbc_raw(void *conn) { return ((odbc_source *)conn)->dbc; }

const source_backend source_backend_odbc = {
    "ODBC", odbc_open, odbc_close, odbc_row_limit, odbc_columns, odbc_prepare, odbc_finalize, odbc_read, odbc_raw,
};
