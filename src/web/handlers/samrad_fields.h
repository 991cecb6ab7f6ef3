/* samrad_fields.h — the form field and query tables of the samråd's
 * meeting pages (included by routes.c and handlers/samrad.c), enum-indexed
 * like fields.h: a field's position is its enum value, read with form_at()
 * and query_at(). Competences come from core's one list (core/samrad.h). */
#ifndef DATALOTS_SAMRAD_FIELDS_H
#define DATALOTS_SAMRAD_FIELDS_H

#include <stdint.h>

#include "core/samrad.h"
#include "web/form.h"
#include "web/handlers/assessment_fields.h"

/* POST /samrad: a new meeting. */
enum { SAMRAD_NEW_ORG, SAMRAD_NEW_HELD_ON, SAMRAD_NEW_PLACE, SAMRAD_NEW__MAX };
static const field_spec samrad_new_fields[SAMRAD_NEW__MAX] = {
    [SAMRAD_NEW_ORG] = {.name = "org", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Organisation"},
    [SAMRAD_NEW_HELD_ON] = {.name = "held_on", .type = FIELD_DATE, .required = 1, .label_sv = "Datum"},
    [SAMRAD_NEW_PLACE] = {.name = "place", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Plats"},
};

/* POST /samrad/{id}/attendees: add one (name, competence), or remove one
 * (remove = the attendee's id). */
enum { SAMRAD_ATT_NAME, SAMRAD_ATT_COMPETENCE, SAMRAD_ATT_REMOVE, SAMRAD_ATT__MAX };
static const field_spec samrad_attendee_fields[SAMRAD_ATT__MAX] = {
    [SAMRAD_ATT_NAME] = {.name = "name", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Namn"},
    [SAMRAD_ATT_COMPETENCE] = {.name = "competence", .type = FIELD_ENUM, .enum_values = samrad_competence_keys, .label_sv = "Kompetens"},
    [SAMRAD_ATT_REMOVE] = {.name = "remove", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Ta bort"},
};

/* POST /samrad/{id}/agenda: a case to put on the agenda. */
enum { SAMRAD_AGENDA_CASE, SAMRAD_AGENDA__MAX };
static const field_spec samrad_agenda_fields[SAMRAD_AGENDA__MAX] = {
    [SAMRAD_AGENDA_CASE] = {.name = "case", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Ärende"},
};

/* POST /samrad/{id}/agenda/{case}/assessment: the samråd's assessments of
 * one case (the three from core's list at SAMRAD_AS_TEXT + its enum value),
 * the recommendation and its conditions. recommendation "none" is stored
 * as "" (no recommendation yet). */
enum {
    SAMRAD_AS_VERSION, SAMRAD_AS_RECOMMENDATION, SAMRAD_AS_CONDITIONS, SAMRAD_AS_TEXT,
    SAMRAD_AS__MAX = SAMRAD_AS_TEXT + SAMRAD_ASSESS__MAX
};
static const char *const samrad_recommendation_form_values[] = {"none", "release", "refusal", NULL};
#define SAMRAD_AS_SPEC(id, member, sv, en, subject) ASSESSMENT_FIELD(SAMRAD_AS_TEXT, id, member, sv)
static const field_spec samrad_assessment_fields[SAMRAD_AS__MAX] = {
    [SAMRAD_AS_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    [SAMRAD_AS_RECOMMENDATION] = {.name = "recommendation", .type = FIELD_ENUM, .enum_values = samrad_recommendation_form_values, .label_sv = "Rekommendation"},
    [SAMRAD_AS_CONDITIONS] = {.name = "conditions", .type = FIELD_MULTILINE, .max_len = SAMRAD_TEXT_MAX, .label_sv = "Villkor"},
    SAMRAD_ASSESSMENT_LIST(SAMRAD_AS_SPEC)
};
#undef SAMRAD_AS_SPEC

/* GET /samrad/{id}/minutes[/pdf]: the letter's language when not the page's. */
enum { SAMRAD_MIN_Q_LANG, SAMRAD_MIN_Q__MAX };
static const char *const samrad_lang_values[] = {"sv", "en", NULL};
static const field_spec samrad_minutes_query[SAMRAD_MIN_Q__MAX] = {
    [SAMRAD_MIN_Q_LANG] = {.name = "lang", .type = FIELD_ENUM, .enum_values = samrad_lang_values, .label_sv = "Språk"},
};

#endif
