/* test_extract_runner.c — one extraction run (extract/runner.h) end to end
 * on a tiny hand-written source (tests/unit/source_fixture.h plus the
 * diagnoses below), the store on SQLite or (under tests/with-pg.sh)
 * PostgreSQL, the source on the same kind of database: the run ends done
 * with one age file that opens with the passphrase and holds the CSVs;
 * exactly the approved patients and rows are in it — not a patient outside
 * the age range, not a diagnosis outside the ICD-10 codes or the period,
 * not a row of a unit that refused in Process 2, not a personnummer; the
 * pseudonyms are the case's kodnyckel's. A stop asked before the first
 * read leaves the run claimable, and the claimed-again run finishes; a
 * cancel asked before the start ends cancelled with nothing left on disk;
 * a source missing an approved column fails naming "table.column" with no
 * delivery. */
#include "test.h"
#include "fixture.h"
#include "source_fixture.h"

#include <stdatomic.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/strbuf.h"
#include "crypto/age.h"
#include "crypto/pseudonym.h"
#include "extract/runner.h"
#include "store/extraction.h"

#define PASSPHRASE "korrekt häst batteri häftklammer"
#define FOLDER "RH-2026-00007"

/* Patients 1–4 are the fixture's (1: born 1912, too old for the age range
 * 18–100; 2: 30; 3: 34, a samordningsnummer; 4: 20, with no matching
 * diagnosis in the period). 5 is seen only at SE002, which refused. The
 * case asks for E11 and E10 in 2020 at the units under RH-N. */
static const char *const extra_rows[] = {
    "INSERT INTO patient VALUES (5, '197001012390', 'K', '1970-01-01', '0180')",
    "INSERT INTO diagnosis VALUES (1, 1, 'SE001', '2020-02-01', 'E11.9', 1)",   /* too old */
    "INSERT INTO diagnosis VALUES (2, 2, 'SE001', '2020-03-01', 'E11.2', 1)",   /* in */
    "INSERT INTO diagnosis VALUES (3, 3, 'SE003', '2020-05-01', 'E10.1', 1)",   /* in */
    "INSERT INTO diagnosis VALUES (4, 4, 'SE001', '2020-05-01', 'I10', 1)",     /* another code */
    "INSERT INTO diagnosis VALUES (5, 5, 'SE002', '2020-06-01', 'E11.9', 1)",   /* refused unit */
    "INSERT INTO diagnosis VALUES (6, 4, 'SE001', '2019-06-01', 'E11.9', 1)",   /* before the period */
    "INSERT INTO diagnosis VALUES (7, 2, 'SE002', '2020-07-01', 'E11.9', 0)",   /* refused unit, patient in */
    "INSERT INTO diagnosis VALUES (8, 3, 'SE003', '2020-08-01', 'J45', 0)",     /* another code, patient in */
    "INSERT INTO diagnosis VALUES (9, 3, 'SE003', '2021-02-01', 'E10.1', 0)",   /* after the period */
    "INSERT INTO lab_result VALUES (11, 2, 'SE001', '2020-04-01', 'NPU27300', 52.0, 'mmol/mol')",
    "INSERT INTO lab_result VALUES (12, 3, 'SE003', '2020-09-09', 'NPU27300', 61.5, 'mmol/mol')",
    "INSERT INTO lab_result VALUES (13, 5, 'SE001', '2020-09-09', 'NPU27300', 70.0, 'mmol/mol')", /* not in */
    "INSERT INTO care_contact VALUES (1, 2, 'SE001', '2020-03-01', 'besök')",
};
static const char *const personnummer[] = {"191212121212", "199001012384", "198507619289", "200001012386",
                                           "197001012390"};

struct world {
    db *d;
    int64_t org, area, unit[3], user, case_id, source_id, run_id;
    audit_actor who;
    char src_url[1024], extract_dir[512];
};

/* The source (SQLite, or PostgreSQL when the store is); skip_table >= 0
 * leaves that column out and writes no rows. 0, or -1 after a failure. */
