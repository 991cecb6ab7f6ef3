/* oidc_provider_cache.h — a provider's discovery document and keys, kept
 * in the store (store/oidc.h) so that every app server shares them and a
 * restart fetches nothing: the discovery document is fetched when missing
 * or a day old (a stale one still serves while the provider is down), the
 * JWKS when missing and again when a token names a key it does not hold —
 * at most once per OIDC_JWKS_REFETCH_SECONDS, so a stream of tokens with
 * made-up key ids cannot make datalots hammer the provider. A JWKS is kept
 * only when it is a JSON object with a "keys" array of at least one key: a
 * provider's one bad answer (an error page with 200) is not cached. */
#ifndef DATALOTS_OIDC_PROVIDER_CACHE_H
#define DATALOTS_OIDC_PROVIDER_CACHE_H

#include "crypto/jwt.h"
#include "db/db.h"
#include "oidc/oidc_client.h"
#include "store/oidc.h"

#define OIDC_DISCOVERY_SECONDS 86400
/* A day-old discovery document whose refresh failed is kept for this long
 * before the next try, so that a provider that hangs holds one request per
 * this many seconds, not every one. */
#define OIDC_DISCOVERY_RETRY_SECONDS 300
#define OIDC_JWKS_REFETCH_SECONDS 10

/* The provider's endpoints, from the cache or fetched now. */
dl_err oidc_provider_endpoints(db *d, arena *a, oidc_provider *p, int64_t now, oidc_endpoints *out, dl_error *e);

/* Verifies token (crypto/jwt.c) with the provider's keys, fetching them
 * anew once when the token names an unknown key. */
dl_err oidc_provider_verify(db *d, arena *a, oidc_provider *p, const oidc_endpoints *ep, const char *token,
                            const jwt_expect *want, jwt_claims *out, dl_error *e);

#endif
