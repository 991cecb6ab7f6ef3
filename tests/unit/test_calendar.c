/* test_calendar.c — core/calendar.c with hand-written expectations: strict
 * ISO dates and their year ranges, day arithmetic across eras, Easter, the
 * Swedish holidays and working days (checked against the almanac). */
#include "test.h"

#include "core/calendar.h"

static cal_date D(int y, int m, int d) { return (cal_date){y, m, d}; }

static int parses(const char *s, int lo, int hi)
{
    cal_date d;
    return cal_parse_iso(s, strlen(s), lo, hi, &d);
}

TEST(calendar_parse_is_strict)
{
    CHECK(parses("2026-12-06", 1, 9999));
    CHECK(parses("2024-02-29", 1, 9999));
    CHECK(!parses("2026-02-29", 1, 9999));
    CHECK(parses("2000-02-29", 1, 9999));
    CHECK(!parses("1900-02-29", 1, 9999));
    CHECK(!parses("2026-13-01", 1, 9999));
    CHECK(!parses("2026-00-10", 1, 9999));
    CHECK(!parses("2026-04-31", 1, 9999));
    CHECK(!parses("2026-4-01", 1, 9999));
    CHECK(!parses(" 2026-04-01", 1, 9999));
    CHECK(!parses("2026-04-01 ", 1, 9999));
    CHECK(!parses("2026/04/01", 1, 9999));
    CHECK(!parses("+026-04-01", 1, 9999));
    CHECK(!parses("0000-01-01", 1, 9999));
    CHECK(parses("0001-01-01", 1, 9999));
    CHECK(!parses("1899-12-31", 1900, 9999));
    CHECK(parses("1900-01-01", 1900, 9999));
    CHECK(!parses("3000-01-01", 1000, 2999));
    cal_date d = {0, 0, 0};
    CHECK(!cal_parse_iso(NULL, 10, 1, 9999, &d));
    CHECK(!cal_parse_iso("2026-12-06", 9, 1, 9999, &d));
    CHECK_INT_EQ(d.year, 0); /* untouched on failure */
    CHECK(cal_parse_iso("2026-12-06", 10, 1, 9999, &d));
    CHECK_INT_EQ(d.year, 2026);
    CHECK_INT_EQ(d.month, 12);
    CHECK_INT_EQ(d.day, 6);
    char out[11];
    cal_format_iso(D(7, 3, 9), out);
    CHECK_STR_EQ(out, "0007-03-09");
}

TEST(calendar_days_and_weekdays)
{
    CHECK_INT_EQ(cal_to_days(D(1970, 1, 1)), 0);
    CHECK_INT_EQ(cal_to_days(D(2000, 3, 1)), 11017);
    CHECK_INT_EQ(cal_to_days(D(1969, 12, 31)), -1);
    CHECK_INT_EQ(cal_to_days(D(1, 1, 1)), -719162);
    CHECK_INT_EQ(cal_to_days(D(9999, 12, 31)), 2932896);
    for (int64_t n = -719162; n <= 2932896; n += 997) {
        cal_date d = cal_from_days(n);
        if (!cal_valid(d) || cal_to_days(d) != n) {
            test_fail(__FILE__, __LINE__, "day %lld does not round-trip", (long long)n);
            return;
        }
    }
    CHECK_INT_EQ(cal_weekday(D(2026, 12, 6)), 7);  /* a Sunday */
    CHECK_INT_EQ(cal_weekday(D(1970, 1, 1)), 4);   /* a Thursday */
    CHECK_INT_EQ(cal_weekday(D(2024, 2, 29)), 4);
    CHECK_INT_EQ(cal_weekday(D(1900, 1, 1)), 1);   /* a Monday */
    cal_date x = cal_add_days(D(2024, 2, 28), 2);
    CHECK_INT_EQ(x.month * 100 + x.day, 301);
    CHECK_INT_EQ(cal_days_in_month(2026, 13), 0);
}

