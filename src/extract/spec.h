/* spec.h — the extraction specification: what one approved case may take
 * out of the source, derived from the decision's terms and the request,
 * never from anything the extractor types. The page and the CLI show it
 * before a run; the runner reads only the columns it names and writes
 * only the approved ones.
 *
 * Who is in the population: a patient with at least one diagnosis row
 * whose ICD-10 code starts with one of the request's codes (none given:
 * at least one care contact), dated within the period, at one of the
 * units; aged within the decision's range on the period's first day.
 * What is delivered of them: their patient row, and every row of the
 * other approved tables dated within the period at one of the units. A
 * unit that refused in Process 2 is not one of the units: none of its
 * rows is read into the delivery. Pure: no I/O, no SQL. */
#ifndef DATALOTS_EXTRACT_SPEC_H
#define DATALOTS_EXTRACT_SPEC_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/release_terms.h"
#include "extract/source_schema.h"

#define SPEC_ICD_MAX 64
#define SPEC_UNITS_MAX 256
#define SPEC_COLUMNS_MAX 16     /* columns read from one table */
#define SPEC_PSEUDONYM_COLUMN (-1) /* an output column that is the patient's pseudonym (or personnummer) */

typedef struct extract_spec {
    int64_t case_id;
    const char *diary_number, *title, *organisation, *decided_at, *conditions;
    release_terms terms;
    int n_icd;
    char icd[SPEC_ICD_MAX][8];       /* "E11", "E11.9" */
    char period_from[11], period_to[11];
    int n_units;
    const char *units[SPEC_UNITS_MAX];   /* unit codes whose rows may be read */
    const char *unit_names[SPEC_UNITS_MAX];
    int n_refused;
    const char *refused[SPEC_UNITS_MAX]; /* names of units that refused (Process 2) */
} extract_spec;

/* What the spec is built from (the store fills it from the case). */
typedef struct spec_input {
    int64_t case_id;
    const char *diary_number, *title, *organisation, *decided_at, *conditions;
    const char *icd10, *period_from, *period_to;  /* the request's fields */
    const release_terms *terms;                   /* NULL: the case has no approval */
    int n_units;
    const char *const *unit_codes, *const *unit_names;
    const int *unit_refused;                      /* 1: refused in Process 2 */
} spec_input;

/* Builds the spec. DL_EINVAL with a sentence when it cannot run: no
 * approval, no approved variable, a period or code that does not parse,
 * no unit left after refusals. Strings point into in (or a). */
dl_err extract_spec_build(const spec_input *in, arena *a, extract_spec *out, dl_error *e);

/* The columns of table t the runner reads, in order, into cols (indexes
 * into source_tables[t].columns): the key, the patient reference (the
 * personnummer and birth date for patients), the unit and the date for
 * filtering, then the approved columns. Returns how many (0: the table is
 * not read). */
int extract_spec_read_columns(const extract_spec *s, source_table_id t, int cols[SPEC_COLUMNS_MAX]);

/* The columns delivered of table t, in order: SPEC_PSEUDONYM_COLUMN first,
 * then the approved columns (for the patient table, personnummer is never
 * one of them: it is the first column's source). Returns how many; 0: the
 * table is not delivered. */
int extract_spec_output_columns(const extract_spec *s, source_table_id t, int cols[SPEC_COLUMNS_MAX]);

/* The CSV header name of an output column. */
const char *extract_spec_column_name(const extract_spec *s, source_table_id t, int col);

/* Is the patient in the population by the diagnosis rows' rule: 1 when
 * code (n bytes) starts with one of the spec's codes (the dot optional:
 * "E119" matches "E11.9"), or the spec has none. */
int extract_spec_icd_matches(const extract_spec *s, const char *code, size_t n);
/* 1 when unit (n bytes) is one of the spec's units. */
int extract_spec_unit_allowed(const extract_spec *s, const char *unit, size_t n);
/* 1 when a patient born on birth (YYYY-MM-DD) is within the age range on
 * the period's first day (or there is no range). */
int extract_spec_age_ok(const extract_spec *s, const char *birth, size_t n);

#endif
