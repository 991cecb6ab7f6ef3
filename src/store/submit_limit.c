/* submit_limit.c — anonymous submissions counted per address (see
 * submit_limit.h): one upsert that starts a new window when the old one
 * has ended, so two processes counting at once both count. */
#include "store/submit_limit.h"

#include <stdio.h>
#include <string.h>

#include "core/submit_limit.h"
#include "crypto/token.h"

dl_err submit_limit_take(db *d, const char *secret, const char *kind, const char *client, int limit, int64_t now,
                         int64_t *refused_until, dl_error *e)
{
    *refused_until = 0;
    if (limit <= 0) return DL_OK;
    char msg[200], mac[65], bucket[100], address[SUBMIT_ADDRESS_KEY_SIZE];
    submit_limit_address_key(client, address);
    snprintf(msg, sizeof msg, "%s:%s", kind, address);
    hmac_sha256_hex(secret, strlen(secret), msg, strlen(msg), mac);
    snprintf(bucket, sizeof bucket, "%.20s:%s", kind, mac);
    int64_t ended = now - SUBMIT_WINDOW_SECONDS;
    dl_err rc = db_run(d, "DELETE FROM submit_limit WHERE window_start <= ?", e, "i", ended);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d,
        "INSERT INTO submit_limit(bucket, window_start, sent) VALUES (?, ?, 1)"
        " ON CONFLICT (bucket) DO UPDATE SET"
        " sent = CASE WHEN submit_limit.window_start <= ? THEN 1 ELSE submit_limit.sent + 1 END,"
        " window_start = CASE WHEN submit_limit.window_start <= ? THEN ? ELSE submit_limit.window_start END"
        " RETURNING window_start, sent", e);
    if (!s) return e->code ? e->code : DL_EDB;
    db_bind_text(s, 1, bucket);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, ended);
    db_bind_int(s, 4, ended);
    db_bind_int(s, 5, now);
    int step = db_step(s, e);
    if (step == DB_ROW) *refused_until = submit_limit_refused_until(db_col_int(s, 0), db_col_int(s, 1), limit);
    else if (step != DB_ERROR) rc = dl_fail(e, DL_EDB, "the submission count was not returned");
    else rc = e->code ? e->code : DL_EDB;
    if (step == DB_ROW) db_step(s, e); /* run it to the end */
    db_stmt_done(s);
    return rc;
}
