/* source_fixture.h — a tiny clinical source for the source-connector tests:
 * CREATE TABLE for every table of source_tables[] (optionally leaving one
 * column out) and a few hand-written patients and lab results, in SQLite or
 * PostgreSQL; and the rows every backend must read back from it. */
#ifndef DATALOTS_SOURCE_FIXTURE_H
#define DATALOTS_SOURCE_FIXTURE_H

#include "extract/source_schema.h"

#define SOURCE_FIXTURE_LAB_ROWS 7
#define SOURCE_FIXTURE_LAB_COLS 7
/* lab_result, all columns in schema order, as the connectors must give them
 * (NULL = SQL NULL). */
extern const char *const source_fixture_lab[SOURCE_FIXTURE_LAB_ROWS][SOURCE_FIXTURE_LAB_COLS];

/* Fills a new SQLite source at path (left in rollback-journal mode, as a
 * generator would). skip_table/skip_column: a column not to create (-1: all).
 * Fails the test and exits on error. */
void source_fixture_sqlite(const char *path, int skip_table, int skip_column);

/* With DATALOTS_TEST_PG set: fills a new schema of that database and writes
 * the source URL (search_path set to it) to url; 0. Without: -1 (skip). */
int source_fixture_pg(char *url, size_t cap, int skip_table, int skip_column);
/* The same schema as an ODBC connection string through psqlodbc
 * (call after source_fixture_pg). */
int source_fixture_pg_odbc(char *cs, size_t cap);

#endif
