/* test_db.c — the store interface of src/db: opening by URL, the prepared
 * statement cache, binding, error mapping, transactions, the connection pool
 * under threads, and out-of-memory handling via dl_alloc_fail_after(). */
#include "test.h"
#include "fixture.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "core/alloc.h"
#include "core/token.h"
#include "db/db.h"
#include "store/settings.h"

TEST(db_open_close_sqlite)
{
    db *d = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(db_open(fixture_url(), &d, &e), DL_OK);
    CHECK(d != NULL);
    CHECK_INT_EQ(db_backend_of(d), fixture_is_pg() ? DB_POSTGRES : DB_SQLITE);
    /* The health check reads the schema: an empty store is not healthy... */
    CHECK(db_ping(d, &e) != DL_OK);
    /* ...a migrated one is. */
    int applied = 0;
    CHECK_INT_EQ(db_migrate(d, &applied, &e), DL_OK);
    CHECK_INT_EQ(db_ping(d, &e), DL_OK);
    CHECK(!db_in_transaction(d));
    db_close(d);
    db_close(NULL); /* harmless */

    /* A plain path (no "sqlite:") is SQLite too. */
    char path[512];
    snprintf(path, sizeof path, "%s/plain.db", test_tmpdir());
    d = NULL;
    CHECK_INT_EQ(db_open(path, &d, &e), DL_OK);
    CHECK_INT_EQ(db_backend_of(d), DB_SQLITE);
    CHECK_INT_EQ(db_exec(d, "CREATE TABLE x(a)", &e), DL_OK);
    db_close(d);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    fclose(f);
}

TEST(db_open_empty_url_is_config_error)
{
    db *d = (db *)1;
    dl_error e = {0};
    CHECK_INT_EQ(db_open("", &d, &e), DL_ECONFIG);
    CHECK(d == NULL);
    CHECK_CONTAINS(e.msg, "--db");
    d = (db *)1;
    CHECK_INT_EQ(db_open(NULL, &d, &e), DL_ECONFIG);
    CHECK(d == NULL);
    d = (db *)1;
    CHECK_INT_EQ(db_open("sqlite:", &d, &e), DL_ECONFIG);
    CHECK(d == NULL);
    CHECK_CONTAINS(e.msg, "names no file");
}

TEST(db_open_unopenable_path_names_it)
{
    db *d = (db *)1;
    dl_error e = {0};
    CHECK_INT_EQ(db_open("sqlite:/nonexistent/dir/x.db", &d, &e), DL_EDB);
    CHECK(d == NULL);
    CHECK_INT_EQ(e.code, DL_EDB);
    CHECK_CONTAINS(e.msg, "/nonexistent/dir/x.db");
}

TEST(db_open_a_file_that_is_not_a_database_names_it)
{
    char path[512], url[600];
    snprintf(path, sizeof path, "%s/garbage.db", test_tmpdir());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    for (int i = 0; i < 4096; i++) fputc("not a database "[i % 15], f);
    fclose(f);
    snprintf(url, sizeof url, "sqlite:%s", path);
    db *d = (db *)1;
    dl_error e = {0};
    CHECK_INT_EQ(db_open(url, &d, &e), DL_EDB);
    CHECK(d == NULL);
    CHECK_CONTAINS(e.msg, path);
    /* A directory is no database either. */
    snprintf(url, sizeof url, "sqlite:%s", test_tmpdir());
    d = (db *)1;
    CHECK_INT_EQ(db_open(url, &d, &e), DL_EDB);
    CHECK(d == NULL);
    CHECK_CONTAINS(e.msg, test_tmpdir());
}

