/* test_source.c — the read-only source connectors (extract/source.h) on a
 * tiny hand-written source: the same rows, byte for byte, from SQLite,
 * PostgreSQL, and ODBC over both Debian drivers (libsqliteodbc, psqlodbc);
 * batches and resume, the period filter, bounded key spans, LIKE patterns,
 * reads by patients, missing tables and columns named,
 * writes refused, missing files not created, passwords never in messages.
 * The PostgreSQL tests run in the unit-pg suite (DATALOTS_TEST_PG) and pass
 * without doing anything elsewhere. */
#include "test.h"
#include "source_fixture.h"

#include <libpq-fe.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "extract/source_backend.h"

#define SQLITE_ODBC_DRIVER "/usr/lib/x86_64-linux-gnu/odbc/libsqlite3odbc.so"

static const int lab_all[] = {0, 1, 2, 3, 4, 5, 6};

static const char *sqlite_source(char *url, size_t cap, int skip_table, int skip_column)
{
    char path[400];
    snprintf(path, sizeof path, "%s/source.db", test_tmpdir());
    source_fixture_sqlite(path, skip_table, skip_column);
    snprintf(url, cap, "sqlite:%s", path);
    return url;
}

static const char *sqlite_odbc_source(char *url, size_t cap, int skip_table, int skip_column)
{
    char path[400];
    snprintf(path, sizeof path, "%s/source.db", test_tmpdir());
    source_fixture_sqlite(path, skip_table, skip_column);
    snprintf(url, cap, "odbc:DRIVER=%s;Database=%s", SQLITE_ODBC_DRIVER, path);
    return url;
}

/* Compares rows [from, from + n) of the expected lab table with a read. */
static int same_rows(const source_rows *r, int from, int n, int line)
{
    if (r->n_rows != n || r->n_cols != SOURCE_FIXTURE_LAB_COLS) {
        test_fail(__FILE__, line, "%d rows of %d columns, expected %d of %d", r->n_rows, r->n_cols, n,
                  SOURCE_FIXTURE_LAB_COLS);
        return 0;
    }
    for (int i = 0; i < n; i++)
        for (int c = 0; c < SOURCE_FIXTURE_LAB_COLS; c++) {
            const char *want = source_fixture_lab[from + i][c], *got = r->cells[i * r->n_cols + c];
            size_t len = r->lens[i * r->n_cols + c];
            if (!want != !got || (want && (strcmp(want, got) != 0 || len != strlen(want)))) {
                test_fail(__FILE__, line, "row %d column %d: \"%s\" (%zu bytes), expected \"%s\"", from + i, c,
                          got ? got : "(NULL)", len, want ? want : "(NULL)");
                return 0;
            }
        }
    return 1;
}
#define CHECK_ROWS(r, from, n) do { if (!same_rows((r), (from), (n), __LINE__)) return; } while (0)

