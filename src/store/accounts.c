/* accounts.c — audited account changes (see accounts.h). */
#include "store/accounts.h"
#include "store/sessions.h"
#include "store/signin.h"
#include "store/users.h"
#include "core/account_rules.h"
#include "core/password.h"
#include "crypto/password_hash.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static dl_err finish(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

static void id_text(int64_t id, char out[24]) { snprintf(out, 24, "%" PRId64, id); }

dl_err account_create(db *d, const audit_actor *who, const char *username, const char *display_name,
                      const char *email, const char *password, int64_t *id_out, dl_error *e)
{
    dl_err rc = username_check(username, e);
    if (rc == DL_OK) rc = display_name_check(display_name, e);
    if (rc == DL_OK && email && strlen(email) > 254) rc = dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    if (rc == DL_OK) rc = password_check_policy(password, username, e);
    char hash[PASSWORD_HASH_MAX];
    if (rc == DL_OK) rc = password_hash(password, hash, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0;
    rc = user_insert(d, username, display_name, email, hash, &id, e);
    if (rc == DL_ECONFLICT) rc = dl_fail(e, DL_ECONFLICT, "Användarnamnet %s är redan upptaget.", username);
    char idt[24];
    id_text(id, idt);
    if (rc == DL_OK) rc = audit_append(d, who, "user.create", "user", idt, NULL, NULL, username, e);
    rc = finish(d, rc, e);
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

dl_err account_set_password(db *d, const audit_actor *who, int64_t user_id, const char *username,
                            const char *password, const char *keep_token, dl_error *e)
{
    dl_err rc = password_check_policy(password, username, e);
    char hash[PASSWORD_HASH_MAX];
    if (rc == DL_OK) rc = password_hash(password, hash, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = user_set_password_hash(d, user_id, hash, e);
    if (rc == DL_OK) rc = signin_backoff_clear_account(d, username, e); /* a reset unlocks */
    if (rc == DL_OK) rc = session_delete_user(d, user_id, keep_token, e);
    char idt[24];
    id_text(user_id, idt);
    if (rc == DL_OK) rc = audit_append(d, who, "user.password", "user", idt, NULL, NULL, "", e);
    return finish(d, rc, e);
}

dl_err account_grant(db *d, const audit_actor *who, int64_t user_id, dl_role role, int64_t node_id,
                     int64_t *grant_id, dl_error *e)
{
    if (!node_id && role_needs_unit(role))
        return dl_fail(e, DL_EINVAL, "Rollen gäller en organisations egen process och måste ges vid en enhet, inte för hela installationen.");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t gid = 0, held = 0;
    rc = user_lock_count_grants(d, user_id, &held, e);
    _Static_assert(AUTHZ_MAX_GRANTS == 64, "the sentence below names the limit");
    if (rc == DL_OK && held >= AUTHZ_MAX_GRANTS)
        rc = dl_fail(e, DL_ECONFLICT, "Användaren har redan 64 roller, så många som ett konto kan ha. Ta bort en roll innan du ger en ny.");
    if (rc == DL_OK) rc = user_grant_role(d, user_id, role, node_id, who ? who->user_id : 0, &gid, e);
    char idt[24], detail[96];
    id_text(user_id, idt);
    snprintf(detail, sizeof detail, "%s@%" PRId64, role_key(role), node_id);
    if (rc == DL_OK) rc = audit_append(d, who, "role.grant", "user", idt, NULL, NULL, detail, e);
    rc = finish(d, rc, e);
    if (rc == DL_OK && grant_id) *grant_id = gid;
    return rc;
}

dl_err account_revoke(db *d, const audit_actor *who, int64_t grant_id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t uid = 0;
    rc = user_revoke_grant(d, grant_id, &uid, e);
    char idt[24], detail[48];
    id_text(uid, idt);
    snprintf(detail, sizeof detail, "grant %" PRId64, grant_id);
    if (rc == DL_OK) rc = audit_append(d, who, "role.revoke", "user", idt, NULL, NULL, detail, e);
    return finish(d, rc, e);
}

dl_err account_update_profile(db *d, const audit_actor *who, int64_t user_id, int64_t expected_version,
                              const char *display_name, const char *email, dl_error *e)
{
    dl_err rc = display_name_check(display_name, e);
    if (rc == DL_OK && email && strlen(email) > 254) rc = dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = user_update_profile(d, user_id, expected_version, display_name, email, e);
    char idt[24];
    id_text(user_id, idt);
    if (rc == DL_OK) rc = audit_append(d, who, "user.update", "user", idt, NULL, NULL, "", e);
    return finish(d, rc, e);
}

dl_err account_set_disabled(db *d, const audit_actor *who, int64_t user_id, int disabled, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = user_set_disabled(d, user_id, disabled, e);
    if (rc == DL_OK && disabled) rc = session_delete_user(d, user_id, NULL, e);
    char idt[24];
    id_text(user_id, idt);
    if (rc == DL_OK) rc = audit_append(d, who, disabled ? "user.disable" : "user.enable", "user", idt, NULL, NULL, "", e);
    return finish(d, rc, e);
}

dl_err account_clear_signin_backoff(db *d, const audit_actor *who, int64_t user_id, const char *username,
                                    dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = signin_backoff_clear_account(d, username, e);
    char idt[24];
    id_text(user_id, idt);
    if (rc == DL_OK) rc = audit_append(d, who, "user.unlock", "user", idt, NULL, NULL, "", e);
    return finish(d, rc, e);
}

dl_err account_parse_role_spec(db *d, const char *spec, dl_role *role, int64_t *node_id, dl_error *e)
{
    char key[64];
    const char *at = strchr(spec, '@');
    size_t n = at ? (size_t)(at - spec) : strlen(spec);
    if (n >= sizeof key) return dl_fail(e, DL_EINVAL, "unknown role \"%s\"", spec);
    memcpy(key, spec, n);
    key[n] = '\0';
    if (role_from_key(key, role) != 0) return dl_fail(e, DL_EINVAL, "unknown role \"%s\"", key);
    *node_id = 0;
    if (!at) return DL_OK;
    dl_err rc = db_query_int(d, "SELECT id FROM org_node WHERE code = ?", node_id, e, "t", at + 1);
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_EINVAL, "no organisation unit has the code \"%s\"", at + 1);
    return rc;
}