TEST(db_open_unreachable_postgresql_is_a_clear_error)
{
    /* Port 1 on loopback refuses at once: no server, no DNS involved. */
    const char *urls[] = {"postgresql://user:secret@127.0.0.1:1/datalots",
                          "postgres://user:secret@127.0.0.1:1/datalots?connect_timeout=2"};
    for (int i = 0; i < 2; i++) {
        db *d = (db *)1;
        dl_error e = {0};
        CHECK_INT_EQ(db_open(urls[i], &d, &e), DL_EDB);
        CHECK(d == NULL);
        CHECK_CONTAINS(e.msg, "PostgreSQL");
        CHECK_NOT_CONTAINS(e.msg, "secret");
    }
}

TEST(db_exec_runs_several_statements)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    CHECK_INT_EQ(db_exec(d, "CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);", &e),
                 DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT SUM(v) FROM t"), 3);
    CHECK_INT_EQ(db_exec(d, "INSERT INTO nosuch VALUES (1)", &e), DL_EDB);
    CHECK_CONTAINS(e.msg, "nosuch");
    db_close(d);
}

TEST(db_prepare_cache_returns_reset_unbound_statement)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    const char *sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";

    db_stmt *s1 = db_prepare(d, sql, &e);
    CHECK(s1 != NULL);
    db_bind_int(s1, 1, 2);
    CHECK_INT_EQ(db_step(s1, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(s1, 0), 2);
    db_stmt_done(s1); /* given back in the middle of the result */

    db_stmt *s2 = db_prepare(d, sql, &e);
    CHECK(s2 == s1); /* the cached statement */
    /* Bindings were cleared: v >= NULL matches nothing. */
    CHECK_INT_EQ(db_step(s2, &e), DB_DONE);
    db_stmt_done(s2);

    db_stmt *s3 = db_prepare(d, sql, &e);
    CHECK(s3 == s1);
    db_bind_int(s3, 1, 1);
    /* Reset: the result starts from its first row again. */
    CHECK_INT_EQ(db_step(s3, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(s3, 0), 1);
    db_stmt_done(s3);

    /* An unbound parameter reads back as NULL. */
    db_stmt *q = db_prepare(d, "SELECT ?", &e);
    CHECK(q != NULL);
    db_bind_int(q, 1, 42);
    CHECK_INT_EQ(db_step(q, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(q, 0), 42);
    db_stmt_done(q);
    q = db_prepare(d, "SELECT ?", &e);
    CHECK_INT_EQ(db_step(q, &e), DB_ROW);
    CHECK(db_col_is_null(q, 0));
    db_stmt_done(q);
    db_close(d);
}

TEST(db_prepare_same_sql_while_busy_gives_a_private_statement)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1), (2), (3);");
    const char *sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";

    db_stmt *outer = db_prepare(d, sql, &e);
    CHECK(outer != NULL);
    db_bind_int(outer, 1, 1);
    CHECK_INT_EQ(db_step(outer, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(outer, 0), 1);

    /* Two levels of nesting while the outer one is mid-result. */
    db_stmt *inner = db_prepare(d, sql, &e);
    CHECK(inner != NULL);
    CHECK(inner != outer);
    db_bind_int(inner, 1, 2);
    db_stmt *inner2 = db_prepare(d, sql, &e);
    CHECK(inner2 != NULL);
    CHECK(inner2 != inner && inner2 != outer);
    db_bind_int(inner2, 1, 3);
    CHECK_INT_EQ(db_step(inner2, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(inner2, 0), 3);
    CHECK_INT_EQ(db_step(inner2, &e), DB_DONE);
    db_stmt_done(inner2);
    int sum = 0, st;
    while ((st = db_step(inner, &e)) == DB_ROW) sum += (int)db_col_int(inner, 0);
    CHECK_INT_EQ(st, DB_DONE);
    CHECK_INT_EQ(sum, 5);
    db_stmt_done(inner);

    /* The outer statement carries on where it was. */
    CHECK_INT_EQ(db_step(outer, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(outer, 0), 2);
    CHECK_INT_EQ(db_step(outer, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(outer, 0), 3);
    CHECK_INT_EQ(db_step(outer, &e), DB_DONE);
    db_stmt_done(outer);

    /* And the cached one is handed out again afterwards. */
    db_stmt *again = db_prepare(d, sql, &e);
    CHECK(again == outer);
    db_stmt_done(again);
    db_close(d);
    CHECK(fixture_no_leaks());
}

TEST(db_bind_null_text_int_round_trip)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(id BIGINT PRIMARY KEY, a TEXT, b TEXT, c BIGINT, d BIGINT, f TEXT, g TEXT)");
    db_stmt *s = db_prepare(d, "INSERT INTO t(id, a, b, c, d, f, g) VALUES (1, ?, ?, ?, ?, ?, ?)", &e);
    CHECK(s != NULL);
    db_bind_null(s, 1);
    db_bind_text(s, 2, "h\xc3\xa4lsov\xc3\xa5rd 'x' \"y\"");
    db_bind_int(s, 3, INT64_MIN);
    db_bind_int(s, 4, INT64_MAX);
    db_bind_text(s, 5, NULL);        /* NULL text binds SQL NULL */
    db_bind_textn(s, 6, "abcdef", 3); /* only the first n bytes */
    CHECK_INT_EQ(db_step(s, &e), DB_DONE);
    db_stmt_done(s);

    s = db_prepare(d, fixture_is_pg()
        ? "SELECT a, b, c, d, f, g, CASE WHEN a IS NULL THEN 'null' END, CASE WHEN f IS NULL THEN 'null' END,"
          " CASE WHEN pg_typeof(c)::text = 'bigint' THEN 'integer' END FROM t WHERE id = 1"
        : "SELECT a, b, c, d, f, g, typeof(a), typeof(f), typeof(c) FROM t WHERE id = 1", &e);
    CHECK(s != NULL);
    CHECK_INT_EQ(db_step(s, &e), DB_ROW);
    CHECK(db_col_is_null(s, 0));
    CHECK(db_col_text(s, 0) != NULL);
    CHECK_STR_EQ(db_col_text(s, 0), "");
    CHECK(!db_col_is_null(s, 1));
    CHECK_STR_EQ(db_col_text(s, 1), "h\xc3\xa4lsov\xc3\xa5rd 'x' \"y\"");
    CHECK(db_col_int(s, 2) == INT64_MIN);
    CHECK(db_col_int(s, 3) == INT64_MAX);
    CHECK(db_col_is_null(s, 4));
    CHECK_STR_EQ(db_col_text(s, 5), "abc");
    CHECK_STR_EQ(db_col_text(s, 6), "null");
    CHECK_STR_EQ(db_col_text(s, 7), "null");
    CHECK_STR_EQ(db_col_text(s, 8), "integer");
    CHECK_INT_EQ(db_step(s, &e), DB_DONE);
    db_stmt_done(s);

    /* Text is copied at bind time: changing the buffer afterwards is harmless. */
    char buf[16] = "before";
    s = db_prepare(d, "SELECT CAST(? AS TEXT)", &e);
    db_bind_text(s, 1, buf);
    snprintf(buf, sizeof buf, "after!");
    CHECK_INT_EQ(db_step(s, &e), DB_ROW);
    CHECK_STR_EQ(db_col_text(s, 0), "before");
    db_stmt_done(s);

    /* The varargs helpers bind the same way. */
    CHECK_INT_EQ(db_run(d, "INSERT INTO t(id, a, b) VALUES (?, ?, ?)", &e, "iti", (int64_t)2, "zwei", (int64_t)-7),
                 DL_OK);
    int64_t v = 0;
    CHECK_INT_EQ(db_query_int(d, "SELECT b FROM t WHERE id = ? AND a = ?", &v, &e, "it", (int64_t)2, "zwei"), DL_OK);
    CHECK_INT_EQ(v, -7);
    db_close(d);
}

TEST(db_unique_violation_is_conflict_with_message)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE u(x TEXT UNIQUE)");
    CHECK_INT_EQ(db_run(d, "INSERT INTO u(x) VALUES (?)", &e, "t", "a"), DL_OK);
    uint64_t errors_before = db_error_count();
    dl_error_clear(&e);
    CHECK_INT_EQ(db_run(d, "INSERT INTO u(x) VALUES (?)", &e, "t", "a"), DL_ECONSTRAINT);
    CHECK_INT_EQ(e.code, DL_ECONSTRAINT);
    CHECK(e.msg[0] != '\0');
    /* SQLite says "UNIQUE constraint failed", PostgreSQL "violates unique constraint". */
    CHECK(strstr(e.msg, "UNIQUE") || strstr(e.msg, "unique"));
    CHECK(db_error_count() > errors_before);

    /* The same through db_step directly. */
    db_stmt *s = db_prepare(d, "INSERT INTO u(x) VALUES (?)", &e);
    db_bind_text(s, 1, "a");
    dl_error_clear(&e);
    CHECK_INT_EQ(db_step(s, &e), DB_ERROR);
    CHECK_INT_EQ(e.code, DL_ECONSTRAINT);
    db_stmt_done(s);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM u"), 1);

    /* A foreign-key violation is a conflict too (foreign keys are on). */
    fixture_exec(d, "CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(p_id INTEGER REFERENCES p(id))");
    dl_error_clear(&e);
    CHECK_INT_EQ(db_run(d, "INSERT INTO c(p_id) VALUES (99)", &e, ""), DL_ECONSTRAINT);
    CHECK(strstr(e.msg, "FOREIGN KEY") || strstr(e.msg, "foreign key"));
    db_close(d);
}

TEST(db_syntax_error_is_edb)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    CHECK(db_prepare(d, "SELEC 1", &e) == NULL);
    CHECK_INT_EQ(e.code, DL_EDB);
    CHECK_CONTAINS(e.msg, "syntax");
    int64_t v = 0;
    CHECK_INT_EQ(db_query_int(d, "SELECT nosuchcol FROM sqlite_master", &v, &e, ""), DL_EDB);
    /* A bad type letter in the helpers is refused, not guessed at. */
    CHECK_INT_EQ(db_query_int(d, "SELECT ?", &v, &e, "x", 1), DL_EINTERNAL);
    db_close(d);
}

TEST(db_transaction_rollback_undoes_commit_keeps)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(v INTEGER)");
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK(db_in_transaction(d));
    CHECK_INT_EQ(db_run(d, "INSERT INTO t VALUES (1)", &e, ""), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM t"), 1);
    db_rollback(d);
    CHECK(!db_in_transaction(d));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM t"), 0);
    db_rollback(d); /* without a transaction: nothing happens */

    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO t VALUES (2)", &e, ""), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK(!db_in_transaction(d));

    /* Another connection sees the committed row. */
    db *d2 = fixture_open_raw();
    CHECK_INT_EQ(fixture_int(d2, "SELECT SUM(v) FROM t"), 2);
    db_close(d2);
    db_close(d);
}

TEST(db_close_rolls_back_an_open_transaction)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(v INTEGER)");
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO t VALUES (1)", &e, ""), DL_OK);
    db_close(d);
    d = fixture_open_raw();
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM t"), 0);
    /* And the write lock was released: a new writer gets in at once. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    db_close(d);
}

TEST(db_begin_twice_is_an_error)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(v INTEGER)");
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO t VALUES (1)", &e, ""), DL_OK);
    dl_error_clear(&e);
    CHECK_INT_EQ(db_begin(d, &e), DL_EINTERNAL);
    CHECK_INT_EQ(e.code, DL_EINTERNAL);
    CHECK_CONTAINS(e.msg, "already");
    /* The first transaction is still open and intact. */
    CHECK(db_in_transaction(d));
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM t"), 1);
    db_close(d);
}

