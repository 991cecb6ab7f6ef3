/* case_request.h — the request form (blankett) of a data-release case: its
 * fields listed once, and the rules a request must meet to be sent. The
 * web form's field table, the store's columns and the completeness check
 * all come from CASE_REQUEST_FIELDS, so a field exists in one place.
 * Pure: no I/O, no SQL. */
#ifndef DATALOTS_CASE_REQUEST_H
#define DATALOTS_CASE_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The kinds of value (the web maps each to a field type). */
typedef enum req_kind { RK_TEXT, RK_MULTILINE, RK_EMAIL, RK_DATE, RK_BOOL, RK_INT, RK_ENUM } req_kind;

/* X(enum, key, kind, max characters, needed to send, Swedish label).
 * The key is the form field's name and the column in `cases`; keys never
 * change (they are stored). */
#define CASE_REQUEST_FIELDS(X)                                                                          \
    X(REQ_APPLICANT_NAME, "applicant_name", RK_TEXT, 200, 1, "Sökandens namn")                         \
    X(REQ_APPLICANT_EMAIL, "applicant_email", RK_EMAIL, 254, 1, "Sökandens e-post")                    \
    X(REQ_APPLICANT_PHONE, "applicant_phone", RK_TEXT, 40, 0, "Sökandens telefon")                     \
    X(REQ_APPLICANT_ORG, "applicant_org", RK_TEXT, 200, 1, "Sökandens organisation")                   \
    X(REQ_PI_NAME, "pi_name", RK_TEXT, 200, 1, "Huvudansvarig forskare")                               \
    X(REQ_PI_EMAIL, "pi_email", RK_EMAIL, 254, 1, "Huvudansvarig forskares e-post")                    \
    X(REQ_PI_ORG, "pi_org", RK_TEXT, 200, 1, "Huvudansvarig forskares organisation")                   \
    X(REQ_TITLE, "title", RK_TEXT, 300, 1, "Projektets titel")                                         \
    X(REQ_PURPOSE, "purpose", RK_MULTILINE, 4000, 1, "Syfte")                                          \
    X(REQ_QUESTION, "question", RK_MULTILINE, 4000, 1, "Vetenskaplig frågeställning")                  \
    X(REQ_ETHICS_DNR, "ethics_dnr", RK_TEXT, 20, 1, "Etikprövningsmyndighetens diarienummer")          \
    X(REQ_ETHICS_DATE, "ethics_date", RK_DATE, 10, 1, "Datum för etikgodkännandet")                    \
    X(REQ_LEGAL_BASIS, "legal_basis", RK_ENUM, 40, 1, "Rättslig grund")                                \
    X(REQ_LEGAL_NOTE, "legal_note", RK_MULTILINE, 2000, 0, "Rättslig grund, förklaring")              \
    X(REQ_POPULATION, "population", RK_MULTILINE, 4000, 1, "Population och urvalskriterier")           \
    X(REQ_ICD10, "icd10", RK_TEXT, 1000, 0, "Diagnoskoder (ICD-10)")                                   \
    X(REQ_PERIOD_FROM, "period_from", RK_DATE, 10, 1, "Period från")                                   \
    X(REQ_PERIOD_TO, "period_to", RK_DATE, 10, 1, "Period till")                                       \
    X(REQ_VARIABLES, "variables", RK_MULTILINE, 4000, 1, "Variabler som efterfrågas")                  \
    X(REQ_TARGET_NODE, "target_node", RK_INT, 20, 1, "Enhet eller område")                             \
    X(REQ_CONTACTS_PATIENTS, "contacts_patients", RK_BOOL, 1, 0, "Patienter kommer att kontaktas")     \
    X(REQ_SEC_STORAGE, "sec_storage", RK_MULTILINE, 2000, 1, "Lagring av uppgifterna")                 \
    X(REQ_SEC_ACCESS, "sec_access", RK_MULTILINE, 2000, 1, "Vem som får tillgång")                     \
    X(REQ_SEC_RETENTION, "sec_retention", RK_MULTILINE, 2000, 1, "Hur länge uppgifterna sparas")       \
    X(REQ_SEC_DESTRUCTION, "sec_destruction", RK_MULTILINE, 2000, 1, "Hur uppgifterna förstörs")       \
    X(REQ_DELIVERY, "delivery", RK_ENUM, 20, 1, "Leveranssätt")                                        \
    X(REQ_AGE_KEY, "age_key", RK_TEXT, 100, 0, "Mottagarens offentliga age-nyckel")                    \
    X(REQ_WISHED_DATE, "wished_date", RK_DATE, 10, 0, "Önskat leveransdatum")

