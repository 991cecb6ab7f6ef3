/* test_followup_cache.c — web/followup_cache.c: a fragment comes back only
 * under its own key (another period, language, store version or minute
 * finds nothing), a key put again holds the newer fragment, the oldest of
 * a full cache goes first, an oversized fragment is not kept. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/followup_cache.h"

TEST(followup_cache_keys_replacement_and_size)
{
    followup_cache_clear();
    arena *a = arena_new(4096);
    followup_cache_put("2026-01-01|2026-12-31|0|41|2026-12-07 08:00", "<p>41</p>", 9);
    const char *got = followup_cache_get("2026-01-01|2026-12-31|0|41|2026-12-07 08:00", a);
    CHECK(got && strcmp(got, "<p>41</p>") == 0);
    CHECK(followup_cache_get("2026-01-01|2026-12-31|0|42|2026-12-07 08:00", a) == NULL); /* the store changed */
    CHECK(followup_cache_get("2026-01-01|2026-12-31|0|41|2026-12-07 08:01", a) == NULL); /* the next minute */
    CHECK(followup_cache_get("2026-01-01|2026-12-31|1|41|2026-12-07 08:00", a) == NULL); /* English */
    followup_cache_put("2026-01-01|2026-12-31|0|41|2026-12-07 08:00", "<p>new</p>", 10);
    got = followup_cache_get("2026-01-01|2026-12-31|0|41|2026-12-07 08:00", a);
    CHECK(got && strcmp(got, "<p>new</p>") == 0);
    /* Full: the oldest (the first) goes, the others stay. */
    char key[64];
    for (int i = 0; i < FOLLOWUP_CACHE_SLOTS; i++) {
        snprintf(key, sizeof key, "k%d", i);
        followup_cache_put(key, key, strlen(key));
    }
    CHECK(followup_cache_get("2026-01-01|2026-12-31|0|41|2026-12-07 08:00", a) == NULL);
    for (int i = 0; i < FOLLOWUP_CACHE_SLOTS; i++) {
        snprintf(key, sizeof key, "k%d", i);
        got = followup_cache_get(key, a);
        CHECK(got && strcmp(got, key) == 0);
    }
    /* Too big to keep. */
    size_t big = FOLLOWUP_CACHE_MAX_BYTES + 1;
    char *html = malloc(big);
    CHECK(html);
    memset(html, 'x', big);
    followup_cache_put("big", html, big);
    CHECK(followup_cache_get("big", a) == NULL);
    free(html);
    followup_cache_clear();
    CHECK(followup_cache_get("k1", a) == NULL);
    arena_free(a);
}
