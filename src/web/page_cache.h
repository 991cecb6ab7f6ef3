/* page_cache.h — rendered pages kept in memory, so a page read again before
 * anything it shows changed costs a lookup instead of its queries and its
 * rendering. Only routes marked ROUTE_PAGE_CACHE in the route table take
 * part, and only after the router has checked sign-in, permission and the
 * query: the cache skips the handler, never a check.
 *
 * An entry is found by a BLAKE2b digest of everything the page may depend
 * on — the viewer (their session, or the anonymous CSRF cookie their forms
 * are bound to), user id and API token, the language, HTML or JSON, the path and query,
 * and the local date — and it is used only while the store's change counter
 * (store/store_version.h) still has the value read before the page was
 * rendered, and for at most PAGE_CACHE_TTL_SECONDS (so a page that says
 * "3 days left" is never older than that). Any write to a versioned table,
 * on this server or another sharing the store, raises the counter, so the
 * very next request renders anew. A cached route must read versioned
 * tables only.
 *
 * A page served or kept carries an ETag (web/etag.h) and "Cache-Control:
 * private, no-cache": the browser asks again each time, and when its
 * If-None-Match still names the page the answer is a 304 without a body.
 *
 * Kept: a 200 whose handler added no header of its own. Bounded by the
 * bytes given at creation (--page-cache); entries of an older counter are
 * dropped first, and a page that does not fit is simply not kept. */
#ifndef DATALOTS_PAGE_CACHE_H
#define DATALOTS_PAGE_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "web/etag.h"
#include "web/http.h"

#define PAGE_CACHE_SLOTS 1024             /* entries at most (power of two) */
#define PAGE_CACHE_MAX_PAGE (256u << 10)  /* bytes of one page at most */
#define PAGE_CACHE_TTL_SECONDS 60

typedef struct page_cache page_cache;

/* What page_cache_start and page_cache_serve learned for page_cache_keep. */
typedef struct page_cache_ticket {
    unsigned char digest[32];
    int64_t version;
    uint64_t store_errors; /* db_error_count() before the page was rendered */
    int usable;            /* 1: the counter was read; the page may be kept */
    char etag[ETAG_SIZE];  /* the page's tag once it was served or kept; "" before */
} page_cache_ticket;

/* NULL for max_bytes 0 (the cache is off) or out of memory. */
page_cache *page_cache_new(size_t max_bytes);
void page_cache_free(page_cache *pc);

/* First, before anything the page shows is read — the viewer's account and
 * grants included (the router calls it before loading the session): reads
 * the store's change counter into t. pc may be NULL. */
void page_cache_start(page_cache *pc, request *r, page_cache_ticket *t);
/* After the router's checks: 1 when r's response was filled from the
 * cache. Else 0, and the ticket says whether the page may be kept. */
int page_cache_serve(page_cache *pc, request *r, page_cache_ticket *t);
/* After the handler: keeps r's response when it is a 200, the handler
 * added no header (r->res.n_headers still headers_before) and no store
 * error happened while it was rendered (a page missing a part that failed
 * to load is not kept). Fills t->etag when it keeps the page. */
void page_cache_keep(page_cache *pc, request *r, page_cache_ticket *t, int headers_before);
/* After serve or keep: when the page has a tag (t->etag), adds ETag and
 * Cache-Control, and turns the answer into a 304 when the request's
 * If-None-Match names the tag. */
void page_cache_revalidate(request *r, const page_cache_ticket *t);

/* Counts since start, for /metrics and tests. */
typedef struct page_cache_stats { uint64_t hits, misses, kept, bytes; } page_cache_stats;
page_cache_stats page_cache_stats_of(page_cache *pc);

#endif
