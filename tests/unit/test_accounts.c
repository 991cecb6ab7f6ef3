/* test_accounts.c — store/accounts.c: audited account changes. Creating
 * checks every rule before anything is written; a password change ends the
 * user's other sessions; grants and revocations leave audit rows; role specs
 * ("registrar@RH") resolve against the organisation tree. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/clock.h"
#include "crypto/password_hash.h"
#include "crypto/token.h"
#include "db/db.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/org.h"
#include "store/sessions.h"
#include "store/users.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */
#define GOOD_PW "korrekt h\xc3\xa4st batteri"
#define OTHER_PW "gr\xc3\xb6n stol under bordet 7"

static const audit_actor ADMIN = {0, "system"};

struct acc_counts { int64_t users, audit; };
static struct acc_counts acc_counts(db *d)
{
    return (struct acc_counts){fixture_int(d, "SELECT COUNT(*) FROM users"),
                               fixture_int(d, "SELECT COUNT(*) FROM audit_log")};
}

static int64_t audit_rows(db *d, const char *action)
{
    int64_t n = -1;
    dl_error e = {0};
    db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = ?", &n, &e, "t", action);
    return n;
}

static int verify_ok(db *d)
{
    audit_verdict v;
    dl_error e = {0};
    return audit_verify(d, &v, &e) == DL_OK && v.first_bad_seq == 0;
}

TEST(accounts_create_hashes_inserts_and_audits)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    dl_error e = {0};
    int64_t id = 0;
    CHECK_INT_EQ(account_create(d, &ADMIN, "anna.berg", "Anna Berg", "anna@example.se", GOOD_PW, &id, &e), DL_OK);
    CHECK(id > 0);
    arena *a = arena_new(1024);
    user u;
    CHECK_INT_EQ(user_by_id(d, a, id, &u, &e), DL_OK);
    CHECK_STR_EQ(u.username, "anna.berg");
    CHECK_STR_EQ(u.display_name, "Anna Berg");
    CHECK_STR_EQ(u.email, "anna@example.se");
    CHECK(strncmp(u.password_hash, "$argon2id$", 10) == 0);
    CHECK_NOT_CONTAINS(u.password_hash, "batteri");
    CHECK(password_verify(u.password_hash, GOOD_PW));
    CHECK(!password_verify(u.password_hash, OTHER_PW));
    CHECK_STR_EQ(u.created_at, "2026-06-15T12:00:00Z");
    CHECK_INT_EQ(u.disabled, 0);
    arena_free(a);

    char oid[24];
    snprintf(oid, sizeof oid, "%" PRId64, id);
    int64_t n = -1;
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.create' AND object_type = 'user'"
                                 " AND object_id = ? AND detail = 'anna.berg' AND actor = 'system'",
                              &n, &e, "t", oid), DL_OK);
    CHECK_INT_EQ(n, 1);
    /* The audit row never carries the password. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%batteri%'"), 0);
    CHECK(!db_in_transaction(d));
    /* No e-mail is fine. */
    CHECK_INT_EQ(account_create(d, &ADMIN, "bo", "Bo", NULL, OTHER_PW, NULL, &e), DL_OK);
    CHECK(verify_ok(d));
    db_close(d);
}

TEST(accounts_create_checks_username_rules)
{
    db *d = fixture_store();
    struct acc_counts before = acc_counts(d);
    char too_long[70];
    memset(too_long, 'a', 65);
    too_long[65] = '\0';
    const char *bad[] = {NULL, "", "a", "Anna", ".anna", "-anna", "_anna", "an na", "\xc3\xa5sa", "anna@x",
                         "anna/x", too_long, "anna\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dl_error e = {0};
        int64_t id = -1;
        dl_err rc = account_create(d, &ADMIN, bad[i], "Namn", NULL, GOOD_PW, &id, &e);
        if (rc != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "username #%zu accepted (rc %d)", i, (int)rc);
        else if (!strstr(e.msg, "Anv\xc3\xa4ndarnamnet"))
            test_fail(__FILE__, __LINE__, "username #%zu: message \"%s\"", i, e.msg);
        if (id != -1) test_fail(__FILE__, __LINE__, "username #%zu: id written", i);
    }
    struct acc_counts after = acc_counts(d);
    CHECK_INT_EQ(after.users, before.users);
    CHECK_INT_EQ(after.audit, before.audit);
    CHECK(!db_in_transaction(d));
    db_close(d);
}

