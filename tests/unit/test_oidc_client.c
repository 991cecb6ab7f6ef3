/* test_oidc_client.c — oidc/oidc_client.c without the network (issue 17):
 * which provider addresses are allowed (also against curl's own URL parser:
 * an allowed http:// address must reach a loopback host), the discovery
 * document, the PKCE pair (S256 recomputed here with OpenSSL and a base64url
 * of this file's own), the authorization and end-session addresses (every
 * parameter decoded back here and compared), and where the client secret
 * is read from. The token request and GETs against a loopback server of
 * this test's own: test_oidc_http.c. */
#include "test.h"
#include "b64url_by_hand.h"

#include <curl/curl.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "oidc/oidc_client.h"

/* --- helpers of this test ------------------------------------------------------ */


static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Percent-decodes n bytes of s into out ('+' as a space when plus_space);
 * -1 on a broken escape. */
static int pct_decode(const char *s, size_t n, char *out, size_t cap, int plus_space)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o + 1 >= cap) return -1;
        if (s[i] == '%') {
            if (i + 2 >= n) return -1;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0) return -1;
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else out[o++] = plus_space && s[i] == '+' ? ' ' : s[i];
    }
    out[o] = '\0';
    return 0;
}

/* The decoded value of key in the query part of url ("" query: none);
 * how many times the key appears in *count. */
static int query_param(const char *query, const char *key, char *out, size_t cap, int *count)
{
    *count = 0;
    out[0] = '\0';
    const char *p = query;
    while (p && *p) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p), *eq = memchr(p, '=', (size_t)(end - p));
        if (eq && (size_t)(eq - p) == strlen(key) && strncmp(p, key, strlen(key)) == 0) {
            (*count)++;
            if (pct_decode(eq + 1, (size_t)(end - eq - 1), out, cap, 0) != 0) return -1;
        }
        p = amp ? amp + 1 : NULL;
    }
    return 0;
}

static int count_params(const char *query)
{
    int n = *query ? 1 : 0;
    for (const char *p = query; *p; p++) n += *p == '&';
    return n;
}

/* Every byte of a query is unreserved, '%' of an escape, '=' or '&'. */
static int query_is_encoded(const char *q)
{
    for (; *q; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || strchr("-._~%=&", *q)))
            return 0;
    return 1;
}

/* --- addresses ------------------------------------------------------------------ */

TEST(oidc_client_url_allowed_https_and_loopback_http)
{
    static const char *const good[] = {
        "https://idp.example", "https://idp.example/", "https://idp.example:8443/realms/x/protocol/openid-connect/token",
        "https://idp.example/authorize?tenant=x", "http://127.0.0.1", "http://127.0.0.1/", "http://127.0.0.1:8080/jwks",
        "http://localhost", "http://localhost:3000/.well-known/openid-configuration", "http://[::1]/", "http://[::1]:9000/x",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!oidc_url_allowed(good[i])) test_fail(__FILE__, __LINE__, "%s refused", good[i]);
}

static const char *const bad_urls[] = {
    "", "https://", "https:///token", "http://idp.example/token", "http://127.0.0.1.evil.example/",
    "http://127.0.0.1evil/", "http://localhost.evil.example/", "http://localhostx/", "http://localhost@evil.example/",
    "http://127.0.0.1@evil.example/", "http://[::1]@evil.example/", "http://[::1].evil/", "http://127.0.0.2/",
    "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://2130706433/", "HTTPS://idp.example/", "Http://localhost/",
    "ftp://idp.example/", "file:///etc/passwd", "javascript:alert(1)", "//idp.example/", "idp.example",
    "https://idp.example/a b", "https://idp.example/\n", "https://idp.example/\r\nX-Evil: 1", "https://idp.example\t/",
    "https://idp\x7f.example/", " https://idp.example/", "http://127.0.0.1:80@evil.example/",
    "http://localhost:@evil.example/", "http://[::1]:1@evil.example/", "http://127.0.0.1:8080#@evil.example/",
    "http://localhost:x/", "http://127.0.0.1:/",
};

