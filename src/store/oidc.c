/* oidc.c — OpenID Connect sign-in in the store (see oidc.h): providers,
 * role maps, sign-ins under way, the password policy, and the one
 * transaction that turns a verified identity into a session. */
#include "store/oidc.h"
#include "core/clock.h"
#include "core/roles.h"
#include "crypto/token.h"
#include "store/sessions.h"
#include "store/settings.h"
#include "store/users.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define POLICY_SETTING "signin.passwords"

static dl_err commit_or_rollback(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* --- providers ----------------------------------------------------------- */

#define PROVIDER_COLUMNS                                                                          \
    "id, name, label, issuer, client_id, client_secret_ref, scopes, link_claim, link_to,"         \
    " create_accounts, disabled, discovery_json, discovery_fetched_at, jwks_json, jwks_fetched_at, label_en"

static void provider_row(db_stmt *s, arena *a, oidc_provider *p)
{
    p->id = db_col_int(s, 0);
    p->name = arena_strdup(a, db_col_text(s, 1));
    p->label = arena_strdup(a, db_col_text(s, 2));
    p->issuer = arena_strdup(a, db_col_text(s, 3));
    p->client_id = arena_strdup(a, db_col_text(s, 4));
    p->client_secret_ref = arena_strdup(a, db_col_text(s, 5));
    p->scopes = arena_strdup(a, db_col_text(s, 6));
    p->link_claim = arena_strdup(a, db_col_text(s, 7));
    p->link_to = arena_strdup(a, db_col_text(s, 8));
    p->create_accounts = (int)db_col_int(s, 9);
    p->disabled = (int)db_col_int(s, 10);
    p->discovery_json = arena_strdup(a, db_col_text(s, 11));
    p->discovery_fetched_at = db_col_int(s, 12);
    p->jwks_json = arena_strdup(a, db_col_text(s, 13));
    p->jwks_fetched_at = db_col_int(s, 14);
    p->label_en = arena_strdup(a, db_col_text(s, 15));
}

dl_err oidc_provider_put(db *d, const audit_actor *who, const oidc_provider *p, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0;
    rc = db_query_int(d, "SELECT id FROM oidc_provider WHERE name = ?", &id, e, "t", p->name);
    if (rc == DL_ENOTFOUND) {
        dl_error_clear(e);
        char now[32];
        clock_iso_utc(clock_now(), now);
        rc = db_query_int(d, "INSERT INTO oidc_provider(name, label, issuer, client_id, client_secret_ref, scopes,"
                             " link_claim, link_to, create_accounts, disabled, created_at, label_en)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", &id, e, "ttttttttiitt", p->name,
                          p->label, p->issuer, p->client_id, p->client_secret_ref, p->scopes, p->link_claim,
                          p->link_to, (int64_t)p->create_accounts, (int64_t)p->disabled, now,
                          p->label_en ? p->label_en : "");
    } else if (rc == DL_OK) {
        /* Disabled, or another issuer: its claims no longer speak for anyone. */
        int64_t same_issuer = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM oidc_provider WHERE id = ? AND issuer = ?", &same_issuer, e, "it", id,
                          p->issuer);
        if (rc == DL_OK && (p->disabled || !same_issuer))
            rc = oidc_drop_mapped_grants(d, who, id, 0, p->disabled ? "the provider is disabled" : "the provider's issuer changed", e);
        if (rc == DL_OK)
            rc = db_run(d, "UPDATE oidc_provider SET label = ?, issuer = ?, client_id = ?, client_secret_ref = ?,"
                           " scopes = ?, link_claim = ?, link_to = ?, create_accounts = ?, disabled = ?, label_en = ?,"
                           " discovery_json = '', discovery_fetched_at = 0, jwks_json = '', jwks_fetched_at = 0"
                           " WHERE id = ?", e, "tttttttiiti", p->label, p->issuer, p->client_id, p->client_secret_ref,
                        p->scopes, p->link_claim, p->link_to, (int64_t)p->create_accounts, (int64_t)p->disabled,
                        p->label_en ? p->label_en : "", id);
    }
    char idt[24], detail[600];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    /* The secret's whereabouts, never the secret. */
    snprintf(detail, sizeof detail, "%s: issuer %s, client %s, secret from %.40s%s", p->name, p->issuer,
             p->client_id, p->client_secret_ref, p->disabled ? ", disabled" : "");
    if (rc == DL_OK) rc = audit_append(d, who, "oidc.provider.set", "oidc_provider", idt, NULL, NULL, detail, e);
    return commit_or_rollback(d, rc, e);
}

