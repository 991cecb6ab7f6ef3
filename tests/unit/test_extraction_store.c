/* test_extraction_store.c — the store's side of an extraction
 * (store/extraction.h) on SQLite and (under tests/with-pg.sh) PostgreSQL:
 * a source's name, URL, pace, concurrency and time window checked, changed
 * by (organisation, name), and audited without its URL (which may hold a
 * password); which source a case reads; the approval's terms; the
 * kodnyckel made once per case; and a run's life — started only for a case
 * waiting for extraction and only once at a time, claimed with a lease
 * that a second process cannot take until it runs out, held to the
 * source's concurrency cap, checkpointed (renewing the lease and telling of
 * a cancel), cancelled, finished and released. */
#include "test.h"
#include "fixture.h"

#include <stdlib.h>

#include "core/clock.h"
#include "store/extraction.h"

#define T0 1780000000 /* 2026-05-28, a fixed "now" */
#define PASSWORD "Hemligt-l0senord-42"

struct world {
    db *d;
    int64_t org, area, user;
    audit_actor who;
};

static void make_world(struct world *w)
{
    clock_set_fake(T0);
    fixture_tz("Europe/Stockholm");
    w->d = fixture_store();
    w->org = fixture_org(w->d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    w->area = fixture_org(w->d, w->org, ORG_REGIONOMRADE, "Norra området", "RH-N", "");
    (void)fixture_org(w->d, w->area, ORG_VARDENHET, "Vårdcentralen Norr", "SE001", "");
    w->user = fixture_user(w->d, "dataanalys");
    w->who = (audit_actor){w->user, "dataanalys"};
}

/* A case in state (a key of case_state_keys) straight in the store. */
static int64_t make_case(struct world *w, const char *state)
{
    dl_error e;
    int64_t id = 0;
    if (db_query_int(w->d, "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at,"
                           " updated_at, diary_number, title, period_from, period_to) VALUES (?, ?, ?, ?, 2, 'x',"
                           " 'x', 'RH 2026-00001', 'Diabetes', '2020-01-01', '2020-12-31') RETURNING id",
                     &id, &e, "iiit", w->org, w->area, w->user, state) != DL_OK)
        test_fail(__FILE__, __LINE__, "case: %s", e.msg);
    return id;
}

static int64_t make_source(struct world *w, const char *name, int cap)
{
    dl_error e;
    int64_t id = 0;
    if (extract_source_set(w->d, &w->who, w->org, name, "sqlite:/nowhere/source.db", 0, cap, "", &id, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "source: %s", e.msg);
    return id;
}

static int64_t count_of(db *d, const char *sql, int64_t id)
{
    dl_error e;
    int64_t n = -1;
    if (db_query_int(d, sql, &n, &e, "i", id) != DL_OK) return -1;
    return n;
}

static int64_t count_text(db *d, const char *sql, const char *text)
{
    dl_error e;
    int64_t n = -1;
    if (db_query_int(d, sql, &n, &e, "t", text) != DL_OK) return -1;
    return n;
}

/* ---- sources ---------------------------------------------------------------- */

struct bad_source {
    const char *name, *url;
    int64_t rate;
    int cap;
    const char *window, *says;
};

TEST(extraction_store_source_set_refuses_bad_input_and_writes_nothing)
{
    struct world w;
    make_world(&w);
    char long_name[62], long_url[2010];
    memset(long_name, 'n', 61);
    long_name[61] = 0;
    memcpy(long_url, "sqlite:", 7);
    memset(long_url + 7, 'u', 1994);
    long_url[2001] = 0;
    const char *url = "sqlite:/x.db";
    const struct bad_source bad[] = {
        {"", url, 0, 1, "", "namn"},
        {NULL, url, 0, 1, "", "namn"},
        {long_name, url, 0, 1, "", "namn"},
        {"k\xc3\x28lla", url, 0, 1, "", "namn"},        /* not UTF-8 */
        {"default", "", 0, 1, "", "adress"},
        {"default", NULL, 0, 1, "", "adress"},
        {"default", long_url, 0, 1, "", "adress"},
        {"default", url, -1, 1, "", "Rader per sekund"},
        {"default", url, EXTRACT_SOURCE_RATE_MAX + 1, 1, "", "Rader per sekund"},
        {"default", url, 0, 0, "", "Samtidiga"},
        {"default", url, 0, -3, "", "Samtidiga"},
        {"default", url, 0, EXTRACT_SOURCE_CONCURRENCY_MAX + 1, "", "Samtidiga"},
        {"default", url, 0, 1, "24:00-06:00", "Tidsfönstret"},
        {"default", url, 0, 1, "22:60-06:00", "Tidsfönstret"},
        {"default", url, 0, 1, "22:00-06:60", "Tidsfönstret"},
        {"default", url, 0, 1, "2200-0600", "Tidsfönstret"},
        {"default", url, 0, 1, "22:00-6:00", "Tidsfönstret"},
        {"default", url, 0, 1, "22:00 06:00", "Tidsfönstret"},
        {"default", url, 0, 1, "2a:00-06:00", "Tidsfönstret"},
        {"default", url, 0, 1, "22:00-06:00 ", "Tidsfönstret"},
        {"default", url, 0, 1, "nätter", "Tidsfönstret"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dl_error e = {0};
        int64_t id = -7;
        dl_err rc = extract_source_set(w.d, &w.who, w.org, bad[i].name, bad[i].url, bad[i].rate, bad[i].cap,
                                       bad[i].window, &id, &e);
        if (rc != DL_EINVAL || !strstr(e.msg, bad[i].says) || id != -7) {
            test_fail(__FILE__, __LINE__, "case %zu: rc %d, \"%s\" (id %lld), expected DL_EINVAL saying \"%s\"", i,
                      (int)rc, e.msg, (long long)id, bad[i].says);
            return;
        }
    }
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM extract_source"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.source_set'"), 0);

    /* The bounds themselves are allowed. */
    dl_error e;
    int64_t id = 0;
    memset(long_name, 'n', 60);
    long_name[60] = 0;
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, long_name, url, EXTRACT_SOURCE_RATE_MAX,
                                    EXTRACT_SOURCE_CONCURRENCY_MAX, "00:00-23:59", &id, &e), DL_OK);
    CHECK(id > 0);
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "Källa två", url, 0, 1, NULL, &id, &e), DL_OK);
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "night", url, 0, 1, "22:00-06:00", &id, &e), DL_OK);
    arena *a = arena_new(1024);
    extract_source_rec r;
    CHECK_INT_EQ(extract_source_get(w.d, a, id, &r, &e), DL_OK);
    CHECK_STR_EQ(r.time_window, "22:00-06:00");
    CHECK_STR_EQ(r.org_code, "RH");
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM extract_source"), 3);
    CHECK_INT_EQ(extract_source_get(w.d, a, id + 1000, &r, &e), DL_ENOTFOUND);
    arena_free(a);
}

