/* test_sessions.c — store/sessions.c: server-side sessions (only the token's
 * hash is stored; idle and absolute timeouts; last_seen refreshed at most
 * once a minute; ending sessions). The sign-in limits: test_signin.c. */
#include "test.h"
#include "fixture.h"

#include <stdint.h>
#include <stdio.h>

#include "core/clock.h"
#include "crypto/token.h"
#include "db/db.h"
#include "store/sessions.h"
#include "store/users.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */
static const session_limits LIM = {30 * 60, 12 * 3600};

static dl_err lookup(db *d, const char *token, int64_t now, int64_t *uid)
{
    dl_error e = {0};
    clock_set_fake(now);
    *uid = -1;
    return session_lookup(d, token, clock_now(), &LIM, uid, &e);
}

static int64_t last_seen(db *d, const char *token)
{
    char hash[65];
    sha256_hex(token, 64, hash);
    int64_t v = -1;
    dl_error e = {0};
    if (db_query_int(d, "SELECT last_seen_at FROM sessions WHERE id_hash = ?", &v, &e, "t", hash) != DL_OK) return -1;
    return v;
}

static void create(db *d, int64_t uid, int64_t now, char token[65])
{
    dl_error e = {0};
    clock_set_fake(now);
    token[0] = '\0';
    if (session_create(d, uid, clock_now(), token, &e) != DL_OK) fprintf(stderr, "    create: %s\n", e.msg);
}

TEST(sessions_create_and_lookup_store_only_a_hash)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char t1[65], t2[65];
    create(d, anna, T0, t1);
    create(d, anna, T0, t2);
    CHECK(hex_is_token(t1));
    CHECK(hex_is_token(t2));
    CHECK(strcmp(t1, t2) != 0);
    int64_t uid;
    CHECK_INT_EQ(lookup(d, t1, T0, &uid), DL_OK);
    CHECK_INT_EQ(uid, anna);
    CHECK_INT_EQ(lookup(d, t2, T0 + 5, &uid), DL_OK);
    CHECK_INT_EQ(uid, anna);

    /* The store never holds the cookie value itself. */
    int64_t n = -1;
    dl_error e = {0};
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM sessions WHERE id_hash = ?", &n, &e, "t", t1), DL_OK);
    CHECK_INT_EQ(n, 0);
    char h[65];
    sha256_hex(t1, 64, h);
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM sessions WHERE id_hash = ?", &n, &e, "t", h), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 2);
    db_close(d);
}

TEST(sessions_malformed_or_unknown_token_is_eauth)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char t[65];
    create(d, anna, T0, t);
    char upper[65], short_t[65], long_t[70], nonhex[65];
    snprintf(upper, sizeof upper, "%s", t);
    for (int i = 0; i < 64; i++)
        if (upper[i] >= 'a' && upper[i] <= 'f') { upper[i] = (char)(upper[i] - 'a' + 'A'); break; }
    snprintf(short_t, sizeof short_t, "%.63s", t);
    snprintf(long_t, sizeof long_t, "%s0", t);
    snprintf(nonhex, sizeof nonhex, "%s", t);
    nonhex[10] = 'g';
    char unknown[65];
    token_random_hex(unknown);
    const char *bad[] = {NULL, "", "abc", upper, short_t, long_t, nonhex, unknown, "' OR 1=1 --"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t uid = -1;
        dl_error e = {0};
        clock_set_fake(T0);
        dl_err rc = session_lookup(d, bad[i], clock_now(), &LIM, &uid, &e);
        if (rc != DL_EAUTH) test_fail(__FILE__, __LINE__, "token #%zu: rc %d, expected DL_EAUTH", i, (int)rc);
        if (uid != -1) test_fail(__FILE__, __LINE__, "token #%zu: user id written", i);
    }
    /* The real one still works. */
    int64_t uid;
    CHECK_INT_EQ(lookup(d, t, T0, &uid), DL_OK);
    db_close(d);
}

