/* obstacle_fields.h — the form and query tables of the obstacle report
 * (/hinder/ny, /hinder, /hinder/folj and its two POSTs; handlers/obstacle.c), enum-indexed
 * like fields.h. The follow-up token travels in the query string, never in
 * the path, so it stays out of the access log. */
#ifndef DATALOTS_OBSTACLE_FIELDS_H
#define DATALOTS_OBSTACLE_FIELDS_H

#include "core/obstacle.h"
#include "core/obstacle_category.h"
#include "web/form.h"

/* GET /hinder/ny?sida=/guide/ID — the page the report is about. */
enum { OBSTACLE_NEW_Q_PAGE, OBSTACLE_NEW_Q__MAX };
static const field_spec obstacle_new_query[OBSTACLE_NEW_Q__MAX] = {
    [OBSTACLE_NEW_Q_PAGE] = {.name = "sida", .type = FIELD_LOCAL_PATH, .max_len = 300, .label_sv = "Sidan"},
};

/* GET /hinder/folj?t=TOKEN — the reporter's private link; klar=andrad or
 * klar=aterkallad after a change made from it (a notice). */
static const char *const obstacle_follow_done[] = {"andrad", "aterkallad", NULL};
enum { OBSTACLE_FOLLOW_Q_TOKEN, OBSTACLE_FOLLOW_Q_NEW, OBSTACLE_FOLLOW_Q_DONE, OBSTACLE_FOLLOW_Q__MAX };
static const field_spec obstacle_follow_query[OBSTACLE_FOLLOW_Q__MAX] = {
    [OBSTACLE_FOLLOW_Q_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
    [OBSTACLE_FOLLOW_Q_NEW] = {.name = "ny", .type = FIELD_BOOL},
    [OBSTACLE_FOLLOW_Q_DONE] = {.name = "klar", .type = FIELD_ENUM, .enum_values = obstacle_follow_done},
};

/* GET /hinder/rapport?fran=DAY&till=DAY[&format=pdf|csv|xlsx|html] — the
 * compiled report (handlers/obstacle_report.c); without format, the page. */
static const char *const obstacle_report_formats[] = {"html", "pdf", "csv", "xlsx", NULL};
enum { OBSTACLE_REPORT_Q_FROM, OBSTACLE_REPORT_Q_TO, OBSTACLE_REPORT_Q_FORMAT, OBSTACLE_REPORT_Q__MAX };
static const field_spec obstacle_report_query[OBSTACLE_REPORT_Q__MAX] = {
    [OBSTACLE_REPORT_Q_FROM] = {.name = "fran", .type = FIELD_DATE, .label_sv = "Från och med"},
    [OBSTACLE_REPORT_Q_TO] = {.name = "till", .type = FIELD_DATE, .label_sv = "Till och med"},
    [OBSTACLE_REPORT_Q_FORMAT] = {.name = "format", .type = FIELD_ENUM, .enum_values = obstacle_report_formats,
                                  .label_sv = "Format"},
};

/* GET /hinder?kategori=&aktor=&status=&lag=&ar=&q=&sida=N — the public
 * register (handlers/obstacle_register.c). The filters are text here, so a
 * form's "Alla" (an empty value) is no error; the handler checks each
 * against its list and answers 400 with a sentence for one not in it. */
enum { OBSTACLE_REG_Q_CATEGORY, OBSTACLE_REG_Q_ACTOR_TYPE, OBSTACLE_REG_Q_STATE, OBSTACLE_REG_Q_LAW,
       OBSTACLE_REG_Q_YEAR, OBSTACLE_REG_Q_TEXT, OBSTACLE_REG_Q_PAGE, OBSTACLE_REG_Q__MAX };
static const field_spec obstacle_register_query[OBSTACLE_REG_Q__MAX] = {
    [OBSTACLE_REG_Q_CATEGORY] = {.name = "kategori", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Kategori"},
    [OBSTACLE_REG_Q_ACTOR_TYPE] = {.name = "aktor", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Aktör"},
    [OBSTACLE_REG_Q_STATE] = {.name = "status", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Status"},
    [OBSTACLE_REG_Q_LAW] = {.name = "lag", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Lag"},
    [OBSTACLE_REG_Q_YEAR] = {.name = "ar", .type = FIELD_TEXT, .max_len = 4, .label_sv = "År"},
    [OBSTACLE_REG_Q_TEXT] = {.name = "q", .type = FIELD_TEXT, .max_len = 100, .label_sv = "Sökord"},
    [OBSTACLE_REG_Q_PAGE] = {.name = "sida", .type = FIELD_INT, .min = 1, .max = 10000, .label_sv = "Sida"},
};

/* POST /hinder (the form) and POST /api/v1/obstacles (the JSON API, which
 * takes exactly these). "website" is a trap for robots: hidden from people
 * (and from screen readers), it must stay empty. */
enum { OBSTACLE_WHAT, OBSTACLE_DATA, OBSTACLE_ACTORS, OBSTACLE_CATEGORY, OBSTACLE_LAW, OBSTACLE_CONSEQUENCE,
       OBSTACLE_SUGGESTION, OBSTACLE_PAGE, OBSTACLE_EMAIL, OBSTACLE_TRAP, OBSTACLE_ACTOR_TYPE, OBSTACLE__MAX };
#define OBSTACLE_FIELD_SPECS                                                                                   \
    [OBSTACLE_WHAT] = {.name = "what", .type = FIELD_MULTILINE, .required = 1, .max_len = OBSTACLE_WHAT_MAX,   \
                       .label_sv = "Vad hände?"},                                                              \
    [OBSTACLE_DATA] = {.name = "data", .type = FIELD_TEXT, .max_len = OBSTACLE_LINE_MAX,                       \
                       .label_sv = "Vilka data gällde det?"},                                                  \
    [OBSTACLE_ACTORS] = {.name = "actors", .type = FIELD_TEXT, .max_len = OBSTACLE_LINE_MAX,                   \
                         .label_sv = "Vilka aktörer var inblandade?"},                                         \
    /* a key of the editable category list: the store checks it is there and in use */                      \
    [OBSTACLE_CATEGORY] = {.name = "category", .type = FIELD_TEXT, .required = 1,                              \
                           .max_len = OBSTACLE_CATEGORY_KEY_MAX, .label_sv = "Kategori"},                      \
    [OBSTACLE_LAW] = {.name = "law", .type = FIELD_TEXT, .max_len = 80, .label_sv = "Lag eller regel"},         \
    [OBSTACLE_CONSEQUENCE] = {.name = "consequence", .type = FIELD_ENUM,                                        \
                              .enum_values = obstacle_consequence_keys, .label_sv = "Följd"},                   \
    [OBSTACLE_SUGGESTION] = {.name = "suggestion", .type = FIELD_MULTILINE, .max_len = OBSTACLE_SUGGESTION_MAX, \
                             .label_sv = "Förslag till lösning"},                                              \
    [OBSTACLE_PAGE] = {.name = "page", .type = FIELD_LOCAL_PATH, .max_len = 300, .label_sv = "Sidan"},          \
    [OBSTACLE_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .label_sv = "E-postadress"},                      \
    [OBSTACLE_TRAP] = {.name = "website", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Webbplats"},         \
    [OBSTACLE_ACTOR_TYPE] = {.name = "actor_type", .type = FIELD_ENUM, .enum_values = obstacle_actor_type_keys, \
                             .label_sv = "Vem rapporterar"}
static const field_spec obstacle_fields[OBSTACLE__MAX] = {OBSTACLE_FIELD_SPECS};

/* The form adds the button pressed: "preview" (Förhandsgranska: shown
 * again as it will read, nothing stored), "edit" (Ändra: back to the form
 * with everything kept) or "send" (Skicka; also when absent). */
enum { OBSTACLE_FORM_STEP = OBSTACLE__MAX, OBSTACLE_FORM__MAX };
enum { OBSTACLE_STEP_PREVIEW, OBSTACLE_STEP_EDIT, OBSTACLE_STEP_SEND };
static const char *const obstacle_form_steps[] = {"preview", "edit", "send", NULL};
static const field_spec obstacle_form_fields[OBSTACLE_FORM__MAX] = {
    OBSTACLE_FIELD_SPECS,
    [OBSTACLE_FORM_STEP] = {.name = "steg", .type = FIELD_ENUM, .enum_values = obstacle_form_steps, .label_sv = "Steg"},
};

/* POST /hinder/folj/andra — the reporter changes their texts, and POST
 * /hinder/folj/aterkalla — withdraws the report, before publication
 * (store/obstacle_draft.h). The follow-up link's token, in a form field,
 * is the authority; the CSRF token is checked as on every form. */
enum { OBSTACLE_REVISE_TOKEN, OBSTACLE_REVISE_WHAT, OBSTACLE_REVISE_SUGGESTION, OBSTACLE_REVISE__MAX };
static const field_spec obstacle_revise_fields[OBSTACLE_REVISE__MAX] = {
    [OBSTACLE_REVISE_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
    [OBSTACLE_REVISE_WHAT] = {.name = "what", .type = FIELD_MULTILINE, .required = 1, .max_len = OBSTACLE_WHAT_MAX,
                              .label_sv = "Vad hände?"},
    [OBSTACLE_REVISE_SUGGESTION] = {.name = "suggestion", .type = FIELD_MULTILINE,
                                    .max_len = OBSTACLE_SUGGESTION_MAX, .label_sv = "Förslag till lösning"},
};
enum { OBSTACLE_WITHDRAW_TOKEN, OBSTACLE_WITHDRAW_CONFIRM, OBSTACLE_WITHDRAW__MAX };
static const field_spec obstacle_withdraw_fields[OBSTACLE_WITHDRAW__MAX] = {
    [OBSTACLE_WITHDRAW_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
    [OBSTACLE_WITHDRAW_CONFIRM] = {.name = "confirm", .type = FIELD_BOOL, .required = 1,
                                   .label_sv = "Jag vill återkalla rapporten"},
};

#endif
