/* throttle.h — the pacing arithmetic of an extraction run: a token bucket
 * that keeps the long-run read rate at a limit (rows per second), and the
 * allowed time window ("22:00-06:00") outside which a run waits. Pure: no
 * clock is read here; the caller passes the time, so tests run on a
 * simulated clock and the runner decides how to sleep (and to stay
 * cancellable while it does).
 *
 * The bucket: `tokens` grows at `rate` per second up to `burst`; taking n
 * rows subtracts n and may leave a debt, which is paid by sleeping
 * debt / rate seconds before the rows are read. It starts empty, so the
 * first batch waits as long as its share; a reader slower than the limit
 * never banks more than `burst` rows (a quarter second's worth), so after
 * a stall it cannot rush the source with more than that. */
#ifndef DATALOTS_THROTTLE_H
#define DATALOTS_THROTTLE_H

#include <stdint.h>

#include "core/err.h"

typedef struct row_throttle {
    double rate;     /* rows per second; 0 = unlimited */
    double burst;    /* the most rows banked while reading slower than the rate */
    double tokens;   /* rows that may be read now; negative = debt */
    int64_t last_ns; /* when tokens was last brought up to date */
} row_throttle;

/* rows_per_second <= 0 (or not a finite number): unlimited. */
void row_throttle_init(row_throttle *t, double rows_per_second, int64_t now_ns);

/* Takes n rows; returns the nanoseconds to sleep before reading them so the
 * long-run rate stays at the limit (0 when unlimited or within budget).
 * A clock that steps back counts as no time passed. */
int64_t row_throttle_take(row_throttle *t, int n, int64_t now_ns);

/* The allowed time window "HH:MM-HH:MM" in Europe/Stockholm local time (the
 * caller converts the clock); it may wrap midnight ("22:00-06:00"). Open
 * from the start minute up to, not including, the end minute. "" or NULL:
 * always open. Start equal to end is refused (empty or all day? say ""). */
typedef struct time_window {
    int start_min, end_min; /* minutes after midnight, 0..1439 */
    int always;
} time_window;

dl_err time_window_parse(const char *s, time_window *out, dl_error *e);

/* 0 when open at minute_of_day (0..1439), else minutes until it opens. */
int time_window_wait_minutes(const time_window *w, int minute_of_day);

#endif
