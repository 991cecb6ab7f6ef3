/* samrad_minutes.h — the minutes of a samråd meeting as a letter: fills the
 * document model (report/doc.h) in Swedish or English, like case_letters.h:
 * the organisation as letterhead, Diarienummer and Datum, the place, the
 * attendees by competence, and per case on the agenda its diary number and
 * title, the three assessments, whether the confidentiality review is
 * documented (never its text: it is a separate, confidential document), the
 * recommendation and its conditions, or that the case was tabled
 * ("bordlagt"). Every word is in this module's own tables. */
#ifndef DATALOTS_SAMRAD_MINUTES_H
#define DATALOTS_SAMRAD_MINUTES_H

#include <stddef.h>

#include "core/err.h"
#include "core/samrad.h"
#include "report/doc.h"

typedef struct samrad_minutes_attendee {
    const char *name;
    const char *competence;   /* a key of samrad_competence_keys */
} samrad_minutes_attendee;

typedef struct samrad_minutes_item {
    const char *diary_number, *title;
    samrad_texts texts;         /* the three assessments */
    int review_documented;
    const char *recommendation; /* "release" | "refusal" | "" */
    const char *conditions;
    int tabled;                 /* 1: no recommendation made at the meeting */
} samrad_minutes_item;

typedef struct samrad_minutes_input {
    const char *lang;           /* "sv" (NULL too) or "en" */
    const char *org_name;       /* required */
    const char *number;         /* the minutes' diary number ("" before the meeting is held) */
    const char *held_on;        /* YYYY-MM-DD */
    const char *place;
    int held;                   /* 0: a draft of the agenda, marked as such */
    const samrad_minutes_attendee *attendees;
    size_t n_attendees;
    const samrad_minutes_item *items;
    size_t n_items;
} samrad_minutes_input;

/* Fills d (new, empty). DL_EINVAL without an organisation or with another
 * language than sv/en; else the model's first error. */
dl_err samrad_minutes_build(doc *d, const samrad_minutes_input *in, dl_error *e);

#endif
