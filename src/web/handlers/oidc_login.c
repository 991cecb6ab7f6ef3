/* oidc_login.c — sign-in through an OpenID Connect provider (issue 17;
 * docs/oidc.md): the authorization code flow with PKCE. GET
 * /login/oidc/NAME (or POST /account/oidc/NAME/link, to link the identity
 * to the signed-in account) records a state, a nonce and a PKCE verifier
 * bound to this browser and sends the browser to the provider; GET
 * /login/oidc/callback takes the state once, exchanges the code, verifies
 * the ID token and signs in. Every refusal is one row of the table in
 * core/oidc_rules.c: its status, its sentence and its audit row. The HTTP
 * is in oidc/, the transaction in store/oidc.c. */
#include "web/handlers/handlers.h"
#include "web/session_web.h"
#include "web/app.h"
#include "core/clock.h"
#include "core/oidc_rules.h"
#include "crypto/token.h"
#include "oidc/oidc_breaker.h"
#include "oidc/oidc_client.h"
#include "oidc/oidc_provider_cache.h"
#include "store/oidc.h"
#include "store/submit_limit.h"
#include "core/submit_limit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SECRET_MAX 512
/* Sign-ins started, and refusals audited, per client address in an hour
 * (store/submit_limit.h, an IPv6 address counted by its /64): each writes
 * a row, so a script may not write them without end. Two budgets, so that
 * a flood of made-up callbacks never uses up the starts of the people
 * behind the same address. A hospital's NAT gateway starting 600 sign-ins
 * in an hour is well inside it; behind a proxy, give --trusted-proxy so
 * that the address is the person's. */
#define OIDC_PER_ADDRESS_HOUR 600
#define LIMIT_STARTS "oidc-start"
#define LIMIT_REFUSALS "oidc-refusal"

/* 1 when this address is over the budget `kind` (the caller writes
 * nothing then); *minutes says how long until the next is taken. */
static int over_limit(request *r, const char *kind, int *minutes)
{
    int64_t now = clock_now(), until = 0;
    dl_error e = {0};
    if (submit_limit_take(r->db, r->app->secret, kind, r->client, OIDC_PER_ADDRESS_HOUR, now, &until, &e) != DL_OK || !until)
        return 0; /* a store that cannot count does not stop a sign-in; storing it will say */
    *minutes = submit_limit_minutes_left(until, now);
    char retry[24];
    snprintf(retry, sizeof retry, "%lld", (long long)(until - now > 0 ? until - now : 1));
    res_header(r, "Retry-After", retry);
    return 1;
}

/* A translated message format: format_arg keeps the arguments checked. */
__attribute__((format_arg(2))) static const char *tr_format(request *r, const char *msgid) { return tr(r, msgid); }

/* The refusal: written to the log and the audit row (with detail, never a
 * token or secret), answered with the rule's status and sentence. */
static void refuse(request *r, const oidc_provider *p, int64_t link_user_id, oidc_refusal why, const char *detail)
{
    const oidc_refusal_rule *rule = oidc_refusal_rule_of(why);
    dl_error e = {0};
    /* Refusals anyone can make (a made-up state, someone else's callback
     * replayed) are audited while the address is under its hourly budget,
     * then only logged; the others follow a sign-in begun, which the start
     * budget bounds, and are always audited (the rule's `anyone`). */
    int minutes = 0, flood = rule->anyone && over_limit(r, LIMIT_REFUSALS, &minutes);
    fprintf(stderr, "datalots serve: OpenID Connect sign-in refused (%s, provider %s): %s%s\n", rule->key,
            p && p->name ? p->name : "-", detail && *detail ? detail : rule->key,
            flood ? " (not audited: the address is over its hourly limit)" : "");
    if (!flood && oidc_audit_refusal(r->db, p, link_user_id, rule->key, detail, &e) != DL_OK)
        fprintf(stderr, "datalots serve: the refusal could not be audited: %s\n", e.msg[0] ? e.msg : dl_strerror(e.code));
    login_page_show(r, http_status_of(rule->code), rule->message);
}

