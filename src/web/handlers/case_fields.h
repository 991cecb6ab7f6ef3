/* case_fields.h — the form field tables of the release case (included by
 * routes.c and handlers/cases.c). The request form's table is generated
 * from CASE_REQUEST_FIELDS (core/case_request.h), so a field exists once;
 * every step of the case posts the one event form below, and the store
 * checks which of its fields the step's table row needs. */
#ifndef DATALOTS_CASE_FIELDS_H
#define DATALOTS_CASE_FIELDS_H

#include "core/case_request.h"
#include "core/release_terms.h"
#include "web/form.h"
#include "web/handlers/assessment_fields.h"

/* The request form: the request's fields, then the draft's version and
 * the organisation (for a new draft). */
enum { REQF_VERSION = REQ__MAX, REQF_ORG, REQF_SEND, REQF_COUNTERPART, REQF_ETHICS_FILE, REQF_VARIABLE_KEYS, REQF__MAX };

#define REQ_FIELD_TYPE_RK_TEXT FIELD_TEXT
#define REQ_FIELD_TYPE_RK_MULTILINE FIELD_MULTILINE
#define REQ_FIELD_TYPE_RK_EMAIL FIELD_EMAIL
#define REQ_FIELD_TYPE_RK_DATE FIELD_DATE
#define REQ_FIELD_TYPE_RK_BOOL FIELD_BOOL
#define REQ_FIELD_TYPE_RK_INT FIELD_TEXT /* a node id or empty: the store checks it */
#define REQ_FIELD_TYPE_RK_ENUM FIELD_TEXT /* checked against its key list below */
#define REQ_SPEC(id, key, kind, max, needed, label) \
    [id] = {.name = key, .type = REQ_FIELD_TYPE_##kind, .max_len = max, .label_sv = label},

static const field_spec case_request_form[REQF__MAX] = {
    CASE_REQUEST_FIELDS(REQ_SPEC)
    [REQF_VERSION] = {.name = "version", .type = FIELD_INT, .min = 0, .max = INT64_MAX, .label_sv = "Version"},
    [REQF_ORG] = {.name = "org", .type = FIELD_INT, .min = 0, .max = INT64_MAX, .label_sv = "Organisation"},
    [REQF_SEND] = {.name = "send", .type = FIELD_BOOL, .label_sv = "Skicka in"},
    /* only when the registrar registers a request that came by post or e-mail */
    [REQF_COUNTERPART] = {.name = "counterpart", .type = FIELD_TEXT, .max_len = 500, .label_sv = "Avsändare"},
    /* the ethics decision as PDF (multipart); its file name is the value */
    [REQF_ETHICS_FILE] = {.name = "ethics_file", .type = FIELD_FILE, .max_len = 255, .label_sv = "Etikprövningsmyndighetens beslut (PDF)"},
    /* the variables ticked in the organisation's data dictionary ("lab_result.value");
     * the handler checks each against what the organisation offers */
    [REQF_VARIABLE_KEYS] = {.name = "variable", .type = FIELD_CHECKBOXES, .max = 64, .max_len = 63, .label_sv = "Variabler ur dataordlistan"},
};
#undef REQ_SPEC

/* The event form: every field any step takes. */
enum {
    CEV_VERSION,
    CEV_TEXT,
    CEV_CONDITIONS,
    CEV_COUNTERPART,
    CEV_PROCESS,
    CEV_UNIT,
    CEV_REFUSES,
    CEV_DEADLINE,
    CEV_ASSIGNEE,
    CEV_DELIVERY,
    CEV_PARTIAL,
    CEV_TERMS,             /* the approval's terms (core/release_terms.h) are on the form */
    CEV_RELEASE_VARIABLES,
    CEV_DATE_PRECISION,
    CEV_SMALL_CELL,
    CEV_AGE_MIN,
    CEV_AGE_MAX,
    CEV_IDENTITY,
    CEV_DESTROY_BY,
    CEV_HOURS,             /* send_estimate: the hours estimated ("12,5"; core/fee.h parses them) */
    CEV_ASSESSMENT, /* the samråd's three assessments (recommend steps), CEV_ASSESSMENT + their enum value */
    CEV_ASSESSMENT_LAST = CEV_ASSESSMENT + SAMRAD_ASSESS__MAX - 1,
#define CEV_CHECK_ENUM(name, key, label) CEV_##name,
    CASE_CHECKLIST(CEV_CHECK_ENUM)
#undef CEV_CHECK_ENUM
    CEV__MAX
};
static const char *const case_process_values[] = {"1", "2", NULL};
/* How patients are named in a delivery: index 0 pseudonym, 1 personnummer. */
static const char *const case_identity_values[] = {"pseudonym", "personnummer", NULL};
static const field_spec case_event_form[CEV__MAX] = {
    [CEV_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    [CEV_TEXT] = {.name = "text", .type = FIELD_MULTILINE, .max_len = 8000, .label_sv = "Text"},
    [CEV_CONDITIONS] = {.name = "conditions", .type = FIELD_MULTILINE, .max_len = SAMRAD_TEXT_MAX, .label_sv = "Villkor"},
    [CEV_COUNTERPART] = {.name = "counterpart", .type = FIELD_TEXT, .max_len = 500, .label_sv = "Avsändare"},
    [CEV_PROCESS] = {.name = "process", .type = FIELD_ENUM, .enum_values = case_process_values, .label_sv = "Process"},
    [CEV_UNIT] = {.name = "unit", .type = FIELD_INT, .min = 0, .max = INT64_MAX, .label_sv = "Enhet"},
    [CEV_REFUSES] = {.name = "refuses", .type = FIELD_BOOL, .label_sv = "Enheten nekar"},
    [CEV_DEADLINE] = {.name = "deadline", .type = FIELD_DATE, .label_sv = "Sista svarsdag"},
    [CEV_ASSIGNEE] = {.name = "assignee", .type = FIELD_INT, .min = 0, .max = INT64_MAX, .label_sv = "Medarbetare"},
    [CEV_DELIVERY] = {.name = "delivery", .type = FIELD_ENUM, .enum_values = delivery_keys, .label_sv = "Leveranssätt"},
    [CEV_PARTIAL] = {.name = "partial", .type = FIELD_BOOL, .label_sv = "Delvis bifall"},
    [CEV_TERMS] = {.name = "terms", .type = FIELD_BOOL, .label_sv = "Villkor för uttaget"},
    [CEV_RELEASE_VARIABLES] = {.name = "release_variable", .type = FIELD_CHECKBOXES, .max = RELEASE_VARIABLES_MAX,
                               .max_len = 63, .label_sv = "Variabler som lämnas ut"},
    [CEV_DATE_PRECISION] = {.name = "date_precision", .type = FIELD_ENUM, .enum_values = date_precision_keys,
                            .label_sv = "Datum lämnas ut per"},
    [CEV_SMALL_CELL] = {.name = "small_cell_min", .type = FIELD_INT, .min = 0, .max = RELEASE_SMALL_CELL_MAX,
                        .label_sv = "Minsta cellstorlek"},
    [CEV_AGE_MIN] = {.name = "age_min", .type = FIELD_INT, .min = 0, .max = RELEASE_AGE_MAX, .label_sv = "Lägsta ålder"},
    [CEV_AGE_MAX] = {.name = "age_max", .type = FIELD_INT, .min = 0, .max = RELEASE_AGE_MAX, .label_sv = "Högsta ålder"},
    [CEV_IDENTITY] = {.name = "identity", .type = FIELD_ENUM, .enum_values = case_identity_values,
                      .label_sv = "Patienternas identitet"},
    [CEV_DESTROY_BY] = {.name = "destroy_by", .type = FIELD_DATE, .label_sv = "Förstörs senast"},
    [CEV_HOURS] = {.name = "hours", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Beräknat antal timmar"},
#define CEV_AS_SPEC(id, member, sv, en, subject) ASSESSMENT_FIELD(CEV_ASSESSMENT, id, member, sv)
    SAMRAD_ASSESSMENT_LIST(CEV_AS_SPEC)
#undef CEV_AS_SPEC
#define CEV_CHECK_SPEC(id, key, label) [CEV_##id] = {.name = key, .type = FIELD_BOOL, .label_sv = label},
    CASE_CHECKLIST(CEV_CHECK_SPEC)
#undef CEV_CHECK_SPEC
};

/* Query strings: the staff queue's filter (a state key, "open" or "all";
 * the handler checks it against the states) and the organisation a new
 * request goes to. */
/* format=csv|xlsx: the staff queue with the same filter as a download
 * (handlers/cases_export.c). */
static const char *const cases_export_formats[] = {"csv", "xlsx", NULL};
/* due=overdue|week: only the cases whose step is overdue, or falls due this
 * week (store/case_due.h); "any" (the form's default): no such filter. The
 * index is CASE_DUE_ANY, CASE_DUE_OVERDUE, CASE_DUE_THIS_WEEK. */
static const char *const cases_due_values[] = {"any", "overdue", "week", NULL};
enum { CASES_Q_STATE, CASES_Q_PAGE, CASES_Q_MINE, CASES_Q_FORMAT, CASES_Q_DUE, CASES_Q__MAX };
static const field_spec cases_query[CASES_Q__MAX] = {
    [CASES_Q_STATE] = {.name = "state", .type = FIELD_TEXT, .max_len = 40, .label_sv = "Läge"},
    [CASES_Q_PAGE] = {.name = "page", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
    /* the page of the viewer's own requests */
    [CASES_Q_MINE] = {.name = "mine", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
    [CASES_Q_FORMAT] = {.name = "format", .type = FIELD_ENUM, .enum_values = cases_export_formats,
                        .label_sv = "Format"},
    [CASES_Q_DUE] = {.name = "due", .type = FIELD_ENUM, .enum_values = cases_due_values, .label_sv = "Mål"},
};
enum { CASE_NEW_Q_ORG, CASE_NEW_Q__MAX };
static const field_spec case_new_query[CASE_NEW_Q__MAX] = {
    [CASE_NEW_Q_ORG] = {.name = "org", .type = FIELD_INT, .min = 1, .max = INT64_MAX, .label_sv = "Organisation"},
};
/* A case document as a letter (HTML or PDF): the letter's language when it
 * is not the page's ("?lang=en": decisions go out in Swedish and English). */
enum { CASE_DOC_Q_LANG, CASE_DOC_Q__MAX };
static const char *const case_doc_lang_values[] = {"sv", "en", NULL};
static const field_spec case_doc_query[CASE_DOC_Q__MAX] = {
    [CASE_DOC_Q_LANG] = {.name = "lang", .type = FIELD_ENUM, .enum_values = case_doc_lang_values, .label_sv = "Språk"},
};

#endif
