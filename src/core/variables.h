/* variables.h — the "Variabler som efterfrågas" field of a request, read
 * and written: the source-schema variables ("table.column", see
 * extract/source_schema.h) the applicant ticked, one per line, and any
 * free text they typed below. The request form, the case page and the
 * extraction spec all read the field through variables_parse, so a key is
 * recognised the same way everywhere. Pure: no I/O, no SQL. */
#ifndef DATALOTS_VARIABLES_H
#define DATALOTS_VARIABLES_H

#include <stddef.h>

#include "core/arena.h"

/* Bytes of a key with its NUL ("prescription.prescribed_date" is 29). */
#define VARIABLE_KEY_SIZE 64

/* Splits text into lines and each line at commas. A piece that is, after
 * trimming spaces and tabs, a variable of the source schema becomes a key:
 * keys are written to keys[0..max) in the order they first occur, each
 * once. Everything else is kept as free text in *other_text (allocated in
 * a, never NULL on success): a line with no key exactly as it was, a line
 * with keys as its remaining pieces joined by ", " (dropped when none
 * remain), leading and trailing blank lines removed. A key beyond max
 * stays in the free text: nothing is lost. Case matters ("Patient.sex" is
 * free text). text NULL reads as "". Returns the number of keys, or -1 when
 * a ran out of memory. */
int variables_parse(arena *a, const char *text, char keys[][VARIABLE_KEY_SIZE], int max, const char **other_text);

/* The field's text: keys one per line, then (after an empty line when
 * there are keys) other_text as it is. Allocated in a; NULL when out of
 * memory. */
char *variables_join(arena *a, const char *const *keys, int n_keys, const char *other_text);

#endif