dl_err oidc_provider_list(db *d, arena *a, oidc_provider *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " PROVIDER_COLUMNS " FROM oidc_provider ORDER BY name", e);
    if (!s) return e->code;
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        if (*n < max) provider_row(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_DONE ? DL_OK : e->code;
}

static dl_err provider_where(db *d, arena *a, const char *where, const char *text, int64_t id, oidc_provider *out,
                             dl_error *e)
{
    db_stmt *s = db_prepare(d, where, e);
    if (!s) return e->code;
    if (text) db_bind_text(s, 1, text);
    else db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        provider_row(s, a, out);
        while (db_step(s, e) == DB_ROW) {}
    } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "no such identity provider") : e->code;
    db_stmt_done(s);
    return rc;
}

dl_err oidc_provider_by_name(db *d, arena *a, const char *name, oidc_provider *out, dl_error *e)
{
    return provider_where(d, a, "SELECT " PROVIDER_COLUMNS " FROM oidc_provider WHERE name = ?", name ? name : "", 0,
                          out, e);
}

dl_err oidc_provider_by_id(db *d, arena *a, int64_t id, oidc_provider *out, dl_error *e)
{
    return provider_where(d, a, "SELECT " PROVIDER_COLUMNS " FROM oidc_provider WHERE id = ?", NULL, id, out, e);
}

dl_err oidc_provider_cache(db *d, int64_t id, const char *discovery_json, const char *jwks_json, int64_t now,
                           dl_error *e)
{
    dl_err rc = DL_OK;
    if (discovery_json)
        rc = db_run(d, "UPDATE oidc_provider SET discovery_json = ?, discovery_fetched_at = ? WHERE id = ?", e, "tii",
                    discovery_json, now, id);
    if (rc == DL_OK && jwks_json)
        rc = db_run(d, "UPDATE oidc_provider SET jwks_json = ?, jwks_fetched_at = ? WHERE id = ?", e, "tii",
                    jwks_json, now, id);
    return rc;
}

/* --- role maps ------------------------------------------------------------ */

dl_err oidc_role_map_add(db *d, const audit_actor *who, int64_t provider_id, const char *claim, const char *value,
                         dl_role role, int64_t node_id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t held = 0;
    rc = db_query_int(d, "SELECT COUNT(*) FROM oidc_role_map WHERE provider_id = ?", &held, e, "i", provider_id);
    if (rc == DL_OK && held >= OIDC_MAPS_MAX)
        rc = dl_fail(e, DL_ELIMIT, "the provider has %d role maps already, the most it may have", OIDC_MAPS_MAX);
    if (rc != DL_OK) {
        db_rollback(d);
        return rc;
    }
    char now[32];
    clock_iso_utc(clock_now(), now);
    int64_t id = 0;
    db_stmt *s = db_prepare(d, "INSERT INTO oidc_role_map(provider_id, claim, value, role, node_id, created_at)"
                               " VALUES (?,?,?,?,?,?) RETURNING id", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, provider_id);
        db_bind_text(s, 2, claim);
        db_bind_text(s, 3, value);
        db_bind_text(s, 4, role_key(role));
        if (node_id) db_bind_int(s, 5, node_id);
        else db_bind_null(s, 5);
        db_bind_text(s, 6, now);
        int st = db_step(s, e);
        if (st == DB_ROW) {
            id = db_col_int(s, 0);
            while (db_step(s, e) == DB_ROW) {}
        } else rc = e->code == DL_ECONSTRAINT ? dl_fail(e, DL_ECONFLICT, "that claim value already gives that role there")
                                              : e->code;
        db_stmt_done(s);
    }
    char idt[24], detail[400];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(detail, sizeof detail, "provider %" PRId64 ": %s = %s gives %s at node %" PRId64, provider_id, claim,
             value, role_key(role), node_id);
    if (rc == DL_OK) rc = audit_append(d, who, "oidc.role_map.add", "oidc_role_map", idt, NULL, NULL, detail, e);
    return commit_or_rollback(d, rc, e);
}

