/* test_submit_limit.c — the flood limit on anonymous submissions: the
 * schedule of core/submit_limit.h written out by hand, and the store's
 * count (store/submit_limit.c) on SQLite or, under tests/with-pg.sh,
 * PostgreSQL: ten an hour per address and kind, the eleventh refused until
 * the window's end, a new window after it, other addresses and kinds not
 * touched, no address in the table, a limit of 0 counting nothing. */
#include "test.h"
#include "fixture.h"

#include <string.h>

#include "core/submit_limit.h"
#include "store/submit_limit.h"

TEST(submit_limit_schedule_by_hand)
{
    CHECK_INT_EQ(SUBMIT_WINDOW_SECONDS, 3600);
    CHECK_INT_EQ(SUBMIT_PER_WINDOW, 10);
    CHECK_INT_EQ(submit_limit_refused_until(1000, 1, 10), 0);
    CHECK_INT_EQ(submit_limit_refused_until(1000, 10, 10), 0);
    CHECK_INT_EQ(submit_limit_refused_until(1000, 11, 10), 4600);
    CHECK_INT_EQ(submit_limit_refused_until(1000, 500, 10), 4600);
    CHECK_INT_EQ(submit_limit_refused_until(1000, 2, 1), 4600);
    CHECK_INT_EQ(submit_limit_refused_until(1000, 1000000, 0), 0); /* no limit */
    CHECK_INT_EQ(submit_limit_refused_until(INT64_MAX - 5, 11, 10), INT64_MAX);
    CHECK_INT_EQ(submit_limit_minutes_left(4600, 1000), 60);
    CHECK_INT_EQ(submit_limit_minutes_left(4600, 4599), 1);
    CHECK_INT_EQ(submit_limit_minutes_left(4600, 4601), 1);
    CHECK_INT_EQ(submit_limit_minutes_left(4600, 4600 - 61), 2);
}

static int64_t take(db *d, const char *kind, const char *client, int limit, int64_t now)
{
    int64_t until = -1;
    dl_error e;
    dl_err rc = submit_limit_take(d, "secret-for-the-test", kind, client, limit, now, &until, &e);
    if (rc != DL_OK) test_fail(__FILE__, __LINE__, "submit_limit_take: %s", e.msg);
    return until;
}

TEST(submit_limit_counts_per_address_and_kind_in_the_store)
{
    db *d = fixture_store();
    int64_t t0 = 1800000000;
    for (int i = 0; i < 10; i++) CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 10, t0 + i), 0);
    CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 10, t0 + 20), t0 + 3600);
    CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 10, t0 + 3599), t0 + 3600);
    /* Another address, another kind: their own counts. */
    CHECK_INT_EQ(take(d, "obstacle", "2001:db8::1", 10, t0 + 30), 0);
    CHECK_INT_EQ(take(d, "survey", "192.0.2.7", 10, t0 + 30), 0);
    /* The window has ended: a new one starts with this submission. */
    CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 10, t0 + 3600), 0);
    for (int i = 1; i < 10; i++) CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 10, t0 + 3600 + i), 0);
    CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 10, t0 + 3700), t0 + 7200);
    /* No limit: nothing counted. */
    int64_t before = 0, after = 0;
    dl_error e;
    CHECK_INT_EQ(db_query_int(d, "SELECT COALESCE(SUM(sent), 0) FROM submit_limit", &before, &e, ""), DL_OK);
    CHECK_INT_EQ(take(d, "obstacle", "192.0.2.7", 0, t0 + 3701), 0);
    CHECK_INT_EQ(db_query_int(d, "SELECT COALESCE(SUM(sent), 0) FROM submit_limit", &after, &e, ""), DL_OK);
    CHECK_INT_EQ(after, before);
    /* The address is never stored, only its keyed hash. */
    int64_t plain = -1;
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM submit_limit WHERE bucket LIKE '%192.0.2%' OR bucket LIKE '%db8%'",
                              &plain, &e, ""), DL_OK);
    CHECK_INT_EQ(plain, 0);
    /* Rows of ended windows go on the next count. */
    CHECK_INT_EQ(take(d, "obstacle", "198.51.100.1", 10, t0 + 3 * 3600), 0);
    int64_t rows = -1;
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM submit_limit", &rows, &e, ""), DL_OK);
    CHECK_INT_EQ(rows, 1);
    db_close(d);
}

/* An address is counted by its /64 when it is IPv6 (written out by hand). */
TEST(submit_limit_address_key_counts_ipv6_by_its_64)
{
    char k[SUBMIT_ADDRESS_KEY_SIZE];
    submit_limit_address_key("192.0.2.7", k);
    CHECK_STR_EQ(k, "192.0.2.7");
    submit_limit_address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", k);
    CHECK_STR_EQ(k, "2001:db8:1:2::/64");
    submit_limit_address_key("2001:0db8:0001:0002:0000:0000:0000:0001", k);
    CHECK_STR_EQ(k, "2001:db8:1:2::/64");
    submit_limit_address_key("::ffff:192.0.2.7", k);
    CHECK_STR_EQ(k, "192.0.2.7");
    submit_limit_address_key("::1", k);
    CHECK_STR_EQ(k, "::/64");
    submit_limit_address_key("not:an:address", k);
    CHECK_STR_EQ(k, "not:an:address");
    submit_limit_address_key(NULL, k);
    CHECK_STR_EQ(k, "");
}
