/* test_signin.c — store/signin.c on both stores: the back-off per
 * (account, source) counted before the password is checked, names that are
 * no account treated exactly like real ones, known devices that still get
 * in while a stranger's address is locked, the per-address limit with its
 * refund, the current-password check of a signed-in user, every refusal
 * audited, sign-out in one transaction, and the purge. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>

#include "core/clock.h"
#include "crypto/token.h"
#include "db/db.h"
#include "store/sessions.h"
#include "store/signin.h"
#include "store/users.h"
#include "crypto/password_hash.h"

#include <sodium.h>

#define T0 1781524800 /* 2026-06-15T12:00:00Z */
#define SESSION_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SESSION_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static int64_t audit_count(db *d, const char *action)
{
    int64_t n = -1;
    dl_error e = {0};
    db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = ?", &n, &e, "t", action);
    return n;
}

/* An integer from signin_backoff rows of one name (kept as its SHA-256):
 * "SELECT <what> FROM signin_backoff WHERE account = <key of name> <more>". */
static int64_t backoff_int(db *d, const char *what, const char *name, const char *more)
{
    char key[65], sql[320];
    sha256_hex(name, strlen(name), key);
    snprintf(sql, sizeof sql, "SELECT %s FROM signin_backoff WHERE account = '%s' %s", what, key, more);
    return fixture_int(d, sql);
}

static signin_verdict admit(db *d, const char *account, int64_t uid, const char *client, const char *device,
                            int64_t now, signin_ticket *t)
{
    signin_attempt at = {.account = account, .user_id = uid, .client = client, .device_token = device, .now = now};
    dl_error e = {0};
    if (signin_admit(d, &at, t, &e) != DL_OK) return (signin_verdict)-1;
    return t->verdict;
}

TEST(signin_backoff_schedule_per_account_and_source)
{
    db *d = fixture_store();
    int64_t hinder = fixture_user(d, "hinder");
    signin_ticket t;
    /* Five tickets pass (four free failures and the fifth); then 1 min. */
    for (int i = 0; i < 5; i++) CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0 + 1, &t), SIGNIN_LOCKED);
    CHECK_INT_EQ(t.locked_until, T0 + 60);
    CHECK_STR_EQ(t.source, "address:192.0.2.1");
    /* A refused attempt is not counted again, and a second refusal of the
     * same lock writes nothing (the first was audited) … */
    int64_t head = fixture_int(d, "SELECT last_seq FROM audit_head");
    CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0 + 2, &t), SIGNIN_LOCKED);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM audit_head"), head);
    CHECK_INT_EQ(backoff_int(d, "failures", "hinder", "AND source = 'address:192.0.2.1'"), 5);
    /* The name itself is not kept, only its SHA-256. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM signin_backoff WHERE account LIKE '%hinder%'"), 0);
    /* … and another address is not affected. */
    CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.2", NULL, T0 + 1, &t), SIGNIN_ADMIT);
    /* When the minute is over the sixth failure admits, and locks 2 min. */
    CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0 + 60, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0 + 61, &t), SIGNIN_LOCKED);
    CHECK_INT_EQ(t.locked_until, T0 + 60 + 120);
    CHECK_INT_EQ(audit_count(d, "auth.login_refused"), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused'"
                                " AND actor = 'hinder' AND detail LIKE 'back-off (address) until 2026-06-15T12:%'"), 2);
    db_close(d);
}

TEST(signin_unknown_names_are_counted_like_real_ones)
{
    db *d = fixture_store();
    int64_t real = fixture_user(d, "hinder");
    signin_ticket tr, tu;
    for (int i = 0; i < 6; i++) {
        signin_verdict a = admit(d, "hinder", real, "192.0.2.1", NULL, T0 + i, &tr);
        signin_verdict b = admit(d, "ingen-sadan", 0, "192.0.2.9", NULL, T0 + i, &tu);
        CHECK_INT_EQ(a, b);
        CHECK_INT_EQ(tr.locked_until, tu.locked_until);
    }
    CHECK_INT_EQ(tu.verdict, SIGNIN_LOCKED);
    /* The refusal of an unknown name is audited without the name (it may be
     * a password typed into the wrong field). */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused'"
                                " AND actor = 'public' AND actor_user_id = 0"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%ingen-sadan%'"
                                " OR actor LIKE '%ingen-sadan%' OR object_id LIKE '%ingen-sadan%'"), 0);
    db_close(d);
}

