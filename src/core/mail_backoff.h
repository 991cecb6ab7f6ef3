/* mail_backoff.h — when the outbox tries a mail again after a failed
 * attempt, as pure arithmetic (the store applies it, src/store/outbox.c).
 *
 * After the n-th failed attempt (n = 1, 2, …) the next one is due
 *     failed_at + min(60 s * 2^(n - 1), 4 h)
 * so: 1 → 1 min, 2 → 2 min, 3 → 4 min, 4 → 8 min, 5 → 16 min, 6 → 32 min,
 * 7 → 64 min, 8 → 128 min, 9 to 14 → 4 h (the cap). The 15th failed
 * attempt gives up: the mail is marked failed and waits for an
 * administrator (`Försök igen` on /admin/outbox). From the first attempt to
 * the last that is 1695 minutes, a little over 28 hours — an SMTP server
 * down for a night loses nothing. A permanent refusal (the receiving server
 * says the address does not exist, 5xx) gives up at once. Times are Unix
 * seconds. */
#ifndef DATALOTS_MAIL_BACKOFF_H
#define DATALOTS_MAIL_BACKOFF_H

#include <stdint.h>

#define MAIL_BACKOFF_BASE_SECONDS 60
#define MAIL_BACKOFF_MAX_SECONDS (4 * 3600)
#define MAIL_MAX_ATTEMPTS 15

/* Seconds to wait after the n-th failed attempt (n < 1 counts as 1);
 * never more than MAIL_BACKOFF_MAX_SECONDS. */
int64_t mail_backoff_delay(int64_t failed_attempts);

/* 1 when the n-th failed attempt was the last (n >= MAIL_MAX_ATTEMPTS). */
int mail_backoff_gives_up(int64_t failed_attempts);

#endif
