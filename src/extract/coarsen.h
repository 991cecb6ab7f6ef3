/* coarsen.h — dates made less precise before delivery, when the decision
 * says so: "2024-03-17" becomes "2024-03" (month) or "2024" (year). The
 * precision's keys ("day", "month", "year") are the ones the extraction
 * spec and the decision store. Pure. */
#ifndef DATALOTS_COARSEN_H
#define DATALOTS_COARSEN_H

#include <stddef.h>

#define DATE_PRECISIONS(X)                                         \
    X(DATE_DAY, "day", "dag", "ÅÅÅÅ-MM-DD", "YYYY-MM-DD", 10)         \
    X(DATE_MONTH, "month", "månad", "ÅÅÅÅ-MM", "YYYY-MM", 7)          \
    X(DATE_YEAR, "year", "år", "ÅÅÅÅ", "YYYY", 4)
#define DATE_PRECISION_ENUM(name, key, sv, fmt_sv, fmt_en, len) name,
typedef enum date_precision { DATE_PRECISIONS(DATE_PRECISION_ENUM) DATE_PRECISION__MAX } date_precision;
#undef DATE_PRECISION_ENUM

extern const char *const date_precision_keys[DATE_PRECISION__MAX + 1];  /* "day", …, NULL */
extern const char *const date_precision_labels_sv[DATE_PRECISION__MAX]; /* "dag", "månad", "år" */
extern const char *const date_precision_formats_sv[DATE_PRECISION__MAX]; /* "ÅÅÅÅ-MM-DD", … */
extern const char *const date_precision_formats_en[DATE_PRECISION__MAX]; /* "YYYY-MM-DD", … */

/* 0 and *out set when key is one of the keys, -1 otherwise. */
int date_precision_parse(const char *key, date_precision *out);

/* Writes the n bytes at iso, a date "YYYY-MM-DD" that exists (leap years
 * included), at precision p into out, NUL-terminated, and returns its
 * length (10, 7 or 4). An empty value (n == 0: the source's NULL) gives ""
 * and 0. Anything else — another length, a time part, 2023-02-29, an
 * unknown p — returns -1 and out is "". */
int date_coarsen(const char *iso, size_t n, date_precision p, char out[11]);

#endif
