/* test_demo_source.c — the synthetic source database (extract/demo_source.c,
 * demo_model.c): the schema is source_schema's, every personnummer is valid
 * (core/personnummer.h), unique and agrees with sex and birth date, child
 * rows point at patients and demo units inside the period, the
 * distributions are in range, a seed gives the same rows (SQLite and SQL
 * text), and bad arguments or a failing disk leave no file behind. */
#include "test.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/personnummer.h"
#include "extract/demo_model.h"
#include "extract/demo_source.h"
#include "extract/demo_units.h"
#include "extract/source_schema.h"

#define TODAY 20260101

static const char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", test_tmpdir(), name);
    return buf[k];
}

static int exists(const char *p) { return access(p, F_OK) == 0; }

/* Generates into the test's directory; returns the open database or NULL. */
static sqlite3 *generate(const char *name, long patients, uint64_t seed)
{
    dl_error e;
    if (demo_source_generate(tmp_path(name), patients, seed, NULL, &e) != DL_OK) {
        fprintf(stderr, "generate: %s\n", e.msg);
        return NULL;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(tmp_path(name), &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return NULL;
    return db;
}

/* The first column of the first row of sql as an integer (-1 on error). */
static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    else
        fprintf(stderr, "scalar(%s): %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return v;
}

/* FNV-1a over every value of every row of the five tables, in id order. */
static uint64_t checksum(sqlite3 *db)
{
    uint64_t h = 1469598103934665603ULL;
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY id", source_tables[t].name);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return 0;
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                for (; v && *v; v++) h = (h ^ *v) * 1099511628211ULL;
                h = (h ^ 0x1f) * 1099511628211ULL;
            }
        sqlite3_finalize(st);
    }
    return h;
}

TEST(demo_source_has_the_schema_and_metadata)
{
    sqlite3 *db = generate("s.db", 200, 7);
    CHECK(db);
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", source_tables[t].name);
        sqlite3_stmt *st = NULL;
        CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
        int c = 0, ok = 1;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (c >= source_tables[t].n_columns ||
                strcmp((const char *)sqlite3_column_text(st, 1), source_tables[t].columns[c].name) != 0)
                ok = 0;
            if (c == 0 && sqlite3_column_int(st, 5) != 1) ok = 0; /* id is the primary key */
            c++;
        }
        sqlite3_finalize(st);
        CHECK(ok);
        CHECK_INT_EQ(c, source_tables[t].n_columns);
    }
    CHECK_INT_EQ(scalar(db, "SELECT CAST(value AS INTEGER) FROM datalots_source WHERE key = 'schema_version'"),
                 SOURCE_SCHEMA_VERSION);
    CHECK_INT_EQ(scalar(db, "SELECT CAST(value AS INTEGER) FROM datalots_source WHERE key = 'seed'"), 7);
    CHECK_INT_EQ(scalar(db, "SELECT CAST(value AS INTEGER) FROM datalots_source WHERE key = 'patients'"), 200);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM datalots_source WHERE key = 'synthetic' AND value LIKE 'yes:%'"), 1);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM datalots_source WHERE key = 'generated_at' AND value LIKE '20__-__-__T__:__:__Z'"), 1);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM patient"), 200);
    /* the indexes the period filters and the joins use */
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_date' ESCAPE '\\'"), 4);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_patient' ESCAPE '\\'"), 4);
    sqlite3_close(db);
    CHECK(!exists(tmp_path("s.db.partial")));
}

