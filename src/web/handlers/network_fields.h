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

#endif
