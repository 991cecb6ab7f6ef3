/* field_keys.h — the positions of every route's form fields and query
 * parameters, one enum per table of fields.h (which fills the slots with
 * designated initializers, sized by the __MAX). Handlers read values with
 * form_at(&r->form, DIARY_ORG) and query_at(r, DIARY_LIST_Q), so a misspelt
 * field does not compile. */
#ifndef DATALOTS_FIELD_KEYS_H
#define DATALOTS_FIELD_KEYS_H

/* --- form bodies (POST) --- */

/* POST /login */
enum login_field { LOGIN_USERNAME, LOGIN_PASSWORD, LOGIN_NEXT, LOGIN__MAX };
/* POST /account/password */
enum password_field { PASSWORD_CURRENT, PASSWORD_NEW, PASSWORD_CONFIRM, PASSWORD__MAX };
/* POST /account/age-key */
enum age_key_field { AGE_KEY_KEY, AGE_KEY_FILE, AGE_KEY__MAX };
/* POST /admin/users */
enum user_new_field { USER_NEW_USERNAME, USER_NEW_DISPLAY_NAME, USER_NEW_EMAIL, USER_NEW_PASSWORD, USER_NEW__MAX };
/* POST /admin/users/{id}/roles */
enum grant_field { GRANT_ROLE, GRANT_NODE, GRANT__MAX };
/* POST /admin/users/{id}/password */
enum set_password_field { SET_PASSWORD_PASSWORD, SET_PASSWORD__MAX };
/* POST /admin/users/{id}/profile */
enum profile_field { PROFILE_VERSION, PROFILE_DISPLAY_NAME, PROFILE_EMAIL, PROFILE__MAX };
/* POST /org/{id} */
enum org_edit_field { ORG_EDIT_VERSION, ORG_EDIT_NAME, ORG_EDIT_DIARY_FORMAT, ORG_EDIT__MAX };
/* POST /org */
enum org_new_field { ORG_NEW_PARENT, ORG_NEW_KIND, ORG_NEW_NAME, ORG_NEW_CODE, ORG_NEW_DIARY_FORMAT, ORG_NEW__MAX };
/* POST /diarium, POST /diarium/{id}/correct */
enum diary_field {
    DIARY_ORG, DIARY_DOC_DATE, DIARY_DIRECTION, DIARY_COUNTERPART, DIARY_SUBJECT, DIARY_CONFIDENTIAL,
    DIARY_LEGAL_REF, DIARY__MAX
};

/* --- query strings --- */

/* GET /login */
enum login_query { LOGIN_Q_NEXT, LOGIN_Q_EXPIRED, LOGIN_Q__MAX };
/* GET /account/password */
enum password_query { PASSWORD_Q_CHANGED, PASSWORD_Q_LINKED, PASSWORD_Q__MAX };
/* GET /login/oidc/callback: the provider's answer (OpenID Connect Core
 * §3.1.2.5–6; iss from RFC 9207, session_state from Session Management) */
enum oidc_callback_query {
    OIDC_Q_CODE, OIDC_Q_STATE, OIDC_Q_ERROR, OIDC_Q_ERROR_DESCRIPTION, OIDC_Q_ISS, OIDC_Q_SESSION_STATE, OIDC_Q__MAX
};
/* GET /language */
enum language_query { LANGUAGE_Q_LANG, LANGUAGE_Q_NEXT, LANGUAGE_Q__MAX };
/* GET /admin/users */
enum users_query { USERS_Q_USERNAME, USERS_Q_CREATED, USERS_Q__MAX };
/* GET /admin/users/{id} */
enum user_query { USER_Q_CREATED, USER_Q_UNLINKED, USER_Q__MAX };
/* GET /diarium */
enum diary_list_query { DIARY_LIST_Q, DIARY_LIST_PAGE, DIARY_LIST__MAX };
enum outbox_query { OUTBOX_Q_STATE, OUTBOX_Q_PAGE, OUTBOX_Q__MAX };
/* GET /api/v1/diarium */
enum api_diary_query { API_DIARY_LIMIT, API_DIARY_OFFSET, API_DIARY_Q, API_DIARY__MAX };

#endif