#define CASE_REQ_ENUM(name, key, kind, max, needed, label) name,
typedef enum case_request_field { CASE_REQUEST_FIELDS(CASE_REQ_ENUM) REQ__MAX } case_request_field;
#undef CASE_REQ_ENUM

typedef struct case_request_field_info {
    const char *key;
    req_kind kind;
    size_t max_len;
    int needed_to_send;
    const char *label_sv;
} case_request_field_info;

extern const case_request_field_info case_request_fields[REQ__MAX];

/* The value sets, one list each, NULL-terminated; stored as these keys. */
typedef enum legal_basis { LEGAL_PUBLIC_INTEREST, LEGAL_CONSENT, LEGAL_OTHER, LEGAL_BASIS__MAX } legal_basis;
extern const char *const legal_basis_keys[LEGAL_BASIS__MAX + 1];
const char *legal_basis_label_sv(legal_basis b);
typedef enum delivery_method { DELIVERY_ENCRYPTED, DELIVERY_PAPER, DELIVERY__MAX } delivery_method;
extern const char *const delivery_keys[DELIVERY__MAX + 1];
const char *delivery_label_sv(delivery_method m);

/* A request's values as text, indexed by field ("" or NULL when empty). */
typedef struct case_request {
    const char *v[REQ__MAX];
} case_request;

/* One problem with one field. */
typedef struct case_request_problem {
    case_request_field field;
    const char *msg_sv;   /* a Swedish sentence (a msgid) */
} case_request_problem;

/* Checks what a draft may hold (formats of what is filled in: the ethics
 * diary number, the ICD-10 list, the period's order, the age key's shape,
 * the delivery needing a key) and, when for_sending, that every needed
 * field is filled. Writes up to max problems into out, in field order;
 * returns how many there are in all (0: fine). */
int case_request_check(const case_request *r, int for_sending, case_request_problem *out, int max);

/* The completeness check the registrar or coordinator makes before a case
 * goes to the samråd: X(enum, form key, Swedish label). Every point must be
 * ticked for accept_complete; what is missing is asked for as a completion. */
#define CASE_CHECKLIST(X)                                                                                      \
    X(CHECK_APPLICANT, "check_applicant", "Sökande och huvudansvarig forskare är angivna med kontaktuppgifter") \
    X(CHECK_ETHICS, "check_ethics", "Etikprövningsmyndighetens beslut finns och omfattar det som begärs")       \
    X(CHECK_LEGAL, "check_legal", "Den rättsliga grunden är angiven")                                            \
    X(CHECK_POPULATION, "check_population", "Population, period och variabler är avgränsade")                   \
    X(CHECK_SECURITY, "check_security", "Lagring, åtkomst, bevarande och förstöring är beskrivna")               \
    X(CHECK_DELIVERY, "check_delivery", "Leveranssättet är valt (med mottagarens age-nyckel vid krypterad fil)")
#define CASE_CHECK_ENUM(name, key, label) name,
typedef enum case_check { CASE_CHECKLIST(CASE_CHECK_ENUM) CASE_CHECK__MAX } case_check;
#undef CASE_CHECK_ENUM
#define CASE_CHECK_ALL ((1u << CASE_CHECK__MAX) - 1u)
extern const char *const case_check_keys[CASE_CHECK__MAX + 1];
extern const char *const case_check_labels_sv[CASE_CHECK__MAX];

/* Etikprövningsmyndigheten's diary number: YYYY-NNNNN with an optional
 * -NN suffix (e.g. "2024-01234-01"), the year 2019 or later. 1 if valid. */
int ethics_dnr_valid(const char *s);
/* One ICD-10 code or prefix: a letter, two digits, optionally a dot and
 * one or two more digits ("E11", "E11.9", "C50.91"; "F32.A" is not allowed:
 * digits only after the dot; "I2" is a chapter prefix and allowed as
 * letter + one digit). 1 if valid. */
int icd10_code_valid(const char *s, size_t n);
/* A list of codes separated by commas, semicolons or white space; on a bad
 * code returns 0 and sets *bad and *bad_len to it. Empty list: valid. */
int icd10_list_valid(const char *s, const char **bad, size_t *bad_len);

#endif
