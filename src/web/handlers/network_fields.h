/* network_fields.h — the query table of the network calendar (/kalender;
 * handlers/network.c), enum-indexed like fields.h. Text, so a form's "Alla"
 * (empty) is no error; the handler answers 400 with a sentence for a value
 * in no list. */
#ifndef DATALOTS_NETWORK_FIELDS_H
#define DATALOTS_NETWORK_FIELDS_H

#include "web/form.h"

enum { NETWORK_Q_MEMBER, NETWORK_Q_WHEN, NETWORK_Q__MAX };
static const field_spec network_calendar_query[NETWORK_Q__MAX] = {
    [NETWORK_Q_MEMBER] = {.name = "medlem", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Arrangör"},
    [NETWORK_Q_WHEN] = {.name = "tid", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Tid"},
};

/* POST /kalender/ID/anmalan: name, address and (not required) organisation. */
enum { NETREG_NAME, NETREG_EMAIL, NETREG_ORG, NETREG__MAX };
static const field_spec network_register_fields[NETREG__MAX] = {
    [NETREG_NAME] = {.name = "namn", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [NETREG_EMAIL] = {.name = "epost", .type = FIELD_EMAIL, .required = 1, .label_sv = "E-postadress"},
    [NETREG_ORG] = {.name = "organisation", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Organisation"},
};

/* GET /kalender/avanmalan?t=TOKEN (the page with the button) and its POST;
 * the token never in the path, so it stays out of the access log. */
enum { NETCANCEL_Q_TOKEN, NETCANCEL_Q__MAX };
static const field_spec network_cancel_query[NETCANCEL_Q__MAX] = {
    [NETCANCEL_Q_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
};
enum { NETCANCEL_TOKEN, NETCANCEL__MAX };
static const field_spec network_cancel_fields[NETCANCEL__MAX] = {
    [NETCANCEL_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
};

#endif
