/* versioned.h — optimistic concurrency for editable records. Every editable
 * table has a `version` column; an edit names the version it started from:
 *   UPDATE t SET …, version = version + 1 WHERE id = ? AND version = ?
 *   RETURNING version
 * and versioned_finish() tells a stale edit (DL_ECONFLICT: someone else
 * changed the row meanwhile) from a missing row (DL_ENOTFOUND). Nothing is
 * ever overwritten silently; the page shows what changed. */
#ifndef DATALOTS_STORE_VERSIONED_H
#define DATALOTS_STORE_VERSIONED_H

#include <stdint.h>
#include "db/db.h"

/* Steps the prepared versioned UPDATE s (and releases it). exists_sql
 * counts rows with id = ?. */
dl_err versioned_finish(db *d, db_stmt *s, const char *exists_sql, int64_t id, dl_error *e);

#endif