TEST(accounts_username_edges_are_allowed)
{
    db *d = fixture_store();
    char longest[65];
    memset(longest, 'z', 64);
    longest[64] = '\0';
    const char *good[] = {"a1", "9lives", "a-b_c.d", longest};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        dl_error e = {0};
        if (account_create(d, &ADMIN, good[i], "Namn", NULL, GOOD_PW, NULL, &e) != DL_OK)
            test_fail(__FILE__, __LINE__, "username %s refused: %s", good[i], e.msg);
    }
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM users"), 4);
    db_close(d);
}

TEST(accounts_create_checks_display_name_and_email)
{
    db *d = fixture_store();
    struct acc_counts before = acc_counts(d);
    char long_name[210];
    memset(long_name, 'n', 201);
    long_name[201] = '\0';
    char long_mail[300];
    memset(long_mail, 'm', 255);
    long_mail[255] = '\0';
    static const struct { const char *name, *mail; } bad[] = {
        {NULL, NULL}, {"", NULL}, {"Anna\x01", NULL}, {"Anna\nBerg", NULL}, {"\xff\xfe", NULL},
        {"Anna \xc3", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dl_error e = {0};
        if (account_create(d, &ADMIN, "anna", bad[i].name, bad[i].mail, GOOD_PW, NULL, &e) != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "display name #%zu accepted", i);
    }
    dl_error e = {0};
    CHECK_INT_EQ(account_create(d, &ADMIN, "anna", long_name, NULL, GOOD_PW, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "200");
    CHECK_INT_EQ(account_create(d, &ADMIN, "anna", "Anna", long_mail, GOOD_PW, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "E-postadressen");
    struct acc_counts after = acc_counts(d);
    CHECK_INT_EQ(after.users, before.users);
    CHECK_INT_EQ(after.audit, before.audit);
    /* Non-ASCII names are fine. */
    CHECK_INT_EQ(account_create(d, &ADMIN, "asa", "\xc3\x85sa \xc3\x96" "berg", NULL, GOOD_PW, NULL, &e), DL_OK);
    db_close(d);
}

TEST(accounts_weak_password_is_refused_and_nothing_written)
{
    db *d = fixture_store();
    struct acc_counts before = acc_counts(d);
    const char *weak[] = {NULL, "", "kort", "123456789012", "aaaaaaaaaaaaaaa", "xxanna.bergxx99",
                          "ANNA.BERG", "password1234", "tab\there is bad!"};
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        dl_error e = {0};
        int64_t id = -1;
        dl_err rc = account_create(d, &ADMIN, "anna.berg", "Anna", NULL, weak[i], &id, &e);
        if (rc != DL_EINVAL) test_fail(__FILE__, __LINE__, "password #%zu accepted (rc %d)", i, (int)rc);
        else if (!strstr(e.msg, "\xc3\xb6senord")) /* a sentence about the password */
            test_fail(__FILE__, __LINE__, "password #%zu: message \"%s\"", i, e.msg);
        if (weak[i] && strlen(weak[i]) >= 4 && strstr(e.msg, weak[i]))
            test_fail(__FILE__, __LINE__, "password #%zu quoted in the message", i);
        if (id != -1) test_fail(__FILE__, __LINE__, "password #%zu: id written", i);
    }
    struct acc_counts after = acc_counts(d);
    CHECK_INT_EQ(after.users, before.users);
    CHECK_INT_EQ(after.audit, before.audit);
    db_close(d);
}

TEST(accounts_duplicate_username_is_a_conflict_in_swedish)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t first = 0;
    CHECK_INT_EQ(account_create(d, &ADMIN, "anna", "Anna", NULL, GOOD_PW, &first, &e), DL_OK);
    struct acc_counts before = acc_counts(d);
    int64_t id = -1;
    CHECK_INT_EQ(account_create(d, &ADMIN, "anna", "Anna Andra", NULL, OTHER_PW, &id, &e), DL_ECONFLICT);
    CHECK_INT_EQ(e.code, DL_ECONFLICT);
    CHECK_STR_EQ(e.msg, "Anv\xc3\xa4ndarnamnet anna \xc3\xa4r redan upptaget.");
    CHECK_INT_EQ(id, -1);
    struct acc_counts after = acc_counts(d);
    CHECK_INT_EQ(after.users, before.users);
    CHECK_INT_EQ(after.audit, before.audit);
    CHECK(!db_in_transaction(d));
    /* The first account is untouched. */
    arena *a = arena_new(512);
    user u;
    CHECK_INT_EQ(user_by_username(d, a, "anna", &u, &e), DL_OK);
    CHECK_INT_EQ(u.id, first);
    CHECK_STR_EQ(u.display_name, "Anna");
    CHECK(password_verify(u.password_hash, GOOD_PW));
    arena_free(a);
    db_close(d);
}

TEST(accounts_set_password_ends_other_sessions)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t anna = 0, bo = 0;
    CHECK_INT_EQ(account_create(d, &ADMIN, "anna", "Anna", NULL, GOOD_PW, &anna, &e), DL_OK);
    CHECK_INT_EQ(account_create(d, &ADMIN, "bo", "Bo", NULL, GOOD_PW, &bo, &e), DL_OK);
    char t1[65], t2[65], t3[65], tb[65];
    CHECK_INT_EQ(session_create(d, anna, T0, t1, &e), DL_OK);
    CHECK_INT_EQ(session_create(d, anna, T0, t2, &e), DL_OK);
    CHECK_INT_EQ(session_create(d, anna, T0, t3, &e), DL_OK);
    CHECK_INT_EQ(session_create(d, bo, T0, tb, &e), DL_OK);
    char ka[65], kb[65], sql[512];
    sha256_hex("anna", 4, ka);
    sha256_hex("bo", 2, kb);
    snprintf(sql, sizeof sql, "INSERT INTO signin_backoff(account, source, failures, last_failed_at, locked_until)"
                              " VALUES ('%s', 'address:192.0.2.1', 7, 1, 99), ('%s', 'password-change:ab', 5, 1, 99),"
                              " ('%s', 'address:192.0.2.1', 7, 1, 99)", ka, ka, kb);
    fixture_exec(d, sql);
    int64_t audits = fixture_int(d, "SELECT COUNT(*) FROM audit_log");

    audit_actor self = {anna, "anna"};
    CHECK_INT_EQ(account_set_password(d, &self, anna, "anna", OTHER_PW, t2, &e), DL_OK);
    session_limits lim = {3600, 86400};
    int64_t uid;
    CHECK_INT_EQ(session_lookup(d, t1, T0, &lim, &uid, &e), DL_EAUTH);
    CHECK_INT_EQ(session_lookup(d, t3, T0, &lim, &uid, &e), DL_EAUTH);
    CHECK_INT_EQ(session_lookup(d, t2, T0, &lim, &uid, &e), DL_OK); /* the one in use is kept */
    CHECK_INT_EQ(uid, anna);
    CHECK_INT_EQ(session_lookup(d, tb, T0, &lim, &uid, &e), DL_OK); /* other users untouched */
    CHECK_INT_EQ(uid, bo);

    arena *a = arena_new(1024);
    user u;
    CHECK_INT_EQ(user_by_id(d, a, anna, &u, &e), DL_OK);
    CHECK(password_verify(u.password_hash, OTHER_PW));
    CHECK(!password_verify(u.password_hash, GOOD_PW));
    /* A new password unlocks the account everywhere, and only that account. */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM signin_backoff WHERE account = '%s'", ka);
    CHECK_INT_EQ(fixture_int(d, sql), 0);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM signin_backoff WHERE account = '%s'", kb);
    CHECK_INT_EQ(fixture_int(d, sql), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audits + 1);
    CHECK_INT_EQ(audit_rows(d, "user.password"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password' AND actor = 'anna'"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%stol%'"), 0);

    /* A weak new password changes nothing at all. */
    char before_hash[PASSWORD_HASH_MAX];
    snprintf(before_hash, sizeof before_hash, "%s", u.password_hash);
    dl_error_clear(&e);
    CHECK_INT_EQ(account_set_password(d, &self, anna, "anna", "anna", NULL, &e), DL_EINVAL);
    CHECK_INT_EQ(account_set_password(d, &self, anna, "anna", "123456789012", NULL, &e), DL_EINVAL);
    CHECK_INT_EQ(session_lookup(d, t2, T0, &lim, &uid, &e), DL_OK);
    CHECK_INT_EQ(user_by_id(d, a, anna, &u, &e), DL_OK);
    CHECK_STR_EQ(u.password_hash, before_hash);
    CHECK_INT_EQ(audit_rows(d, "user.password"), 1);

    /* Without a token to keep (an admin reset), every session ends. */
    CHECK_INT_EQ(account_set_password(d, &ADMIN, anna, "anna", GOOD_PW, NULL, &e), DL_OK);
    CHECK_INT_EQ(session_lookup(d, t2, T0, &lim, &uid, &e), DL_EAUTH);
    CHECK(!db_in_transaction(d));
    CHECK(verify_ok(d));
    arena_free(a);
    db_close(d);
}

TEST(accounts_grant_and_revoke_are_audited)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    int64_t admin_id = fixture_user(d, "admin");
    int64_t anna = fixture_user(d, "anna");
    audit_actor who = {admin_id, "admin"};

    int64_t g1 = 0, g2 = 0;
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_REGISTRAR, rh, &g1, &e), DL_OK);
    CHECK(g1 > 0);
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_ADMIN, 0, &g2, &e), DL_OK); /* installation-wide */
    CHECK(g2 > 0 && g2 != g1);
    CHECK_INT_EQ(audit_rows(d, "role.grant"), 2);
    char detail[64];
    snprintf(detail, sizeof detail, "registrar@%" PRId64, rh);
    int64_t n = -1;
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'role.grant' AND detail = ?"
                                 " AND actor = 'admin' AND actor_user_id = ?", &n, &e, "ti", detail, admin_id),
                 DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'role.grant' AND detail = 'admin@0'"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT granted_by FROM role_assignment WHERE role = 'registrar'"), admin_id);

    arena *a = arena_new(1024);
    user_grant gs[8];
    int ng = 0;
    CHECK_INT_EQ(user_grants(d, a, anna, gs, 8, &ng, &e), DL_OK);
    CHECK_INT_EQ(ng, 2);
    CHECK_INT_EQ(gs[0].id, g1);
    CHECK_INT_EQ(gs[0].role, ROLE_REGISTRAR);
    CHECK_INT_EQ(gs[0].node_id, rh);
    char path[32];
    snprintf(path, sizeof path, "/%" PRId64 "/", rh);
    CHECK_STR_EQ(gs[0].node_path, path);
    CHECK_INT_EQ(gs[1].role, ROLE_ADMIN);
    CHECK_INT_EQ(gs[1].node_id, 0);
    CHECK_STR_EQ(gs[1].node_path, "/");

    /* Holding a role twice at the same place is a conflict, also installation-wide. */
    int64_t audits = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    int64_t gx = -1;
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_REGISTRAR, rh, &gx, &e), DL_ECONFLICT);
    CHECK_STR_EQ(e.msg, "Användaren har redan den rollen vid den enheten.");
    CHECK_INT_EQ(gx, -1);
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_ADMIN, 0, NULL, &e), DL_ECONFLICT);
    CHECK_STR_EQ(e.msg, "Användaren har redan den rollen vid den enheten.");
    /* A unit that does not exist is refused too, and says so (not "already has that role"). */
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_REGISTRAR, 4242, NULL, &e), DL_ENOTFOUND);
    CHECK_STR_EQ(e.msg, "Enheten finns inte. Välj en enhet i listan.");
    /* A user that does not exist says so too. */
    CHECK_INT_EQ(account_grant(d, &who, 987655, ROLE_REGISTRAR, rh, NULL, &e), DL_ENOTFOUND);
    CHECK_STR_EQ(e.msg, "Användaren finns inte.");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audits);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), 2);
    CHECK(!db_in_transaction(d));
    /* The same role elsewhere is fine. */
    int64_t other = fixture_org(d, 0, ORG_FORVALTNING, "Annan", "AN", NULL);
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_REGISTRAR, other, NULL, &e), DL_OK);

    /* Revoking. */
    CHECK_INT_EQ(account_revoke(d, &who, g1, &e), DL_OK);
    CHECK_INT_EQ(audit_rows(d, "role.revoke"), 1);
    char oid[24], rdetail[48];
    snprintf(oid, sizeof oid, "%" PRId64, anna);
    snprintf(rdetail, sizeof rdetail, "grant %" PRId64, g1);
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'role.revoke' AND object_id = ?"
                                 " AND detail = ?", &n, &e, "tt", oid, rdetail), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(user_grants(d, a, anna, gs, 8, &ng, &e), DL_OK);
    CHECK_INT_EQ(ng, 2);
    for (int i = 0; i < ng; i++) CHECK(gs[i].id != g1);
    /* Revoking it again: not found, nothing audited. */
    audits = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    CHECK_INT_EQ(account_revoke(d, &who, g1, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audits);
    CHECK(!db_in_transaction(d));
    CHECK(verify_ok(d));
    arena_free(a);
    db_close(d);
}

