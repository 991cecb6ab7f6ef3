/* fixture.c — see fixture.h. */
#include "fixture.h"
#include "test.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/org.h"
#include "store/users.h"

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

/* A broken set-up fails the test at once: nothing after it would mean much. */
static void die(const char *what, const dl_error *e)
{
    test_fail(__FILE__, __LINE__, "fixture: %s: %s", what, e ? e->msg : "");
    nftw(test_tmpdir(), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    fflush(NULL);
    _exit(1);
}

/* With DATALOTS_TEST_PG set (the URL of a throwaway cluster's database,
 * as tests/with-pg.sh provides), each test gets a schema of its own in that
 * database, selected through the URL's search_path; otherwise an SQLite file
 * in its scratch directory. */
const char *fixture_url(void)
{
    static char url[1024];
    static int ready;
    if (ready) return url;
    const char *pg = getenv("DATALOTS_TEST_PG");
    if (pg && *pg) {
        char schema[64];
        snprintf(schema, sizeof schema, "t_%ld_%ld", (long)getpid(), (long)time(NULL));
        db *admin = NULL;
        dl_error e = {0};
        if (db_open(pg, &admin, &e) != DL_OK) die("connect to DATALOTS_TEST_PG", &e);
        char sql[128];
        snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
        if (db_exec(admin, sql, &e) != DL_OK) die("create schema", &e);
        db_close(admin);
        snprintf(url, sizeof url, "%s%soptions=-csearch_path%%3D%s", pg, strchr(pg, '?') ? "&" : "?", schema);
    } else {
        snprintf(url, sizeof url, "sqlite:%s/t.db", test_tmpdir());
    }
    ready = 1;
    return url;
}

int fixture_is_pg(void) { return strncmp(fixture_url(), "postgres", 8) == 0; }

db *fixture_open_raw(void)
{
    db *d = NULL;
    dl_error e = {0};
    if (db_open(fixture_url(), &d, &e) != DL_OK) die("db_open", &e);
    return d;
}

db *fixture_store(void)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    int applied = 0;
    if (db_migrate(d, &applied, &e) != DL_OK) die("db_migrate", &e);
    return d;
}

int64_t fixture_org(db *d, int64_t parent_id, org_kind kind, const char *name,
                    const char *code, const char *diary_format)
{
    dl_error e = {0};
    int64_t id = 0;
    if (db_begin(d, &e) != DL_OK) die("db_begin", &e);
    if (org_insert(d, parent_id, kind, name, code, diary_format, &id, &e) != DL_OK) {
        db_rollback(d);
        die("org_insert", &e);
    }
    if (db_commit(d, &e) != DL_OK) die("db_commit", &e);
    return id;
}

int64_t fixture_user(db *d, const char *username)
{
    dl_error e = {0};
    int64_t id = 0;
    if (user_insert(d, username, username, "", "", &id, &e) != DL_OK) die("user_insert", &e);
    return id;
}

int64_t fixture_int(db *d, const char *sql)
{
    dl_error e = {0};
    int64_t v = 0;
    if (db_query_int(d, sql, &v, &e, "") != DL_OK) die(sql, &e);
    return v;
}

void fixture_exec(db *d, const char *sql)
{
    dl_error e = {0};
    if (db_exec(d, sql, &e) != DL_OK) die(sql, &e);
}

void fixture_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

/* Weak, so the file also links without the sanitizer runtime. */
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

int fixture_no_leaks(void)
{
    if (!__lsan_do_recoverable_leak_check) return 1;
    return __lsan_do_recoverable_leak_check() == 0;
}
