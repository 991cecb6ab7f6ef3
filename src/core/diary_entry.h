/* diary_entry.h — what a diary registration must hold, and the rules it must
 * meet before the store sees it (no SQL here). */
#ifndef DATALOTS_DIARY_ENTRY_H
#define DATALOTS_DIARY_ENTRY_H

#include <stdint.h>
#include "core/err.h"

typedef struct diary_input {
    int64_t org_id;          /* the organisation (förvaltning) whose diary it is */
    const char *doc_date;    /* YYYY-MM-DD: the document's own date */
    const char *direction;   /* "in", "out", "internal" */
    const char *counterpart; /* sender or recipient */
    const char *subject;     /* what the document is about */
    int confidential;        /* 1: counterpart and subject are masked in public */
    const char *legal_ref;   /* required when confidential, e.g. "OSL 25 kap. 1 §" */
    int64_t corrects_id;     /* 0, or the entry this one corrects */
} diary_input;

enum { DIARY_TEXT_MAX = 500, DIARY_LEGAL_REF_MAX = 120 };

/* DL_EINVAL with a Swedish sentence naming the field when a rule is broken. */
dl_err diary_input_check(const diary_input *in, dl_error *e);

/* Swedish label of a direction key, or NULL if unknown. */
const char *diary_direction_label_sv(const char *key);

#endif
