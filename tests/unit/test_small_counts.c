/* test_small_counts.c — the small-count suppression rule of open data
 * (src/core/small_counts.c) against hand-computed groups. */
#include "test.h"

#include "core/small_counts.h"

static void check_group(const int64_t *count, int n, const int *want, int want_total)
{
    int hidden[16];
    CHECK_INT_EQ(small_counts_suppress(count, n, hidden), want_total);
    for (int i = 0; i < n; i++) CHECK_INT_EQ(hidden[i], want[i]);
}

TEST(small_count_threshold)
{
    CHECK_INT_EQ(small_count_hidden(0), 0);
    CHECK_INT_EQ(small_count_hidden(1), 1);
    CHECK_INT_EQ(small_count_hidden(4), 1);
    CHECK_INT_EQ(small_count_hidden(5), 0);
    CHECK_INT_EQ(small_count_hidden(-3), 0);
}

TEST(small_counts_nothing_small_nothing_hidden)
{
    const int64_t c[] = {12, 0, 7, 30};
    const int want[] = {0, 0, 0, 0};
    check_group(c, 4, want, 0);
}

TEST(small_counts_one_small_cell_takes_the_next_smallest)
{
    /* total 50: 3 alone would be 50 - 12 - 7 - 28; 7 is hidden with it */
    const int64_t c[] = {12, 3, 7, 28};
    const int want[] = {0, 1, 1, 0};
    check_group(c, 4, want, 0);
    /* zeros are known and cannot hide anything: the 9 is chosen */
    const int64_t z[] = {0, 2, 0, 9, 20};
    const int wz[] = {0, 1, 0, 1, 0};
    check_group(z, 5, wz, 0);
    /* equal candidates: the first */
    const int64_t q[] = {6, 6, 1};
    const int wq[] = {1, 0, 1};
    check_group(q, 3, wq, 0);
}

TEST(small_counts_two_small_cells_protect_each_other)
{
    const int64_t c[] = {4, 1, 40};
    const int want[] = {1, 1, 0};
    check_group(c, 3, want, 0);
}

TEST(small_counts_small_total_hides_everything)
{
    const int64_t c[] = {1, 2, 0};
    const int want[] = {1, 1, 0};
    check_group(c, 3, want, 1);
    const int64_t one[] = {3};
    const int w1[] = {1};
    check_group(one, 1, w1, 1);
}

TEST(small_counts_lone_small_cell_hides_the_total)
{
    /* 2 next to zeros only: total 2 is itself small */
    const int64_t c[] = {2, 0};
    const int want[] = {1, 0};
    check_group(c, 2, want, 1);
    /* the empty group and a group of zeros publish everything */
    int hidden[1];
    CHECK_INT_EQ(small_counts_suppress(NULL, 0, hidden), 0);
    const int64_t zeros[] = {0, 0};
    const int wzero[] = {0, 0};
    check_group(zeros, 2, wzero, 0);
}

TEST(small_counts_negative_counts_are_zero)
{
    const int64_t c[] = {-7, 3, 10};
    const int want[] = {0, 1, 1};
    check_group(c, 3, want, 0);
}
