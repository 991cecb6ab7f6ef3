/* clock.h — the one source of "now", so tests can move time (session
 * timeouts, lockouts, year change of diary numbers) without sleeping. Stored
 * times are UTC; people see Europe/Stockholm (set in main via TZ). */
#ifndef DATALOTS_CLOCK_H
#define DATALOTS_CLOCK_H

#include <stdint.h>

int64_t clock_now(void);              /* epoch seconds */
void clock_set_fake(int64_t now);     /* tests only; 0 = real time again */
/* "2026-11-25T10:55:41Z" */
void clock_iso_utc(int64_t t, char out[32]);
/* "2026-11-25 11:55" in Europe/Stockholm (or the process TZ) */
void clock_local_minute(int64_t t, char out[32]);
/* "2026-11-25" in local time */
void clock_local_date(int64_t t, char out[16]);
int clock_local_year(int64_t t);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" back to epoch seconds; -1 if malformed. */
int64_t clock_parse_iso_utc(const char *s);

#endif
