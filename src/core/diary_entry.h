/* diary_entry.h — what a diary registration must hold, and the rules it must
 * meet before the store sees it (no SQL here). */
#ifndef DATALOTS_DIARY_ENTRY_H
#define DATALOTS_DIARY_ENTRY_H

#include <stdint.h>
#include "core/err.h"

typedef struct diary_input {
    int64_t org_id;          /* the organisation (förvaltning) whose diary it is */
    const char *doc_date;    /* YYYY-MM-DD: the document's own date */
    const char *direction;   /* a key of diary_direction_keys: "in", "out", "internal" */
    const char *counterpart; /* sender or recipient */
    const char *subject;     /* what the document is about */
    int confidential;        /* 1: counterpart and subject are masked in public */
    const char *legal_ref;   /* required when confidential, e.g. "OSL 25 kap. 1 §" */
    int64_t corrects_id;     /* 0, or the entry this one corrects */
} diary_input;

enum { DIARY_TEXT_MAX = 500, DIARY_LEGAL_REF_MAX = 120 };

/* DL_EINVAL with a Swedish sentence naming the field when a rule is broken. */
dl_err diary_input_check(const diary_input *in, dl_error *e);

/* A document's direction: received, sent, or drawn up here. */
typedef enum diary_direction { DIARY_IN, DIARY_OUT, DIARY_INTERNAL, DIARY_DIRECTION__MAX } diary_direction;
/* Keys indexed by diary_direction, NULL-terminated: the one list forms and
 * pages use (the CHECK on diary_entry.direction in migration 0001 repeats
 * them; a new direction needs a migration too). */
extern const char *const diary_direction_keys[DIARY_DIRECTION__MAX + 1];
/* The diary_direction of a key, or -1. */
int diary_direction_from_key(const char *key);
/* Swedish label of a direction key, or NULL if unknown. */
const char *diary_direction_label_sv(const char *key);

#endif