TEST(oidc_client_url_refused_elsewhere)
{
    for (size_t i = 0; i < sizeof bad_urls / sizeof bad_urls[0]; i++)
        if (oidc_url_allowed(bad_urls[i])) test_fail(__FILE__, __LINE__, "\"%s\" allowed", bad_urls[i]);
    CHECK_INT_EQ(oidc_url_allowed(NULL), 0);
    /* Longer than 2000 bytes: refused, however well-formed. */
    char big[2100];
    snprintf(big, sizeof big, "https://idp.example/");
    size_t n = strlen(big);
    memset(big + n, 'a', 2001 - n);
    big[2001] = '\0';
    CHECK_INT_EQ(oidc_url_allowed(big), 0);
    big[2000] = '\0';
    CHECK_INT_EQ(oidc_url_allowed(big), 1); /* exactly 2000 */
}

/* The property behind the policy, by curl's own parser: whatever
 * oidc_url_allowed lets through over http:// goes to a loopback host. */
TEST(oidc_client_url_allowed_http_reaches_only_loopback_by_curls_parser)
{
    static const char *const urls[] = {
        "http://127.0.0.1:8080/x", "http://localhost/", "http://[::1]:9/", "http://127.0.0.1:80@evil.example/",
        "http://localhost:@evil.example/", "http://[::1]:1@evil.example/", "http://localhost:1@evil.example:80/t",
        "http://127.0.0.1:8080#@evil.example/", "http://127.0.0.1/@evil.example/", "http://127.0.0.1?@evil.example/",
        "http://localhost:65535/", "http://127.0.0.1:99999/",
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        if (!oidc_url_allowed(urls[i])) continue;
        CURLU *u = curl_url();
        char *host = NULL;
        int parsed = curl_url_set(u, CURLUPART_URL, urls[i], 0) == CURLUE_OK &&
                     curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK;
        int loop = parsed && (strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0);
        if (!loop)
            test_fail(__FILE__, __LINE__, "%s is allowed but goes to %s", urls[i], parsed ? host : "(unparsable)");
        curl_free(host);
        curl_url_cleanup(u);
    }
}

/* --- discovery ------------------------------------------------------------------- */

#define ISS "https://idp.region.example"

static dl_err discover(arena *a, const char *json, oidc_endpoints *ep, dl_error *e)
{
    memset(e, 0, sizeof *e);
    return oidc_discovery_parse(json, ISS, a, ep, e);
}

TEST(oidc_client_discovery_reads_the_endpoints)
{
    arena *a = arena_new(4096);
    oidc_endpoints ep;
    dl_error e;
    CHECK_INT_EQ(discover(a,
                          "{\"issuer\":\"" ISS "\",\"authorization_endpoint\":\"" ISS "/auth\",\"token_endpoint\":\"" ISS
                          "/token\",\"jwks_uri\":\"" ISS "/jwks\",\"end_session_endpoint\":\"" ISS
                          "/logout\",\"scopes_supported\":[\"openid\"]}",
                          &ep, &e),
                 DL_OK);
    CHECK_STR_EQ(ep.issuer, ISS);
    CHECK_STR_EQ(ep.authorization, ISS "/auth");
    CHECK_STR_EQ(ep.token, ISS "/token");
    CHECK_STR_EQ(ep.jwks_uri, ISS "/jwks");
    CHECK_STR_EQ(ep.end_session, ISS "/logout");
    /* end_session is optional; a bad or non-text one is "" (no provider sign-out). */
    static const char *const tails[] = {"", ",\"end_session_endpoint\":\"http://idp.region.example/logout\"",
                                        ",\"end_session_endpoint\":42", ",\"end_session_endpoint\":null",
                                        ",\"end_session_endpoint\":\"\"", ",\"end_session_endpoint\":\"javascript:x\""};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        char *doc = arena_printf(a,
                                 "{\"issuer\":\"" ISS "\",\"authorization_endpoint\":\"" ISS "/auth\",\"token_endpoint\":\"" ISS
                                 "/token\",\"jwks_uri\":\"" ISS "/jwks\"%s}",
                                 tails[i]);
        CHECK_INT_EQ(discover(a, doc, &ep, &e), DL_OK);
        if (!ep.end_session || strcmp(ep.end_session, "") != 0)
            test_fail(__FILE__, __LINE__, "end_session \"%s\" from %s", ep.end_session ? ep.end_session : "(null)", tails[i]);
    }
    /* A provider on this machine over http:// (the tests' own). */
    CHECK_INT_EQ(oidc_discovery_parse("{\"issuer\":\"http://127.0.0.1:4000\",\"authorization_endpoint\":"
                                      "\"http://127.0.0.1:4000/auth\",\"token_endpoint\":\"http://127.0.0.1:4000/token\","
                                      "\"jwks_uri\":\"http://127.0.0.1:4000/jwks\"}",
                                      "http://127.0.0.1:4000", a, &ep, &e),
                 DL_OK);
    CHECK_STR_EQ(ep.token, "http://127.0.0.1:4000/token");
    arena_free(a);
}