static int make_source_db(struct world *w, int skip_table, int skip_column)
{
    if (fixture_is_pg()) {
        if (source_fixture_pg(w->src_url, sizeof w->src_url, skip_table, skip_column) != 0) return -1;
    } else {
        char path[600];
        snprintf(path, sizeof path, "%s/source.db", test_tmpdir());
        source_fixture_sqlite(path, skip_table, skip_column);
        snprintf(w->src_url, sizeof w->src_url, "sqlite:%s", path);
    }
    if (skip_table >= 0) return 0;
    db *s = NULL;
    dl_error e;
    if (db_open(w->src_url, &s, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "source: %s", e.msg);
        return -1;
    }
    for (size_t i = 0; i < sizeof extra_rows / sizeof extra_rows[0]; i++)
        if (db_exec(s, extra_rows[i], &e) != DL_OK) {
            test_fail(__FILE__, __LINE__, "%s: %s", extra_rows[i], e.msg);
            db_close(s);
            return -1;
        }
    db_close(s);
    return 0;
}

/* The store, the organisation with three units (SE002 refused), the
 * approved case with its terms, the source and a queued run. */
static int make_world(struct world *w, int skip_table, int skip_column)
{
    memset(w, 0, sizeof *w);
    fixture_tz("Europe/Stockholm");
    w->d = fixture_store();
    w->org = fixture_org(w->d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    w->area = fixture_org(w->d, w->org, ORG_REGIONOMRADE, "Norra området", "RH-N", "");
    w->unit[0] = fixture_org(w->d, w->area, ORG_VARDENHET, "Vårdcentralen Norr", "SE001", "");
    w->unit[1] = fixture_org(w->d, w->area, ORG_VARDENHET, "Vårdcentralen Väst", "SE002", "");
    w->unit[2] = fixture_org(w->d, w->area, ORG_VARDENHET, "Vårdcentralen Öst", "SE003", "");
    w->user = fixture_user(w->d, "dataanalys");
    w->who = (audit_actor){w->user, "dataanalys"};
    snprintf(w->extract_dir, sizeof w->extract_dir, "%s/uttag", test_tmpdir());
    if (make_source_db(w, skip_table, skip_column) != 0) return -1;
    dl_error e;
    if (db_query_int(w->d, "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at,"
                           " updated_at, diary_number, title, applicant_name, icd10, period_from, period_to)"
                           " VALUES (?, ?, ?, 'extracting', 2, 'x', 'x', 'RH 2026-00007', 'Diabetes i norr',"
                           " 'Sara Forskare', 'E11, E10', '2020-01-01', '2020-12-31') RETURNING id",
                     &w->case_id, &e, "iii", w->org, w->area, w->user) != DL_OK ||
        db_run(w->d, "INSERT INTO case_unit(case_id, node_id, answer) VALUES (?, ?, 'accept'), (?, ?, 'refuse')", &e,
               "iiii", w->case_id, w->unit[0], w->case_id, w->unit[1]) != DL_OK ||
        db_run(w->d, "INSERT INTO case_release_terms(case_id, variables, age_min, age_max, pseudonymise, destroy_by,"
                     " decided_at) VALUES (?, ?, 18, 100, 1, '2030-12-31', '2026-05-20T10:00:00Z')",
               &e, "it", w->case_id,
               "patient.sex\npatient.birth_date\ndiagnosis.diagnosis_date\ndiagnosis.icd10\nlab_result.npu_code\n"
               "lab_result.value\n") != DL_OK ||
        extract_source_set(w->d, &w->who, w->org, "default", w->src_url, 0, 1, "", &w->source_id, &e) != DL_OK ||
        extraction_run_start(w->d, w->case_id, &w->who, 0, &w->run_id, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "world: %s", e.msg);
        return -1;
    }
    return 0;
}

static extract_options options(struct world *w)
{
    return (extract_options){.extract_dir = w->extract_dir, .batch_rows = 3, .passphrase = PASSPHRASE};
}

static ssize_t read_file(void *ctx, uint8_t *buf, size_t n)
{
    size_t k = fread(buf, 1, n, ctx);
    return k == 0 && ferror((FILE *)ctx) ? -1 : (ssize_t)k;
}

static int write_file(void *ctx, const uint8_t *buf, size_t n) { return fwrite(buf, 1, n, ctx) == n ? 0 : -1; }

/* The whole of a small file (malloc'd), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    strbuf sb;
    sb_init(&sb, 4096);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_append(&sb, buf, n);
    fclose(f);
    sb_cstr(&sb);
    return sb.data;
}

static const char *tmp(const char *name)
{
    static char paths[4][600];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 600, "%s/%s", test_tmpdir(), name);
    return p;
}

/* Entries in a folder other than . and ..; -1 when it cannot be read. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
    closedir(d);
    return n;
}

/* Decrypts path with the passphrase into open/ (tar unpacked). 0 on success. */
static int open_delivery(const char *path, const char *passphrase)
{
    age_identity id = {.kind = AGE_SCRYPT, .passphrase = passphrase};
    FILE *in = fopen(path, "rb"), *out = fopen(tmp("delivery.tar"), "wb");
    if (!in || !out) {
        if (in) fclose(in);
        if (out) fclose(out);
        return -1;
    }
    age_failure why = AGE_OK;
    dl_error e;
    dl_err rc = age_decrypt_stream(&id, 1, read_file, in, write_file, out, &why, &e);
    fclose(in);
    fclose(out);
    if (rc != DL_OK) return -1;
    char cmd[1600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && tar xf '%s' -C '%s'", tmp("open"), tmp("delivery.tar"), tmp("open"));
    return system(cmd) == 0 ? 0 : -1;
}

static char *delivered(const char *file)
{
    char path[700];
    snprintf(path, sizeof path, "%s/open/" FOLDER "/%s", test_tmpdir(), file);
    return slurp(path);
}

static int lines_of(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p++) n += *p == '\n';
    return n;
}

/* Claims the world's run now (the runner's own clock). */
static dl_err claim(struct world *w, arena *a, extraction_run_rec *r)
{
    dl_error e;
    dl_err rc = extraction_run_claim(w->d, w->run_id, clock_now(), r, a, &e);
    if (rc != DL_OK) test_fail(__FILE__, __LINE__, "claim: %s", e.msg);
    return rc;
}

TEST(extract_runner_delivers_only_the_approved_rows_encrypted)
{
    struct world w;
    CHECK(make_world(&w, -1, -1) == 0);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    extract_options o = options(&w);
    o.want_xlsx = 1;
    int stopped = -1;
    dl_error e = {0};
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_OK);
    CHECK_INT_EQ(stopped, 0);

    extraction_run_rec done;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &done, &e), DL_OK);
    CHECK_INT_EQ(done.state, RUN_DONE);
    CHECK_INT_EQ(done.progress, 1000);
    CHECK_CONTAINS(done.out_path, "/uttag/case-");
    CHECK_INT_EQ(strlen(done.out_sha256), 64);
    struct stat sb;
    CHECK(stat(done.out_path, &sb) == 0);
    CHECK_INT_EQ(sb.st_size, done.out_bytes);
    /* The work folder is gone: the delivery is the only file. */
    CHECK_INT_EQ(count_entries(w.extract_dir), 1);
    /* The wrong passphrase opens nothing; the right one the tar. */
    CHECK(open_delivery(done.out_path, "fel lösenfras") != 0);
    CHECK(open_delivery(done.out_path, PASSPHRASE) == 0);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "cd '%s/" FOLDER "' && sha256sum --quiet -c SHA256SUMS", tmp("open"));
    CHECK_INT_EQ(system(cmd), 0);

    uint8_t key[32];
    CHECK_INT_EQ(case_key_get(w.d, w.case_id, key, &e), DL_OK);
    pseudonym_ctx names;
    CHECK_INT_EQ(pseudonym_ctx_init(&names, key, &e), DL_OK);
    char p[5][PSEUDONYM_TEXT_SIZE];
    for (int i = 0; i < 5; i++) pseudonym_ctx_make(&names, personnummer[i], 12, p[i]);
    pseudonym_ctx_free(&names);

    char *patient = delivered("patient.csv"), *diagnosis = delivered("diagnosis.csv"), *lab = delivered("lab_result.csv");
    char *readme = delivered("README.txt"), *dict = delivered("dictionary.csv");
    CHECK(patient && diagnosis && lab && readme && dict);
    CHECK(access(tmp("open/" FOLDER "/data.xlsx"), R_OK) == 0);
    /* Not approved, not delivered. */
    CHECK(access(tmp("open/" FOLDER "/care_contact.csv"), F_OK) != 0);
    CHECK(access(tmp("open/" FOLDER "/prescription.csv"), F_OK) != 0);

    /* Patients 2 and 3, in key order, with the case's pseudonyms. */
    char want[400];
    snprintf(want, sizeof want, "pseudonym,sex,birth_date\r\n%s,K,1990-01-01\r\n%s,K,1985-07-01\r\n", p[1], p[2]);
    CHECK_STR_EQ(patient, want);
    snprintf(want, sizeof want,
             "pseudonym,diagnosis_date,icd10\r\n%s,2020-03-01,E11.2\r\n%s,2020-05-01,E10.1\r\n"
             "%s,2020-08-01,J45\r\n", p[1], p[2], p[2]);
    CHECK_STR_EQ(diagnosis, want);
    /* A REAL of 52.0 reads "52" from both SQLite and PostgreSQL. */
    snprintf(want, sizeof want, "pseudonym,npu_code,value\r\n%s,NPU27300,52\r\n%s,NPU27300,61.5\r\n", p[1], p[2]);
    CHECK_STR_EQ(lab, want);
    /* The patient too old, the ones not in the population, the refused unit. */
    const char *files[] = {patient, diagnosis, lab, readme, dict};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        CHECK_NOT_CONTAINS(files[f], p[0]);
        CHECK_NOT_CONTAINS(files[f], p[3]);
        CHECK_NOT_CONTAINS(files[f], p[4]);
        CHECK_NOT_CONTAINS(files[f], "1912-12-12");
        for (int i = 0; i < 5; i++) {
            CHECK_NOT_CONTAINS(files[f], personnummer[i]);
            CHECK_NOT_CONTAINS(files[f], personnummer[i] + 2); /* the ten-digit form */
        }
    }
    CHECK_NOT_CONTAINS(diagnosis, "E11.9");
    CHECK_NOT_CONTAINS(diagnosis, "2020-07-01");
    CHECK_NOT_CONTAINS(diagnosis, "2021-02-01");
    CHECK_NOT_CONTAINS(lab, ",70");
    CHECK_CONTAINS(readme, "RH 2026-00007");
    /* Nothing in the whole tar holds a personnummer. */
    for (int i = 0; i < 5; i++) {
        snprintf(cmd, sizeof cmd, "grep -rqa '%s' '%s'", personnummer[i] + 2, tmp("open"));
        CHECK(system(cmd) != 0);
    }
    free(patient);
    free(diagnosis);
    free(lab);
    free(readme);
    free(dict);
    arena_free(a);
}

