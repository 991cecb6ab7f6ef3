/* holder_refresh.c — fetching the holder feeds; see holder_refresh.h. */
#include "cli/holder_refresh.h"

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/arena.h"
#include "core/capped_buf.h"
#include "core/clock.h"
#include "core/holder_profile.h"
#include "store/holder_feeds.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FETCH_TIMEOUT 20L
#define CONNECT_TIMEOUT 10L

/* Fetches url into *b; NULL when it worked, else why not (static or in a). */
static const char *fetch(arena *a, const char *url, capped_buf *b)
{
    CURL *h = curl_easy_init();
    if (!h) return "libcurl could not start";
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, FETCH_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HOLDER_PROFILE_MAX_BYTES);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "datalots/" DATALOTS_VERSION " (holder feeds)");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, capped_buf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(h);
    if (b->over || rc == CURLE_FILESIZE_EXCEEDED) return "the feed is larger than 1 MiB";
    if (rc == CURLE_OPERATION_TIMEDOUT) return "the feed did not answer within 20 seconds";
    if (rc != CURLE_OK) return arena_printf(a, "the feed could not be fetched: %s", *errbuf ? errbuf : curl_easy_strerror(rc));
    if (status != 200) return arena_printf(a, "the feed answered HTTP %ld", status);
    if (!b->p) return "the feed was empty";
    return NULL;
}

dl_err holder_refresh_run(db *d, FILE *out, const char *prefix, const atomic_int *stop, int *failed, dl_error *e)
{
    *failed = 0;
    arena *a = arena_new(1 << 16);
    holder_feed_rec *f = a ? arena_alloc(a, sizeof *f * HOLDER_FEEDS_MAX) : NULL;
    int n = 0;
    dl_err rc = f ? holder_feed_list(d, a, 0, f, HOLDER_FEEDS_MAX, &n, e) : dl_fail(e, DL_ENOMEM, "out of memory");
    for (int i = 0; rc == DL_OK && i < n && !(stop && atomic_load(stop)); i++) {
        capped_buf b = {.max = HOLDER_PROFILE_MAX_BYTES};
        const char *why = fetch(a, f[i].url, &b);
        holder_profile p;
        dl_error pe;
        if (!why && holder_profile_parse(a, b.p, b.len, &p, &pe) != DL_OK) why = arena_printf(a, "%s", pe.msg);
        char now[32];
        clock_iso_utc(clock_now(), now);
        rc = holder_feed_record(d, f[i].id, now, why ? NULL : b.p, why, e);
        dl_free(b.p);
        if (rc != DL_OK) break;
        if (why) {
            (*failed)++;
            fprintf(out, "%sfailed\t%s\t%s (the last good copy is kept)\n", prefix, f[i].url, why);
        } else {
            fprintf(out, "%sok\t%s\t%d organisations\n", prefix, f[i].url, p.n_orgs);
        }
        fflush(out);
    }
    arena_free(a);
    return rc;
}

/* ---- the thread in serve ----------------------------------------------------------- */

struct holder_refresher {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    int interval;
    char *db_url;
};

static void wait_interval(holder_refresher *r)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += r->interval;
    pthread_mutex_lock(&r->mu);
    while (!atomic_load(&r->stop))
        if (pthread_cond_timedwait(&r->cv, &r->mu, &until) == ETIMEDOUT) break;
    pthread_mutex_unlock(&r->mu);
}

static void *refresher_main(void *arg)
{
    holder_refresher *r = arg;
    db *d = NULL;
    while (!atomic_load(&r->stop)) {
        dl_error e;
        dl_error_clear(&e);
        if (!d && db_open(r->db_url, &d, &e) != DL_OK) {
            fprintf(stderr, "datalots: holder feeds: cannot open the store: %s\n", e.msg);
            d = NULL;
        }
        int failed = 0;
        if (d && holder_refresh_run(d, stderr, "datalots: holder feeds: ", &r->stop, &failed, &e) != DL_OK) {
            fprintf(stderr, "datalots: holder feeds: the store failed: %s\n", e.msg);
            db_close(d); /* opened again next time */
            d = NULL;
        }
        wait_interval(r);
    }
    if (d) db_close(d);
    return NULL;
}

dl_err holder_refresher_start(const char *db_url, int interval_seconds, holder_refresher **out, dl_error *e)
{
    *out = NULL;
    holder_refresher *r = dl_calloc(1, sizeof *r);
    if (!r || !(r->db_url = dl_strdup(db_url))) {
        dl_free(r);
        return dl_fail(e, DL_ENOMEM, "out of memory starting the holder feed refresh");
    }
    r->interval = interval_seconds > 0 ? interval_seconds : 3600;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&r->mu, NULL);
    if (pthread_create(&r->thread, NULL, refresher_main, r) != 0) {
        pthread_cond_destroy(&r->cv);
        pthread_mutex_destroy(&r->mu);
        dl_free(r->db_url);
        dl_free(r);
        return dl_fail(e, DL_EIO, "cannot start the holder feed refresh thread");
    }
    *out = r;
    return DL_OK;
}

void holder_refresher_stop(holder_refresher *r)
{
    if (!r) return;
    pthread_mutex_lock(&r->mu);
    atomic_store(&r->stop, 1);
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    pthread_join(r->thread, NULL);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    dl_free(r->db_url);
    dl_free(r);
}
