/* backend.h — what a store backend provides to db.c: a table of operations.
 * sqlite.c implements it now; pg.c will. Nothing outside src/db includes it. */
#ifndef DATALOTS_DB_BACKEND_H
#define DATALOTS_DB_BACKEND_H

#include "db/db.h"

struct db_ops {
    db_backend kind;
    dl_err (*open)(const char *target, void **conn, dl_error *e);
    void (*close)(void *conn);
    dl_err (*exec)(void *conn, const char *sql, dl_error *e);
    void *(*prepare)(void *conn, const char *sql, int *n_params, dl_error *e);
    void (*finalize)(void *stmt);
    void (*reset)(void *stmt);
    void (*bind_int)(void *stmt, int idx, int64_t v);
    void (*bind_text)(void *stmt, int idx, const char *v, size_t n);
    void (*bind_null)(void *stmt, int idx);
    int (*step)(void *stmt, dl_error *e);
    int64_t (*col_int)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    int (*col_is_null)(void *stmt, int col);
    int (*col_count)(void *stmt);
    const char *(*col_name)(void *stmt, int col);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Counts a store error for /metrics. */
void db_count_error(void);

#endif
