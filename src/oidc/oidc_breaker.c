/* oidc_breaker.c — the circuit breaker per provider (see oidc_breaker.h):
 * a small table of the providers that timed out, under a mutex. */
#include "oidc/oidc_breaker.h"

#include <pthread.h>

enum { BREAKER_SLOTS = 32 }; /* providers that timed out recently; more share the oldest slot */

static struct {
    int64_t provider_id, tripped_at;
} slots[BREAKER_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int64_t oidc_breaker_wait(int64_t provider_id, int64_t now, int hold_off)
{
    int64_t wait = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < BREAKER_SLOTS; i++)
        if (slots[i].provider_id == provider_id && provider_id) {
            int64_t left = slots[i].tripped_at + hold_off - now;
            if (left > 0) wait = left;
            break;
        }
    pthread_mutex_unlock(&lock);
    return wait;
}

void oidc_breaker_trip(int64_t provider_id, int64_t now)
{
    pthread_mutex_lock(&lock);
    int at = 0;
    for (int i = 0; i < BREAKER_SLOTS; i++) {
        if (slots[i].provider_id == provider_id) { at = i; break; }
        if (slots[i].tripped_at < slots[at].tripped_at) at = i;
    }
    slots[at].provider_id = provider_id;
    slots[at].tripped_at = now;
    pthread_mutex_unlock(&lock);
}

void oidc_breaker_reset(int64_t provider_id)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < BREAKER_SLOTS; i++)
        if (slots[i].provider_id == provider_id) slots[i].provider_id = slots[i].tripped_at = 0;
    pthread_mutex_unlock(&lock);
}