/* 1 (refused) while the provider's breaker is open: it did not answer in
 * time a moment ago, and calling it again would hold this worker thread
 * (oidc/oidc_breaker.h). */
static int held_back(request *r, const oidc_provider *p, int64_t link_user_id)
{
    int64_t wait = oidc_breaker_wait(p->id, clock_now(), r->app->cfg->oidc_hold_off);
    if (!wait) return 0;
    refuse(r, p, link_user_id, OIDC_REFUSE_PROVIDER_DOWN,
           arena_printf(r->a, "not called for another %lld s: it did not answer in time a moment ago", (long long)wait));
    return 1;
}

/* What a call to the provider, begun at started, says of it: it held this
 * thread and failed (timed out), or it answered. */
static void note_answer(const oidc_provider *p, dl_err rc, int64_t started)
{
    if (rc == DL_EBUSY && clock_now() - started >= OIDC_CONNECT_SECONDS) oidc_breaker_trip(p->id, clock_now());
    else if (rc == DL_OK) oidc_breaker_reset(p->id);
}

/* {public-url}/PATH, or NULL when serve has no --public-url (the provider
 * must know the address beforehand; a Host header cannot be trusted). */
static const char *public_address(request *r, const char *path)
{
    const char *base = r->app->cfg->public_url;
    size_t n = strlen(base);
    while (n && base[n - 1] == '/') n--;
    return n ? arena_printf(r->a, "%.*s%s", (int)n, base, path) : NULL;
}

/* The provider by name, its secret readable and its endpoints known; else
 * refused (and 0). */
static int provider_ready(request *r, const char *name, int64_t link_user_id, oidc_provider *p, oidc_endpoints *ep)
{
    dl_error e = {0};
    dl_err rc = oidc_provider_name_valid(name) ? oidc_provider_by_name(r->db, r->a, name, p, &e) : DL_ENOTFOUND;
    if (rc != DL_OK && rc != DL_ENOTFOUND) { res_error_from(r, rc, &e); return 0; }
    if (rc == DL_ENOTFOUND || p->disabled) {
        refuse(r, rc == DL_OK ? p : NULL, link_user_id, OIDC_REFUSE_NOT_CONFIGURED,
               rc == DL_OK ? "the provider is disabled" : "no provider of that name");
        return 0;
    }
    if (!public_address(r, "")) {
        refuse(r, p, link_user_id, OIDC_REFUSE_NOT_CONFIGURED, "serve has no --public-url for the redirect address");
        return 0;
    }
    if (held_back(r, p, link_user_id)) return 0;
    int minutes = 0;
    if (over_limit(r, LIMIT_STARTS, &minutes)) { /* before any call to the provider or write */
        login_page_show(r, http_status_of(DL_ELOCKED),
                        arena_printf(r->a, tr_format(r, "Många inloggningar har börjat från din adress den senaste timmen. "
                                                        "Försök igen om %d minuter, eller logga in med lösenord."),
                                     minutes));
        return 0;
    }
    int64_t started = clock_now();
    rc = oidc_provider_endpoints(r->db, r->a, p, started, ep, &e);
    note_answer(p, rc, started);
    if (rc != DL_OK) {
        refuse(r, p, link_user_id, rc == DL_EBUSY ? OIDC_REFUSE_PROVIDER_DOWN : OIDC_REFUSE_PROVIDER_ERROR, e.msg);
        return 0;
    }
    return 1;
}

