/* test_accept_language.c — unit tests for src/web/accept_language.c: RFC 9110
 * q-values, wildcard, exclusion, ties, malformed entries and work bounds. */
#include "test.h"

#include "web/accept_language.h"

#include <stdlib.h>

static const char *const sv_en[] = {"sv", "en", NULL};

static const char *pick(const char *h) { return accept_language_pick(h, sv_en, "fallback"); }

TEST(acceptlang_simple)
{
    CHECK_STR_EQ(pick(NULL), "fallback");
    CHECK_STR_EQ(pick(""), "fallback");
    CHECK_STR_EQ(pick("   "), "fallback");
    CHECK_STR_EQ(pick("sv"), "sv");
    CHECK_STR_EQ(pick("en"), "en");
    CHECK_STR_EQ(pick("EN"), "en");
    CHECK_STR_EQ(pick("fr"), "fallback");
    CHECK_STR_EQ(pick("fr, de;q=0.5"), "fallback");
    CHECK_STR_EQ(pick("en-GB"), "en");
    CHECK_STR_EQ(pick("en-gb"), "en");
    CHECK_STR_EQ(pick("sv-SE, en;q=0.9"), "sv");
    CHECK_STR_EQ(pick("sv-FI-x-private, en;q=0.9"), "sv");
    CHECK_STR_EQ(pick("env"), "fallback"); /* "en" is no prefix of "env" */
    CHECK_STR_EQ(pick("s"), "fallback");
    CHECK(accept_language_pick("sv", NULL, "fb") != NULL);
    CHECK_STR_EQ(accept_language_pick("sv", NULL, "fb"), "fb");
    static const char *const none[] = {NULL};
    CHECK_STR_EQ(accept_language_pick("sv", none, "fb"), "fb");
    CHECK(accept_language_pick("fr", sv_en, NULL) == NULL);
    /* A range matches a more specific supported tag. */
    static const char *const regional[] = {"en-US", "sv-SE", NULL};
    CHECK_STR_EQ(accept_language_pick("sv", regional, "fb"), "sv-SE");
    CHECK_STR_EQ(accept_language_pick("en-us", regional, "fb"), "en-US");
    CHECK_STR_EQ(accept_language_pick("en-GB", regional, "fb"), "fb");
}

TEST(acceptlang_rfc_examples)
{
    /* RFC 9110 §12.5.4: "da, en-gb;q=0.8, en;q=0.7" */
    CHECK_STR_EQ(pick("da, en-gb;q=0.8, en;q=0.7"), "en");
    /* RFC 9110 §12.4.2 qvalue forms. */
    CHECK_STR_EQ(pick("en;q=0.5, sv;q=1"), "sv");
    CHECK_STR_EQ(pick("en;q=0.5, sv;q=1."), "sv");
    CHECK_STR_EQ(pick("en;q=0.5, sv;q=1.000"), "sv");
    CHECK_STR_EQ(pick("en;q=1.0, sv;q=0.999"), "en");
    CHECK_STR_EQ(pick("en;q=0.001"), "en");
    CHECK_STR_EQ(pick("en;q=0., sv;q=0.001"), "sv");
    CHECK_STR_EQ(pick("en;q=0.8, sv;q=0.801"), "sv");
    CHECK_STR_EQ(pick("en;Q=0.5, sv;q=0.4"), "en"); /* parameter names ignore case */
    CHECK_STR_EQ(pick("sv ; q=0.5 ,en;q=0.4"), "sv"); /* OWS around ';' */
    CHECK_STR_EQ(pick("sv\t;\tq=0.5\t,\ten;q=0.6"), "en");
    CHECK_STR_EQ(pick(",, ,en ,,"), "en"); /* empty list elements */
}

TEST(acceptlang_wildcard)
{
    CHECK_STR_EQ(pick("*"), "sv");
    CHECK_STR_EQ(pick("de, *;q=0.5"), "sv");
    CHECK_STR_EQ(pick("sv;q=0.5, *"), "en"); /* * covers only what is not named */
    CHECK_STR_EQ(pick("*;q=0.5, en;q=0.6"), "en");
    CHECK_STR_EQ(pick("*;q=0.7, en;q=0.6"), "sv");
    CHECK_STR_EQ(pick("*;q=0"), "fallback");
    static const char *const en_sv[] = {"en", "sv", NULL};
    CHECK_STR_EQ(accept_language_pick("*", en_sv, "fb"), "en");
}

