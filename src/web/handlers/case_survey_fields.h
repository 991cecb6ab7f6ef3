/* case_survey_fields.h — the satisfaction survey's link and answer
 * (handlers/case_survey.c), enum-indexed like fields.h. The token travels
 * in the query (?t=) and the form, never in the path, so it stays out of
 * the access log. */
#ifndef DATALOTS_CASE_SURVEY_FIELDS_H
#define DATALOTS_CASE_SURVEY_FIELDS_H

#include "web/form.h"

enum { SURVEY_Q_TOKEN, SURVEY_Q__MAX };
static const field_spec case_survey_query[SURVEY_Q__MAX] = {
    [SURVEY_Q_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
};

static const char *const case_survey_scores[] = {"1", "2", "3", "4", "5", NULL};
enum { SURVEY_TOKEN, SURVEY_SCORE, SURVEY_COMMENT, SURVEY__MAX };
static const field_spec case_survey_fields[SURVEY__MAX] = {
    [SURVEY_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
    [SURVEY_SCORE] = {.name = "betyg", .type = FIELD_ENUM, .required = 1, .enum_values = case_survey_scores,
                      .label_sv = "Hur nöjd är du med hanteringen av ditt ärende?"},
    [SURVEY_COMMENT] = {.name = "kommentar", .type = FIELD_MULTILINE, .max_len = 2000, .label_sv = "Kommentar"},
};

#endif
