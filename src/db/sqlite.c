/* sqlite.c — the embedded SQLite backend of db.h: WAL journal, foreign keys
 * on, a busy timeout so concurrent writers wait instead of failing, and
 * deliberate page-cache and mmap sizes (see shared/design/performance.md,
 * pitfall 5: RSS after load is mostly the page cache and mapped pages). */
#include "db/search_rank.h"
#include "db/stem_tokenizer.h"
#include "db/backend.h"

#include <sqlite3.h>
#include <string.h>

static dl_err map_error(sqlite3 *h, int rc, dl_error *e)
{
    int prim = rc & 0xff;
    db_count_error();
    if (prim == SQLITE_CONSTRAINT)
        return dl_fail(e, DL_ECONSTRAINT, "constraint failed: %s", sqlite3_errmsg(h));
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return dl_fail(e, DL_EBUSY, "the database is busy; try again in a moment");
    if (prim == SQLITE_NOMEM) return dl_fail(e, DL_ENOMEM, "out of memory in the database");
    return dl_fail(e, DL_EDB, "database error: %s", sqlite3_errmsg(h));
}

static dl_err sq_open(const char *path, void **conn, dl_error *e)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(path, &h,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        dl_fail(e, DL_EDB, "cannot open the SQLite database %s: %s", path,
                h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
        sqlite3_close(h);
        return DL_EDB;
    }
    sqlite3_extended_result_codes(h, 1);
    sqlite3_busy_timeout(h, 10000);
    static const char *const pragmas =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-8192;"     /* 8 MiB page cache per connection */
        /* 256 MiB mapped: reads of a large store (the guide's search over
         * 100,000 items touches its indexes all over) come from the OS's
         * page cache, shared by every connection, without a read() each;
         * address space only, not memory of its own. */
        "PRAGMA mmap_size=268435456;"
        "PRAGMA temp_store=MEMORY;";
    char *msg = NULL;
    rc = sqlite3_exec(h, pragmas, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        dl_fail(e, DL_EDB, "cannot use the SQLite database %s: %s", path, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(h);
        return DL_EDB;
    }
    rc = stem_tokenizer_register(h);
    if (rc == SQLITE_OK) rc = search_rank_register(h);
    if (rc != SQLITE_OK) {
        dl_fail(e, DL_EDB, "cannot use the SQLite database %s: the Swedish search (tokenizer and ranking): %s", path, sqlite3_errstr(rc));
        sqlite3_close(h);
        return DL_EDB;
    }
    *conn = h;
    return DL_OK;
}

static void sq_close(void *conn) { sqlite3_close_v2(conn); }

static dl_err sq_exec(void *conn, const char *sql, dl_error *e)
{
    char *msg = NULL;
    int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK) return DL_OK;
    dl_err code = map_error(conn, rc, e);
    if (msg && e) dl_fail(e, code, "database error: %s", msg);
    sqlite3_free(msg);
    return code;
}

static void *sq_prepare(void *conn, const char *sql, int *n_params, dl_error *e)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        map_error(conn, rc, e);
        return NULL;
    }
    *n_params = sqlite3_bind_parameter_count(st);
    return st;
}

static void sq_finalize(void *st) { sqlite3_finalize(st); }
static void sq_reset(void *st) { sqlite3_reset(st); sqlite3_clear_bindings(st); }
static void sq_bind_int(void *st, int i, int64_t v) { sqlite3_bind_int64(st, i, v); }
static void sq_bind_text(void *st, int i, const char *v, size_t n)
{
    sqlite3_bind_text64(st, i, v, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}
static void sq_bind_null(void *st, int i) { sqlite3_bind_null(st, i); }

static int sq_step(void *st, dl_error *e)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) return DB_ROW;
    if (rc == SQLITE_DONE) return DB_DONE;
    map_error(sqlite3_db_handle(st), rc, e);
    return DB_ERROR;
}

static int64_t sq_col_int(void *st, int c) { return sqlite3_column_int64(st, c); }
static const char *sq_col_text(void *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? (const char *)t : "";
}
static int sq_col_is_null(void *st, int c) { return sqlite3_column_type(st, c) == SQLITE_NULL; }
static int sq_col_count(void *st) { return sqlite3_column_count(st); }
static const char *sq_col_name(void *st, int c)
{
    const char *n = sqlite3_column_name(st, c);
    return n ? n : "";
}

const struct db_ops db_sqlite_ops = {
    .kind = DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_is_null = sq_col_is_null,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
};
