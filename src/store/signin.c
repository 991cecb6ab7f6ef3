/* signin.c — SQL for signing in and out, the sign-in back-off per account
 * and source, the per-address limit and known devices (see signin.h). */
#include "store/signin.h"
#include "store/oidc.h"
#include "store/sessions.h"
#include "core/clock.h"
#include "core/lockout.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* --- the two counters ---------------------------------------------------- */

/* The back-off is kept under the SHA-256 of the name as typed, never the
 * name itself: a name that is no account may be a password typed into the
 * wrong field, and signin_backoff is kept for a day and copied by db copy. */
static void account_key(const char *account, char key[65])
{
    sha256_hex(account ? account : "", account ? strlen(account) : 0, key);
}

/* Runs an upsert whose RETURNING gives two integers, and finishes it. */
static dl_err step_returning_two(db_stmt *s, int64_t *first, int64_t *second, dl_error *e)
{
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *first = db_col_int(s, 0);
        *second = db_col_int(s, 1);
        while (db_step(s, e) == DB_ROW) {}
    }
    db_stmt_done(s);
    return st == DB_ROW ? DL_OK : e->code;
}

/* One failure counted for (account, source) before the password is looked
 * at — unless the pair is locked, which is then all the answer says. The
 * upsert takes the row's lock (PostgreSQL) or runs under the write lock
 * (SQLite BEGIN IMMEDIATE), so parallel attempts are counted one by one. */
static dl_err backoff_take(db *d, const char *account, const char *source, int free_failures, int64_t now,
                           int64_t *locked_until, dl_error *e)
{
    db_stmt *s = db_prepare(d,
        "INSERT INTO signin_backoff(account, source, failures, last_failed_at, locked_until) VALUES (?, ?, 1, ?, 0)"
        " ON CONFLICT (account, source) DO UPDATE SET"
        " failures = CASE WHEN signin_backoff.locked_until > ? THEN signin_backoff.failures"
        " ELSE signin_backoff.failures + 1 END,"
        " last_failed_at = CASE WHEN signin_backoff.locked_until > ? THEN signin_backoff.last_failed_at ELSE ? END"
        " RETURNING failures, locked_until", e);
    if (!s) return e->code;
    db_bind_text(s, 1, account);
    db_bind_text(s, 2, source);
    db_bind_int(s, 3, now);
    db_bind_int(s, 4, now);
    db_bind_int(s, 5, now);
    db_bind_int(s, 6, now);
    int64_t failures = 0, locked = 0;
    dl_err rc = step_returning_two(s, &failures, &locked, e);
    if (rc != DL_OK) return rc;
    if (locked > now) {
        *locked_until = locked;
        return dl_fail(e, DL_ELOCKED, "backed off until %" PRId64, locked);
    }
    /* This attempt is admitted; if it is the fifth (or later) failure in a
     * row, the next one waits — a right password clears it again. */
    int64_t until = lockout_until_after(free_failures, failures > INT_MAX ? INT_MAX : (int)failures, now);
    if (!until) return DL_OK;
    return db_run(d, "UPDATE signin_backoff SET locked_until = ? WHERE account = ? AND source = ?", e, "itt",
                  until, account, source);
}

dl_err signin_backoff_clear_account(db *d, const char *account, dl_error *e)
{
    char key[65];
    account_key(account, key);
    return db_run(d, "DELETE FROM signin_backoff WHERE account = ?", e, "t", key);
}

