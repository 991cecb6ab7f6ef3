/* test_versioned.c — optimistic concurrency in the store: an update names
 * the version it started from; a stale one is DL_ECONFLICT and changes
 * nothing; a missing row is DL_ENOTFOUND. Runs on SQLite and PostgreSQL. */
#include "test.h"
#include "fixture.h"

#include "store/accounts.h"
#include "store/org.h"
#include "store/users.h"

#include <string.h>

TEST(versioned_user_profile_update_and_stale_refusal)
{
    db *d = fixture_store();
    int64_t uid = fixture_user(d, "rolf");
    arena *a = arena_new(1024);
    user u;
    dl_error e = {0};
    CHECK_INT_EQ(user_by_id(d, a, uid, &u, &e), DL_OK);
    int64_t v = u.version;
    audit_actor who = {0, "test"};
    CHECK_INT_EQ(account_update_profile(d, &who, uid, v, "Rolf Första", "rolf@example.se", &e), DL_OK);
    CHECK_INT_EQ(user_by_id(d, a, uid, &u, &e), DL_OK);
    CHECK_INT_EQ(u.version, v + 1);
    CHECK_STR_EQ(u.display_name, "Rolf Första");
    /* A second edit from the old version: refused, nothing changed, not audited. */
    int64_t audits = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    CHECK_INT_EQ(account_update_profile(d, &who, uid, v, "Rolf Andra", "x@example.se", &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "Någon annan har ändrat");
    CHECK_INT_EQ(user_by_id(d, a, uid, &u, &e), DL_OK);
    CHECK_STR_EQ(u.display_name, "Rolf Första");
    CHECK_STR_EQ(u.email, "rolf@example.se");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audits);
    CHECK(!db_in_transaction(d));
    /* Missing row. */
    CHECK_INT_EQ(account_update_profile(d, &who, 999999, 1, "X", "", &e), DL_ENOTFOUND);
    /* Invalid name: nothing written. */
    CHECK_INT_EQ(account_update_profile(d, &who, uid, v + 1, "", "", &e), DL_EINVAL);
    arena_free(a);
    db_close(d);
}

TEST(versioned_password_change_bumps_the_version)
{
    db *d = fixture_store();
    int64_t uid = fixture_user(d, "rolf");
    arena *a = arena_new(1024);
    user u;
    dl_error e = {0};
    CHECK_INT_EQ(user_by_id(d, a, uid, &u, &e), DL_OK);
    int64_t v = u.version;
    audit_actor who = {0, "test"};
    CHECK_INT_EQ(account_set_password(d, &who, uid, "rolf", "ett-långt-lösenord-2026", NULL, &e), DL_OK);
    /* A profile form opened before the password change is now stale. */
    CHECK_INT_EQ(account_update_profile(d, &who, uid, v, "Rolf", "", &e), DL_ECONFLICT);
    arena_free(a);
    db_close(d);
}

TEST(versioned_org_update_and_stale_refusal)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    arena *a = arena_new(1024);
    org_node_rec o;
    dl_error e = {0};
    CHECK_INT_EQ(org_get(d, a, rh, &o, &e), DL_OK);
    int64_t v = o.version;
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(org_update(d, rh, v, "Regionhälsan Väst", "{code}-{year}-{seq:4}", &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(org_get(d, a, rh, &o, &e), DL_OK);
    CHECK_STR_EQ(o.name, "Regionhälsan Väst");
    CHECK_STR_EQ(o.diary_format, "RH-{year}-{seq:4}"); /* {code} resolved when stored */
    CHECK_INT_EQ(o.version, v + 1);
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(org_update(d, rh, v, "Stale", "", &e), DL_ECONFLICT);
    db_rollback(d);
    CHECK_INT_EQ(org_get(d, a, rh, &o, &e), DL_OK);
    CHECK_STR_EQ(o.name, "Regionhälsan Väst");
    /* A bad format is refused before anything is written. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(org_update(d, rh, v + 1, "Regionhälsan", "{nope}", &e), DL_EINVAL);
    db_rollback(d);
    CHECK_INT_EQ(org_get(d, a, rh, &o, &e), DL_OK);
    CHECK_INT_EQ(o.version, v + 1);
    arena_free(a);
    db_close(d);
}