TEST(sessions_idle_timeout)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char at_limit[65], past[65], active[65];
    create(d, anna, T0, at_limit);
    create(d, anna, T0, past);
    create(d, anna, T0, active);
    int64_t uid;
    CHECK_INT_EQ(lookup(d, at_limit, T0 + LIM.idle_seconds, &uid), DL_OK); /* exactly the limit: still valid */
    CHECK_INT_EQ(uid, anna);
    CHECK_INT_EQ(lookup(d, past, T0 + LIM.idle_seconds + 1, &uid), DL_EAUTH);
    CHECK_INT_EQ(uid, -1);
    /* An expired session is gone for good, even if asked about "earlier". */
    CHECK_INT_EQ(last_seen(d, past), -1);
    CHECK_INT_EQ(lookup(d, past, T0, &uid), DL_EAUTH);
    /* Activity keeps a session alive past the idle time counted from sign-in. */
    CHECK_INT_EQ(lookup(d, active, T0 + 1000, &uid), DL_OK);
    CHECK_INT_EQ(lookup(d, active, T0 + 2500, &uid), DL_OK);
    CHECK_INT_EQ(lookup(d, active, T0 + 4000, &uid), DL_OK);
    CHECK_INT_EQ(lookup(d, active, T0 + 4000 + LIM.idle_seconds + 1, &uid), DL_EAUTH);
    db_close(d);
}

TEST(sessions_absolute_timeout_despite_activity)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char t[65], t2[65];
    create(d, anna, T0, t);
    create(d, anna, T0, t2);
    int64_t uid;
    int64_t now = T0;
    while (now + 1000 <= T0 + LIM.absolute_seconds) {
        now += 1000;
        CHECK_INT_EQ(lookup(d, t, now, &uid), DL_OK);
        CHECK_INT_EQ(lookup(d, t2, now, &uid), DL_OK);
    }
    CHECK_INT_EQ(lookup(d, t, T0 + LIM.absolute_seconds, &uid), DL_OK); /* exactly the limit */
    CHECK_INT_EQ(lookup(d, t, T0 + LIM.absolute_seconds + 1, &uid), DL_EAUTH);
    CHECK_INT_EQ(lookup(d, t2, T0 + LIM.absolute_seconds + 1, &uid), DL_EAUTH);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 0);
    db_close(d);
}

TEST(sessions_last_seen_refreshed_only_after_a_minute)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char t[65];
    create(d, anna, T0, t);
    int64_t uid;
    CHECK_INT_EQ(last_seen(d, t), T0);
    CHECK_INT_EQ(lookup(d, t, T0 + 59, &uid), DL_OK);
    CHECK_INT_EQ(last_seen(d, t), T0);
    CHECK_INT_EQ(lookup(d, t, T0 + 60, &uid), DL_OK);
    CHECK_INT_EQ(last_seen(d, t), T0 + 60);
    CHECK_INT_EQ(lookup(d, t, T0 + 100, &uid), DL_OK);
    CHECK_INT_EQ(last_seen(d, t), T0 + 60);
    CHECK_INT_EQ(lookup(d, t, T0 + 119, &uid), DL_OK);
    CHECK_INT_EQ(last_seen(d, t), T0 + 60);
    CHECK_INT_EQ(lookup(d, t, T0 + 121, &uid), DL_OK);
    CHECK_INT_EQ(last_seen(d, t), T0 + 121);
    /* created_at never moves. */
    char h[65];
    sha256_hex(t, 64, h);
    int64_t created = 0;
    dl_error e = {0};
    CHECK_INT_EQ(db_query_int(d, "SELECT created_at FROM sessions WHERE id_hash = ?", &created, &e, "t", h), DL_OK);
    CHECK_INT_EQ(created, T0);
    db_close(d);
}

