/* network_edit_fields.h — the network coordinator's forms (handlers/
 * network_edit.c), enum-indexed like fields.h. Times are the browser's
 * datetime-local ("YYYY-MM-DDTHH:MM", Stockholm time), checked by the
 * handler. */
#ifndef DATALOTS_NETWORK_EDIT_FIELDS_H
#define DATALOTS_NETWORK_EDIT_FIELDS_H

#include "web/form.h"

enum { NETM_NAME, NETM_OFFERS, NETM_SERVES, NETM_WEBSITE, NETM_CONTACT, NETM_EMAIL, NETM__MAX };
static const field_spec network_member_fields[NETM__MAX] = {
    [NETM_NAME] = {.name = "namn", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [NETM_OFFERS] = {.name = "erbjuder", .type = FIELD_MULTILINE, .required = 1, .max_len = 20000, .label_sv = "Erbjuder"},
    [NETM_SERVES] = {.name = "stoder", .type = FIELD_MULTILINE, .required = 1, .max_len = 20000, .label_sv = "Stöder"},
    [NETM_WEBSITE] = {.name = "webbplats", .type = FIELD_TEXT, .max_len = 500, .label_sv = "Webbplats"},
    [NETM_CONTACT] = {.name = "kontakt", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Kontaktperson"},
    [NETM_EMAIL] = {.name = "epost", .type = FIELD_EMAIL, .required = 1, .label_sv = "E-postadress"},
};
/* Changing a member: the fields before NETM_CONTACT; its contact people
 * have forms of their own (network_contact_fields). */
static const field_spec network_member_change_fields[NETM_CONTACT] = {
    [NETM_NAME] = {.name = "namn", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [NETM_OFFERS] = {.name = "erbjuder", .type = FIELD_MULTILINE, .required = 1, .max_len = 20000, .label_sv = "Erbjuder"},
    [NETM_SERVES] = {.name = "stoder", .type = FIELD_MULTILINE, .required = 1, .max_len = 20000, .label_sv = "Stöder"},
    [NETM_WEBSITE] = {.name = "webbplats", .type = FIELD_TEXT, .max_len = 500, .label_sv = "Webbplats"},
};

/* One contact person of a member: added, or changed (…/kontakter/ID/andra). */
enum { NETC_NAME, NETC_EMAIL, NETC_ROLE, NETC__MAX };
static const field_spec network_contact_fields[NETC__MAX] = {
    [NETC_NAME] = {.name = "namn", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [NETC_EMAIL] = {.name = "epost", .type = FIELD_EMAIL, .required = 1, .label_sv = "E-postadress"},
    [NETC_ROLE] = {.name = "roll", .type = FIELD_TEXT, .max_len = 100, .label_sv = "Roll"},
};

static const char *const network_kind_values[] = {"seminar", "conference", "meeting", NULL};
enum { NETE_MEMBER, NETE_KIND, NETE_TITLE, NETE_DESCRIPTION, NETE_STARTS, NETE_ENDS, NETE_PLACE, NETE_URL,
       NETE_SEATS, NETE_CLOSES, NETE__MAX };
static const field_spec network_event_fields[NETE__MAX] = {
    [NETE_MEMBER] = {.name = "medlem", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Arrangör"},
    [NETE_KIND] = {.name = "slag", .type = FIELD_ENUM, .required = 1, .enum_values = network_kind_values, .label_sv = "Slag"},
    [NETE_TITLE] = {.name = "titel", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Rubrik"},
    [NETE_DESCRIPTION] = {.name = "beskrivning", .type = FIELD_MULTILINE, .max_len = 20000, .label_sv = "Beskrivning"},
    [NETE_STARTS] = {.name = "borjar", .type = FIELD_TEXT, .required = 1, .max_len = 16, .label_sv = "Börjar"},
    [NETE_ENDS] = {.name = "slutar", .type = FIELD_TEXT, .required = 1, .max_len = 16, .label_sv = "Slutar"},
    [NETE_PLACE] = {.name = "plats", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Plats"},
    [NETE_URL] = {.name = "lank", .type = FIELD_TEXT, .max_len = 500, .label_sv = "Länk till mötet"},
    [NETE_SEATS] = {.name = "platser", .type = FIELD_INT, .min = 0, .max = 100000, .label_sv = "Platser"},
    [NETE_CLOSES] = {.name = "stanger", .type = FIELD_TEXT, .max_len = 16, .label_sv = "Anmälan stänger"},
};

enum { NETN_MEMBER, NETN_TITLE, NETN_BODY, NETN__MAX };
static const field_spec network_news_fields[NETN__MAX] = {
    [NETN_MEMBER] = {.name = "medlem", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Medlem"},
    [NETN_TITLE] = {.name = "titel", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Rubrik"},
    [NETN_BODY] = {.name = "text", .type = FIELD_MULTILINE, .required = 1, .max_len = 20000, .label_sv = "Text"},
};

#endif
