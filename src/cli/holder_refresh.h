/* holder_refresh.h — fetching the holder feeds this (national)
 * installation compares on /jamfor (issue 15 item 4; docs/holder-feeds.md):
 * one pass over every listed feed, for `datalots holders refresh`, and a
 * thread that runs a pass at start and then every --holders-refresh
 * seconds inside `datalots serve`, on a store connection of its own.
 * Each feed is fetched with libcurl (http and https only, also after a
 * redirect, at most 3; 10 s to connect, 20 s in all, at most
 * HOLDER_PROFILE_MAX_BYTES), read with core/holder_profile.h and stored only
 * when valid; a feed that fails keeps its last good copy and the reason is
 * stored. Call curl_global_init() before either. */
#ifndef DATALOTS_HOLDER_REFRESH_H
#define DATALOTS_HOLDER_REFRESH_H

#include <stdatomic.h>
#include <stdio.h>

#include "db/db.h"

/* One pass. Each feed's outcome is a line on out after prefix: "ok\tURL\tN
 * organisations" or "failed\tURL\tREASON (the last good copy is kept)".
 * *failed counts the feeds that failed. stop (may be NULL) ends the pass
 * between two feeds. DL_OK unless the store failed. */
dl_err holder_refresh_run(db *d, FILE *out, const char *prefix, const atomic_int *stop, int *failed, dl_error *e);

typedef struct holder_refresher holder_refresher;

/* Starts the thread for store url: a pass now, then one every
 * interval_seconds; its lines go to standard error. */
dl_err holder_refresher_start(const char *db_url, int interval_seconds, holder_refresher **out, dl_error *e);
/* Asks the thread to stop, lets the feed it is fetching finish (at most
 * 20 s), joins it and frees it. NULL is fine. */
void holder_refresher_stop(holder_refresher *r);

#endif
