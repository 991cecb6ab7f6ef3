/* test_lead_predict.c — core/lead_predict.c with hand-computed cases: the
 * quantile between order statistics, the buckets, how the likeness is let
 * go feature by feature, "too few cases to say", steps a case never passed,
 * and the held-out check on a history whose answer is known. */
#include "test.h"

#include "core/lead_predict.h"

#define DAY 86400

TEST(lead_quantile_is_linear_between_order_statistics)
{
    int64_t v[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    CHECK_INT_EQ(lead_quantile(v, 10, 500), 55);   /* (n-1)*0.5 = 4.5: between 50 and 60 */
    CHECK_INT_EQ(lead_quantile(v, 10, 100), 19);   /* 0.9: 10 + 0.9*10 */
    CHECK_INT_EQ(lead_quantile(v, 10, 900), 91);   /* 8.1: 90 + 0.1*10 */
    CHECK_INT_EQ(lead_quantile(v, 10, 0), 10);
    CHECK_INT_EQ(lead_quantile(v, 10, 1000), 100);
    CHECK_INT_EQ(lead_quantile(v, 1, 500), 10);
    CHECK_INT_EQ(lead_quantile(v, 0, 500), 0);
    int64_t w[] = {7, 7, 7};
    CHECK_INT_EQ(lead_quantile(w, 3, 900), 7);
}

TEST(lead_buckets)
{
    CHECK_INT_EQ(lead_units_bucket(0), 0);
    CHECK_INT_EQ(lead_units_bucket(1), 1);
    CHECK_INT_EQ(lead_units_bucket(2), 2);
    CHECK_INT_EQ(lead_units_bucket(3), 2);
    CHECK_INT_EQ(lead_units_bucket(4), 3);
    CHECK_INT_EQ(lead_units_bucket(400), 3);
    CHECK_INT_EQ(lead_kinds_bucket(2), 1);
    CHECK_INT_EQ(lead_kinds_bucket(3), 2);
    CHECK_INT_EQ(lead_kinds_bucket(5), 3);
}

/* A case in process p with units u, kinds k, estimate x, whose stay in
 * awaiting_samrad is d days and whose delivery took t days. */
static lead_case mk(int p, int u, int k, int x, int d, int t)
{
    lead_case c;
    c.f = (lead_features){p, u, k, x};
    for (int s = 0; s < CASE_STATE__MAX; s++) c.seconds[s] = -1;
    c.seconds[CASE_AWAITING_SAMRAD] = (int64_t)d * DAY;
    c.ehds = -1;
    c.delivery = (int64_t)t * DAY;
    return c;
}

TEST(lead_predict_takes_the_cases_alike_and_lets_features_go_in_order)
{
    lead_case h[40];
    int n = 0;
    /* 10 cases alike in everything: process 2, 5 units, 3 kinds, no estimate; samråd 1..10 days */
    for (int i = 1; i <= 10; i++) h[n++] = mk(2, 5, 3, 0, i, 100 + i);
    /* 10 in process 2, 5 units, no estimate, but 1 kind of data: samråd 21..30 */
    for (int i = 1; i <= 10; i++) h[n++] = mk(2, 6, 1, 0, 20 + i, 200 + i);
    /* 10 in process 1: never counted for a process-2 request */
    for (int i = 1; i <= 10; i++) h[n++] = mk(1, 1, 3, 0, 50 + i, 300 + i);
    int64_t scratch[40];
    lead_prediction p;
    lead_features q = {2, 4, 4, 0};
    lead_predict(h, n, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_ALL_FEATURES);
    CHECK_INT_EQ(p.n, 10);
    CHECK_INT_EQ(p.step[CASE_AWAITING_SAMRAD].n, 10);
    CHECK_INT_EQ(p.step[CASE_AWAITING_SAMRAD].median, (int64_t)(5.5 * DAY));
    CHECK_INT_EQ(p.step[CASE_AWAITING_SAMRAD].low, (int64_t)(1.9 * DAY));
    CHECK_INT_EQ(p.step[CASE_AWAITING_SAMRAD].high, (int64_t)(9.1 * DAY));
    CHECK_INT_EQ(p.step[CASE_RECEIVED].n, 0); /* no case was there: too few for that step */
    CHECK_INT_EQ(p.delivery.median, (int64_t)(105.5 * DAY));
    CHECK_INT_EQ(p.ehds.n, 0);
    /* five kinds of data: none alike in that; the kinds are let go (20 cases) */
    q.data_kinds = 5;
    lead_predict(h, n, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_NOT_DATA_KINDS);
    CHECK_INT_EQ(p.n, 20);
    CHECK_INT_EQ(p.step[CASE_AWAITING_SAMRAD].median, (int64_t)(15.5 * DAY)); /* 1..10 and 21..30 */
    /* one unit: none alike in units either; then the estimate… still process 2's 20 */
    q = (lead_features){2, 1, 5, 0};
    lead_predict(h, n, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_NOT_UNITS);
    CHECK_INT_EQ(p.n, 20);
    /* with an estimate: none had one, so only the process is left */
    q.estimate = 1;
    lead_predict(h, n, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_PROCESS_ONLY);
    CHECK_INT_EQ(p.n, 20);
    /* nothing known: every case */
    q = (lead_features){0, 0, 0, -1};
    lead_predict(h, n, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_ALL_FEATURES);
    CHECK_INT_EQ(p.n, 30);
}

TEST(lead_predict_says_too_few_rather_than_guess)
{
    lead_case h[12];
    int n = 0;
    for (int i = 1; i <= 9; i++) h[n++] = mk(2, 5, 3, 0, i, 100 + i); /* 9 < LEAD_MIN_CASES */
    for (int i = 1; i <= 3; i++) h[n++] = mk(1, 1, 1, 0, i, 50 + i);
    int64_t scratch[12];
    lead_prediction p;
    lead_features q = {2, 5, 3, 0};
    lead_predict(h, n, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_TOO_FEW);
    CHECK_INT_EQ(p.n, 0);
    CHECK_INT_EQ(p.delivery.n, 0);
    lead_predict(h, 0, &q, scratch, &p);
    CHECK_INT_EQ(p.likeness, LEAD_TOO_FEW);
}

TEST(lead_check_covers_as_the_interval_says_on_a_known_history)
{
    /* 1,000 cases in one group whose delivery times are 1..1000 days in
     * an order unrelated to their ids: the 80 % interval of the rest covers
     * close to 80 % of the held-out ones. */
    enum { N = 1000 };
    static lead_case h[N], keep[N];
    static int64_t ids[N], scratch[N];
    for (int i = 0; i < N; i++) {
        ids[i] = i + 1;
        h[i] = mk(1, 1, 1, 0, 1, (int)((i * 379) % N) + 1);
    }
    int checked = 0, inside = 0;
    lead_check(h, ids, N, 200, 7, keep, scratch, &checked, &inside);
    CHECK(checked > 150 && checked < 250);
    double coverage = (double)inside / checked;
    CHECK(coverage > 0.72 && coverage < 0.88);
    /* nothing held out: nothing checked */
    lead_check(h, ids, N, 0, 7, keep, scratch, &checked, &inside);
    CHECK_INT_EQ(checked, 0);
}
