/* submit_limit.h — the flood limit on anonymous submissions, as pure
 * arithmetic (the store keeps the counts: store/submit_limit.h).
 *
 * Each client address has a fixed window of SUBMIT_WINDOW_SECONDS (one
 * hour) that starts at its first submission; within it, the first `limit`
 * submissions of a kind (`serve --reports-per-hour`, default
 * SUBMIT_PER_WINDOW = 10; 0: no limit) are taken and every further one is
 * refused until the window ends; the next submission after that starts a
 * new window. So a person who reports ten obstacles in an
 * afternoon is never stopped, and a script is held to ten an hour per
 * address. Times are Unix seconds. */
#ifndef DATALOTS_SUBMIT_LIMIT_H
#define DATALOTS_SUBMIT_LIMIT_H

#include <stdint.h>

#define SUBMIT_WINDOW_SECONDS 3600
#define SUBMIT_PER_WINDOW 10

/* After a submission counted as number `sent` of the window that began at
 * window_start: 0 when it is taken (sent <= limit, or limit 0), else the
 * time from which the next one will be (the window's end). */
int64_t submit_limit_refused_until(int64_t window_start, int64_t sent, int limit);

/* The key an address is counted under: an IPv4 address as it is (also
 * when written IPv4-mapped, ::ffff:a.b.c.d); an IPv6 address by its /64,
 * the block one subscriber gets, so that a script cannot take a fresh
 * address of its block for every request ("2001:db8:1:2::/64"); anything
 * else as it is. out holds at least SUBMIT_ADDRESS_KEY_SIZE bytes. */
#define SUBMIT_ADDRESS_KEY_SIZE 64
void submit_limit_address_key(const char *client, char out[SUBMIT_ADDRESS_KEY_SIZE]);

/* Whole minutes to wait from now until `until`, at least 1. */
int submit_limit_minutes_left(int64_t until, int64_t now);

#endif
