/* test_byte_range.c — web/byte_range.c: the three forms of one range,
 * clamping to the file's end, ranges that cannot be satisfied, and the
 * headers that are ignored (other units, several ranges, garbage, numbers
 * too long to hold). */
#include "test.h"

#include "web/byte_range.h"

TEST(byte_range_forms)
{
    int64_t f, l;
    CHECK_INT_EQ(byte_range_parse("bytes=0-99", 1000, &f, &l), BYTE_RANGE_PART);
    CHECK_INT_EQ(f, 0);
    CHECK_INT_EQ(l, 99);
    CHECK_INT_EQ(byte_range_parse("bytes=500-", 1000, &f, &l), BYTE_RANGE_PART);
    CHECK_INT_EQ(f, 500);
    CHECK_INT_EQ(l, 999);
    CHECK_INT_EQ(byte_range_parse("bytes=-100", 1000, &f, &l), BYTE_RANGE_PART);
    CHECK_INT_EQ(f, 900);
    CHECK_INT_EQ(l, 999);
    CHECK_INT_EQ(byte_range_parse("bytes=-5000", 1000, &f, &l), BYTE_RANGE_PART); /* more than there is: all */
    CHECK_INT_EQ(f, 0);
    CHECK_INT_EQ(byte_range_parse("bytes=990-5000", 1000, &f, &l), BYTE_RANGE_PART); /* clamped */
    CHECK_INT_EQ(l, 999);
    CHECK_INT_EQ(byte_range_parse("bytes=999-999", 1000, &f, &l), BYTE_RANGE_PART);
    CHECK_INT_EQ(f, 999);
}

TEST(byte_range_unsatisfiable)
{
    int64_t f, l;
    CHECK_INT_EQ(byte_range_parse("bytes=1000-", 1000, &f, &l), BYTE_RANGE_UNSATISFIABLE);
    CHECK_INT_EQ(byte_range_parse("bytes=5000-6000", 1000, &f, &l), BYTE_RANGE_UNSATISFIABLE);
    CHECK_INT_EQ(byte_range_parse("bytes=-0", 1000, &f, &l), BYTE_RANGE_UNSATISFIABLE);
    CHECK_INT_EQ(byte_range_parse("bytes=0-", 0, &f, &l), BYTE_RANGE_UNSATISFIABLE);
}

TEST(byte_range_ignored)
{
    int64_t f, l;
    static const char *const ignored[] = {
        NULL, "", "bytes", "bytes=", "bytes=-", "items=0-9", "Bytes=0-9", "bytes=0-9,20-29", "bytes=9-0",
        "bytes=a-b", "bytes=0-9x", "bytes=--5", "bytes=1234567890123456789-", "bytes=0x10-",
    };
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) {
        CHECK_INT_EQ(byte_range_parse(ignored[i], 1000, &f, &l), BYTE_RANGE_WHOLE);
        CHECK_INT_EQ(f, 0);
        CHECK_INT_EQ(l, 999);
    }
}
