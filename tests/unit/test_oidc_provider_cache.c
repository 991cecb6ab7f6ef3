/* test_oidc_provider_cache.c — oidc/oidc_provider_cache.c (issue 17), with
 * the provider played by loopback HTTP servers of the test's own
 * (loopback_http.c) and ID tokens this test signs with OpenSSL (ES256): the
 * discovery document is fetched once and kept in the store for a day, then
 * fetched again; yesterday's serves while the provider is down; the JWKS is
 * fetched when missing and again for an unknown key id, at most once per
 * OIDC_JWKS_REFETCH_SECONDS (connections counted at the server). */
#include "test.h"
#include "b64url_by_hand.h"
#include "fixture.h"
#include "loopback_http.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "oidc/oidc_provider_cache.h"

#define T0 1796000000LL
#define CLIENT "datalots"
#define NONCE "nonce-1"

static const audit_actor ADMIN = {0, "system"};


static void jwk_of(EVP_PKEY *key, const char *kid, char *out, size_t cap)
{
    unsigned char pub[65];
    size_t len = 0;
    char x[64], y[64];
    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &len);
    b64url_by_hand(pub + 1, 32, x);
    b64url_by_hand(pub + 33, 32, y);
    snprintf(out, cap, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"%s\",\"x\":\"%s\",\"y\":\"%s\"}", kid, x, y);
}

/* An ES256 token of payload, with kid. */
static void sign(EVP_PKEY *key, const char *kid, const char *payload, char *out, size_t cap)
{
    char header[128], h[256], p[2048], s[128];
    snprintf(header, sizeof header, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"typ\":\"JWT\"}", kid);
    b64url_by_hand((const unsigned char *)header, strlen(header), h);
    b64url_by_hand((const unsigned char *)payload, strlen(payload), p);
    int n = snprintf(out, cap, "%s.%s", h, p);
    unsigned char der[128], raw[64];
    size_t dl = sizeof der;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_DigestSignInit(m, NULL, EVP_sha256(), NULL, key);
    EVP_DigestSign(m, der, &dl, (const unsigned char *)out, (size_t)n);
    EVP_MD_CTX_free(m);
    const unsigned char *q = der;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &q, (long)dl);
    BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32);
    ECDSA_SIG_free(es);
    b64url_by_hand(raw, 64, s);
    snprintf(out + n, cap - (size_t)n, ".%s", s);
}

static char *json_answer(arena *a, const char *body, size_t *len)
{
    char *s = arena_printf(a, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                           strlen(body), body);
    *len = strlen(s);
    return s;
}

static int64_t put(db *d, const char *issuer)
{
    oidc_provider p = {.name = "region", .label = "Region", .issuer = issuer, .client_id = CLIENT,
                       .client_secret_ref = "env:X", .scopes = "openid", .link_claim = "", .link_to = ""};
    dl_error e = {0};
    if (oidc_provider_put(d, &ADMIN, &p, &e) != DL_OK) test_fail(__FILE__, __LINE__, "put: %s", e.msg);
    return fixture_int(d, "SELECT id FROM oidc_provider WHERE name = 'region'");
}

static loopback_http disc, keys1, keys2; /* large: not on the stack */

