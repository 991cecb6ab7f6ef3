/* jwt.c — an OpenID Connect ID token verified against the provider's JWKS
 * (jwt.h): compact JWS parsing, RS256/ES256 signatures through libcrypto's
 * EVP interface, then the claims. */
#include "crypto/jwt.h"

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <string.h>

typedef enum jwt_alg { ALG_RS256, ALG_ES256 } jwt_alg;

long jwt_base64url_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
    size_t len = 0;
    const char *end = NULL;
    if (n == 0) return 0;
    if (sodium_base642bin(out, cap, s, n, NULL, &len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != s + n)
        return -1;
    return (long)len;
}

/* A base64url part of the token decoded into a (NUL-terminated too). */
static unsigned char *part(arena *a, const char *s, size_t n, size_t *len)
{
    unsigned char *buf = arena_alloc(a, n + 1);
    if (!buf) return NULL;
    long got = jwt_base64url_decode(s, n, buf, n);
    if (got < 0) return NULL;
    buf[got] = '\0';
    *len = (size_t)got;
    return buf;
}

/* A base64url member of a JWK as a big-endian number. */
static BIGNUM *jwk_bignum(json_t *jwk, const char *name, unsigned char *buf, size_t cap, long *len)
{
    const char *s = json_string_value(json_object_get(jwk, name));
    *len = s ? jwt_base64url_decode(s, strlen(s), buf, cap) : -1;
    return *len > 0 ? BN_bin2bn(buf, (int)*len, NULL) : NULL;
}

/* The public key of one JWK, or NULL when it is not a usable key of the
 * type alg needs (RSA of at least 2048 bits; EC on P-256). */
static EVP_PKEY *jwk_key(json_t *jwk, jwt_alg alg)
{
    EVP_PKEY *key = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    BIGNUM *n = NULL, *ex = NULL;
    unsigned char buf[1024], pub[65];
    const char *type = alg == ALG_RS256 ? "RSA" : "EC";
    if (!bld) return NULL;
    if (alg == ALG_RS256) {
        long nl = 0, el = 0;
        n = jwk_bignum(jwk, "n", buf, sizeof buf, &nl);
        ex = jwk_bignum(jwk, "e", buf, sizeof buf, &el);
        if (!n || !ex || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
            !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, ex))
            goto out;
    } else {
        const char *crv = json_string_value(json_object_get(jwk, "crv"));
        const char *x = json_string_value(json_object_get(jwk, "x")), *y = json_string_value(json_object_get(jwk, "y"));
        if (!crv || strcmp(crv, "P-256") != 0 || !x || !y) goto out;
        pub[0] = 0x04; /* uncompressed point */
        if (jwt_base64url_decode(x, strlen(x), pub + 1, 32) != 32 || jwt_base64url_decode(y, strlen(y), pub + 33, 32) != 32)
            goto out;
        if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
            !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub))
            goto out;
    }
    params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = params ? EVP_PKEY_CTX_new_from_name(NULL, type, NULL) : NULL;
    if (ctx && EVP_PKEY_fromdata_init(ctx) == 1) EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    if (key && alg == ALG_RS256 && EVP_PKEY_get_bits(key) < 2048) {
        EVP_PKEY_free(key);
        key = NULL;
    }
out:
    BN_free(n);
    BN_free(ex);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    return key;
}

/* The JWK the token's header names: by kid, of the alg's key type, for
 * signing. DL_ENOTFOUND when the kid is not there; without a kid only a
 * JWKS with a single key of that type will do. */
static dl_err find_key(json_t *jwks, const char *kid, jwt_alg alg, json_t **out, dl_error *e)
{
    json_t *keys = json_object_get(jwks, "keys");
    if (!json_is_array(keys)) return dl_fail(e, DL_EINVAL, "the JWKS has no \"keys\" array");
    const char *kty = alg == ALG_RS256 ? "RSA" : "EC";
    const char *alg_name = alg == ALG_RS256 ? "RS256" : "ES256";
    json_t *hit = NULL;
    int candidates = 0;
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k) {
        const char *t = json_string_value(json_object_get(k, "kty"));
        const char *use = json_string_value(json_object_get(k, "use"));
        const char *ka = json_string_value(json_object_get(k, "alg"));
        const char *kk = json_string_value(json_object_get(k, "kid"));
        if (!t || strcmp(t, kty) != 0 || (use && strcmp(use, "sig") != 0) || (ka && strcmp(ka, alg_name) != 0)) continue;
        if (kid && (!kk || strcmp(kk, kid) != 0)) continue;
        candidates++;
        hit = k;
    }
    if (kid && !hit) return dl_fail(e, DL_ENOTFOUND, "the provider's JWKS holds no %s key with kid \"%.60s\"", alg_name, kid);
    if (!kid && candidates != 1)
        return dl_fail(e, DL_EINVAL, "the token names no key (kid) and the JWKS holds %d %s keys", candidates, alg_name);
    *out = hit;
    return DL_OK;
}

