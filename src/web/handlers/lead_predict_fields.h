/* lead_predict_fields.h — the query of /process/{id}/prognos
 * (lead_predict.c): the request described by its features, each optional. */
#ifndef DATALOTS_LEAD_PREDICT_FIELDS_H
#define DATALOTS_LEAD_PREDICT_FIELDS_H

#include "web/form.h"

/* The radio buttons' "don't know" is a value of its own: a query
 * parameter left empty is refused (form.c), so a form must send something. */
static const char *const lead_process_values[] = {"vet-inte", "1", "2", NULL};
static const char *const lead_estimate_values[] = {"vet-inte", "ja", "nej", NULL};
enum { LEAD_Q_PROCESS, LEAD_Q_UNITS, LEAD_Q_KINDS, LEAD_Q_ESTIMATE, LEAD_Q__MAX };
static const field_spec lead_predict_query[LEAD_Q__MAX] = {
    [LEAD_Q_PROCESS] = {.name = "process", .type = FIELD_ENUM, .enum_values = lead_process_values, .label_sv = "Process"},
    /* numbers, or empty when left blank (a number box sends "enheter="):
     * text here, checked as a number 1–1000 by the handler */
    [LEAD_Q_UNITS] = {.name = "enheter", .type = FIELD_TEXT, .max_len = 4, .label_sv = "Antal enheter"},
    [LEAD_Q_KINDS] = {.name = "datatyper", .type = FIELD_TEXT, .max_len = 4, .label_sv = "Antal slags uppgifter"},
    [LEAD_Q_ESTIMATE] = {.name = "kostnad", .type = FIELD_ENUM, .enum_values = lead_estimate_values,
                         .label_sv = "Kostnadsberäkning"},
};

#endif
