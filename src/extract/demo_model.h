/* demo_model.h — what the synthetic source database holds: a deterministic
 * stream of rows (patients, care contacts, diagnoses, lab results,
 * prescriptions) with realistic distributions, for a number of patients and
 * a seed. The same patients and seed give the same rows, bit for bit, on
 * every run. Writes nothing itself: demo_source.c puts the rows in a SQLite
 * file or PostgreSQL COPY text. Pure: no I/O, no SQL. */
#ifndef DATALOTS_DEMO_MODEL_H
#define DATALOTS_DEMO_MODEL_H

#include <stdint.h>

#include "extract/source_schema.h"

/* The most patients one source may have (the serial numbers of a birth date
 * run out well above this; see demo_model.c). */
#define DEMO_MAX_PATIENTS 20000000L

/* The period the care contacts fall in, and the date ages are counted at
 * (also the last birth date). Fixed, so a seed always gives the same rows. */
#define DEMO_FIRST_DATE "2015-01-01"
#define DEMO_LAST_DATE "2025-12-31"

/* One value of a row; which member holds it follows the column's src_type in
 * source_tables[t].columns (SRC_INT: i, SRC_REAL: r, SRC_TEXT/SRC_DATE: s,
 * a date as "YYYY-MM-DD"). s points into the model's own buffers or
 * constant tables: copy it if you keep it past the call. */
typedef struct demo_cell {
    int64_t i;
    double r;
    const char *s;
} demo_cell;

/* Called once per row; the rows of each table come in ascending id order,
 * a patient's own row before the rows about them. Return 0 to go on; any
 * other value stops the run and demo_model_run returns it. */
typedef int (*demo_row_fn)(void *ctx, source_table_id table, const demo_cell *cells);

/* Generates the rows of `patients` patients (1..DEMO_MAX_PATIENTS) from
 * seed. Returns 0 when done, -1 when out of memory or patients is out of
 * range, or the callback's non-zero value. */
int demo_model_run(long patients, uint64_t seed, demo_row_fn row, void *ctx);

#endif
