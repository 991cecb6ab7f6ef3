/* mail_backoff.c — the outbox's retry schedule (see mail_backoff.h). */
#include "core/mail_backoff.h"

int64_t mail_backoff_delay(int64_t failed_attempts)
{
    if (failed_attempts < 1) failed_attempts = 1;
    int64_t delay = MAIL_BACKOFF_BASE_SECONDS;
    for (int64_t i = 1; i < failed_attempts && delay < MAIL_BACKOFF_MAX_SECONDS; i++) delay *= 2;
    return delay < MAIL_BACKOFF_MAX_SECONDS ? delay : MAIL_BACKOFF_MAX_SECONDS;
}

int mail_backoff_gives_up(int64_t failed_attempts) { return failed_attempts >= MAIL_MAX_ATTEMPTS; }