TEST(oidc_provider_cache_discovery_kept_a_day)
{
    db *d = fixture_store();
    arena *a = arena_new(8192);
    dl_error e = {0};
    /* The provider's address is known only once its server listens. */
    char doc[1024];
    size_t len;
    const char *ans;
    CHECK_INT_EQ(loopback_http_start(&disc, NULL, 0, 0, 5), 0);
    char iss[64];
    snprintf(iss, sizeof iss, "http://127.0.0.1:%d", disc.port);
    snprintf(doc, sizeof doc,
             "{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/auth\",\"token_endpoint\":\"%s/token\","
             "\"jwks_uri\":\"%s/jwks\",\"end_session_endpoint\":\"%s/logout\"}",
             iss, iss, iss, iss, iss);
    ans = json_answer(a, doc, &len);
    disc.answer = ans; /* read by the server thread only when a request comes */
    disc.answer_len = len;
    int64_t id = put(d, iss);
    oidc_provider p;
    oidc_endpoints ep;
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &p, &e), DL_OK);
    CHECK_INT_EQ(oidc_provider_endpoints(d, a, &p, T0, &ep, &e), DL_OK);
    CHECK_INT_EQ(disc.conns, 1);
    CHECK(strncmp(disc.request, "GET /.well-known/openid-configuration HTTP/1.1\r\n", 48) == 0);
    char want[96];
    snprintf(want, sizeof want, "%s/token", iss);
    CHECK_STR_EQ(ep.token, want);
    snprintf(want, sizeof want, "%s/logout", iss);
    CHECK_STR_EQ(ep.end_session, want);
    CHECK_INT_EQ(fixture_int(d, "SELECT discovery_fetched_at FROM oidc_provider"), T0);
    /* Within the day: from the store, no request. */
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &p, &e), DL_OK);
    CHECK_STR_EQ(p.discovery_json, doc);
    CHECK_INT_EQ(oidc_provider_endpoints(d, a, &p, T0 + 86399, &ep, &e), DL_OK);
    CHECK_INT_EQ(disc.conns, 1);
    CHECK_STR_EQ(ep.token, arena_printf(a, "%s/token", iss));
    /* A day old: fetched again. */
    CHECK_INT_EQ(oidc_provider_endpoints(d, a, &p, T0 + 86400, &ep, &e), DL_OK);
    CHECK_INT_EQ(disc.conns, 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT discovery_fetched_at FROM oidc_provider"), T0 + 86400);
    /* The provider is down: yesterday's document still serves. */
    loopback_http_stop(&disc);
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &p, &e), DL_OK);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_provider_endpoints(d, a, &p, T0 + 3 * 86400, &ep, &e), DL_OK);
    CHECK_INT_EQ(e.code, DL_OK);
    CHECK_STR_EQ(ep.token, arena_printf(a, "%s/token", iss));
    /* Down and never fetched: busy. */
    fixture_exec(d, "UPDATE oidc_provider SET discovery_json = '', discovery_fetched_at = 0");
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &p, &e), DL_OK);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_provider_endpoints(d, a, &p, T0 + 3 * 86400, &ep, &e), DL_EBUSY);
    arena_free(a);
    db_close(d);
}

TEST(oidc_provider_cache_discovery_with_a_trailing_slash)
{
    db *d = fixture_store();
    arena *a = arena_new(8192);
    dl_error e = {0};
    CHECK_INT_EQ(loopback_http_start(&disc, NULL, 0, 0, 2), 0);
    char iss[64];
    snprintf(iss, sizeof iss, "http://127.0.0.1:%d/realms/x/", disc.port);
    char *doc = arena_printf(a, "{\"issuer\":\"%s\",\"authorization_endpoint\":\"%sauth\",\"token_endpoint\":\"%stoken\","
                                "\"jwks_uri\":\"%sjwks\"}", iss, iss, iss, iss);
    size_t len;
    disc.answer = json_answer(a, doc, &len);
    disc.answer_len = len;
    int64_t id = put(d, iss);
    oidc_provider p;
    oidc_endpoints ep;
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &p, &e), DL_OK);
    CHECK_INT_EQ(oidc_provider_endpoints(d, a, &p, T0, &ep, &e), DL_OK);
    loopback_http_stop(&disc);
    CHECK(strncmp(disc.request, "GET /realms/x/.well-known/openid-configuration HTTP/1.1\r\n", 57) == 0);
    CHECK_STR_EQ(ep.end_session, "");
    arena_free(a);
    db_close(d);
}

/* A token for sub, signed by key under kid, valid around now. */
static char *token(arena *a, EVP_PKEY *key, const char *kid, const char *iss, int64_t now)
{
    char payload[512], *out = arena_alloc(a, 2048);
    snprintf(payload, sizeof payload,
             "{\"iss\":\"%s\",\"sub\":\"sub-1\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,\"nonce\":\"" NONCE "\"}",
             iss, (long long)now + 300, (long long)now - 5);
    sign(key, kid, payload, out, 2048);
    return out;
}