TEST(acceptlang_q_zero_excludes)
{
    CHECK_STR_EQ(pick("en;q=0"), "fallback");
    CHECK_STR_EQ(pick("en;q=0.000, sv;q=0"), "fallback");
    CHECK_STR_EQ(pick("sv;q=0, *"), "en");
    CHECK_STR_EQ(pick("en;q=0, *"), "sv");
    CHECK_STR_EQ(pick("sv;q=0, en;q=0, *"), "fallback");
    CHECK_STR_EQ(pick("sv-SE;q=0, sv;q=0.2, en;q=0.1"), "sv"); /* exact range wins */
    CHECK_STR_EQ(pick("sv;q=0, sv-SE;q=0.9, en;q=0.1"), "en");
    CHECK_STR_EQ(pick("sv, sv;q=0"), "sv"); /* among equals the first counts */
}

TEST(acceptlang_ties)
{
    CHECK_STR_EQ(pick("en, sv"), "en");
    CHECK_STR_EQ(pick("sv, en"), "sv");
    CHECK_STR_EQ(pick("en;q=0.5, sv;q=0.5"), "en");
    CHECK_STR_EQ(pick("sv;q=0.5, en;q=0.5"), "sv");
    CHECK_STR_EQ(pick("en;q=0.5, sv;q=0.500"), "en");
    CHECK_STR_EQ(pick("fr, en-GB, sv"), "en");
}

TEST(acceptlang_garbage)
{
    static const char *const bad[] = {
        "en;q=2", "en;q=1.001", "en;q=1.5", "en;q=0.0001", "en;q=abc", "en;q=",
        "en;q", "en;x=1", "en;q=0.5;q=0.6", "en;;q=0.5", "en q=0.5", "en;q=.5",
        "en;q=-0.5", "en;q=+1", "e1", "1en", "abcdefghi", "en-", "-en", "en--gb",
        "en-abcdefghi", "en_GB", "en;q=0.5 x", "\x01", "\xc3\xa5", "e\xffn", "**",
        "*-en", "en*", "en;", "\"en\"", "en;q=1 ;", "en=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char h[128];
        snprintf(h, sizeof h, "%s, sv;q=0.01", bad[i]);
        const char *got = pick(h);
        if (strcmp(got, "sv") != 0) {
            test_fail(__FILE__, __LINE__, "\"%s\" gave %s", h, got);
            return;
        }
        if (strcmp(pick(bad[i]), "fallback") != 0) {
            test_fail(__FILE__, __LINE__, "\"%s\" alone was accepted", bad[i]);
            return;
        }
    }
    /* Alphanumeric subtags after the first are fine. */
    CHECK_STR_EQ(pick("en-419"), "en");
    CHECK_STR_EQ(pick("sv-1996"), "sv");
}

TEST(acceptlang_bounds)
{
    /* 32 entries are looked at; a 33rd is not. Malformed ones count too. */
    char h[1024];
    size_t l = 0;
    for (int i = 0; i < 31; i++) l += (size_t)snprintf(h + l, sizeof h - l, "de,");
    snprintf(h + l, sizeof h - l, "sv");
    CHECK_STR_EQ(pick(h), "sv");
    l = 0;
    for (int i = 0; i < 32; i++) l += (size_t)snprintf(h + l, sizeof h - l, "x!,");
    snprintf(h + l, sizeof h - l, "sv");
    CHECK_STR_EQ(pick(h), "fallback");

    /* A 10 kB header: "en" first is found, "sv" near the end is not. */
    size_t big_len = 10240;
    char *big = malloc(big_len + 1);
    CHECK(big != NULL);
    memset(big, ' ', big_len);
    big[big_len] = '\0';
    memcpy(big, "en;q=0.1,", 9);
    memcpy(big + big_len - 3, ",sv", 3);
    CHECK_STR_EQ(pick(big), "en");
    /* The same with no commas at all: nothing inside the window is whole. */
    memset(big, 'a', big_len);
    CHECK_STR_EQ(pick(big), "fallback");
    /* An entry cut by the 1024-byte window ("svx" -> "sv") is dropped. */
    memset(big, '1', big_len);
    memcpy(big, "en;q=0.1,", 9);
    big[1021] = ',';
    memcpy(big + 1022, "svx,", 4);
    CHECK_STR_EQ(pick(big), "en");
    /* ...but an entry that ends exactly at the window is kept. */
    memset(big, '1', big_len);
    memcpy(big, "en;q=0.1,", 9);
    big[1021] = ',';
    memcpy(big + 1022, "sv,", 3);
    CHECK_STR_EQ(pick(big), "sv");
    free(big);
}