/* A user holds at most AUTHZ_MAX_GRANTS role grants: account_grant (used by
 * the admin pages, `datalots user role --add` and the demo data) refuses the
 * next one with a sentence saying what to do, writes nothing and audits
 * nothing. Rows past the limit from before it existed are still listed in
 * full (user_grants_all) so they can be revoked; user_grants with a bound
 * says DL_ELIMIT instead of dropping them silently. */
TEST(accounts_grant_refuses_past_the_limit)
{
    CHECK_INT_EQ(AUTHZ_MAX_GRANTS, 64);
    db *d = fixture_store();
    dl_error e = {0};
    int64_t admin_id = fixture_user(d, "admin");
    int64_t anna = fixture_user(d, "anna");
    audit_actor who = {admin_id, "admin"};
    int64_t units[AUTHZ_MAX_GRANTS + 3];
    for (int i = 0; i < AUTHZ_MAX_GRANTS + 3; i++) {
        char name[32], code[32];
        snprintf(name, sizeof name, "Enhet %d", i);
        snprintf(code, sizeof code, "E%d", i);
        units[i] = fixture_org(d, 0, ORG_FORVALTNING, name, code, NULL);
    }
    int64_t first = 0;
    for (int i = 0; i < AUTHZ_MAX_GRANTS; i++) {
        int64_t gid = 0;
        dl_err rc = account_grant(d, &who, anna, ROLE_REGISTRAR, units[i], &gid, &e);
        if (rc != DL_OK) test_fail(__FILE__, __LINE__, "grant %d: %s", i + 1, e.msg);
        if (i == 0) first = gid;
    }
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), AUTHZ_MAX_GRANTS);
    int64_t audits = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    int64_t gx = -1;
    dl_error_clear(&e);
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_REGISTRAR, units[AUTHZ_MAX_GRANTS], &gx, &e), DL_ECONFLICT);
    CHECK_STR_EQ(e.msg, "Användaren har redan 64 roller, så många som ett konto kan ha. Ta bort en roll innan du ger en ny.");
    CHECK_INT_EQ(gx, -1);
    /* Installation-wide too, and any role. */
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_EDITOR, 0, NULL, &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), AUTHZ_MAX_GRANTS);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audits);
    CHECK(!db_in_transaction(d));
    /* Another user is not affected by anna's count. */
    int64_t bo = fixture_user(d, "bo");
    CHECK_INT_EQ(account_grant(d, &who, bo, ROLE_REGISTRAR, units[0], NULL, &e), DL_OK);
    /* A grant for an account that does not exist: not found, nothing written. */
    CHECK_INT_EQ(account_grant(d, &who, 987654, ROLE_EDITOR, 0, NULL, &e), DL_ENOTFOUND);
    /* Revoking one makes room for one. */
    CHECK_INT_EQ(account_revoke(d, &who, first, &e), DL_OK);
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_EDITOR, 0, NULL, &e), DL_OK);
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_REGISTRAR, units[0], NULL, &e), DL_ECONFLICT);

    /* Two rows past the limit written behind account_grant's back (from
     * before the limit, or straight into the table). */
    CHECK_INT_EQ(user_grant_role(d, anna, ROLE_REGISTRAR, units[AUTHZ_MAX_GRANTS + 1], 0, NULL, &e), DL_OK);
    int64_t last = 0;
    CHECK_INT_EQ(user_grant_role(d, anna, ROLE_REGISTRAR, units[AUTHZ_MAX_GRANTS + 2], 0, &last, &e), DL_OK);
    arena *a = arena_new(1024);
    user_grant bounded[AUTHZ_MAX_GRANTS];
    int n = -1;
    dl_error_clear(&e);
    CHECK_INT_EQ(user_grants(d, a, anna, bounded, AUTHZ_MAX_GRANTS, &n, &e), DL_ELIMIT);
    CHECK_INT_EQ(n, AUTHZ_MAX_GRANTS);
    CHECK_CONTAINS(e.msg, "66");
    user_grant *all = NULL;
    n = -1;
    CHECK_INT_EQ(user_grants_all(d, a, anna, &all, &n, &e), DL_OK);
    CHECK_INT_EQ(n, AUTHZ_MAX_GRANTS + 2);
    CHECK_INT_EQ(all[n - 1].id, last);
    for (int i = 1; i < n; i++) CHECK(all[i].id > all[i - 1].id);
    char path[32];
    snprintf(path, sizeof path, "/%" PRId64 "/", units[AUTHZ_MAX_GRANTS + 2]);
    CHECK_STR_EQ(all[n - 1].node_path, path);
    /* Still refused, and the one past the limit can be revoked. */
    CHECK_INT_EQ(account_grant(d, &who, anna, ROLE_APPLICANT, 0, NULL, &e), DL_ECONFLICT);
    CHECK_INT_EQ(account_revoke(d, &who, last, &e), DL_OK);
    CHECK_INT_EQ(user_grants_all(d, a, anna, &all, &n, &e), DL_OK);
    CHECK_INT_EQ(n, AUTHZ_MAX_GRANTS + 1);
    /* Exactly max rows fit a bounded list; none is all right for both. */
    CHECK_INT_EQ(user_grants(d, a, bo, bounded, 1, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    int64_t nobody = fixture_user(d, "nobody");
    CHECK_INT_EQ(user_grants_all(d, a, nobody, &all, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK(verify_ok(d));
    arena_free(a);
    db_close(d);
}

TEST(accounts_disable_ends_sessions_and_is_audited)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t anna = fixture_user(d, "anna");
    char t1[65], t2[65];
    CHECK_INT_EQ(session_create(d, anna, T0, t1, &e), DL_OK);
    CHECK_INT_EQ(session_create(d, anna, T0, t2, &e), DL_OK);
    CHECK_INT_EQ(account_set_disabled(d, &ADMIN, anna, 1, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM sessions"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT disabled FROM users WHERE username = 'anna'"), 1);
    CHECK_INT_EQ(audit_rows(d, "user.disable"), 1);
    CHECK_INT_EQ(account_set_disabled(d, &ADMIN, anna, 0, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT disabled FROM users WHERE username = 'anna'"), 0);
    CHECK_INT_EQ(audit_rows(d, "user.enable"), 1);
    CHECK(verify_ok(d));
    db_close(d);
}

TEST(accounts_parse_role_spec)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    int64_t rhn = fixture_org(d, rh, ORG_REGIONOMRADE, "Norra", "RH-N", NULL);
    dl_error e = {0};
    dl_role role = ROLE__MAX;
    int64_t node = -1;

    CHECK_INT_EQ(account_parse_role_spec(d, "registrar@RH", &role, &node, &e), DL_OK);
    CHECK_INT_EQ(role, ROLE_REGISTRAR);
    CHECK_INT_EQ(node, rh);
    CHECK_INT_EQ(account_parse_role_spec(d, "verksamhetschef@RH-N", &role, &node, &e), DL_OK);
    CHECK_INT_EQ(role, ROLE_VERKSAMHETSCHEF);
    CHECK_INT_EQ(node, rhn);
    node = -1;
    CHECK_INT_EQ(account_parse_role_spec(d, "admin", &role, &node, &e), DL_OK);
    CHECK_INT_EQ(role, ROLE_ADMIN);
    CHECK_INT_EQ(node, 0);

    CHECK_INT_EQ(account_parse_role_spec(d, "nosuch", &role, &node, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "nosuch");
    CHECK_INT_EQ(account_parse_role_spec(d, "registrar@NOPE", &role, &node, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "NOPE");
    CHECK_INT_EQ(account_parse_role_spec(d, "nosuch@RH", &role, &node, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "nosuch");
    CHECK_INT_EQ(account_parse_role_spec(d, "@RH", &role, &node, &e), DL_EINVAL);
    CHECK_INT_EQ(account_parse_role_spec(d, "registrar@", &role, &node, &e), DL_EINVAL);
    CHECK_INT_EQ(account_parse_role_spec(d, "", &role, &node, &e), DL_EINVAL);
    CHECK_INT_EQ(account_parse_role_spec(d, "Registrar@RH", &role, &node, &e), DL_EINVAL); /* keys are exact */
    CHECK_INT_EQ(account_parse_role_spec(d, "registrar@rh", &role, &node, &e), DL_EINVAL); /* codes too */
    char huge[300];
    memset(huge, 'r', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    CHECK_INT_EQ(account_parse_role_spec(d, huge, &role, &node, &e), DL_EINVAL);
    huge[100] = '@';
    CHECK_INT_EQ(account_parse_role_spec(d, huge, &role, &node, &e), DL_EINVAL);
    db_close(d);
}