TEST(demo_source_personnummer_valid_unique_and_consistent)
{
    sqlite3 *db = generate("p.db", 5000, 3);
    CHECK(db);
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT personnummer, sex, birth_date, municipality FROM patient ORDER BY id", -1, &st,
                             NULL) == SQLITE_OK);
    int n = 0, samordning = 0, men = 0, bad = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *pnr = (const char *)sqlite3_column_text(st, 0), *sex = (const char *)sqlite3_column_text(st, 1);
        const char *birth = (const char *)sqlite3_column_text(st, 2), *muni = (const char *)sqlite3_column_text(st, 3);
        char out[13];
        int is_s = 0;
        dl_error e;
        n++;
        if (personnummer_parse(pnr, TODAY, out, &is_s, &e) != DL_OK || strcmp(out, pnr) != 0) {
            if (bad++ < 3) fprintf(stderr, "invalid personnummer %s: %s\n", pnr, e.msg);
            continue;
        }
        samordning += is_s;
        int odd = (pnr[10] - '0') % 2;
        men += odd;
        if (strcmp(sex, odd ? "M" : "K") != 0) bad++;
        int day = (pnr[6] - '0') * 10 + (pnr[7] - '0') - (is_s ? 60 : 0);
        char expect[32];
        snprintf(expect, sizeof expect, "%.4s-%.2s-%02d", pnr, pnr + 4, day);
        if (strcmp(expect, birth) != 0) bad++;
        if (strcmp(birth, "1925-12-31") < 0 || strcmp(birth, DEMO_LAST_DATE) > 0) bad++;
        if (strlen(muni) != 4 || strspn(muni, "0123456789") != 4) bad++;
    }
    sqlite3_finalize(st);
    CHECK_INT_EQ(bad, 0);
    CHECK_INT_EQ(n, 5000);
    CHECK(samordning > 10 && samordning < 150); /* about 1 % */
    CHECK(men > 2300 && men < 2700);            /* about half */
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(DISTINCT personnummer) FROM patient"), 5000);
    /* an age pyramid: more in the middle than at the ends */
    long long middle = scalar(db, "SELECT COUNT(*) FROM patient WHERE birth_date BETWEEN '1966-01-01' AND '1985-12-31'");
    long long old = scalar(db, "SELECT COUNT(*) FROM patient WHERE birth_date < '1936-01-01'");
    CHECK(middle > 1000 && old > 5 && old < middle / 5);
    sqlite3_close(db);
}

TEST(demo_source_child_rows_point_at_patients_units_and_period)
{
    sqlite3 *db = generate("c.db", 3000, 11);
    CHECK(db);
    static const char *const units_sql = "("
#define UNIT_SQL(code, name, parent, profile) "'" code "',"
        DEMO_CARE_UNITS(UNIT_SQL)
#undef UNIT_SQL
        "'')";
    for (int t = 1; t < SRC_TABLE__MAX; t++) {
        const source_table *tab = &source_tables[t];
        const char *date = tab->columns[tab->date_column].name;
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s x LEFT JOIN patient p ON p.id = x.patient_id "
                                  "WHERE p.id IS NULL OR x.%s < p.birth_date OR x.%s < '%s' OR x.%s > '%s' "
                                  "OR x.unit_code NOT IN %s",
                 tab->name, date, date, DEMO_FIRST_DATE, date, DEMO_LAST_DATE, units_sql);
        CHECK_INT_EQ(scalar(db, sql), 0);
        snprintf(sql, sizeof sql, "SELECT COUNT(*) = MAX(id) AND MIN(id) = 1 FROM %s", tab->name);
        CHECK_INT_EQ(scalar(db, sql), 1);
    }
    /* every diagnosis, sample and prescription belongs to a contact that day at that unit */
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM diagnosis d WHERE NOT EXISTS (SELECT 1 FROM care_contact c WHERE "
                            "c.patient_id = d.patient_id AND c.contact_date = d.diagnosis_date AND c.unit_code = d.unit_code)"),
                 0);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM care_contact WHERE contact_type NOT IN ('besök', 'telefon', 'video', 'inskrivning')"), 0);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM care_contact c WHERE NOT EXISTS (SELECT 1 FROM diagnosis d WHERE "
                            "d.patient_id = c.patient_id AND d.diagnosis_date = c.contact_date AND d.is_primary = 1)"),
                 0);
    sqlite3_close(db);
}

