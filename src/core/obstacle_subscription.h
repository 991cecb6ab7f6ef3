/* obstacle_subscription.h — how long a request to follow an obstacle by
 * e-mail waits for its confirmation, as pure arithmetic (the store keeps
 * the subscriptions: store/obstacle_subscription.h).
 *
 * Double opt-in: a request is pending until the link in its confirmation
 * mail is followed. A pending request expires SUBSCRIPTION_PENDING_SECONDS
 * (7 days) after it was made; its link then says the link has run out, and
 * the row is swept at the next request. Asking again for the same address
 * sends a new link and the 7 days start over. A confirmed subscription
 * never expires: it ends when its unsubscribe link is used. Times are Unix
 * seconds. */
#ifndef DATALOTS_CORE_OBSTACLE_SUBSCRIPTION_H
#define DATALOTS_CORE_OBSTACLE_SUBSCRIPTION_H

#include <stdint.h>

#define SUBSCRIPTION_PENDING_DAYS 7
#define SUBSCRIPTION_PENDING_SECONDS ((int64_t)SUBSCRIPTION_PENDING_DAYS * 86400)

/* 1 when a pending request made at requested_at has expired at now (the
 * full 7 days have passed), else 0. A request time in the future (a clock
 * set back) is not expired. */
int obstacle_subscription_expired(int64_t requested_at, int64_t now);

/* The time before which a pending request made then is still live: now
 * less SUBSCRIPTION_PENDING_SECONDS (no overflow for any now). */
int64_t obstacle_subscription_live_after(int64_t now);

#endif