/* The behaviour every backend shares, on a source filled by the fixture. */
static void reads_like_every_backend(const char *url, const char *kind)
{
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    CHECK_STR_EQ(source_kind_name(s), kind);
    CHECK_INT_EQ(source_check(s, SRC_LAB, lab_all, 7, &e), DL_OK);
    arena *a = arena_new(1 << 16);
    source_rows r;

    /* One read of everything. */
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, SOURCE_FIXTURE_LAB_ROWS);
    CHECK_INT_EQ(r.last_key, 10);

    /* Batches of 3, each resuming after the last key: the same rows. */
    int64_t after = 0;
    int seen = 0;
    for (int batch = 0; batch < 10; batch++) {
        arena_reset(a);
        CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, after, 3, NULL, NULL, &r, &e), DL_OK);
        CHECK(r.n_rows <= 3);
        CHECK_ROWS(&r, seen, r.n_rows);
        seen += r.n_rows;
        if (r.n_rows == 0) { CHECK_INT_EQ(r.last_key, after); break; }
        after = r.last_key;
    }
    CHECK_INT_EQ(seen, SOURCE_FIXTURE_LAB_ROWS);

    /* Resuming in a gap of the keys (after 3: ids 4, 5). */
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 3, 2, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 2, 2);
    CHECK_INT_EQ(r.last_key, 5);

    /* The period 2020: ids 2, 4, 5, 7 (both ends included). */
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, "2020-01-01", "2020-12-31", &r, &e), DL_OK);
    CHECK_ROWS(&r, 1, 4);
    /* Only a start; only an end. */
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, "2021-01-01", NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 5, 2);
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, NULL, "2019-12-31", &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, 1);

    /* A subset of columns, in another order. */
    const int some[] = {0, 6, 5};
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, some, 3, 4, 2, NULL, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.n_rows, 2);
    CHECK_STR_EQ(r.cells[1], "µmol/L");
    CHECK(r.cells[2] == NULL);
    CHECK_STR_EQ(r.cells[3], "7");
    CHECK_STR_EQ(r.cells[5], "1e+20");

    /* patient has no date column: a period is ignored, not an error. */
    const int pat[] = {0, 1, 2, 3, 4};
    CHECK_INT_EQ(source_read(s, a, SRC_PATIENT, pat, 5, 0, 10, "2020-01-01", "2020-12-31", &r, &e), DL_OK);
    CHECK_INT_EQ(r.n_rows, 4);
    CHECK_STR_EQ(r.cells[1], "191212121212");
    CHECK_STR_EQ(r.cells[3], "1912-12-12");

    /* An empty table, and past the end. */
    const int pres[] = {0, 4};
    CHECK_INT_EQ(source_read(s, a, SRC_PRESCRIPTION, pres, 2, 0, 10, NULL, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.n_rows, 0);
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 10, 10, NULL, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.n_rows, 0);
    CHECK_INT_EQ(r.last_key, 10);

    /* A bounded span of keys: through 6 looks at ids 1–6 and says so even
     * though the last row there is 5; a read that fills its limit stops
     * at its last row. */
    CHECK_INT_EQ(source_read_prefixed(s, a, SRC_LAB, lab_all, 7, 0, 6, 100, NULL, NULL, 0, NULL, 0, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, 4);
    CHECK_INT_EQ(r.last_key, 6);
    CHECK_INT_EQ(source_read_prefixed(s, a, SRC_LAB, lab_all, 7, 0, 6, 2, NULL, NULL, 0, NULL, 0, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, 2);
    CHECK_INT_EQ(r.last_key, 2);
    CHECK_INT_EQ(source_read_prefixed(s, a, SRC_LAB, lab_all, 7, 5, 5, 2, NULL, NULL, 0, NULL, 0, &r, &e), DL_EINTERNAL);

    /* LIKE patterns on npu_code, in both cases (one pattern where LIKE
     * ignores case): ids 1, 2, 9, 10; ODBC sends every row and leaves the
     * filtering to the caller. */
    const char *pats[] = {"NPU273%", "npu273%"};
    CHECK_INT_EQ(source_read_prefixed(s, a, SRC_LAB, lab_all, 7, 0, 0, 100, NULL, NULL, 4, pats, 2, &r, &e), DL_OK);
    if (strcmp(kind, "ODBC") == 0) CHECK_ROWS(&r, 0, SOURCE_FIXTURE_LAB_ROWS);
    else {
        CHECK_INT_EQ(r.n_rows, 4);
        CHECK_STR_EQ(r.cells[0], "1");
        CHECK_STR_EQ(r.cells[2 * 7], "9");
        CHECK_STR_EQ(r.cells[3 * 7], "10");
    }
    const char *bad_pat[] = {"E11'--%"};
    CHECK_INT_EQ(source_read_prefixed(s, a, SRC_LAB, lab_all, 7, 0, 0, 100, NULL, NULL, 4, bad_pat, 1, &r, &e),
                 strcmp(kind, "ODBC") == 0 ? DL_OK : DL_EINTERNAL);

    /* By patients: 2 and 3 are ids 4, 5, 7, 9; with a limit of 3 the read
     * goes on from its last row's patient and id. */
    const int64_t two_three[] = {2, 3};
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, two_three, 2, 0, 0, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 2, 4);
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, two_three, 2, 0, 0, 3, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 2, 3);
    CHECK_INT_EQ(r.last_key, 7);
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, two_three, 2, 3, 7, 3, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 5, 1);
    /* One patient (the statement's other places repeat it), a period. */
    const int64_t one[] = {1}, one_two[] = {1, 2};
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, one, 1, 0, 0, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, 2);
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, one_two, 2, 0, 0, 100, "2020-01-01", NULL, &r, &e),
                 DL_OK);
    CHECK_ROWS(&r, 1, 3);
    /* The patient table by its own ids; a patient with no rows; too many. */
    const int64_t two_four[] = {2, 4}, nobody[] = {99};
    CHECK_INT_EQ(source_read_patients(s, a, SRC_PATIENT, pat, 5, two_four, 2, 0, 0, 10, NULL, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.n_rows, 2);
    CHECK_STR_EQ(r.cells[0], "2");
    CHECK_STR_EQ(r.cells[5], "4");
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, nobody, 1, 0, 0, 10, NULL, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.n_rows, 0);
    int64_t many[SOURCE_IDS_PER_READ + 1] = {0};
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, many, SOURCE_IDS_PER_READ + 1, 0, 0, 10, NULL, NULL,
                                      &r, &e), DL_EINTERNAL);
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, lab_all, 7, many, 0, 0, 0, 10, NULL, NULL, &r, &e), DL_EINTERNAL);
    const int no_patient[] = {0, 3};
    CHECK_INT_EQ(source_read_patients(s, a, SRC_LAB, no_patient, 2, one, 1, 0, 0, 10, NULL, NULL, &r, &e),
                 DL_EINTERNAL);
    CHECK_CONTAINS(e.msg, "patient column");

    /* Bad calls. */
    const int no_id[] = {1, 2};
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, no_id, 2, 0, 10, NULL, NULL, &r, &e), DL_EINTERNAL);
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 10, "2020-1-1", NULL, &r, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "YYYY-MM-DD");
    const int past[] = {0, 7};
    CHECK_INT_EQ(source_check(s, SRC_LAB, past, 2, &e), DL_EINTERNAL);

    arena_free(a);
    source_close(s);
}

