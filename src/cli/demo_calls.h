/* demo_calls.h — two demo joint calls with their applications (demo_calls.c),
 * added by `datalots demo network`. */
#ifndef DATALOTS_DEMO_CALLS_H
#define DATALOTS_DEMO_CALLS_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* DL_OK when the demo accounts the calls need are there (checked before
 * the network is seeded, so a store without them gets neither). */
dl_err demo_calls_check(db *d, dl_error *e);
/* Needs the demo accounts natverk and sokande (init --demo). */
dl_err demo_calls_seed(db *d, const char *public_url, int64_t now, int *calls, int *applications, dl_error *e);

#endif
