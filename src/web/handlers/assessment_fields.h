/* assessment_fields.h — the form fields of the samråd's three assessments
 * (core/samrad.h, SAMRAD_ASSESSMENT_LIST), for the two forms that take
 * them: the meeting's assessment of an agenda item (samrad_fields.h) and
 * the recommend steps on a case page (case_fields.h). A table puts them at
 * base + the assessment's enum value:
 *
 *     #define AS_SPEC(id, member, sv, en, subject) ASSESSMENT_FIELD(MY_BASE, id, member, sv)
 *     ... SAMRAD_ASSESSMENT_LIST(AS_SPEC) ...
 *
 * and reads them back into a samrad_texts with assessment_texts_from(). */
#ifndef DATALOTS_ASSESSMENT_FIELDS_H
#define DATALOTS_ASSESSMENT_FIELDS_H

#include "core/samrad.h"
#include "web/form.h"

#define ASSESSMENT_FIELD(base, id, member, sv) \
    [(base) + (id)] = {.name = #member, .type = FIELD_MULTILINE, .max_len = SAMRAD_TEXT_MAX, .label_sv = sv},

/* The posted texts of fields base … base + SAMRAD_ASSESS__MAX - 1. */
static inline samrad_texts assessment_texts_from(const form *f, size_t base)
{
    samrad_texts t = {0};
    for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
        samrad_texts_set(&t, (samrad_assessment_part)p, form_at(f, base + (size_t)p)->text);
    return t;
}

#endif
