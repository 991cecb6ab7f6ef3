/* splitmix.h — a small deterministic random number generator (splitmix64)
 * for generated demo data: the same seed gives the same data on every
 * machine. Not for anything secret (that is libsodium's randombytes). */
#ifndef DATALOTS_SPLITMIX_H
#define DATALOTS_SPLITMIX_H

#include <stdint.h>

typedef struct rng { uint64_t s; } rng;

static inline uint64_t rnext(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/* 0 .. n-1 (0 when n <= 0). */
static inline int below(rng *r, int n) { return n > 0 ? (int)(rnext(r) % (uint64_t)n) : 0; }
static inline int chance(rng *r, int percent) { return below(r, 100) < percent; }

#endif
