/* oidc.h — OpenID Connect sign-in in the store (issue 17): the configured
 * providers with their cached discovery document and JWKS, the claim
 * values an admin maps to roles, the sign-ins under way (state, nonce,
 * PKCE verifier, bound to one browser, used once), and the one
 * transaction that turns a verified ID token into a session: find the
 * account linked to the subject, or link one, or create one; keep the
 * mapped grants in step with the claims; audit it. The rules (which
 * account, which grants) are decided in core/oidc_rules.c; the checks of
 * the token in crypto/jwt.c; the HTTP in oidc/oidc_client.c. */
#ifndef DATALOTS_STORE_OIDC_H
#define DATALOTS_STORE_OIDC_H

#include <stdint.h>

#include "core/arena.h"
#include "core/oidc_rules.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct oidc_provider {
    int64_t id;
    const char *name, *label, *label_en, *issuer, *client_id, *client_secret_ref, *scopes;
    const char *link_claim, *link_to; /* "" or "email" / "username" */
    int create_accounts, disabled;
    const char *discovery_json, *jwks_json; /* "" until fetched */
    int64_t discovery_fetched_at, jwks_fetched_at;
} oidc_provider;

/* Adds the provider, or updates the one of that name (the cached discovery
 * and keys are dropped: the issuer may have changed). Audited. */
dl_err oidc_provider_put(db *d, const audit_actor *who, const oidc_provider *p, dl_error *e);
/* All providers by name; *n of at most max. Strings in a. */
dl_err oidc_provider_list(db *d, arena *a, oidc_provider *out, int max, int *n, dl_error *e);
/* DL_ENOTFOUND when there is none of that name. */
dl_err oidc_provider_by_name(db *d, arena *a, const char *name, oidc_provider *out, dl_error *e);
dl_err oidc_provider_by_id(db *d, arena *a, int64_t id, oidc_provider *out, dl_error *e);
/* Stores a fetched discovery document / JWKS (NULL: leave as it is). */
dl_err oidc_provider_cache(db *d, int64_t id, const char *discovery_json, const char *jwks_json, int64_t now,
                           dl_error *e);

#define OIDC_MAPS_MAX 64 /* role maps per provider: a 65th is refused (DL_ELIMIT) */

/* Maps a claim value to a role at node_id (0: installation). Audited. */
dl_err oidc_role_map_add(db *d, const audit_actor *who, int64_t provider_id, const char *claim, const char *value,
                         dl_role role, int64_t node_id, dl_error *e);
/* The provider's mappings; *n of at most max. */
dl_err oidc_role_map_list(db *d, arena *a, int64_t provider_id, oidc_role_map *out, int max, int *n, dl_error *e);

/* A sign-in under way. */
typedef struct oidc_pending {
    int64_t provider_id, link_user_id, created_at, used_at;
    const char *browser_hash, *nonce, *code_verifier, *next_path;
} oidc_pending;
#define OIDC_LOGIN_SECONDS 600 /* a sign-in must come back within ten minutes */

/* Records a sign-in just started (and forgets those older than a day). */
dl_err oidc_login_begin(db *d, const char *state_hash, const oidc_pending *p, dl_error *e);
/* Reads the sign-in of state_hash: DL_ENOTFOUND when there is none. */
dl_err oidc_login_find(db *d, arena *a, const char *state_hash, oidc_pending *out, dl_error *e);
/* Marks it used, once: DL_EGONE when it already was (a replay, or two
 * tabs racing). */
dl_err oidc_login_use(db *d, const char *state_hash, int64_t now, dl_error *e);

/* Who may still sign in with a password (the setting signin.passwords). */
dl_err oidc_password_policy_get(db *d, oidc_password_policy *out, dl_error *e);
dl_err oidc_password_policy_set(db *d, const audit_actor *who, oidc_password_policy p, dl_error *e);
/* 1 when user_id holds a grant of a role other than applicant. */
dl_err oidc_user_is_staff(db *d, int64_t user_id, int *staff, dl_error *e);

/* The outcome of a verified ID token. */
typedef struct oidc_signin_result {
    int64_t user_id;
    const char *username;   /* in a */
    oidc_outcome outcome;   /* signed in, linked, created */
    int refused;            /* set with refusal when the identity may not sign in */
    oidc_refusal refusal;
    char session[65];
} oidc_signin_result;

/* In one transaction: the account of the identity (linked to link_user_id
 * when that is set, by the provider's link claim, or created when the
 * provider allows it), its mapped grants set to want (the grants of this
 * provider's earlier sign-ins that the claims no longer give are taken
 * away), a new session (old_session dropped), and the audit rows.
 * When the identity may not sign in, out->refused and out->refusal are set
 * (e has the rule's code and sentence) and nothing is written: the caller
 * audits the refusal. */
dl_err oidc_signin(db *d, arena *a, const oidc_provider *p, const oidc_identity *id, const oidc_grant *want,
                   int n_want, int64_t link_user_id, const char *old_session, int64_t now,
                   oidc_signin_result *out, dl_error *e);

/* Inside the caller's transaction: takes away the grants a provider's
 * claims gave (role_assignment.source 'oidc:…'): of provider_id (0: of
 * every provider), of user_id (0: of every account), each with a
 * role.revoke audit row saying why. They come back at the next sign-in
 * through the provider while its claims give them. Used when a provider is
 * disabled or points at another issuer, and at a password sign-in (a claim
 * holds only while the provider says so; a password says nothing of it). */
dl_err oidc_drop_mapped_grants(db *d, const audit_actor *who, int64_t provider_id, int64_t user_id, const char *why,
                               dl_error *e);

/* An audit row for a refused OIDC sign-in, in a transaction of its own:
 * reason is a key of oidc_rules.h, detail says more (never a token). */
dl_err oidc_audit_refusal(db *d, const oidc_provider *p, int64_t user_id, const char *reason, const char *detail,
                          dl_error *e);

/* The identity linked to the account: the label of the provider whose
 * issuer it is (its English one when english and it has one; the issuer
 * itself when no provider has it any more) and the subject; both NULL
 * when none is linked. */
dl_err oidc_user_identity(db *d, arena *a, int64_t user_id, int english, const char **provider_label,
                          const char **subject, dl_error *e);

/* The provider a session was signed in through; 0 for a password one. */
dl_err oidc_session_provider(db *d, const char *session_token, int64_t *provider_id, dl_error *e);

#endif
