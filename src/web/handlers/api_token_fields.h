/* api_token_fields.h — the form of /admin/api-tokens (admin_api_tokens.c):
 * a new API token's name, role, node (0: the whole installation) and last
 * day of validity. */
#ifndef DATALOTS_API_TOKEN_FIELDS_H
#define DATALOTS_API_TOKEN_FIELDS_H

#include <stdint.h>

#include "core/api_token.h"
#include "core/roles.h"
#include "web/form.h"

enum { API_TOKEN_F_NAME, API_TOKEN_F_ROLE, API_TOKEN_F_NODE, API_TOKEN_F_EXPIRES, API_TOKEN_F__MAX };
static const field_spec api_token_fields[API_TOKEN_F__MAX] = {
    [API_TOKEN_F_NAME] = {.name = "name", .type = FIELD_TEXT, .required = 1, .max_len = API_TOKEN_NAME_MAX, .label_sv = "Namn"},
    [API_TOKEN_F_ROLE] = {.name = "role", .type = FIELD_ENUM, .required = 1, .enum_values = role_keys, .label_sv = "Roll"},
    [API_TOKEN_F_NODE] = {.name = "node", .type = FIELD_INT, .required = 1, .min = 0, .max = INT64_MAX, .label_sv = "Enhet"},
    [API_TOKEN_F_EXPIRES] = {.name = "expires", .type = FIELD_DATE, .required = 1, .label_sv = "Sista giltighetsdag"},
};

#endif
