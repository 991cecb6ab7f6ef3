/* fields.h — the form field and query parameter tables of the routes
 * (included by routes.c only): names, types, limits and Swedish labels. Each
 * table is sized by its enum in field_keys.h and filled by designated
 * initializers, so a field's position is its enum value; a slot left out
 * has no name, and router_check_table (at start-up and in the unit tests)
 * refuses it. The router validates a POST body against the route's fields
 * and the query string against its query table before the handler runs.
 * Enumerations take their values from core's one list of each value set. */
#ifndef DATALOTS_FIELDS_H
#define DATALOTS_FIELDS_H

#include "core/diary_entry.h"
#include "core/roles.h"
#include "web/form.h"
#include "web/handlers/field_keys.h"

#include <stdint.h>

/* --- form bodies --- */

static const field_spec login_fields[LOGIN__MAX] = {
    [LOGIN_USERNAME] = {.name = "username", .type = FIELD_TEXT, .required = 1, .max_len = 64, .label_sv = "Användarnamn"},
    [LOGIN_PASSWORD] = {.name = "password", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Lösenord"},
    [LOGIN_NEXT] = {.name = "next", .type = FIELD_TEXT, .max_len = 2048, .label_sv = "Nästa sida"},
};

static const field_spec password_fields[PASSWORD__MAX] = {
    [PASSWORD_CURRENT] = {.name = "current", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Nuvarande lösenord"},
    [PASSWORD_NEW] = {.name = "new", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Nytt lösenord"},
    [PASSWORD_CONFIRM] = {.name = "confirm", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Upprepa nytt lösenord"},
};

/* Multi-line so that a whole key file pasted by mistake is recognised (and
 * its secret key refused) rather than rejected as a malformed body. */
static const field_spec age_key_fields[AGE_KEY__MAX] = {
    [AGE_KEY_KEY] = {.name = "key", .type = FIELD_MULTILINE, .max_len = 2000, .label_sv = "Offentlig age-nyckel"},
    [AGE_KEY_FILE] = {.name = "key_file", .type = FIELD_MULTILINE, .max_len = 4000, .label_sv = "Fil med den offentliga nyckeln"},
};

static const field_spec user_new_fields[USER_NEW__MAX] = {
    [USER_NEW_USERNAME] = {.name = "username", .type = FIELD_TEXT, .required = 1, .max_len = 64, .label_sv = "Användarnamn"},
    [USER_NEW_DISPLAY_NAME] = {.name = "display_name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [USER_NEW_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .max_len = 254, .label_sv = "E-post"},
    [USER_NEW_PASSWORD] = {.name = "password", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Lösenord"},
};

/* The role's num is its dl_role. */
static const field_spec grant_fields[GRANT__MAX] = {
    [GRANT_ROLE] = {.name = "role", .type = FIELD_ENUM, .required = 1, .enum_values = role_keys, .label_sv = "Roll"},
    [GRANT_NODE] = {.name = "node", .type = FIELD_INT, .required = 1, .min = 0, .max = INT64_MAX, .label_sv = "Enhet"},
};

static const field_spec set_password_fields[SET_PASSWORD__MAX] = {
    [SET_PASSWORD_PASSWORD] = {.name = "password", .type = FIELD_PASSWORD, .required = 1, .max_len = 512, .label_sv = "Nytt lösenord"},
};

static const field_spec profile_fields[PROFILE__MAX] = {
    [PROFILE_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    [PROFILE_DISPLAY_NAME] = {.name = "display_name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [PROFILE_EMAIL] = {.name = "email", .type = FIELD_EMAIL, .max_len = 254, .label_sv = "E-post"},
};

static const field_spec org_edit_fields[ORG_EDIT__MAX] = {
    [ORG_EDIT_VERSION] = {.name = "version", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Version"},
    [ORG_EDIT_NAME] = {.name = "name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [ORG_EDIT_DIARY_FORMAT] = {.name = "diary_format", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Diarienummerformat"},
};

/* The kind's num is its org_kind. */
static const field_spec org_fields[ORG_NEW__MAX] = {
    [ORG_NEW_PARENT] = {.name = "parent", .type = FIELD_INT, .required = 1, .min = 0, .max = INT64_MAX, .label_sv = "Överordnad enhet"},
    [ORG_NEW_KIND] = {.name = "kind", .type = FIELD_ENUM, .required = 1, .enum_values = org_kind_keys, .label_sv = "Typ av enhet"},
    [ORG_NEW_NAME] = {.name = "name", .type = FIELD_TEXT, .required = 1, .max_len = 200, .label_sv = "Namn"},
    [ORG_NEW_CODE] = {.name = "code", .type = FIELD_TEXT, .required = 1, .max_len = 32, .label_sv = "Kod"},
    [ORG_NEW_DIARY_FORMAT] = {.name = "diary_format", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Diarienummerformat"},
};

static const field_spec diary_fields[DIARY__MAX] = {
    [DIARY_ORG] = {.name = "org", .type = FIELD_INT, .required = 1, .min = 1, .max = INT64_MAX, .label_sv = "Diarium"},
    [DIARY_DOC_DATE] = {.name = "doc_date", .type = FIELD_DATE, .required = 1, .label_sv = "Handlingens datum"},
    [DIARY_DIRECTION] = {.name = "direction", .type = FIELD_ENUM, .required = 1, .enum_values = diary_direction_keys, .label_sv = "Riktning"},
    [DIARY_COUNTERPART] = {.name = "counterpart", .type = FIELD_TEXT, .required = 1, .max_len = 500, .label_sv = "Avsändare/mottagare"},
    [DIARY_SUBJECT] = {.name = "subject", .type = FIELD_TEXT, .required = 1, .max_len = 500, .label_sv = "Ärendemening"},
    [DIARY_CONFIDENTIAL] = {.name = "confidential", .type = FIELD_BOOL, .label_sv = "Sekretessmarkering"},
    [DIARY_LEGAL_REF] = {.name = "legal_ref", .type = FIELD_TEXT, .max_len = 120, .label_sv = "Lagrum"},
};

/* --- query strings --- */

static const field_spec login_query[LOGIN_Q__MAX] = {
    [LOGIN_Q_NEXT] = {.name = "next", .type = FIELD_LOCAL_PATH, .max_len = 2048, .label_sv = "Nästa sida"},
    [LOGIN_Q_EXPIRED] = {.name = "expired", .type = FIELD_BOOL, .label_sv = "Utloggad"},
};

static const field_spec password_query[PASSWORD_Q__MAX] = {
    [PASSWORD_Q_CHANGED] = {.name = "changed", .type = FIELD_BOOL, .label_sv = "Bytt"},
    [PASSWORD_Q_LINKED] = {.name = "linked", .type = FIELD_BOOL, .label_sv = "Kopplad"},
};

static const field_spec oidc_callback_query[OIDC_Q__MAX] = {
    /* Larger than any provider sends, so that a made-up one reaches the
     * handler and is refused (and audited) as an unknown state. */
    [OIDC_Q_CODE] = {.name = "code", .type = FIELD_TEXT, .max_len = 4096, .label_sv = "Kod"},
    [OIDC_Q_STATE] = {.name = "state", .type = FIELD_TEXT, .max_len = 1024, .label_sv = "Tillstånd"},
    [OIDC_Q_ERROR] = {.name = "error", .type = FIELD_TEXT, .max_len = 128, .label_sv = "Fel"},
    [OIDC_Q_ERROR_DESCRIPTION] = {.name = "error_description", .type = FIELD_TEXT, .max_len = 1024, .label_sv = "Felbeskrivning"},
    [OIDC_Q_ISS] = {.name = "iss", .type = FIELD_TEXT, .max_len = 512, .label_sv = "Utfärdare"},
    [OIDC_Q_SESSION_STATE] = {.name = "session_state", .type = FIELD_TEXT, .max_len = 512, .label_sv = "Sessionstillstånd"},
};

static const char *const language_values[] = {"sv", "en", NULL};
static const field_spec language_query[LANGUAGE_Q__MAX] = {
    [LANGUAGE_Q_LANG] = {.name = "lang", .type = FIELD_ENUM, .enum_values = language_values, .label_sv = "Språk"},
    [LANGUAGE_Q_NEXT] = {.name = "next", .type = FIELD_LOCAL_PATH, .max_len = 2048, .label_sv = "Nästa sida"},
};

static const field_spec users_query[USERS_Q__MAX] = {
    [USERS_Q_USERNAME] = {.name = "username", .type = FIELD_TEXT, .max_len = 64, .label_sv = "Användarnamn"},
    [USERS_Q_CREATED] = {.name = "created", .type = FIELD_BOOL, .label_sv = "Skapad"},
};

static const field_spec user_query[USER_Q__MAX] = {
    [USER_Q_CREATED] = {.name = "created", .type = FIELD_BOOL, .label_sv = "Skapad"},
    [USER_Q_UNLINKED] = {.name = "unlinked", .type = FIELD_BOOL, .label_sv = "Kopplingen borttagen"},
};

static const field_spec diary_list_query[DIARY_LIST__MAX] = {
    [DIARY_LIST_Q] = {.name = "q", .type = FIELD_TEXT, .max_len = 200, .label_sv = "Sökning"},
    [DIARY_LIST_PAGE] = {.name = "page", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
};

static const field_spec outbox_query[OUTBOX_Q__MAX] = {
    [OUTBOX_Q_STATE] = {.name = "state", .type = FIELD_TEXT, .max_len = 20, .label_sv = "Läge"},
    [OUTBOX_Q_PAGE] = {.name = "page", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
};

static const field_spec api_diary_query[API_DIARY__MAX] = {
    [API_DIARY_LIMIT] = {.name = "limit", .type = FIELD_INT, .min = 1, .max = 100, .label_sv = "limit"},
    [API_DIARY_OFFSET] = {.name = "offset", .type = FIELD_INT, .min = 0, .max = 10000000, .label_sv = "offset"},
    [API_DIARY_Q] = {.name = "q", .type = FIELD_TEXT, .max_len = 200, .label_sv = "q"},
};

#endif
