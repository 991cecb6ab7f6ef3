/* clock.c — real or fake "now", and ISO 8601 formatting. */
#include "core/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t fake_now;

int64_t clock_now(void)
{
    int64_t f = atomic_load(&fake_now);
    return f ? f : (int64_t)time(NULL);
}

void clock_set_fake(int64_t now) { atomic_store(&fake_now, now); }

void clock_iso_utc(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_local_minute(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

void clock_local_date(int64_t t, char out[16])
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

int clock_local_year(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return tm.tm_year + 1900;
}

int64_t clock_parse_iso_utc(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s || strlen(s) != 20) return -1;
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end) return -1;
    return (int64_t)timegm(&tm);
}
