/* calls_fields.h — the query and form tables of the joint-call pages
 * (/utlysningar, /utlysningar/ID/ansok, /ansokningar/ID; handlers/calls.c),
 * enum-indexed like fields.h. The form layer refuses a malformed day, an
 * e-mail address that is none, a score outside 0–5 and text over its
 * length before the store sees them; the store checks what each step needs. */
#ifndef DATALOTS_CALLS_FIELDS_H
#define DATALOTS_CALLS_FIELDS_H

#include "store/calls.h"
#include "web/form.h"

/* GET /utlysningar?visa=all|open|closed|upcoming (the order of CALLS_*) */
static const char *const call_filter_keys[] = {"all", "open", "closed", "upcoming", NULL};
enum { CQ_SHOW, CQ__MAX };
static const field_spec calls_query[CQ__MAX] = {
    [CQ_SHOW] = {.name = "visa", .type = FIELD_ENUM, .enum_values = call_filter_keys, .label_sv = "Visa"},
};

/* POST /utlysningar: a new call (the network coordinator). */
enum { CC_TITLE, CC_BODY, CC_OPENS, CC_CLOSES, CC_CRITERIA, CC_BUDGET, CC__MAX };
static const field_spec call_create_fields[CC__MAX] = {
    [CC_TITLE] = {.name = "title", .type = FIELD_TEXT, .max_len = CALL_TITLE_MAX * 4, .label_sv = "Rubrik"},
    [CC_BODY] = {.name = "body", .type = FIELD_MULTILINE, .max_len = CALL_BODY_MAX * 2, .label_sv = "Text"},
    [CC_OPENS] = {.name = "opens", .type = FIELD_DATE, .label_sv = "Första ansökningsdag"},
    [CC_CLOSES] = {.name = "closes", .type = FIELD_DATE, .label_sv = "Sista ansökningsdag"},
    [CC_CRITERIA] = {.name = "criteria", .type = FIELD_MULTILINE, .max_len = CALL_CRITERIA_TEXT_MAX * 2,
                     .label_sv = "Bedömningskriterier"},
    [CC_BUDGET] = {.name = "budget", .type = FIELD_TEXT, .max_len = CALL_BUDGET_MAX * 4,
                   .label_sv = "Budget eller omfattning"},
};

/* POST /utlysningar/ID/ansok: an application. */
enum { CA_ORG, CA_EMAIL, CA_TITLE, CA_DESCRIPTION, CA__MAX };
static const field_spec call_apply_fields[CA__MAX] = {
    [CA_ORG] = {.name = "org", .type = FIELD_TEXT, .max_len = CALL_ORG_MAX * 4, .label_sv = "Organisation"},
    [CA_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .label_sv = "Kontaktpersonens e-post"},
    [CA_TITLE] = {.name = "project", .type = FIELD_TEXT, .max_len = CALL_TITLE_MAX * 4, .label_sv = "Projektets namn"},
    [CA_DESCRIPTION] = {.name = "description", .type = FIELD_MULTILINE, .max_len = CALL_DESCRIPTION_MAX * 2,
                        .label_sv = "Projektbeskrivning"},
};

/* POST /ansokningar/ID/steg/EVENT: a score and a comment per criterion
 * (assess), the reasons (grant, reject), the results (results). */
#define CALL_SCORE_FIELD(i) [CS_SCORE_1 + (i)-1] = {.name = "score_" #i, .type = FIELD_INT, .min = 0, \
                                                     .max = CALL_SCORE_MAX, .label_sv = "Betyg"}
#define CALL_COMMENT_FIELD(i) [CS_COMMENT_1 + (i)-1] = {.name = "comment_" #i, .type = FIELD_MULTILINE, \
                                                         .max_len = CALL_COMMENT_MAX * 2, .label_sv = "Kommentar"}
enum {
    CS_SCORE_1, CS_COMMENT_1 = CS_SCORE_1 + CALL_CRITERIA_MAX,
    CS_REASON = CS_COMMENT_1 + CALL_CRITERIA_MAX, CS_RTITLE, CS_RSUMMARY, CS_RBODY, CS__MAX
};
static const field_spec call_step_fields[CS__MAX] = {
    CALL_SCORE_FIELD(1), CALL_SCORE_FIELD(2), CALL_SCORE_FIELD(3), CALL_SCORE_FIELD(4), CALL_SCORE_FIELD(5),
    CALL_SCORE_FIELD(6), CALL_SCORE_FIELD(7), CALL_SCORE_FIELD(8), CALL_SCORE_FIELD(9), CALL_SCORE_FIELD(10),
    CALL_COMMENT_FIELD(1), CALL_COMMENT_FIELD(2), CALL_COMMENT_FIELD(3), CALL_COMMENT_FIELD(4), CALL_COMMENT_FIELD(5),
    CALL_COMMENT_FIELD(6), CALL_COMMENT_FIELD(7), CALL_COMMENT_FIELD(8), CALL_COMMENT_FIELD(9), CALL_COMMENT_FIELD(10),
    [CS_REASON] = {.name = "reason", .type = FIELD_MULTILINE, .max_len = CALL_REASON_MAX * 2, .label_sv = "Skäl"},
    [CS_RTITLE] = {.name = "results_title", .type = FIELD_TEXT, .max_len = CALL_TITLE_MAX * 4,
                   .label_sv = "Resultatets rubrik"},
    [CS_RSUMMARY] = {.name = "results_summary", .type = FIELD_TEXT, .max_len = CALL_SUMMARY_MAX * 4,
                     .label_sv = "Sammanfattning"},
    [CS_RBODY] = {.name = "results_body", .type = FIELD_MULTILINE, .max_len = CALL_BODY_MAX * 2,
                  .label_sv = "Resultaten"},
};
_Static_assert(CALL_CRITERIA_MAX == 10, "one score and comment field per criterion");

#endif