/* The signature over signed (header.payload) with key, as alg makes it:
 * RS256 PKCS#1 v1.5; ES256 the 64 bytes r || s (RFC 7518 §3.4), given to
 * OpenSSL as DER. 1 when it holds. */
static int signature_holds(EVP_PKEY *key, jwt_alg alg, const char *signed_part, size_t signed_len,
                           const unsigned char *sig, size_t sig_len)
{
    unsigned char *der = NULL;
    int der_len = 0;
    if (alg == ALG_ES256) {
        if (sig_len != 64) return 0;
        ECDSA_SIG *es = ECDSA_SIG_new();
        BIGNUM *r = BN_bin2bn(sig, 32, NULL), *s = BN_bin2bn(sig + 32, 32, NULL);
        if (!es || !r || !s || ECDSA_SIG_set0(es, r, s) != 1) {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(es);
            return 0;
        }
        der_len = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es); /* owns r and s */
        if (der_len <= 0) return 0;
        sig = der;
        sig_len = (size_t)der_len;
    }
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    int ok = m && EVP_DigestVerifyInit(m, NULL, EVP_sha256(), NULL, key) == 1 &&
             EVP_DigestVerify(m, sig, sig_len, (const unsigned char *)signed_part, signed_len) == 1;
    EVP_MD_CTX_free(m);
    OPENSSL_free(der);
    return ok;
}

/* "aud" holds client_id (a string, or an array with it); "azp", when
 * present, names the client, and with several audiences it must be present
 * (OIDC Core §3.1.3.7). */
static int audience_ok(json_t *claims, const char *client_id)
{
    json_t *aud = json_object_get(claims, "aud");
    int found = 0;
    size_t n_aud = 1;
    if (json_is_string(aud)) found = strcmp(json_string_value(aud), client_id) == 0;
    else if (json_is_array(aud)) {
        size_t i;
        json_t *v;
        json_array_foreach(aud, i, v) found |= json_is_string(v) && strcmp(json_string_value(v), client_id) == 0;
        n_aud = json_array_size(aud);
    }
    if (!found) return 0;
    /* azp, when present, must be this client (Core §3.1.3.7, 4–5); with
     * several audiences it must be present. */
    json_t *azp = json_object_get(claims, "azp");
    if (azp) return json_is_string(azp) && strcmp(json_string_value(azp), client_id) == 0;
    return n_aud == 1;
}

static dl_err check_claims(json_t *c, const jwt_expect *want, jwt_claims *out, arena *a, dl_error *e)
{
    const char *iss = json_string_value(json_object_get(c, "iss"));
    if (!iss || !want->issuer || strcmp(iss, want->issuer) != 0)
        return dl_fail(e, DL_EINVAL, "the token's issuer \"%.80s\" is not the provider's", iss ? iss : "");
    if (!want->client_id || !audience_ok(c, want->client_id))
        return dl_fail(e, DL_EINVAL, "the token is not meant for this client (aud/azp)");
    json_t *exp = json_object_get(c, "exp"), *iat = json_object_get(c, "iat");
    if (!json_is_integer(exp) || !json_is_integer(iat)) return dl_fail(e, DL_EINVAL, "the token lacks exp or iat");
    out->exp = json_integer_value(exp);
    out->iat = json_integer_value(iat);
    /* Compared with the skew on now's side, whose range is known: a token's
     * exp of INT64_MAX or iat of INT64_MIN must not overflow. */
    if (out->exp <= want->now - JWT_CLOCK_SKEW_SECONDS) return dl_fail(e, DL_EINVAL, "the token has expired");
    if (out->iat > want->now + JWT_CLOCK_SKEW_SECONDS) return dl_fail(e, DL_EINVAL, "the token is issued in the future");
    json_t *nbf = json_object_get(c, "nbf");
    if (nbf && (!json_is_integer(nbf) || json_integer_value(nbf) > want->now + JWT_CLOCK_SKEW_SECONDS))
        return dl_fail(e, DL_EINVAL, "the token is not valid yet (nbf)");
    const char *nonce = json_string_value(json_object_get(c, "nonce"));
    if (want->nonce && (!nonce || strcmp(nonce, want->nonce) != 0))
        return dl_fail(e, DL_EINVAL, "the token's nonce is not this sign-in's");
    const char *sub = json_string_value(json_object_get(c, "sub"));
    if (!sub || !*sub || strlen(sub) > 255) return dl_fail(e, DL_EINVAL, "the token has no usable subject (sub)");
    out->sub = arena_strdup(a, sub);
    return out->sub ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
}

