/* test_cookie.c — unit tests for src/web/cookie.c: reading cookies from odd
 * and hostile Cookie headers within bounds, and Set-Cookie formatting that
 * refuses anything outside the cookie-octet set. */
#include "test.h"

#include "core/arena.h"
#include "core/strbuf.h"
#include "web/cookie.h"

#include <stdlib.h>

TEST(cookie_get_several)
{
    arena *a = arena_new(1024);
    const char *h = "a=1; sid=abc123; lang=sv";
    CHECK_STR_EQ(cookie_get(a, h, "a"), "1");
    CHECK_STR_EQ(cookie_get(a, h, "sid"), "abc123");
    CHECK_STR_EQ(cookie_get(a, h, "lang"), "sv");
    CHECK(cookie_get(a, h, "missing") == NULL);
    CHECK(cookie_get(a, h, "si") == NULL);   /* no prefix match */
    CHECK(cookie_get(a, h, "sidx") == NULL);
    CHECK(cookie_get(a, h, "SID") == NULL);  /* names are case-sensitive */
    CHECK(cookie_get(a, h, "") == NULL);
    CHECK(cookie_get(a, "", "a") == NULL);
    CHECK(cookie_get(a, NULL, "a") == NULL);
    CHECK(cookie_get(a, h, NULL) == NULL);
    CHECK(cookie_get(NULL, h, "a") == NULL);
    /* The first of two same-named cookies wins. */
    CHECK_STR_EQ(cookie_get(a, "x=first; x=second", "x"), "first");
    arena_free(a);
}

TEST(cookie_get_odd_spacing_and_empty)
{
    arena *a = arena_new(1024);
    const char *h = "  a = 1 ;b=2;;  ;c=\t3\t; d= ;e=;f";
    CHECK_STR_EQ(cookie_get(a, h, "a"), "1");
    CHECK_STR_EQ(cookie_get(a, h, "b"), "2");
    CHECK_STR_EQ(cookie_get(a, h, "c"), "3");
    CHECK_STR_EQ(cookie_get(a, h, "d"), "");
    CHECK_STR_EQ(cookie_get(a, h, "e"), "");
    CHECK(cookie_get(a, h, "f") == NULL); /* no '=' */
    CHECK_STR_EQ(cookie_get(a, "a=1;", "a"), "1");
    CHECK_STR_EQ(cookie_get(a, ";;a=1", "a"), "1");
    CHECK_STR_EQ(cookie_get(a, "a==b=", "a"), "=b="); /* '=' is a cookie-octet */
    arena_free(a);
}

TEST(cookie_get_quoted)
{
    arena *a = arena_new(1024);
    CHECK_STR_EQ(cookie_get(a, "q=\"hello\"; r=1", "q"), "hello");
    CHECK_STR_EQ(cookie_get(a, "q=\"\"", "q"), "");
    CHECK(cookie_get(a, "q=\"", "q") == NULL);         /* lone quote */
    CHECK(cookie_get(a, "q=\"abc", "q") == NULL);      /* unbalanced */
    CHECK(cookie_get(a, "q=\"a\"b\"", "q") == NULL);   /* quote inside */
    CHECK(cookie_get(a, "q=\"a b\"", "q") == NULL);    /* space inside */
    arena_free(a);
}

TEST(cookie_get_hostile)
{
    arena *a = arena_new(1024);
    /* Values with bytes outside cookie-octet are skipped, not returned. */
    CHECK(cookie_get(a, "s=a b", "s") == NULL);
    CHECK(cookie_get(a, "s=a\\b", "s") == NULL);
    CHECK(cookie_get(a, "s=a,b", "s") == NULL);
    CHECK(cookie_get(a, "s=a\x01z", "s") == NULL);
    CHECK(cookie_get(a, "s=a\rSet-Cookie: x", "s") == NULL);
    CHECK(cookie_get(a, "s=\xc3\xa5", "s") == NULL);
    CHECK(cookie_get(a, "s=<script>", "s") != NULL); /* '<' is a cookie-octet */
    /* A bad same-named cookie does not hide a good one after it. */
    CHECK_STR_EQ(cookie_get(a, "s=a b; s=good", "s"), "good");
    /* Names with spaces inside never match a name. */
    CHECK(cookie_get(a, "s x=1", "s") == NULL);
    CHECK(cookie_get(a, "=1; =2", "") == NULL);
    CHECK_STR_EQ(cookie_get(a, "=1; s=2", "s"), "2");
    arena_free(a);
}

TEST(cookie_get_bounds)
{
    arena *a = arena_new(1024);
    /* 50 pairs are looked at, the 51st is not. */
    char h[2048];
    size_t l = 0;
    for (int i = 0; i < 50; i++)
        l += (size_t)snprintf(h + l, sizeof h - l, "c%d=%d; ", i, i);
    l += (size_t)snprintf(h + l, sizeof h - l, "late=1");
    CHECK(l < sizeof h);
    CHECK_STR_EQ(cookie_get(a, h, "c49"), "49");
    CHECK(cookie_get(a, h, "late") == NULL);

    /* A 20 kB header: only the first 4096 bytes are read. */
    size_t big_len = 20000;
    char *big = malloc(big_len + 1);
    CHECK(big != NULL);
    memset(big, 'x', big_len);
    big[big_len] = '\0';
    memcpy(big, "a=1; pad=", 9);
    memcpy(big + big_len - 6, "; z=9", 5);
    CHECK_STR_EQ(cookie_get(a, big, "a"), "1");
    CHECK(cookie_get(a, big, "z") == NULL);
    CHECK(cookie_get(a, big, "pad") == NULL); /* cut by the bound: ignored */

    /* A pair ending exactly at byte 4096 is still whole. */
    memset(big, 'x', big_len);
    memcpy(big, "a=1; pad=", 9);
    big[4096] = ';';
    CHECK_STR_EQ(cookie_get(a, big, "a"), "1");
    CHECK(cookie_get(a, big, "pad") != NULL);
    CHECK_INT_EQ(strlen(cookie_get(a, big, "pad")), 4096 - 9);
    /* One byte longer and it is cut. */
    big[4096] = 'x';
    big[4097] = ';';
    CHECK(cookie_get(a, big, "pad") == NULL);
    free(big);
    arena_free(a);
}

