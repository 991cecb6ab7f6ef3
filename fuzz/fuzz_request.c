/* fuzz_request.c — feeds the parts of an HTTP request the router reads
 * before any handler runs, without a socket: the input's first line is the
 * request target (path and query, as in the request line), the rest the
 * Cookie header. The path is split and %-decoded as router.c's
 * decode_target does (strict url_decode, no encoded '/', must start with
 * '/'), matched with path_match against every pattern of the route table
 * (src/web/routes.c, extracted at build time into route_patterns.h), each
 * parameter given to path_param_id; every query part is %-decoded; the
 * cookies the app reads (session, lang, csrf, and one named by the input)
 * are looked up with cookie_get.
 * Invariants checked: a match's parameters are non-empty, inside the path
 * and free of '/', and putting them back into the pattern gives the path
 * again; an id path_param_id accepts is positive and prints back to the
 * same digits; a cookie value holds only cookie-octets and occurs in the
 * header.
 * Not reached here: headers other than Cookie, sessions, CSRF and handlers
 * (router_dispatch needs libmicrohttpd's connection and a store; the e2e
 * suite's hostile cases cover that path). */
#include "fuzz/fuzz.h"

#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "web/cookie.h"
#include "web/form.h"
#include "web/pathparam.h"

static const char *const patterns[] = {
#include "route_patterns.h"
};

static void check_match(arena *a, const char *pattern, const char *path)
{
    const char *params[4];
    size_t lens[4];
    int n = path_match(pattern, path, params, lens, 4);
    if (n < 0) return;
    strbuf back;
    sb_init(&back, 64);
    const char *p = pattern;
    for (int i = 0; i < n; i++) {
        FUZZ_CHECK(lens[i] > 0 && params[i] >= path && params[i] + lens[i] <= path + strlen(path));
        FUZZ_CHECK(memchr(params[i], '/', lens[i]) == NULL);
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        FUZZ_CHECK(open && close);
        sb_append(&back, p, (size_t)(open - p));
        sb_append(&back, params[i], lens[i]);
        p = close + 1;
        int64_t id = 0;
        if (path_param_id(params[i], lens[i], &id)) {
            char digits[24];
            FUZZ_CHECK(id > 0);
            snprintf(digits, sizeof digits, "%" PRId64, id);
            FUZZ_CHECK(strlen(digits) == lens[i] && memcmp(digits, params[i], lens[i]) == 0);
        }
    }
    sb_puts(&back, p);
    FUZZ_CHECK(strcmp(sb_cstr(&back), path) == 0);
    sb_free(&back);
    (void)a;
}

static void check_cookie(arena *a, const char *header, const char *name)
{
    const char *v = cookie_get(a, header, name);
    if (!v) return;
    for (const unsigned char *c = (const unsigned char *)v; *c; c++)
        FUZZ_CHECK(*c > 0x20 && *c < 0x7f && *c != '"' && *c != ',' && *c != ';' && *c != '\\');
    FUZZ_CHECK(strstr(header, v) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new(4096);
    if (!a) return 0;
    const char *in = (const char *)data;
    const char *nl = memchr(in, '\n', size);
    size_t tlen = nl ? (size_t)(nl - in) : size;
    char *target = arena_strndup(a, in, tlen);
    char *cookies = nl ? arena_strndup(a, nl + 1, size - tlen - 1) : NULL;
    FUZZ_CHECK(target != NULL);

    char *q = strchr(target, '?');
    size_t plen = q ? (size_t)(q - target) : strlen(target);
    char *decoded = NULL;
    size_t dlen = 0;
    dl_error e;
    int encoded_slash = 0;
    for (size_t i = 0; i + 2 < plen; i++)
        encoded_slash |= target[i] == '%' && target[i + 1] == '2' && (target[i + 2] | 0x20) == 'f';
    if (!encoded_slash && url_decode(a, target, plen, 0, &decoded, &dlen, &e) == DL_OK && dlen && decoded[0] == '/') {
        FUZZ_CHECK(utf8_valid(decoded, dlen) && strlen(decoded) == dlen);
        for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) check_match(a, patterns[i], decoded);
    }
    for (const char *qp = q ? q + 1 : ""; *qp;) {
        size_t len = strcspn(qp, "&");
        char *part = NULL;
        size_t partlen = 0;
        if (url_decode(a, qp, len, 1, &part, &partlen, &e) == DL_OK) FUZZ_CHECK(utf8_valid(part, partlen));
        qp += len + (qp[len] == '&');
    }
    if (cookies) {
        check_cookie(a, cookies, "session");
        check_cookie(a, cookies, "lang");
        check_cookie(a, cookies, "csrf");
        const char *eq = strchr(cookies, '=');
        if (eq && eq > cookies) check_cookie(a, cookies, arena_strndup(a, cookies, (size_t)(eq - cookies)));
    }
    arena_free(a);
    return 0;
}