/* The folder the runner makes is its owner's only (0700) and the delivery
 * file too (0600), whatever the process's umask (docs/security.md). */
TEST(extract_runner_folder_and_file_are_the_owners_only)
{
    mode_t old = umask(0);
    struct world w;
    CHECK(make_world(&w, -1, -1) == 0);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    extract_options o = options(&w);
    int stopped = -1;
    dl_error e = {0};
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_OK);
    umask(old);
    extraction_run_rec done;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &done, &e), DL_OK);
    struct stat sb;
    CHECK_INT_EQ(stat(w.extract_dir, &sb), 0);
    CHECK_INT_EQ((int)(sb.st_mode & 07777), 0700);
    CHECK_INT_EQ(stat(done.out_path, &sb), 0);
    CHECK_INT_EQ((int)(sb.st_mode & 07777), 0600);
    arena_free(a);
}

TEST(extract_runner_empty_population_delivers_headers_only)
{
    struct world w;
    CHECK(make_world(&w, -1, -1) == 0);
    dl_error e = {0};
    /* No diagnosis in the source starts with C50. */
    CHECK_INT_EQ(db_run(w.d, "UPDATE cases SET icd10 = 'C50' WHERE id = ?", &e, "i", w.case_id), DL_OK);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    extract_options o = options(&w);
    int stopped = -1;
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_OK);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_DONE);
    CHECK_CONTAINS(r.message, "0 levererade");
    CHECK(open_delivery(r.out_path, PASSPHRASE) == 0);
    char *patient = delivered("patient.csv"), *diagnosis = delivered("diagnosis.csv");
    CHECK(patient && diagnosis);
    CHECK_STR_EQ(patient, "pseudonym,sex,birth_date\r\n");
    CHECK_STR_EQ(diagnosis, "pseudonym,diagnosis_date,icd10\r\n");
    free(patient);
    free(diagnosis);
    arena_free(a);
}