TEST(signin_known_device_gets_in_while_strangers_are_locked)
{
    db *d = fixture_store();
    int64_t hinder = fixture_user(d, "hinder");
    dl_error e = {0};
    signin_ticket t;
    /* The owner signs in once from her laptop: the device is remembered. */
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", NULL, T0, &t), SIGNIN_ADMIT);
    signin_attempt at = {.account = "hinder", .user_id = hinder, .client = "10.0.0.5", .now = T0};
    char session[65], device[65];
    CHECK_INT_EQ(signin_succeeded(d, &at, &t, "hinder", NULL, session, device, &e), DL_OK);
    CHECK(hex_is_token(device));
    CHECK(hex_is_token(session));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM known_device"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM known_device WHERE id_hash LIKE '%' AND user_id > 0"), 1);

    /* A stranger guesses from the same shared address until locked out. */
    for (int i = 0; i < 5; i++) CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", NULL, T0 + 10, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", NULL, T0 + 11, &t), SIGNIN_LOCKED);
    /* The owner's laptop still gets a ticket, counted on its own source. */
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", device, T0 + 12, &t), SIGNIN_ADMIT);
    CHECK(t.known_device);
    CHECK(strncmp(t.source, "device:", 7) == 0);
    /* Another account's device cookie is no known device for hinder. */
    int64_t other = fixture_user(d, "annan");
    CHECK_INT_EQ(admit(d, "annan", other, "10.0.0.6", device, T0 + 12, &t), SIGNIN_ADMIT);
    CHECK(!t.known_device);
    /* A forged cookie is no known device either. */
    char forged[65];
    token_random_hex(forged);
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", forged, T0 + 13, &t), SIGNIN_LOCKED);
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", "not-hex", T0 + 13, &t), SIGNIN_LOCKED);
    db_close(d);
}

