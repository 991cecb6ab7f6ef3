/* oidc_client.c — OpenID Connect on the wire (see oidc_client.h): libcurl
 * for HTTP, jansson for JSON, libsodium for randomness and base64url,
 * OpenSSL (through crypto/token.h's SHA-256) for the PKCE challenge. */
#include "oidc/oidc_client.h"
#include "core/alloc.h"
#include "core/capped_buf.h"
#include "core/strbuf.h"

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/sha.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int oidc_url_allowed(const char *url)
{
    if (!url || strlen(url) > 2000) return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f) return 0;
    if (strncmp(url, "https://", 8) == 0) return url[8] != '\0' && url[8] != '/';
    static const char *const loopback[] = {"http://127.0.0.1", "http://localhost", "http://[::1]"};
    for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++) {
        size_t n = strlen(loopback[i]);
        if (strncmp(url, loopback[i], n) != 0) continue;
        const char *rest = url + n;
        if (*rest == ':') { /* a port, digits only: "http://127.0.0.1:80@evil.example/" goes to evil.example */
            size_t digits = strspn(rest + 1, "0123456789");
            if (digits == 0 || digits > 5 || strtol(rest + 1, NULL, 10) > 65535) return 0;
            rest += 1 + digits;
        }
        return *rest == '/' || *rest == '\0';
    }
    return 0;
}

/* One request: GET, or POST of form (with an Authorization header). The
 * body in *out (in a) and the status in *status. */
static dl_err http_call(const char *url, const char *form, const char *authorization, arena *a, char **out,
                        long *status, dl_error *e)
{
    if (!oidc_url_allowed(url))
        return dl_fail(e, DL_EUPSTREAM, "the provider's address %.200s is not https:// (nor http:// to this machine)",
                       url ? url : "");
    CURL *h = curl_easy_init();
    if (!h) return dl_fail(e, DL_ENOMEM, "libcurl could not start");
    capped_buf b = {.max = OIDC_BODY_MAX};
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
    if (authorization) headers = curl_slist_append(headers, authorization);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* an endpoint that moves is a misconfiguration */
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)OIDC_HTTP_SECONDS);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)OIDC_CONNECT_SECONDS);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)OIDC_BODY_MAX);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "datalots (OpenID Connect relying party)");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, capped_buf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
    if (form) curl_easy_setopt(h, CURLOPT_POSTFIELDS, form);
    CURLcode rc = curl_easy_perform(h);
    *status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(h);
    curl_slist_free_all(headers);
    dl_err r = DL_OK;
    if (b.over || rc == CURLE_FILESIZE_EXCEEDED) /* counted here, or told in Content-Length */
        r = dl_fail(e, DL_EUPSTREAM, "the provider's answer from %.200s is larger than %d bytes", url, OIDC_BODY_MAX);
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        r = dl_fail(e, DL_EBUSY, "the provider did not answer within %d seconds (%.200s)", OIDC_HTTP_SECONDS, url);
    else if (rc != CURLE_OK)
        r = dl_fail(e, DL_EBUSY, "the provider could not be reached (%.200s): %s", url,
                    *errbuf ? errbuf : curl_easy_strerror(rc));
    else if (!(*out = arena_strdup(a, b.p ? b.p : ""))) r = dl_fail(e, DL_ENOMEM, "out of memory");
    if (b.p) sodium_memzero(b.p, b.len); /* a token answer holds the ID token */
    dl_free(b.p);
    return r;
}

dl_err oidc_http_get(const char *url, arena *a, char **body, dl_error *e)
{
    long status = 0;
    dl_err rc = http_call(url, NULL, NULL, a, body, &status, e);
    if (rc == DL_OK && status != 200)
        return dl_fail(e, DL_EUPSTREAM, "the provider answered %ld to GET %.200s", status, url);
    return rc;
}

static const char *string_of(json_t *o, const char *key, arena *a)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