dl_err throttle_take(db *d, const char *client, int64_t now, int max_failures, int64_t window,
                     int64_t *window_start, dl_error *e)
{
    /* A window older than `window` starts over at 1; the count stops at
     * max + 1, and a ticket past max is refused. */
    db_stmt *s = db_prepare(d,
        "INSERT INTO login_throttle(client, failures, window_start) VALUES (?, 1, ?)"
        " ON CONFLICT (client) DO UPDATE SET"
        " failures = CASE WHEN login_throttle.window_start > ? THEN"
        " (CASE WHEN login_throttle.failures > ? THEN login_throttle.failures ELSE login_throttle.failures + 1 END)"
        " ELSE 1 END,"
        " window_start = CASE WHEN login_throttle.window_start > ? THEN login_throttle.window_start ELSE ? END"
        " RETURNING failures, window_start", e);
    if (!s) return e->code;
    db_bind_text(s, 1, client);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, now - window);
    db_bind_int(s, 4, max_failures);
    db_bind_int(s, 5, now - window);
    db_bind_int(s, 6, now);
    int64_t failures = 0, start = now;
    dl_err rc = step_returning_two(s, &failures, &start, e);
    if (rc != DL_OK) return rc;
    if (window_start) *window_start = start;
    if (failures > max_failures) return dl_fail(e, DL_ELOCKED, "too many failed sign-ins from this address");
    return DL_OK;
}

dl_err throttle_refund(db *d, const char *client, dl_error *e)
{
    return db_run(d, "UPDATE login_throttle SET failures = failures - 1 WHERE client = ? AND failures > 0", e, "t",
                  client);
}

/* --- known devices ------------------------------------------------------- */

static dl_err device_known(db *d, const char *token, int64_t user_id, int *known, char hash[65], dl_error *e)
{
    *known = 0;
    hash[0] = '\0';
    if (!token || !hex_is_token(token)) return DL_OK;
    sha256_hex(token, 64, hash);
    int64_t n = 0;
    /* Asked for unknown names too (user_id 0 matches nothing): the same work either way. */
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM known_device WHERE id_hash = ? AND user_id = ?", &n, e, "ti",
                             hash, user_id);
    if (rc == DL_OK) *known = n > 0;
    return rc;
}

/* A browser keeps its device id for every account signed in on it, so a
 * shared workstation stays a known device of each of its users; a browser
 * without one gets a fresh id. */
static dl_err device_remember(db *d, const signin_attempt *at, char device_out[65], dl_error *e)
{
    char hash[65];
    if (at->device_token && hex_is_token(at->device_token)) snprintf(device_out, 65, "%s", at->device_token);
    else token_random_hex(device_out);
    sha256_hex(device_out, 64, hash);
    dl_err rc = db_run(d, "INSERT INTO known_device(id_hash, user_id, created_at, last_used_at) VALUES (?,?,?,?)"
                          " ON CONFLICT (id_hash, user_id) DO UPDATE SET last_used_at = excluded.last_used_at",
                       e, "tiii", hash, at->user_id, at->now, at->now);
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM known_device WHERE user_id = ? AND id_hash NOT IN"
                       " (SELECT id_hash FROM known_device WHERE user_id = ? ORDER BY last_used_at DESC, id_hash LIMIT ?)",
                    e, "iii", at->user_id, at->user_id, (int64_t)SIGNIN_DEVICES_PER_ACCOUNT);
    return rc;
}

/* --- the steps of a sign-in ------------------------------------------------ */

static audit_actor attempt_actor(const signin_attempt *at)
{
    /* A name that is no account is never written down: it may be a
     * password typed into the wrong field. */
    audit_actor who = {at->user_id, at->user_id ? at->account : "public"};
    return who;
}

