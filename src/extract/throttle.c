/* throttle.c — the token bucket and the time window of an extraction run;
 * see throttle.h. */
#include "extract/throttle.h"

#include <math.h> /* isfinite: a macro, no libm */
#include <string.h>

#define NS_PER_S 1000000000.0
#define BURST_SECONDS 0.25
#define MINUTES_PER_DAY 1440

void row_throttle_init(row_throttle *t, double rows_per_second, int64_t now_ns)
{
    int limited = isfinite(rows_per_second) && rows_per_second > 0;
    t->rate = limited ? rows_per_second : 0;
    double burst = rows_per_second * BURST_SECONDS;
    t->burst = !limited ? 0 : burst < 1 ? 1 : burst;
    t->tokens = 0;
    t->last_ns = now_ns;
}

int64_t row_throttle_take(row_throttle *t, int n, int64_t now_ns)
{
    if (t->rate <= 0 || n <= 0) return 0;
    if (now_ns > t->last_ns) {
        t->tokens += (double)(now_ns - t->last_ns) / NS_PER_S * t->rate;
        if (t->tokens > t->burst) t->tokens = t->burst;
        t->last_ns = now_ns;
    }
    t->tokens -= n;
    if (t->tokens >= 0) return 0;
    double wait_ns = -t->tokens / t->rate * NS_PER_S;
    if (wait_ns >= 9.2e18) return INT64_MAX;
    int64_t whole = (int64_t)wait_ns;
    return whole < wait_ns ? whole + 1 : whole; /* rounded up: never a little early */
}

/* "HH:MM" at s (exactly five characters): minutes after midnight, or -1
 * with *why set. */
static int parse_clock(const char *s, const char **why)
{
    for (int i = 0; i < 5; i++)
        if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9')) {
            *why = "each time needs two digits for the hour and two for the minute (HH:MM)";
            return -1;
        }
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23) { *why = "an hour runs from 00 to 23"; return -1; }
    if (m > 59) { *why = "a minute runs from 00 to 59"; return -1; }
    return h * 60 + m;
}

dl_err time_window_parse(const char *s, time_window *out, dl_error *e)
{
    *out = (time_window){0, 0, 1};
    if (!s || !*s) return DL_OK;
    const char *why = "write it as HH:MM-HH:MM";
    int start = -1, end = -1;
    if (strlen(s) == 11 && s[5] == '-') {
        start = parse_clock(s, &why);
        if (start >= 0) end = parse_clock(s + 6, &why);
    }
    if (start < 0 || end < 0)
        return dl_fail(e, DL_EINVAL, "the time window \"%.40s\" is not valid: %s, e.g. 22:00-06:00 (or empty for always)", s, why);
    if (start == end)
        return dl_fail(e, DL_EINVAL, "the time window \"%.40s\" starts and ends at the same minute: leave it empty to allow all day", s);
    *out = (time_window){start, end, 0};
    return DL_OK;
}

int time_window_wait_minutes(const time_window *w, int minute_of_day)
{
    if (w->always) return 0;
    int m = ((minute_of_day % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    int open = w->start_min < w->end_min ? (m >= w->start_min && m < w->end_min)
                                         : (m >= w->start_min || m < w->end_min);
    return open ? 0 : (w->start_min - m + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}
