/* migrate.c — applies the numbered SQL files of src/db/migrations (embedded
 * at build time, sorted by name: 0001_…sql, 0002_…sql) that the store has not
 * seen, each inside one transaction together with its schema_migrations row,
 * so a failed migration leaves the store as it was. */
#include "db/db.h"
#include "db/dialect.h"
#include "core/alloc.h"
#include "core/embedded.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const create_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version TEXT PRIMARY KEY,"
    " applied_at TEXT NOT NULL)";

static dl_err migrate_locked(db *d, int *applied, dl_error *e);

dl_err db_migrate(db *d, int *applied, dl_error *e)
{
    const char *lock = dialect_migration_lock_sql(db_backend_of(d));
    if (lock) {
        dl_err rc = db_exec(d, lock, e);
        if (rc != DL_OK) return rc;
    }
    dl_err rc = migrate_locked(d, applied, e);
    const char *unlock = dialect_migration_unlock_sql(db_backend_of(d));
    if (unlock) db_exec(d, unlock, NULL);
    return rc;
}

static dl_err migrate_locked(db *d, int *applied, dl_error *e)
{
    int count = 0;
    dl_err rc = db_exec(d, create_table, e);
    if (rc != DL_OK) return rc;
    for (const struct embedded_file *f = embedded_migrations; f->name; f++) {
        /* Checked inside the write transaction: when several servers start
         * on a fresh store at once, the later ones see the earlier's work. */
        rc = db_begin(d, e);
        if (rc != DL_OK) return rc;
        int64_t seen = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", &seen, e, "t", f->name);
        if (rc != DL_OK || seen) {
            db_rollback(d);
            if (rc != DL_OK) return rc;
            continue;
        }
        char *sql = dialect_rewrite_migration(db_backend_of(d), (const char *)f->data);
        if (!sql) {
            db_rollback(d);
            return dl_fail(e, DL_ENOMEM, "out of memory reading migration %s", f->name);
        }
        rc = db_exec(d, sql, e);
        dl_free(sql);
        if (rc == DL_OK) {
            char now[32];
            time_t t = time(NULL);
            struct tm tm;
            gmtime_r(&t, &tm);
            strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
            rc = db_run(d, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)", e, "tt", f->name, now);
        }
        if (rc == DL_OK) rc = db_commit(d, e);
        if (rc != DL_OK) {
            char why[sizeof e->msg + 1];
            snprintf(why, sizeof why, "%s", e ? e->msg : "");
            db_rollback(d);
            return dl_fail(e, rc, "migration %s failed and was rolled back: %s", f->name, why);
        }
        count++;
    }
    if (applied) *applied = count;
    return DL_OK;
}
