/* followup_cache.h — the follow-up figures' HTML (report/followup_html.c,
 * the fragment /uppfoljning shows) kept in memory for the minute the page
 * is stamped with, so a page asked for again costs a copy instead of the
 * reads of a period's every case and obstacle.
 *
 * An entry is found by its key, which the handler makes of everything the
 * fragment depends on: the period, the language, the store's change counter
 * (store/store_version.h, read before the figures: any write to a versioned
 * table, on any server sharing the store, makes a new key) and the minute
 * the page says it was made ("Skapad …"). What the counter does not cover
 * — the searches with no hit and the guide's page views, the obstacles'
 * ages in days — is as of that minute, which is what the page says. Viewer-free: the figures are the
 * whole installation's and the same for everyone allowed to see them.
 *
 *     char key[FOLLOWUP_CACHE_KEY];
 *     const char *html = followup_cache_get(key, r->a);  // NULL: render, then followup_cache_put
 *
 * Thread-safe (one mutex); FOLLOWUP_CACHE_SLOTS entries, the oldest
 * replaced; a fragment over FOLLOWUP_CACHE_MAX_BYTES is not kept. */
#ifndef DATALOTS_FOLLOWUP_CACHE_H
#define DATALOTS_FOLLOWUP_CACHE_H

#include <stddef.h>

#include "core/arena.h"

#define FOLLOWUP_CACHE_KEY 160
#define FOLLOWUP_CACHE_SLOTS 8
#define FOLLOWUP_CACHE_MAX_BYTES (1u << 20)

/* A copy in a of the fragment kept under key, or NULL (none, or out of memory). */
const char *followup_cache_get(const char *key, arena *a);
/* Keeps html (len bytes) under key, replacing the oldest entry. */
void followup_cache_put(const char *key, const char *html, size_t len);
/* Forgets every entry (tests). */
void followup_cache_clear(void);

#endif
