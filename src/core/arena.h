/* arena.h — a per-request memory pool (after h2o's): many small allocations,
 * one free at the end of the request in libmicrohttpd's completed callback.
 * Returns NULL on out-of-memory; nothing allocated here is freed one by one. */
#ifndef DATALOTS_ARENA_H
#define DATALOTS_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(size_t first_block);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n);           /* 16-byte aligned, zeroed */
/* Everything allocated is forgotten; the largest block is kept for the next
 * use (the others are freed), so a reused arena settles on one block. */
void arena_reset(arena *a);
size_t arena_capacity(const arena *a);           /* bytes held in blocks */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);     /* NULL in, NULL out */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
