/* source.h — a read-only connection to the clinical source an extraction
 * reads: SQLite, PostgreSQL directly, or any database through unixODBC (a
 * region's warehouse, often SQL Server through FreeTDS). The runner checks
 * that the tables and columns of the approved variables exist, then reads
 * a table in key order in batches, resuming after the last key it has
 * (source_read), or the rows of given patients (source_read_patients).
 *
 * Values come back as text, the same on every backend, so outputs compare
 * equal whichever way the source was reached: integers in decimal, reals
 * as "%.15g", dates YYYY-MM-DD (a timestamp in a date column is cut to
 * its date), text as UTF-8, SQL NULL as a NULL cell.
 *
 * Secrets: a URL may hold a password. It never appears in an error message
 * or log line from here: errors name the kind and the host/path only, and
 * every message is scrubbed of the URL and its password before it is
 * returned (a driver may quote a fragment of what it was given).
 *
 * After a failed read (a lost connection, a source restarted) the source
 * stays safe to close; the runner closes it and opens a new one to resume
 * from its last checkpoint. Not thread-safe: one source per thread. */
#ifndef DATALOTS_SOURCE_H
#define DATALOTS_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "extract/source_schema.h"

typedef struct source source;

/* url: "sqlite:PATH"            sqlite3_open_v2(SQLITE_OPEN_READONLY) and
 *                               PRAGMA query_only=1; a missing file is an
 *                               error (never created)
 *      "postgresql://…", "postgres://…"
 *                               libpq; the session is read-only
 *                               (default_transaction_read_only=on, checked)
 *                               and every read runs in autocommit
 *      "odbc:CONNECTION-STRING" unixODBC SQLDriverConnect, asked for
 *                               SQL_MODE_READ_ONLY (drivers may ignore it:
 *                               the account should be read-only too)
 * Free with source_close(). */
dl_err source_open(const char *url, source **out, dl_error *e);
void source_close(source *s); /* NULL is fine */

/* "SQLite", "PostgreSQL", "ODBC". */
const char *source_kind_name(const source *s);
/* The kind and where, never a secret: "SQLite /data/source.db",
 * "PostgreSQL db.region.se:5432/warehouse", "ODBC FreeTDS dw01/warehouse". */
const char *source_display_name(const source *s);

/* Checks that table t and each of its columns cols[0..n_cols) (indexes into
 * source_tables[t].columns) exist. DL_EINVAL with a sentence naming the
 * first missing one, e.g. "the source has no column lab_result.value_unit:
 * the extraction cannot run until the source has it or the decision drops
 * that variable"; DL_EDB when the source could not be asked. */
dl_err source_check(source *s, source_table_id t, const int *cols, int n_cols, dl_error *e);

typedef struct source_rows {
    int n_rows, n_cols;
    const char **cells; /* n_rows × n_cols, row-major, in arena a; NULL = SQL NULL; NUL-terminated */
    size_t *lens;       /* byte length of each cell */
    int64_t last_key;   /* id of the last row (the input `after` when n_rows == 0) */
} source_rows;

/* SELECT <cols> FROM <t> WHERE id > after [AND <date col> >= date_from]
 * [AND <date col> <= date_to] ORDER BY id, at most `limit` rows.
 * cols[0] must be 0 (id). date_from / date_to ("YYYY-MM-DD") may each be
 * NULL for no bound; tables without a date column ignore them. The rows
 * live in arena a (reset it between batches). n_rows < limit means the
 * table is done. */
dl_err source_read(source *s, arena *a, source_table_id t, const int *cols, int n_cols, int64_t after, int limit,
                   const char *date_from, const char *date_to, source_rows *out, dl_error *e);

/* The same, asking the source to return only rows whose column
 * prefix_col matches one of the LIKE patterns (at most
 * SOURCE_PREFIXES_MAX, each of letters, digits, '.' and a final '%'): less
 * to read and send. A backend that cannot (ODBC) returns every row; the
 * caller filters the rows itself either way, so the pattern may only ever
 * be wider than its own test. through > 0 also bounds the keys looked at
 * (id <= through): a filter that matches one row in a thousand would
 * otherwise have one read scan the whole table, a burst a throttle cannot
 * pace. out->last_key is then `through` when the read did not fill its
 * limit (the keys up to it are done, matched or not). */
#define SOURCE_PREFIXES_MAX 32
dl_err source_read_prefixed(source *s, arena *a, source_table_id t, const int *cols, int n_cols, int64_t after,
                            int64_t through, int limit, const char *date_from, const char *date_to, int prefix_col,
                            const char *const *prefixes, int n_prefixes, source_rows *out, dl_error *e);

/* Rows of table t that belong to the patients ids[0..n_ids) (1 ≤ n_ids ≤
 * SOURCE_IDS_PER_READ), read through the source's index on the table's
 * patient column (the patient table: its id), in the order of that
 * column, then id; at most `limit` rows. A read that fills the limit goes
 * on with the same ids from the last row: after_patient its patient,
 * after_id its id (both 0 to start).
 *   SELECT <cols> FROM <t> WHERE <patient> IN (…)
 *     AND (<patient> > after_patient OR (<patient> = after_patient AND id > after_id))
 *     [AND <date col> >= date_from] [AND <date col> <= date_to]
 *   ORDER BY <patient>, id
 * A population of a few per cent of the patients is read without passing
 * the rest: what a source's clinical load and a delivery's time both want.
 * cols[0] must be 0 (id); for a table other than patient, cols must hold
 * its patient column (the caller needs it to go on). The statement always
 * has SOURCE_IDS_PER_READ places (fewer ids: the last one repeated), so
 * one prepared statement serves every read. */
#define SOURCE_IDS_PER_READ 64
dl_err source_read_patients(source *s, arena *a, source_table_id t, const int *cols, int n_cols, const int64_t *ids,
                            int n_ids, int64_t after_patient, int64_t after_id, int limit, const char *date_from,
                            const char *date_to, source_rows *out, dl_error *e);

#endif