TEST(db_commit_without_begin_is_an_error)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    CHECK_INT_EQ(db_commit(d, &e), DL_EINTERNAL);
    CHECK_INT_EQ(e.code, DL_EINTERNAL);
    CHECK_CONTAINS(e.msg, "no transaction");
    CHECK(!db_in_transaction(d));
    /* A committed transaction cannot be committed twice either. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_EINTERNAL);
    db_close(d);
}

TEST(db_query_int_no_row_is_not_found)
{
    db *d = fixture_open_raw();
    dl_error e = {0};
    fixture_exec(d, "CREATE TABLE t(v INTEGER)");
    int64_t v = 12345;
    CHECK_INT_EQ(db_query_int(d, "SELECT v FROM t WHERE v = ?", &v, &e, "i", (int64_t)1), DL_ENOTFOUND);
    CHECK_INT_EQ(e.code, DL_ENOTFOUND);
    CHECK_INT_EQ(v, 12345); /* untouched */
    fixture_exec(d, "INSERT INTO t VALUES (1)");
    CHECK_INT_EQ(db_query_int(d, "SELECT v FROM t WHERE v = ?", &v, &e, "i", (int64_t)1), DL_OK);
    CHECK_INT_EQ(v, 1);
    db_close(d);
}

/* --- the pool under threads --- */

