/* calendar.h — the one calendar of datalots: strict ISO 8601 dates
 * (YYYY-MM-DD), the proleptic Gregorian calendar, day arithmetic, and the
 * Swedish working day for deadlines. Pure: no I/O, no time zone, no locale.
 *
 * Holidays (allmänna helgdagar, lag (1989:253) om allmänna helgdagar):
 *   nyårsdagen 1 Jan, trettondedag jul 6 Jan, långfredagen (Easter − 2),
 *   påskdagen, annandag påsk (Easter + 1), första maj 1 May, Kristi
 *   himmelsfärds dag (Easter + 39), pingstdagen (Easter + 49), Sveriges
 *   nationaldag 6 Jun, midsommardagen (the Saturday 20–26 Jun), alla helgons
 *   dag (the Saturday 31 Oct–6 Nov), juldagen 25 Dec, annandag jul 26 Dec,
 *   and every Sunday.
 * A working day is Monday to Friday, not a holiday and not midsommarafton,
 * julafton or nyårsafton, which arbetstidslagen (1982:673) 13 § treats as
 * holidays. */
#ifndef DATALOTS_CALENDAR_H
#define DATALOTS_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

typedef struct cal_date {
    int year, month, day;  /* month 1..12, day 1..31 */
} cal_date;

int cal_is_leap(int year);
/* 28..31, or 0 when month is not 1..12. */
int cal_days_in_month(int year, int month);
/* 1 when (year, month, day) is a real date with year in 1..9999. */
int cal_valid(cal_date d);

/* Parses exactly "YYYY-MM-DD" (n bytes; digits where digits belong, no
 * spaces, no signs) as a real date whose year lies in min_year..max_year.
 * 1 and *out on success, 0 otherwise (out untouched). */
/* The number the n ASCII digits at s spell; -1 if one of them is not a
 * digit (n small enough for an int: a year, a month, a day). */
int cal_digits(const char *s, int n);
int cal_parse_iso(const char *s, size_t n, int min_year, int max_year, cal_date *out);
/* "YYYY-MM-DD" into out (at least 11 bytes). */
void cal_format_iso(cal_date d, char out[11]);

/* Days since 1970-01-01 (negative before), and back. */
int64_t cal_to_days(cal_date d);
cal_date cal_from_days(int64_t days);
cal_date cal_add_days(cal_date d, int64_t n);
/* 1 Monday … 7 Sunday (ISO 8601). */
int cal_weekday(cal_date d);

/* Easter Sunday of a Gregorian year (anonymous Gregorian algorithm). */
cal_date cal_easter(int year);
/* 1 for an allmän helgdag (Sundays included), see above. */
int cal_is_holiday(cal_date d);
/* 1 for a Swedish working day, see above. */
int cal_is_working_day(cal_date d);
/* The date n working days after d: the n-th working day after it (from a
 * Saturday, 1 gives the Monday); n <= 0 gives d when it is a working day,
 * else the next working day. */
cal_date cal_add_working_days(cal_date d, int n);

#endif