TEST(extraction_store_source_set_updates_by_org_and_name)
{
    struct world w;
    make_world(&w);
    int64_t other_org = fixture_org(w.d, 0, ORG_FORVALTNING, "Regionvården", "RV", "RV {year}-{seq:5}");
    dl_error e;
    int64_t first = 0, again = 0, other = 0;
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", "sqlite:/a.db", 100, 1, "", &first, &e), DL_OK);
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", "sqlite:/b.db", 2500, 3, "23:00-05:30", &again, &e),
                 DL_OK);
    CHECK_INT_EQ(again, first);
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, other_org, "default", "sqlite:/c.db", 0, 1, "", &other, &e), DL_OK);
    CHECK(other != first);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM extract_source"), 2);

    arena *a = arena_new(1024);
    extract_source_rec r;
    CHECK_INT_EQ(extract_source_get(w.d, a, first, &r, &e), DL_OK);
    CHECK_STR_EQ(r.url, "sqlite:/b.db");
    CHECK_INT_EQ(r.rows_per_second, 2500);
    CHECK_INT_EQ(r.max_concurrent, 3);
    CHECK_STR_EQ(r.time_window, "23:00-05:30");
    CHECK_INT_EQ(r.org_id, w.org);
    CHECK_INT_EQ(extract_source_get(w.d, a, other, &r, &e), DL_OK);
    CHECK_STR_EQ(r.url, "sqlite:/c.db");
    CHECK_STR_EQ(r.org_code, "RV");

    /* A refused change leaves the source as it was. */
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", "sqlite:/d.db", 10, 99, "", NULL, &e), DL_EINVAL);
    CHECK_INT_EQ(extract_source_get(w.d, a, first, &r, &e), DL_OK);
    CHECK_STR_EQ(r.url, "sqlite:/b.db");

    extract_source_rec list[8];
    int n = 0;
    CHECK_INT_EQ(extract_source_list(w.d, a, list, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(list[0].org_code, "RH");
    CHECK_STR_EQ(list[1].org_code, "RV");
    CHECK_INT_EQ(extract_source_list(w.d, a, list, 1, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    arena_free(a);
}

TEST(extraction_store_source_audit_never_holds_the_url)
{
    struct world w;
    make_world(&w);
    const char *url = "postgresql://uttag:" PASSWORD "@warehouse.region.se:5432/dw?sslmode=require";
    dl_error e;
    int64_t id = 0;
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", url, 5000, 2, "22:00-06:00", &id, &e), DL_OK);
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", url, 4000, 2, "", &id, &e), DL_OK);
    /* Two audit rows, naming the source and its pace… */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.source_set'"), 2);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.source_set' AND detail LIKE ?",
                            "%default rate=5000 concurrency=2 window=22:00-06:00%"), 1);
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", (long long)id);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.source_set' AND object_id = ?",
                            id_text), 2);
    /* …and no column of any audit row holds the password, the host or the URL. */
    static const char *const secrets[] = {"%" PASSWORD "%", "%warehouse.region%", "%postgresql://%", "%uttag:%"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE at || actor || action || object_type ||"
                                     " object_id || before_digest || after_digest || detail LIKE ?",
                                secrets[i]), 0);
    /* The URL itself is kept (the runner opens it). */
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM extract_source WHERE url = ?", url), 1);
}

