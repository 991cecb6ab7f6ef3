/* jwt.h — verifying an OpenID Connect ID token (issue 17): a JWS in compact
 * form ("header.payload.signature", base64url without padding) checked
 * against the provider's JWKS, then its claims against what the sign-in
 * expects. Only RS256 and ES256 are accepted, each only with a key of its
 * own type ("none", HS256 and every other alg are refused, so a token cannot
 * choose a weaker check). The signature is checked by OpenSSL's libcrypto;
 * nothing here is cryptography of our own.
 *
 * Refusals, each with a sentence in e (English: they go to the operator's
 * log and the audit row; the page says a sentence of its own):
 *   DL_EINVAL     malformed token, unknown or forbidden alg, bad signature,
 *                 wrong issuer or audience, expired, issued in the future,
 *                 nonce mismatch, no subject
 *   DL_ENOTFOUND  the token names a key (kid) the JWKS does not hold: the
 *                 caller fetches the JWKS anew once and tries again
 *   DL_ELIMIT     a token or JWKS larger than JWT_MAX_BYTES
 *   DL_ENOMEM */
#ifndef DATALOTS_JWT_H
#define DATALOTS_JWT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

#define JWT_MAX_BYTES 16384     /* a token, and a JWKS document, at most */
#define JWT_CLOCK_SKEW_SECONDS 120

typedef struct jwt_expect {
    const char *issuer;    /* the provider's issuer, exactly (discovery's "issuer") */
    const char *client_id; /* must be in "aud"; with several audiences "azp" must be it */
    const char *nonce;     /* the nonce sent with this sign-in */
    int64_t now;           /* seconds since the epoch */
} jwt_expect;

typedef struct jwt_claims {
    const char *sub;       /* the provider's subject: never empty */
    const char *alg;       /* RS256 or ES256 */
    const char *kid;       /* "" when the token named none */
    int64_t exp, iat;
    const char *payload_json; /* the whole verified payload, for claims the caller maps */
} jwt_claims;

/* Verifies token against the JWKS document jwks_json and want; on DL_OK
 * out's strings live in a. */
dl_err jwt_verify_id_token(const char *token, const char *jwks_json, const jwt_expect *want, arena *a,
                           jwt_claims *out, dl_error *e);

/* base64url without padding (RFC 7515 §2) into out (at most cap bytes);
 * -1 when s is not that or does not fit. */
long jwt_base64url_decode(const char *s, size_t n, unsigned char *out, size_t cap);

#endif