static dl_err commit_or_rollback(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* A refusal already audited is answered from a read: a flood of attempts at
 * a locked account or from a limited address writes nothing and takes no
 * write lock. *refused stays 0 when the attempt needs a ticket. */
static dl_err refused_before(db *d, const signin_attempt *at, signin_ticket *t, int *refused, dl_error *e)
{
    *refused = 0;
    db_stmt *s;
    int st;
    if (!t->known_device) {
        s = db_prepare(d, "SELECT failures, window_start, refusal_noted FROM login_throttle WHERE client = ?", e);
        if (!s) return e->code;
        db_bind_text(s, 1, at->client ? at->client : "");
        st = db_step(s, e);
        if (st == DB_ROW) {
            int64_t failures = db_col_int(s, 0), start = db_col_int(s, 1), noted = db_col_int(s, 2);
            if (start > at->now - SIGNIN_ADDRESS_WINDOW_SECONDS && failures > SIGNIN_ADDRESS_MAX_FAILURES &&
                noted == start) {
                t->verdict = SIGNIN_ADDRESS_LIMIT;
                t->locked_until = start + SIGNIN_ADDRESS_WINDOW_SECONDS;
                *refused = 1;
            }
        }
        db_stmt_done(s);
        if (st == DB_ERROR) return e->code;
        if (*refused) return DL_OK;
    }
    char key[65];
    account_key(at->account, key);
    for (int k = 0; k < 2 && !*refused; k++) {
        const char *source = k == 0 ? t->source : SIGNIN_SOURCE_ALL_ADDRESSES;
        if (k == 1 && t->known_device) break;
        s = db_prepare(d, "SELECT locked_until, refusal_noted FROM signin_backoff WHERE account = ? AND source = ?", e);
        if (!s) return e->code;
        db_bind_text(s, 1, key);
        db_bind_text(s, 2, source);
        st = db_step(s, e);
        if (st == DB_ROW) {
            int64_t until = db_col_int(s, 0), noted = db_col_int(s, 1);
            if (until > at->now && noted == until) {
                t->verdict = SIGNIN_LOCKED;
                t->locked_until = until;
                *refused = 1;
            }
        }
        db_stmt_done(s);
        if (st == DB_ERROR) return e->code;
    }
    return DL_OK;
}

/* Marks a refusal noted (once per lock or window); 1 in *first when this
 * call did it, so the refusal is audited exactly once however many race. */
static dl_err note_refusal(db *d, const char *sql, int64_t mark, const char *key1, const char *key2, int *first,
                           dl_error *e)
{
    *first = 0;
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->code;
    db_bind_int(s, 1, mark);
    db_bind_text(s, 2, key1);
    db_bind_int(s, 3, mark);
    if (key2) db_bind_text(s, 4, key2);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *first = 1;
        while (db_step(s, e) == DB_ROW) {}
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err signin_admit(db *d, const signin_attempt *at, signin_ticket *t, dl_error *e)
{
    memset(t, 0, sizeof *t);
    char hash[65];
    dl_err rc = device_known(d, at->device_token, at->user_id, &t->known_device, hash, e);
    if (rc != DL_OK) return rc;
    if (t->known_device) snprintf(t->source, sizeof t->source, "device:%s", hash);
    else snprintf(t->source, sizeof t->source, "address:%s", at->client ? at->client : "");
    int refused = 0;
    rc = refused_before(d, at, t, &refused, e);
    if (rc != DL_OK || refused) return rc;

    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    const char *refusal = NULL;
    int first = 0;
    if (!t->known_device) {
        int64_t start = at->now;
        rc = throttle_take(d, at->client ? at->client : "", at->now, SIGNIN_ADDRESS_MAX_FAILURES,
                           SIGNIN_ADDRESS_WINDOW_SECONDS, &start, e);
        if (rc == DL_ELOCKED) {
            t->verdict = SIGNIN_ADDRESS_LIMIT;
            t->locked_until = start + SIGNIN_ADDRESS_WINDOW_SECONDS;
            refusal = "address limit";
            rc = note_refusal(d, "UPDATE login_throttle SET refusal_noted = ? WHERE client = ? AND refusal_noted <> ?"
                                 " RETURNING 1", start, at->client ? at->client : "", NULL, &first, e);
        }
    }
    /* The back-off of this source; then, for any address, the account's
     * back-off over all addresses together (a guesser spread over many). */
    char key[65];
    account_key(at->account, key);
    for (int k = 0; k < 2 && rc == DL_OK && t->verdict == SIGNIN_ADMIT; k++) {
        if (k == 1 && t->known_device) break;
        const char *source = k == 0 ? t->source : SIGNIN_SOURCE_ALL_ADDRESSES;
        rc = backoff_take(d, key, source, k == 0 ? LOCKOUT_FREE_FAILURES : LOCKOUT_SPREAD_FREE_FAILURES,
                          at->now, &t->locked_until, e);
        if (rc == DL_ELOCKED) {
            t->verdict = SIGNIN_LOCKED;
            refusal = k == 1 ? "back-off (all addresses)" : t->known_device ? "back-off (known device)" : "back-off (address)";
            rc = note_refusal(d, "UPDATE signin_backoff SET refusal_noted = ? WHERE account = ? AND refusal_noted <> ?"
                                 " AND source = ? RETURNING 1", t->locked_until, key, source, &first, e);
        }
    }
    if (rc == DL_OK && refusal && first) {
        char detail[120], until[32], idt[24];
        clock_iso_utc(t->locked_until, until);
        snprintf(detail, sizeof detail, "%s until %s", refusal, until);
        snprintf(idt, sizeof idt, "%" PRId64, at->user_id);
        audit_actor who = attempt_actor(at);
        rc = audit_append(d, &who, "auth.login_refused", "user", idt, NULL, NULL, detail, e);
    }
    return commit_or_rollback(d, rc, e);
}

dl_err signin_failed(db *d, const signin_attempt *at, const signin_ticket *t, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, at->user_id);
    audit_actor who = attempt_actor(at);
    rc = audit_append(d, &who, "auth.login_failed", "user", idt, NULL, NULL,
                      t->known_device ? "from a known device" : "", e);
    return commit_or_rollback(d, rc, e);
}

dl_err signin_succeeded(db *d, const signin_attempt *at, const signin_ticket *t, const char *username,
                        const char *old_session, char session_out[65], char device_out[65], dl_error *e)
{
    if (!at->user_id) return dl_fail(e, DL_EINTERNAL, "a sign-in succeeded without an account");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char key[65];
    account_key(at->account, key);
    rc = db_run(d, "DELETE FROM signin_backoff WHERE account = ? AND (source = ? OR source = ?)", e, "ttt", key,
                t->source, t->known_device ? t->source : SIGNIN_SOURCE_ALL_ADDRESSES);
    if (rc == DL_OK && !t->known_device) rc = throttle_refund(d, at->client ? at->client : "", e);
    if (rc == DL_OK && old_session) rc = session_delete(d, old_session, e);
    if (rc == DL_OK) rc = session_create(d, at->user_id, at->now, session_out, e);
    if (rc == DL_OK) rc = device_remember(d, at, device_out, e);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, at->user_id);
    audit_actor who = {at->user_id, username};
    /* Roles an OpenID provider's claims gave hold only while it says so, and
     * a password says nothing of it: they go until the next sign-in through
     * the provider (store/oidc.h). */
    if (rc == DL_OK) rc = oidc_drop_mapped_grants(d, &who, 0, at->user_id, "signed in with a password", e);
    if (rc == DL_OK) rc = audit_append(d, &who, "auth.login", "user", idt, NULL, NULL, t->known_device ? "known device" : "", e);
    return commit_or_rollback(d, rc, e);
}