TEST(extraction_store_source_for_org_picks_the_only_or_default)
{
    struct world w;
    make_world(&w);
    arena *a = arena_new(1024);
    extract_source_rec r;
    dl_error e = {0};
    CHECK_INT_EQ(extract_source_for_org(w.d, a, w.org, &r, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "ingen källdatabas");
    CHECK_CONTAINS(e.msg, "datalots extract source add");

    int64_t warehouse = make_source(&w, "warehouse", 1);
    CHECK_INT_EQ(extract_source_for_org(w.d, a, w.org, &r, &e), DL_OK);
    CHECK_INT_EQ(r.id, warehouse);
    CHECK_STR_EQ(r.name, "warehouse");

    (void)make_source(&w, "lab", 1);
    CHECK_INT_EQ(extract_source_for_org(w.d, a, w.org, &r, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "flera källdatabaser");
    CHECK_CONTAINS(e.msg, "default");

    int64_t def = make_source(&w, "default", 1);
    CHECK_INT_EQ(extract_source_for_org(w.d, a, w.org, &r, &e), DL_OK);
    CHECK_INT_EQ(r.id, def);

    /* Another organisation's sources are not this one's. */
    int64_t other_org = fixture_org(w.d, 0, ORG_FORVALTNING, "Regionvården", "RV", "RV {year}-{seq:5}");
    CHECK_INT_EQ(extract_source_for_org(w.d, a, other_org, &r, &e), DL_ENOTFOUND);
    arena_free(a);
}

/* ---- terms and the kodnyckel ------------------------------------------------ */

TEST(extraction_store_case_terms_read_back)
{
    struct world w;
    make_world(&w);
    int64_t c = make_case(&w, "extracting");
    release_terms t;
    char decided[32] = "unchanged";
    dl_error e = {0};
    CHECK_INT_EQ(case_terms_get(w.d, c, &t, decided, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "inget beslut");
    dl_err rc = db_run(w.d, "INSERT INTO case_release_terms(case_id, variables, date_precision, small_cell_min,"
                            " age_min, age_max, pseudonymise, destroy_by, decided_at) VALUES (?, ?, 'month', 5, 18,"
                            " 65, 1, '2030-12-31', '2026-05-20T10:00:00Z')",
                       &e, "it", c, "patient.sex\nlab_result.npu_code\nlab_result.value\n");
    CHECK_INT_EQ(rc, DL_OK);
    CHECK_INT_EQ(case_terms_get(w.d, c, &t, decided, &e), DL_OK);
    CHECK_INT_EQ(t.n_variables, 3);
    CHECK(release_terms_has(&t, SRC_PATIENT, 2));
    CHECK(release_terms_has(&t, SRC_LAB, 4));
    CHECK(release_terms_has(&t, SRC_LAB, 5));
    CHECK(!release_terms_has(&t, SRC_LAB, 6));
    CHECK(!release_terms_has(&t, SRC_PATIENT, 1));
    CHECK_INT_EQ(t.dates, DATE_MONTH);
    CHECK_INT_EQ(t.small_cell_min, 5);
    CHECK_INT_EQ(t.age_min, 18);
    CHECK_INT_EQ(t.age_max, 65);
    CHECK_INT_EQ(t.pseudonymise, 1);
    CHECK_STR_EQ(t.destroy_by, "2030-12-31");
    CHECK_STR_EQ(decided, "2026-05-20T10:00:00Z");
    /* Without pseudonyms, and a NULL decided_at pointer is fine. */
    CHECK_INT_EQ(db_run(w.d, "UPDATE case_release_terms SET pseudonymise = 0 WHERE case_id = ?", &e, "i", c), DL_OK);
    CHECK_INT_EQ(case_terms_get(w.d, c, &t, NULL, &e), DL_OK);
    CHECK_INT_EQ(t.pseudonymise, 0);
}

TEST(extraction_store_case_key_made_once_per_case)
{
    struct world w;
    make_world(&w);
    int64_t c1 = make_case(&w, "extracting"), c2 = make_case(&w, "extracting");
    uint8_t k1[32], k1again[32], k2[32], zero[32] = {0};
    dl_error e;
    CHECK_INT_EQ(count_of(w.d, "SELECT COUNT(*) FROM case_key WHERE case_id = ?", c1), 0);
    CHECK_INT_EQ(case_key_get(w.d, c1, k1, &e), DL_OK);
    CHECK_INT_EQ(case_key_get(w.d, c1, k1again, &e), DL_OK);
    CHECK_INT_EQ(case_key_get(w.d, c2, k2, &e), DL_OK);
    CHECK(memcmp(k1, k1again, 32) == 0);
    CHECK(memcmp(k1, k2, 32) != 0);
    CHECK(memcmp(k1, zero, 32) != 0);
    CHECK_INT_EQ(count_of(w.d, "SELECT COUNT(*) FROM case_key WHERE case_id = ?", c1), 1);
    CHECK_INT_EQ(count_of(w.d, "SELECT COUNT(*) FROM case_key WHERE case_id = ?", c2), 1);
    CHECK_INT_EQ(count_of(w.d, "SELECT length(key_hex) FROM case_key WHERE case_id = ?", c1), 64);
    /* The key does not go into the audit log. */
    char hex[65], pattern[70];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", k1[i]);
    snprintf(pattern, sizeof pattern, "%%%s%%", hex);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM case_key WHERE key_hex LIKE ?", pattern), 1);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE detail || object_id LIKE ?", pattern), 0);
    /* A damaged key is an error, not a new key. */
    CHECK_INT_EQ(db_run(w.d, "UPDATE case_key SET key_hex = 'zz' WHERE case_id = ?", &e, "i", c2), DL_OK);
    CHECK_INT_EQ(case_key_get(w.d, c2, k2, &e), DL_EINTERNAL);
    CHECK_CONTAINS(e.msg, "damaged");
}

/* ---- runs ------------------------------------------------------------------- */

TEST(extraction_store_run_start_only_when_extracting_and_once)
{
    struct world w;
    make_world(&w);
    int64_t decided = make_case(&w, "awaiting_decision"), c = make_case(&w, "extracting");
    dl_error e = {0};
    int64_t run = 0, second = -1;
    /* No source yet. */
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "källdatabas");
    int64_t src = make_source(&w, "default", 1);
    CHECK_INT_EQ(extraction_run_start(w.d, decided, &w.who, 0, &run, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "väntar inte på uttag");
    CHECK_INT_EQ(extraction_run_start(w.d, 999999, &w.who, 0, &run, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM extraction_run"), 0);

    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run, &e), DL_OK);
    CHECK(run > 0);
    arena *a = arena_new(2048);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_QUEUED);
    CHECK_INT_EQ(r.case_id, c);
    CHECK_INT_EQ(r.source_id, src);
    CHECK_INT_EQ(r.requested_by, w.user);
    char detail[64];
    snprintf(detail, sizeof detail, "case %lld source %lld", (long long)c, (long long)src);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.start' AND detail = ?",
                            detail), 1);

    /* Queued: a second start is refused. */
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &second, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "pågår redan eller står i kö");
    CHECK_INT_EQ(second, -1);
    /* Running: still refused. */
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0, &r, a, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &second, &e), DL_ECONFLICT);
    CHECK_INT_EQ(count_of(w.d, "SELECT COUNT(*) FROM extraction_run WHERE case_id = ?", c), 1);
    /* Failed: a new run may start. */
    CHECK_INT_EQ(extraction_run_finish(w.d, run, NULL, RUN_FAILED, "Kolumnen saknas.", "", "", 0, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_start(w.d, c, NULL, 0, &second, &e), DL_OK);
    CHECK(second > run);
    CHECK_INT_EQ(extraction_run_latest(w.d, a, c, &r, &e), DL_OK);
    CHECK_INT_EQ(r.id, second);
    CHECK_INT_EQ(r.requested_by, 0);
    CHECK_INT_EQ(extraction_run_latest(w.d, a, decided, &r, &e), DL_ENOTFOUND);
    arena_free(a);
}