dl_err oidc_discovery_parse(const char *json, const char *want_issuer, arena *a, oidc_endpoints *out,
                            dl_error *e)
{
    memset(out, 0, sizeof *out);
    json_t *doc = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, NULL);
    dl_err rc = DL_OK;
    if (!json_is_object(doc)) rc = dl_fail(e, DL_EUPSTREAM, "the provider's discovery document is not a JSON object");
    else {
        out->issuer = string_of(doc, "issuer", a);
        out->authorization = string_of(doc, "authorization_endpoint", a);
        out->token = string_of(doc, "token_endpoint", a);
        out->jwks_uri = string_of(doc, "jwks_uri", a);
        out->end_session = string_of(doc, "end_session_endpoint", a);
        if (!out->issuer || strcmp(out->issuer, want_issuer) != 0)
            rc = dl_fail(e, DL_EUPSTREAM, "the discovery document names the issuer %.200s, not %.200s",
                         out->issuer ? out->issuer : "(none)", want_issuer);
        else if (!oidc_url_allowed(out->authorization) || !oidc_url_allowed(out->token) ||
                 !oidc_url_allowed(out->jwks_uri))
            rc = dl_fail(e, DL_EUPSTREAM, "the discovery document lacks an authorization, token or jwks_uri address"
                                          " over https://");
        else if (out->end_session && !oidc_url_allowed(out->end_session)) out->end_session = "";
        if (!out->end_session) out->end_session = "";
    }
    json_decref(doc);
    return rc;
}

