/* fixture.h — shared set-up for the store tests: a migrated SQLite store in
 * the test's scratch directory, and a few helpers that make rows. Tests that
 * call these abort with a message (and fail) if the set-up itself breaks. */
#ifndef DATALOTS_TEST_FIXTURE_H
#define DATALOTS_TEST_FIXTURE_H

#include <stdint.h>

#include "db/db.h"
#include "core/roles.h"

/* "sqlite:<test_tmpdir()>/t.db", or with DATALOTS_TEST_PG set a PostgreSQL
 * URL whose search_path is a fresh schema for this test (static buffer). */
const char *fixture_url(void);
/* 1 when the tests run on PostgreSQL. */
int fixture_is_pg(void);
/* Opens fixture_url() and migrates it; aborts the test on failure. */
db *fixture_store(void);
/* Opens fixture_url() without migrating (for migration tests). */
db *fixture_open_raw(void);

/* Inserts an organisation unit in a transaction of its own; returns its id. */
int64_t fixture_org(db *d, int64_t parent_id, org_kind kind, const char *name,
                    const char *code, const char *diary_format);
/* Inserts a user row directly (no password hashing); returns its id. */
int64_t fixture_user(db *d, const char *username);

/* One-integer query without parameters; aborts the test on error. */
int64_t fixture_int(db *d, const char *sql);
/* Runs SQL text (may hold several statements); aborts the test on error. */
void fixture_exec(db *d, const char *sql);

/* Sets TZ and calls tzset(). */
void fixture_tz(const char *tz);

/* The runner ends each test with _exit(), which skips LeakSanitizer's check
 * at exit; this runs it now. 1 when no leak was found (or no LSan is linked),
 * 0 when LSan reported a leak on stderr. */
int fixture_no_leaks(void);

#endif
