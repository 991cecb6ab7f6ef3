/* db.h — the one interface to the store. SQL is written once with `?`
 * placeholders in the dialect both backends accept (see dialect.h for the few
 * differences); the backend behind a connection is chosen by URL:
 *   sqlite:PATH (or a plain path)   embedded SQLite, WAL, foreign keys on
 *   postgresql://…                  libpq (a later backend; same interface)
 * A connection is used by one thread at a time; db_pool hands connections to
 * request threads. Prepared statements are cached per connection, keyed by
 * the SQL text, so a hot page prepares nothing. */
#ifndef DATALOTS_DB_H
#define DATALOTS_DB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct db db;
typedef struct db_stmt db_stmt;
typedef struct db_pool db_pool;

typedef enum db_backend { DB_SQLITE = 1, DB_POSTGRES = 2 } db_backend;

enum { DB_ROW = 100, DB_DONE = 101, DB_ERROR = -1 };

/* Opens one connection. Errors name the URL's store (never a password). */
dl_err db_open(const char *url, db **out, dl_error *e);
void db_close(db *d);
db_backend db_backend_of(const db *d);

/* Runs SQL text that may hold several statements and no parameters
 * (migrations only). */
dl_err db_exec(db *d, const char *sql, dl_error *e);

/* A cached prepared statement, reset and unbound. Give it back with
 * db_stmt_done() before preparing the same SQL again. NULL on error. */
db_stmt *db_prepare(db *d, const char *sql, dl_error *e);
void db_stmt_done(db_stmt *s);

/* Parameters are 1-based. Text is copied. NULL text binds SQL NULL. */
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_text(db_stmt *s, int idx, const char *v);
void db_bind_textn(db_stmt *s, int idx, const char *v, size_t n);
void db_bind_null(db_stmt *s, int idx);

/* DB_ROW, DB_DONE, or DB_ERROR with e filled (DL_ECONSTRAINT for a unique or
 * foreign-key violation, DL_EBUSY for a busy store, DL_EDB otherwise). */
int db_step(db_stmt *s, dl_error *e);

/* Columns are 0-based; valid until the next step or db_stmt_done(). */
int64_t db_col_int(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* "" for NULL, never NULL */
int db_col_is_null(db_stmt *s, int col);
/* The result's columns (valid after the first db_step). */
int db_col_count(db_stmt *s);
const char *db_col_name(db_stmt *s, int col);

/* Write transactions. db_begin takes the write lock at once (SQLite BEGIN
 * IMMEDIATE), so two writers queue instead of deadlocking. */
dl_err db_begin(db *d, dl_error *e);
/* A read-only transaction that sees one snapshot (for reports that read
 * several statements, such as verifying the audit chain). End it with
 * db_commit() or db_rollback(). Does not block writers. */
dl_err db_begin_read(db *d, dl_error *e);
dl_err db_commit(db *d, dl_error *e);
void db_rollback(db *d);
int db_in_transaction(const db *d);

/* PostgreSQL: the statement timeout for connections opened from now on. */
void db_pg_set_statement_timeout(int ms);

/* Cheap liveness check for /healthz. */
dl_err db_ping(db *d, dl_error *e);

/* Counts of store errors since start, for /metrics. */
uint64_t db_error_count(void);

/* Pool of connections to one store. */
dl_err db_pool_open(const char *url, int size, db_pool **out, dl_error *e);
db *db_pool_acquire(db_pool *p);  /* waits for a free connection */
void db_pool_release(db_pool *p, db *d);
void db_pool_close(db_pool *p);

/* Applies the embedded migrations not applied yet, each in its own
 * transaction, and records them in schema_migrations. */
dl_err db_migrate(db *d, int *applied, dl_error *e);

/* Convenience for one-row, one-integer queries with text/int params given as
 * a format: "t" text, "i" int64 — e.g. db_query_int(d, sql, &n, e, "ti", s, 5).
 * Returns DL_ENOTFOUND when there is no row. */
dl_err db_query_int(db *d, const char *sql, int64_t *out, dl_error *e, const char *types, ...);
/* Runs a statement that returns no rows, with parameters as above. */
dl_err db_run(db *d, const char *sql, dl_error *e, const char *types, ...);

#endif
