/* test_arena.c — core/arena.c's reset and core/arena_spare.c: a reset
 * arena keeps its largest block and forgets every allocation (new ones are
 * zeroed again), an arena that grew settles on one block, and a thread gets
 * back the arena it gave, while an oversized one is freed, not kept. */
#include "test.h"

#include <pthread.h>
#include <string.h>

#include "core/arena.h"
#include "core/arena_spare.h"

TEST(arena_reset_keeps_the_largest_block_and_zeroes_again)
{
    arena *a = arena_new(256);
    for (int i = 0; i < 200; i++) {
        unsigned char *p = arena_alloc(a, 100);
        CHECK(p != NULL);
        memset(p, 0xAB, 100);
    }
    size_t grown = arena_capacity(a);
    CHECK(grown >= 20000);
    arena_reset(a);
    size_t kept = arena_capacity(a);
    CHECK(kept < grown);   /* the smaller blocks were freed */
    CHECK(kept >= 4096);   /* the largest one stayed */
    unsigned char *p = arena_alloc(a, 100);
    int zero = 1;
    for (int i = 0; i < 100; i++) zero &= p[i] == 0;
    CHECK(zero);
    /* The same load again: the arena settles on one block that holds it. */
    for (int i = 0; i < 200; i++) CHECK(arena_alloc(a, 100) != NULL);
    arena_reset(a);
    size_t settled = arena_capacity(a);
    for (int i = 0; i < 200; i++) CHECK(arena_alloc(a, 100) != NULL);
    CHECK_INT_EQ((long long)arena_capacity(a), (long long)settled); /* no new block */
    arena_reset(a);
    CHECK_STR_EQ(arena_strndup(a, "abcdef", 3), "abc");
    CHECK_STR_EQ(arena_printf(a, "%d-%s", 7, "x"), "7-x");
    arena_free(a);
}

struct spare_run { arena *first, *again, *after_big; int alloc_ok, big_ok; };

static void *give_and_take(void *arg)
{
    struct spare_run *run = arg;
    arena *a = arena_spare_take(1024);
    run->first = a;
    run->alloc_ok = a && arena_alloc(a, 64) != NULL;
    arena_spare_give(a);
    run->again = arena_spare_take(1024); /* this thread's spare comes back */
    arena_spare_give(run->again);
    /* An arena past ARENA_SPARE_KEEP_BYTES is freed, not kept. */
    arena *big = arena_new(ARENA_SPARE_KEEP_BYTES + 1);
    run->big_ok = big != NULL;
    arena_spare_give(big);
    run->after_big = arena_spare_take(1024);
    arena_spare_give(run->after_big);
    return NULL; /* the thread's spares are freed as it ends (the leak check would say) */
}

TEST(arena_spares_are_reused_per_thread_and_freed_with_it)
{
    struct spare_run run = {0};
    pthread_t t;
    CHECK_INT_EQ(pthread_create(&t, NULL, give_and_take, &run), 0);
    pthread_join(t, NULL);
    CHECK(run.first != NULL);
    CHECK(run.alloc_ok);
    CHECK(run.big_ok);
    CHECK(run.again == run.first);
    CHECK(run.after_big == run.first); /* the big one was not kept in its place */
}