/* A source without lab_result.value_unit: named; and the column check
 * on a table that is there passes for the columns it has. */
static void names_the_missing_column(const char *url)
{
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    const int has[] = {0, 1, 5};
    CHECK_INT_EQ(source_check(s, SRC_LAB, has, 3, &e), DL_OK);
    CHECK_INT_EQ(source_check(s, SRC_LAB, lab_all, 7, &e), DL_EINVAL);
    CHECK_STR_EQ(e.msg, "the source has no column lab_result.value_unit: the extraction cannot run until the "
                        "source has it or the decision drops that variable");
    source_close(s);
}

TEST(source_sqlite_reads_batches_periods_and_subsets)
{
    char url[600];
    reads_like_every_backend(sqlite_source(url, sizeof url, -1, -1), "SQLite");
}

TEST(source_sqlite_names_a_missing_column_and_table)
{
    char url[600];
    names_the_missing_column(sqlite_source(url, sizeof url, SRC_LAB, 6));
    /* A source without the table at all. */
    char path[400];
    snprintf(path, sizeof path, "%s/other.db", test_tmpdir());
    sqlite3 *h = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &h), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(h, "CREATE TABLE patient (id INTEGER)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    snprintf(url, sizeof url, "sqlite:%s", path);
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    CHECK_INT_EQ(source_check(s, SRC_LAB, lab_all, 7, &e), DL_EINVAL);
    CHECK_STR_EQ(e.msg, "the source has no table lab_result: the extraction cannot run until the source has it");
    const int pat[] = {0, 1};
    CHECK_INT_EQ(source_check(s, SRC_PATIENT, pat, 2, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "patient.personnummer");
    source_close(s);
}

TEST(source_sqlite_connection_refuses_writes)
{
    char url[600];
    sqlite_source(url, sizeof url, -1, -1);
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    sqlite3 *h = source_raw_connection(s);
    CHECK_INT_EQ(sqlite3_db_readonly(h, "main"), 1);
    CHECK_INT_EQ(sqlite3_exec(h, "INSERT INTO patient VALUES (99, 'x', 'K', '2000-01-01', '0180')", NULL, NULL, NULL) & 0xff,
                 SQLITE_READONLY);
    CHECK_INT_EQ(sqlite3_exec(h, "DELETE FROM lab_result", NULL, NULL, NULL) & 0xff, SQLITE_READONLY);
    /* query_only: not even a temp table. */
    CHECK(sqlite3_exec(h, "CREATE TEMP TABLE t (x)", NULL, NULL, NULL) != SQLITE_OK);
    source_close(s);
    /* The rows are untouched. */
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    arena *a = arena_new(4096);
    source_rows r;
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, SOURCE_FIXTURE_LAB_ROWS);
    arena_free(a);
    source_close(s);
}

