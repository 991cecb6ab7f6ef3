/* invitation_fields.h — the form and query tables of the invitation page
 * (/invitation, handlers/invitation.c), enum-indexed like fields.h. The
 * token travels in the query string and the form, never in the path, so it
 * stays out of the access log. */
#ifndef DATALOTS_INVITATION_FIELDS_H
#define DATALOTS_INVITATION_FIELDS_H

#include "web/form.h"

/* GET /invitation?t=TOKEN */
enum { INVITATION_Q_TOKEN, INVITATION_Q__MAX };
static const field_spec invitation_query[INVITATION_Q__MAX] = {
    [INVITATION_Q_TOKEN] = {.name = "t", .type = FIELD_TOKEN, .required = 1, .label_sv = "Inbjudans kod"},
};

/* POST /invitation: the token, and a new account's fields (not needed by
 * someone signed in already, who takes the case into their own account). */
enum { INVITATION_TOKEN, INVITATION_USERNAME, INVITATION_DISPLAY_NAME, INVITATION_PASSWORD, INVITATION_CONFIRM,
       INVITATION__MAX };
static const field_spec invitation_fields[INVITATION__MAX] = {
    [INVITATION_TOKEN] = {.name = "token", .type = FIELD_TOKEN, .required = 1, .label_sv = "Inbjudans kod"},
    [INVITATION_USERNAME] = {.name = "username", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Användarnamn"},
    [INVITATION_DISPLAY_NAME] = {.name = "display_name", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Namn"},
    [INVITATION_PASSWORD] = {.name = "password", .type = FIELD_PASSWORD, .max_len = 512, .label_sv = "Lösenord"},
    [INVITATION_CONFIRM] = {.name = "confirm", .type = FIELD_PASSWORD, .max_len = 512, .label_sv = "Upprepa lösenordet"},
};

#endif
