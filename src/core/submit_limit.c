/* submit_limit.c — the flood limit's arithmetic (submit_limit.h). */
#include "core/submit_limit.h"

int64_t submit_limit_refused_until(int64_t window_start, int64_t sent, int limit)
{
    if (limit <= 0 || sent <= limit) return 0;
    return window_start > INT64_MAX - SUBMIT_WINDOW_SECONDS ? INT64_MAX : window_start + SUBMIT_WINDOW_SECONDS;
}

int submit_limit_minutes_left(int64_t until, int64_t now)
{
    int64_t s = until - now;
    if (s <= 60) return 1;
    int64_t m = (s + 59) / 60;
    return m > 1000000 ? 1000000 : (int)m;
}