enum { POOL_THREADS = 4, POOL_ROUNDS = 100, POOL_SIZE = 2 };

struct pool_run {
    db_pool *pool;
    pthread_mutex_t lock;
    db *held[POOL_THREADS]; /* which connection each thread holds now */
    _Atomic int double_handout, errors, in_use, max_in_use;
};

struct pool_arg { struct pool_run *run; int idx; };

static void *pool_worker(void *p)
{
    struct pool_arg *a = p;
    struct pool_run *r = a->run;
    for (int i = 0; i < POOL_ROUNDS; i++) {
        db *d = db_pool_acquire(r->pool);
        int now = atomic_fetch_add(&r->in_use, 1) + 1;
        int max = atomic_load(&r->max_in_use);
        while (now > max && !atomic_compare_exchange_weak(&r->max_in_use, &max, now)) {}
        pthread_mutex_lock(&r->lock);
        for (int k = 0; k < POOL_THREADS; k++)
            if (r->held[k] == d) atomic_fetch_add(&r->double_handout, 1);
        r->held[a->idx] = d;
        pthread_mutex_unlock(&r->lock);

        dl_error e = {0};
        dl_err rc = db_begin(d, &e);
        if (rc == DL_OK) rc = db_run(d, "UPDATE counter SET n = n + 1 WHERE id = 1", &e, "");
        if (rc == DL_OK) rc = db_commit(d, &e);
        else db_rollback(d);
        if (rc != DL_OK) {
            fprintf(stderr, "    pool worker: %s\n", e.msg);
            atomic_fetch_add(&r->errors, 1);
        }

        pthread_mutex_lock(&r->lock);
        r->held[a->idx] = NULL;
        pthread_mutex_unlock(&r->lock);
        atomic_fetch_sub(&r->in_use, 1);
        db_pool_release(r->pool, d);
    }
    return NULL;
}

