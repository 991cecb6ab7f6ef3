/* guide_views.h — the knowledge guide's page views, counted privately and
 * cheaply (issue 15 item 3; docs/followup.md). No third-party analytics, no
 * cookie, no address: a view is one count for (guide item, local day).
 *
 * Where: the router calls guide_views_note() for every request of a route
 * marked ROUTE_COUNT_VIEW after its answer is settled — so a page served
 * from the page cache, and a 304 that tells the browser its copy is still
 * good, are counted like a rendered one. What counts is guide_views_counts():
 *   - a GET (not a HEAD) whose answer is 200 or 304 (not a 404, a redirect
 *     to the RDF document, an error);
 *   - for the HTML page (not JSON, not /guide/ID.ttl and the like);
 *   - not from a client whose User-Agent says it is a bot ("bot",
 *     "crawler", "spider", any case);
 *   - not by a signed-in guide editor (their reading while they edit is
 *     not the readers' use; the edit page's preview is another route).
 *
 * How: the counts are kept in a small table in memory behind one mutex (a
 * lookup and an increment; the request's path is not written anywhere) and
 * guide_views_flush() adds them to the store (store/guide_views.h) —
 * `datalots serve` does so every GUIDE_VIEWS_FLUSH_SECONDS and once at stop,
 * so the page path never writes to the store. When the table is full (more
 * than GUIDE_VIEWS_SLOTS pages and days between two flushes) further new
 * pages are dropped and counted in guide_views_dropped(). */
#ifndef DATALOTS_WEB_GUIDE_VIEWS_H
#define DATALOTS_WEB_GUIDE_VIEWS_H

#include <stdint.h>
#include "core/err.h"
#include "db/db.h"
#include "web/http.h"

#define GUIDE_VIEWS_SLOTS 4096 /* (item, day) pairs held between flushes (power of two) */
#define GUIDE_VIEWS_FLUSH_SECONDS 60

typedef struct guide_views guide_views;

guide_views *guide_views_new(void); /* NULL: out of memory */
void guide_views_free(guide_views *v);

/* 1 when a User-Agent says it is a bot ("bot", "crawler", "spider", any case). */
int guide_views_bot(const char *ua);
/* 1 when r, answered, is a view to count by the rule above. */
int guide_views_counts(request *r);
/* Counts r when guide_views_counts(r): its first path parameter is the item. v may be NULL. */
void guide_views_note(guide_views *v, request *r);
/* One view of item (len bytes) on day; for the router and the tests. */
void guide_views_add_one(guide_views *v, const char *item, size_t len, const char *day);

/* Adds the counts held to the store and forgets them; when the store
 * refuses they are kept for the next flush. *written: the views written. */
dl_err guide_views_flush(guide_views *v, db *d, int64_t *written, dl_error *e);

/* Views not counted because the table was full, since start. */
uint64_t guide_views_dropped(guide_views *v);

#endif