TEST(extraction_store_run_claim_takes_a_lease_and_resumes_after_it)
{
    struct world w;
    make_world(&w);
    int64_t c = make_case(&w, "extracting");
    (void)make_source(&w, "default", 1);
    dl_error e = {0};
    int64_t run = 0;
    arena *a = arena_new(4096);
    extraction_run_rec r;
    /* Nothing to claim yet. */
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0, &r, a, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run, &e), DL_OK);

    /* 0: the oldest claimable. */
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0, &r, a, &e), DL_OK);
    CHECK_INT_EQ(r.id, run);
    CHECK_INT_EQ(r.state, RUN_RUNNING);
    CHECK_INT_EQ(r.lease_until, T0 + EXTRACT_LEASE_SECONDS);
    CHECK_STR_EQ(r.started_at, "2026-05-28T20:26:40Z");

    /* A live lease: another process cannot take it, by id or as "any". */
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0 + 10, &r, a, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "körs redan av en annan process");
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0 + EXTRACT_LEASE_SECONDS, &r, a, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(count_of(w.d, "SELECT lease_until FROM extraction_run WHERE id = ?", run), T0 + EXTRACT_LEASE_SECONDS);

    /* The checkpoint recorded by the dead worker survives the takeover. */
    run_checkpoint cp = {.table_index = 3, .last_key = 4711, .file_offset = 12345, .rows_read = 900,
                         .rows_written = 400, .rows_estimate = 2000, .seconds_left = 30, .progress = 450,
                         .rate = 99.6, .message = ""};
    int cancel = -1;
    CHECK_INT_EQ(extraction_run_checkpoint(w.d, run, NULL, T0 + 20, &cp, &cancel, &e), DL_OK);
    CHECK_INT_EQ(cancel, 0);
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0 + 20 + EXTRACT_LEASE_SECONDS, &r, a, &e), DL_ECONFLICT);
    /* Once the lease is past, it resumes — the start time stays the first. */
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0 + 21 + EXTRACT_LEASE_SECONDS, &r, a, &e), DL_OK);
    CHECK_INT_EQ(r.id, run);
    CHECK_INT_EQ(r.lease_until, T0 + 21 + 2 * EXTRACT_LEASE_SECONDS);
    CHECK_STR_EQ(r.started_at, "2026-05-28T20:26:40Z");
    CHECK_INT_EQ(r.table_index, 3);
    CHECK_INT_EQ(r.last_key, 4711);
    CHECK_INT_EQ(r.file_offset, 12345);
    CHECK_INT_EQ(r.rows_read, 900);
    CHECK_INT_EQ(r.rows_written, 400);
    CHECK_INT_EQ(r.rows_estimate, 2000);
    CHECK_INT_EQ(r.progress, 450);
    CHECK_INT_EQ((int64_t)r.rate, 100);

    /* A finished run is claimed by no one. */
    CHECK_INT_EQ(extraction_run_finish(w.d, run, NULL, RUN_DONE, "Klart.", "/x/case.age", "ab12", 42, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0 + 1000, &r, a, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "redan Klar");
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0 + 1000, &r, a, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(extraction_run_claim(w.d, run + 100, T0, &r, a, &e), DL_ENOTFOUND);
    arena_free(a);
}

