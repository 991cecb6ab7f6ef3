/* signin.h — signing in and out, and checking a signed-in user's current
 * password, each step one transaction with its audit row; and the limits
 * that keep anyone from guessing passwords.
 *
 * Two limits, both in the store so that several app servers share them:
 *
 *  - Back-off per (account, source) — core/lockout.h's schedule: the first
 *    four failures cost nothing, the fifth locks for 1 min, then 2, 4 … 60.
 *    The source is the client address, or a device the account signed in
 *    from before (the dl_device cookie, kept as a SHA-256 in known_device).
 *    So a stranger who guesses at a colleague's name locks only the
 *    stranger's own address, and the colleague's known device still gets
 *    in. The account is the name as typed (kept as its SHA-256): a name that
 *    is no account is counted, locked and answered exactly like a real one. Failures from
 *    every address together are counted too (source "all-addresses", 20
 *    free, then the same doubling), so spreading guesses over many addresses
 *    does not escape the back-off; known devices are not held by it.
 *  - Per client address, 20 failures in 15 minutes over all accounts
 *    (not for known devices, so one bad actor behind a hospital's shared
 *    address cannot stop the staff signing in from their own machines).
 *
 * Each attempt first takes a ticket (signin_admit): in one transaction the
 * counters are raised *before* the password is checked, so parallel guesses
 * are counted one by one and the sixth of sixteen parallel wrong passwords
 * is refused without being checked. A correct password then refunds its
 * ticket (signin_succeeded). */
#ifndef DATALOTS_STORE_SIGNIN_H
#define DATALOTS_STORE_SIGNIN_H

#include <stdint.h>

#include "db/db.h"
#include "store/audit.h"

#define SIGNIN_ADDRESS_MAX_FAILURES 20
#define SIGNIN_ADDRESS_WINDOW_SECONDS (15 * 60)
/* A device cookie lives this long after its last sign-in; an account keeps
 * at most this many devices (the least recently used go first). */
#define SIGNIN_DEVICE_SECONDS (180 * 24 * 3600)
#define SIGNIN_DEVICES_PER_ACCOUNT 20
/* The source that counts an account's failures from every address together
 * (lockout.h's spread schedule: 20 free); known devices are not counted. */
#define SIGNIN_SOURCE_ALL_ADDRESSES "all-addresses"
/* The back-off source of a signed-in user's current-password check, followed
 * by ":" and the first half of the session's SHA-256 (one count per session). */
#define SIGNIN_SOURCE_PASSWORD_CHANGE "password-change"

typedef enum signin_verdict {
    SIGNIN_ADMIT,          /* check the password */
    SIGNIN_LOCKED,         /* this account is backed off from this source */
    SIGNIN_ADDRESS_LIMIT,  /* too many failures from this address */
} signin_verdict;

typedef struct signin_attempt {
    const char *account;      /* the username as typed */
    int64_t user_id;          /* that account's id, 0 when there is none */
    const char *client;       /* the client address */
    const char *device_token; /* the dl_device cookie, or NULL */
    int64_t now;
} signin_attempt;

typedef struct signin_ticket {
    signin_verdict verdict;
    int64_t locked_until;     /* SIGNIN_LOCKED, SIGNIN_ADDRESS_LIMIT: until when */
    int known_device;         /* device_token belongs to user_id */
    char source[80];          /* what the back-off counts by */
} signin_ticket;

/* Takes a ticket for one sign-in attempt (see above) and audits a refusal
 * (auth.login_refused, once per lock or window: a refusal already audited
 * is answered from a read and writes nothing). DL_OK with t->verdict set, or
 * a store error. */
dl_err signin_admit(db *d, const signin_attempt *at, signin_ticket *t, dl_error *e);
/* Audits a wrong password (auth.login_failed); the ticket stays counted. */
dl_err signin_failed(db *d, const signin_attempt *at, const signin_ticket *t, dl_error *e);
/* A right password: clears the back-off of this source, refunds the
 * address ticket, ends old_session (may be NULL), opens a session
 * (session_out, 64 hex) and remembers the device (device_out, 64 hex: the
 * cookie to set, new or the same), audits auth.login — one transaction. */
dl_err signin_succeeded(db *d, const signin_attempt *at, const signin_ticket *t, const char *username,
                        const char *old_session, char session_out[65], char device_out[65], dl_error *e);
/* After a right password whose stored hash was made with weaker limits
 * (password_needs_rehash): stores fresh_hash in place of stale_hash, only
 * if the account still has that one (a password changed meanwhile wins),
 * and audits user.password_rehash — its own transaction, after the sign-in's,
 * so that a failure here never stops a sign-in. *renewed: 1 if stored. */
dl_err signin_renew_hash(db *d, int64_t user_id, const char *username, const char *stale_hash,
                         const char *fresh_hash, int *renewed, dl_error *e);
/* Sign-out: deletes the session and audits auth.logout, one transaction. A
 * failure leaves the session as it was. */
dl_err signout(db *d, const audit_actor *who, const char *session_token, dl_error *e);

/* A signed-in user about to prove their current password (to change it):
 * a ticket on the same back-off, source SIGNIN_SOURCE_PASSWORD_CHANGE.
 * DL_OK to check it; DL_ELOCKED with *locked_until when backed off
 * (audited as auth.password_refused). */
dl_err password_attempt_admit(db *d, const audit_actor *who, const char *session_token, int64_t now,
                              int64_t *locked_until, dl_error *e);
/* The current password was right: its back-off starts over. */
dl_err password_attempt_passed(db *d, const audit_actor *who, const char *session_token, dl_error *e);
/* Audits a wrong current password (auth.password_wrong). */
dl_err password_attempt_failed(db *d, const audit_actor *who, dl_error *e);

/* Forgets every back-off of an account (a new password was set). Runs in
 * the caller's transaction. */
dl_err signin_backoff_clear_account(db *d, const char *account, dl_error *e);

/* The latest time until which the account is backed off from any source
 * (0: nowhere), for the admin page. */
dl_err signin_backoff_state(db *d, const char *account, int64_t now, int64_t *locked_until, dl_error *e);

/* Per-address ticket: DL_OK, or DL_ELOCKED when max failures were already
 * counted in the window (which began at *window_start; may be NULL). Runs in
 * the caller's transaction. */
dl_err throttle_take(db *d, const char *client, int64_t now, int max_failures, int64_t window,
                     int64_t *window_start, dl_error *e);
/* Gives a ticket back (the attempt succeeded). */
dl_err throttle_refund(db *d, const char *client, dl_error *e);

/* Removes back-offs idle for a day, expired address windows and devices
 * unused for SIGNIN_DEVICE_SECONDS. */
dl_err signin_purge(db *d, int64_t now, dl_error *e);

#endif
