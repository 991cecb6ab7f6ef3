/* dictionary_fields.h — the query parameters of the data dictionary's
 * public page and its JSON variant (included by routes.c and
 * handlers/dictionary.c): the organisation's code, words to look for, a
 * sensitivity class and a table. The table keys are the source schema's
 * table names, in its order (test_dictionary.c holds them to it). */
#ifndef DATALOTS_DICTIONARY_FIELDS_H
#define DATALOTS_DICTIONARY_FIELDS_H

#include "extract/source_schema.h"
#include "web/form.h"

static const char *const dictionary_table_keys[SRC_TABLE__MAX + 1] = {
    [SRC_PATIENT] = "patient", [SRC_CONTACT] = "care_contact", [SRC_DIAGNOSIS] = "diagnosis",
    [SRC_LAB] = "lab_result", [SRC_PRESCRIPTION] = "prescription", [SRC_TABLE__MAX] = NULL,
};

enum { DICT_Q_ORG, DICT_Q_TEXT, DICT_Q_SENS, DICT_Q_TABLE, DICT_Q__MAX };
/* sens and table are text, so that the filter form's "Alla" (value "")
 * reads as no filter; the handler looks a value up in sensitivity_keys and
 * dictionary_table_keys and refuses any other. */
static const field_spec dictionary_query[DICT_Q__MAX] = {
    [DICT_Q_ORG] = {.name = "org", .type = FIELD_TEXT, .max_len = 32, .label_sv = "Organisation"},
    [DICT_Q_TEXT] = {.name = "q", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Sökord"},
    [DICT_Q_SENS] = {.name = "sens", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Känslighet"},
    [DICT_Q_TABLE] = {.name = "table", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Tabell"},
};

#endif