TEST(extract_runner_stop_from_the_start_leaves_the_run_claimable)
{
    struct world w;
    CHECK(make_world(&w, -1, -1) == 0);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    atomic_int stop = 1;
    extract_options o = options(&w);
    o.stop = &stop;
    int stopped = 0;
    dl_error e = {0};
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_OK);
    CHECK_INT_EQ(stopped, 1);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_RUNNING);
    CHECK_INT_EQ(r.lease_until, 0);
    CHECK_STR_EQ(r.out_path, "");
    char name[80], path[700];
    snprintf(name, sizeof name, "/case-%lld-run-%lld.age", (long long)w.case_id, (long long)w.run_id);
    snprintf(path, sizeof path, "%s%s", w.extract_dir, name);
    CHECK(access(path, F_OK) != 0);

    /* Claimable at once, by id and as "any", and it then runs to the end. */
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, clock_now(), &run, a, &e), DL_OK);
    CHECK_INT_EQ(run.id, w.run_id);
    stop = 0;
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_OK);
    CHECK_INT_EQ(stopped, 0);
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_DONE);
    CHECK_CONTAINS(r.out_path, name);
    CHECK(access(path, R_OK) == 0);
    CHECK(open_delivery(r.out_path, PASSPHRASE) == 0);
    char *patient = delivered("patient.csv");
    CHECK(patient != NULL);
    CHECK_INT_EQ(lines_of(patient), 3);
    free(patient);
    arena_free(a);
}