dl_err oidc_role_map_list(db *d, arena *a, int64_t provider_id, oidc_role_map *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT m.id, m.claim, m.value, m.role, COALESCE(m.node_id, 0), COALESCE(o.name, '')"
                               " FROM oidc_role_map m LEFT JOIN org_node o ON o.id = m.node_id"
                               " WHERE m.provider_id = ? ORDER BY m.claim, m.value, m.role, m.id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, provider_id);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        dl_role role;
        if (role_from_key(db_col_text(s, 3), &role) != 0 || *n >= max) continue; /* an unknown role gives nothing */
        out[*n] = (oidc_role_map){db_col_int(s, 0), arena_strdup(a, db_col_text(s, 1)),
                                  arena_strdup(a, db_col_text(s, 2)), role, db_col_int(s, 4),
                                  arena_strdup(a, db_col_text(s, 5))};
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_DONE ? DL_OK : e->code;
}

/* --- sign-ins under way ----------------------------------------------------- */

dl_err oidc_login_begin(db *d, const char *state_hash, const oidc_pending *p, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = db_run(d, "DELETE FROM oidc_login WHERE created_at < ?", e, "i", p->created_at - 86400);
    db_stmt *s = rc == DL_OK ? db_prepare(d, "INSERT INTO oidc_login(state_hash, browser_hash, provider_id, nonce,"
                                             " code_verifier, link_user_id, next_path, created_at)"
                                             " VALUES (?,?,?,?,?,?,?,?)", e)
                             : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        db_bind_text(s, 1, state_hash);
        db_bind_text(s, 2, p->browser_hash);
        db_bind_int(s, 3, p->provider_id);
        db_bind_text(s, 4, p->nonce);
        db_bind_text(s, 5, p->code_verifier);
        if (p->link_user_id) db_bind_int(s, 6, p->link_user_id);
        else db_bind_null(s, 6);
        db_bind_text(s, 7, p->next_path ? p->next_path : "");
        db_bind_int(s, 8, p->created_at);
        if (db_step(s, e) != DB_DONE) rc = e->code != DL_OK ? e->code : DL_EDB;
        db_stmt_done(s);
    }
    return commit_or_rollback(d, rc, e);
}

dl_err oidc_login_find(db *d, arena *a, const char *state_hash, oidc_pending *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT provider_id, COALESCE(link_user_id, 0), created_at, used_at, browser_hash,"
                               " nonce, code_verifier, next_path FROM oidc_login WHERE state_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, state_hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        *out = (oidc_pending){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 3),
                              arena_strdup(a, db_col_text(s, 4)), arena_strdup(a, db_col_text(s, 5)),
                              arena_strdup(a, db_col_text(s, 6)), arena_strdup(a, db_col_text(s, 7))};
        while (db_step(s, e) == DB_ROW) {}
    } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "no sign-in with that state") : e->code;
    db_stmt_done(s);
    return rc;
}

dl_err oidc_login_use(db *d, const char *state_hash, int64_t now, dl_error *e)
{
    int64_t hit = 0;
    dl_err rc = db_query_int(d, "UPDATE oidc_login SET used_at = ? WHERE state_hash = ? AND used_at = 0 RETURNING 1",
                             &hit, e, "it", now, state_hash);
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_EGONE, "the sign-in's state was used already");
    return rc;
}

/* --- the password policy --------------------------------------------------------- */

