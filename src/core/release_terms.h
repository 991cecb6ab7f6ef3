/* release_terms.h — what an approving decision releases, in the form the
 * extraction reads: the approved variables, how dates are coarsened, the
 * smallest cell shown, an age range, whether identities become pseudonyms,
 * and the destroy-by date. The decider sets them with the decision; the
 * extraction spec (extract/spec.c) is derived from them and from the
 * request, and nothing outside them can be extracted.
 * Pure: no I/O, no SQL. */
#ifndef DATALOTS_RELEASE_TERMS_H
#define DATALOTS_RELEASE_TERMS_H

#include <stddef.h>

#include "core/err.h"
#include "extract/coarsen.h"
#include "extract/source_schema.h"

#define RELEASE_VARIABLES_MAX 64   /* every column of the source schema fits */
#define RELEASE_SMALL_CELL_MAX 100 /* a larger threshold would hide nearly everything */
#define RELEASE_AGE_MAX 130

typedef struct release_variable {
    source_table_id table;
    int column;
} release_variable;

typedef struct release_terms {
    int n_variables;
    release_variable variables[RELEASE_VARIABLES_MAX]; /* in schema order, no duplicates */
    date_precision dates;
    int small_cell_min;  /* 0: no suppression; else 2..RELEASE_SMALL_CELL_MAX */
    int age_min, age_max; /* -1: no bound; age at the period's first day */
    int pseudonymise;    /* 1: personnummer replaced by the case's pseudonym */
    char destroy_by[11]; /* YYYY-MM-DD, "" none */
} release_terms;

/* The defaults a decision form starts from: the requested variables that
 * exist in the schema (parsed from the request's text), days, no
 * suppression, no age bound, pseudonymised, no destroy-by date. */
void release_terms_default(release_terms *t, const char *requested_variables);

/* Parses the variables of text ("table.column" keys separated by new
 * lines, commas, semicolons or spaces) into t, in schema order. Words that
 * are not keys are ignored when lenient, else an error naming the first.
 * The row id (column 0) and a table's patient reference are not variables
 * one can ask for. */
dl_err release_terms_parse_variables(release_terms *t, const char *text, int lenient, dl_error *e);

/* The keys of t's variables, one per line, into out (NUL-terminated);
 * returns the length, or -1 if it does not fit. */
int release_terms_variables_text(const release_terms *t, char *out, size_t outsz);

/* Checks a decision's terms: at least one variable, each one asked for in
 * the request (requested: the request's variables text) — a decision may
 * narrow what was asked, never widen it; the threshold and ages in range;
 * the destroy-by date a real date after today (today: YYYY-MM-DD); a
 * release without pseudonyms only when the request says patients will be
 * contacted. */
dl_err release_terms_check(const release_terms *t, const char *requested, int contacts_patients, const char *today,
                           dl_error *e);

/* 1 when t releases column `column` of table `table`. */
int release_terms_has(const release_terms *t, source_table_id table, int column);

#endif
