/* test_jwt.c — ID token verification (crypto/jwt.h) against tokens this test
 * signs with OpenSSL itself: RS256 and ES256 pass; every bad token of issue
 * 17 is refused with its reason — tampered, signed with another key, an
 * unknown kid, alg none or HS256, wrong issuer or audience, expired, issued
 * in the future, a nonce that is not this sign-in's, malformed or oversized. */
#include "test.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "crypto/jwt.h"

#define NOW 1796000000LL
#define ISS "https://idp.region.example"
#define CLIENT "datalots"
#define NONCE "n-0S6_WzA2Mj"

static void b64url(const unsigned char *b, size_t n, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, b, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void bn_b64url(const BIGNUM *bn, char *out, size_t cap)
{
    unsigned char buf[600];
    int n = BN_bn2bin(bn, buf);
    b64url(buf, (size_t)n, out, cap);
}

/* The public JWK of key, with kid. */
static void jwk_of(EVP_PKEY *key, const char *kid, char *out, size_t cap)
{
    char a[800], b[800];
    if (EVP_PKEY_is_a(key, "RSA")) {
        BIGNUM *n = NULL, *e = NULL;
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
        EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
        bn_b64url(n, a, sizeof a);
        bn_b64url(e, b, sizeof b);
        snprintf(out, cap, "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"%s\",\"n\":\"%s\",\"e\":\"%s\"}", kid, a, b);
        BN_free(n);
        BN_free(e);
    } else {
        unsigned char pub[65];
        size_t len = 0;
        EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &len);
        b64url(pub + 1, 32, a, sizeof a);
        b64url(pub + 33, 32, b, sizeof b);
        snprintf(out, cap, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"%s\",\"x\":\"%s\",\"y\":\"%s\"}", kid, a, b);
    }
}

/* header and payload (JSON) signed with key as alg says ("none": no signature). */
static void sign(EVP_PKEY *key, const char *header, const char *payload, char *out, size_t cap)
{
    char h[1024], p[2048];
    b64url((const unsigned char *)header, strlen(header), h, sizeof h);
    b64url((const unsigned char *)payload, strlen(payload), p, sizeof p);
    int n = snprintf(out, cap, "%s.%s", h, p);
    unsigned char sig[600];
    size_t sl = sizeof sig;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, key);
    EVP_DigestSign(m, sig, &sl, (const unsigned char *)out, (size_t)n);
    EVP_MD_CTX_free(m);
    if (EVP_PKEY_is_a(key, "EC")) { /* DER to r || s */
        const unsigned char *q = sig;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &q, (long)sl);
        unsigned char raw[64];
        BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32);
        ECDSA_SIG_free(es);
        memcpy(sig, raw, 64);
        sl = 64;
    }
    char s[1024];
    b64url(sig, sl, s, sizeof s);
    snprintf(out + n, cap - (size_t)n, ".%s", s);
}

static const char *good_claims(char *buf, size_t cap)
{
    snprintf(buf, cap, "{\"iss\":\"" ISS "\",\"sub\":\"hsa:SE2321000016-1234\",\"aud\":\"" CLIENT "\",\"exp\":%lld,"
                       "\"iat\":%lld,\"nonce\":\"" NONCE "\",\"hsa_id\":\"SE2321000016-1234\"}",
             NOW + 300, NOW - 5);
    return buf;
}

static const jwt_expect want = {.issuer = ISS, .client_id = CLIENT, .nonce = NONCE, .now = NOW};

struct keys {
    EVP_PKEY *rsa, *ec, *other_rsa;
    char jwks[8192];
};

static void make_keys(struct keys *k)
{
    k->rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    k->ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    k->other_rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    char r[3000], ec[600];
    jwk_of(k->rsa, "rsa-1", r, sizeof r);
    jwk_of(k->ec, "ec-1", ec, sizeof ec);
    snprintf(k->jwks, sizeof k->jwks, "{\"keys\":[%s,%s]}", r, ec);
}

static void free_keys(struct keys *k)
{
    EVP_PKEY_free(k->rsa);
    EVP_PKEY_free(k->ec);
    EVP_PKEY_free(k->other_rsa);
}