TEST(extraction_store_run_claim_keeps_the_source_concurrency_cap)
{
    struct world w;
    make_world(&w);
    int64_t c1 = make_case(&w, "extracting"), c2 = make_case(&w, "extracting"), c3 = make_case(&w, "extracting");
    (void)make_source(&w, "default", 1);
    dl_error e = {0};
    int64_t r1 = 0, r2 = 0, r3 = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c1, &w.who, 0, &r1, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_start(w.d, c2, &w.who, 0, &r2, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_start(w.d, c3, &w.who, 0, &r3, &e), DL_OK);
    arena *a = arena_new(4096);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_claim(w.d, r1, T0, &r, a, &e), DL_OK);
    /* Cap 1 and one live run: another case's run waits, still queued. */
    CHECK_INT_EQ(extraction_run_claim(w.d, r2, T0 + 1, &r, a, &e), DL_EBUSY);
    CHECK_CONTAINS(e.msg, "högst 1 samtidigt");
    /* The worker's claim (0) passes over a source with no free slot. */
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0 + 1, &r, a, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(extraction_run_get(w.d, a, r2, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_QUEUED);
    CHECK_INT_EQ(r.lease_until, 0);

    /* Cap 2: one more may run, a third may not. */
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, w.org, "default", "sqlite:/nowhere/source.db", 0, 2, "", NULL, &e),
                 DL_OK);
    CHECK_INT_EQ(extraction_run_claim(w.d, r2, T0 + 2, &r, a, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_RUNNING);
    CHECK_INT_EQ(extraction_run_claim(w.d, r3, T0 + 3, &r, a, &e), DL_EBUSY);
    CHECK_CONTAINS(e.msg, "redan 2 uttag");

    /* A released claim frees its slot at once. */
    CHECK_INT_EQ(extraction_run_release(w.d, r1, NULL, 0, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, r1, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_RUNNING);
    CHECK_INT_EQ(r.lease_until, 0);
    CHECK_INT_EQ(extraction_run_claim(w.d, r3, T0 + 4, &r, a, &e), DL_OK);
    /* r1 is claimable again (its lease is 0) but the source is full now. */
    CHECK_INT_EQ(extraction_run_claim(w.d, r1, T0 + 5, &r, a, &e), DL_EBUSY);

    /* A lease run out frees the slot as well: r2's and r3's workers died. */
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0 + 4 + EXTRACT_LEASE_SECONDS + 1, &r, a, &e), DL_OK);
    CHECK_INT_EQ(r.id, r1);
    /* A finished run holds no slot. */
    CHECK_INT_EQ(extraction_run_finish(w.d, r1, NULL, RUN_DONE, "", "", "", 0, &e), DL_OK);
    int64_t later = T0 + 4 + EXTRACT_LEASE_SECONDS + 2;
    CHECK_INT_EQ(extraction_run_claim(w.d, r2, later, &r, a, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_claim(w.d, r3, later, &r, a, &e), DL_OK);
    arena_free(a);
}