static void base64url(const unsigned char *bin, size_t n, char *out, size_t cap)
{
    sodium_bin2base64(out, cap, bin, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void oidc_pkce_pair(char verifier[OIDC_PKCE_SIZE], char challenge[OIDC_PKCE_SIZE])
{
    unsigned char random[32], digest[SHA256_DIGEST_LENGTH];
    randombytes_buf(random, sizeof random);
    base64url(random, sizeof random, verifier, OIDC_PKCE_SIZE);
    SHA256((const unsigned char *)verifier, strlen(verifier), digest);
    base64url(digest, sizeof digest, challenge, OIDC_PKCE_SIZE);
    sodium_memzero(random, sizeof random);
}

/* Appends "&key=value" (or "?key=value" first), value percent-encoded. */
static void add_param(strbuf *sb, const char *key, const char *value)
{
    char *escaped = curl_easy_escape(NULL, value ? value : "", 0);
    sb_printf(sb, "%s%s=%s", sb->len && strchr(sb_cstr(sb), '?') ? "&" : "?", key, escaped ? escaped : "");
    curl_free(escaped);
}

static char *url_with(arena *a, const char *base, const char *const *kv)
{
    strbuf sb;
    sb_init(&sb, 512);
    sb_puts(&sb, base);
    for (int i = 0; kv[i]; i += 2) add_param(&sb, kv[i], kv[i + 1]);
    char *out = arena_strdup(a, sb_cstr(&sb));
    sb_free(&sb);
    return out;
}

char *oidc_authorization_url(arena *a, const oidc_endpoints *ep, const char *client_id, const char *redirect_uri,
                             const char *scopes, const char *state, const char *nonce, const char *challenge,
                             const char *prompt)
{
    const char *const kv[] = {"response_type", "code", "client_id", client_id, "redirect_uri", redirect_uri,
                              "scope", scopes, "state", state, "nonce", nonce, "code_challenge", challenge,
                              "code_challenge_method", "S256", prompt ? "prompt" : NULL, prompt, NULL};
    return url_with(a, ep->authorization, kv);
}

char *oidc_end_session_url(arena *a, const oidc_endpoints *ep, const char *client_id,
                           const char *post_logout_redirect_uri)
{
    if (!ep->end_session || !*ep->end_session) return NULL;
    const char *const kv[] = {"client_id", client_id, "post_logout_redirect_uri", post_logout_redirect_uri, NULL};
    return url_with(a, ep->end_session, kv);
}

/* application/x-www-form-urlencoded of one value (RFC 6749 §2.3.1 wants the
 * client id and secret so encoded inside the Basic credentials too). */
static char *form_escape(const char *s)
{
    return curl_easy_escape(NULL, s ? s : "", 0);
}

dl_err oidc_token_request(const oidc_endpoints *ep, const char *client_id, const char *client_secret,
                          const char *code, const char *verifier, const char *redirect_uri, arena *a,
                          char **id_token, dl_error *e)
{
    *id_token = NULL;
    char *c = form_escape(code), *v = form_escape(verifier), *r = form_escape(redirect_uri);
    char *id = form_escape(client_id), *secret = form_escape(client_secret);
    strbuf form, basic;
    sb_init(&form, 512);
    sb_init(&basic, 256);
    sb_printf(&form, "grant_type=authorization_code&code=%s&code_verifier=%s&redirect_uri=%s", c ? c : "",
              v ? v : "", r ? r : "");
    sb_printf(&basic, "%s:%s", id ? id : "", secret ? secret : "");
    size_t enc_cap = sodium_base64_ENCODED_LEN(basic.len, sodium_base64_VARIANT_ORIGINAL);
    char *header = malloc(enc_cap + 32);
    dl_err rc = DL_OK;
    if (!c || !v || !r || !id || !secret || !header) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    else {
        memcpy(header, "Authorization: Basic ", 21);
        sodium_bin2base64(header + 21, enc_cap, (const unsigned char *)sb_cstr(&basic), basic.len,
                          sodium_base64_VARIANT_ORIGINAL);
    }
    char *body = NULL;
    long status = 0;
    if (rc == DL_OK) rc = http_call(ep->token, sb_cstr(&form), header, a, &body, &status, e);
    if (header) {
        sodium_memzero(header, enc_cap + 21);
        free(header);
    }
    sodium_memzero(basic.data, basic.len);
    sb_free(&basic);
    sb_free(&form);
    curl_free(c);
    curl_free(v);
    curl_free(r);
    curl_free(id);
    if (secret) {
        sodium_memzero(secret, strlen(secret));
        curl_free(secret);
    }
    if (rc != DL_OK) return rc;
    json_t *doc = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
    const char *token = json_is_object(doc) ? string_of(doc, "id_token", a) : NULL;
    if (status != 200) {
        const char *err = json_is_object(doc) ? string_of(doc, "error", a) : NULL;
        rc = dl_fail(e, DL_EUPSTREAM, "the provider's token endpoint answered %ld (%.100s)", status,
                     err ? err : "no error code");
    } else if (!token || !*token) rc = dl_fail(e, DL_EUPSTREAM, "the provider's token answer holds no id_token");
    else *id_token = (char *)token;
    json_decref(doc);
    return rc;
}

dl_err oidc_read_secret(const char *ref, char *out, size_t cap, dl_error *e)
{
    out[0] = '\0';
    if (ref && strncmp(ref, "env:", 4) == 0) {
        const char *v = getenv(ref + 4);
        if (!v || !*v) return dl_fail(e, DL_ECONFIG, "the client secret's variable %.64s is not set", ref + 4);
        if (strlen(v) >= cap) return dl_fail(e, DL_ECONFIG, "the client secret in %.64s is too long", ref + 4);
        snprintf(out, cap, "%s", v);
        return DL_OK;
    }
    if (!ref || strncmp(ref, "file:", 5) != 0) return dl_fail(e, DL_ECONFIG, "the client secret has no file: or env: source");
    FILE *f = fopen(ref + 5, "r");
    if (!f) return dl_fail(e, DL_ECONFIG, "the client secret file %.200s cannot be read", ref + 5);
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got = getline(&line, &line_cap, f);
    fclose(f);
    size_t n = got > 0 ? strcspn(line, "\r\n") : 0;
    dl_err rc = DL_OK;
    if (n == 0) rc = dl_fail(e, DL_ECONFIG, "the client secret file %.200s is empty", ref + 5);
    else if (n >= cap) /* cut short, it would be refused by the provider as invalid_client */
        rc = dl_fail(e, DL_ECONFIG, "the client secret in %.200s is too long", ref + 5);
    else {
        memcpy(out, line, n);
        out[n] = '\0';
    }
    if (line) sodium_memzero(line, line_cap);
    free(line);
    return rc;
}