/* The refusal of token: its code, and a reason containing why. */
static void refused(struct keys *k, const char *token, dl_err code, const char *why)
{
    arena *a = arena_new(4096);
    jwt_claims c;
    dl_error e = {0};
    dl_err rc = jwt_verify_id_token(token, k->jwks, &want, a, &c, &e);
    if (rc != code || !strstr(e.msg, why))
        test_fail(__FILE__, __LINE__, "expected %d \"%s\", got %d \"%s\"", (int)code, why, (int)rc, e.msg);
    arena_free(a);
}

TEST(jwt_rs256_and_es256_tokens_verify)
{
    struct keys k;
    make_keys(&k);
    char claims[1024], tok[4096];
    good_claims(claims, sizeof claims);
    arena *a = arena_new(4096);
    jwt_claims c;
    dl_error e = {0};
    sign(k.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"JWT\"}", claims, tok, sizeof tok);
    CHECK_INT_EQ(jwt_verify_id_token(tok, k.jwks, &want, a, &c, &e), DL_OK);
    CHECK_STR_EQ(c.sub, "hsa:SE2321000016-1234");
    CHECK_STR_EQ(c.alg, "RS256");
    CHECK_STR_EQ(c.kid, "rsa-1");
    CHECK_INT_EQ(c.exp, NOW + 300);
    CHECK_CONTAINS(c.payload_json, "\"hsa_id\":\"SE2321000016-1234\"");
    sign(k.ec, "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims, tok, sizeof tok);
    CHECK_INT_EQ(jwt_verify_id_token(tok, k.jwks, &want, a, &c, &e), DL_OK);
    CHECK_STR_EQ(c.alg, "ES256");
    /* An audience list with azp naming the client; exp just inside the skew. */
    char many[1024];
    snprintf(many, sizeof many, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":[\"other\",\"" CLIENT "\"],\"azp\":\"" CLIENT "\","
                                "\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", NOW - 60, NOW - 600);
    sign(k.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", many, tok, sizeof tok);
    CHECK_INT_EQ(jwt_verify_id_token(tok, k.jwks, &want, a, &c, &e), DL_OK);
    arena_free(a);
    free_keys(&k);
}

TEST(jwt_bad_signatures_and_algs_are_refused)
{
    struct keys k;
    make_keys(&k);
    char claims[1024], tok[4096];
    good_claims(claims, sizeof claims);
    /* signed with a key the provider does not have, under its kid */
    sign(k.other_rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "signature does not hold");
    /* a payload changed after signing */
    sign(k.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, tok, sizeof tok);
    char *p = strchr(tok, '.') + 1;
    *p = *p == 'e' ? 'f' : 'e';
    refused(&k, tok, DL_EINVAL, "");
    /* a kid the JWKS does not hold: the caller refreshes the JWKS */
    sign(k.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-2\"}", claims, tok, sizeof tok);
    refused(&k, tok, DL_ENOTFOUND, "no RS256 key with kid \"rsa-2\"");
    /* an RS256 header over the EC key's kid: no key of that type */
    sign(k.ec, "{\"alg\":\"RS256\",\"kid\":\"ec-1\"}", claims, tok, sizeof tok);
    refused(&k, tok, DL_ENOTFOUND, "no RS256 key");
    /* alg none, with and without a signature part */
    char h[200], b[2048];
    b64url((const unsigned char *)"{\"alg\":\"none\"}", 14, h, sizeof h);
    b64url((const unsigned char *)claims, strlen(claims), b, sizeof b);
    snprintf(tok, sizeof tok, "%s.%s.", h, b);
    refused(&k, tok, DL_EINVAL, "unsigned (alg none");
    snprintf(tok, sizeof tok, "%s.%s.AAAA", h, b);
    refused(&k, tok, DL_EINVAL, "alg \"none\" is not RS256 or ES256");
    /* HS256 keyed with the RSA key's public text (the old confusion attack) */
    sign(k.rsa, "{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", claims, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "alg \"HS256\" is not RS256 or ES256");
    /* a header asking for extensions */
    sign(k.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"exp\"]}", claims, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "crit");
    free_keys(&k);
}

TEST(jwt_claims_are_checked)
{
    struct keys k;
    make_keys(&k);
    char c[1024], tok[4096];
    const char *hdr = "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}";
    static const struct {
        const char *fmt;
        const char *why;
    } bad[] = {
        {"{\"iss\":\"https://evil.example\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "issuer"},
        {"{\"iss\":\"" ISS "/\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "issuer"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"another-client\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "aud"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":[\"" CLIENT "\",\"other\"],\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "aud"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"another\"}", "nonce"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld}", "nonce"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "subject"},
        {"{\"iss\":\"" ISS "\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "subject"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":\"%lld\",\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "exp or iat"},
        /* azp, when present, names this client, even beside one audience */
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"azp\":\"other\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "aud"},
        {"{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":[\"" CLIENT "\"],\"azp\":7,\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}", "aud"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* each format takes exp and iat, as the table's rows are written */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        snprintf(c, sizeof c, bad[i].fmt, NOW + 300, NOW);
#pragma GCC diagnostic pop
        sign(k.ec, hdr, c, tok, sizeof tok);
        refused(&k, tok, DL_EINVAL, bad[i].why);
    }
    /* expired beyond the skew; issued beyond the skew in the future */
    snprintf(c, sizeof c, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}",
             NOW - JWT_CLOCK_SKEW_SECONDS, NOW - 900);
    sign(k.ec, hdr, c, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "expired");
    snprintf(c, sizeof c, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}",
             NOW + 900, NOW + JWT_CLOCK_SKEW_SECONDS + 1);
    sign(k.ec, hdr, c, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "future");
    /* The extremes of a 64-bit time never overflow the skew arithmetic
     * (UBSan would stop the test): iat at INT64_MAX is in the future,
     * exp at INT64_MIN long expired. */
    snprintf(c, sizeof c, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}",
             NOW + 900, (long long)INT64_MAX);
    sign(k.ec, hdr, c, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "future");
    snprintf(c, sizeof c, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}",
             (long long)INT64_MIN, NOW);
    sign(k.ec, hdr, c, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "expired");
    snprintf(c, sizeof c, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nbf\":%lld,\"nonce\":\"" NONCE "\"}",
             NOW + 900, NOW, (long long)INT64_MAX);
    sign(k.ec, hdr, c, tok, sizeof tok);
    refused(&k, tok, DL_EINVAL, "nbf");
    /* exp at INT64_MAX (never expires) and iat at INT64_MIN: accepted, and
     * exp + skew or iat - skew would have overflowed. */
    snprintf(c, sizeof c, "{\"iss\":\"" ISS "\",\"sub\":\"x\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}",
             (long long)INT64_MAX, (long long)INT64_MIN);
    sign(k.ec, hdr, c, tok, sizeof tok);
    arena *a = arena_new(4096);
    jwt_claims claims;
    dl_error e = {0};
    CHECK_INT_EQ(jwt_verify_id_token(tok, k.jwks, &want, a, &claims, &e), DL_OK);
    CHECK(claims.exp == INT64_MAX && claims.iat == INT64_MIN);
    arena_free(a);
    free_keys(&k);
}

TEST(jwt_malformed_and_oversized_tokens_are_refused)
{
    struct keys k;
    make_keys(&k);
    refused(&k, "", DL_EINVAL, "header.payload.signature");
    refused(&k, "abc.def", DL_EINVAL, "header.payload.signature");
    refused(&k, "a.b.c.d", DL_EINVAL, "header.payload.signature");
    refused(&k, "e30.e30.!!!", DL_EINVAL, "base64url");
    refused(&k, "e30=.e30.AAAA", DL_EINVAL, "base64url"); /* padding is not base64url here */
    refused(&k, "WzFd.e30.AAAA", DL_EINVAL, "no JSON object");  /* [1] */
    static char big[JWT_MAX_BYTES + 10];
    memset(big, 'A', sizeof big - 1);
    refused(&k, big, DL_ELIMIT, "too large");
    /* a JWKS that is no JSON: refused, not a crash */
    char claims[1024], tok[4096];
    good_claims(claims, sizeof claims);
    sign(k.rsa, "{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims, tok, sizeof tok);
    arena *a = arena_new(4096);
    jwt_claims c;
    dl_error e = {0};
    CHECK_INT_EQ(jwt_verify_id_token(tok, "{\"keys\":", &want, a, &c, &e), DL_EINVAL);
    CHECK_INT_EQ(jwt_verify_id_token(tok, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}", &want, a, &c,
                                     &e), DL_EINVAL); /* an RSA key of 24 bits is no key */
    CHECK_CONTAINS(e.msg, "unusable");
    arena_free(a);
    free_keys(&k);
}