TEST(db_pool_acquire_release_across_threads)
{
    db *d = fixture_open_raw();
    fixture_exec(d, "CREATE TABLE counter(id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
                    "INSERT INTO counter VALUES (1, 0);");
    db_close(d);

    static struct pool_run run;
    dl_error e = {0};
    CHECK_INT_EQ(db_pool_open(fixture_url(), POOL_SIZE, &run.pool, &e), DL_OK);
    pthread_mutex_init(&run.lock, NULL);
    pthread_t th[POOL_THREADS];
    struct pool_arg args[POOL_THREADS];
    for (int i = 0; i < POOL_THREADS; i++) {
        args[i] = (struct pool_arg){&run, i};
        CHECK_INT_EQ(pthread_create(&th[i], NULL, pool_worker, &args[i]), 0);
    }
    for (int i = 0; i < POOL_THREADS; i++) pthread_join(th[i], NULL);
    CHECK_INT_EQ(atomic_load(&run.errors), 0);
    CHECK_INT_EQ(atomic_load(&run.double_handout), 0);
    CHECK(atomic_load(&run.max_in_use) <= POOL_SIZE);
    CHECK(atomic_load(&run.max_in_use) >= 1);

    db *c = db_pool_acquire(run.pool);
    CHECK_INT_EQ(fixture_int(c, "SELECT n FROM counter WHERE id = 1"), POOL_THREADS * POOL_ROUNDS);
    db_pool_release(run.pool, c);
    db_pool_close(run.pool);
    pthread_mutex_destroy(&run.lock);

    d = fixture_open_raw();
    CHECK_INT_EQ(fixture_int(d, "SELECT n FROM counter WHERE id = 1"), 400);
    db_close(d);
}