TEST(extract_runner_cancel_before_start_leaves_nothing)
{
    struct world w;
    CHECK(make_world(&w, -1, -1) == 0);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    dl_error e = {0};
    CHECK_INT_EQ(extraction_run_cancel(w.d, w.run_id, &w.who, &e), DL_OK);
    extract_options o = options(&w);
    int stopped = -1;
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_OK);
    CHECK_INT_EQ(stopped, 0);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_CANCELLED);
    CHECK_STR_EQ(r.out_path, "");
    CHECK_INT_EQ(r.lease_until, 0);
    /* No work folder, no delivery. */
    CHECK_INT_EQ(count_entries(w.extract_dir), 0);
    /* Not claimable again. */
    CHECK_INT_EQ(extraction_run_claim(w.d, w.run_id, clock_now(), &r, a, &e), DL_ECONFLICT);
    arena_free(a);
}

TEST(extract_runner_missing_column_fails_naming_it)
{
    struct world w;
    /* lab_result.value (column 5) is approved but not in the source. */
    CHECK_STR_EQ(source_tables[SRC_LAB].columns[5].name, "value");
    CHECK(make_world(&w, SRC_LAB, 5) == 0);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    extract_options o = options(&w);
    int stopped = -1;
    dl_error e = {0};
    CHECK_INT_EQ(extract_run(w.d, &run, &o, &stopped, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "lab_result.value");
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_FAILED);
    CHECK_CONTAINS(r.message, "lab_result.value");
    CHECK_STR_EQ(r.out_path, "");
    /* patient.csv and diagnosis.csv were written before the lab table
     * was reached: they are gone with the work folder. */
    CHECK_INT_EQ(count_entries(w.extract_dir), 0);
    arena_free(a);
}

TEST(extract_runner_missing_source_fails_with_no_delivery)
{
    struct world w;
    CHECK(make_world(&w, -1, -1) == 0);
    dl_error e = {0};
    char gone[700];
    snprintf(gone, sizeof gone, "sqlite:%s/no-such-source.db", test_tmpdir());
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", gone, 0, 1, "", NULL, &e), DL_OK);
    arena *a = arena_new(8192);
    extraction_run_rec run;
    CHECK_INT_EQ(claim(&w, a, &run), DL_OK);
    extract_options o = options(&w);
    int stopped = -1;
    CHECK(extract_run(w.d, &run, &o, &stopped, &e) != DL_OK);
    CHECK(*e.msg);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, w.run_id, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_FAILED);
    CHECK(*r.message);
    CHECK_STR_EQ(r.out_path, "");
    CHECK_INT_EQ(count_entries(w.extract_dir), 0);
    /* The source is not created by trying to read it. */
    CHECK(access(tmp("no-such-source.db"), F_OK) != 0);
    arena_free(a);
}
