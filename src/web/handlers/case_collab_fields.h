/* case_collab_fields.h — the forms of working together on a case
 * (handlers/case_collab.c): taking it (with an optional handover note),
 * releasing or handing it over, and the internal notes. */
#ifndef DATALOTS_CASE_COLLAB_FIELDS_H
#define DATALOTS_CASE_COLLAB_FIELDS_H

#include "store/case_claim.h"
#include "web/form.h"

/* POST /cases/{id}/claim and /cases/{id}/release: note; release also to (a colleague's account id). */
enum { CLAIM_NOTE, CLAIM_TO, CLAIM__MAX };
static const field_spec case_claim_form[CLAIM__MAX] = {
    [CLAIM_NOTE] = {.name = "note", .type = FIELD_MULTILINE, .max_len = CASE_NOTE_MAX, .label_sv = "Överlämningsanteckning"},
    [CLAIM_TO] = {.name = "to", .type = FIELD_INT, .min = 0, .max = INT64_MAX, .label_sv = "Lämna över till"},
};

/* POST /cases/{id}/notes */
enum { NOTE_BODY, NOTE__MAX };
static const field_spec case_note_form[NOTE__MAX] = {
    [NOTE_BODY] = {.name = "body", .type = FIELD_MULTILINE, .required = 1, .max_len = CASE_NOTE_MAX,
                   .label_sv = "Intern anteckning"},
};

#endif
