/* test_store_version.c — the store's change counter (store/store_version.c,
 * migration 0011) on both stores: every table of the catalog carries the
 * counting triggers unless store_version.c names it as exempt, every name
 * it exempts exists, a committed write raises the counter, a rolled-back one
 * leaves it, and writes to the exempt tables don't count. */
#include "test.h"
#include "fixture.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/copy.h"
#include "store/store_version.h"

static int64_t version(db *d)
{
    int64_t n = -1;
    dl_error e = {0};
    if (store_version_read(d, &n, &e) != DL_OK) test_fail(__FILE__, __LINE__, "store_version_read: %s", e.msg);
    return n;
}

/* The number of kinds of write (insert, update, delete) whose trigger
 * raises the counter for table t. */
static int64_t counted_writes(db *d, const char *t)
{
    char sql[400];
    if (fixture_is_pg())
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(DISTINCT event_manipulation) FROM information_schema.triggers"
                 " WHERE event_object_table = '%s' AND trigger_name = '%s_version'"
                 " AND action_timing = 'BEFORE' AND action_orientation = 'STATEMENT'", t, t);
    else
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '%s'"
                 " AND name IN ('%s_version_insert', '%s_version_update', '%s_version_delete')"
                 " AND sql LIKE '%%UPDATE store_version SET n = n + 1%%'", t, t, t, t);
    return fixture_int(d, sql);
}

TEST(store_version_every_table_but_the_exempt_counts_its_writes)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    const char *names[COPY_TABLES_MAX];
    int n = 0, versioned = 0, exempt = 0;
    dl_error e = {0};
    CHECK_INT_EQ(copy_catalog_tables(d, a, names, COPY_TABLES_MAX, &n, &e), DL_OK);
    CHECK(n > 10);
    for (int i = 0; i < n; i++) {
        int64_t kinds = counted_writes(d, names[i]);
        if (store_version_exempt(names[i])) {
            exempt++;
            if (kinds) test_fail(__FILE__, __LINE__, "%s is exempt but has counting triggers", names[i]);
        } else {
            versioned++;
            if (kinds != 3)
                test_fail(__FILE__, __LINE__,
                          "table %s: %lld of insert/update/delete raise store_version; add @VERSIONED %s@ to a"
                          " migration, or name it in store_version.c's exempt tables if pages never show it",
                          names[i], (long long)kinds, names[i]);
        }
    }
    CHECK(versioned >= 17);
    /* Each exempt name is a table that exists (a stale name hides nothing). */
    static const char *const expected_exempt[] = {"schema_migrations", "store_version", "sessions",
                                                  "login_throttle", "signin_backoff", "known_device",
                                                  "guide_search_miss", "extraction_run", "submit_limit",
                                                  "obstacle_subscription", "obstacle_subscription_token", "api_token",
                                                  "case_digest_sent", "guide_view_day", "oidc_provider",
                                                  "oidc_role_map", "oidc_login"};
    CHECK_INT_EQ(exempt, (int)(sizeof expected_exempt / sizeof expected_exempt[0]));
    for (size_t k = 0; k < sizeof expected_exempt / sizeof expected_exempt[0]; k++)
        CHECK(store_version_exempt(expected_exempt[k]));
    CHECK(!store_version_exempt("cases"));
    CHECK(!store_version_exempt(""));
    arena_free(a);
    db_close(d);
}

TEST(store_version_rises_with_a_committed_write_only)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t v0 = version(d);
    CHECK(v0 >= 1);
    fixture_exec(d, "INSERT INTO settings(key, value) VALUES ('prov.first', 'x')");
    int64_t v1 = version(d);
    CHECK(v1 > v0);
    /* A write rolled back leaves the counter as it was. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_exec(d, "INSERT INTO settings(key, value) VALUES ('prov.version', 'x')", &e), DL_OK);
    db_rollback(d);
    CHECK_INT_EQ(version(d), v1);
    /* The exempt tables: a session's last activity does not count. */
    int64_t uid = fixture_user(d, "versionsprov");
    int64_t v2 = version(d);
    CHECK(v2 > v1); /* a new user counts */
    fixture_exec(d, "INSERT INTO sessions(id_hash, user_id, created_at, last_seen_at)"
                    " VALUES ('00ff', (SELECT MAX(id) FROM users), 1, 1)");
    fixture_exec(d, "UPDATE sessions SET last_seen_at = 2");
    CHECK_INT_EQ(version(d), v2);
    CHECK(uid > 0);
    db_close(d);
}

/* PostgreSQL: a transaction that writes data and then the audit head, and
 * one that writes only the audit head, must not deadlock on the counter's
 * row (its trigger fires BEFORE each statement, so the counter is always
 * locked first). The audit-only one runs on a thread and waits. */
struct audit_only { int rc; };

static void *audit_only_writer(void *arg)
{
    struct audit_only *w = arg;
    db *b = fixture_store();
    dl_error e = {0};
    w->rc = db_begin(b, &e);
    if (w->rc == DL_OK) w->rc = db_exec(b, "UPDATE audit_head SET last_seq = last_seq", &e);
    if (w->rc == DL_OK) w->rc = db_commit(b, &e);
    else db_rollback(b);
    db_close(b);
    return NULL;
}

TEST(store_version_data_then_audit_and_audit_alone_do_not_deadlock)
{
    if (!fixture_is_pg()) return; /* SQLite has one writer at a time */
    db *a = fixture_store();
    fixture_user(a, "laskedja");
    dl_error e = {0};
    CHECK_INT_EQ(db_begin(a, &e), DL_OK);
    CHECK_INT_EQ(db_exec(a, "UPDATE users SET display_name = display_name WHERE username = 'laskedja'", &e), DL_OK);
    struct audit_only w = {-1};
    pthread_t t;
    CHECK_INT_EQ(pthread_create(&t, NULL, audit_only_writer, &w), 0);
    usleep(300 * 1000); /* let it reach its lock */
    CHECK_INT_EQ(db_exec(a, "UPDATE audit_head SET last_seq = last_seq", &e), DL_OK);
    CHECK_INT_EQ(db_commit(a, &e), DL_OK);
    pthread_join(t, NULL);
    CHECK_INT_EQ(w.rc, DL_OK);
    db_close(a);
}
