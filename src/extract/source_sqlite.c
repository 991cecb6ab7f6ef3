/* source_sqlite.c — the SQLite backend of source.c: the file is opened
 * read-only (SQLITE_OPEN_READONLY, without SQLITE_OPEN_CREATE, so a wrong
 * path is an error and never a new empty file) and the connection is set
 * to PRAGMA query_only, so not even a statement that could write on a
 * read-only handle (a temp table) runs. Statements are prepared once
 * (SQLITE_PREPARE_PERSISTENT) and reset per batch; a batch is copied cell
 * by cell into the caller's arena, no allocation of its own per cell. */
#include "extract/source_backend.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static dl_err sqlite_fail(sqlite3 *h, const char *what, dl_error *e)
{
    int rc = sqlite3_errcode(h) & 0xff;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return dl_fail(e, DL_EBUSY, "the SQLite source is busy (%s); try again in a moment", what);
    if (rc == SQLITE_NOMEM) return dl_fail(e, DL_ENOMEM, "out of memory in SQLite (%s)", what);
    return dl_fail(e, DL_EDB, "the SQLite source failed (%s): %s", what, sqlite3_errmsg(h));
}

static dl_err sqlite_open(const char *path, void **conn, char *where, size_t where_len, dl_error *e)
{
    snprintf(where, where_len, "%s", path);
    if (!*path) return dl_fail(e, DL_ECONFIG, "the SQLite source names no file: write sqlite:PATH");
    struct stat st;
    if (stat(path, &st) != 0)
        return dl_fail(e, errno == ENOENT ? DL_ENOTFOUND : DL_EIO, "the SQLite source %s cannot be opened: %s",
                       where, errno == ENOENT ? "there is no such file" : strerror(errno));
    if (!S_ISREG(st.st_mode)) return dl_fail(e, DL_EIO, "the SQLite source %s is not a file", where);
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        dl_fail(e, DL_EDB, "the SQLite source %s cannot be opened: %s", where, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DL_EDB;
    }
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 10000); /* a clinical system may be writing: wait for it, don't fail */
    /* Reading sqlite_schema proves it is a database (not some other file). */
    rc = sqlite3_exec(h, "PRAGMA query_only=1; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        dl_fail(e, DL_EDB, "the SQLite source %s cannot be read: %s", where, sqlite3_errmsg(h));
        sqlite3_close(h);
        return DL_EDB;
    }
    *conn = h;
    return DL_OK;
}

static void sqlite_close(void *conn) { sqlite3_close_v2(conn); }

static dl_err sqlite_columns(void *conn, arena *a, const char *table, const char ***names, int *n, dl_error *e)
{
    sqlite3 *h = conn;
    sqlite3_stmt *st = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(h, "SELECT name FROM pragma_table_info(?)", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(h, "listing columns", e);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    int cap = 512, rc = SQLITE_DONE; /* a wider view: the rest are not looked at */
    const char **out = arena_alloc(a, sizeof *out * (size_t)cap);
    while (out && (rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap)
        if (!(out[(*n)++] = arena_strdup(a, (const char *)sqlite3_column_text(st, 0)))) out = NULL;
    dl_err err = !out ? dl_fail(e, DL_ENOMEM, "out of memory")
               : rc == SQLITE_ROW || rc == SQLITE_DONE ? DL_OK : sqlite_fail(h, "listing columns", e);
    sqlite3_finalize(st);
    *names = out;
    return err;
}

static void *sqlite_prepare(void *conn, const char *sql, const source_read_req *shape, dl_error *e)
{
    (void)shape;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        sqlite_fail(conn, "preparing a read", e);
        return NULL;
    }
    return st;
}

static void sqlite_finalize(void *conn, void *stmt) { (void)conn; sqlite3_finalize(stmt); }

/* One cell by the storage class SQLite holds and the type the schema says. */
static const char *sqlite_cell(sqlite3_stmt *st, int i, src_type type, arena *a, size_t *len)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: *len = 0; return NULL;
    case SQLITE_INTEGER:
        if (type == SRC_REAL) return source_cell_real(a, sqlite3_column_double(st, i), len);
        return source_cell_int(a, sqlite3_column_int64(st, i), len);
    case SQLITE_FLOAT: return source_cell_real(a, sqlite3_column_double(st, i), len);
    default: {
        const char *s = (const char *)sqlite3_column_text(st, i);
        size_t n = (size_t)sqlite3_column_bytes(st, i);
        if (!s) { *len = 0; return arena_strndup(a, "", 0); }
        if (type == SRC_DATE) n = source_cell_date_len(s, n);
        if (type == SRC_REAL) return source_cell_real_text(a, s, n, len);
        *len = n;
        return arena_strndup(a, s, n);
    }
    }
}

static dl_err sqlite_read(void *conn, void *stmt, arena *a, const source_read_req *r, source_rows *out, dl_error *e)
{
    sqlite3 *h = conn;
    sqlite3_stmt *st = stmt;
    sqlite3_reset(st);
    int p = 1;
    for (int i = 0; r->by_patients && i < SOURCE_IDS_PER_READ; i++) sqlite3_bind_int64(st, p++, r->ids[i]);
    if (r->by_patients) {
        sqlite3_bind_int64(st, p++, r->after_patient);
        sqlite3_bind_int64(st, p++, r->after_patient);
    }
    sqlite3_bind_int64(st, p++, r->after);
    if (r->through) sqlite3_bind_int64(st, p++, r->through);
    if (r->date_from) sqlite3_bind_text(st, p++, r->date_from, -1, SQLITE_STATIC);
    if (r->date_to) sqlite3_bind_text(st, p++, r->date_to, -1, SQLITE_STATIC);
    for (int i = 0; i < r->n_prefixes; i++) sqlite3_bind_text(st, p++, r->prefixes[i], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, p, r->limit);
    dl_err rc = source_rows_alloc(a, r, out, e);
    if (rc != DL_OK) return rc;
    const source_column *columns = r->table->columns;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        size_t base = (size_t)out->n_rows * (size_t)r->n_cols;
        for (int i = 0; i < r->n_cols; i++) {
            src_type type = columns[r->cols[i]].type;
            const char *cell = sqlite_cell(st, i, type, a, &out->lens[base + (size_t)i]);
            if (!cell && sqlite3_column_type(st, i) != SQLITE_NULL) {
                sqlite3_reset(st);
                return dl_fail(e, DL_ENOMEM, "out of memory reading %s", r->table->name);
            }
            out->cells[base + (size_t)i] = cell;
        }
        out->last_key = sqlite3_column_int64(st, 0);
        out->n_rows++;
    }
    if (step != SQLITE_DONE) {
        dl_err err = sqlite_fail(h, r->table->name, e);
        sqlite3_reset(st);
        return err;
    }
    sqlite3_reset(st);
    return DL_OK;
}

static source_row_limit sqlite_row_limit(void *conn) { (void)conn; return ROWS_LIMIT; }

static void *sqlite_raw(void *conn) { return conn; }

const source_backend source_backend_sqlite = {
    "SQLite", sqlite_open, sqlite_close, sqlite_row_limit, sqlite_columns, sqlite_prepare, sqlite_finalize, sqlite_read, sqlite_raw, LIKE_IGNORES_CASE,
};
