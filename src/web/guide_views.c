/* guide_views.c — see guide_views.h. An open-addressing table of
 * (item, day) → views behind one mutex; a flush swaps the table's contents
 * out under the mutex and writes them without it. */
#include "web/guide_views.h"
#include "core/alloc.h"
#include "core/authz.h"
#include "core/clock.h"
#include "store/guide_views.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

_Static_assert((GUIDE_VIEWS_SLOTS & (GUIDE_VIEWS_SLOTS - 1)) == 0, "GUIDE_VIEWS_SLOTS must be a power of two");

struct guide_views {
    pthread_mutex_t lock;
    int used;
    _Atomic uint64_t dropped;
    guide_view_count slots[GUIDE_VIEWS_SLOTS]; /* n == 0: free */
};

guide_views *guide_views_new(void)
{
    guide_views *v = dl_calloc(1, sizeof *v);
    if (!v) return NULL;
    pthread_mutex_init(&v->lock, NULL);
    return v;
}

void guide_views_free(guide_views *v)
{
    if (!v) return;
    pthread_mutex_destroy(&v->lock);
    dl_free(v);
}

int guide_views_bot(const char *ua)
{
    if (!ua) return 0;
    static const char *const words[] = {"bot", "crawler", "spider"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasestr(ua, words[i])) return 1;
    return 0;
}

int guide_views_counts(request *r)
{
    if (r->method != HTTP_GET || (r->res.status != 200 && r->res.status != 304)) return 0;
    if (r->wants_json || r->n_params < 1 || r->param_lens[0] == 0 || r->param_lens[0] > GUIDE_VIEW_ID_MAX) return 0;
    if (memchr(r->params[0], '.', r->param_lens[0])) return 0; /* /guide/ID.ttl …: a document, not the page */
    if (guide_views_bot(req_header(r, "User-Agent"))) return 0;
    if (r->user_id && authz_may_somewhere(&r->subject, ACT_GUIDE_EDIT)) return 0;
    return 1;
}

static uint64_t hash_of(const char *item, size_t len, const char *day)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)item[i]) * 1099511628211ULL;
    for (const char *p = day; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

static void add_locked(guide_views *v, const char *item, size_t len, const char *day, int64_t n)
{
    size_t mask = GUIDE_VIEWS_SLOTS - 1;
    for (size_t i = hash_of(item, len, day) & mask, k = 0; k < GUIDE_VIEWS_SLOTS; i = (i + 1) & mask, k++) {
        guide_view_count *s = &v->slots[i];
        if (s->n == 0) {
            /* keep a quarter free so probes stay short */
            if (v->used >= GUIDE_VIEWS_SLOTS - GUIDE_VIEWS_SLOTS / 4) break;
            memcpy(s->item_id, item, len);
            s->item_id[len] = '\0';
            memcpy(s->day, day, 10);
            s->day[10] = '\0';
            s->n = n;
            v->used++;
            return;
        }
        if (strncmp(s->item_id, item, len) == 0 && s->item_id[len] == '\0' && strcmp(s->day, day) == 0) {
            s->n += n;
            return;
        }
    }
    atomic_fetch_add(&v->dropped, (uint64_t)n);
}

void guide_views_add_one(guide_views *v, const char *item, size_t len, const char *day)
{
    if (!v || !item || len == 0 || len > GUIDE_VIEW_ID_MAX || !day || strlen(day) != 10) return;
    pthread_mutex_lock(&v->lock);
    add_locked(v, item, len, day, 1);
    pthread_mutex_unlock(&v->lock);
}

void guide_views_note(guide_views *v, request *r)
{
    if (!v || !guide_views_counts(r)) return;
    char day[16];
    clock_local_date(clock_now(), day);
    guide_views_add_one(v, r->params[0], r->param_lens[0], day);
}

dl_err guide_views_flush(guide_views *v, db *d, int64_t *written, dl_error *e)
{
    *written = 0;
    if (!v) return DL_OK;
    guide_view_count *batch = dl_malloc(sizeof *batch * GUIDE_VIEWS_SLOTS);
    if (!batch) return dl_fail(e, DL_ENOMEM, "out of memory");
    int n = 0;
    pthread_mutex_lock(&v->lock);
    for (int i = 0; i < GUIDE_VIEWS_SLOTS; i++)
        if (v->slots[i].n) {
            batch[n++] = v->slots[i];
            v->slots[i].n = 0;
        }
    v->used = 0;
    pthread_mutex_unlock(&v->lock);
    dl_err rc = guide_views_add(d, batch, n, e);
    if (rc == DL_OK) {
        for (int i = 0; i < n; i++) *written += batch[i].n;
    } else {
        /* Kept for the next flush: the views happened, the store was away. */
        pthread_mutex_lock(&v->lock);
        for (int i = 0; i < n; i++) add_locked(v, batch[i].item_id, strlen(batch[i].item_id), batch[i].day, batch[i].n);
        pthread_mutex_unlock(&v->lock);
    }
    dl_free(batch);
    return rc;
}

uint64_t guide_views_dropped(guide_views *v) { return v ? atomic_load(&v->dropped) : 0; }
