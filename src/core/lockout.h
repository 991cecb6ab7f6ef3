/* lockout.h — back-off after failed sign-ins, as pure arithmetic.
 *
 * The first four failures cost nothing. From the fifth consecutive failure
 * on, the account is locked until
 *     last_failure_at + min(60 s * 2^(failures - 5), 3600 s)
 * so: 5 → 1 min, 6 → 2 min, 7 → 4 min, 8 → 8 min, 9 → 16 min, 10 → 32 min,
 * 11 and more → 60 min (the cap). Times are Unix seconds. */
#ifndef DATALOTS_LOCKOUT_H
#define DATALOTS_LOCKOUT_H

#include <stdint.h>

#define LOCKOUT_FREE_FAILURES 4     /* failures allowed before any delay */
#define LOCKOUT_BASE_SECONDS 60     /* delay at the fifth failure */
#define LOCKOUT_MAX_SECONDS 3600    /* the delay never grows beyond this */

/* The Unix time until which sign-in is refused, or 0 when it is not
 * (failures < 5, which includes any negative count). Never overflows: for
 * any failure count the delay is at most LOCKOUT_MAX_SECONDS, and when
 * last_failure_at + delay would exceed INT64_MAX the result is INT64_MAX.
 * A result at or before "now" means the lock has expired. */
int64_t lockout_until(int failures, int64_t last_failure_at);

/* The same doubling from 60 s to the one-hour cap, after `free_failures`
 * failures that cost nothing: lockout_until() is free_failures 4. The
 * back-off of one account over every address together (a guesser who
 * spreads over many addresses) uses LOCKOUT_SPREAD_FREE_FAILURES:
 *     20 → 1 min, 21 → 2 min … 26 and more → 60 min. */
#define LOCKOUT_SPREAD_FREE_FAILURES 19
int64_t lockout_until_after(int free_failures, int failures, int64_t last_failure_at);

#endif
