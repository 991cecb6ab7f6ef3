/* source_fixture.c — see source_fixture.h. The DDL is generated from
 * source_tables[], so a column added to the schema is in the fixture too. */
#include "source_fixture.h"
#include "test.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "db/db.h"

const char *const source_fixture_lab[SOURCE_FIXTURE_LAB_ROWS][SOURCE_FIXTURE_LAB_COLS] = {
    {"1", "1", "SE001", "2019-12-31", "NPU27300", "48", "mmol/mol"},
    {"2", "1", "SE001", "2020-01-01", "NPU27300", "0.1", "mmol/mol"},
    {"4", "2", "SE002", "2020-03-15", "NPU02319", "0.333333333333333", "g/L"},
    {"5", "2", "SE002", "2020-06-30", "NPU01370", NULL, "µmol/L"},
    {"7", "3", "Vårdcentralen Åby", "2020-12-31", "NPU03429", "1e+20", "g/L"},
    {"9", "3", "SE003", "2021-01-01", "NPU27300", "-2.5", "mmol/mol"},
    {"10", "4", NULL, "2021-06-01", "NPU27300", "12345.678", "mmol/mol"},
};

static const char *const inserts[] = {
    "INSERT INTO patient VALUES (1, '191212121212', 'M', '1912-12-12', '0180')",
    "INSERT INTO patient VALUES (2, '199001012384', 'K', '1990-01-01', '1480')",
    "INSERT INTO patient VALUES (3, '198507619289', 'K', '1985-07-01', '0380')",
    "INSERT INTO patient VALUES (4, '200001012386', 'M', '2000-01-01', '1280')",
    "INSERT INTO lab_result VALUES (1, 1, 'SE001', '2019-12-31', 'NPU27300', 48.0, 'mmol/mol')",
    "INSERT INTO lab_result VALUES (2, 1, 'SE001', '2020-01-01', 'NPU27300', 0.1, 'mmol/mol')",
    "INSERT INTO lab_result VALUES (4, 2, 'SE002', '2020-03-15', 'NPU02319', 0.3333333333333333, 'g/L')",
    "INSERT INTO lab_result VALUES (5, 2, 'SE002', '2020-06-30', 'NPU01370', NULL, 'µmol/L')",
    "INSERT INTO lab_result VALUES (7, 3, 'Vårdcentralen Åby', '2020-12-31', 'NPU03429', 1e20, 'g/L')",
    "INSERT INTO lab_result VALUES (9, 3, 'SE003', '2021-01-01', 'NPU27300', -2.5, 'mmol/mol')",
    "INSERT INTO lab_result VALUES (10, 4, NULL, '2021-06-01', 'NPU27300', 12345.678, 'mmol/mol')",
};

static void die(const char *what, const dl_error *e)
{
    test_fail(__FILE__, __LINE__, "source fixture: %s: %s", what, e ? e->msg : "");
    fflush(NULL);
    _exit(1);
}

static const char *sql_type(src_type t, int pg)
{
    static const char *const sqlite_types[] = {"INTEGER", "REAL", "TEXT", "TEXT"};
    static const char *const pg_types[] = {"bigint", "double precision", "text", "date"};
    return (pg ? pg_types : sqlite_types)[t];
}

/* Test code: the DDL from the constant names of source_schema.c. */
static void fill(db *d, int pg, int skip_table, int skip_column)
{
    dl_error e = {0};
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        const source_table *st = &source_tables[t];
        strbuf sb;
        sb_init(&sb, 256);
        sb_puts(&sb, "CREATE TABLE ");
        sb_puts(&sb, st->name);
        sb_puts(&sb, " (");
        for (int c = 0; c < st->n_columns; c++) {
            if (t == skip_table && c == skip_column) continue;
            if (c) sb_puts(&sb, ", ");
            sb_puts(&sb, st->columns[c].name);
            sb_putc(&sb, ' ');
            sb_puts(&sb, sql_type(st->columns[c].type, pg));
            if (c == 0) sb_puts(&sb, " PRIMARY KEY");
        }
        sb_puts(&sb, ")");
        if (db_exec(d, sb_cstr(&sb), &e) != DL_OK) die(sb_cstr(&sb), &e);
        sb_free(&sb);
    }
    for (size_t i = 0; i < sizeof inserts / sizeof inserts[0]; i++) {
        if (skip_table >= 0) break; /* a source missing something needs no rows */
        if (db_exec(d, inserts[i], &e) != DL_OK) die(inserts[i], &e);
    }
}

void source_fixture_sqlite(const char *path, int skip_table, int skip_column)
{
    char url[600];
    snprintf(url, sizeof url, "sqlite:%s", path);
    db *d = NULL;
    dl_error e = {0};
    if (db_open(url, &d, &e) != DL_OK) die("open", &e);
    fill(d, 0, skip_table, skip_column);
    if (db_exec(d, "PRAGMA journal_mode=DELETE", &e) != DL_OK) die("journal mode", &e);
    db_close(d);
}

static char pg_schema[64];

int source_fixture_pg(char *url, size_t cap, int skip_table, int skip_column)
{
    const char *pg = getenv("DATALOTS_TEST_PG");
    if (!pg || !*pg) return -1;
    static int seq;
    snprintf(pg_schema, sizeof pg_schema, "src_%ld_%ld_%d", (long)getpid(), (long)time(NULL), ++seq);
    dl_error e = {0};
    db *d = NULL;
    if (db_open(pg, &d, &e) != DL_OK) die("connect to DATALOTS_TEST_PG", &e);
    char sql[160];
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", pg_schema);
    if (db_exec(d, sql, &e) != DL_OK) die(sql, &e);
    snprintf(sql, sizeof sql, "SET search_path TO %s", pg_schema);
    if (db_exec(d, sql, &e) != DL_OK) die(sql, &e);
    fill(d, 1, skip_table, skip_column);
    db_close(d);
    snprintf(url, cap, "%s%soptions=-csearch_path%%3D%s", pg, strchr(pg, '?') ? "&" : "?", pg_schema);
    return 0;
}

int source_fixture_pg_odbc(char *cs, size_t cap)
{
    const char *pg = getenv("DATALOTS_TEST_PG");
    if (!pg || !*pg || !pg_schema[0]) return -1;
    PQconninfoOption *opts = PQconninfoParse(pg, NULL);
    const char *host = "127.0.0.1", *port = "5432", *dbname = "postgres", *user = "postgres";
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val) continue;
        if (!strcmp(o->keyword, "host")) host = o->val;
        if (!strcmp(o->keyword, "port")) port = o->val;
        if (!strcmp(o->keyword, "dbname")) dbname = o->val;
        if (!strcmp(o->keyword, "user")) user = o->val;
    }
    snprintf(cs, cap, "DRIVER=/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so;Server=%s;Port=%s;Database=%s;UID=%s;"
             "ConnSettings=SET search_path TO %s", host, port, dbname, user, pg_schema);
    PQconninfoFree(opts);
    return 0;
}