TEST(extraction_store_run_cap_counts_only_the_same_source)
{
    struct world w;
    make_world(&w);
    int64_t other_org = fixture_org(w.d, 0, ORG_FORVALTNING, "Regionvården", "RV", "RV {year}-{seq:5}");
    int64_t c1 = make_case(&w, "extracting"), c2 = make_case(&w, "extracting");
    dl_error e = {0};
    CHECK_INT_EQ(db_run(w.d, "UPDATE cases SET org_id = ?, target_node_id = NULL WHERE id = ?", &e, "ii", other_org,
                        c2), DL_OK);
    (void)make_source(&w, "default", 1);
    CHECK_INT_EQ(extract_source_set(w.d, &w.who, other_org, "default", "sqlite:/rv.db", 0, 1, "", NULL, &e), DL_OK);
    int64_t r1 = 0, r2 = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c1, &w.who, 0, &r1, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_start(w.d, c2, &w.who, 0, &r2, &e), DL_OK);
    arena *a = arena_new(4096);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_claim(w.d, r1, T0, &r, a, &e), DL_OK);
    int64_t first_source = r.source_id;
    /* Cap 1 at both; the other organisation's source has its own slot. */
    CHECK_INT_EQ(extraction_run_claim(w.d, r2, T0, &r, a, &e), DL_OK);
    CHECK(r.source_id != first_source);
    CHECK_INT_EQ(r.state, RUN_RUNNING);
    arena_free(a);
}