TEST(source_sqlite_reuses_its_prepared_statements)
{
    char url[600];
    sqlite_source(url, sizeof url, -1, -1);
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    arena *a = arena_new(4096);
    source_rows r;
    for (int i = 0; i < 20; i++) {
        arena_reset(a);
        CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, i % 10, 2, NULL, NULL, &r, &e), DL_OK);
    }
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 2, "2020-01-01", NULL, &r, &e), DL_OK);
    int n = 0;
    for (sqlite3_stmt *st = sqlite3_next_stmt(source_raw_connection(s), NULL); st;
         st = sqlite3_next_stmt(source_raw_connection(s), st))
        n++;
    CHECK_INT_EQ(n, 2); /* one per shape: without and with a start date */
    arena_free(a);
    source_close(s);
}

TEST(source_sqlite_missing_file_is_an_error_and_stays_missing)
{
    char path[400], url[600];
    snprintf(path, sizeof path, "%s/no-such-source.db", test_tmpdir());
    snprintf(url, sizeof url, "sqlite:%s", path);
    source *s = (source *)1;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_ENOTFOUND);
    CHECK(s == NULL);
    CHECK_CONTAINS(e.msg, path);
    CHECK_CONTAINS(e.msg, "there is no such file");
    struct stat st;
    CHECK(stat(path, &st) != 0);
    /* A file that is not a database. */
    snprintf(path, sizeof path, "%s/notes.txt", test_tmpdir());
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs("these are not the rows you are looking for\n", f);
    fclose(f);
    snprintf(url, sizeof url, "sqlite:%s", path);
    CHECK_INT_EQ(source_open(url, &s, &e), DL_EDB);
    CHECK_CONTAINS(e.msg, "cannot be read");
    CHECK_INT_EQ(source_open("sqlite:", &s, &e), DL_ECONFIG);
    snprintf(url, sizeof url, "sqlite:%s", test_tmpdir());
    CHECK_INT_EQ(source_open(url, &s, &e), DL_EIO);
    CHECK_CONTAINS(e.msg, "is not a file");
}