TEST(signin_success_clears_its_source_and_refunds_the_address)
{
    db *d = fixture_store();
    int64_t hinder = fixture_user(d, "hinder");
    dl_error e = {0};
    signin_ticket t;
    for (int i = 0; i < 4; i++) CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(admit(d, "nagon", 0, "192.0.2.7", NULL, T0, &t), SIGNIN_ADMIT); /* another source */
    CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0 + 1, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(fixture_int(d, "SELECT failures FROM login_throttle WHERE client = '192.0.2.1'"), 5);
    signin_attempt at = {.account = "hinder", .user_id = hinder, .client = "192.0.2.1", .now = T0 + 1};
    char old[65], session[65], device[65];
    CHECK_INT_EQ(session_create(d, hinder, T0, old, &e), DL_OK);
    CHECK_INT_EQ(signin_succeeded(d, &at, &t, "hinder", old, session, device, &e), DL_OK);
    /* Both the source's and the all-addresses count of hinder are gone; the
     * other name's stay. */
    CHECK_INT_EQ(backoff_int(d, "COUNT(*)", "hinder", ""), 0);
    CHECK_INT_EQ(backoff_int(d, "COUNT(*)", "nagon", ""), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT failures FROM login_throttle WHERE client = '192.0.2.1'"), 4);
    /* The session used before signing in is gone (no session fixation). */
    session_limits lim = {3600, 86400};
    int64_t uid = 0;
    CHECK_INT_EQ(session_lookup(d, old, T0 + 2, &lim, &uid, &e), DL_EAUTH);
    CHECK_INT_EQ(session_lookup(d, session, T0 + 2, &lim, &uid, &e), DL_OK);
    CHECK_INT_EQ(uid, hinder);
    CHECK_INT_EQ(audit_count(d, "auth.login"), 1);
    /* A sign-in needs an account. */
    signin_attempt none = {.account = "x", .user_id = 0, .client = "192.0.2.1", .now = T0};
    CHECK_INT_EQ(signin_succeeded(d, &none, &t, "x", NULL, session, device, &e), DL_EINTERNAL);
    db_close(d);
}

TEST(signin_devices_per_account_are_capped)
{
    db *d = fixture_store();
    int64_t hinder = fixture_user(d, "hinder");
    dl_error e = {0};
    signin_ticket t;
    char session[65], device[65];
    for (int i = 0; i < SIGNIN_DEVICES_PER_ACCOUNT + 5; i++) {
        CHECK_INT_EQ(admit(d, "hinder", hinder, "192.0.2.1", NULL, T0 + i, &t), SIGNIN_ADMIT);
        signin_attempt at = {.account = "hinder", .user_id = hinder, .client = "192.0.2.1", .now = T0 + i};
        CHECK_INT_EQ(signin_succeeded(d, &at, &t, "hinder", NULL, session, device, &e), DL_OK);
    }
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM known_device"), SIGNIN_DEVICES_PER_ACCOUNT);
    /* The newest is kept, the oldest went first. */
    CHECK_INT_EQ(fixture_int(d, "SELECT MIN(last_used_at) FROM known_device"), T0 + 5);
    db_close(d);
}

TEST(signin_address_limit_counts_failures_not_successes)
{
    db *d = fixture_store();
    dl_error e = {0};
    signin_ticket t;
    char name[32];
    for (int i = 0; i < SIGNIN_ADDRESS_MAX_FAILURES; i++) {
        snprintf(name, sizeof name, "namn-%d", i);
        CHECK_INT_EQ(admit(d, name, 0, "192.0.2.7", NULL, T0 + i, &t), SIGNIN_ADMIT);
    }
    CHECK_INT_EQ(admit(d, "namn-x", 0, "192.0.2.7", NULL, T0 + 30, &t), SIGNIN_ADDRESS_LIMIT);
    /* The window began at the first failure (T0): it ends 15 min after that. */
    CHECK_INT_EQ(t.locked_until, T0 + SIGNIN_ADDRESS_WINDOW_SECONDS);
    int64_t head = fixture_int(d, "SELECT last_seq FROM audit_head");
    CHECK_INT_EQ(admit(d, "namn-y", 0, "192.0.2.7", NULL, T0 + 31, &t), SIGNIN_ADDRESS_LIMIT);
    CHECK_INT_EQ(fixture_int(d, "SELECT failures FROM login_throttle WHERE client = '192.0.2.7'"),
                 SIGNIN_ADDRESS_MAX_FAILURES + 1);
    /* Refused once and audited once: later refusals write nothing. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused'"
                                " AND detail LIKE 'address limit until %'"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM audit_head"), head);
    CHECK_INT_EQ(backoff_int(d, "COUNT(*)", "namn-y", ""), 0);
    /* Another address is free; after the window the address is free again. */
    CHECK_INT_EQ(admit(d, "namn-x", 0, "192.0.2.8", NULL, T0 + 31, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(admit(d, "namn-z", 0, "192.0.2.7", NULL, T0 + SIGNIN_ADDRESS_WINDOW_SECONDS, &t), SIGNIN_ADMIT);
    CHECK_INT_EQ(fixture_int(d, "SELECT failures FROM login_throttle WHERE client = '192.0.2.7'"), 1);

    /* Refund: a success gives its ticket back, so a busy shared address is
     * limited by its failures only. */
    CHECK_INT_EQ(throttle_take(d, "192.0.2.50", T0, 2, 900, NULL, &e), DL_OK);
    CHECK_INT_EQ(throttle_refund(d, "192.0.2.50", &e), DL_OK);
    CHECK_INT_EQ(throttle_take(d, "192.0.2.50", T0, 2, 900, NULL, &e), DL_OK);
    CHECK_INT_EQ(throttle_take(d, "192.0.2.50", T0, 2, 900, NULL, &e), DL_OK);
    CHECK_INT_EQ(throttle_take(d, "192.0.2.50", T0, 2, 900, NULL, &e), DL_ELOCKED);
    CHECK_INT_EQ(throttle_refund(d, "192.0.2.51", &e), DL_OK); /* nothing to refund: no row, no error */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM login_throttle WHERE client = '192.0.2.51'"), 0);
    db_close(d);
}

TEST(signin_known_device_is_not_held_by_the_address_limit)
{
    db *d = fixture_store();
    int64_t hinder = fixture_user(d, "hinder");
    dl_error e = {0};
    signin_ticket t;
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", NULL, T0, &t), SIGNIN_ADMIT);
    signin_attempt at = {.account = "hinder", .user_id = hinder, .client = "10.0.0.5", .now = T0};
    char session[65], device[65];
    CHECK_INT_EQ(signin_succeeded(d, &at, &t, "hinder", NULL, session, device, &e), DL_OK);
    char name[32];
    for (int i = 0; i <= SIGNIN_ADDRESS_MAX_FAILURES; i++) {
        snprintf(name, sizeof name, "gissning-%d", i);
        admit(d, name, 0, "10.0.0.5", NULL, T0 + 1, &t);
    }
    CHECK_INT_EQ(t.verdict, SIGNIN_ADDRESS_LIMIT);
    CHECK_INT_EQ(admit(d, "hinder", hinder, "10.0.0.5", device, T0 + 2, &t), SIGNIN_ADMIT);
    db_close(d);
}

TEST(signin_password_change_is_limited_and_audited)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    audit_actor self = {anna, "anna"};
    dl_error e = {0};
    int64_t until = 0;
    for (int i = 0; i < 5; i++) {
        CHECK_INT_EQ(password_attempt_admit(d, &self, SESSION_A, T0, &until, &e), DL_OK);
        CHECK_INT_EQ(password_attempt_failed(d, &self, &e), DL_OK);
    }
    CHECK_INT_EQ(password_attempt_admit(d, &self, SESSION_A, T0 + 1, &until, &e), DL_ELOCKED);
    CHECK_INT_EQ(until, T0 + 60);
    CHECK_INT_EQ(audit_count(d, "auth.password_wrong"), 5);
    CHECK_INT_EQ(audit_count(d, "auth.password_refused"), 1);
    /* The owner's other session is not held by the stolen one's guesses. */
    CHECK_INT_EQ(password_attempt_admit(d, &self, SESSION_B, T0 + 2, &until, &e), DL_OK);
    /* The password-change back-off does not lock sign-in. */
    signin_ticket t;
    CHECK_INT_EQ(admit(d, "anna", anna, "192.0.2.1", NULL, T0 + 2, &t), SIGNIN_ADMIT);
    /* A right current password starts the count over. */
    CHECK_INT_EQ(password_attempt_admit(d, &self, SESSION_A, T0 + 60, &until, &e), DL_OK);
    CHECK_INT_EQ(password_attempt_passed(d, &self, SESSION_A, &e), DL_OK);
    /* Session A's count is gone; session B's one attempt stays. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM signin_backoff WHERE source LIKE 'password-change:%'"), 1);
    db_close(d);
}

TEST(signin_signout_and_purge)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    dl_error e = {0};
    char tok[65];
    CHECK_INT_EQ(session_create(d, anna, T0, tok, &e), DL_OK);
    audit_actor self = {anna, "anna"};
    CHECK_INT_EQ(signout(d, &self, tok, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 0);
    CHECK_INT_EQ(audit_count(d, "auth.logout"), 1);

    signin_ticket t;
    for (int i = 0; i < 6; i++) admit(d, "anna", anna, "192.0.2.1", NULL, T0, &t);
    admit(d, "gammal", 0, "192.0.2.2", NULL, T0 - 2 * 86400, &t);
    fixture_exec(d, "INSERT INTO known_device(id_hash, user_id, created_at, last_used_at) VALUES"
                    " ('aa', (SELECT id FROM users WHERE username = 'anna'), 1, 1),"
                    " ('bb', (SELECT id FROM users WHERE username = 'anna'), 1781524800, 1781524800)");
    CHECK_INT_EQ(signin_purge(d, T0 + 10, &e), DL_OK);
    /* The locked pair stays, the old one and the old window and device go. */
    CHECK_INT_EQ(backoff_int(d, "COUNT(*)", "gammal", ""), 0);
    CHECK_INT_EQ(backoff_int(d, "COUNT(*)", "anna", ""), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM login_throttle WHERE client = '192.0.2.2'"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM known_device"), 1);
    db_close(d);
}

TEST(signin_shared_workstation_is_a_known_device_of_each_user)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna"), bo = fixture_user(d, "bo");
    dl_error e = {0};
    signin_ticket t;
    char session[65], device[65], device2[65];
    CHECK_INT_EQ(admit(d, "anna", anna, "10.0.0.5", NULL, T0, &t), SIGNIN_ADMIT);
    signin_attempt at = {.account = "anna", .user_id = anna, .client = "10.0.0.5", .now = T0};
    CHECK_INT_EQ(signin_succeeded(d, &at, &t, "anna", NULL, session, device, &e), DL_OK);
    /* Bo signs in on the same browser: it keeps its id. */
    CHECK_INT_EQ(admit(d, "bo", bo, "10.0.0.5", device, T0 + 1, &t), SIGNIN_ADMIT);
    CHECK(!t.known_device);
    signin_attempt bt = {.account = "bo", .user_id = bo, .client = "10.0.0.5", .device_token = device, .now = T0 + 1};
    CHECK_INT_EQ(signin_succeeded(d, &bt, &t, "bo", NULL, session, device2, &e), DL_OK);
    CHECK_STR_EQ(device2, device);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM known_device"), 2);
    /* A stranger locks the address for anna; the workstation still knows her. */
    for (int i = 0; i < 6; i++) admit(d, "anna", anna, "10.0.0.5", NULL, T0 + 10, &t);
    CHECK_INT_EQ(t.verdict, SIGNIN_LOCKED);
    CHECK_INT_EQ(admit(d, "anna", anna, "10.0.0.5", device, T0 + 11, &t), SIGNIN_ADMIT);
    CHECK(t.known_device);
    CHECK_INT_EQ(admit(d, "bo", bo, "10.0.0.5", device, T0 + 11, &t), SIGNIN_ADMIT);
    CHECK(t.known_device);
    db_close(d);
}