static dl_err verify(db *d, arena *a, int64_t id, const oidc_endpoints *ep, const char *tok, int64_t now)
{
    oidc_provider p;
    dl_error e = {0};
    if (oidc_provider_by_id(d, a, id, &p, &e) != DL_OK) return DL_EDB; /* as a request would: from the store */
    jwt_expect want = {.issuer = ep->issuer, .client_id = CLIENT, .nonce = NONCE, .now = now};
    jwt_claims c;
    return oidc_provider_verify(d, a, &p, ep, tok, &want, &c, &e);
}

TEST(oidc_provider_cache_jwks_refetched_once_for_an_unknown_key)
{
    db *d = fixture_store();
    arena *a = arena_new(65536);
    EVP_PKEY *k1 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"), *k2 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    char j1[400], j2[400];
    jwk_of(k1, "k1", j1, sizeof j1);
    jwk_of(k2, "k2", j2, sizeof j2);
    size_t len1, len2;
    const char *only1 = json_answer(a, arena_printf(a, "{\"keys\":[%s]}", j1), &len1);
    const char *both = json_answer(a, arena_printf(a, "{\"keys\":[%s,%s]}", j1, j2), &len2);
    const char *iss = "https://idp.region.example";
    int64_t id = put(d, iss);
    CHECK_INT_EQ(loopback_http_start(&keys1, only1, len1, 0, 10), 0);
    oidc_endpoints ep = {iss, "https://idp.region.example/auth", "https://idp.region.example/token",
                         arena_strdup(a, loopback_http_url(&keys1, "/jwks")), ""};
    /* No keys yet: fetched, the token verifies, the keys are kept. */
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k1, "k1", iss, T0), T0), DL_OK);
    CHECK_INT_EQ(keys1.conns, 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT jwks_fetched_at FROM oidc_provider"), T0);
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k1, "k1", iss, T0 + 1), T0 + 1), DL_OK);
    CHECK_INT_EQ(keys1.conns, 1);
    /* A key it does not know, just after a fetch: refused without asking again. */
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k2, "k2", iss, T0 + 5), T0 + 5), DL_ENOTFOUND);
    CHECK_INT_EQ(keys1.conns, 1);
    loopback_http_stop(&keys1);
    /* The provider rolled its keys: after OIDC_JWKS_REFETCH_SECONDS one refetch finds k2. */
    CHECK_INT_EQ(loopback_http_start(&keys2, both, len2, 0, 10), 0);
    ep.jwks_uri = arena_strdup(a, loopback_http_url(&keys2, "/jwks"));
    int64_t later = T0 + OIDC_JWKS_REFETCH_SECONDS;
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k2, "k2", iss, later), later), DL_OK);
    CHECK_INT_EQ(keys2.conns, 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT jwks_fetched_at FROM oidc_provider"), later);
    /* A made-up kid: one refetch, then none within the interval, however many tokens. */
    int64_t t = later + OIDC_JWKS_REFETCH_SECONDS;
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k1, "made-up", iss, t), t), DL_ENOTFOUND);
    CHECK_INT_EQ(keys2.conns, 2);
    for (int i = 1; i <= 5; i++)
        CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k1, "made-up", iss, t + i), t + i), DL_ENOTFOUND);
    CHECK_INT_EQ(keys2.conns, 2);
    /* A known key still verifies meanwhile, without a request. */
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k1, "k1", iss, t + 6), t + 6), DL_OK);
    CHECK_INT_EQ(keys2.conns, 2);
    loopback_http_stop(&keys2);
    /* Keys missing and the provider down: busy, not a bad token. */
    fixture_exec(d, "UPDATE oidc_provider SET jwks_json = '', jwks_fetched_at = 0");
    CHECK_INT_EQ(verify(d, a, id, &ep, token(a, k1, "k1", iss, t + 7), t + 7), DL_EBUSY);
    EVP_PKEY_free(k1);
    EVP_PKEY_free(k2);
    arena_free(a);
    db_close(d);
}
