/* arena_spare.c — per-thread spare arenas; see arena_spare.h. The spares
 * live in a pthread key whose destructor frees them when the thread exits
 * (libmicrohttpd joins its workers on stop, so nothing is left behind). */
#include "core/arena_spare.h"
#include "core/alloc.h"

#include <pthread.h>

struct spares {
    int n;
    arena *a[ARENA_SPARE_MAX];
};

static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static int key_ok;

static void spares_free(void *p)
{
    struct spares *s = p;
    for (int i = 0; i < s->n; i++) arena_free(s->a[i]);
    dl_free(s);
}

static void key_create(void) { key_ok = pthread_key_create(&key, spares_free) == 0; }

static struct spares *this_thread(int create)
{
    pthread_once(&key_once, key_create);
    if (!key_ok) return NULL;
    struct spares *s = pthread_getspecific(key);
    if (!s && create) {
        s = dl_calloc(1, sizeof *s);
        if (s && pthread_setspecific(key, s) != 0) { dl_free(s); s = NULL; }
    }
    return s;
}

arena *arena_spare_take(size_t first_block)
{
    struct spares *s = this_thread(0);
    if (s && s->n > 0) return s->a[--s->n];
    return arena_new(first_block);
}

void arena_spare_give(arena *a)
{
    if (!a) return;
    struct spares *s = arena_capacity(a) <= ARENA_SPARE_KEEP_BYTES ? this_thread(1) : NULL;
    if (!s || s->n == ARENA_SPARE_MAX) { arena_free(a); return; }
    arena_reset(a);
    s->a[s->n++] = a;
}
