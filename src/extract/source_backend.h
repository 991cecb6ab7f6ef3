/* source_backend.h — what each backend of source.c (source_sqlite.c,
 * source_pg.c, source_odbc.c) provides, and the cell formatting they share
 * so that every backend writes a value the same way. Internal to
 * src/extract; tests include it to reach the raw connection. */
#ifndef DATALOTS_SOURCE_BACKEND_H
#define DATALOTS_SOURCE_BACKEND_H

#include "extract/source.h"

/* How a backend caps a batch: in the SQL (the server stops early), or by
 * fetching only `limit` rows and closing the cursor. */
typedef enum source_row_limit {
    ROWS_BY_FETCH,    /* no clause; SQL_ATTR_MAX_ROWS and stop fetching */
    ROWS_LIMIT,       /* "… ORDER BY id LIMIT ?" (SQLite, PostgreSQL, MySQL) */
    ROWS_TOP,         /* "SELECT TOP (?) …" (SQL Server); the limit is the first parameter */
    ROWS_FETCH_FIRST, /* "… ORDER BY id FETCH FIRST ? ROWS ONLY" (Oracle 12c+, SQL:2008) */
} source_row_limit;

/* One read, as source.c has checked it. date_from / date_to are NULL when
 * not bound (and always NULL for a table without a date column); the SQL
 * has its parameters in this order: [limit if ROWS_TOP], [ids[0..
 * SOURCE_IDS_PER_READ), after_patient, after_patient if by_patients],
 * after, [through], [date_from], [date_to], [prefixes], [limit if ROWS_LIMIT or
 * ROWS_FETCH_FIRST]. */
typedef struct source_read_req {
    const source_table *table;
    const int *cols;
    int n_cols;
    int64_t after, through; /* through: 0, or the last key to look at */
    int limit;
    const char *date_from, *date_to;
    /* Patterns for LIKE on column prefix_col (e.g. "E11%"): a row matches
     * when one does; n_prefixes 0: none. Bound after the dates. Only for
     * backends with prefix_filter set; the caller filters again anyway. */
    int prefix_col, n_prefixes;
    const char *const *prefixes;
    /* By patients (source_read_patients): exactly SOURCE_IDS_PER_READ ids
     * (padded by source.c), the patient to go on from; `after` is then the
     * id within that patient. */
    int by_patients;
    const int64_t *ids;
    int64_t after_patient;
} source_read_req;

/* Whether a backend filters by LIKE patterns, and how its LIKE treats
 * case: SQLite's ignores ASCII case, so "E11%" and "e11%" are one pattern
 * there (and each extra LIKE costs a scan its time). */
typedef enum source_like { LIKE_NONE, LIKE_CASE_SENSITIVE, LIKE_IGNORES_CASE } source_like;

typedef struct source_backend {
    const char *kind;
    /* target: the URL without its "sqlite:" / "odbc:" prefix (PostgreSQL:
     * the whole URL). where: the host/path to name in messages, no secret. */
    dl_err (*open)(const char *target, void **conn, char *where, size_t where_len, dl_error *e);
    void (*close)(void *conn);
    source_row_limit (*row_limit)(void *conn);
    /* The column names of table (in a); *n = 0 when there is no such table. */
    dl_err (*columns)(void *conn, arena *a, const char *table, const char ***names, int *n, dl_error *e);
    void *(*prepare)(void *conn, const char *sql, const source_read_req *shape, dl_error *e);
    void (*finalize)(void *conn, void *stmt);
    dl_err (*read)(void *conn, void *stmt, arena *a, const source_read_req *r, source_rows *out, dl_error *e);
    void *(*raw)(void *conn); /* the library's own handle, for tests */
    source_like prefix_filter; /* binds source_read_req.prefixes (SQLite, PostgreSQL) */
} source_backend;

extern const source_backend source_backend_sqlite, source_backend_pg, source_backend_odbc;

/* The backend's connection (sqlite3 *, PGconn *, SQLHDBC): for tests that
 * prove the connection refuses writes. */
void *source_raw_connection(source *s);

/* Cell formatting shared by the backends; each returns NULL on out of
 * memory. */
char *source_cell_int(arena *a, int64_t v, size_t *len);
char *source_cell_real(arena *a, double v, size_t *len);       /* "%.15g" */
/* Text that is a number in a real column ("5.50", "0.33333333333333331")
 * comes out as source_cell_real would write it; other text as it is. */
char *source_cell_real_text(arena *a, const char *s, size_t n, size_t *len);
/* A date column's text: "YYYY-MM-DD hh:mm:ss…" is cut to its date. */
size_t source_cell_date_len(const char *s, size_t n);

/* Room for the cells and lengths of up to `limit` rows (sets out->n_cols,
 * n_rows = 0); DL_ENOMEM when the arena cannot hold them. */
dl_err source_rows_alloc(arena *a, const source_read_req *r, source_rows *out, dl_error *e);

#endif
