/* case_portal_fields.h — the form and query tables of the applicant's
 * portal (handlers/case_portal.c: the message thread) and of the project
 * members (handlers/case_members.c: the invitation, joining, the terms),
 * enum-indexed like fields.h. A member invitation's token travels in the
 * query string and the form, never in the path. */
#ifndef DATALOTS_CASE_PORTAL_FIELDS_H
#define DATALOTS_CASE_PORTAL_FIELDS_H

#include "web/form.h"

/* GET /mina-arenden?visa=alla|pagaende|avslutade&sida=N — which of my
 * cases: all (the default), those under way (drafts too) or the closed ones */
static const char *const portal_shows[] = {"alla", "pagaende", "avslutade", NULL};
enum { PORTAL_SHOW_ALL, PORTAL_SHOW_OPEN, PORTAL_SHOW_CLOSED };
enum { PORTAL_Q_PAGE, PORTAL_Q_SHOW, PORTAL_Q__MAX };
static const field_spec portal_query[PORTAL_Q__MAX] = {
    [PORTAL_Q_PAGE] = {.name = "sida", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
    [PORTAL_Q_SHOW] = {.name = "visa", .type = FIELD_ENUM, .enum_values = portal_shows, .label_sv = "Visa"},
};

/* POST /cases/{id}/messages (a PDF may come along) */
enum { MSG_BODY, MSG_COMPLETION, MSG_FILE, MSG__MAX };
static const field_spec case_message_fields[MSG__MAX] = {
    [MSG_BODY] = {.name = "body", .type = FIELD_MULTILINE, .required = 1, .max_len = 8000, .label_sv = "Meddelande"},
    [MSG_COMPLETION] = {.name = "completion", .type = FIELD_BOOL, .label_sv = "Meddelandet är en komplettering"},
    [MSG_FILE] = {.name = "file", .type = FIELD_FILE, .max_len = 255, .label_sv = "Bilaga (PDF)"},
};

/* POST /api/v1/cases/{id}/messages (no file: a document comes by the page) */
enum { MSG_API_BODY, MSG_API_COMPLETION, MSG_API__MAX };
static const field_spec case_message_api_fields[MSG_API__MAX] = {
    [MSG_API_BODY] = {.name = "body", .type = FIELD_MULTILINE, .required = 1, .max_len = 8000, .label_sv = "Meddelande"},
    [MSG_API_COMPLETION] = {.name = "completion", .type = FIELD_BOOL, .label_sv = "Meddelandet är en komplettering"},
};

/* POST /cases/{id}/members */
enum { MEMBER_EMAIL, MEMBER__MAX };
static const field_spec member_invite_fields[MEMBER__MAX] = {
    [MEMBER_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .required = 1, .label_sv = "E-postadress"},
};

/* POST /cases/{id}/members/{member}/terms: the version read */
enum { TERMS_VERSION, TERMS__MAX };
static const field_spec member_terms_fields[TERMS__MAX] = {
    [TERMS_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = 1000000,
                       .label_sv = "Villkorens version"},
};

/* GET /medlem?t=TOKEN */
enum { MEMBER_Q_TOKEN, MEMBER_Q__MAX };
static const field_spec member_query[MEMBER_Q__MAX] = {
    [MEMBER_Q_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Inbjudans kod"},
};

/* POST /medlem: the token, and a new account's fields (not needed by someone signed in). */
enum { JOIN_TOKEN, JOIN_USERNAME, JOIN_DISPLAY_NAME, JOIN_PASSWORD, JOIN_CONFIRM, JOIN__MAX };
static const field_spec member_join_fields[JOIN__MAX] = {
    [JOIN_TOKEN] = {.name = "token", .type = FIELD_TOKEN, .required = 1, .label_sv = "Inbjudans kod"},
    [JOIN_USERNAME] = {.name = "username", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Användarnamn"},
    [JOIN_DISPLAY_NAME] = {.name = "display_name", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Namn"},
    [JOIN_PASSWORD] = {.name = "password", .type = FIELD_PASSWORD, .max_len = 512, .label_sv = "Lösenord"},
    [JOIN_CONFIRM] = {.name = "confirm", .type = FIELD_PASSWORD, .max_len = 512, .label_sv = "Upprepa lösenordet"},
};

#endif
