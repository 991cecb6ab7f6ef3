/* source_schema.h — the source database an extraction reads: the tables and
 * columns of a region's clinical data as datalots knows them, listed once.
 * The synthetic demo source (demo_source.c) creates exactly these; the data
 * dictionary (store/dictionary.c) describes them per organisation; the
 * extraction spec (spec.c) names its variables as "table.column" from here;
 * the runner builds its SELECTs from these constant names only (identifiers
 * cannot be bound parameters; no value ever enters SQL text). A region whose
 * warehouse looks different maps it to these names with views.
 * Pure: no I/O, no SQL. */
#ifndef DATALOTS_SOURCE_SCHEMA_H
#define DATALOTS_SOURCE_SCHEMA_H

#include <stddef.h>

/* How a value is stored and written (CSV as text; XLSX typed). */
typedef enum src_type { SRC_INT, SRC_REAL, SRC_TEXT, SRC_DATE } src_type;

/* How sensitive a variable is. A direct identifier is never delivered as
 * it is: it is replaced by the case's pseudonym (crypto/pseudonym.h). A
 * quasi-identifier (birth date, municipality, sex) identifies in
 * combination: dates are coarsened and small cells suppressed on it when
 * the decision says so. */
#define SENSITIVITY_CLASSES(X)                                                            \
    X(SENS_DIRECT_ID, "direct_identifier", "Direkt identifierande")                      \
    X(SENS_QUASI_ID, "quasi_identifier", "Indirekt identifierande")                      \
    X(SENS_HEALTH, "health", "Känslig uppgift om hälsa")                                 \
    X(SENS_ADMIN, "administrative", "Administrativ uppgift")
#define SENS_ENUM(name, key, label) name,
typedef enum sensitivity { SENSITIVITY_CLASSES(SENS_ENUM) SENS__MAX } sensitivity;
#undef SENS_ENUM
extern const char *const sensitivity_keys[SENS__MAX + 1];
extern const char *const sensitivity_labels_sv[SENS__MAX];

/* The tables. Every table has an integer key `id` (ascending; the runner
 * reads in key order, which makes a run resumable) and, except `patient`,
 * a `patient_id` that refers to patient.id. */
/* In this order the runner reads them (patients first). */
typedef enum source_table_id { SRC_PATIENT, SRC_CONTACT, SRC_DIAGNOSIS, SRC_LAB, SRC_PRESCRIPTION, SRC_TABLE__MAX } source_table_id;

typedef struct source_column {
    const char *name;           /* SQL column name, [a-z_][a-z0-9_]* */
    src_type type;
    sensitivity sens;
    const char *label_sv;       /* short Swedish label (msgid) */
    const char *description_sv; /* a sentence for the dictionary (msgid) */
} source_column;

typedef struct source_table {
    const char *name;           /* SQL table name */
    const char *label_sv;
    const source_column *columns;
    int n_columns;              /* columns[0] is always `id` */
    int patient_column;         /* index of patient_id (-1 for patient: its id is the patient) */
    int unit_column;            /* index of unit_code, -1 if none */
    int date_column;            /* index of the date the period filters on, -1 if none */
} source_table;

extern const source_table source_tables[SRC_TABLE__MAX];

/* The source schema's version: the demo generator writes it into table
 * `datalots_source` (key 'schema_version'). */
#define SOURCE_SCHEMA_VERSION 1

/* A variable named "table.column": 0 and *table, *column set when it
 * exists, -1 otherwise. n is the length of name. */
int source_variable_find(const char *name, size_t n, source_table_id *table, int *column);

#endif
