/* test_throttle.c — the extraction's pacing arithmetic on a simulated
 * clock: the long-run rate, the bounded burst, unlimited runs, and the
 * allowed time window (wrapping midnight, malformed strings). */
#include "test.h"

#include <stdint.h>

#include "extract/throttle.h"

#define MS 1000000LL
#define S 1000000000LL

/* A runner on a simulated clock: take a batch, sleep what it says, read the
 * batch (read_ns of work), until `run_ns` has passed. Rows read. */
static long simulate(double rate, int batch, int64_t read_ns, int64_t run_ns, int64_t *max_wait)
{
    row_throttle t;
    int64_t now = 7 * S; /* any start */
    int64_t end = now + run_ns;
    row_throttle_init(&t, rate, now);
    long rows = 0;
    *max_wait = 0;
    for (;;) {
        int64_t wait = row_throttle_take(&t, batch, now);
        if (wait < 0) return -1;
        if (wait > *max_wait) *max_wait = wait;
        now += wait;
        if (now > end) break;
        rows += batch;
        now += read_ns;
    }
    return rows;
}

TEST(throttle_holds_the_rate_over_five_seconds)
{
    int64_t max_wait;
    long rows = simulate(1000, 50, 0, 5 * S, &max_wait);
    CHECK(rows >= 4950 && rows <= 5050);
    /* Each batch of 50 at 1,000 rows/s: about 50 ms apart, never much more. */
    CHECK(max_wait <= 51 * MS);
    /* With a read that takes time of its own the rate still holds. */
    rows = simulate(1000, 50, 7 * MS, 5 * S, &max_wait);
    CHECK(rows >= 4950 && rows <= 5050);
    /* Large batches (5,000) at 20,000 rows/s over 5 s: 100,000 rows. */
    rows = simulate(20000, 5000, 30 * MS, 5 * S, &max_wait);
    CHECK(rows >= 99000 && rows <= 101000);
}

TEST(throttle_reader_slower_than_the_limit_never_waits)
{
    int64_t max_wait;
    /* 50 rows every 100 ms is 500 rows/s, under the 1,000 limit. */
    long rows = simulate(1000, 50, 100 * MS, 5 * S, &max_wait);
    CHECK(max_wait <= 50 * MS); /* only the first batch, which starts with an empty bucket */
    CHECK(rows >= 2450 && rows <= 2550);
}

TEST(throttle_burst_after_idle_is_bounded)
{
    row_throttle t;
    row_throttle_init(&t, 1000, 0);
    /* An hour idle banks at most a quarter second's worth (250 rows). */
    int64_t now = 3600 * S;
    int free_rows = 0;
    while (row_throttle_take(&t, 1, now) == 0) {
        free_rows++;
        CHECK(free_rows <= 1000);
    }
    CHECK_INT_EQ(free_rows, 250);
    /* A large batch right after owes its share: 5,000 rows at 1,000/s ≈ 5 s. */
    row_throttle_init(&t, 1000, 0);
    int64_t w = row_throttle_take(&t, 5000, 3600 * S);
    CHECK(w >= 4700 * MS && w <= 5000 * MS);
}

TEST(throttle_unlimited_never_waits)
{
    row_throttle t;
    double limits[] = {0, -5, 1.0 / 0.0};
    for (int i = 0; i < 3; i++) {
        row_throttle_init(&t, limits[i], 0);
        for (int k = 0; k < 1000; k++) CHECK_INT_EQ(row_throttle_take(&t, 1000000, 0), 0);
    }
}

TEST(throttle_clock_stepping_back_gives_no_credit)
{
    row_throttle t;
    row_throttle_init(&t, 100, 10 * S);
    int64_t w1 = row_throttle_take(&t, 100, 10 * S);
    CHECK(w1 >= 999 * MS && w1 <= 1000 * MS);
    /* The clock jumps back a minute: the debt is still owed, and more. */
    int64_t w2 = row_throttle_take(&t, 100, 10 * S - 60 * S);
    CHECK(w2 >= 1999 * MS && w2 <= 2000 * MS);
}

TEST(time_window_plain_and_wrapping)
{
    time_window w;
    dl_error e = {0};
    CHECK_INT_EQ(time_window_parse("08:00-17:30", &w, &e), DL_OK);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 8 * 60), 0);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 17 * 60 + 29), 0);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 17 * 60 + 30), 14 * 60 + 30); /* end is exclusive */
    CHECK_INT_EQ(time_window_wait_minutes(&w, 7 * 60 + 59), 1);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 0), 8 * 60);

    CHECK_INT_EQ(time_window_parse("22:00-06:00", &w, &e), DL_OK);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 22 * 60), 0);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 23 * 60 + 59), 0);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 0), 0);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 5 * 60 + 59), 0);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 6 * 60), 16 * 60);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 21 * 60 + 59), 1);

    CHECK_INT_EQ(time_window_parse("", &w, &e), DL_OK);
    CHECK(w.always);
    CHECK_INT_EQ(time_window_wait_minutes(&w, 12 * 60), 0);
    CHECK_INT_EQ(time_window_parse(NULL, &w, &e), DL_OK);
    CHECK(w.always);
}

TEST(time_window_refuses_malformed_strings)
{
    static const struct { const char *in, *says; } bad[] = {
        {"25:00-01:00", "an hour runs from 00 to 23"},
        {"08:60-09:00", "a minute runs from 00 to 59"},
        {"8-9", "HH:MM-HH:MM"},
        {"08:00-9:00", "HH:MM"},
        {"08:00–09:00", "HH:MM-HH:MM"}, /* an en dash */
        {"08:00-09:00 ", "HH:MM-HH:MM"},
        {"08:00", "HH:MM-HH:MM"},
        {"-1:00-02:00", "HH:MM"},
        {"09:00-09:00", "same minute"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        time_window w = {1, 2, 0};
        dl_error e = {0};
        CHECK_INT_EQ(time_window_parse(bad[i].in, &w, &e), DL_EINVAL);
        CHECK_INT_EQ(e.code, DL_EINVAL);
        CHECK_CONTAINS(e.msg, bad[i].says);
        CHECK_CONTAINS(e.msg, "time window");
        CHECK(w.always); /* a refused window leaves no half-parsed value */
    }
}
