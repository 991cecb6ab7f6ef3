/* test_deadline.c — core/deadline.c against cases computed by hand with an
 * almanac: Stockholm's clock changes (last Sunday of March and October
 * 2026: 29 March and 25 October), starts just after local midnight when UTC
 * still shows the day before, weekends, Swedish public holidays (Easter,
 * midsommar, Christmas), calendar-day targets, pauses open and closed, and
 * the overdue / this-week status. */
#include "test.h"

#include "core/deadline.h"

static cal_date D(int y, int m, int d) { return (cal_date){y, m, d}; }
/* An instant given in UTC. */
static int64_t U(int y, int mo, int d, int h, int mi) { return cal_to_days(D(y, mo, d)) * 86400 + h * 3600 + mi * 60; }

#define CHECK_DATE(got, y, m, d)                                                     \
    do {                                                                             \
        cal_date g_ = (got);                                                         \
        CHECK_INT_EQ(g_.year * 10000 + g_.month * 100 + g_.day, (y) * 10000 + (m) * 100 + (d)); \
    } while (0)

TEST(deadline_stockholm_offset_follows_the_eu_rule)
{
    CHECK_INT_EQ(deadline_stockholm_offset(U(2026, 1, 15, 12, 0)), 3600);
    CHECK_INT_EQ(deadline_stockholm_offset(U(2026, 7, 15, 12, 0)), 7200);
    /* Spring: 29 March 2026, 01:00 UTC (02:00 CET becomes 03:00 CEST). */
    CHECK_INT_EQ(deadline_stockholm_offset(U(2026, 3, 29, 1, 0) - 1), 3600);
    CHECK_INT_EQ(deadline_stockholm_offset(U(2026, 3, 29, 1, 0)), 7200);
    /* Autumn: 25 October 2026, 01:00 UTC (03:00 CEST becomes 02:00 CET). */
    CHECK_INT_EQ(deadline_stockholm_offset(U(2026, 10, 25, 1, 0) - 1), 7200);
    CHECK_INT_EQ(deadline_stockholm_offset(U(2026, 10, 25, 1, 0)), 3600);
    /* 2027: 28 March and 31 October. */
    CHECK_INT_EQ(deadline_stockholm_offset(U(2027, 3, 28, 0, 59)), 3600);
    CHECK_INT_EQ(deadline_stockholm_offset(U(2027, 3, 28, 1, 0)), 7200);
    CHECK_INT_EQ(deadline_stockholm_offset(U(2027, 10, 31, 0, 59)), 7200);
    CHECK_INT_EQ(deadline_stockholm_offset(U(2027, 10, 31, 1, 0)), 3600);
}

TEST(deadline_local_date_and_midnight_across_clock_changes)
{
    /* 23:30 UTC on a winter Thursday is 00:30 Friday in Stockholm. */
    CHECK_DATE(deadline_local_date(U(2026, 3, 5, 23, 30)), 2026, 3, 6);
    CHECK_DATE(deadline_local_date(U(2026, 3, 5, 22, 59)), 2026, 3, 5);
    /* In summer 22:00 UTC is already the next day. */
    CHECK_DATE(deadline_local_date(U(2026, 6, 5, 22, 0)), 2026, 6, 6);
    CHECK_DATE(deadline_local_date(U(2026, 6, 5, 21, 59)), 2026, 6, 5);
    /* Midnight the night of a change: before it CET, after it CEST. */
    CHECK_INT_EQ(deadline_local_midnight(D(2026, 3, 29)), U(2026, 3, 28, 23, 0));
    CHECK_INT_EQ(deadline_local_midnight(D(2026, 3, 30)), U(2026, 3, 29, 22, 0));
    CHECK_INT_EQ(deadline_local_midnight(D(2026, 10, 25)), U(2026, 10, 24, 22, 0));
    CHECK_INT_EQ(deadline_local_midnight(D(2026, 10, 26)), U(2026, 10, 25, 23, 0));
    /* The autumn Sunday has 25 hours, the spring Sunday 23. */
    CHECK_INT_EQ(deadline_local_midnight(D(2026, 10, 26)) - deadline_local_midnight(D(2026, 10, 25)), 25 * 3600);
    CHECK_INT_EQ(deadline_local_midnight(D(2026, 3, 30)) - deadline_local_midnight(D(2026, 3, 29)), 23 * 3600);
    /* The hour repeated in autumn: both 02:30s are on the 25th. */
    CHECK_DATE(deadline_local_date(U(2026, 10, 25, 0, 30)), 2026, 10, 25);
    CHECK_DATE(deadline_local_date(U(2026, 10, 25, 1, 30)), 2026, 10, 25);
}

