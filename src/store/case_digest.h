/* case_digest.h — the daily digest of overdue cases: each coordinator
 * (an enabled account with the coordinator role) gets one e-mail listing
 * the cases under their node whose step is past its target
 * (store/case_due.h), through the outbox. At most one a coordinator and
 * Stockholm day: case_digest_sent holds (user, day), written in the same
 * transaction as the mail, so a second run the same day — or two at once —
 * queues nothing more. A coordinator with no overdue case gets no mail. */
#ifndef DATALOTS_STORE_CASE_DIGEST_H
#define DATALOTS_STORE_CASE_DIGEST_H

#include <stdint.h>

#include "db/db.h"

#define CASE_DIGEST_LIST_MAX 100 /* cases listed in one mail; more are counted */

typedef struct case_digest_result {
    int mailed;        /* digests queued */
    int already;       /* coordinators who had today's already */
    int none_overdue;  /* coordinators with nothing overdue */
} case_digest_result;

/* Queues today's digests (now: the day, Europe/Stockholm); public_url
 * (may be NULL) starts the links. dry_run: counts only, writes nothing. */
dl_err case_digest_send(db *d, int64_t now, const char *public_url, int dry_run, case_digest_result *out,
                        dl_error *e);

#endif