TEST(source_urls_with_passwords_never_reach_a_message)
{
    static const char *const urls[] = {
        "postgresql://reader:Hemligt-Ord-42@127.0.0.1:1/warehouse",
        "postgres://reader:Hemligt-Ord-42@127.0.0.1:1/warehouse?sslmode=disable",
        "postgresql://reader@127.0.0.1:1/warehouse?password=Hemligt-Ord-42",
        "postgresql://reader:Hemligt-Ord-42@127.0.0.1:notaport/warehouse",
        "postgresql://reader:Hemligt-Ord-42@[::1/warehouse",
        "postgresql://reader:Hemligt%2DOrd-42@127.0.0.1:1/warehouse?bogus=Hemligt-Ord-42",
        "odbc:DRIVER=/nonexistent/driver.so;Server=dw01;Database=warehouse;UID=reader;PWD=Hemligt-Ord-42",
        "odbc:DRIVER=/nonexistent/driver.so;Server=dw01;Database=warehouse;UID=reader;PWD={Hemligt-Ord-42;x}",
        "mysql://reader:Hemligt-Ord-42@127.0.0.1/warehouse",
        "postgresql://reader:*@127.0.0.1:1/warehouse?password=**", /* no endless "***" for "*" */
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        source *s = NULL;
        dl_error e = {0};
        CHECK(source_open(urls[i], &s, &e) != DL_OK);
        CHECK(s == NULL);
        CHECK(e.msg[0] != '\0');
        CHECK_NOT_CONTAINS(e.msg, "Hemligt");
        CHECK_NOT_CONTAINS(e.msg, "reader:");
    }
    /* What the messages do name: the kind and where. */
    source *s = NULL;
    dl_error e = {0};
    CHECK(source_open(urls[0], &s, &e) != DL_OK);
    CHECK_CONTAINS(e.msg, "PostgreSQL source 127.0.0.1:1/warehouse");
    CHECK(source_open(urls[6], &s, &e) != DL_OK);
    CHECK_CONTAINS(e.msg, "ODBC source driver.so dw01/warehouse");
    CHECK_INT_EQ(source_open(urls[8], &s, &e), DL_ECONFIG);
}

/* --- ODBC over libsqliteodbc --- */

TEST(source_odbc_sqlite_reads_the_same_rows)
{
    struct stat st;
    if (stat(SQLITE_ODBC_DRIVER, &st) != 0) { fprintf(stderr, "    skip: no %s\n", SQLITE_ODBC_DRIVER); return; }
    char url[700];
    reads_like_every_backend(sqlite_odbc_source(url, sizeof url, -1, -1), "ODBC");
}

TEST(source_odbc_sqlite_connection_refuses_writes)
{
    struct stat st;
    if (stat(SQLITE_ODBC_DRIVER, &st) != 0) return;
    char url[700];
    sqlite_odbc_source(url, sizeof url, -1, -1);
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    SQLHSTMT h = NULL;
    CHECK(SQLAllocHandle(SQL_HANDLE_STMT, source_raw_connection(s), &h) == SQL_SUCCESS);
    CHECK(SQLExecDirect(h, (SQLCHAR *)"DELETE FROM lab_result", SQL_NTS) == SQL_ERROR);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
    arena *a = arena_new(4096);
    source_rows r;
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, SOURCE_FIXTURE_LAB_ROWS);
    arena_free(a);
    source_close(s);
}