TEST(deadline_working_days_skip_weekends_and_holidays)
{
    /* Monday 2 March 2026 10:00 CET, five working days: Monday 9 March. */
    CHECK_DATE(deadline_due_date(U(2026, 3, 2, 9, 0), 5, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 3, 9);
    /* Overdue from local midnight after it: 10 March 00:00 CET = 9 March 23:00 UTC. */
    CHECK_INT_EQ(deadline_overdue_at(D(2026, 3, 9)), U(2026, 3, 9, 23, 0));
    /* Easter 2026: Good Friday 3 April, Easter Monday 6 April. From
     * Thursday 2 April, two working days: Tuesday 7, Wednesday 8. */
    CHECK_DATE(deadline_due_date(U(2026, 4, 2, 8, 0), 2, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 4, 8);
    CHECK_INT_EQ(deadline_overdue_at(D(2026, 4, 8)), U(2026, 4, 8, 22, 0)); /* CEST */
    /* Midsommar: afton Friday 19 June, dagen Saturday 20 June. From
     * Thursday 18 June, one working day: Monday 22 June. */
    CHECK_DATE(deadline_due_date(U(2026, 6, 18, 7, 0), 1, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 6, 22);
    /* Christmas: julafton Thu 24, juldagen Fri 25, weekend. From
     * Wednesday 23 December: Monday 28, then Tuesday 29. */
    CHECK_DATE(deadline_due_date(U(2026, 12, 23, 10, 0), 1, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 12, 28);
    CHECK_DATE(deadline_due_date(U(2026, 12, 23, 10, 0), 2, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 12, 29);
    /* National day Saturday 6 June 2026 counts no differently from a Saturday. */
    CHECK_DATE(deadline_due_date(U(2026, 6, 5, 8, 0), 1, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 6, 8);
    /* Ascension day Thursday 14 May 2026. From Wednesday 13: Friday 15. */
    CHECK_DATE(deadline_due_date(U(2026, 5, 13, 8, 0), 1, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 5, 15);
    /* A target of 0: the start's own date. */
    CHECK_DATE(deadline_due_date(U(2026, 3, 7, 8, 0), 0, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 3, 7);
}

TEST(deadline_start_just_after_local_midnight_counts_from_the_local_date)
{
    /* Thursday 5 March 23:30 UTC is Friday 00:30 in Stockholm: one working
     * day later is Monday 9 March, not Friday 6 (what UTC would say). */
    CHECK_DATE(deadline_due_date(U(2026, 3, 5, 23, 30), 1, DUE_WORKING_DAYS, NULL, 0, 0), 2026, 3, 9);
    /* Saturday 28 March 23:30 UTC is Sunday 29 March 00:30 CET, the night
     * of the spring change: one working day, Monday 30 March, overdue at
     * 31 March 00:00 CEST = 30 March 22:00 UTC. */
    cal_date due = deadline_due_date(U(2026, 3, 28, 23, 30), 1, DUE_WORKING_DAYS, NULL, 0, 0);
    CHECK_DATE(due, 2026, 3, 30);
    CHECK_INT_EQ(deadline_overdue_at(due), U(2026, 3, 30, 22, 0));
    /* Friday 23 October 22:30 UTC is Saturday 00:30 CEST; over the autumn
     * change, three working days: Mon 26, Tue 27, Wed 28; overdue at
     * 29 October 00:00 CET = 28 October 23:00 UTC. */
    due = deadline_due_date(U(2026, 10, 23, 22, 30), 3, DUE_WORKING_DAYS, NULL, 0, 0);
    CHECK_DATE(due, 2026, 10, 28);
    CHECK_INT_EQ(deadline_overdue_at(due), U(2026, 10, 28, 23, 0));
    /* Calendar days over the spring change: 29 March 00:30 + 1 day = 30 March. */
    CHECK_DATE(deadline_due_date(U(2026, 3, 28, 23, 30), 1, DUE_CALENDAR_DAYS, NULL, 0, 0), 2026, 3, 30);
    /* 30 calendar days from Monday 2 March: Wednesday 1 April. */
    CHECK_DATE(deadline_due_date(U(2026, 3, 2, 9, 0), 30, DUE_CALENDAR_DAYS, NULL, 0, 0), 2026, 4, 1);
}

TEST(deadline_pauses_move_the_due_date)
{
    /* Started Monday 2 March, five working days (due Monday 9). Paused
     * Wednesday 4 March 11:00 CET to Monday 9 March 09:00 CET: Wed, Thu,
     * Fri count (3), the weekend does not, the Monday it resumed does not.
     * Due: three working days after 9 March, Thursday 12 March. */
    due_pause p = {U(2026, 3, 4, 10, 0), U(2026, 3, 9, 8, 0)};
    CHECK_INT_EQ(deadline_paused_days(p, DUE_WORKING_DAYS, 0), 3);
    CHECK_INT_EQ(deadline_paused_days(p, DUE_CALENDAR_DAYS, 0), 5);
    CHECK_DATE(deadline_due_date(U(2026, 3, 2, 9, 0), 5, DUE_WORKING_DAYS, &p, 1, 0), 2026, 3, 12);
    /* A pause answered the same day costs nothing. */
    due_pause same = {U(2026, 3, 4, 8, 0), U(2026, 3, 4, 15, 0)};
    CHECK_INT_EQ(deadline_paused_days(same, DUE_WORKING_DAYS, 0), 0);
    /* Two pauses add up; the second still open, counted to now (Friday
     * 13 March 12:00 CET): paused from Wednesday 11 → Wed, Thu = 2. */
    due_pause two[2] = {p, {U(2026, 3, 11, 9, 0), 0}};
    CHECK_INT_EQ(deadline_paused_days(two[1], DUE_WORKING_DAYS, U(2026, 3, 13, 11, 0)), 2);
    CHECK_DATE(deadline_due_date(U(2026, 3, 2, 9, 0), 5, DUE_WORKING_DAYS, two, 2, U(2026, 3, 13, 11, 0)),
               2026, 3, 16);
    /* A pause over Easter: Thursday 2 April to Tuesday 7 April covers
     * only Thursday 2 as a working day. */
    due_pause easter = {U(2026, 4, 2, 8, 0), U(2026, 4, 7, 8, 0)};
    CHECK_INT_EQ(deadline_paused_days(easter, DUE_WORKING_DAYS, 0), 1);
    /* A pause that ends before it starts (a broken record) counts nothing. */
    due_pause broken = {U(2026, 4, 7, 8, 0), U(2026, 4, 2, 8, 0)};
    CHECK_INT_EQ(deadline_paused_days(broken, DUE_WORKING_DAYS, 0), 0);
}

TEST(deadline_days_between_counts_the_days_used)
{
    /* Monday 10:00 to Friday 16:00 the same week: Tue–Fri, 4 working days. */
    CHECK_INT_EQ(deadline_days_between(U(2026, 3, 2, 9, 0), U(2026, 3, 6, 15, 0), DUE_WORKING_DAYS), 4);
    /* Friday to Monday: one working day, three calendar days. */
    CHECK_INT_EQ(deadline_days_between(U(2026, 3, 6, 9, 0), U(2026, 3, 9, 9, 0), DUE_WORKING_DAYS), 1);
    CHECK_INT_EQ(deadline_days_between(U(2026, 3, 6, 9, 0), U(2026, 3, 9, 9, 0), DUE_CALENDAR_DAYS), 3);
    /* 22:30 to 23:30 UTC on a winter Thursday crosses local midnight: 1 day. */
    CHECK_INT_EQ(deadline_days_between(U(2026, 3, 5, 22, 30), U(2026, 3, 5, 23, 30), DUE_CALENDAR_DAYS), 1);
    CHECK_INT_EQ(deadline_days_between(U(2026, 3, 6, 9, 0), U(2026, 3, 2, 9, 0), DUE_WORKING_DAYS), 0);
}

TEST(deadline_status_overdue_this_week_later)
{
    int64_t now = U(2026, 3, 4, 11, 0); /* Wednesday 4 March 12:00 CET */
    CHECK_INT_EQ(deadline_status(D(2026, 3, 3), now), DUE_OVERDUE);
    CHECK_INT_EQ(deadline_status(D(2026, 3, 4), now), DUE_THIS_WEEK); /* due today: not yet overdue */
    CHECK_INT_EQ(deadline_status(D(2026, 3, 8), now), DUE_THIS_WEEK); /* Sunday ends the week */
    CHECK_INT_EQ(deadline_status(D(2026, 3, 9), now), DUE_LATER);
    /* Sunday 8 March 23:30 CET (22:30 UTC): Monday the 9th is next week. */
    CHECK_INT_EQ(deadline_status(D(2026, 3, 9), U(2026, 3, 8, 22, 30)), DUE_LATER);
    /* Monday 9 March 00:30 CET (8 March 23:30 UTC): the 9th is this week. */
    CHECK_INT_EQ(deadline_status(D(2026, 3, 9), U(2026, 3, 8, 23, 30)), DUE_THIS_WEEK);
    /* Overdue exactly at local midnight (CEST in summer). */
    CHECK_INT_EQ(deadline_status(D(2026, 6, 10), U(2026, 6, 10, 21, 59)), DUE_THIS_WEEK);
    CHECK_INT_EQ(deadline_status(D(2026, 6, 10), U(2026, 6, 10, 22, 0)), DUE_OVERDUE);
    CHECK_STR_EQ(due_status_key(DUE_OVERDUE), "overdue");
    CHECK_STR_EQ(due_status_key(DUE_THIS_WEEK), "this_week");
}