/* Guesses spread over many addresses: each address is free for its first
 * four, but the account counts all of them together (20 free, then the
 * doubling); the owner's known device is not held. */
TEST(signin_guesses_spread_over_addresses_are_backed_off)
{
    db *d = fixture_store();
    int64_t admin = fixture_user(d, "admin");
    dl_error e = {0};
    signin_ticket t;
    CHECK_INT_EQ(admit(d, "admin", admin, "10.0.0.5", NULL, T0, &t), SIGNIN_ADMIT);
    signin_attempt at = {.account = "admin", .user_id = admin, .client = "10.0.0.5", .now = T0};
    char session[65], device[65];
    CHECK_INT_EQ(signin_succeeded(d, &at, &t, "admin", NULL, session, device, &e), DL_OK);
    char addr[48];
    for (int i = 1; i <= 20; i++) {
        snprintf(addr, sizeof addr, "2001:db8:%d::1", i);
        CHECK_INT_EQ(admit(d, "admin", admin, addr, NULL, T0 + 1, &t), SIGNIN_ADMIT);
    }
    CHECK_INT_EQ(admit(d, "admin", admin, "2001:db8:99::1", NULL, T0 + 2, &t), SIGNIN_LOCKED);
    CHECK_INT_EQ(t.locked_until, T0 + 1 + 60);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_refused'"
                                " AND detail LIKE 'back-off (all addresses)%'"), 1);
    /* The known device still gets in. */
    CHECK_INT_EQ(admit(d, "admin", admin, "10.0.0.5", device, T0 + 3, &t), SIGNIN_ADMIT);
    db_close(d);
}