TEST(extraction_store_run_checkpoint_renews_the_lease_and_tells_of_a_cancel)
{
    struct world w;
    make_world(&w);
    int64_t c = make_case(&w, "extracting");
    (void)make_source(&w, "default", 1);
    dl_error e = {0};
    int64_t run = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run, &e), DL_OK);
    arena *a = arena_new(4096);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0, &r, a, &e), DL_OK);
    run_checkpoint cp = {.table_index = 1, .last_key = 10, .file_offset = 100, .rows_read = 10, .rows_written = 5,
                         .rows_estimate = 50, .seconds_left = -1, .progress = 200, .rate = 0,
                         .message = "Väntar på tidsfönstret"};
    int cancel = -1;
    CHECK_INT_EQ(extraction_run_checkpoint(w.d, run, NULL, T0 + 50, &cp, &cancel, &e), DL_OK);
    CHECK_INT_EQ(cancel, 0);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.lease_until, T0 + 50 + EXTRACT_LEASE_SECONDS);
    CHECK_STR_EQ(r.message, "Väntar på tidsfönstret");
    CHECK_STR_EQ(r.updated_at, "2026-05-28T20:27:30Z");
    /* The renewed lease holds past the first one. */
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0 + EXTRACT_LEASE_SECONDS + 5, &r, a, &e), DL_ECONFLICT);

    /* A cancel asked of a running run: it keeps running until its next
     * checkpoint tells it. */
    CHECK_INT_EQ(extraction_run_cancel(w.d, run, &w.who, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_RUNNING);
    CHECK_INT_EQ(r.cancel_requested, 1);
    CHECK_STR_EQ(r.finished_at, "");
    cp.message = NULL;
    CHECK_INT_EQ(extraction_run_checkpoint(w.d, run, NULL, T0 + 60, &cp, &cancel, &e), DL_OK);
    CHECK_INT_EQ(cancel, 1);
    CHECK_INT_EQ(extraction_run_finish(w.d, run, NULL, RUN_CANCELLED, "Avbrutet.", "", "", 0, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_CANCELLED);
    CHECK_INT_EQ(r.lease_until, 0);
    CHECK(*r.finished_at);

    /* A checkpoint of a run no longer running changes nothing. */
    cp.rows_read = 777;
    CHECK_INT_EQ(extraction_run_checkpoint(w.d, run, NULL, T0 + 70, &cp, &cancel, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK(r.rows_read != 777);
    CHECK_INT_EQ(r.state, RUN_CANCELLED);
    arena_free(a);
}

TEST(extraction_store_run_cancel_queued_stops_at_once)
{
    struct world w;
    make_world(&w);
    int64_t c = make_case(&w, "extracting");
    (void)make_source(&w, "default", 1);
    dl_error e = {0};
    int64_t run = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_cancel(w.d, run, &w.who, &e), DL_OK);
    arena *a = arena_new(4096);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_CANCELLED);
    CHECK_INT_EQ(r.cancel_requested, 1);
    CHECK_STR_EQ(r.finished_at, "2026-05-28T20:26:40Z");
    CHECK_STR_EQ(run_state_label_sv(r.state), "Avbruten");
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.cancel' AND actor = ?",
                            "dataanalys"), 1);
    /* Not claimable; a new run may start. */
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0, &r, a, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "redan Avbruten");
    CHECK_INT_EQ(extraction_run_claim(w.d, 0, T0, &r, a, &e), DL_ENOTFOUND);
    int64_t again = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &again, &e), DL_OK);
    CHECK(again > run);
    arena_free(a);
}

