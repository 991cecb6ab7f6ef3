/* obstacle_subscription.c — the expiry of a pending subscription
 * (obstacle_subscription.h). */
#include "core/obstacle_subscription.h"

int64_t obstacle_subscription_live_after(int64_t now)
{
    return now < INT64_MIN + SUBSCRIPTION_PENDING_SECONDS ? INT64_MIN : now - SUBSCRIPTION_PENDING_SECONDS;
}

int obstacle_subscription_expired(int64_t requested_at, int64_t now)
{
    return requested_at <= obstacle_subscription_live_after(now);
}
