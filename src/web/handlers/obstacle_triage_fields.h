/* obstacle_triage_fields.h — the query and form tables of the analyst's
 * pages (/hinder/analys, /hinder/analys/ID; handlers/obstacle_triage.c),
 * enum-indexed like fields.h. One form table serves every step: each step's
 * form shows the inputs its row in core/obstacle_flow.c names, and the store
 * checks which are required. */
#ifndef DATALOTS_OBSTACLE_TRIAGE_FIELDS_H
#define DATALOTS_OBSTACLE_TRIAGE_FIELDS_H

#include "core/obstacle.h"
#include "core/obstacle_answers.h"
#include "core/obstacle_category.h"
#include "store/obstacle_steps.h"
#include "web/form.h"

/* GET /hinder/analys?state=…&category=…&age=… */
enum { OTQ_STATE, OTQ_CATEGORY, OTQ_AGE, OTQ__MAX };
static const field_spec obstacle_queue_query[OTQ__MAX] = {
    [OTQ_STATE] = {.name = "state", .type = FIELD_ENUM, .enum_values = obstacle_state_keys, .label_sv = "Läge"},
    [OTQ_CATEGORY] = {.name = "category", .type = FIELD_TEXT, .max_len = OBSTACLE_CATEGORY_KEY_MAX,
                      .label_sv = "Kategori"},
    [OTQ_AGE] = {.name = "age", .type = FIELD_INT, .min = 0, .max = 3650, .label_sv = "Ålder i dagar"},
};

/* GET /hinder/analys/ID?mall=KEY — an answer template put into its step's field. */
enum { OTQ_A_TEMPLATE, OTQ_A__MAX };
static const field_spec obstacle_analysis_query[OTQ_A__MAX] = {
    [OTQ_A_TEMPLATE] = {.name = "mall", .type = FIELD_ENUM, .enum_values = obstacle_answer_keys, .label_sv = "Svarsmall"},
};

/* POST /hinder/analys/ID/steg/EVENT */
enum { OTS_NOTE, OTS_NEED, OTS_LEGAL_BASIS, OTS_BODY, OTS_ANSWER, OTS_INTO, OTS__MAX };
static const field_spec obstacle_step_fields[OTS__MAX] = {
    [OTS_NOTE] = {.name = "note", .type = FIELD_MULTILINE, .max_len = OBSTACLE_NOTE_MAX, .label_sv = "Anteckning eller skäl"},
    [OTS_NEED] = {.name = "need", .type = FIELD_TEXT, .max_len = OBSTACLE_FIELD_MAX, .label_sv = "Behov"},
    [OTS_LEGAL_BASIS] = {.name = "legal_basis", .type = FIELD_TEXT, .max_len = OBSTACLE_FIELD_MAX,
                         .label_sv = "Rättslig grund"},
    [OTS_BODY] = {.name = "body", .type = FIELD_TEXT, .max_len = OBSTACLE_FIELD_MAX, .label_sv = "Ansvarig aktör"},
    [OTS_ANSWER] = {.name = "answer", .type = FIELD_MULTILINE, .max_len = OBSTACLE_ANSWER_MAX,
                    .label_sv = "Svar till den som rapporterade"},
    [OTS_INTO] = {.name = "into", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Hindret att föra samman med"},
};

#endif
