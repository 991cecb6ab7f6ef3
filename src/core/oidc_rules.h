/* oidc_rules.h — the decisions of an OpenID Connect sign-in (issue 17)
 * that need no I/O: why a sign-in is refused (one table: reason → key for
 * the audit row, error code → HTTP status, the sentence the person
 * reads), who may still use a password, which mapped roles the claims of
 * a verified ID token give, and what an account made from them is called.
 * The HTTP is in oidc/oidc_client.c, the token checks in crypto/jwt.c, the
 * transaction in store/oidc.c. */
#ifndef DATALOTS_CORE_OIDC_RULES_H
#define DATALOTS_CORE_OIDC_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/err.h"

/* Why a sign-in through a provider is refused. */
typedef enum oidc_refusal {
    OIDC_REFUSE_STATE_MISSING,   /* the callback came without state or code */
    OIDC_REFUSE_STATE_UNKNOWN,   /* no sign-in was started with that state */
    OIDC_REFUSE_STATE_USED,      /* the state came back twice */
    OIDC_REFUSE_STATE_EXPIRED,   /* after OIDC_LOGIN_SECONDS */
    OIDC_REFUSE_STATE_BROWSER,   /* started in another browser */
    OIDC_REFUSE_PROVIDER_ERROR,  /* the provider answered with an error */
    OIDC_REFUSE_PROVIDER_DOWN,   /* the provider did not answer, or too slowly */
    OIDC_REFUSE_TOKEN_INVALID,   /* the ID token failed a check (crypto/jwt.c) */
    OIDC_REFUSE_NO_ACCOUNT,      /* no account linked and none may be made */
    OIDC_REFUSE_DISABLED,        /* the account is disabled */
    OIDC_REFUSE_SUBJECT_TAKEN,   /* linking: the identity belongs to another account */
    OIDC_REFUSE_ALREADY_LINKED,  /* linking: the account has another identity */
    OIDC_REFUSE_NOT_CONFIGURED,  /* the provider is unknown, disabled or lacks its secret */
    OIDC_REFUSE_LINK_SESSION,    /* linking: the browser is no longer signed in as who asked */
    OIDC_REFUSE__MAX
} oidc_refusal;

typedef struct oidc_refusal_rule {
    const char *key;     /* the audit row's reason: "state_used" */
    dl_err code;         /* → the HTTP status (web/http_error.c) */
    const char *message; /* Swedish, the msgid of what the person reads */
    int anyone;          /* anyone can cause it without a sign-in of their own begun (a made-up or
                          * replayed callback): audited only within the address's hourly budget */
} oidc_refusal_rule;
const oidc_refusal_rule *oidc_refusal_rule_of(oidc_refusal r);

/* Who may sign in with a password, besides through a provider. */
typedef enum oidc_password_policy {
    OIDC_PASSWORDS_EVERYONE,   /* the default */
    OIDC_PASSWORDS_APPLICANTS, /* staff (a grant other than applicant) must use a provider */
    OIDC_PASSWORDS_STAFF,      /* applicants must use a provider */
    OIDC_PASSWORDS_NOBODY,
    OIDC_PASSWORDS__MAX
} oidc_password_policy;
extern const char *const oidc_password_policy_keys[OIDC_PASSWORDS__MAX + 1];
/* -1 when key is none of them. */
int oidc_password_policy_parse(const char *key);
int oidc_password_allowed(oidc_password_policy p, int is_staff);

typedef enum oidc_outcome { OIDC_SIGNED_IN, OIDC_LINKED, OIDC_CREATED } oidc_outcome;

/* A role an admin maps to a claim value, for one provider. */
typedef struct oidc_role_map {
    int64_t id;
    const char *claim, *value;
    dl_role role;
    int64_t node_id;        /* 0: installation */
    const char *node_name;  /* "" for installation */
} oidc_role_map;

typedef struct oidc_grant {
    dl_role role;
    int64_t node_id;
} oidc_grant;

/* What the sign-in takes from a verified ID token's payload. */
typedef struct oidc_identity {
    const char *issuer, *subject;
    const char *display_name; /* "name", else given + family name, else "" */
    const char *email;        /* only when "email_verified" is true; else "" */
    const char *link_value;   /* the provider's link claim as text; NULL when absent */
    const char *new_username; /* for an account made by this sign-in */
} oidc_identity;

#define OIDC_NAME_MAX 32      /* a provider's name in addresses: [a-z0-9-]{1,32} */
#define OIDC_CLAIM_TEXT_MAX 256

/* [a-z0-9-]{1,OIDC_NAME_MAX}, not starting with '-', and not "callback"
 * (/login/oidc/callback is the provider's way back). */
int oidc_provider_name_valid(const char *name);
/* A claim name: [A-Za-z0-9_:./-]{1,64} (the link claim, a mapped claim). */
int oidc_claim_name_valid(const char *claim);

/* Fills out from payload_json (a verified token's payload). link_claim ""
 * for none; link_to "email" (then the link value counts only when the
 * token says "email_verified": true, whatever the claim is called: an
 * unverified "upn" or "mail" must not link to an account by e-mail) or
 * "username". DL_EINVAL when the payload is no JSON object. */
dl_err oidc_identity_of(const char *payload_json, const char *issuer, const char *subject,
                        const char *provider_name, const char *link_claim, const char *link_to, arena *a,
                        oidc_identity *out, dl_error *e);

/* The grants the payload's claims give by the maps: a map matches when its
 * claim is a string equal to its value, or an array holding that string.
 * Each distinct grant once; at most max. */
int oidc_grants_of(const char *payload_json, const oidc_role_map *maps, int n_maps, oidc_grant *out, int max);

#endif