dl_err signin_renew_hash(db *d, int64_t user_id, const char *username, const char *stale_hash,
                         const char *fresh_hash, int *renewed, dl_error *e)
{
    *renewed = 0;
    if (!user_id || !stale_hash || !fresh_hash) return dl_fail(e, DL_EINTERNAL, "a hash renewal without its hashes");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t hit = 0;
    rc = db_query_int(d, "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ? RETURNING 1", &hit, e,
                      "tit", fresh_hash, user_id, stale_hash);
    if (rc == DL_ENOTFOUND) { /* changed meanwhile: that one stays */
        dl_error_clear(e);
        rc = DL_OK;
    }
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, user_id);
    audit_actor who = {user_id, username};
    if (rc == DL_OK && hit)
        rc = audit_append(d, &who, "user.password_rehash", "user", idt, NULL, NULL, "argon2id limits renewed", e);
    rc = commit_or_rollback(d, rc, e);
    if (rc == DL_OK) *renewed = hit != 0;
    return rc;
}

dl_err signout(db *d, const audit_actor *who, const char *session_token, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = session_delete(d, session_token, e);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, who->user_id);
    if (rc == DL_OK) rc = audit_append(d, who, "auth.logout", "user", idt, NULL, NULL, "", e);
    return commit_or_rollback(d, rc, e);
}

