/* test_coarsen.c — dates at day, month and year precision
 * (src/extract/coarsen.c): the keys, the cut, and malformed dates refused. */
#include "test.h"

#include "extract/coarsen.h"

TEST(coarsen_cuts_a_date_to_the_precision)
{
    char out[11];
    CHECK_INT_EQ(date_coarsen("2024-03-17", 10, DATE_DAY, out), 10);
    CHECK_STR_EQ(out, "2024-03-17");
    CHECK_INT_EQ(date_coarsen("2024-03-17", 10, DATE_MONTH, out), 7);
    CHECK_STR_EQ(out, "2024-03");
    CHECK_INT_EQ(date_coarsen("2024-03-17", 10, DATE_YEAR, out), 4);
    CHECK_STR_EQ(out, "2024");
    CHECK_INT_EQ(date_coarsen("2024-02-29", 10, DATE_MONTH, out), 7);
    CHECK_INT_EQ(date_coarsen("", 0, DATE_YEAR, out), 0);
    CHECK_STR_EQ(out, "");
}

TEST(coarsen_refuses_malformed_dates)
{
    static const char *const bad[] = {"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-03-17",
                                      "2024/03/17", "2024-03-17T10:00", "2024-3-17", "abcd-ef-gh", "0000-01-01",
                                      "2024-03-1x"};
    char out[11];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT_EQ(date_coarsen(bad[i], strlen(bad[i]), DATE_YEAR, out), -1);
        CHECK_STR_EQ(out, "");
    }
    CHECK_INT_EQ(date_coarsen("2024-03-17", 10, (date_precision)7, out), -1);
    /* n counts: a longer buffer cut at 10 is a date. */
    CHECK_INT_EQ(date_coarsen("2024-03-17 extra", 10, DATE_MONTH, out), 7);
}

TEST(coarsen_precision_keys)
{
    date_precision p;
    CHECK_INT_EQ(date_precision_parse("day", &p), 0);
    CHECK_INT_EQ(p, DATE_DAY);
    CHECK_INT_EQ(date_precision_parse("month", &p), 0);
    CHECK_INT_EQ(p, DATE_MONTH);
    CHECK_INT_EQ(date_precision_parse("year", &p), 0);
    CHECK_INT_EQ(p, DATE_YEAR);
    CHECK_INT_EQ(date_precision_parse("week", &p), -1);
    CHECK_INT_EQ(date_precision_parse(NULL, &p), -1);
    CHECK_STR_EQ(date_precision_keys[DATE_MONTH], "month");
    CHECK(date_precision_keys[DATE_PRECISION__MAX] == NULL);
}
