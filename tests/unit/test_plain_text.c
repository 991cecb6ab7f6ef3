/* test_plain_text.c — the free-text checks every form field shares
 * (src/core/plain_text.c), against hand-written cases. */
#include "test.h"

#include "core/plain_text.h"

TEST(plain_text_blank)
{
    CHECK_INT_EQ(text_blank(NULL), 1);
    CHECK_INT_EQ(text_blank(""), 1);
    CHECK_INT_EQ(text_blank(" \t\r\n "), 1);
    CHECK_INT_EQ(text_blank("  a "), 0);
    CHECK_INT_EQ(text_blank("\xc2\xa0"), 0); /* a no-break space is written text, not blank */
}

TEST(plain_text_fits_length_in_characters)
{
    CHECK_INT_EQ(text_fits(NULL, 0, 0), 1);
    CHECK_INT_EQ(text_fits("", 0, 0), 1);
    CHECK_INT_EQ(text_fits("abc", 3, 0), 1);
    CHECK_INT_EQ(text_fits("abcd", 3, 0), 0);
    /* three characters, six bytes: counted as characters */
    CHECK_INT_EQ(text_fits("åäö", 3, 0), 1);
    CHECK_INT_EQ(text_fits("åäöx", 3, 0), 0);
    /* one character outside the BMP (four bytes) */
    CHECK_INT_EQ(text_fits("\xf0\x9f\x98\x80", 1, 0), 1);
}

TEST(plain_text_fits_refuses_controls_and_bad_utf8)
{
    CHECK_INT_EQ(text_fits("a\nb", 10, 0), 0);
    CHECK_INT_EQ(text_fits("a\nb", 10, 1), 1);
    CHECK_INT_EQ(text_fits("a\r\n\tb", 10, 1), 1);
    CHECK_INT_EQ(text_fits("a\tb", 10, 0), 0);
    CHECK_INT_EQ(text_fits("a\x1b[31mb", 20, 1), 0); /* ESC: a terminal escape */
    CHECK_INT_EQ(text_fits("a\x7f", 10, 1), 0);
    CHECK_INT_EQ(text_fits("\xc3", 10, 1), 0);             /* truncated */
    CHECK_INT_EQ(text_fits("\xc0\xaf", 10, 1), 0);         /* overlong '/' */
    CHECK_INT_EQ(text_fits("\xed\xa0\x80", 10, 1), 0);     /* a UTF-16 surrogate */
}
