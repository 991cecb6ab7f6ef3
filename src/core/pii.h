/* pii.h — finds personal data in free text before it is published
 * (issue 13): personnummer, samordningsnummer, e-mail addresses, Swedish
 * phone numbers and names from a built-in list, and replaces what was found
 * with a Swedish marker. Pure: no I/O, no clock (today's date is passed in).
 * The rules, what is not detected, and the measured recall are in
 * docs/pii.md; `datalots pii scan` (src/cli/cmd_pii.c) runs it from the
 * shell. */
#ifndef DATALOTS_PII_H
#define DATALOTS_PII_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/strbuf.h"

/* The kinds of personal data, listed once: enum name, the key used in JSON
 * (`datalots pii scan`), the Swedish label, and the marker pii_redact()
 * writes in place of the text. The order is the specificity: when two
 * candidates cover the same place and are equally long, the earlier kind
 * wins. */
#define PII_TYPES(X)                                                                               \
    X(PII_PERSONNUMMER, "personnummer", "Personnummer", "[personnummer borttaget]")               \
    X(PII_SAMORDNINGSNUMMER, "samordningsnummer", "Samordningsnummer", "[samordningsnummer borttaget]") \
    X(PII_EMAIL, "email", "E-postadress", "[e-postadress borttagen]")                             \
    X(PII_PHONE, "phone", "Telefonnummer", "[telefonnummer borttaget]")                           \
    X(PII_NAME, "name", "Namn", "[namn borttaget]")

typedef enum pii_type {
#define PII_ENUM(id, key, label, marker) id,
    PII_TYPES(PII_ENUM)
#undef PII_ENUM
    PII_TYPE__COUNT
} pii_type;

/* "personnummer", "email", …; "?" for an out-of-range value. */
const char *pii_type_key(pii_type t);
/* "Personnummer", "E-postadress", … (Swedish, for pages). */
const char *pii_type_label_sv(pii_type t);
/* "[personnummer borttaget]", … */
const char *pii_type_marker(pii_type t);
/* The type whose key is the n bytes at s; -1 when none. */
int pii_type_from_key(const char *s, size_t n);

/* One finding: [start, end) in bytes and [cp_start, cp_end) in Unicode code
 * points of the scanned text (end exclusive). */
typedef struct pii_span {
    size_t start, end;
    size_t cp_start, cp_end;
    pii_type type;
} pii_span;

typedef struct pii_spans {
    pii_span *v;
    size_t n, cap;
} pii_spans;

void pii_spans_free(pii_spans *s);

/* Scans the len bytes at text (need not be NUL-terminated; any bytes are
 * safe, but code-point offsets are only meaningful for valid UTF-8).
 * today_yyyymmdd (e.g. 20261206) resolves two-digit years and rejects
 * birth dates in the future. Replaces out's contents with the findings,
 * sorted by start, never overlapping (one span per place: the longest
 * candidate wins, then the more specific type). Returns DL_OK, DL_ENOMEM,
 * or DL_EINTERNAL when today_yyyymmdd is not a date. */
dl_err pii_scan(const char *text, size_t len, int64_t today_yyyymmdd, pii_spans *out, dl_error *e);

/* Appends text to out with each span replaced by its type's marker. The
 * spans (byte offsets) must be sorted, not overlapping, and inside len;
 * otherwise returns DL_EINVAL and appends nothing. DL_ENOMEM when out ran
 * out of memory. */
dl_err pii_redact(const char *text, size_t len, const pii_span *spans, size_t n, strbuf *out, dl_error *e);

/* The built-in name lists (src/core/pii_names.c), sorted bytewise (strcmp),
 * for the tests. */
extern const char *const pii_first_names[];
extern const size_t pii_first_names_count;
extern const char *const pii_surnames[];
extern const size_t pii_surnames_count;
/* 1 when the n bytes at s are exactly an entry of the list. */
int pii_name_in(const char *const *list, size_t count, const char *s, size_t n);

#endif
