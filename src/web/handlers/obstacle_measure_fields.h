/* obstacle_measure_fields.h — the query and form tables of the analyst's
 * measure pages (/hinder/atgarder, /hinder/atgarder/ID;
 * handlers/obstacle_measure.c), enum-indexed like fields.h. The form layer
 * refuses a progress outside 0–100 or not a number and a malformed day
 * before the store sees them; the store checks what each step requires. */
#ifndef DATALOTS_OBSTACLE_MEASURE_FIELDS_H
#define DATALOTS_OBSTACLE_MEASURE_FIELDS_H

#include "core/measure.h"
#include "web/form.h"

/* GET /hinder/atgarder?status=…&outcome=…&hinder=ID (the create form's obstacle) */
enum { MQ_STATUS, MQ_OUTCOME, MQ_OBSTACLE, MQ__MAX };
static const field_spec measure_list_query[MQ__MAX] = {
    [MQ_STATUS] = {.name = "status", .type = FIELD_ENUM, .enum_values = measure_status_keys, .label_sv = "Status"},
    [MQ_OUTCOME] = {.name = "outcome", .type = FIELD_ENUM, .enum_values = measure_outcome_keys,
                    .label_sv = "Typ av utfall"},
    [MQ_OBSTACLE] = {.name = "hinder", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Hinder"},
};

/* The details of a measure: POST /hinder/atgarder (create, with the
 * obstacles it addresses) and POST /hinder/atgarder/ID/steg/EVENT (every
 * step: its note, the progress, and for edit the details). */
#define MEASURE_DETAIL_FIELDS(PREFIX)                                                                           \
    [PREFIX##_TITLE] = {.name = "title", .type = FIELD_TEXT, .max_len = MEASURE_TITLE_MAX, .label_sv = "Rubrik"}, \
    [PREFIX##_DESCRIPTION] = {.name = "description", .type = FIELD_MULTILINE, .max_len = MEASURE_DESCRIPTION_MAX, \
                              .label_sv = "Beskrivning"},                                                       \
    [PREFIX##_OUTCOME] = {.name = "outcome", .type = FIELD_ENUM, .enum_values = measure_outcome_keys,          \
                          .label_sv = "Typ av utfall"},                                                         \
    [PREFIX##_BODY] = {.name = "body", .type = FIELD_TEXT, .max_len = MEASURE_BODY_MAX, .label_sv = "Ansvarig aktör"}, \
    [PREFIX##_START] = {.name = "start", .type = FIELD_DATE, .label_sv = "Startdag"},                          \
    [PREFIX##_DUE] = {.name = "due", .type = FIELD_DATE, .label_sv = "Slutdag"}

enum { MC_TITLE, MC_DESCRIPTION, MC_OUTCOME, MC_BODY, MC_START, MC_DUE, MC_OBSTACLES, MC__MAX };
static const field_spec measure_create_fields[MC__MAX] = {
    MEASURE_DETAIL_FIELDS(MC),
    [MC_OBSTACLES] = {.name = "obstacles", .type = FIELD_TEXT, .max_len = 500, .label_sv = "Hinder som åtgärden gäller"},
};

enum { MS_TITLE, MS_DESCRIPTION, MS_OUTCOME, MS_BODY, MS_START, MS_DUE, MS_NOTE, MS_PROGRESS, MS__MAX };
static const field_spec measure_step_fields[MS__MAX] = {
    MEASURE_DETAIL_FIELDS(MS),
    [MS_NOTE] = {.name = "note", .type = FIELD_MULTILINE, .max_len = MEASURE_NOTE_MAX, .label_sv = "Anteckning"},
    [MS_PROGRESS] = {.name = "progress", .type = FIELD_INT, .min = 0, .max = MEASURE_PROGRESS_MAX,
                     .label_sv = "Framsteg i procent"},
};

/* POST /hinder/atgarder/ID/koppla (reference) and /koppla-loss (obstacle). */
enum { ML_REFERENCE, ML_OBSTACLE, ML__MAX };
static const field_spec measure_link_fields[ML__MAX] = {
    [ML_REFERENCE] = {.name = "reference", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Hindrets referens"},
    [ML_OBSTACLE] = {.name = "obstacle", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Hinder"},
};

#endif