TEST(demo_source_distributions_are_plausible)
{
    sqlite3 *db = generate("d.db", 5000, 5);
    CHECK(db);
    long long contacts = scalar(db, "SELECT COUNT(*) FROM care_contact");
    CHECK(contacts > 5000 * 3 && contacts < 5000 * 5); /* about four per patient */
    long long dx = scalar(db, "SELECT COUNT(*) FROM diagnosis");
    CHECK(dx >= contacts && dx <= 2 * contacts);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM diagnosis WHERE is_primary = 1"), contacts);
    /* type 2 diabetes in 3–10 % of adults */
    long long adults = scalar(db, "SELECT COUNT(*) FROM patient WHERE birth_date <= '2007-12-31'");
    long long e11 = scalar(db, "SELECT COUNT(DISTINCT d.patient_id) FROM diagnosis d JOIN patient p ON p.id = d.patient_id "
                               "WHERE d.icd10 = 'E11.9' AND p.birth_date <= '2007-12-31'");
    CHECK(e11 * 100 > adults * 3 && e11 * 100 < adults * 10);
    /* children are seen at the children's unit, psychiatry only for adults */
    long long child_contacts = scalar(db, "SELECT COUNT(*) FROM care_contact c JOIN patient p ON p.id = c.patient_id "
                                          "WHERE date(p.birth_date, '+18 years') > c.contact_date");
    long long at_bum = scalar(db, "SELECT COUNT(*) FROM care_contact c JOIN patient p ON p.id = c.patient_id "
                                  "WHERE date(p.birth_date, '+18 years') > c.contact_date AND c.unit_code = 'BUM-NORR'");
    CHECK(child_contacts > 0 && at_bum * 100 > child_contacts * 85);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM care_contact c JOIN patient p ON p.id = c.patient_id "
                            "WHERE c.unit_code = 'BUM-NORR' AND date(p.birth_date, '+18 years') <= c.contact_date"), 0);
    CHECK(scalar(db, "SELECT COUNT(*) FROM diagnosis WHERE unit_code = 'PSY-SODER' AND icd10 LIKE 'F%' AND is_primary = 1") > 0);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM diagnosis WHERE unit_code = 'PSY-SODER' AND is_primary = 1 AND icd10 NOT LIKE 'F%'"), 0);
    /* HbA1c for diabetics, in mmol/mol and in range; units fixed per NPU code */
    CHECK(scalar(db, "SELECT COUNT(*) FROM lab_result WHERE npu_code = 'NPU27300'") > 50);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM lab_result WHERE npu_code = 'NPU27300' AND (value_unit <> 'mmol/mol' "
                            "OR value < 30 OR value > 130 OR patient_id NOT IN (SELECT patient_id FROM diagnosis WHERE icd10 = 'E11.9'))"), 0);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM (SELECT npu_code FROM lab_result GROUP BY npu_code HAVING COUNT(DISTINCT value_unit) > 1)"), 0);
    /* metformin goes with diabetes */
    CHECK(scalar(db, "SELECT COUNT(*) FROM prescription WHERE atc_code = 'A10BA02'") > 20);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM prescription WHERE atc_code = 'A10BA02' AND patient_id NOT IN "
                            "(SELECT patient_id FROM diagnosis WHERE icd10 = 'E11.9')"), 0);
    CHECK_INT_EQ(scalar(db, "SELECT COUNT(*) FROM prescription WHERE ddd_per_day <= 0 OR ddd_per_day > 4"), 0);
    sqlite3_close(db);
}

TEST(demo_source_same_seed_same_rows)
{
    sqlite3 *a = generate("a.db", 1500, 42), *b = generate("b.db", 1500, 42), *c = generate("c.db", 1500, 43);
    CHECK(a && b && c);
    uint64_t ha = checksum(a), hb = checksum(b), hc = checksum(c);
    sqlite3_close(a);
    sqlite3_close(b);
    sqlite3_close(c);
    CHECK(ha != 0);
    CHECK(ha == hb);
    CHECK(ha != hc);
}

/* The SQL text of `patients` from seed, with a fixed generated_at. */
static char *sql_text(long patients, uint64_t seed, size_t *len)
{
    setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    dl_error e;
    dl_err rc = demo_source_write_sql(f, patients, seed, NULL, &e);
    fclose(f);
    if (rc != DL_OK) { free(buf); return NULL; }
    return buf;
}