TEST(extraction_store_run_finish_records_the_delivery)
{
    struct world w;
    make_world(&w);
    int64_t c = make_case(&w, "extracting");
    (void)make_source(&w, "default", 1);
    dl_error e = {0};
    int64_t run = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run, &e), DL_OK);
    arena *a = arena_new(4096);
    extraction_run_rec r;
    CHECK_INT_EQ(extraction_run_claim(w.d, run, T0, &r, a, &e), DL_OK);
    const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    clock_set_fake(T0 + 3600);
    CHECK_INT_EQ(extraction_run_finish(w.d, run, NULL, RUN_DONE, "10 rader lästa, 4 levererade.", "/srv/uttag/case-1.age",
                                       sha, 4096, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_DONE);
    CHECK_STR_EQ(r.message, "10 rader lästa, 4 levererade.");
    CHECK_STR_EQ(r.out_path, "/srv/uttag/case-1.age");
    CHECK_STR_EQ(r.out_sha256, sha);
    CHECK_INT_EQ(r.out_bytes, 4096);
    CHECK_INT_EQ(r.progress, 1000);
    CHECK_INT_EQ(r.lease_until, 0);
    CHECK_INT_EQ(r.seconds_left, -1);
    CHECK_STR_EQ(r.finished_at, "2026-05-28T21:26:40Z");
    char detail[100];
    snprintf(detail, sizeof detail, "done %s", sha);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.finish' AND detail = ?",
                            detail), 1);
    /* A cancel after the end is refused and changes nothing (no audit row either). */
    int64_t cancels = count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.cancel' AND actor = ?",
                                 "dataanalys");
    CHECK_INT_EQ(extraction_run_cancel(w.d, run, &w.who, &e), DL_ECONFLICT);
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.cancel' AND actor = ?",
                            "dataanalys"), cancels);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_DONE);
    CHECK_INT_EQ(r.cancel_requested, 0);
    /* A release after the end changes nothing either. */
    CHECK_INT_EQ(extraction_run_release(w.d, run, NULL, 0, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_DONE);

    /* A failed run keeps its reason and no progress to 1000. */
    int64_t run2 = 0;
    CHECK_INT_EQ(extraction_run_start(w.d, c, &w.who, 0, &run2, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_claim(w.d, run2, T0 + 3600, &r, a, &e), DL_OK);
    CHECK_INT_EQ(extraction_run_finish(w.d, run2, NULL, RUN_FAILED, "Kolumnen lab_result.value saknas.", "", "", 0, &e),
                 DL_OK);
    CHECK_INT_EQ(extraction_run_get(w.d, a, run2, &r, &e), DL_OK);
    CHECK_INT_EQ(r.state, RUN_FAILED);
    CHECK_INT_EQ(r.progress, 0);
    CHECK_STR_EQ(r.out_path, "");
    CHECK_STR_EQ(r.message, "Kolumnen lab_result.value saknas.");
    CHECK_INT_EQ(count_text(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'extract.finish' AND detail = ?",
                            "failed "), 1);
    arena_free(a);
}