dl_err jwt_verify_id_token(const char *token, const char *jwks_json, const jwt_expect *want, arena *a,
                           jwt_claims *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (!token || !jwks_json) return dl_fail(e, DL_EINVAL, "no token or no JWKS");
    size_t tl = strnlen(token, JWT_MAX_BYTES + 1), jl = strnlen(jwks_json, JWT_MAX_BYTES + 1);
    if (tl > JWT_MAX_BYTES || jl > JWT_MAX_BYTES) return dl_fail(e, DL_ELIMIT, "the token or the JWKS is too large");
    const char *d1 = memchr(token, '.', tl);
    const char *d2 = d1 ? memchr(d1 + 1, '.', tl - (size_t)(d1 + 1 - token)) : NULL;
    if (!d1 || !d2 || memchr(d2 + 1, '.', tl - (size_t)(d2 + 1 - token)))
        return dl_fail(e, DL_EINVAL, "the token is not header.payload.signature");
    size_t hl = 0, pl = 0, sl = 0;
    unsigned char *head = part(a, token, (size_t)(d1 - token), &hl);
    unsigned char *body = part(a, d1 + 1, (size_t)(d2 - d1 - 1), &pl);
    unsigned char *sig = part(a, d2 + 1, tl - (size_t)(d2 + 1 - token), &sl);
    if (head && body && d2 + 1 == token + tl)
        return dl_fail(e, DL_EINVAL, "the token is unsigned (alg none, or an empty signature)");
    if (!head || !body || !sig || !sl) return dl_fail(e, DL_EINVAL, "a part of the token is not base64url");

    dl_err rc = DL_OK;
    EVP_PKEY *key = NULL;
    json_t *h = json_loadb((const char *)head, hl, JSON_REJECT_DUPLICATES, NULL);
    json_t *c = json_loadb((const char *)body, pl, JSON_REJECT_DUPLICATES, NULL);
    json_t *jwks = json_loadb(jwks_json, jl, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(h) || !json_is_object(c)) { rc = dl_fail(e, DL_EINVAL, "the token's header or payload is no JSON object"); goto out; }
    if (!json_is_object(jwks)) { rc = dl_fail(e, DL_EINVAL, "the JWKS is no JSON object"); goto out; }
    if (json_object_get(h, "crit")) { rc = dl_fail(e, DL_EINVAL, "the token asks for extensions (crit) this client has not"); goto out; }
    const char *alg_name = json_string_value(json_object_get(h, "alg"));
    jwt_alg alg;
    if (alg_name && strcmp(alg_name, "RS256") == 0) alg = ALG_RS256;
    else if (alg_name && strcmp(alg_name, "ES256") == 0) alg = ALG_ES256;
    else { rc = dl_fail(e, DL_EINVAL, "the token's alg \"%.20s\" is not RS256 or ES256", alg_name ? alg_name : ""); goto out; }
    json_t *kid_json = json_object_get(h, "kid");
    if (kid_json && !json_is_string(kid_json)) { rc = dl_fail(e, DL_EINVAL, "the token's kid is no string"); goto out; }
    const char *kid = json_string_value(kid_json);
    json_t *jwk = NULL;
    rc = find_key(jwks, kid, alg, &jwk, e);
    if (rc != DL_OK) goto out;
    key = jwk_key(jwk, alg);
    if (!key) { rc = dl_fail(e, DL_EINVAL, "the JWKS key for the token is unusable (type, curve or size)"); goto out; }
    if (!signature_holds(key, alg, token, (size_t)(d2 - token), sig, sl)) {
        rc = dl_fail(e, DL_EINVAL, "the token's signature does not hold");
        goto out;
    }
    rc = check_claims(c, want, out, a, e);
    if (rc == DL_OK) {
        out->alg = alg == ALG_RS256 ? "RS256" : "ES256";
        out->kid = arena_strdup(a, kid ? kid : "");
        out->payload_json = arena_strndup(a, (const char *)body, pl);
        if (!out->kid || !out->payload_json) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    }
out:
    EVP_PKEY_free(key);
    json_decref(h);
    json_decref(c);
    json_decref(jwks);
    return rc;
}