TEST(oidc_client_discovery_issuer_must_match_exactly)
{
    arena *a = arena_new(4096);
    oidc_endpoints ep;
    dl_error e;
    static const char *const issuers[] = {
        "\"" ISS "/\"", "\"https://idp.region.example.evil\"", "\"HTTPS://idp.region.example\"", "\"\"", "null",
        "42", "[\"" ISS "\"]", "\"" ISS " \"",
    };
    for (size_t i = 0; i < sizeof issuers / sizeof issuers[0]; i++) {
        char *doc = arena_printf(a,
                                 "{\"issuer\":%s,\"authorization_endpoint\":\"" ISS "/auth\",\"token_endpoint\":\"" ISS
                                 "/token\",\"jwks_uri\":\"" ISS "/jwks\"}",
                                 issuers[i]);
        dl_err rc = discover(a, doc, &ep, &e);
        if (rc != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "issuer %s gave %d", issuers[i], (int)rc);
        else if (!strstr(e.msg, "issuer")) test_fail(__FILE__, __LINE__, "sentence without issuer: %s", e.msg);
    }
    /* No issuer at all. */
    CHECK_INT_EQ(discover(a, "{\"authorization_endpoint\":\"" ISS "/auth\",\"token_endpoint\":\"" ISS "/token\","
                             "\"jwks_uri\":\"" ISS "/jwks\"}",
                          &ep, &e),
                 DL_EUPSTREAM);
    /* The provider configured with a trailing slash, the document without. */
    CHECK_INT_EQ(oidc_discovery_parse("{\"issuer\":\"" ISS "\",\"authorization_endpoint\":\"" ISS
                                      "/auth\",\"token_endpoint\":\"" ISS "/token\",\"jwks_uri\":\"" ISS "/jwks\"}",
                                      ISS "/", a, &ep, &e),
                 DL_EUPSTREAM);
    arena_free(a);
}

TEST(oidc_client_discovery_refuses_missing_or_plain_endpoints)
{
    arena *a = arena_new(8192);
    oidc_endpoints ep;
    dl_error e;
    static const char *const keys[] = {"authorization_endpoint", "token_endpoint", "jwks_uri"};
    static const char *const bad[] = {NULL, "\"http://idp.region.example/x\"", "\"\"", "42", "[\"" ISS "/x\"]",
                                      "\"http://127.0.0.1.evil.example/x\"", "\"" ISS "/a b\""};
    for (size_t k = 0; k < 3; k++)
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            char doc[1024];
            int n = snprintf(doc, sizeof doc, "{\"issuer\":\"" ISS "\"");
            for (size_t j = 0; j < 3; j++) {
                if (j == k && !bad[b]) continue;
                n += snprintf(doc + n, sizeof doc - (size_t)n, ",\"%s\":%s", keys[j],
                              j == k ? bad[b] : arena_printf(a, "\"" ISS "/%s\"", keys[j]));
            }
            snprintf(doc + n, sizeof doc - (size_t)n, "}");
            dl_err rc = discover(a, doc, &ep, &e);
            if (rc != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "%s gave %d", doc, (int)rc);
        }
    static const char *const junk[] = {"", "[]", "\"x\"", "{", "null", "<html>", "{\"issuer\":\"" ISS "\",\"issuer\":\"" ISS "\"}"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
        if (discover(a, junk[i], &ep, &e) != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "%s taken", junk[i]);
    CHECK_INT_EQ(discover(a, NULL, &ep, &e), DL_EUPSTREAM);
    arena_free(a);
}

/* --- PKCE ------------------------------------------------------------------------ */

static int b64url_alphabet(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return 0;
    return 1;
}

