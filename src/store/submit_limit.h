/* submit_limit.h — counting anonymous submissions per client address in
 * the store, so that every server process shares the limit
 * (core/submit_limit.h says the schedule; migration 0027 the table). The
 * address is never stored: only HMAC-SHA-256(secret, kind ":" address). */
#ifndef DATALOTS_STORE_SUBMIT_LIMIT_H
#define DATALOTS_STORE_SUBMIT_LIMIT_H

#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Counts one submission of `kind` ("obstacle") from `client` at `now`.
 * *refused_until: 0 when it is taken, else when the next one will be
 * (the caller refuses with 429 and a sentence); limit as in
 * submit_limit_refused_until (0: none, and nothing is counted). Rows of
 * windows that ended are removed on the way. */
dl_err submit_limit_take(db *d, const char *secret, const char *kind, const char *client, int limit, int64_t now,
                         int64_t *refused_until, dl_error *e);

#endif