dl_err oidc_password_policy_get(db *d, oidc_password_policy *out, dl_error *e)
{
    char v[32];
    *out = OIDC_PASSWORDS_EVERYONE;
    dl_err rc = settings_get(d, POLICY_SETTING, v, sizeof v, e);
    if (rc == DL_ENOTFOUND) {
        dl_error_clear(e);
        return DL_OK;
    }
    if (rc != DL_OK) return rc;
    int p = oidc_password_policy_parse(v);
    *out = p < 0 ? OIDC_PASSWORDS_EVERYONE : (oidc_password_policy)p;
    return DL_OK;
}

dl_err oidc_password_policy_set(db *d, const audit_actor *who, oidc_password_policy p, dl_error *e)
{
    if ((unsigned)p >= OIDC_PASSWORDS__MAX) return dl_fail(e, DL_EINVAL, "no such password policy");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = settings_set(d, POLICY_SETTING, oidc_password_policy_keys[p], e);
    if (rc == DL_OK)
        rc = audit_append(d, who, "oidc.password_policy", "settings", POLICY_SETTING, NULL, NULL,
                          oidc_password_policy_keys[p], e);
    return commit_or_rollback(d, rc, e);
}

dl_err oidc_user_is_staff(db *d, int64_t user_id, int *staff, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM role_assignment WHERE user_id = ? AND role <> ?", &n, e, "it",
                             user_id, role_key(ROLE_APPLICANT));
    *staff = rc == DL_OK && n > 0;
    return rc;
}

dl_err oidc_user_identity(db *d, arena *a, int64_t user_id, int english, const char **provider_label,
                          const char **subject, dl_error *e)
{
    *provider_label = *subject = NULL;
    db_stmt *s = db_prepare(d, "SELECT u.external_subject, COALESCE(MIN(CASE WHEN ? = 1 AND p.label_en <> ''"
                               " THEN p.label_en ELSE p.label END), u.external_issuer) FROM users u"
                               " LEFT JOIN oidc_provider p ON p.issuer = u.external_issuer"
                               " WHERE u.id = ? AND u.external_subject IS NOT NULL"
                               " GROUP BY u.external_subject, u.external_issuer", e);
    if (!s) return e->code;
    db_bind_int(s, 1, english ? 1 : 0);
    db_bind_int(s, 2, user_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *subject = arena_strdup(a, db_col_text(s, 0));
        *provider_label = arena_strdup(a, db_col_text(s, 1));
        while (db_step(s, e) == DB_ROW) {}
    }
    db_stmt_done(s);
    return st == DB_ROW || st == DB_DONE ? DL_OK : e->code;
}

dl_err oidc_session_provider(db *d, const char *session_token, int64_t *provider_id, dl_error *e)
{
    *provider_id = 0;
    if (!session_token) return DL_OK;
    char hash[65];
    sha256_hex(session_token, strlen(session_token), hash);
    dl_err rc = db_query_int(d, "SELECT COALESCE(oidc_provider_id, 0) FROM sessions WHERE id_hash = ?", provider_id,
                             e, "t", hash);
    if (rc == DL_ENOTFOUND) {
        dl_error_clear(e);
        return DL_OK;
    }
    return rc;
}

/* --- the sign-in ---------------------------------------------------------------- */

/* The refusal: DL_EDENIED-like code of its rule, the reason kept in out. */
static dl_err refuse(oidc_signin_result *out, oidc_refusal r, dl_error *e)
{
    const oidc_refusal_rule *rule = oidc_refusal_rule_of(r);
    out->refused = 1;
    out->refusal = r;
    return dl_fail(e, rule->code, "%s", rule->message);
}