TEST(oidc_client_pkce_challenge_is_s256_of_the_verifier)
{
    /* RFC 7636 appendix B, by this test's own base64url and OpenSSL. */
    static const unsigned char rfc_octets[32] = {116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                                                 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121};
    char v[64], c[64];
    unsigned char d[SHA256_DIGEST_LENGTH];
    b64url_by_hand(rfc_octets, 32, v);
    CHECK_STR_EQ(v, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    SHA256((const unsigned char *)v, strlen(v), d);
    b64url_by_hand(d, sizeof d, c);
    CHECK_STR_EQ(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

    char seen[20][OIDC_PKCE_SIZE];
    for (int i = 0; i < 20; i++) {
        char verifier[OIDC_PKCE_SIZE], challenge[OIDC_PKCE_SIZE];
        oidc_pkce_pair(verifier, challenge);
        CHECK_INT_EQ(strlen(verifier), 43); /* RFC 7636 §4.1: 43 to 128 */
        CHECK_INT_EQ(strlen(challenge), 43);
        CHECK(b64url_alphabet(verifier));
        CHECK(b64url_alphabet(challenge));
        SHA256((const unsigned char *)verifier, strlen(verifier), d);
        b64url_by_hand(d, sizeof d, c);
        CHECK_STR_EQ(challenge, c);
        for (int j = 0; j < i; j++) CHECK(strcmp(seen[j], verifier) != 0);
        memcpy(seen[i], verifier, OIDC_PKCE_SIZE);
    }
}

/* --- the authorization and end-session addresses ------------------------------------ */

TEST(oidc_client_authorization_url_encodes_every_parameter)
{
    arena *a = arena_new(4096);
    oidc_endpoints ep = {ISS, ISS "/authorize", ISS "/token", ISS "/jwks", ""};
    const char *client = "data lots&client=evil", *redirect = "https://app.example/login/oidc/callback?x=1&y=a b#f",
               *scope = "openid profile email", *state = "st&te=1+2", *nonce = "n%20nce/ä", *chal = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    char *url = oidc_authorization_url(a, &ep, client, redirect, scope, state, nonce, chal, NULL);
    CHECK(url != NULL);
    CHECK(strncmp(url, ISS "/authorize?", strlen(ISS "/authorize?")) == 0);
    const char *q = url + strlen(ISS "/authorize?");
    CHECK(query_is_encoded(q));
    CHECK_INT_EQ(count_params(q), 8);
    static const char *keys[] = {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
                                 "code_challenge_method"};
    const char *want[] = {"code", client, redirect, scope, state, nonce, chal, "S256"};
    for (int i = 0; i < 8; i++) {
        char v[512];
        int count = 0;
        CHECK_INT_EQ(query_param(q, keys[i], v, sizeof v, &count), 0);
        if (count != 1) test_fail(__FILE__, __LINE__, "%s appears %d times in %s", keys[i], count, url);
        CHECK_STR_EQ(v, want[i]);
    }
    /* A base address with a query of its own keeps it and goes on with '&'. */
    ep.authorization = ISS "/authorize?tenant=region";
    url = oidc_authorization_url(a, &ep, "c", "https://app.example/cb", "openid", "s", "n", chal, "login");
    CHECK(strncmp(url, ISS "/authorize?tenant=region&response_type=code&", strlen(ISS "/authorize?tenant=region&response_type=code&")) == 0);
    CHECK_INT_EQ(count_params(strchr(url, '?') + 1), 10); /* tenant, the eight, and prompt */
    CHECK(strstr(url, "&prompt=login") != NULL);
    arena_free(a);
}

TEST(oidc_client_end_session_url)
{
    arena *a = arena_new(4096);
    oidc_endpoints ep = {ISS, ISS "/authorize", ISS "/token", ISS "/jwks", ""};
    CHECK(oidc_end_session_url(a, &ep, "c", "https://app.example/") == NULL);
    ep.end_session = NULL;
    CHECK(oidc_end_session_url(a, &ep, "c", "https://app.example/") == NULL);
    ep.end_session = ISS "/logout";
    char *url = oidc_end_session_url(a, &ep, "data lots&x", "https://app.example/?a=1&b=2");
    CHECK(url != NULL);
    CHECK(strncmp(url, ISS "/logout?", strlen(ISS "/logout?")) == 0);
    const char *q = strchr(url, '?') + 1;
    CHECK(query_is_encoded(q));
    CHECK_INT_EQ(count_params(q), 2);
    char v[256];
    int count;
    CHECK_INT_EQ(query_param(q, "client_id", v, sizeof v, &count), 0);
    CHECK_INT_EQ(count, 1);
    CHECK_STR_EQ(v, "data lots&x");
    CHECK_INT_EQ(query_param(q, "post_logout_redirect_uri", v, sizeof v, &count), 0);
    CHECK_INT_EQ(count, 1);
    CHECK_STR_EQ(v, "https://app.example/?a=1&b=2");
    arena_free(a);
}

/* --- the client secret ------------------------------------------------------------- */

static const char *write_file(const char *name, const char *text, size_t n)
{
    static char path[2][512];
    static int slot;
    char *p = path[slot++ % 2];
    snprintf(p, 512, "%s/%s", test_tmpdir(), name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(text, 1, n, f);
        fclose(f);
    }
    return p;
}

#define SECRET "s3cr3t-Pa55/w0rd+="

TEST(oidc_client_secret_from_a_file)
{
    char out[128], ref[600];
    dl_error e = {0};
    static const char *const texts[] = {SECRET, SECRET "\n", SECRET "\r\n", SECRET "\r\nsecond line\n", SECRET "\nsecond\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        snprintf(ref, sizeof ref, "file:%s", write_file("secret", texts[i], strlen(texts[i])));
        memset(&e, 0, sizeof e);
        CHECK_INT_EQ(oidc_read_secret(ref, out, sizeof out, &e), DL_OK);
        CHECK_STR_EQ(out, SECRET);
    }
    /* Empty file, an empty first line, missing file: DL_ECONFIG with a sentence naming the file. */
    static const char *const empty[] = {"", "\n", "\r\n", "\nsecret on line two\n"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        snprintf(ref, sizeof ref, "file:%s", write_file("empty", empty[i], strlen(empty[i])));
        memset(&e, 0, sizeof e);
        CHECK_INT_EQ(oidc_read_secret(ref, out, sizeof out, &e), DL_ECONFIG);
        CHECK_CONTAINS(e.msg, "empty");
        CHECK_CONTAINS(e.msg, ref + 5);
        CHECK_NOT_CONTAINS(e.msg, "secret on line two");
        CHECK_STR_EQ(out, "");
    }
    snprintf(ref, sizeof ref, "file:%s/nope", test_tmpdir());
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_read_secret(ref, out, sizeof out, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "nope");
    CHECK_STR_EQ(out, "");
}

TEST(oidc_client_secret_longer_than_the_buffer_is_refused)
{
    /* A secret cut to the buffer would be sent wrong and refused by the
     * provider as invalid_client, far from the cause. */
    char out[16], ref[600];
    dl_error e = {0};
    snprintf(ref, sizeof ref, "file:%s", write_file("long", SECRET "\n", strlen(SECRET "\n")));
    CHECK_INT_EQ(oidc_read_secret(ref, out, sizeof out, &e), DL_ECONFIG);
    CHECK_NOT_CONTAINS(e.msg, "s3cr3t");
    CHECK_STR_EQ(out, "");
    /* Exactly the room: 15 characters and the NUL. */
    snprintf(ref, sizeof ref, "file:%s", write_file("fits", "123456789012345\r\n", 17));
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_read_secret(ref, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "123456789012345");
    setenv("DL_TEST_OIDC_SECRET", SECRET, 1);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_read_secret("env:DL_TEST_OIDC_SECRET", out, sizeof out, &e), DL_ECONFIG);
    CHECK_NOT_CONTAINS(e.msg, "s3cr3t");
}

TEST(oidc_client_secret_from_the_environment)
{
    char out[128];
    dl_error e = {0};
    setenv("DL_TEST_OIDC_SECRET", SECRET, 1);
    CHECK_INT_EQ(oidc_read_secret("env:DL_TEST_OIDC_SECRET", out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, SECRET);
    unsetenv("DL_TEST_OIDC_SECRET");
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_read_secret("env:DL_TEST_OIDC_SECRET", out, sizeof out, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "DL_TEST_OIDC_SECRET");
    CHECK_STR_EQ(out, "");
    setenv("DL_TEST_OIDC_SECRET", "", 1);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_read_secret("env:DL_TEST_OIDC_SECRET", out, sizeof out, &e), DL_ECONFIG);
    /* No source named: the text is not taken as the secret itself, nor echoed. */
    static const char *const refs[] = {SECRET, "", "ENV:X", "File:/etc/x", " env:X", "env", "file"};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        memset(&e, 0, sizeof e);
        dl_err rc = oidc_read_secret(refs[i], out, sizeof out, &e);
        if (rc != DL_ECONFIG) test_fail(__FILE__, __LINE__, "\"%s\" gave %d", refs[i], (int)rc);
        CHECK_STR_EQ(out, "");
        CHECK_NOT_CONTAINS(e.msg, "s3cr3t");
    }
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_read_secret(NULL, out, sizeof out, &e), DL_ECONFIG);
}
