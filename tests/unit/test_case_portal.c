/* test_case_portal.c — core/case_portal.c by hand: the median (odd, even,
 * empty, large values), the stays in each state from a few cases'
 * transitions (a self-loop continues a stay, an open stay is not counted,
 * a clock set back counts as 0), the rounding to days and the words for
 * every state. */
#include "test.h"

#include "core/case_portal.h"
#include "core/clock.h"

#define DAY 86400

TEST(case_portal_median)
{
    int64_t a[] = {5, 1, 3};
    CHECK_INT_EQ(median_i64(a, 3), 3);
    int64_t b[] = {10, 2, 4, 8};
    CHECK_INT_EQ(median_i64(b, 4), 6);
    int64_t c[] = {7};
    CHECK_INT_EQ(median_i64(c, 1), 7);
    CHECK_INT_EQ(median_i64(NULL, 0), 0);
    int64_t d[] = {1, 2};
    CHECK_INT_EQ(median_i64(d, 2), 1); /* rounded down */
    int64_t big[] = {INT64_MAX - 2, INT64_MAX};
    CHECK(median_i64(big, 2) == INT64_MAX - 1);
    int64_t same[] = {4, 4, 4, 4};
    CHECK_INT_EQ(median_i64(same, 4), 4);
}

TEST(case_portal_stays_per_state)
{
    /* Case 1: received day 0, completion requested day 2, received again day 5,
     * samråd day 6, a review (self-loop) day 8, decision day 16.
     * Case 2: received day 0, samråd day 4, still there.
     * Case 3: received day 10, samråd day 9 (clock set back). */
    case_hop h[] = {
        {1, 0 * DAY, CASE_RECEIVED},          {1, 2 * DAY, CASE_COMPLETION_REQUESTED},
        {1, 5 * DAY, CASE_RECEIVED},          {1, 6 * DAY, CASE_AWAITING_SAMRAD},
        {1, 8 * DAY, CASE_AWAITING_SAMRAD},   {1, 16 * DAY, CASE_AWAITING_DECISION},
        {2, 0 * DAY, CASE_RECEIVED},          {2, 4 * DAY, CASE_AWAITING_SAMRAD},
        {3, 10 * DAY, CASE_RECEIVED},         {3, 9 * DAY, CASE_AWAITING_SAMRAD},
    };
    int n = (int)(sizeof h / sizeof h[0]);
    int64_t scratch[10], med[CASE_STATE__MAX];
    int cnt[CASE_STATE__MAX];
    case_state_medians(h, n, scratch, med, cnt);
    /* received: stays of 2, 1 (case 1), 4 (case 2), 0 (case 3) → median of 0,1,2,4 = 1.5 days */
    CHECK_INT_EQ(cnt[CASE_RECEIVED], 4);
    CHECK(med[CASE_RECEIVED] == DAY + DAY / 2);
    CHECK_INT_EQ(cnt[CASE_COMPLETION_REQUESTED], 1);
    CHECK(med[CASE_COMPLETION_REQUESTED] == 3 * DAY);
    /* samråd: case 1 stayed 10 days across the review; cases 2 and 3 are still there */
    CHECK_INT_EQ(cnt[CASE_AWAITING_SAMRAD], 1);
    CHECK(med[CASE_AWAITING_SAMRAD] == 10 * DAY);
    /* nobody left a decision yet: no data */
    CHECK_INT_EQ(cnt[CASE_AWAITING_DECISION], 0);
    CHECK(med[CASE_AWAITING_DECISION] == 0);
    CHECK_INT_EQ(cnt[CASE_DRAFT], 0);

    case_state_medians(h, 0, scratch, med, cnt);
    CHECK_INT_EQ(cnt[CASE_RECEIVED], 0);
    case_state_medians(h, 1, scratch, med, cnt);
    CHECK_INT_EQ(cnt[CASE_RECEIVED], 0);
}

TEST(case_portal_time_utc)
{
    CHECK(case_time_utc("1970-01-01T00:00:00Z") == 0);
    CHECK(case_time_utc("2026-12-07T03:29:15Z") == 1796614155);
    CHECK(case_time_utc("2024-02-29T23:59:59Z") == 1709251199);
    const char *samples[] = {"2000-03-01T12:00:00Z", "2026-03-29T01:30:00Z", "2099-12-31T23:59:59Z"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        CHECK(case_time_utc(samples[i]) == clock_parse_iso_utc(samples[i]));
    CHECK(case_time_utc("2026-02-30T00:00:00Z") == -1);
    CHECK(case_time_utc("2026-12-07 03:29:15Z") == -1);
    CHECK(case_time_utc("2026-12-07T24:00:00Z") == -1);
    CHECK(case_time_utc("2026-12-07T03:60:00Z") == -1);
    CHECK(case_time_utc("2026-12-07T03:29:15") == -1);
    CHECK(case_time_utc("x") == -1);
    CHECK(case_time_utc("") == -1);
    CHECK(case_time_utc(NULL) == -1);
}

TEST(case_portal_days_and_words)
{
    CHECK(case_span_days(0) == 0);
    CHECK(case_span_days(-5) == 0);
    CHECK(case_span_days(DAY / 2 - 1) == 0);
    CHECK(case_span_days(DAY / 2) == 1);
    CHECK(case_span_days(DAY + DAY / 2 - 1) == 1);
    CHECK(case_span_days(10 * DAY) == 10);
    for (int s = 0; s < CASE_STATE__MAX; s++) {
        CHECK(case_state_next_sv((case_state)s) != NULL);
        CHECK(case_state_holder_sv((case_state)s) != NULL);
    }
    CHECK(case_state_next_sv(CASE_STATE__MAX) == NULL);
    CHECK_INT_EQ(case_state_holder_place(CASE_RECEIVED), HOLDER_ORGANISATION);
    CHECK_INT_EQ(case_state_holder_place(CASE_AWAITING_DECISION), HOLDER_TARGET);
    CHECK_INT_EQ(case_state_holder_place(CASE_COMPLETION_REQUESTED), HOLDER_NOWHERE);
    CHECK_INT_EQ(case_state_holder_place(CASE_DELIVERED), HOLDER_NOWHERE);
    CHECK(case_state_holder_sv((case_state)-1) == NULL);
}
