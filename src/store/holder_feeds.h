/* holder_feeds.h — the feeds of other data holders a national installation
 * compares (table holder_feed, migration 0049; issue 15 item 4;
 * docs/holder-feeds.md). The CLI `datalots holders` manages the list and
 * fetches; /jamfor reads it. A fetched body is stored only once
 * core/holder_profile.h has read it as valid; a failed fetch keeps the last
 * good copy and records why. */
#ifndef DATALOTS_STORE_HOLDER_FEEDS_H
#define DATALOTS_STORE_HOLDER_FEEDS_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

#define HOLDER_FEEDS_MAX 200
#define HOLDER_FEED_URL_MAX 2000

typedef struct holder_feed_rec {
    int64_t id;
    const char *url, *added_at, *tried_at, *fetched_at, *last_error, *body;
} holder_feed_rec;

/* Adds url (its own transaction, audited as holder_feed.add): DL_ECONFLICT
 * when it is listed already, DL_ELIMIT when HOLDER_FEEDS_MAX are. The URL is
 * checked by the caller (core/holder_profile.h holder_feed_url_valid). */
dl_err holder_feed_add(db *d, const audit_actor *who, const char *url, int64_t *id_out, dl_error *e);
/* Removes url (audited): DL_ENOTFOUND when it is not listed. */
dl_err holder_feed_remove(db *d, const audit_actor *who, const char *url, dl_error *e);
/* Every feed in the order added; with_body 0 leaves body "". */
dl_err holder_feed_list(db *d, arena *a, int with_body, holder_feed_rec *out, int max, int *n, dl_error *e);
/* A fetch at time at (ISO UTC): body a valid profile (then fetched_at =
 * at, last_error ''), or body NULL and error the reason (body kept). */
dl_err holder_feed_record(db *d, int64_t id, const char *at, const char *body, const char *error, dl_error *e);

#endif
