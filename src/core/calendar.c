/* calendar.c — dates, day arithmetic and the Swedish working day (see
 * calendar.h). */
#include "core/calendar.h"

#include <stdio.h>

int cal_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int cal_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return days[month - 1] + (month == 2 && cal_is_leap(year));
}

int cal_valid(cal_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.day >= 1 && d.day <= cal_days_in_month(d.year, d.month);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

int cal_parse_iso(const char *s, size_t n, int min_year, int max_year, cal_date *out)
{
    cal_date d;
    if (!s || n != 10 || s[4] != '-' || s[7] != '-') return 0;
    if (!digits(s, 4, &d.year) || !digits(s + 5, 2, &d.month) || !digits(s + 8, 2, &d.day)) return 0;
    if (d.year < min_year || d.year > max_year || !cal_valid(d)) return 0;
    *out = d;
    return 1;
}

void cal_format_iso(cal_date d, char out[11])
{
    char full[48]; /* room for any int; a valid date gives exactly 10 characters */
    snprintf(full, sizeof full, "%04d-%02d-%02d", d.year, d.month, d.day);
    snprintf(out, 11, "%.10s", full);
}

/* Days from civil and back, by eras of 400 years (146097 days), with the
 * year starting in March so that the leap day comes last. */
int64_t cal_to_days(cal_date d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.month + 9) % 12; /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

cal_date cal_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    cal_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

cal_date cal_add_days(cal_date d, int64_t n) { return cal_from_days(cal_to_days(d) + n); }

int cal_weekday(cal_date d)
{
    int64_t days = cal_to_days(d);        /* 1970-01-01 was a Thursday (4) */
    int64_t w = (days % 7 + 7 + 3) % 7;   /* 0 Monday … 6 Sunday */
    return (int)w + 1;
}

cal_date cal_easter(int year)
{
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return (cal_date){year, month, day};
}

static int same_day(cal_date a, cal_date b) { return a.year == b.year && a.month == b.month && a.day == b.day; }

int cal_is_holiday(cal_date d)
{
    int wd = cal_weekday(d);
    if (wd == 7) return 1;
    int md = d.month * 100 + d.day;
    if (md == 101 || md == 106 || md == 501 || md == 606 || md == 1225 || md == 1226) return 1;
    if (wd == 6 && ((d.month == 6 && d.day >= 20 && d.day <= 26) ||         /* midsommardagen */
                    (d.month == 10 && d.day == 31) || (d.month == 11 && d.day <= 6))) /* alla helgons dag */
        return 1;
    cal_date easter = cal_easter(d.year);
    int64_t from_easter = cal_to_days(d) - cal_to_days(easter);
    return from_easter == -2 || from_easter == 1 || from_easter == 39 || same_day(d, easter) ||
           from_easter == 49;
}

int cal_is_working_day(cal_date d)
{
    int wd = cal_weekday(d);
    if (wd >= 6 || cal_is_holiday(d)) return 0;
    if (d.month == 12 && (d.day == 24 || d.day == 31)) return 0;     /* julafton, nyårsafton */
    if (d.month == 6 && wd == 5 && d.day >= 19 && d.day <= 25) return 0; /* midsommarafton */
    return 1;
}

cal_date cal_add_working_days(cal_date d, int n)
{
    if (n <= 0) {
        while (!cal_is_working_day(d)) d = cal_add_days(d, 1);
        return d;
    }
    for (int counted = 0; counted < n;) {
        d = cal_add_days(d, 1);
        if (cal_is_working_day(d)) counted++;
    }
    return d;
}

int cal_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}
