/* store_version.h — the store's change counter: one number that every write
 * to a table that pages show raises, in the writing transaction itself
 * (triggers from migration 0011, @VERSIONED in src/db/dialect.c). A reader
 * that saw the same number before and after has seen nothing change, on any
 * server sharing the store. The page cache (web/page_cache.h) keys on it. */
#ifndef DATALOTS_STORE_VERSION_H
#define DATALOTS_STORE_VERSION_H

#include <stdint.h>
#include "db/db.h"

dl_err store_version_read(db *d, int64_t *n, dl_error *e);

/* The tables without the triggers, each written while people only read
 * (a session's last activity, the sign-in throttles): counting them would
 * make every page read a change. Every other table must be versioned; a
 * unit test checks the catalog against this list. */
int store_version_exempt(const char *table);

#endif