/* The account the identity signs in to, found or linked; 0 when none. */
static dl_err find_account(db *d, const oidc_provider *p, const oidc_identity *id, int64_t link_user_id,
                           oidc_signin_result *out, int64_t *user_id, dl_error *e)
{
    *user_id = 0;
    int64_t linked = 0;
    dl_err rc = db_query_int(d, "SELECT id FROM users WHERE external_issuer = ? AND external_subject = ?", &linked, e,
                             "tt", id->issuer, id->subject);
    if (rc == DL_ENOTFOUND) {
        dl_error_clear(e);
        rc = DL_OK;
    }
    if (rc != DL_OK) return rc;
    if (link_user_id) { /* a signed-in person links this identity to her account */
        if (linked && linked != link_user_id) return refuse(out, OIDC_REFUSE_SUBJECT_TAKEN, e);
        if (!linked) {
            int64_t other = 0;
            rc = db_query_int(d, "SELECT COUNT(*) FROM users WHERE id = ? AND external_subject IS NOT NULL", &other, e,
                              "i", link_user_id);
            if (rc != DL_OK) return rc;
            if (other) return refuse(out, OIDC_REFUSE_ALREADY_LINKED, e);
            out->outcome = OIDC_LINKED;
        }
        *user_id = link_user_id;
        return DL_OK;
    }
    if (linked) {
        *user_id = linked;
        return DL_OK;
    }
    if (id->link_value && *p->link_to) { /* by the configured claim, to an account not linked yet */
        const char *sql = strcmp(p->link_to, "email") == 0
                              ? "SELECT id FROM users WHERE lower(email) = lower(?) AND email <> ''"
                                " AND external_subject IS NULL ORDER BY id LIMIT 1"
                              : "SELECT id FROM users WHERE username = ? AND external_subject IS NULL";
        rc = db_query_int(d, sql, user_id, e, "t", id->link_value);
        if (rc == DL_ENOTFOUND) {
            dl_error_clear(e);
            rc = DL_OK;
        }
        if (rc == DL_OK && *user_id) out->outcome = OIDC_LINKED;
    }
    return rc;
}

/* The mapped grants of this provider made equal to want. */
static dl_err sync_grants(db *d, const oidc_provider *p, int64_t user_id, const oidc_grant *want, int n_want,
                          const audit_actor *who, dl_error *e)
{
    char source[40], now[32], idt[24];
    snprintf(source, sizeof source, "oidc:%" PRId64, p->id);
    snprintf(idt, sizeof idt, "%" PRId64, user_id);
    clock_iso_utc(clock_now(), now);
    /* Taken away: this provider's grants the claims no longer give. */
    db_stmt *s = db_prepare(d, "SELECT id, role, COALESCE(node_id, 0) FROM role_assignment"
                               " WHERE user_id = ? AND source = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, source);
    int64_t gone[64];
    char gone_role[64][32];
    int n_gone = 0, st;
    while ((st = db_step(s, e)) == DB_ROW) {
        dl_role role;
        int known = role_from_key(db_col_text(s, 1), &role) == 0, keep = 0;
        for (int i = 0; i < n_want && !keep; i++)
            keep = known && want[i].role == role && want[i].node_id == db_col_int(s, 2);
        if (!keep && n_gone < 64) {
            snprintf(gone_role[n_gone], sizeof gone_role[0], "%s", db_col_text(s, 1));
            gone[n_gone++] = db_col_int(s, 0);
        }
    }
    db_stmt_done(s);
    dl_err rc = st == DB_DONE ? DL_OK : e->code;
    for (int i = 0; rc == DL_OK && i < n_gone; i++) {
        rc = db_run(d, "DELETE FROM role_assignment WHERE id = ?", e, "i", gone[i]);
        if (rc == DL_OK)
            rc = audit_append(d, who, "role.revoke", "user", idt, NULL, NULL, gone_role[i], e);
    }
    /* Given: what the claims give and the account does not hold yet (a
     * grant given by a person stays that person's). */
    for (int i = 0; rc == DL_OK && i < n_want; i++) {
        int64_t held = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM role_assignment WHERE user_id = ? AND role = ?"
                             " AND COALESCE(node_id, 0) = ?", &held, e, "iti", user_id, role_key(want[i].role),
                          want[i].node_id);
        if (rc != DL_OK || held) continue;
        int64_t all = 0; /* past the limit the sign-in would load no role at all (store/users.h) */
        rc = db_query_int(d, "SELECT COUNT(*) FROM role_assignment WHERE user_id = ?", &all, e, "i", user_id);
        if (rc != DL_OK) break;
        if (all >= AUTHZ_MAX_GRANTS) {
            char detail[160];
            snprintf(detail, sizeof detail, "%s at node %" PRId64 " not given: the account holds %d roles, the most"
                     " a sign-in loads", role_key(want[i].role), want[i].node_id, AUTHZ_MAX_GRANTS);
            rc = audit_append(d, who, "role.grant_skipped", "user", idt, NULL, NULL, detail, e);
            break;
        }
        s = db_prepare(d, "INSERT INTO role_assignment(user_id, role, node_id, granted_at, source) VALUES (?,?,?,?,?)",
                       e);
        if (!s) return e->code;
        db_bind_int(s, 1, user_id);
        db_bind_text(s, 2, role_key(want[i].role));
        if (want[i].node_id) db_bind_int(s, 3, want[i].node_id);
        else db_bind_null(s, 3);
        db_bind_text(s, 4, now);
        db_bind_text(s, 5, source);
        if (db_step(s, e) != DB_DONE) rc = e->code != DL_OK ? e->code : DL_EDB;
        db_stmt_done(s);
        char detail[120];
        snprintf(detail, sizeof detail, "%s at node %" PRId64 ", mapped from %s", role_key(want[i].role),
                 want[i].node_id, p->name);
        if (rc == DL_OK) rc = audit_append(d, who, "role.grant", "user", idt, NULL, NULL, detail, e);
    }
    return rc;
}