TEST(db_pool_release_rolls_back_an_open_transaction)
{
    db *d = fixture_open_raw();
    fixture_exec(d, "CREATE TABLE t(v INTEGER)");
    db_close(d);
    db_pool *p = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(db_pool_open(fixture_url(), 1, &p, &e), DL_OK);
    d = db_pool_acquire(p);
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO t VALUES (1)", &e, ""), DL_OK);
    db_pool_release(p, d); /* a handler that bailed out mid-transaction */
    db_pool_release(p, NULL); /* harmless */
    d = db_pool_acquire(p);
    CHECK(!db_in_transaction(d));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM t"), 0);
    db_pool_release(p, d);
    db_pool_close(p);
}

TEST(db_pool_open_rejects_bad_size_and_bad_url)
{
    db_pool *p = (db_pool *)1;
    dl_error e = {0};
    CHECK_INT_EQ(db_pool_open(fixture_url(), 0, &p, &e), DL_ECONFIG);
    CHECK(p == NULL);
    CHECK_CONTAINS(e.msg, "1..256");
    p = (db_pool *)1;
    CHECK_INT_EQ(db_pool_open(fixture_url(), 257, &p, &e), DL_ECONFIG);
    CHECK(p == NULL);
    p = (db_pool *)1;
    CHECK_INT_EQ(db_pool_open("sqlite:/nonexistent/dir/x.db", 3, &p, &e), DL_EDB);
    CHECK(p == NULL);
    CHECK_CONTAINS(e.msg, "/nonexistent/dir/x.db");
    db_pool_close(NULL);
    CHECK(fixture_no_leaks());
}

/* --- out of memory --- */

TEST(db_prepare_out_of_memory_fails_cleanly)
{
    db *d = fixture_open_raw();
    int failures = 0, successes = 0;
    for (long n = 0; n < 6; n++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT %ld", 1000 + n); /* new SQL: not cached yet */
        dl_error e = {0};
        dl_alloc_fail_after(n);
        db_stmt *s = db_prepare(d, sql, &e);
        dl_alloc_fail_after(-1);
        if (!s) {
            CHECK_INT_EQ(e.code, DL_ENOMEM);
            CHECK(e.msg[0] != '\0');
            failures++;
        } else {
            CHECK_INT_EQ(db_step(s, &e), DB_ROW);
            CHECK_INT_EQ(db_col_int(s, 0), 1000 + n);
            db_stmt_done(s);
            successes++;
        }
        /* Once memory is back, the same SQL prepares and is cached. */
        db_stmt *again = db_prepare(d, sql, &e);
        CHECK(again != NULL);
        CHECK_INT_EQ(db_step(again, &e), DB_ROW);
        CHECK_INT_EQ(db_col_int(again, 0), 1000 + n);
        db_stmt_done(again);
        db_stmt *third = db_prepare(d, sql, &e);
        CHECK(third == again);
        db_stmt_done(third);
    }
    CHECK(failures >= 1); /* at least the first allocation was refused */
    CHECK(successes >= 1);

    /* The private copy for a nested prepare, under out-of-memory. */
    dl_error e = {0};
    db_stmt *outer = db_prepare(d, "SELECT 7", &e);
    CHECK(outer != NULL);
    dl_alloc_fail_after(0);
    db_stmt *inner = db_prepare(d, "SELECT 7", &e);
    dl_alloc_fail_after(-1);
    CHECK(inner == NULL);
    CHECK_INT_EQ(e.code, DL_ENOMEM);
    CHECK_INT_EQ(db_step(outer, &e), DB_ROW);
    CHECK_INT_EQ(db_col_int(outer, 0), 7);
    db_stmt_done(outer);

    /* The helpers pass the error on. */
    int64_t v = 0;
    dl_alloc_fail_after(0);
    dl_err rc = db_query_int(d, "SELECT 8", &v, &e, "");
    dl_alloc_fail_after(-1);
    CHECK_INT_EQ(rc, DL_ENOMEM);
    db_close(d);
    CHECK(fixture_no_leaks());
}

