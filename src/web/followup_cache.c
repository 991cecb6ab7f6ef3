/* followup_cache.c — the follow-up fragments kept per key; see
 * followup_cache.h. A handful of slots behind one mutex: the page is asked
 * for by a few coordinators, not by the public. */
#include "web/followup_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static struct slot {
    char key[FOLLOWUP_CACHE_KEY];
    char *html;
    size_t len;
    unsigned long long age; /* when it was kept: the smallest is replaced first */
} slots[FOLLOWUP_CACHE_SLOTS];
static unsigned long long clock_ticks;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

const char *followup_cache_get(const char *key, arena *a)
{
    char *out = NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < FOLLOWUP_CACHE_SLOTS; i++)
        if (slots[i].html && strcmp(slots[i].key, key) == 0) {
            out = arena_alloc(a, slots[i].len + 1);
            if (out) {
                memcpy(out, slots[i].html, slots[i].len);
                out[slots[i].len] = 0;
            }
            break;
        }
    pthread_mutex_unlock(&lock);
    return out;
}

void followup_cache_put(const char *key, const char *html, size_t len)
{
    if (strlen(key) >= FOLLOWUP_CACHE_KEY || len > FOLLOWUP_CACHE_MAX_BYTES) return;
    char *copy = malloc(len + 1);
    if (!copy) return;
    memcpy(copy, html, len);
    copy[len] = 0;
    pthread_mutex_lock(&lock);
    int k = -1; /* the key's own slot, else an empty one, else the oldest */
    for (int i = 0; i < FOLLOWUP_CACHE_SLOTS && k < 0; i++)
        if (slots[i].html && strcmp(slots[i].key, key) == 0) k = i;
    for (int i = 0; i < FOLLOWUP_CACHE_SLOTS && k < 0; i++)
        if (!slots[i].html) k = i;
    if (k < 0) {
        k = 0;
        for (int i = 1; i < FOLLOWUP_CACHE_SLOTS; i++)
            if (slots[i].age < slots[k].age) k = i;
    }
    free(slots[k].html);
    memcpy(slots[k].key, key, strlen(key) + 1);
    slots[k].html = copy;
    slots[k].len = len;
    slots[k].age = ++clock_ticks;
    pthread_mutex_unlock(&lock);
}

void followup_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < FOLLOWUP_CACHE_SLOTS; i++) {
        free(slots[i].html);
        slots[i].html = NULL;
    }
    pthread_mutex_unlock(&lock);
}
