/* obstacle_subscribe_fields.h — the form and query tables of following a
 * published obstacle by e-mail (handlers/obstacle_subscribe.c), enum-indexed
 * like fields.h. A link's token travels in the query string (GET) or the
 * form (POST), never in the path, so it stays out of the access log. */
#ifndef DATALOTS_OBSTACLE_SUBSCRIBE_FIELDS_H
#define DATALOTS_OBSTACLE_SUBSCRIBE_FIELDS_H

#include "web/form.h"

/* POST /hinder/ID/bevaka. "website" is the robot trap of the report form:
 * hidden from people and screen readers, it must stay empty. */
enum { SUBSCRIBE_EMAIL, SUBSCRIBE_TRAP, SUBSCRIBE__MAX };
static const field_spec obstacle_subscribe_fields[SUBSCRIBE__MAX] = {
    [SUBSCRIBE_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .required = 1, .label_sv = "E-postadress"},
    [SUBSCRIBE_TRAP] = {.name = "website", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Webbplats"},
};

/* GET /hinder/bevakning/bekrafta?t=TOKEN and /hinder/bevakning/avsluta?t=TOKEN:
 * the page with the button. */
enum { SUBSCRIPTION_LINK_Q_TOKEN, SUBSCRIPTION_LINK_Q__MAX };
static const field_spec obstacle_subscription_link_query[SUBSCRIPTION_LINK_Q__MAX] = {
    [SUBSCRIPTION_LINK_Q_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
};

/* POST of the same two addresses: the button. */
enum { SUBSCRIPTION_LINK_TOKEN, SUBSCRIPTION_LINK__MAX };
static const field_spec obstacle_subscription_link_fields[SUBSCRIPTION_LINK__MAX] = {
    [SUBSCRIPTION_LINK_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Länkens kod"},
};

#endif
