/* test_utf8.c — the strict UTF-8 validator and code-point counter. */
#include "test.h"

#include "core/utf8.h"

#define VALID(lit) utf8_valid((lit), sizeof(lit) - 1)

TEST(utf8_accepts_ascii_and_empty)
{
    CHECK(VALID(""));
    CHECK(utf8_valid(NULL, 0));
    CHECK(VALID("hello, world ~"));
    CHECK(VALID("a\0b")); /* U+0000 is valid UTF-8; control checks are separate */
}

TEST(utf8_accepts_multibyte_boundaries)
{
    CHECK(VALID("\xC2\x80"));         /* U+0080, smallest 2-byte */
    CHECK(VALID("\xDF\xBF"));         /* U+07FF */
    CHECK(VALID("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
    CHECK(VALID("\xED\x9F\xBF"));     /* U+D7FF, just below surrogates */
    CHECK(VALID("\xEE\x80\x80"));     /* U+E000, just above surrogates */
    CHECK(VALID("\xEF\xBF\xBF"));     /* U+FFFF */
    CHECK(VALID("\xF0\x90\x80\x80")); /* U+10000, smallest 4-byte */
    CHECK(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the largest */
    CHECK(VALID("åäö ÅÄÖ € 😀"));
}

TEST(utf8_rejects_overlong)
{
    CHECK(!VALID("\xC0\x80"));          /* NUL as 2 bytes */
    CHECK(!VALID("\xC0\xAF"));          /* '/' as 2 bytes */
    CHECK(!VALID("\xC1\xBF"));
    CHECK(!VALID("\xE0\x80\x80"));
    CHECK(!VALID("\xE0\x9F\xBF"));      /* U+07FF as 3 bytes */
    CHECK(!VALID("\xF0\x80\x80\x80"));
    CHECK(!VALID("\xF0\x8F\xBF\xBF"));  /* U+FFFF as 4 bytes */
}

TEST(utf8_rejects_surrogates)
{
    CHECK(!VALID("\xED\xA0\x80"));      /* U+D800 */
    CHECK(!VALID("\xED\xAD\xBF"));      /* U+DB7F */
    CHECK(!VALID("\xED\xBF\xBF"));      /* U+DFFF */
    CHECK(!VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
}

TEST(utf8_rejects_above_max)
{
    CHECK(!VALID("\xF4\x90\x80\x80"));  /* U+110000 */
    CHECK(!VALID("\xF5\x80\x80\x80"));
    CHECK(!VALID("\xF7\xBF\xBF\xBF"));
    CHECK(!VALID("\xF8\x88\x80\x80\x80")); /* old 5-byte form */
    CHECK(!VALID("\xFC\x84\x80\x80\x80\x80"));
    CHECK(!VALID("\xFE"));
    CHECK(!VALID("\xFF"));
}

TEST(utf8_rejects_stray_and_truncated)
{
    CHECK(!VALID("\x80"));              /* lone continuation */
    CHECK(!VALID("a\xBF" "b"));
    CHECK(!VALID("\xC3"));              /* truncated 2-byte */
    CHECK(!VALID("abc\xE2\x82"));       /* truncated 3-byte at end */
    CHECK(!VALID("\xF0\x9F\x98"));      /* truncated 4-byte */
    CHECK(!VALID("\xC3" "A"));          /* continuation missing */
    CHECK(!VALID("\xE2\x28\xA1"));
    CHECK(!VALID("\xF0\x9F\x98\x41"));
    /* The length bounds the check: a valid sequence cut by n is invalid. */
    CHECK(!utf8_valid("\xC3\xA5", 1));
    CHECK(utf8_valid("\xC3\xA5", 2));
    CHECK(!utf8_valid(NULL, 3));
}

TEST(utf8_counts_code_points)
{
    CHECK_INT_EQ(utf8_count("", 0), 0);
    CHECK_INT_EQ(utf8_count(NULL, 0), 0);
    CHECK_INT_EQ(utf8_count("abc", 3), 3);
    const char *s = "aå€😀";
    CHECK_INT_EQ(strlen(s), 1 + 2 + 3 + 4);
    CHECK_INT_EQ(utf8_count(s, strlen(s)), 4);
    CHECK_INT_EQ(utf8_count("a\0b", 3), 3);
}

TEST(utf8_decode_reports_code_point_and_length)
{
    unsigned long cp = 0;
    CHECK_INT_EQ(utf8_decode("A", 1, &cp), 1);
    CHECK_INT_EQ(cp, 0x41);
    CHECK_INT_EQ(utf8_decode("\xC3\xA5", 2, &cp), 2);
    CHECK_INT_EQ(cp, 0xE5);
    CHECK_INT_EQ(utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    CHECK_INT_EQ(cp, 0x20AC);
    CHECK_INT_EQ(utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
    CHECK_INT_EQ(cp, 0x10FFFF);
    CHECK_INT_EQ(utf8_decode("\xE2\x82\xAC", 2, &cp), 0);
    CHECK_INT_EQ(utf8_decode("", 0, &cp), 0);
    CHECK_INT_EQ(utf8_decode("\xED\xA0\x80", 3, &cp), 0);
}