TEST(sessions_delete_and_delete_user)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna"), bo = fixture_user(d, "bo");
    char a1[65], a2[65], a3[65], b1[65];
    create(d, anna, T0, a1);
    create(d, anna, T0, a2);
    create(d, anna, T0, a3);
    create(d, bo, T0, b1);
    dl_error e = {0};
    int64_t uid;

    CHECK_INT_EQ(session_delete(d, a1, &e), DL_OK);
    CHECK_INT_EQ(lookup(d, a1, T0, &uid), DL_EAUTH);
    CHECK_INT_EQ(session_delete(d, a1, &e), DL_OK);     /* already gone */
    CHECK_INT_EQ(session_delete(d, "junk", &e), DL_OK); /* malformed: nothing to do */
    CHECK_INT_EQ(session_delete(d, NULL, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 3);

    char a4[65];
    create(d, anna, T0, a4);
    CHECK_INT_EQ(session_delete_user(d, anna, a3, &e), DL_OK);
    CHECK_INT_EQ(lookup(d, a2, T0, &uid), DL_EAUTH);
    CHECK_INT_EQ(lookup(d, a4, T0, &uid), DL_EAUTH);
    CHECK_INT_EQ(lookup(d, a3, T0, &uid), DL_OK); /* the one kept */
    CHECK_INT_EQ(uid, anna);
    CHECK_INT_EQ(lookup(d, b1, T0, &uid), DL_OK); /* another user's */
    CHECK_INT_EQ(uid, bo);

    /* Without a token to keep (or with a malformed one), all of them go. */
    CHECK_INT_EQ(session_delete_user(d, anna, "not-a-token", &e), DL_OK);
    CHECK_INT_EQ(lookup(d, a3, T0, &uid), DL_EAUTH);
    create(d, anna, T0, a1);
    CHECK_INT_EQ(session_delete_user(d, anna, NULL, &e), DL_OK);
    CHECK_INT_EQ(lookup(d, a1, T0, &uid), DL_EAUTH);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 1);
    db_close(d);
}

TEST(sessions_purge_counts_what_it_removed)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char fresh[65], idle[65], old[65], edge[65];
    create(d, anna, T0, old);                        /* signed in long ago, kept active */
    create(d, anna, T0 + 40000, idle);               /* idle since T0+40000 */
    create(d, anna, T0 + LIM.absolute_seconds, edge); /* last seen exactly idle_seconds before "now" */
    int64_t now = T0 + LIM.absolute_seconds + LIM.idle_seconds;
    create(d, anna, now - 10, fresh);
    fixture_exec(d, "UPDATE sessions SET last_seen_at = created_at");
    char h[65];
    sha256_hex(old, 64, h);
    dl_error e = {0};
    CHECK_INT_EQ(db_run(d, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", &e, "it", now - 5, h), DL_OK);

    int64_t removed = -1;
    CHECK_INT_EQ(session_purge(d, now, &LIM, &removed, &e), DL_OK);
    CHECK_INT_EQ(removed, 2); /* old (absolute) and idle */
    int64_t uid;
    CHECK_INT_EQ(lookup(d, fresh, now, &uid), DL_OK);
    CHECK_INT_EQ(lookup(d, edge, now, &uid), DL_OK); /* purge and lookup agree at the boundary */
    CHECK_INT_EQ(lookup(d, old, now, &uid), DL_EAUTH);
    CHECK_INT_EQ(session_purge(d, now, &LIM, &removed, &e), DL_OK);
    CHECK_INT_EQ(removed, 0);
    CHECK_INT_EQ(session_purge(d, now + 10 * LIM.absolute_seconds, &LIM, NULL, &e), DL_OK); /* removed optional */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 0);
    db_close(d);
}

TEST(sessions_disabled_user_is_refused)
{
    db *d = fixture_store();
    int64_t anna = fixture_user(d, "anna");
    char t[65];
    create(d, anna, T0, t);
    int64_t uid;
    CHECK_INT_EQ(lookup(d, t, T0 + 1, &uid), DL_OK);
    dl_error e = {0};
    CHECK_INT_EQ(user_set_disabled(d, anna, 1, &e), DL_OK);
    CHECK_INT_EQ(lookup(d, t, T0 + 2, &uid), DL_EAUTH);
    CHECK_INT_EQ(uid, -1);
    /* Enabling the account again does not bring the session back. */
    CHECK_INT_EQ(user_set_disabled(d, anna, 0, &e), DL_OK);
    CHECK_INT_EQ(lookup(d, t, T0 + 3, &uid), DL_EAUTH);
    db_close(d);
}
