/* release_register_fields.h — the query table of the public register of
 * decided releases (/beslut, /beslut.csv|.json; handlers/release_register.c),
 * enum-indexed like fields.h. The filters are text, so a form's "Alla" (an
 * empty value) is no error; the handler checks each one and answers 400
 * with a sentence for a value in no list. */
#ifndef DATALOTS_RELEASE_REGISTER_FIELDS_H
#define DATALOTS_RELEASE_REGISTER_FIELDS_H

#include "web/form.h"

enum { RELEASE_REG_Q_TEXT, RELEASE_REG_Q_OUTCOME, RELEASE_REG_Q_ORG, RELEASE_REG_Q_YEAR, RELEASE_REG_Q_PAGE,
       RELEASE_REG_Q__MAX };
static const field_spec release_register_query[RELEASE_REG_Q__MAX] = {
    [RELEASE_REG_Q_TEXT] = {.name = "q", .type = FIELD_TEXT, .max_len = 100, .label_sv = "Sökord"},
    [RELEASE_REG_Q_OUTCOME] = {.name = "utfall", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Utfall"},
    [RELEASE_REG_Q_ORG] = {.name = "org", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Organisation"},
    [RELEASE_REG_Q_YEAR] = {.name = "ar", .type = FIELD_TEXT, .max_len = 4, .label_sv = "År"},
    [RELEASE_REG_Q_PAGE] = {.name = "sida", .type = FIELD_INT, .min = 1, .max = 10000, .label_sv = "Sida"},
};

#endif