TEST(source_odbc_sqlite_names_missing_column_and_table)
{
    struct stat st;
    if (stat(SQLITE_ODBC_DRIVER, &st) != 0) return;
    char url[700];
    names_the_missing_column(sqlite_odbc_source(url, sizeof url, SRC_LAB, 6));
    char path[400];
    snprintf(path, sizeof path, "%s/other.db", test_tmpdir());
    sqlite3 *h = NULL;
    CHECK_INT_EQ(sqlite3_open(path, &h), SQLITE_OK);
    CHECK_INT_EQ(sqlite3_exec(h, "CREATE TABLE patient (id INTEGER)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    snprintf(url, sizeof url, "odbc:DRIVER=%s;Database=%s", SQLITE_ODBC_DRIVER, path);
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    CHECK_CONTAINS(source_display_name(s), "ODBC libsqlite3odbc.so /");
    CHECK_CONTAINS(source_display_name(s), "/other.db");
    CHECK_INT_EQ(source_check(s, SRC_LAB, lab_all, 7, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "the source has no table lab_result");
    source_close(s);
}

/* --- PostgreSQL (unit-pg suite) --- */

TEST(source_pg_reads_the_same_rows)
{
    char url[1024];
    if (source_fixture_pg(url, sizeof url, -1, -1) != 0) return; /* not the PG suite */
    reads_like_every_backend(url, "PostgreSQL");
}

TEST(source_pg_names_a_missing_column)
{
    char url[1024];
    if (source_fixture_pg(url, sizeof url, SRC_LAB, 6) != 0) return;
    names_the_missing_column(url);
}

TEST(source_pg_session_refuses_writes)
{
    char url[1024];
    if (source_fixture_pg(url, sizeof url, -1, -1) != 0) return;
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    PGconn *c = source_raw_connection(s);
    PGresult *res = PQexec(c, "INSERT INTO patient VALUES (99, 'x', 'K', '2000-01-01', '0180')");
    CHECK_INT_EQ(PQresultStatus(res), PGRES_FATAL_ERROR);
    CHECK_STR_EQ(PQresultErrorField(res, PG_DIAG_SQLSTATE), "25006"); /* read_only_sql_transaction */
    PQclear(res);
    res = PQexec(c, "BEGIN; DELETE FROM lab_result; COMMIT");
    CHECK_INT_EQ(PQresultStatus(res), PGRES_FATAL_ERROR);
    PQclear(res);
    PQclear(PQexec(c, "ROLLBACK"));
    arena *a = arena_new(4096);
    source_rows r;
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 0, SOURCE_FIXTURE_LAB_ROWS);
    arena_free(a);
    source_close(s);
}

TEST(source_pg_lost_connection_is_an_error_not_a_crash)
{
    char url[1024];
    if (source_fixture_pg(url, sizeof url, -1, -1) != 0) return;
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    arena *a = arena_new(4096);
    source_rows r;
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 0, 3, NULL, NULL, &r, &e), DL_OK);
    /* Another session ends ours, as a server restart or a DBA would. */
    PGconn *admin = PQconnectdb(getenv("DATALOTS_TEST_PG"));
    CHECK(PQstatus(admin) == CONNECTION_OK);
    char pid[24];
    snprintf(pid, sizeof pid, "%d", PQbackendPID(source_raw_connection(s)));
    const char *params[] = {pid};
    PGresult *res = PQexecParams(admin, "SELECT pg_terminate_backend($1::int)", 1, NULL, params, NULL, NULL, 0);
    CHECK_INT_EQ(PQresultStatus(res), PGRES_TUPLES_OK);
    PQclear(res);
    PQfinish(admin);
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, r.last_key, 3, NULL, NULL, &r, &e), DL_EDB);
    CHECK_CONTAINS(e.msg, "PostgreSQL source");
    CHECK_CONTAINS(e.msg, "lab_result");
    CHECK_INT_EQ(r.n_rows, 0);
    CHECK_INT_EQ(r.last_key, 4); /* unchanged: where to resume */
    source_close(s);
    /* A new source resumes where the last batch ended. */
    CHECK_INT_EQ(source_open(url, &s, &e), DL_OK);
    CHECK_INT_EQ(source_read(s, a, SRC_LAB, lab_all, 7, 4, 100, NULL, NULL, &r, &e), DL_OK);
    CHECK_ROWS(&r, 3, 4);
    arena_free(a);
    source_close(s);
}

TEST(source_odbc_pg_reads_the_same_rows)
{
    char url[1024], cs[1024], odbc[1100];
    if (source_fixture_pg(url, sizeof url, -1, -1) != 0 || source_fixture_pg_odbc(cs, sizeof cs) != 0) return;
    snprintf(odbc, sizeof odbc, "odbc:%s", cs);
    reads_like_every_backend(odbc, "ODBC");
    /* psqlodbc ignores SQL_MODE_READ_ONLY; the session switch datalots sets
     * for PostgreSQL makes a write through the connection fail. */
    source *s = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(source_open(odbc, &s, &e), DL_OK);
    SQLHSTMT h = NULL;
    CHECK(SQLAllocHandle(SQL_HANDLE_STMT, source_raw_connection(s), &h) == SQL_SUCCESS);
    SQLRETURN rc = SQLExecDirect(h, (SQLCHAR *)"DELETE FROM lab_result", SQL_NTS);
    CHECK(rc == SQL_ERROR);
    SQLFreeHandle(SQL_HANDLE_STMT, h);
    source_close(s);
}
