/* questions_fields.h — the query and form tables of the question pages
 * (/fragor/ny, /fragor, /fragor/ID, /fragor/svar, /fragor/regler;
 * handlers/questions.c), enum-indexed like fields.h. The form layer refuses
 * a topic or data type outside the lists, an e-mail address that is none
 * and text over its length before the store sees them; the store checks
 * what each step needs (store/questions.h). */
#ifndef DATALOTS_QUESTIONS_FIELDS_H
#define DATALOTS_QUESTIONS_FIELDS_H

#include "store/questions.h"
#include "web/form.h"

/* POST /fragor/ny: a question. "website" is the robots' trap, as on /hinder/ny. */
enum { QA_TOPIC, QA_DATA_TYPE, QA_HOLDER, QA_BODY, QA_EMAIL, QA_TRAP, QA__MAX };
static const field_spec question_ask_fields[QA__MAX] = {
    [QA_TOPIC] = {.name = "topic", .type = FIELD_ENUM, .enum_values = question_topic_keys, .label_sv = "Ämne"},
    [QA_DATA_TYPE] = {.name = "data_type", .type = FIELD_ENUM, .enum_values = question_data_type_keys,
                      .label_sv = "Sorts data"},
    [QA_HOLDER] = {.name = "holder", .type = FIELD_TEXT, .max_len = QUESTION_HOLDER_MAX, .label_sv = "Datahållare"},
    [QA_BODY] = {.name = "body", .type = FIELD_MULTILINE, .max_len = QUESTION_BODY_MAX, .label_sv = "Din fråga"},
    [QA_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .label_sv = "Din e-postadress"},
    [QA_TRAP] = {.name = "website", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Webbplats"},
};

/* GET /fragor?medlem=ID|0|-1 (a member, the coordinator's queue, all)&lage=open|all|received|routed|answered|closed&sen=1 */
static const char *const question_state_filter_keys[] = {"open", "all", "received", "routed", "answered", "closed",
                                                         NULL};
enum { QQ_MEMBER, QQ_STATE, QQ_OVERDUE, QQ__MAX };
static const field_spec question_queue_query[QQ__MAX] = {
    [QQ_MEMBER] = {.name = "medlem", .type = FIELD_INT, .min = -1, .max = INT32_MAX, .label_sv = "Stödfunktion"},
    [QQ_STATE] = {.name = "lage", .type = FIELD_ENUM, .enum_values = question_state_filter_keys, .label_sv = "Läge"},
    [QQ_OVERDUE] = {.name = "sen", .type = FIELD_BOOL, .label_sv = "Bara försenade"},
};

/* POST /fragor/ID/steg/EVENT: the member (route, handover), a note
 * (handover, return, close), the answer and, for a general one, the guide
 * draft's title and summary (answer). */
enum { QS_F_MEMBER, QS_F_NOTE, QS_F_ANSWER, QS_F_GENERAL, QS_F_TITLE, QS_F_SUMMARY, QS_F__MAX };
static const field_spec question_step_fields[QS_F__MAX] = {
    [QS_F_MEMBER] = {.name = "member", .type = FIELD_INT, .min = 0, .max = INT32_MAX, .label_sv = "Stödfunktion"},
    [QS_F_NOTE] = {.name = "note", .type = FIELD_MULTILINE, .max_len = QUESTION_NOTE_MAX, .label_sv = "Anteckning"},
    [QS_F_ANSWER] = {.name = "answer", .type = FIELD_MULTILINE, .max_len = QUESTION_ANSWER_MAX, .label_sv = "Svar"},
    [QS_F_GENERAL] = {.name = "general", .type = FIELD_BOOL, .label_sv = "Allmängiltigt svar"},
    [QS_F_TITLE] = {.name = "title", .type = FIELD_TEXT, .max_len = QUESTION_TITLE_MAX, .label_sv = "Rubrik"},
    [QS_F_SUMMARY] = {.name = "summary", .type = FIELD_TEXT, .max_len = QUESTION_SUMMARY_MAX,
                      .label_sv = "Sammanfattning"},
};

/* GET /fragor/svar?t=TOKEN */
enum { QT_F_TOKEN, QT_F__MAX };
static const field_spec question_token_query[QT_F__MAX] = {
    [QT_F_TOKEN] = {.name = "t", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Länken"},
};

/* POST /fragor/regler: one member's rules (the network coordinator). */
enum { QR_F_MEMBER, QR_F_TOPICS, QR_F_DATA_TYPES, QR_F_HOLDERS, QR_F__MAX };
static const field_spec question_routes_fields[QR_F__MAX] = {
    [QR_F_MEMBER] = {.name = "member", .type = FIELD_INT, .required = 1, .min = 1, .max = INT32_MAX,
                     .label_sv = "Stödfunktion"},
    [QR_F_TOPICS] = {.name = "topic", .type = FIELD_CHECKBOXES, .max = QUESTION_TOPIC__MAX,
                     .enum_values = question_topic_keys, .label_sv = "Ämnen"},
    [QR_F_DATA_TYPES] = {.name = "data_type", .type = FIELD_CHECKBOXES, .max = QUESTION_DATA_TYPE__MAX,
                         .enum_values = question_data_type_keys, .label_sv = "Sorts data"},
    [QR_F_HOLDERS] = {.name = "holders", .type = FIELD_MULTILINE, .max_len = QUESTION_HOLDER_MAX * QUESTION_HOLDERS_MAX,
                      .label_sv = "Datahållare"},
};

#endif