TEST(demo_source_sql_text_is_deterministic_and_matches_sqlite)
{
    size_t la = 0, lb = 0;
    char *a = sql_text(800, 9, &la), *b = sql_text(800, 9, &lb);
    CHECK(a && b);
    int same = la == lb && memcmp(a, b, la) == 0;
    CHECK_CONTAINS(a, "generated_at\t2026-01-01T00:00:00Z\n");
    CHECK_CONTAINS(a, "\nBEGIN;\n");
    CHECK_CONTAINS(a, "COPY patient (id, personnummer, sex, birth_date, municipality) FROM stdin;\n1\t");
    CHECK_CONTAINS(a, "CREATE INDEX lab_result_date ON lab_result (sample_date);\n");
    CHECK_CONTAINS(a, "\nCOMMIT;\n");
    /* as many COPY lines per table as the SQLite file has rows */
    sqlite3 *db = generate("x.db", 800, 9);
    CHECK(db);
    for (int t = 0; t < SRC_TABLE__MAX; t++) {
        char head[128], sql[128];
        snprintf(head, sizeof head, "COPY %s (", source_tables[t].name);
        const char *p = strstr(a, head);
        CHECK(p);
        p = strchr(p, '\n') + 1;
        const char *end = strstr(p, "\\.\n");
        CHECK(end);
        long lines = 0;
        for (const char *q = p; q < end; q++) lines += *q == '\n';
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", source_tables[t].name);
        CHECK_INT_EQ(lines, scalar(db, sql));
    }
    sqlite3_close(db);
    free(a);
    free(b);
    CHECK(same);
}

TEST(demo_source_bad_arguments_leave_nothing)
{
    dl_error e;
    CHECK_INT_EQ(demo_source_generate(tmp_path("z.db"), 0, 1, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "from 1 to 20000000");
    CHECK_INT_EQ(demo_source_generate(tmp_path("z.db"), -5, 1, NULL, &e), DL_EINVAL);
    CHECK_INT_EQ(demo_source_generate(tmp_path("z.db"), DEMO_MAX_PATIENTS + 1, 1, NULL, &e), DL_EINVAL);
    CHECK(!exists(tmp_path("z.db")));
    CHECK_INT_EQ(demo_source_write_sql(stdout, 0, 1, NULL, &e), DL_EINVAL);
    /* a directory that does not exist */
    CHECK_INT_EQ(demo_source_generate(tmp_path("nowhere/z.db"), 10, 1, NULL, &e), DL_EIO);
    CHECK_CONTAINS(e.msg, "nowhere/z.db");
    CHECK(!exists(tmp_path("nowhere")));
    /* an existing file is not overwritten */
    FILE *f = fopen(tmp_path("keep.db"), "w");
    CHECK(f);
    fputs("mine", f);
    fclose(f);
    CHECK_INT_EQ(demo_source_generate(tmp_path("keep.db"), 10, 1, NULL, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "already exists");
    char buf[16] = {0};
    f = fopen(tmp_path("keep.db"), "r");
    CHECK(f);
    CHECK(fgets(buf, sizeof buf, f));
    fclose(f);
    CHECK_STR_EQ(buf, "mine");
    CHECK(!exists(tmp_path("keep.db.partial")));
}

TEST(demo_source_disk_full_midway_leaves_nothing)
{
    /* This test runs in its own child: a file size limit of 256 KiB makes
     * the writes fail part of the way (EFBIG instead of SIGXFSZ). */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {256 * 1024, 256 * 1024};
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    dl_error e;
    dl_err rc = demo_source_generate(tmp_path("full.db"), 20000, 1, NULL, &e);
    CHECK_INT_EQ(rc, DL_EIO);
    CHECK_CONTAINS(e.msg, "could not write");
    CHECK(!exists(tmp_path("full.db")));
    CHECK(!exists(tmp_path("full.db.partial")));
}
