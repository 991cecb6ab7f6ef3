/* pool.c — a fixed set of store connections shared by the request threads.
 * A thread takes one for the length of a request and gives it back. */
#include "db/db.h"
#include "core/alloc.h"

#include <pthread.h>

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int size, n_free;
    db **conns;
    db **free_list;
};

dl_err db_pool_open(const char *url, int size, db_pool **out, dl_error *e)
{
    *out = NULL;
    if (size < 1 || size > 256) return dl_fail(e, DL_ECONFIG, "the pool size must be 1..256, not %d", size);
    db_pool *p = dl_calloc(1, sizeof *p);
    if (!p) return dl_fail(e, DL_ENOMEM, "out of memory");
    p->conns = dl_calloc((size_t)size, sizeof *p->conns);
    p->free_list = dl_calloc((size_t)size, sizeof *p->free_list);
    if (!p->conns || !p->free_list) {
        dl_free(p->conns); dl_free(p->free_list); dl_free(p);
        return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (int i = 0; i < size; i++) {
        dl_err rc = db_open(url, &p->conns[i], e);
        if (rc != DL_OK) { p->size = i; db_pool_close(p); return rc; }
        p->free_list[p->n_free++] = p->conns[i];
    }
    p->size = size;
    *out = p;
    return DL_OK;
}

db *db_pool_acquire(db_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->n_free == 0) pthread_cond_wait(&p->freed, &p->lock);
    db *d = p->free_list[--p->n_free];
    pthread_mutex_unlock(&p->lock);
    return d;
}

void db_pool_release(db_pool *p, db *d)
{
    if (!d) return;
    db_rollback(d); /* a handler that bailed out mid-transaction leaves nothing half-written */
    pthread_mutex_lock(&p->lock);
    p->free_list[p->n_free++] = d;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void db_pool_close(db_pool *p)
{
    if (!p) return;
    for (int i = 0; i < p->size; i++) db_close(p->conns[i]);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
    dl_free(p->conns);
    dl_free(p->free_list);
    dl_free(p);
}