TEST(cookie_format_flags)
{
    strbuf sb;
    sb_init(&sb, 0);
    cookie_format(&sb, "sid", "abc", -1, 0, 0, NULL);
    CHECK_STR_EQ(sb_cstr(&sb), "sid=abc; Path=/");
    sb_free(&sb);

    sb_init(&sb, 0);
    cookie_format(&sb, "sid", "abc", 3600, 1, 1, "Lax");
    CHECK_STR_EQ(sb_cstr(&sb), "sid=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
    sb_free(&sb);

    sb_init(&sb, 0);
    cookie_format(&sb, "sid", "", 0, 1, 0, "strict");
    CHECK_STR_EQ(sb_cstr(&sb),
                 "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; SameSite=Strict");
    sb_free(&sb);

    sb_init(&sb, 0);
    cookie_format(&sb, "a", NULL, -1, 0, 1, "NONE");
    CHECK_STR_EQ(sb_cstr(&sb), "a=; Path=/; HttpOnly; SameSite=None");
    sb_free(&sb);

    sb_init(&sb, 0);
    cookie_format(&sb, "a", "1", -5, 0, 0, NULL); /* any negative: session */
    CHECK_STR_EQ(sb_cstr(&sb), "a=1; Path=/");
    sb_free(&sb);

    sb_init(&sb, 0);
    cookie_format(&sb, "a", "1", 2147483647, 0, 0, NULL);
    CHECK_STR_EQ(sb_cstr(&sb), "a=1; Path=/; Max-Age=2147483647");
    sb_free(&sb);

    /* Appends to what is already there. */
    sb_init(&sb, 0);
    sb_puts(&sb, "X: ");
    cookie_format(&sb, "a", "1", -1, 0, 0, NULL);
    CHECK_STR_EQ(sb_cstr(&sb), "X: a=1; Path=/");
    sb_free(&sb);
}

TEST(cookie_format_refuses)
{
    static const char *const bad_values[] = {
        "a;b", "a b", "a,b", "a\"b", "\"q\"", "a\\b", "a\rb", "a\nb", "a\tb",
        "\x7f", "\xc3\xa5", "x; Domain=evil.example",
    };
    static const char *const bad_names[] = {
        "", "a b", "a;b", "a=b", "a,b", "a\"b", "(a)", "a/b", "a@b", "\xc3\xa5", "a\r",
    };
    strbuf sb;
    sb_init(&sb, 0);
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        cookie_format(&sb, "sid", bad_values[i], 3600, 1, 1, "Lax");
        if (sb.len != 0) {
            test_fail(__FILE__, __LINE__, "accepted value \"%s\"", bad_values[i]);
            return;
        }
    }
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        cookie_format(&sb, bad_names[i], "v", 3600, 1, 1, "Lax");
        if (sb.len != 0) {
            test_fail(__FILE__, __LINE__, "accepted name \"%s\"", bad_names[i]);
            return;
        }
    }
    cookie_format(&sb, NULL, "v", -1, 0, 0, NULL);
    CHECK_INT_EQ(sb.len, 0);
    cookie_format(&sb, "sid", "v", -1, 0, 0, "Lax; Secure");
    CHECK_INT_EQ(sb.len, 0);
    cookie_format(&sb, "sid", "v", -1, 0, 0, "");
    CHECK_INT_EQ(sb.len, 0);
    cookie_format(NULL, "sid", "v", -1, 0, 0, NULL); /* no crash */

    /* Value length: 4000 ok, 4001 refused. */
    char *v = malloc(4002);
    CHECK(v != NULL);
    memset(v, 'v', 4001);
    v[4001] = '\0';
    cookie_format(&sb, "sid", v, -1, 0, 0, NULL);
    CHECK_INT_EQ(sb.len, 0);
    v[4000] = '\0';
    cookie_format(&sb, "sid", v, -1, 0, 0, NULL);
    CHECK_INT_EQ(sb.len, 4 + 4000 + 8);
    free(v);
    sb_free(&sb);

    /* Every cookie-octet is accepted and round-trips through cookie_get. */
    char all[128];
    size_t n = 0;
    for (int c = 0x21; c <= 0x7e; c++)
        if (c != '"' && c != ',' && c != ';' && c != '\\') all[n++] = (char)c;
    all[n] = '\0';
    sb_init(&sb, 0);
    cookie_format(&sb, "t!#$%&'*+-.^_`|~9Z", all, -1, 0, 0, NULL);
    CHECK(sb.len > 0);
    arena *a = arena_new(1024);
    char hdr[256];
    snprintf(hdr, sizeof hdr, "x=1; k=%s; y=2", all);
    CHECK_STR_EQ(cookie_get(a, hdr, "k"), all);
    arena_free(a);
    sb_free(&sb);
}
