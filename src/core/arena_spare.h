/* arena_spare.h — arenas kept between requests on each thread, so a busy
 * server reuses warm memory instead of asking malloc (and the kernel, for
 * fresh pages) for every request. A thread keeps at most ARENA_SPARE_MAX
 * arenas of at most ARENA_SPARE_KEEP_BYTES each; the rest are freed. A
 * thread's spares are freed when the thread ends. */
#ifndef DATALOTS_ARENA_SPARE_H
#define DATALOTS_ARENA_SPARE_H

#include "core/arena.h"

#define ARENA_SPARE_MAX 8                 /* spares per thread */
#define ARENA_SPARE_KEEP_BYTES (4u << 20) /* larger arenas are freed, not kept */

/* A spare arena of this thread (reset), or a new one with its first block of
 * first_block bytes; NULL on out-of-memory. */
arena *arena_spare_take(size_t first_block);
/* Back to this thread's spares (reset), or freed. NULL is ignored. */
void arena_spare_give(arena *a);

#endif
