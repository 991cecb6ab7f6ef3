/* deadline.c — target times of a case's steps in Europe/Stockholm (see
 * deadline.h). */
#include "core/deadline.h"

/* The last Sunday of month (March or October) of year. */
static cal_date last_sunday(int year, int month)
{
    cal_date d = {year, month, cal_days_in_month(year, month)};
    return cal_add_days(d, -(cal_weekday(d) % 7));
}

int deadline_stockholm_offset(int64_t utc)
{
    int64_t day = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
    int year = cal_from_days(day).year;
    int64_t begin = cal_to_days(last_sunday(year, 3)) * 86400 + 3600;
    int64_t end = cal_to_days(last_sunday(year, 10)) * 86400 + 3600;
    return utc >= begin && utc < end ? 7200 : 3600;
}

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

cal_date deadline_local_date(int64_t utc)
{
    return cal_from_days(floor_div(utc + deadline_stockholm_offset(utc), 86400));
}

int64_t deadline_local_midnight(cal_date d)
{
    /* Local midnight is never inside a change (they happen at 02:00 and
     * 03:00 local), so the offset two hours before UTC midnight decides. */
    int64_t utc_midnight = cal_to_days(d) * 86400;
    return deadline_stockholm_offset(utc_midnight - 7200) == 7200 ? utc_midnight - 7200 : utc_midnight - 3600;
}

/* Days d counted as unit says with from <= d < to (local dates). */
static int days_in(cal_date from, cal_date to, due_unit unit)
{
    int64_t a = cal_to_days(from), b = cal_to_days(to);
    if (b <= a) return 0;
    if (b - a > 40 * 366) b = a + 40 * 366; /* bounded: a broken stored time must not spin */
    if (unit == DUE_CALENDAR_DAYS) return (int)(b - a);
    int n = 0;
    for (int64_t x = a; x < b; x++) n += cal_is_working_day(cal_from_days(x));
    return n;
}

int deadline_paused_days(due_pause p, due_unit unit, int64_t now)
{
    int64_t to = p.to ? p.to : now;
    if (!p.from || to <= p.from) return 0;
    return days_in(deadline_local_date(p.from), deadline_local_date(to), unit);
}

int deadline_days_between(int64_t a, int64_t b, due_unit unit)
{
    if (b <= a) return 0;
    cal_date da = deadline_local_date(a), db = deadline_local_date(b);
    return days_in(cal_add_days(da, 1), cal_add_days(db, 1), unit);
}

static cal_date add_days(cal_date d, int n, due_unit unit)
{
    if (unit == DUE_CALENDAR_DAYS) return cal_add_days(d, n);
    return n > 0 ? cal_add_working_days(d, n) : d;
}

cal_date deadline_due_date(int64_t start, int n, due_unit unit, const due_pause *pauses, int np, int64_t now)
{
    if (n < 0) n = 0;
    if (n > DUE_DAYS_MAX) n = DUE_DAYS_MAX;
    int paused = 0;
    for (int i = 0; pauses && i < np; i++) {
        paused += deadline_paused_days(pauses[i], unit, now);
        if (paused > DUE_DAYS_MAX) paused = DUE_DAYS_MAX;
    }
    cal_date d = add_days(deadline_local_date(start), n, unit);
    /* The pause's days are added counted the same way, after the target. */
    for (int i = 0; i < paused; i++) d = add_days(d, 1, unit);
    return d;
}

int64_t deadline_overdue_at(cal_date due) { return deadline_local_midnight(cal_add_days(due, 1)); }

due_status deadline_status(cal_date due, int64_t now)
{
    if (now >= deadline_overdue_at(due)) return DUE_OVERDUE;
    cal_date today = deadline_local_date(now);
    cal_date sunday = cal_add_days(today, 7 - cal_weekday(today));
    return cal_to_days(due) <= cal_to_days(sunday) ? DUE_THIS_WEEK : DUE_LATER;
}

const char *due_status_key(due_status s)
{
    switch (s) {
    case DUE_OVERDUE: return "overdue";
    case DUE_THIS_WEEK: return "this_week";
    case DUE_LATER: return "later";
    }
    return "later";
}
