/* retention.h — the retention schedule's rules (gallring), pure: the two
 * kinds of thing a rule covers, a rule's bounds, and the day a document
 * falls due for disposal. The schedule itself is a table in the store
 * (store/retention.h), seeded by migration 0042 and changed with
 * `datalots retention set`. No I/O, no SQL. */
#ifndef DATALOTS_RETENTION_H
#define DATALOTS_RETENTION_H

#include <stddef.h>

/* What a rule covers: each listed once (enum name, stored key, Swedish
 * label, a msgid). */
#define RETENTION_TARGET_LIST(X)                                      \
    X(RETENTION_DOCUMENT, "document", "Ärendets handling")           \
    X(RETENTION_ATTACHMENT, "attachment", "Bifogad fil")

#define RETENTION_ENUM_NAME(name, key, label) name,
typedef enum retention_target { RETENTION_TARGET_LIST(RETENTION_ENUM_NAME) RETENTION_TARGET__MAX } retention_target;
#undef RETENTION_ENUM_NAME

#define RETENTION_KEEP (-1)        /* kept for ever (bevaras) */
#define RETENTION_YEARS_MAX 100
#define RETENTION_KIND_MAX 40      /* a kind is [a-z_], 1..40 bytes */
#define RETENTION_BASIS_MAX 400    /* the basis: UTF-8 text, 1..400 bytes */

const char *retention_target_key(retention_target t);      /* NULL if out of range */
const char *retention_target_label_sv(retention_target t); /* "" if out of range */
int retention_target_from_key(const char *key, retention_target *out); /* 0 or -1 */

/* Checks a rule as typed; 0, or -1 with *msg_sv a Swedish sentence that
 * says what to change. keep_years: RETENTION_KEEP or 0..RETENTION_YEARS_MAX. */
int retention_rule_check(const char *kind, long keep_years, const char *basis, const char **msg_sv);

/* The day a document of a case closed on closed_on ("YYYY-MM-DD") falls due
 * when it is kept keep_years: the same day keep_years later (29 February
 * becomes 28 February in a year without it). 0 and out, or -1 when
 * closed_on is no date or the rule keeps the document. */
int retention_due_on(const char *closed_on, long keep_years, char out[11]);

#endif
