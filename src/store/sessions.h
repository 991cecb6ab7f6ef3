/* sessions.h — server-side sessions, in the store so
 * that several app servers behind one database share them. The session
 * cookie carries a random 256-bit id; only its SHA-256 is stored. */
#ifndef DATALOTS_STORE_SESSIONS_H
#define DATALOTS_STORE_SESSIONS_H

#include <stdint.h>
#include "db/db.h"

typedef struct session_limits {
    int64_t idle_seconds;      /* ends after this long without a request */
    int64_t absolute_seconds;  /* ends this long after sign-in, whatever */
} session_limits;

/* Creates a session; token_out receives the cookie value (64 hex). */
dl_err session_create(db *d, int64_t user_id, int64_t now, char token_out[65], dl_error *e);
/* Looks a cookie value up. DL_EAUTH when unknown, expired or malformed;
 * refreshes last_seen_at at most once a minute (a tenth of the idle time
 * when that is shorter). */
dl_err session_lookup(db *d, const char *token, int64_t now, const session_limits *lim,
                      int64_t *user_id, dl_error *e);
dl_err session_delete(db *d, const char *token, dl_error *e);
/* Ends every session of a user (password change, disabling) but `keep`. */
dl_err session_delete_user(db *d, int64_t user_id, const char *keep_token, dl_error *e);
/* Removes expired sessions; returns how many in *removed. */
dl_err session_purge(db *d, int64_t now, const session_limits *lim, int64_t *removed, dl_error *e);

#endif
