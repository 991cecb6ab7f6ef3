/* test_etag.c — web/etag.c: a body's tag depends on its bytes only, and
 * If-None-Match lists written out by hand, the malformed ones included. */
#include "test.h"

#include <string.h>

#include "web/etag.h"

TEST(etag_of_body_is_the_bytes)
{
    char a[ETAG_SIZE], b[ETAG_SIZE], c[ETAG_SIZE];
    etag_of_body("<p>hej</p>", 10, a);
    etag_of_body("<p>hej</p>", 10, b);
    etag_of_body("<p>Hej</p>", 10, c);
    CHECK_STR_EQ(a, b);
    CHECK(strcmp(a, c) != 0);
    CHECK_INT_EQ((long)strlen(a), ETAG_SIZE - 1);
    CHECK(a[0] == '"' && a[ETAG_SIZE - 2] == '"');
    etag_of_body(NULL, 0, c);
    etag_of_body("", 0, b);
    CHECK_STR_EQ(b, c);
}

TEST(etag_if_none_match_by_hand)
{
    const char *t = "\"0123456789abcdef0123456789abcdef\"";
    CHECK_INT_EQ(etag_none_match(t, t), 1);
    CHECK_INT_EQ(etag_none_match("W/\"0123456789abcdef0123456789abcdef\"", t), 1);
    CHECK_INT_EQ(etag_none_match("\"x\", \"0123456789abcdef0123456789abcdef\"", t), 1);
    CHECK_INT_EQ(etag_none_match("\"x\",,\t W/\"0123456789abcdef0123456789abcdef\" ", t), 1);
    CHECK_INT_EQ(etag_none_match(" * ", t), 1);
    CHECK_INT_EQ(etag_none_match("\"x\"", t), 0);
    CHECK_INT_EQ(etag_none_match("", t), 0);
    CHECK_INT_EQ(etag_none_match(NULL, t), 0);
    CHECK_INT_EQ(etag_none_match("0123456789abcdef0123456789abcdef", t), 0);   /* unquoted */
    CHECK_INT_EQ(etag_none_match("\"0123456789abcdef0123456789abcdef", t), 0);  /* unterminated */
    CHECK_INT_EQ(etag_none_match("\"x\" \"0123456789abcdef0123456789abcdef\"", t), 0); /* no comma */
    CHECK_INT_EQ(etag_none_match("*, \"x\"", t), 0);
    CHECK_INT_EQ(etag_none_match("\"0123456789abcdef0123456789abcdeF\"", t), 0);  /* tags are compared exactly */
}