dl_err oidc_signin(db *d, arena *a, const oidc_provider *p, const oidc_identity *id, const oidc_grant *want,
                   int n_want, int64_t link_user_id, const char *old_session, int64_t now,
                   oidc_signin_result *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    out->outcome = OIDC_SIGNED_IN;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t uid = 0;
    rc = find_account(d, p, id, link_user_id, out, &uid, e);
    if (rc == DL_OK && !uid) {
        if (!p->create_accounts) rc = refuse(out, OIDC_REFUSE_NO_ACCOUNT, e);
        else {
            /* The name the subject gives, or with -2, -3 … when an account
             * unlinked from the same identity still holds it (checked first:
             * a refused INSERT would end PostgreSQL's transaction). */
            const char *username = id->new_username;
            int64_t taken = 1;
            for (int k = 2; rc == DL_OK && taken && k < 100; k++) {
                rc = db_query_int(d, "SELECT COUNT(*) FROM users WHERE username = ?", &taken, e, "t", username);
                if (rc == DL_OK && taken) username = arena_printf(a, "%s-%d", id->new_username, k);
            }
            if (rc == DL_OK && taken) rc = dl_fail(e, DL_ECONFLICT, "no free username for %s", id->new_username);
            const char *name = *id->display_name ? id->display_name : username;
            if (rc == DL_OK) rc = user_insert(d, username, name, id->email, "", &uid, e);
            if (rc == DL_OK) out->outcome = OIDC_CREATED;
        }
    }
    user u = {0};
    if (rc == DL_OK) rc = user_by_id(d, a, uid, &u, e);
    if (rc == DL_OK && u.disabled) rc = refuse(out, OIDC_REFUSE_DISABLED, e);
    if (rc == DL_OK && out->outcome != OIDC_SIGNED_IN) {
        /* Only an account still unlinked: two first sign-ins racing for it
         * (PostgreSQL's READ COMMITTED lets both read it unlinked) link one. */
        int64_t hit = 0;
        rc = db_query_int(d, "UPDATE users SET external_issuer = ?, external_subject = ?, version = version + 1"
                             " WHERE id = ? AND external_subject IS NULL RETURNING 1", &hit, e, "tti", id->issuer,
                          id->subject, uid);
        if (rc == DL_ENOTFOUND) rc = refuse(out, OIDC_REFUSE_ALREADY_LINKED, e);
        else if (rc == DL_ECONSTRAINT) rc = refuse(out, OIDC_REFUSE_SUBJECT_TAKEN, e); /* the identity, meanwhile */
    }
    audit_actor who = {uid, u.username};
    char idt[24], detail[400];
    snprintf(idt, sizeof idt, "%" PRId64, uid);
    snprintf(detail, sizeof detail, "%s: subject %.200s", p->name, id->subject);
    if (rc == DL_OK && out->outcome == OIDC_CREATED)
        rc = audit_append(d, &who, "auth.oidc.create", "user", idt, NULL, NULL, detail, e);
    if (rc == DL_OK && out->outcome == OIDC_LINKED)
        rc = audit_append(d, &who, "auth.oidc.link", "user", idt, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = sync_grants(d, p, uid, want, n_want, &who, e);
    if (rc == DL_OK && old_session) rc = session_delete(d, old_session, e);
    if (rc == DL_OK) rc = session_create(d, uid, now, out->session, e);
    if (rc == DL_OK) {
        char hash[65];
        sha256_hex(out->session, 64, hash);
        rc = db_run(d, "UPDATE sessions SET oidc_provider_id = ? WHERE id_hash = ?", e, "it", p->id, hash);
    }
    if (rc == DL_OK) rc = audit_append(d, &who, "auth.oidc.login", "user", idt, NULL, NULL, detail, e);
    rc = commit_or_rollback(d, rc, e);
    if (rc == DL_OK) {
        out->user_id = uid;
        out->username = u.username;
    }
    return rc;
}

dl_err oidc_drop_mapped_grants(db *d, const audit_actor *who, int64_t provider_id, int64_t user_id, const char *why,
                               dl_error *e)
{
    char source[40];
    snprintf(source, sizeof source, "oidc:%" PRId64, provider_id);
    db_stmt *s = db_prepare(d, "SELECT id, user_id, role, COALESCE(node_id, 0), source FROM role_assignment"
                               " WHERE (source = ? OR (? = 0 AND source LIKE 'oidc:%'))"
                               " AND (user_id = ? OR ? = 0) ORDER BY id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, source);
    db_bind_int(s, 2, provider_id);
    db_bind_int(s, 3, user_id);
    db_bind_int(s, 4, user_id);
    typedef struct { int64_t id, user_id; char detail[200]; } gone_rec;
    gone_rec gone[AUTHZ_MAX_GRANTS];
    int n = 0, st, more = 0;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (n == AUTHZ_MAX_GRANTS) { more = 1; continue; }
        gone[n].id = db_col_int(s, 0);
        gone[n].user_id = db_col_int(s, 1);
        snprintf(gone[n].detail, sizeof gone[n].detail, "%s at node %" PRId64 ", mapped (%s): %s", db_col_text(s, 2),
                 db_col_int(s, 3), db_col_text(s, 4), why);
        n++;
    }
    db_stmt_done(s);
    dl_err rc = st == DB_DONE ? DL_OK : e->code;
    for (int i = 0; rc == DL_OK && i < n; i++) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, gone[i].user_id);
        rc = db_run(d, "DELETE FROM role_assignment WHERE id = ?", e, "i", gone[i].id);
        if (rc == DL_OK) rc = audit_append(d, who, "role.revoke", "user", idt, NULL, NULL, gone[i].detail, e);
    }
    /* More than a batch (a provider disabled with many accounts): the rest in batches. */
    if (rc == DL_OK && more) return oidc_drop_mapped_grants(d, who, provider_id, user_id, why, e);
    return rc;
}

dl_err oidc_audit_refusal(db *d, const oidc_provider *p, int64_t user_id, const char *reason, const char *detail,
                          dl_error *e)
{
    char text[640], idt[24];
    snprintf(text, sizeof text, "%s: %s%s%.500s", reason, p && p->name ? p->name : "-", detail && *detail ? ": " : "",
             detail ? detail : "");
    if (user_id) snprintf(text + strlen(text), sizeof text - strlen(text), " (linking account %" PRId64 ")", user_id);
    snprintf(idt, sizeof idt, "%" PRId64, p ? p->id : 0);
    audit_actor who = {0, "public"};
    return audit_append_tx(d, &who, "auth.oidc.refuse", "oidc_provider", idt, text, e);
}
