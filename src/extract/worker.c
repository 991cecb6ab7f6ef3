/* worker.c — serve's extraction thread (worker.h). */
#include "extract/worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "extract/runner.h"
#include "store/extraction.h"

struct extract_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    int interval;
    char *db_url, *dir;
};

static void wait_interval(extract_worker *w)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += w->interval;
    pthread_mutex_lock(&w->mu);
    while (!atomic_load(&w->stop))
        if (pthread_cond_timedwait(&w->cv, &w->mu, &until) == ETIMEDOUT) break;
    pthread_mutex_unlock(&w->mu);
}

static void *worker_main(void *arg)
{
    extract_worker *w = arg;
    db *d = NULL;
    while (!atomic_load(&w->stop)) {
        dl_error e;
        dl_error_clear(&e);
        if (!d && db_open(w->db_url, &d, &e) != DL_OK) {
            fprintf(stderr, "datalots: extraction worker: cannot open the store: %s\n", e.msg);
            d = NULL;
        }
        arena *a = d ? arena_new(4096) : NULL;
        extraction_run_rec run;
        /* Every claimable run, one after the other, before waiting again. */
        while (a && !atomic_load(&w->stop) && extraction_run_claim(d, 0, clock_now(), &run, a, &e) == DL_OK) {
            extract_options o = {.extract_dir = w->dir, .want_xlsx = 1, .stop = &w->stop};
            int stopped = 0;
            fprintf(stderr, "datalots: extraction worker: run %lld of case %lld\n", (long long)run.id,
                    (long long)run.case_id);
            if (extract_run(d, &run, &o, &stopped, &e) != DL_OK)
                fprintf(stderr, "datalots: extraction worker: run %lld: %s\n", (long long)run.id, e.msg);
            arena_reset(a);
        }
        arena_free(a);
        wait_interval(w);
    }
    if (d) db_close(d);
    return NULL;
}

static void worker_free(extract_worker *w)
{
    if (!w) return;
    dl_free(w->db_url);
    dl_free(w->dir);
    dl_free(w);
}

dl_err extract_worker_start(const char *db_url, const char *extract_dir, int interval_seconds, extract_worker **out,
                            dl_error *e)
{
    *out = NULL;
    extract_worker *w = dl_calloc(1, sizeof *w);
    if (!w) return dl_fail(e, DL_ENOMEM, "out of memory starting the extraction worker");
    w->interval = interval_seconds > 0 ? interval_seconds : 5;
    w->db_url = dl_strdup(db_url);
    w->dir = dl_strdup(extract_dir);
    if (!w->db_url || !w->dir) {
        worker_free(w);
        return dl_fail(e, DL_ENOMEM, "out of memory starting the extraction worker");
    }
    pthread_mutex_init(&w->mu, NULL);
    /* The wait's deadline is on the monotonic clock (wait_interval). */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        worker_free(w);
        return dl_fail(e, DL_EINTERNAL, "cannot start the extraction worker thread");
    }
    *out = w;
    return DL_OK;
}

void extract_worker_stop(extract_worker *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    atomic_store(&w->stop, 1);
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    worker_free(w);
}
