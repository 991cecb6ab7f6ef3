/* oidc_client.h — the relying party's side of OpenID Connect on the wire
 * (issue 17): the provider's discovery document, its JWKS, the
 * authorization request with PKCE (S256) and the token request, over
 * libcurl, with JSON through jansson. Every call is bounded: connect in
 * OIDC_CONNECT_SECONDS, answer in OIDC_HTTP_SECONDS, at most
 * OIDC_BODY_MAX bytes; http:// only to a loopback address (a provider on
 * the same machine, as in the tests), else https:// with the system's CAs.
 * A provider that is down or slow gives DL_EBUSY, one that answers with an
 * error or nonsense DL_EUPSTREAM, each with an English sentence for the
 * log and the audit row. */
#ifndef DATALOTS_OIDC_CLIENT_H
#define DATALOTS_OIDC_CLIENT_H

#include "core/arena.h"
#include "core/err.h"

#define OIDC_CONNECT_SECONDS 5
#define OIDC_HTTP_SECONDS 10
#define OIDC_BODY_MAX (256 * 1024)
#define OIDC_PKCE_SIZE 44 /* 43 base64url characters and the NUL */

typedef struct oidc_endpoints {
    const char *issuer, *authorization, *token, *jwks_uri;
    const char *end_session; /* "" when the provider offers none */
} oidc_endpoints;

/* 1 for https://…, or http:// to 127.0.0.1, [::1] or localhost. */
int oidc_url_allowed(const char *url);

/* GETs url into *body (NUL-terminated, in a). */
dl_err oidc_http_get(const char *url, arena *a, char **body, dl_error *e);

/* Reads a discovery document: its issuer must be want_issuer exactly
 * (OpenID Connect Discovery §4.3) and every endpoint allowed. */
dl_err oidc_discovery_parse(const char *json, const char *want_issuer, arena *a, oidc_endpoints *out,
                            dl_error *e);

/* A PKCE pair: a random verifier and its S256 challenge (RFC 7636). */
void oidc_pkce_pair(char verifier[OIDC_PKCE_SIZE], char challenge[OIDC_PKCE_SIZE]);

/* The address the browser is sent to, every value percent-encoded;
 * prompt ("login") or NULL. */
char *oidc_authorization_url(arena *a, const oidc_endpoints *ep, const char *client_id, const char *redirect_uri,
                             const char *scopes, const char *state, const char *nonce, const char *challenge,
                             const char *prompt);

/* The token request (authorization_code, client_secret_basic, the PKCE
 * verifier); *id_token is the answer's id_token. DL_EUPSTREAM when the
 * provider refuses (its error code in the sentence), DL_EBUSY when it does
 * not answer in time. */
dl_err oidc_token_request(const oidc_endpoints *ep, const char *client_id, const char *client_secret,
                          const char *code, const char *verifier, const char *redirect_uri, arena *a,
                          char **id_token, dl_error *e);

/* The end-session address for a sign-out (RP-Initiated Logout 1.0), or
 * NULL when the provider offers none. */
char *oidc_end_session_url(arena *a, const oidc_endpoints *ep, const char *client_id,
                           const char *post_logout_redirect_uri);

/* The client secret from "file:PATH" (its first line) or "env:NAME".
 * DL_ECONFIG with a sentence when it is missing or empty. */
dl_err oidc_read_secret(const char *ref, char *out, size_t cap, dl_error *e);

#endif
