/* test_capped_buf.c — core/capped_buf.c: appends and keeps the text
 * NUL-terminated, stops at its ceiling exactly (the byte at the ceiling is
 * taken, the one past it is not) and on out of memory. */
#include "test.h"

#include <string.h>

#include "core/alloc.h"
#include "core/capped_buf.h"

TEST(capped_buf_appends_and_terminates)
{
    capped_buf b = {0};
    char part[] = "abc";
    CHECK_INT_EQ(capped_buf_write(part, 1, 3, &b), 3);
    CHECK_INT_EQ(capped_buf_write(part, 3, 1, &b), 3);
    CHECK_INT_EQ(capped_buf_write(part, 1, 0, &b), 0); /* nothing, and no harm */
    CHECK_STR_EQ(b.p, "abcabc");
    CHECK_INT_EQ(b.len, 6);
    /* Past the first 4096 bytes it grows. */
    char big[5000];
    memset(big, 'x', sizeof big);
    CHECK_INT_EQ(capped_buf_write(big, 1, sizeof big, &b), sizeof big);
    CHECK_INT_EQ(b.len, 5006);
    CHECK_INT_EQ(strlen(b.p), 5006);
    CHECK(!b.over);
    dl_free(b.p);
}

TEST(capped_buf_stops_at_its_ceiling)
{
    capped_buf b = {.max = 10};
    char ten[] = "0123456789x";
    CHECK_INT_EQ(capped_buf_write(ten, 1, 10, &b), 10); /* exactly the ceiling */
    CHECK(!b.over);
    CHECK_INT_EQ(capped_buf_write(ten, 1, 1, &b), 0); /* one past it */
    CHECK(b.over);
    CHECK_STR_EQ(b.p, "0123456789");
    dl_free(b.p);
    /* A size × count that overflows is refused, not wrapped. */
    capped_buf c = {0};
    CHECK_INT_EQ(capped_buf_write(ten, (size_t)1 << 40, (size_t)1 << 40, &c), 0);
    CHECK(c.p == NULL);
}

TEST(capped_buf_out_of_memory_stops_the_transfer)
{
    capped_buf b = {0};
    char one[] = "a";
    dl_alloc_fail_after(0);
    CHECK_INT_EQ(capped_buf_write(one, 1, 1, &b), 0);
    dl_alloc_fail_after(-1);
    CHECK(b.p == NULL && b.len == 0);
}