/* --- the current password of a signed-in user ---------------------------- */

/* The password-change back-off is per session: someone holding a stolen
 * session cannot stop the owner changing the password from her own. */
static void password_source(const char *session_token, char out[80])
{
    char hash[65];
    sha256_hex(session_token ? session_token : "", session_token ? strlen(session_token) : 0, hash);
    snprintf(out, 80, "%s:%.32s", SIGNIN_SOURCE_PASSWORD_CHANGE, hash);
}

dl_err password_attempt_admit(db *d, const audit_actor *who, const char *session_token, int64_t now,
                              int64_t *locked_until, dl_error *e)
{
    char source[80];
    password_source(session_token, source);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char key[65];
    account_key(who->name, key);
    rc = backoff_take(d, key, source, LOCKOUT_FREE_FAILURES, now, locked_until, e);
    if (rc == DL_ELOCKED) {
        char detail[80], until[32], idt[24];
        clock_iso_utc(*locked_until, until);
        snprintf(detail, sizeof detail, "back-off until %s", until);
        snprintf(idt, sizeof idt, "%" PRId64, who->user_id);
        rc = audit_append(d, who, "auth.password_refused", "user", idt, NULL, NULL, detail, e);
        if (rc == DL_OK) rc = db_commit(d, e);
        else db_rollback(d);
        return rc == DL_OK ? dl_fail(e, DL_ELOCKED, "backed off") : rc;
    }
    return commit_or_rollback(d, rc, e);
}

dl_err password_attempt_passed(db *d, const audit_actor *who, const char *session_token, dl_error *e)
{
    char source[80];
    password_source(session_token, source);
    char key[65];
    account_key(who->name, key);
    return db_run(d, "DELETE FROM signin_backoff WHERE account = ? AND source = ?", e, "tt", key, source);
}

dl_err password_attempt_failed(db *d, const audit_actor *who, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, who->user_id);
    rc = audit_append(d, who, "auth.password_wrong", "user", idt, NULL, NULL, "", e);
    return commit_or_rollback(d, rc, e);
}

dl_err signin_purge(db *d, int64_t now, dl_error *e)
{
    dl_err rc = db_run(d, "DELETE FROM signin_backoff WHERE locked_until < ? AND last_failed_at < ?", e, "ii", now,
                       now - 24 * 3600);
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM login_throttle WHERE window_start < ?", e, "i",
                    now - SIGNIN_ADDRESS_WINDOW_SECONDS);
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM known_device WHERE last_used_at < ?", e, "i", now - SIGNIN_DEVICE_SECONDS);
    return rc;
}

dl_err signin_backoff_state(db *d, const char *account, int64_t now, int64_t *locked_until, dl_error *e)
{
    char key[65];
    account_key(account, key);
    *locked_until = 0;
    int64_t until = 0;
    dl_err rc = db_query_int(d, "SELECT COALESCE(MAX(locked_until), 0) FROM signin_backoff WHERE account = ?"
                                " AND locked_until > ?", &until, e, "ti", key, now);
    if (rc == DL_OK) *locked_until = until;
    return rc;
}