/* docs/security.md: a hash made with weaker argon2id limits is renewed at
 * the next right password (after the sign-in, in its own transaction) and
 * audited; a password changed in between is not clobbered. */
TEST(signin_renews_a_password_hash_made_with_older_limits)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    dl_error e = {0};
    /* A hash as an older datalots (lower limits) would have made it. */
    char weak[crypto_pwhash_STRBYTES];
    CHECK_INT_EQ(crypto_pwhash_str(weak, "rätt lösenord 2026", strlen("rätt lösenord 2026"),
                                   crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
    CHECK(password_needs_rehash(weak));
    CHECK(password_verify(weak, "rätt lösenord 2026"));
    CHECK_INT_EQ(user_set_password_hash(d, anna, weak, &e), DL_OK);
    char fresh[PASSWORD_HASH_MAX];
    CHECK_INT_EQ(password_hash("rätt lösenord 2026", fresh, &e), DL_OK);
    CHECK(!password_needs_rehash(fresh));

    signin_ticket t;
    CHECK_INT_EQ(admit(d, "anna", anna, "10.0.0.7", NULL, T0, &t), SIGNIN_ADMIT);
    signin_attempt at = {.account = "anna", .user_id = anna, .client = "10.0.0.7", .now = T0};
    char session[65], device[65];
    CHECK_INT_EQ(signin_succeeded(d, &at, &t, "anna", NULL, session, device, &e), DL_OK);
    int renewed = -1;
    CHECK_INT_EQ(signin_renew_hash(d, anna, "anna", weak, fresh, &renewed, &e), DL_OK);
    CHECK_INT_EQ(renewed, 1);
    user u;
    arena *a = arena_new(4096);
    CHECK_INT_EQ(user_by_id(d, a, anna, &u, &e), DL_OK);
    CHECK_STR_EQ(u.password_hash, fresh);
    CHECK(password_verify(u.password_hash, "rätt lösenord 2026"));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_rehash'"), 1);

    /* The password was changed between the check and the sign-in's write:
     * the stale hash no longer matches, so the new password stays. */
    char changed[PASSWORD_HASH_MAX], other[PASSWORD_HASH_MAX];
    CHECK_INT_EQ(password_hash("ett helt annat lösenord", changed, &e), DL_OK);
    CHECK_INT_EQ(user_set_password_hash(d, anna, changed, &e), DL_OK);
    CHECK_INT_EQ(password_hash("rätt lösenord 2026", other, &e), DL_OK);
    CHECK_INT_EQ(signin_renew_hash(d, anna, "anna", weak, other, &renewed, &e), DL_OK);
    CHECK_INT_EQ(renewed, 0);
    CHECK_INT_EQ(user_by_id(d, a, anna, &u, &e), DL_OK);
    CHECK_STR_EQ(u.password_hash, changed);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_rehash'"), 1);
    arena_free(a);
    db_close(d);
}
