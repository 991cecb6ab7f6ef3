/* db.c — the backend-neutral half of db.h: URL dispatch, the per-connection
 * prepared-statement cache, transactions and the small query helpers. */
#include "db/db.h"
#include "db/backend.h"
#include "db/dialect.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

#define STMT_CACHE_SLOTS 256 /* power of two; open addressing */

struct db_stmt {
    db *owner;
    void *impl;
    char *sql;
    int n_params;
    int busy;
    int cached; /* 0: prepared because the cached one was busy; freed on done */
};

struct db {
    const struct db_ops *ops;
    void *conn;
    int in_tx;
    db_stmt *cache[STMT_CACHE_SLOTS];
};

static _Atomic uint64_t store_errors;
void db_count_error(void) { atomic_fetch_add(&store_errors, 1); }
uint64_t db_error_count(void) { return atomic_load(&store_errors); }

static const struct db_ops *ops_for_url(const char *url, const char **target)
{
    if (strncmp(url, "sqlite:", 7) == 0) {
        *target = url + 7;
        return &db_sqlite_ops;
    }
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
        *target = url;
        return &db_pg_ops;
    }
    *target = url;
    return &db_sqlite_ops;
}

dl_err db_open(const char *url, db **out, dl_error *e)
{
    *out = NULL;
    if (!url || !*url) return dl_fail(e, DL_ECONFIG, "no database given: use --db sqlite:PATH");
    const char *target = NULL;
    const struct db_ops *ops = ops_for_url(url, &target);
    if (!*target) return dl_fail(e, DL_ECONFIG, "the database URL %s names no file", url);
    db *d = dl_calloc(1, sizeof *d);
    if (!d) return dl_fail(e, DL_ENOMEM, "out of memory opening the database");
    d->ops = ops;
    dl_err rc = ops->open(target, &d->conn, e);
    if (rc != DL_OK) { dl_free(d); return rc; }
    *out = d;
    return DL_OK;
}

static void stmt_free(db_stmt *s)
{
    if (!s) return;
    s->owner->ops->finalize(s->impl);
    dl_free(s->sql);
    dl_free(s);
}

void db_close(db *d)
{
    if (!d) return;
    if (d->in_tx) db_rollback(d);
    for (int i = 0; i < STMT_CACHE_SLOTS; i++) stmt_free(d->cache[i]);
    d->ops->close(d->conn);
    dl_free(d);
}

db_backend db_backend_of(const db *d) { return d->ops->kind; }

dl_err db_exec(db *d, const char *sql, dl_error *e) { return d->ops->exec(d->conn, sql, e); }

static uint32_t sql_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static db_stmt *stmt_new(db *d, const char *sql, dl_error *e)
{
    db_stmt *s = dl_calloc(1, sizeof *s);
    char *copy = dl_strdup(sql);
    if (!s || !copy) {
        dl_free(s);
        dl_free(copy);
        dl_fail(e, DL_ENOMEM, "out of memory preparing a statement");
        return NULL;
    }
    s->impl = d->ops->prepare(d->conn, sql, &s->n_params, e);
    if (!s->impl) { dl_free(copy); dl_free(s); return NULL; }
    s->owner = d;
    s->sql = copy;
    return s;
}

db_stmt *db_prepare(db *d, const char *sql, dl_error *e)
{
    /* A caller without a connection is a bug, never a crash in the server. */
    if (!d || !sql) {
        dl_fail(e, DL_EINTERNAL, "no store connection for this statement");
        return NULL;
    }
    uint32_t h = sql_hash(sql);
    for (int probe = 0; probe < 8; probe++) {
        uint32_t slot = (h + (uint32_t)probe) & (STMT_CACHE_SLOTS - 1);
        db_stmt *s = d->cache[slot];
        if (!s) {
            s = stmt_new(d, sql, e);
            if (!s) return NULL;
            s->cached = 1;
            s->busy = 1;
            d->cache[slot] = s;
            return s;
        }
        if (strcmp(s->sql, sql) == 0) {
            if (s->busy) break; /* nested use of the same SQL: a private copy */
            s->busy = 1;
            return s;
        }
    }
    db_stmt *s = stmt_new(d, sql, e);
    if (s) s->busy = 1;
    return s;
}

void db_stmt_done(db_stmt *s)
{
    if (!s) return;
    if (!s->cached) { stmt_free(s); return; }
    s->owner->ops->reset(s->impl);
    s->busy = 0;
}

void db_bind_int(db_stmt *s, int idx, int64_t v) { s->owner->ops->bind_int(s->impl, idx, v); }
void db_bind_textn(db_stmt *s, int idx, const char *v, size_t n)
{
    if (!v) { db_bind_null(s, idx); return; }
    s->owner->ops->bind_text(s->impl, idx, v, n);
}
void db_bind_text(db_stmt *s, int idx, const char *v) { db_bind_textn(s, idx, v, v ? strlen(v) : 0); }
void db_bind_null(db_stmt *s, int idx) { s->owner->ops->bind_null(s->impl, idx); }

