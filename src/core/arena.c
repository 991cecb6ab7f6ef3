/* arena.c — bump allocator over a chain of blocks; see arena.h. */
#include "core/arena.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Under AddressSanitizer a reset arena's memory is poisoned until it is
 * handed out again, so a pointer kept past its request is still caught. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct block {
    struct block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct block *head;
    size_t next_size;
};

static struct block *block_new(size_t size)
{
    struct block *b = dl_malloc(sizeof *b + size);
    if (!b) return NULL;
    b->next = NULL;
    b->used = 0;
    b->size = size;
    return b;
}

arena *arena_new(size_t first_block)
{
    arena *a = dl_malloc(sizeof *a);
    if (!a) return NULL;
    if (first_block < 256) first_block = 256;
    a->head = block_new(first_block);
    if (!a->head) { dl_free(a); return NULL; }
    a->next_size = first_block * 2;
    return a;
}

void arena_free(arena *a)
{
    if (!a) return;
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        dl_free(b);
    }
    dl_free(a);
}

/* n bytes, 16-byte aligned, not zeroed (for copies that fill them whole). */
static void *alloc_uninit(arena *a, size_t n)
{
    if (n > SIZE_MAX / 2) return NULL;
    size_t need = (n + 15) & ~(size_t)15;
    if (!need) need = 16;
    struct block *b = a->head;
    if (b->size - b->used < need) {
        size_t size = a->next_size > need ? a->next_size : need;
        struct block *nb = block_new(size);
        if (!nb) return NULL;
        nb->next = a->head;
        a->head = nb;
        if (a->next_size < (1u << 20)) a->next_size *= 2;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    UNPOISON(p, need);
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    void *p = alloc_uninit(a, n);
    if (p) memset(p, 0, n);
    return p;
}

void arena_reset(arena *a)
{
    struct block *keep = a->head;
    for (struct block *b = a->head; b; b = b->next)
        if (b->size > keep->size) keep = b;
    for (struct block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (b != keep) dl_free(b);
    }
    keep->next = NULL;
    keep->used = 0;
    POISON(keep->data, keep->size);
    a->head = keep;
    a->next_size = keep->size < (1u << 20) ? keep->size * 2 : keep->size;
}

size_t arena_capacity(const arena *a)
{
    size_t n = 0;
    for (const struct block *b = a->head; b; b = b->next) n += b->size;
    return n;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n >= SIZE_MAX / 2) return NULL;
    char *d = alloc_uninit(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(arena *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *d = alloc_uninit(a, (size_t)n + 1);
    if (!d) return NULL;
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}
