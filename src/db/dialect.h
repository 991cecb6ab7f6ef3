/* dialect.h — every SQL difference between SQLite and PostgreSQL, in one
 * place. Migrations are written once with these tokens, replaced when applied:
 *   @ID@        an auto-assigned 64-bit primary key column type
 *   @BLOB@      a byte-string column type
 * Statements themselves use `?` placeholders (pg.c rewrites them to $n),
 * INSERT … RETURNING and ON CONFLICT … DO UPDATE, which both accept. Times
 * are stored as ISO 8601 UTC text or as epoch seconds (BIGINT), computed in C,
 * so no time function of either store is needed. */
#ifndef DATALOTS_DIALECT_H
#define DATALOTS_DIALECT_H

#include "db/db.h"

/* The statement that opens a write transaction. */
const char *dialect_begin_sql(db_backend kind);
/* The statement that opens a read-only transaction seeing one snapshot. */
const char *dialect_begin_read_sql(db_backend kind);

/* Statements taken around applying migrations, so app servers starting at
 * once on a fresh store do not race (PostgreSQL: a session advisory lock;
 * SQLite: nothing — BEGIN IMMEDIATE serialises). NULL when not needed. */
const char *dialect_migration_lock_sql(db_backend kind);
const char *dialect_migration_unlock_sql(db_backend kind);

/* The query listing the store's own tables (one column: the name), for
 * checks that every table is handled. */
const char *dialect_list_tables_sql(db_backend kind);

/* After rows were inserted with explicit ids: the statement that moves
 * table's id generator past them (newly allocated; free with dl_free), or
 * NULL where nothing is needed (SQLite's INTEGER PRIMARY KEY follows MAX
 * by itself). table is a name from the schema, never user input. */
char *dialect_identity_reset_sql(db_backend kind, const char *table);

/* Returns a newly allocated copy of migration SQL with the tokens replaced
 * (free with dl_free), or NULL on out-of-memory. */
char *dialect_rewrite_migration(db_backend kind, const char *sql);

#endif