int db_step(db_stmt *s, dl_error *e) { return s->owner->ops->step(s->impl, e); }
int64_t db_col_int(db_stmt *s, int col) { return s->owner->ops->col_int(s->impl, col); }
const char *db_col_text(db_stmt *s, int col) { return s->owner->ops->col_text(s->impl, col); }
int db_col_is_null(db_stmt *s, int col) { return s->owner->ops->col_is_null(s->impl, col); }
int db_col_count(db_stmt *s) { return s->owner->ops->col_count(s->impl); }
const char *db_col_name(db_stmt *s, int col) { return s->owner->ops->col_name(s->impl, col); }

dl_err db_begin(db *d, dl_error *e)
{
    if (!d) return dl_fail(e, DL_EINTERNAL, "no store connection for this transaction");
    if (d->in_tx) return dl_fail(e, DL_EINTERNAL, "a transaction is already open on this connection");
    dl_err rc = d->ops->exec(d->conn, dialect_begin_sql(d->ops->kind), e);
    if (rc == DL_OK) d->in_tx = 1;
    return rc;
}

dl_err db_begin_read(db *d, dl_error *e)
{
    if (d->in_tx) return dl_fail(e, DL_EINTERNAL, "a transaction is already open on this connection");
    dl_err rc = d->ops->exec(d->conn, dialect_begin_read_sql(d->ops->kind), e);
    if (rc == DL_OK) d->in_tx = 1;
    return rc;
}

dl_err db_commit(db *d, dl_error *e)
{
    if (!d->in_tx) return dl_fail(e, DL_EINTERNAL, "no transaction is open on this connection");
    dl_err rc = d->ops->exec(d->conn, "COMMIT", e);
    if (rc != DL_OK) { db_rollback(d); return rc; }
    d->in_tx = 0;
    return DL_OK;
}

void db_rollback(db *d)
{
    if (!d->in_tx) return;
    d->ops->exec(d->conn, "ROLLBACK", NULL);
    d->in_tx = 0;
}

int db_in_transaction(const db *d) { return d->in_tx; }

dl_err db_ping(db *d, dl_error *e)
{
    /* Read a table, not just SELECT 1: a damaged or replaced database file
     * must fail the check, not only a dead connection. */
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM schema_migrations", &n, e, "");
    if (rc == DL_OK && n < 1) return dl_fail(e, DL_EDB, "the store has no schema");
    return rc;
}

static dl_err bind_varargs(db_stmt *s, const char *types, va_list ap, dl_error *e)
{
    int idx = 1;
    for (const char *t = types; *t; t++, idx++) {
        if (*t == 't') db_bind_text(s, idx, va_arg(ap, const char *));
        else if (*t == 'i') db_bind_int(s, idx, va_arg(ap, int64_t));
        else return dl_fail(e, DL_EINTERNAL, "bad parameter type '%c'", *t);
    }
    return DL_OK;
}

/* Prepares sql and binds the varargs; NULL (e filled) on failure. */
static db_stmt *prepare_bound(db *d, const char *sql, dl_error *e, const char *types, va_list ap, dl_err *rc)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) { *rc = e ? e->code : DL_EDB; return NULL; }
    *rc = bind_varargs(s, types, ap, e);
    if (*rc != DL_OK) { db_stmt_done(s); return NULL; }
    return s;
}

dl_err db_query_int(db *d, const char *sql, int64_t *out, dl_error *e, const char *types, ...)
{
    dl_err rc;
    va_list ap;
    va_start(ap, types);
    db_stmt *s = prepare_bound(d, sql, e, types, ap, &rc);
    va_end(ap);
    if (!s) return rc;
    {
        int st = db_step(s, e);
        if (st == DB_ROW) *out = db_col_int(s, 0);
        else if (st == DB_DONE) rc = dl_fail(e, DL_ENOTFOUND, "no such row");
        else rc = e ? e->code : DL_EDB;
    }
    db_stmt_done(s);
    return rc;
}

dl_err db_run(db *d, const char *sql, dl_error *e, const char *types, ...)
{
    dl_err rc;
    va_list ap;
    va_start(ap, types);
    db_stmt *s = prepare_bound(d, sql, e, types, ap, &rc);
    va_end(ap);
    if (!s) return rc;
    {
        int st;
        while ((st = db_step(s, e)) == DB_ROW) {}
        if (st == DB_ERROR) rc = e ? e->code : DL_EDB;
    }
    db_stmt_done(s);
    return rc;
}
