/* test_lockout.c — the sign-in back-off schedule, caps and overflow. */
#include "test.h"

#include <limits.h>

#include "core/lockout.h"

TEST(lockout_free_failures)
{
    CHECK_INT_EQ(lockout_until(0, 1000), 0);
    CHECK_INT_EQ(lockout_until(1, 1000), 0);
    CHECK_INT_EQ(lockout_until(4, 1000), 0);
    CHECK_INT_EQ(lockout_until(-1, 1000), 0);
    CHECK_INT_EQ(lockout_until(INT_MIN, 1000), 0);
    CHECK_INT_EQ(lockout_until(4, INT64_MAX), 0);
}

TEST(lockout_table)
{
    static const struct { int failures; int64_t delay; } rows[] = {
        {5, 60}, {6, 120}, {7, 240}, {8, 480}, {9, 960}, {10, 1920},
        {11, 3600}, /* 3840 capped */
        {12, 3600}, {20, 3600}, {63, 3600}, {64, 3600}, {65, 3600}, {1000, 3600},
        {INT_MAX - 1, 3600}, {INT_MAX, 3600},
    };
    const int64_t t = 1714564800; /* 2024-05-01T12:00:00Z */
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_INT_EQ(lockout_until(rows[i].failures, t), t + rows[i].delay);
}

TEST(lockout_overflow_saturates)
{
    CHECK_INT_EQ(lockout_until(5, INT64_MAX), INT64_MAX);
    CHECK_INT_EQ(lockout_until(INT_MAX, INT64_MAX), INT64_MAX);
    CHECK_INT_EQ(lockout_until(5, INT64_MAX - 60), INT64_MAX);
    CHECK_INT_EQ(lockout_until(5, INT64_MAX - 61), INT64_MAX - 1);
    CHECK_INT_EQ(lockout_until(11, INT64_MAX - 3599), INT64_MAX);
    CHECK_INT_EQ(lockout_until(11, INT64_MAX - 3600), INT64_MAX);
    CHECK_INT_EQ(lockout_until(11, INT64_MAX - 3601), INT64_MAX - 1);
    CHECK_INT_EQ(lockout_until(5, INT64_MIN), INT64_MIN + 60);
    CHECK_INT_EQ(lockout_until(INT_MAX, INT64_MIN), INT64_MIN + 3600);
    CHECK_INT_EQ(lockout_until(5, 0), 60);
}

TEST(lockout_spread_schedule)
{
    const int64_t t = 1714564800;
    CHECK_INT_EQ(lockout_until_after(LOCKOUT_SPREAD_FREE_FAILURES, 19, t), 0);
    CHECK_INT_EQ(lockout_until_after(LOCKOUT_SPREAD_FREE_FAILURES, 20, t), t + 60);
    CHECK_INT_EQ(lockout_until_after(LOCKOUT_SPREAD_FREE_FAILURES, 21, t), t + 120);
    CHECK_INT_EQ(lockout_until_after(LOCKOUT_SPREAD_FREE_FAILURES, 25, t), t + 1920);
    CHECK_INT_EQ(lockout_until_after(LOCKOUT_SPREAD_FREE_FAILURES, 26, t), t + 3600);
    CHECK_INT_EQ(lockout_until_after(LOCKOUT_SPREAD_FREE_FAILURES, INT_MAX, t), t + 3600);
    CHECK_INT_EQ(lockout_until_after(-5, 0, t), 0);
    CHECK_INT_EQ(lockout_until_after(-5, 1, t), t + 60);
    CHECK_INT_EQ(lockout_until_after(4, 5, t), lockout_until(5, t));
}
