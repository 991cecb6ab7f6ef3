/* lockout.c — the sign-in back-off schedule (see lockout.h): exponential
 * from 60 s at the fifth failure, capped at one hour, overflow-safe. */
#include "core/lockout.h"

int64_t lockout_until(int failures, int64_t last_failure_at)
{
    return lockout_until_after(LOCKOUT_FREE_FAILURES, failures, last_failure_at);
}

int64_t lockout_until_after(int free_failures, int failures, int64_t last_failure_at)
{
    if (free_failures < 0) free_failures = 0;
    if (failures <= free_failures) return 0;
    int64_t delay = LOCKOUT_BASE_SECONDS;
    /* Double at most until the cap; the loop runs at most 6 times no matter
     * how large failures is, and never shifts by a huge amount. */
    for (int k = failures - (free_failures + 1); k > 0 && delay < LOCKOUT_MAX_SECONDS; k--)
        delay *= 2;
    if (delay > LOCKOUT_MAX_SECONDS) delay = LOCKOUT_MAX_SECONDS;
    if (last_failure_at > INT64_MAX - delay) return INT64_MAX;
    return last_failure_at + delay;
}