static void begin(request *r, int64_t link_user_id)
{
    const char *name = r->n_params > 0 ? arena_strndup(r->a, r->params[0], r->param_lens[0]) : NULL;
    oidc_provider p;
    oidc_endpoints ep;
    if (!provider_ready(r, name, link_user_id, &p, &ep)) return;
    dl_error e = {0};
    char secret[SECRET_MAX];
    if (oidc_read_secret(p.client_secret_ref, secret, sizeof secret, &e) != DL_OK) {
        refuse(r, &p, link_user_id, OIDC_REFUSE_NOT_CONFIGURED, e.msg);
        return;
    }
    sodium_memzero(secret, sizeof secret); /* read now only to refuse early; the callback reads it again */
    /* One browser cookie for every sign-in it starts (two tabs both work). */
    const char *browser = req_cookie(r, OIDC_BROWSER_COOKIE);
    char fresh_browser[TOKEN_HEX_SIZE], state[TOKEN_HEX_SIZE], nonce[TOKEN_HEX_SIZE];
    if (!browser || !hex_is_token(browser)) {
        token_random_hex(fresh_browser);
        browser = fresh_browser;
    }
    token_random_hex(state);
    token_random_hex(nonce);
    char verifier[OIDC_PKCE_SIZE], challenge[OIDC_PKCE_SIZE], state_hash[TOKEN_HEX_SIZE], browser_hash[TOKEN_HEX_SIZE];
    oidc_pkce_pair(verifier, challenge);
    sha256_hex(state, strlen(state), state_hash);
    sha256_hex(browser, strlen(browser), browser_hash);
    const char *next = link_user_id ? "/account/password?linked=1" : query_at(r, LOGIN_Q_NEXT)->text;
    oidc_pending pending = {.provider_id = p.id, .link_user_id = link_user_id, .created_at = clock_now(),
                            .browser_hash = browser_hash, .nonce = nonce, .code_verifier = verifier,
                            .next_path = safe_next(next) ? next : ""};
    if (oidc_login_begin(r->db, state_hash, &pending, &e) != DL_OK) {
        res_error_with(r, e.code != DL_OK ? e.code : DL_EDB, &e, "Inloggningen kunde inte påbörjas. Försök igen om en stund.");
        return;
    }
    /* Linking asks the provider to authenticate the person anew (prompt=login):
     * an identity left signed in at the provider in this browser, maybe
     * someone else's, must not be linked to this account unseen. */
    char *to = oidc_authorization_url(r->a, &ep, p.client_id, public_address(r, "/login/oidc/callback"), p.scopes,
                                      state, nonce, challenge, link_user_id ? "login" : NULL);
    if (!to) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    session_web_set_cookie(r, OIDC_BROWSER_COOKIE, browser, OIDC_LOGIN_SECONDS);
    res_redirect(r, to);
}

void h_oidc_start(request *r)
{
    if (r->user_id) { redirect_local(r, query_at(r, LOGIN_Q_NEXT)->text); return; }
    begin(r, 0);
}

void h_oidc_link(request *r) { begin(r, r->user_id); }

/* The sign-in the callback's state names, checked and taken (used once);
 * else refused (and 0). */
