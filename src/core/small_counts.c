/* small_counts.c — the small-count suppression rule of small_counts.h:
 * primary suppression of counts 1..4, then one complementary cell per group
 * so that a hidden cell cannot be got back from the group's total. */
#include "core/small_counts.h"

int small_count_hidden(int64_t count)
{
    return count > 0 && count < SMALL_COUNT_MIN;
}

int small_counts_suppress(const int64_t *count, int n, int *hidden)
{
    int64_t total = 0;
    int n_hidden = 0;
    for (int i = 0; i < n; i++) {
        int64_t c = count[i] > 0 ? count[i] : 0;
        total += c;
        hidden[i] = small_count_hidden(c);
        n_hidden += hidden[i];
    }
    if (small_count_hidden(total)) {
        /* every cell is below the threshold then, and each is hidden */
        return 1;
    }
    if (n_hidden != 1) return 0;
    int pick = -1;
    for (int i = 0; i < n; i++) {
        if (hidden[i] || count[i] <= 0) continue;
        if (pick < 0 || count[i] < count[pick]) pick = i;
    }
    if (pick < 0) return 1;
    hidden[pick] = 1;
    return 0;
}
