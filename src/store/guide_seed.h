/* guide_seed.h — generated datasets for the knowledge guide, for load and
 * search benchmarks (`datalots demo guide --count N`, bench/guide.sh): N
 * items of type dataset with Swedish titles, summaries and bodies made from
 * word lists by a seeded generator, each with one published version, in one
 * transaction. Ids dataset-gen-NNNNNNN. */
#ifndef DATALOTS_STORE_GUIDE_SEED_H
#define DATALOTS_STORE_GUIDE_SEED_H

#include <stdint.h>
#include "db/db.h"

dl_err guide_seed_datasets(db *d, long count, uint64_t seed, dl_error *e);

#endif
