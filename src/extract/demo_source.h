/* demo_source.h — `datalots demo source`: the synthetic source database
 * that stands in for a region's clinical databases. Writes the rows of
 * demo_model.h as a SQLite file with exactly the tables and columns of
 * source_schema.h, or as SQL text that psql loads into PostgreSQL. Both
 * carry a table datalots_source(key, value): schema_version, seed,
 * patients, generated_at and a row 'synthetic' saying the data is invented
 * (docs/extract-source.md). */
#ifndef DATALOTS_DEMO_SOURCE_H
#define DATALOTS_DEMO_SOURCE_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

/* Writes a new SQLite file at sqlite_path with `patients` patients
 * (1..DEMO_MAX_PATIENTS) from seed. The file appears only when complete:
 * it is written beside the path under another name and renamed at the
 * end; on any failure nothing is left. An existing sqlite_path is refused
 * (DL_ECONFLICT). progress (may be NULL) gets a line now and then. */
dl_err demo_source_generate(const char *sqlite_path, long patients, uint64_t seed, FILE *progress, dl_error *e);

/* Writes the same data as PostgreSQL SQL to out: one transaction with
 * CREATE TABLE, a COPY … FROM stdin block per table, then the keys and
 * indexes — `datalots demo source --format sql | psql URL`. The tables must
 * not exist yet in the target database. */
dl_err demo_source_write_sql(FILE *out, long patients, uint64_t seed, FILE *progress, dl_error *e);

/* The value of the 'generated_at' row: SOURCE_DATE_EPOCH when set (for
 * reproducible files), else now; "YYYY-MM-DDTHH:MM:SSZ". */
void demo_source_generated_at(char out[32]);

#endif
