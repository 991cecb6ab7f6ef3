/* copy.h — copies a whole installation from one store to another (SQLite →
 * PostgreSQL, PostgreSQL → SQLite, SQLite → SQLite) for `datalots db copy`:
 * every table, every row with its own ids, into a new, empty store, in one
 * transaction on the target; then the row counts of both ends are compared
 * and the target's audit chain is verified. */
#ifndef DATALOTS_STORE_COPY_H
#define DATALOTS_STORE_COPY_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

enum { COPY_TABLES_MAX = 96 };

/* The tables copied, in the order copied (a table after every table its
 * foreign keys point at). schema_migrations is not among them: the target
 * records its own migrations. */
int copy_table_count(void);
const char *copy_table_name(int i);

typedef struct copy_count {
    const char *table;
    int64_t source, target;
} copy_count;

typedef struct copy_report {
    copy_count counts[COPY_TABLES_MAX];
    int n_counts;
    int64_t rows_copied;
    const char *mismatch;  /* the first table whose counts differ, or NULL */
    audit_verdict audit;   /* the target's audit chain after the copy */
} copy_report;

/* Called after each table is copied (for progress output); may be NULL. */
typedef void (*copy_progress_fn)(void *arg, const char *table, int64_t rows);

/* Copies src into dst. src must be at the latest migration of this datalots
 * (DL_ECONFIG otherwise) and is only read, in one snapshot; dst is migrated,
 * must hold no data (DL_ECONFLICT otherwise, nothing written) and receives
 * every row in one transaction, so a failure leaves it as empty as before.
 * On DL_OK the copy is committed and rep holds the counts of both ends
 * counted afresh and the verdict on dst's audit chain (copy_compare);
 * rep->mismatch or rep->audit.first_bad_seq say whether they agree. When the
 * counts disagree inside the transaction, it is rolled back, rep->mismatch
 * names the table and DL_EDB is returned. */
dl_err copy_store(db *src, db *dst, copy_progress_fn progress, void *arg, copy_report *rep, dl_error *e);

/* Counts the rows of every copied table in src and dst and verifies dst's
 * audit chain; fills rep (rep->mismatch: the first table that differs). */
dl_err copy_compare(db *src, db *dst, copy_report *rep, dl_error *e);

/* The tables in the store's own catalog (SQLite: sqlite_master; PostgreSQL:
 * information_schema, in the current schema), sorted, names in arena a. */
dl_err copy_catalog_tables(db *d, arena *a, const char **names, int max, int *n, dl_error *e);

/* PostgreSQL only (nothing on SQLite): moves the identity sequence of every
 * table with an auto-assigned id past the largest id copied, so the next
 * insert gets a new id. Run inside the target's transaction. */
dl_err copy_reset_identities(db *dst, dl_error *e);

#endif