TEST(db_open_and_pool_out_of_memory_fail_cleanly)
{
    (void)fixture_url(); /* set up the store before allocations start failing */
    for (long n = 0; n < 8; n++) {
        db *d = (db *)1;
        dl_error e = {0};
        dl_alloc_fail_after(n);
        dl_err rc = db_open(fixture_url(), &d, &e);
        dl_alloc_fail_after(-1);
        if (rc != DL_OK) {
            CHECK_INT_EQ(rc, DL_ENOMEM);
            CHECK(d == NULL);
        } else {
            CHECK(d != NULL);
            db_close(d);
        }
        db_pool *p = (db_pool *)1;
        dl_alloc_fail_after(n);
        rc = db_pool_open(fixture_url(), 3, &p, &e);
        dl_alloc_fail_after(-1);
        if (rc != DL_OK) {
            CHECK_INT_EQ(rc, DL_ENOMEM);
            CHECK(p == NULL);
        } else {
            db_pool_close(p);
        }
    }
    CHECK(fixture_no_leaks());
}

/* --- settings (store/settings.c), the simplest user of the store --- */

TEST(db_settings_get_set_and_server_secret)
{
    db *d = fixture_store();
    dl_error e = {0};
    char v[65] = "untouched";
    CHECK_INT_EQ(settings_get(d, "installation_name", v, sizeof v, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "installation_name");
    CHECK_INT_EQ(settings_set(d, "installation_name", "Regionh\xc3\xa4lsan", &e), DL_OK);
    CHECK_INT_EQ(settings_get(d, "installation_name", v, sizeof v, &e), DL_OK);
    CHECK_STR_EQ(v, "Regionh\xc3\xa4lsan");
    CHECK_INT_EQ(settings_set(d, "installation_name", "Ny", &e), DL_OK); /* an upsert */
    CHECK_INT_EQ(settings_get(d, "installation_name", v, sizeof v, &e), DL_OK);
    CHECK_STR_EQ(v, "Ny");
    char small[4];
    CHECK_INT_EQ(settings_set(d, "long", "abcdefgh", &e), DL_OK);
    CHECK_INT_EQ(settings_get(d, "long", small, sizeof small, &e), DL_OK);
    CHECK_STR_EQ(small, "abc"); /* truncated, terminated */

    char s1[65], s2[65];
    CHECK_INT_EQ(settings_ensure_secret(d, s1, &e), DL_OK);
    CHECK(hex_is_token(s1));
    CHECK_INT_EQ(settings_ensure_secret(d, s2, &e), DL_OK);
    CHECK_STR_EQ(s2, s1); /* created once, then kept */
    db *d2 = fixture_open_raw();
    CHECK_INT_EQ(settings_ensure_secret(d2, s2, &e), DL_OK);
    CHECK_STR_EQ(s2, s1); /* another server sees the same */
    db_close(d2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM settings WHERE key = 'server_secret'"), 1);
    db_close(d);
}
