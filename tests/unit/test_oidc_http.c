/* test_oidc_http.c — oidc/oidc_client.c on the wire (issue 17), against a
 * loopback HTTP server of this test's own (loopback_http.c): the token
 * request as the provider receives it (client_secret_basic of the
 * form-encoded id and secret, the form's four fields decoded back here),
 * the answers a provider may give — an ID token, an OAuth error, no
 * token, too much, nothing at all in time, no server — and GETs. */
#include "test.h"
#include "loopback_http.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "oidc/oidc_client.h"

#define CLIENT_ID "data lots:client&x=1"
#define CLIENT_SECRET "p@ss:w0rd/+= ä"
#define CODE "SplxlOBeZQQYbYS6WxSbIA+/="
#define VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define REDIRECT "https://app.example/login/oidc/callback?a=1&b=x y"

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* application/x-www-form-urlencoded decoding of n bytes ('+' is a space);
 * -1 on a broken escape or a byte that must have been escaped. */
static int form_decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o + 1 >= cap) return -1;
        if (s[i] == '%') {
            if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) return -1;
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else if (s[i] == '+') out[o++] = ' ';
        else if (strchr(" &=:?#/@\"", s[i]) || (unsigned char)s[i] >= 0x80) return -1;
        else out[o++] = s[i];
    }
    out[o] = '\0';
    return 0;
}

/* The decoded value of key in a form body; how many times in *count. */
static void form_field(const char *body, const char *key, char *out, size_t cap, int *count)
{
    *count = 0;
    out[0] = '\0';
    for (const char *p = body; p && *p;) {
        const char *amp = strchr(p, '&'), *end = amp ? amp : p + strlen(p), *eq = memchr(p, '=', (size_t)(end - p));
        if (eq && (size_t)(eq - p) == strlen(key) && strncmp(p, key, strlen(key)) == 0) {
            (*count)++;
            if (form_decode(eq + 1, (size_t)(end - eq - 1), out, cap) != 0) snprintf(out, cap, "(badly encoded)");
        }
        p = amp ? amp + 1 : NULL;
    }
}