TEST(calendar_easter)
{
    static const struct { int y, m, d; } easter[] = {
        {2019, 4, 21}, {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5}, {2027, 3, 28},
        {2038, 4, 25}, {1818, 3, 22}, {2285, 3, 22}, {1943, 4, 25},
    };
    for (size_t i = 0; i < sizeof easter / sizeof easter[0]; i++) {
        cal_date e = cal_easter(easter[i].y);
        if (e.month != easter[i].m || e.day != easter[i].d) {
            test_fail(__FILE__, __LINE__, "Easter %d: %d-%d", easter[i].y, e.month, e.day);
            return;
        }
    }
}

TEST(calendar_swedish_holidays_2026)
{
    static const cal_date holidays[] = {
        {2026, 1, 1}, {2026, 1, 6}, {2026, 4, 3}, {2026, 4, 5}, {2026, 4, 6}, {2026, 5, 1}, {2026, 5, 14},
        {2026, 5, 24}, {2026, 6, 6}, {2026, 6, 20}, {2026, 10, 31}, {2026, 12, 25}, {2026, 12, 26},
        {2026, 12, 6}, /* a Sunday */
    };
    for (size_t i = 0; i < sizeof holidays / sizeof holidays[0]; i++)
        if (!cal_is_holiday(holidays[i])) {
            test_fail(__FILE__, __LINE__, "2026-%02d-%02d is a holiday", holidays[i].month, holidays[i].day);
            return;
        }
    static const cal_date not_holidays[] = {
        {2026, 4, 4}, {2026, 6, 19}, {2026, 12, 24}, {2026, 12, 31}, {2026, 11, 2}, {2026, 6, 27}, {2026, 12, 5},
    };
    for (size_t i = 0; i < sizeof not_holidays / sizeof not_holidays[0]; i++)
        if (cal_is_holiday(not_holidays[i])) {
            test_fail(__FILE__, __LINE__, "2026-%02d-%02d is no holiday", not_holidays[i].month, not_holidays[i].day);
            return;
        }
    /* Midsommardagen and alla helgons dag move with the Saturday. */
    CHECK(cal_is_holiday(D(2027, 6, 26)));
    CHECK(cal_is_holiday(D(2027, 11, 6)));
    CHECK(cal_is_holiday(D(2025, 6, 21)));
    CHECK(cal_is_holiday(D(2025, 11, 1)));
}

TEST(calendar_swedish_working_days)
{
    CHECK(cal_is_working_day(D(2026, 12, 7)));   /* a Monday */
    CHECK(!cal_is_working_day(D(2026, 12, 5)));  /* a Saturday */
    CHECK(!cal_is_working_day(D(2026, 12, 24))); /* julafton */
    CHECK(!cal_is_working_day(D(2026, 12, 31))); /* nyårsafton */
    CHECK(!cal_is_working_day(D(2026, 6, 19)));  /* midsommarafton */
    CHECK(!cal_is_working_day(D(2026, 4, 3)));   /* långfredagen */
    CHECK(!cal_is_working_day(D(2026, 5, 14)));  /* Kristi himmelsfärds dag */
    CHECK(cal_is_working_day(D(2026, 5, 15)));
    CHECK(cal_is_working_day(D(2026, 6, 18)));
    /* 23 Dec 2026 (Wednesday) + 1 working day: 24, 25, 26, 27 are not. */
    cal_date d = cal_add_working_days(D(2026, 12, 23), 1);
    CHECK_INT_EQ(d.month * 100 + d.day, 1228);
    d = cal_add_working_days(D(2026, 12, 28), 3); /* 29, 30, (31 eve), (1 Jan), 2 Jan is a Saturday … */
    CHECK_INT_EQ(d.year * 10000 + d.month * 100 + d.day, 20270104);
    d = cal_add_working_days(D(2026, 12, 5), 1);  /* from a Saturday: the Monday */
    CHECK_INT_EQ(d.month * 100 + d.day, 1207);
    d = cal_add_working_days(D(2026, 12, 5), 0);
    CHECK_INT_EQ(d.month * 100 + d.day, 1207);
    d = cal_add_working_days(D(2026, 12, 7), 0);
    CHECK_INT_EQ(d.month * 100 + d.day, 1207);
    d = cal_add_working_days(D(2026, 3, 30), 5);  /* Easter week: 31, 1, 2, (3, 4, 5, 6), 7, 8 */
    CHECK_INT_EQ(d.month * 100 + d.day, 408);
}