static int take_pending(request *r, const char *state, oidc_pending *pending, oidc_provider *p)
{
    dl_error e = {0};
    char state_hash[TOKEN_HEX_SIZE];
    sha256_hex(state, strlen(state), state_hash);
    dl_err rc = oidc_login_find(r->db, r->a, state_hash, pending, &e);
    if (rc == DL_ENOTFOUND) { refuse(r, NULL, 0, OIDC_REFUSE_STATE_UNKNOWN, "no sign-in was started with that state"); return 0; }
    if (rc == DL_OK) rc = oidc_provider_by_id(r->db, r->a, pending->provider_id, p, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    /* Used already (a reload after the sign-in, whose cookie is gone): say so. */
    if (pending->used_at) { refuse(r, p, pending->link_user_id, OIDC_REFUSE_STATE_USED, "the state came back a second time"); return 0; }
    const char *browser = req_cookie(r, OIDC_BROWSER_COOKIE);
    char browser_hash[TOKEN_HEX_SIZE] = "";
    if (browser && hex_is_token(browser)) sha256_hex(browser, strlen(browser), browser_hash);
    if (!browser_hash[0] || !token_equal(browser_hash, pending->browser_hash)) {
        /* Not taken: a link planted in another browser must not spend the owner's sign-in. */
        refuse(r, p, pending->link_user_id, OIDC_REFUSE_STATE_BROWSER, "the state came back without its browser cookie");
        return 0;
    }
    if (pending->used_at) { refuse(r, p, pending->link_user_id, OIDC_REFUSE_STATE_USED, "the state came back a second time"); return 0; }
    if (clock_now() - pending->created_at > OIDC_LOGIN_SECONDS) {
        refuse(r, p, pending->link_user_id, OIDC_REFUSE_STATE_EXPIRED, "the state is older than ten minutes");
        return 0;
    }
    rc = oidc_login_use(r->db, state_hash, clock_now(), &e);
    if (rc == DL_EGONE) { refuse(r, p, pending->link_user_id, OIDC_REFUSE_STATE_USED, "the state came back a second time"); return 0; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    return 1;
}

/* The ID token for code: exchanged and verified; NULL when refused. */
static int verified_token(request *r, oidc_provider *p, const oidc_pending *pending, const char *code,
                          oidc_endpoints *ep, jwt_claims *claims)
{
    dl_error e = {0};
    char secret[SECRET_MAX];
    if (oidc_read_secret(p->client_secret_ref, secret, sizeof secret, &e) != DL_OK) {
        refuse(r, p, pending->link_user_id, OIDC_REFUSE_NOT_CONFIGURED, e.msg);
        return 0;
    }
    if (held_back(r, p, pending->link_user_id)) return 0;
    char *id_token = NULL;
    int64_t started = clock_now();
    dl_err rc = oidc_token_request(ep, p->client_id, secret, code, pending->code_verifier,
                                   public_address(r, "/login/oidc/callback"), r->a, &id_token, &e);
    sodium_memzero(secret, sizeof secret);
    note_answer(p, rc, started);
    if (rc != DL_OK) {
        refuse(r, p, pending->link_user_id, rc == DL_EBUSY ? OIDC_REFUSE_PROVIDER_DOWN : OIDC_REFUSE_PROVIDER_ERROR, e.msg);
        return 0;
    }
    jwt_expect want = {.issuer = ep->issuer, .client_id = p->client_id, .nonce = pending->nonce, .now = clock_now()};
    started = clock_now();
    rc = oidc_provider_verify(r->db, r->a, p, ep, id_token, &want, claims, &e);
    if (rc == DL_EBUSY) note_answer(p, rc, started); /* the JWKS did not come */
    if (rc == DL_EBUSY || rc == DL_EUPSTREAM) {
        refuse(r, p, pending->link_user_id, rc == DL_EBUSY ? OIDC_REFUSE_PROVIDER_DOWN : OIDC_REFUSE_PROVIDER_ERROR, e.msg);
        return 0;
    }
    if (rc == DL_ENOMEM) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return 0; }
    if (rc != DL_OK) { refuse(r, p, pending->link_user_id, OIDC_REFUSE_TOKEN_INVALID, e.msg); return 0; }
    return 1;
}

void h_oidc_callback(request *r)
{
    const char *state = query_at(r, OIDC_Q_STATE)->text, *code = query_at(r, OIDC_Q_CODE)->text;
    if (!state || !*state) { refuse(r, NULL, 0, OIDC_REFUSE_STATE_MISSING, "the provider's answer has no state"); return; }
    oidc_pending pending;
    oidc_provider p;
    if (!take_pending(r, state, &pending, &p)) return;
    if (pending.link_user_id && r->user_id != pending.link_user_id) {
        /* Signed out, or another person signed in, since the link began. */
        refuse(r, &p, pending.link_user_id, OIDC_REFUSE_LINK_SESSION,
               arena_printf(r->a, "the browser is signed in as account %lld now", (long long)r->user_id));
        return;
    }
    if (p.disabled) { /* disabled by an admin after this sign-in began */
        refuse(r, &p, pending.link_user_id, OIDC_REFUSE_NOT_CONFIGURED, "the provider was disabled during the sign-in");
        return;
    }
    const char *error = query_at(r, OIDC_Q_ERROR)->text;
    if (error && *error) {
        const char *why = query_at(r, OIDC_Q_ERROR_DESCRIPTION)->text;
        refuse(r, &p, pending.link_user_id, OIDC_REFUSE_PROVIDER_ERROR,
               arena_printf(r->a, "the provider answered %.100s%s%.300s", error, why ? ": " : "", why ? why : ""));
        return;
    }
    if (!code || !*code) { refuse(r, &p, pending.link_user_id, OIDC_REFUSE_STATE_MISSING, "the provider's answer has no code"); return; }
    oidc_endpoints ep;
    dl_error e = {0};
    if (held_back(r, &p, pending.link_user_id)) return;
    int64_t started = clock_now();
    dl_err rc = oidc_provider_endpoints(r->db, r->a, &p, started, &ep, &e);
    note_answer(&p, rc, started);
    if (rc != DL_OK) {
        refuse(r, &p, pending.link_user_id, rc == DL_EBUSY ? OIDC_REFUSE_PROVIDER_DOWN : OIDC_REFUSE_PROVIDER_ERROR, e.msg);
        return;
    }
    /* RFC 9207: a provider that names itself in the answer must be the one
     * asked (a mix-up of providers otherwise sends one's code to another). */
    const char *iss = query_at(r, OIDC_Q_ISS)->text;
    if (iss && *iss && strcmp(iss, ep.issuer) != 0) {
        refuse(r, &p, pending.link_user_id, OIDC_REFUSE_TOKEN_INVALID,
               arena_printf(r->a, "the answer's iss %.200s is not the provider's issuer", iss));
        return;
    }
    jwt_claims claims;
    if (!verified_token(r, &p, &pending, code, &ep, &claims)) return;
    oidc_identity id;
    rc = oidc_identity_of(claims.payload_json, ep.issuer, claims.sub, p.name, p.link_claim, p.link_to, r->a, &id, &e);
    if (rc != DL_OK) { refuse(r, &p, pending.link_user_id, OIDC_REFUSE_TOKEN_INVALID, e.msg); return; }
    oidc_role_map maps[64];
    oidc_grant want[64];
    int n_maps = 0;
    rc = oidc_role_map_list(r->db, r->a, p.id, maps, 64, &n_maps, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    int n_want = oidc_grants_of(claims.payload_json, maps, n_maps, want, 64);
    oidc_signin_result done;
    rc = oidc_signin(r->db, r->a, &p, &id, want, n_want, pending.link_user_id, r->session_token, clock_now(), &done, &e);
    if (rc != DL_OK && done.refused) {
        refuse(r, &p, pending.link_user_id, done.refusal, arena_printf(r->a, "subject %.200s", id.subject));
        return;
    }
    if (rc != DL_OK) {
        res_error_with(r, e.code != DL_OK ? e.code : DL_EDB, &e, "Inloggningen kunde inte sparas. Försök igen om en stund.");
        return;
    }
    session_web_adopt(r, done.user_id, done.session);
    session_web_set_cookie(r, OIDC_BROWSER_COOKIE, "", 0);
    redirect_local(r, *pending.next_path ? pending.next_path : "/");
}

/* Where a sign-out goes after datalots' session has ended: the provider's
 * end-session endpoint when the session came through one that offers it
 * (from the cached discovery document: a provider that is down must not
 * hold the sign-out up), else NULL. */
const char *oidc_signout_destination(request *r, int64_t provider_id)
{
    oidc_provider p;
    oidc_endpoints ep;
    dl_error e = {0};
    if (!provider_id || oidc_provider_by_id(r->db, r->a, provider_id, &p, &e) != DL_OK || !p.discovery_json[0])
        return NULL;
    if (oidc_discovery_parse(p.discovery_json, p.issuer, r->a, &ep, &e) != DL_OK) return NULL;
    const char *back = public_address(r, "/");
    return back ? oidc_end_session_url(r->a, &ep, p.client_id, back) : NULL;
}