/* The value of a header in a raw request ("" when absent). */
static void header_of(const char *req, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    const char *end = strstr(req, "\r\n\r\n");
    for (const char *line = strstr(req, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        size_t n = strlen(name);
        if (strncasecmp(line + 2, name, n) == 0 && line[2 + n] == ':') {
            const char *v = line + 3 + n, *eol = strstr(v, "\r\n");
            while (*v == ' ') v++;
            snprintf(out, cap, "%.*s", (int)(eol - v), v);
            return;
        }
    }
}

/* "HTTP/1.1 status" with a JSON body and its length. */
static char *answer(arena *a, int status, const char *body, size_t *len)
{
    char *s = arena_printf(a, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n%s", status, strlen(body), body);
    *len = strlen(s);
    return s;
}

static oidc_endpoints endpoints_at(arena *a, const loopback_http *s)
{
    oidc_endpoints ep = {"http://127.0.0.1", NULL, NULL, NULL, ""};
    ep.authorization = arena_strdup(a, loopback_http_url(s, "/auth"));
    ep.token = arena_strdup(a, loopback_http_url(s, "/token"));
    ep.jwks_uri = arena_strdup(a, loopback_http_url(s, "/jwks"));
    return ep;
}

static dl_err token_call(arena *a, const char *answer_text, size_t len, loopback_http *s, char **id_token, dl_error *e)
{
    memset(e, 0, sizeof *e);
    *id_token = NULL;
    if (loopback_http_start(s, answer_text, len, 0, 1) != 0) return DL_EIO;
    oidc_endpoints ep = endpoints_at(a, s);
    dl_err rc = oidc_token_request(&ep, CLIENT_ID, CLIENT_SECRET, CODE, VERIFIER, REDIRECT, a, id_token, e);
    loopback_http_stop(s);
    return rc;
}

static loopback_http srv; /* large: not on the stack */

TEST(oidc_http_token_request_as_the_provider_sees_it)
{
    arena *a = arena_new(8192);
    size_t len;
    char *ans = answer(a, 200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"eyJ.eyJ.sig\"}", &len);
    char *id_token;
    dl_error e;
    CHECK_INT_EQ(token_call(a, ans, len, &srv, &id_token, &e), DL_OK);
    CHECK_STR_EQ(id_token, "eyJ.eyJ.sig");
    CHECK_INT_EQ(srv.conns, 1);
    const char *req = srv.request;
    CHECK(strncmp(req, "POST /token HTTP/1.1\r\n", 22) == 0);
    char h[512];
    header_of(req, "Content-Type", h, sizeof h);
    CHECK_STR_EQ(h, "application/x-www-form-urlencoded");
    /* client_secret_basic: base64 of form-encoded id ':' form-encoded secret (RFC 6749 §2.3.1). */
    header_of(req, "Authorization", h, sizeof h);
    CHECK(strncmp(h, "Basic ", 6) == 0);
    unsigned char raw[512];
    int n = EVP_DecodeBlock(raw, (const unsigned char *)h + 6, (int)strlen(h + 6));
    CHECK(n > 0);
    while (n > 0 && raw[n - 1] == '\0') n--; /* EVP_DecodeBlock counts the padding */
    raw[n] = '\0';
    char *colon = strchr((char *)raw, ':');
    CHECK(colon != NULL);
    CHECK(strchr(colon + 1, ':') == NULL); /* the ':' inside id and secret were escaped */
    char id[128], secret[128];
    CHECK_INT_EQ(form_decode((char *)raw, (size_t)(colon - (char *)raw), id, sizeof id), 0);
    CHECK_INT_EQ(form_decode(colon + 1, strlen(colon + 1), secret, sizeof secret), 0);
    CHECK_STR_EQ(id, CLIENT_ID);
    CHECK_STR_EQ(secret, CLIENT_SECRET);
    /* The form: four fields, each once, each decoding back to what was given. */
    const char *body = strstr(req, "\r\n\r\n") + 4;
    header_of(req, "Content-Length", h, sizeof h);
    CHECK_INT_EQ(strtol(h, NULL, 10), strlen(body));
    static const char *const keys[] = {"grant_type", "code", "code_verifier", "redirect_uri"};
    static const char *const want[] = {"authorization_code", CODE, VERIFIER, REDIRECT};
    int fields = 1;
    for (const char *p = body; *p; p++) fields += *p == '&';
    CHECK_INT_EQ(fields, 4);
    for (int i = 0; i < 4; i++) {
        char v[256];
        int count;
        form_field(body, keys[i], v, sizeof v, &count);
        CHECK_INT_EQ(count, 1);
        CHECK_STR_EQ(v, want[i]);
    }
    /* The secret travels only in the header. */
    CHECK_NOT_CONTAINS(body, "w0rd");
    CHECK_NOT_CONTAINS(body, "client_secret");
    arena_free(a);
}

TEST(oidc_http_token_error_names_the_oauth_error)
{
    arena *a = arena_new(8192);
    size_t len;
    char *id_token;
    dl_error e;
    char *ans = answer(a, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"code used\"}", &len);
    CHECK_INT_EQ(token_call(a, ans, len, &srv, &id_token, &e), DL_EUPSTREAM);
    CHECK_CONTAINS(e.msg, "invalid_grant");
    CHECK_CONTAINS(e.msg, "400");
    CHECK(id_token == NULL);
    CHECK_NOT_CONTAINS(e.msg, "w0rd");
    /* An error status even with an id_token in it: refused. */
    ans = answer(a, 401, "{\"error\":\"invalid_client\",\"id_token\":\"eyJ.eyJ.sig\"}", &len);
    CHECK_INT_EQ(token_call(a, ans, len, &srv, &id_token, &e), DL_EUPSTREAM);
    CHECK_CONTAINS(e.msg, "invalid_client");
    CHECK(id_token == NULL);
    /* No JSON at all. */
    const char *html = "HTTP/1.1 500 Oops\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<h1>down</h1>";
    CHECK_INT_EQ(token_call(a, html, strlen(html), &srv, &id_token, &e), DL_EUPSTREAM);
    CHECK_CONTAINS(e.msg, "500");
    CHECK(id_token == NULL);
    arena_free(a);
}

TEST(oidc_http_token_answer_without_id_token)
{
    arena *a = arena_new(8192);
    size_t len;
    char *id_token;
    dl_error e;
    static const char *const bodies[] = {
        "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}", "{\"id_token\":\"\"}", "{\"id_token\":42}",
        "{\"id_token\":null}", "[\"eyJ.eyJ.sig\"]", "not json", "",
        "{\"id_token\":\"a.b.c\",\"id_token\":\"d.e.f\"}", /* two answers in one: neither */
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char *ans = answer(a, 200, bodies[i], &len);
        dl_err rc = token_call(a, ans, len, &srv, &id_token, &e);
        if (rc != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "%s gave %d", bodies[i], (int)rc);
        if (id_token) test_fail(__FILE__, __LINE__, "%s gave a token", bodies[i]);
    }
    arena_free(a);
}

TEST(oidc_http_answer_over_the_limit_is_upstream)
{
    arena *a = arena_new(8192);
    size_t body_len = OIDC_BODY_MAX + 10;
    char *big = malloc(body_len + 256);
    CHECK(big != NULL);
    char *id_token;
    dl_error e;
    /* Told in Content-Length, and sent without one (until the connection closes). */
    for (int with_length = 1; with_length >= 0; with_length--) {
        int head = with_length ? snprintf(big, 256, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n{\"id_token\":\"", body_len)
                               : snprintf(big, 256, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"id_token\":\"");
        memset(big + head, 'a', body_len - 15);
        memcpy(big + head + body_len - 15, "\"}", 2);
        size_t total = (size_t)head + body_len - 13;
        dl_err rc = token_call(a, big, total, &srv, &id_token, &e);
        if (rc != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "with_length %d: %d (%s)", with_length, (int)rc, e.msg);
        if (id_token) test_fail(__FILE__, __LINE__, "with_length %d: a token", with_length);
        /* The same with GET. */
        memset(&e, 0, sizeof e);
        CHECK_INT_EQ(loopback_http_start(&srv, big, total, 0, 1), 0);
        char *body = NULL;
        rc = oidc_http_get(loopback_http_url(&srv, "/jwks"), a, &body, &e);
        loopback_http_stop(&srv);
        if (rc != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "GET with_length %d: %d (%s)", with_length, (int)rc, e.msg);
    }
    /* Just under the limit passes. */
    size_t ok_len = OIDC_BODY_MAX;
    int head = snprintf(big, 256, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", ok_len);
    memset(big + head, 'b', ok_len);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(loopback_http_start(&srv, big, (size_t)head + ok_len, 0, 1), 0);
    char *body = NULL;
    dl_err rc = oidc_http_get(loopback_http_url(&srv, "/jwks"), a, &body, &e);
    loopback_http_stop(&srv);
    CHECK_INT_EQ(rc, DL_OK);
    CHECK_INT_EQ(strlen(body), OIDC_BODY_MAX);
    free(big);
    arena_free(a);
}

TEST(oidc_http_provider_that_never_answers_is_busy)
{
    arena *a = arena_new(4096);
    dl_error e = {0};
    CHECK_INT_EQ(loopback_http_start(&srv, NULL, 0, 1, 1), 0);
    oidc_endpoints ep = endpoints_at(a, &srv);
    char *id_token = NULL;
    time_t t0 = time(NULL);
    dl_err rc = oidc_token_request(&ep, CLIENT_ID, CLIENT_SECRET, CODE, VERIFIER, REDIRECT, a, &id_token, &e);
    time_t took = time(NULL) - t0;
    loopback_http_stop(&srv);
    CHECK_INT_EQ(rc, DL_EBUSY);
    CHECK(id_token == NULL);
    CHECK_CONTAINS(e.msg, "10 seconds");
    CHECK(took >= OIDC_HTTP_SECONDS - 1);
    CHECK(took <= OIDC_HTTP_SECONDS + 3);
    CHECK_NOT_CONTAINS(e.msg, "w0rd");
    arena_free(a);
}

TEST(oidc_http_connection_refused_is_busy)
{
    arena *a = arena_new(4096);
    dl_error e = {0};
    int port = loopback_closed_port();
    CHECK(port > 0);
    char *token_url = arena_printf(a, "http://127.0.0.1:%d/token", port);
    oidc_endpoints ep = {"http://127.0.0.1", token_url, token_url, token_url, ""};
    char *id_token = NULL;
    time_t t0 = time(NULL);
    CHECK_INT_EQ(oidc_token_request(&ep, CLIENT_ID, CLIENT_SECRET, CODE, VERIFIER, REDIRECT, a, &id_token, &e), DL_EBUSY);
    CHECK(time(NULL) - t0 <= 2); /* refused at once, no waiting */
    CHECK(id_token == NULL);
    CHECK_NOT_CONTAINS(e.msg, "w0rd");
    memset(&e, 0, sizeof e);
    char *body = NULL;
    CHECK_INT_EQ(oidc_http_get(token_url, a, &body, &e), DL_EBUSY);
    arena_free(a);
}

TEST(oidc_http_get_answers)
{
    arena *a = arena_new(8192);
    size_t len;
    dl_error e = {0};
    char *body = NULL;
    const char *jwks = "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k1\"}]}";
    char *ans = answer(a, 200, jwks, &len);
    CHECK_INT_EQ(loopback_http_start(&srv, ans, len, 0, 1), 0);
    CHECK_INT_EQ(oidc_http_get(loopback_http_url(&srv, "/jwks?x=1"), a, &body, &e), DL_OK);
    loopback_http_stop(&srv);
    CHECK_STR_EQ(body, jwks);
    CHECK(strncmp(srv.request, "GET /jwks?x=1 HTTP/1.1\r\n", 24) == 0);
    char h[128];
    header_of(srv.request, "Authorization", h, sizeof h);
    CHECK_STR_EQ(h, "");
    /* Not 200: upstream, with the status; a redirect is not followed. */
    static const int statuses[] = {404, 500, 302, 204};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        const char *t = statuses[i] == 302 ? "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/x\r\nContent-Length: 0\r\n\r\n"
                                           : answer(a, statuses[i], "{}", &len);
        memset(&e, 0, sizeof e);
        CHECK_INT_EQ(loopback_http_start(&srv, t, strlen(t), 0, 2), 0);
        dl_err rc = oidc_http_get(loopback_http_url(&srv, "/jwks"), a, &body, &e);
        loopback_http_stop(&srv);
        if (rc != DL_EUPSTREAM) test_fail(__FILE__, __LINE__, "status %d gave %d", statuses[i], (int)rc);
        char want[8];
        snprintf(want, sizeof want, "%d", statuses[i]);
        CHECK_CONTAINS(e.msg, want);
        CHECK_INT_EQ(srv.conns, 1);
    }
    /* An address the policy refuses is never asked. */
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(loopback_http_start(&srv, ans, len, 0, 1), 0);
    char *evil = arena_printf(a, "http://127.0.0.1:%d@evil.example/jwks", srv.port);
    CHECK_INT_EQ(oidc_http_get(evil, a, &body, &e), DL_EUPSTREAM);
    loopback_http_stop(&srv);
    CHECK_INT_EQ(srv.conns, 0);
    arena_free(a);
}
