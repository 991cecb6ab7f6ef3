/* alloc.c — the allocation hook behind dl_malloc() and friends. */
#include "core/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long fail_after = -1;

void dl_alloc_fail_after(long remaining) { atomic_store(&fail_after, remaining); }

static int should_fail(void)
{
    long left = atomic_load(&fail_after);
    if (left < 0) return 0;
    if (left == 0) return 1;
    atomic_fetch_sub(&fail_after, 1);
    return 0;
}

void *dl_malloc(size_t n) { return should_fail() ? NULL : malloc(n ? n : 1); }
void *dl_calloc(size_t c, size_t s) { return should_fail() ? NULL : calloc(c ? c : 1, s ? s : 1); }
void *dl_realloc(void *p, size_t n) { return should_fail() ? NULL : realloc(p, n ? n : 1); }
void dl_free(void *p) { free(p); }

char *dl_strndup(const char *s, size_t n)
{
    if (!s) return NULL;
    size_t len = strnlen(s, n);
    char *d = dl_malloc(len + 1);
    if (!d) return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *dl_strdup(const char *s) { return s ? dl_strndup(s, strlen(s)) : NULL; }
