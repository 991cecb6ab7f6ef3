/* fields.h — the form field tables of the routes (included by routes.c
 * only): names, types, limits and Swedish labels. The router validates a
 * POST body against its table before the handler runs. */
#ifndef DATALOTS_FIELDS_H
#define DATALOTS_FIELDS_H

#include "core/diary_entry.h"
#include "core/roles.h"
#include "web/form.h"

static const field_spec login_fields[] = {
    {.name = "username", .type = FIELD_TEXT, .required = 1, .max_len = 64, .label_sv = "Användarnamn"},
    {.name = "password", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Lösenord"},
    {.name = "next", .type = FIELD_TEXT, .max_len = 2048, .label_sv = "Nästa sida"},
};

static const field_spec password_fields[] = {
    {.name = "current", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Nuvarande lösenord"},
    {.name = "new", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Nytt lösenord"},
    {.name = "confirm", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Upprepa nytt lösenord"},
};

/* Multi-line so that a whole key file pasted by mistake is recognised (and
 * its secret key refused) rather than rejected as a malformed body. */
static const field_spec age_key_fields[] = {
    {.name = "key", .type = FIELD_MULTILINE, .max_len = 2000, .label_sv = "Offentlig age-nyckel"},
    {.name = "key_file", .type = FIELD_MULTILINE, .max_len = 4000, .label_sv = "Fil med den offentliga nyckeln"},
};

static const field_spec user_new_fields[] = {
    {.name = "username", .type = FIELD_TEXT, .required = 1, .max_len = 64, .label_sv = "Användarnamn"},
    {.name = "display_name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    {.name = "email", .type = FIELD_EMAIL, .max_len = 254, .label_sv = "E-post"},
    {.name = "password", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Lösenord"},
};

static const field_spec grant_fields[] = {
    {.name = "role", .type = FIELD_ENUM, .required = 1, .enum_values = role_keys, .label_sv = "Roll"},
    {.name = "node", .type = FIELD_INT, .required = 1, .min = 0, .max = INT64_MAX, .label_sv = "Enhet"},
};

static const field_spec set_password_fields[] = {
    {.name = "password", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Nytt lösenord"},
};

static const field_spec profile_fields[] = {
    {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    {.name = "display_name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    {.name = "email", .type = FIELD_EMAIL, .max_len = 254, .label_sv = "E-post"},
};

static const field_spec org_edit_fields[] = {
    {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    {.name = "name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    {.name = "diary_format", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Diarienummerformat"},
};

static const field_spec org_fields[] = {
    {.name = "parent", .type = FIELD_INT, .required = 1, .min = 0, .max = INT64_MAX, .label_sv = "Överordnad enhet"},
    {.name = "kind", .type = FIELD_ENUM, .required = 1, .enum_values = org_kind_keys, .label_sv = "Typ av enhet"},
    {.name = "name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    {.name = "code", .type = FIELD_TEXT, .required = 1, .max_len = 32, .label_sv = "Kod"},
    {.name = "diary_format", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Diarienummerformat"},
};

static const field_spec diary_fields[] = {
    {.name = "org", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Diarium"},
    {.name = "doc_date", .type = FIELD_DATE, .required = 1, .label_sv = "Handlingens datum"},
    {.name = "direction", .type = FIELD_ENUM, .required = 1, .enum_values = diary_direction_keys, .label_sv = "Riktning"},
    {.name = "counterpart", .type = FIELD_TEXT, .required = 1, .max_len = 500, .label_sv = "Avsändare/mottagare"},
    {.name = "subject", .type = FIELD_TEXT, .required = 1, .max_len = 500, .label_sv = "Ärendemening"},
    {.name = "confidential", .type = FIELD_BOOL, .label_sv = "Sekretessmarkering"},
    {.name = "legal_ref", .type = FIELD_TEXT, .max_len = 120, .label_sv = "Lagrum"},
};

#endif
