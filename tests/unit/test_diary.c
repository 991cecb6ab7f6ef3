/* test_diary.c — the diarium in the store (store/diary.c) and its input rules
 * (core/diary_entry.c): numbering per organisation and year in Stockholm
 * time, refusals that write nothing, corrections, concurrent registration
 * from separate connections, and listing. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/diary_entry.h"
#include "core/diary_number.h"
#include "core/embedded.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/diary.h"

#define T_2026_06_15 1781524800   /* 2026-06-15T12:00:00Z */
#define T_2026_12_31_2330 1798759800 /* 2026-12-31T23:30:00Z = 2027-01-01 00:30 in Stockholm */
#define T_2027_03_01 1803902400   /* 2027-03-01T12:00:00Z */

static diary_input sample(int64_t org_id)
{
    return (diary_input){
        .org_id = org_id,
        .doc_date = "2026-06-14",
        .direction = "in",
        .counterpart = "Karolinska institutet",
        .subject = "Ans\xc3\xb6kan om utl\xc3\xa4mnande av uppgifter",
        .confidential = 0,
        .legal_ref = NULL,
        .corrects_id = 0,
    };
}

/* Everything a refused registration must leave alone. */
struct counts { int64_t entries, counters, counter_sum, audit, head; };

static struct counts counts_of(db *d)
{
    return (struct counts){
        fixture_int(d, "SELECT COUNT(*) FROM diary_entry"),
        fixture_int(d, "SELECT COUNT(*) FROM diary_counter"),
        fixture_int(d, "SELECT COALESCE(SUM(last_seq), 0) FROM diary_counter"),
        fixture_int(d, "SELECT COUNT(*) FROM audit_log"),
        fixture_int(d, "SELECT last_seq FROM audit_head"),
    };
}

static int same_counts(struct counts a, struct counts b)
{
    return a.entries == b.entries && a.counters == b.counters && a.counter_sum == b.counter_sum &&
           a.audit == b.audit && a.head == b.head;
}

static int64_t reg(db *d, const diary_input *in, char number[DIARY_NUMBER_MAX])
{
    dl_error e = {0};
    int64_t id = 0;
    audit_actor who = {0, "system"};
    if (diary_register(d, in, &who, &id, number, &e) != DL_OK) {
        fprintf(stderr, "    diary_register: %s\n", e.msg);
        return 0;
    }
    return id;
}

TEST(diary_numbers_use_the_org_format_and_count_up)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq:5}");
    diary_input in = sample(rh);
    char num[DIARY_NUMBER_MAX];
    int64_t id1 = reg(d, &in, num);
    CHECK(id1 > 0);
    CHECK_STR_EQ(num, "RH 2026-00001");
    CHECK(reg(d, &in, num) > id1);
    CHECK_STR_EQ(num, "RH 2026-00002");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-00003");

    /* What is stored matches what was asked for. */
    arena *a = arena_new(1024);
    diary_rec r;
    dl_error e = {0};
    CHECK_INT_EQ(diary_get(d, a, id1, &r, &e), DL_OK);
    CHECK_STR_EQ(r.number, "RH 2026-00001");
    CHECK_INT_EQ(r.org_id, rh);
    CHECK_STR_EQ(r.doc_date, "2026-06-14");
    CHECK_STR_EQ(r.direction, "in");
    CHECK_STR_EQ(r.counterpart, "Karolinska institutet");
    CHECK_STR_EQ(r.subject, in.subject);
    CHECK_STR_EQ(r.registered_at, "2026-06-15T12:00:00Z");
    CHECK_STR_EQ(r.org_name, "Regionh\xc3\xa4lsan");
    CHECK_INT_EQ(r.corrects_id, 0);
    CHECK_INT_EQ(r.corrected_by_id, 0);
    CHECK_STR_EQ(r.corrects_number, "");
    CHECK_INT_EQ(fixture_int(d, "SELECT year FROM diary_entry WHERE seq = 1"), 2026);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter"), 3);
    arena_free(a);
    db_close(d);
}

TEST(diary_year_comes_from_stockholm_time)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_12_31_2330); /* still 2026 in UTC */
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq:5}");
    diary_input in = sample(rh);
    char num[DIARY_NUMBER_MAX];
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2027-00001");
    CHECK_INT_EQ(fixture_int(d, "SELECT year FROM diary_entry"), 2027);

    /* The same instant in UTC is still 2026: the zone decides. */
    fixture_tz("UTC");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-00001");
    db_close(d);
}

TEST(diary_default_format_uses_the_org_code)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RHS", NULL);
    int64_t org2 = fixture_org(d, 0, ORG_FORVALTNING, "Annan", "ANN-2", "");
    diary_input in = sample(org);
    char num[DIARY_NUMBER_MAX];
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RHS 2026-00001");
    in.org_id = org2;
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "ANN-2 2026-00001"); /* a counter per organisation */
    in.org_id = org;
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RHS 2026-00002");
    db_close(d);
}

TEST(diary_new_year_restarts_at_one)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq:5}");
    diary_input in = sample(rh);
    char num[DIARY_NUMBER_MAX];
    for (int i = 0; i < 3; i++) CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-00003");
    clock_set_fake(T_2027_03_01);
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2027-00001");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2027-00002");
    /* The 2026 counter was kept (a late registration dated back would go on). */
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter WHERE year = 2026"), 3);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter WHERE year = 2027"), 2);
    db_close(d);
}

/* A format without {year} is one running series: New Year does not restart
 * it (it used to, and every registration from 1 January failed on the
 * unique number). Both stores run this. */
TEST(diary_running_series_goes_on_across_new_year)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t ny = fixture_org(d, 0, ORG_FORVALTNING, "Nya f\xc3\xb6rvaltningen", "NY", "NY-{seq}");
    diary_input in = sample(ny);
    char num[DIARY_NUMBER_MAX];
    CHECK(reg(d, &in, num) > 0);
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "NY-2");
    clock_set_fake(T_2026_12_31_2330); /* already 2027 in Stockholm */
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "NY-3");
    clock_set_fake(T_2027_03_01);
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "NY-4");
    /* One counter row, the running series (year 0), for all of it. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_counter"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter WHERE year = 0"), 4);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(DISTINCT number) FROM diary_entry"), 4);
    clock_set_fake(0);
    db_close(d);
}

/* Switching between a yearly and a running format mid-year keeps both
 * series apart: no number and no (series, seq) pair is taken twice. */
TEST(diary_switching_between_yearly_and_running_formats)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq}");
    diary_input in = sample(rh);
    char num[DIARY_NUMBER_MAX];
    CHECK(reg(d, &in, num) > 0);
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-2");
    fixture_exec(d, "UPDATE org_node SET diary_format = 'RH-L{seq}' WHERE code = 'RH'");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH-L1");
    fixture_exec(d, "UPDATE org_node SET diary_format = 'RH {year}-{seq}' WHERE code = 'RH'");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-3");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry"), 4);
    clock_set_fake(0);
    db_close(d);
}

/* A format changed to one that gives numbers already used (the year written
 * out by hand; or a store from before running series) skips past the taken
 * numbers instead of stopping the diarium; only when a thousand in a row are
 * taken is it refused, with a sentence that says what to do — never the
 * store's own text — and nothing written. */
TEST(diary_numbers_taken_before_are_skipped)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq}");
    diary_input in = sample(rh);
    char num[DIARY_NUMBER_MAX];
    CHECK(reg(d, &in, num) > 0);
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-2");
    fixture_exec(d, "UPDATE org_node SET diary_format = 'RH 2026-{seq}' WHERE code = 'RH'");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-3");
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-4");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(DISTINCT number) FROM diary_entry"), 4);

    /* A thousand numbers in a row taken: refused, nothing written. */
    int64_t x = fixture_org(d, 0, ORG_FORVALTNING, "X-f\xc3\xb6rvaltningen", "XF", "XF {year}-{seq}");
    fixture_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                    " INSERT INTO diary_entry(org_id, number, year, seq, registered_at, doc_date, direction,"
                    " counterpart, subject) SELECT (SELECT id FROM org_node WHERE code = 'XF'), 'XF-' || i, 2026, i,"
                    " '2026-06-15T12:00:00Z', '2026-06-15', 'in', 'a', 'b' FROM n");
    fixture_exec(d, "UPDATE org_node SET diary_format = 'XF-{seq}' WHERE code = 'XF'");
    diary_input inx = sample(x);
    struct counts before = counts_of(d);
    dl_error e = {0};
    audit_actor who = {0, "system"};
    CHECK_INT_EQ(diary_register(d, &inx, &who, NULL, num, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "Diarienumret XF-1000 och de 999 närmast efter finns redan i diariet");
    CHECK_CONTAINS(e.msg, "ändra det under Organisation");
    CHECK(strstr(e.msg, "constraint") == NULL && strstr(e.msg, "UNIQUE") == NULL && strstr(e.msg, "unique") == NULL);
    CHECK(same_counts(before, counts_of(d)));
    clock_set_fake(0);
    db_close(d);
}

/* Migration 0004 starts each organisation's running series after the
 * highest number it counted in any year (stores from before running series
 * counted "NY-{seq}" per year). */
TEST(diary_upgrade_seeds_running_series_above_every_year)
{
    db *d = fixture_store();
    int64_t ny = fixture_org(d, 0, ORG_FORVALTNING, "Nya", "NY", "NY-{seq}");
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO diary_counter(org_id, year, last_seq) VALUES (%" PRId64 ", 2025, 9),"
                              " (%" PRId64 ", 2026, 6)", ny, ny);
    fixture_exec(d, sql);
    const struct embedded_file *m = embedded_find(embedded_migrations, "0004_diary_running_series.sql");
    CHECK(m != NULL);
    char *text = strndup((const char *)m->data, m->len);
    fixture_exec(d, text);
    free(text);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter WHERE year = 0"), 9);
    /* Run again (or with a running series already there): nothing moves. */
    fixture_exec(d, "UPDATE diary_counter SET last_seq = 12 WHERE year = 0");
    text = strndup((const char *)m->data, m->len);
    fixture_exec(d, text);
    free(text);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter WHERE year = 0"), 12);
    db_close(d);
}

TEST(diary_register_at_a_non_root_unit_is_refused)
{
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    int64_t area = fixture_org(d, rh, ORG_REGIONOMRADE, "Norra", "RH-N", NULL);
    int64_t unit = fixture_org(d, area, ORG_VARDENHET, "VC Norr", "RH-N-1", NULL);
    struct counts before = counts_of(d);
    int64_t ids[] = {area, unit, 9999};
    for (int i = 0; i < 3; i++) {
        diary_input in = sample(ids[i]);
        dl_error e = {0};
        int64_t id = -1;
        char num[DIARY_NUMBER_MAX] = "untouched";
        CHECK_INT_EQ(diary_register(d, &in, NULL, &id, num, &e), DL_EINVAL);
        CHECK(e.msg[0] != '\0');
        CHECK_INT_EQ(id, -1);
        CHECK_STR_EQ(num, "untouched");
        if (i < 2) CHECK_CONTAINS(e.msg, "f\xc3\xb6rvaltning");
        else CHECK_CONTAINS(e.msg, "finns inte");
    }
    CHECK(!db_in_transaction(d));
    CHECK(same_counts(before, counts_of(d)));
    db_close(d);
}

TEST(diary_invalid_input_is_refused_and_writes_nothing)
{
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    char num[DIARY_NUMBER_MAX];
    diary_input ok = sample(rh);
    CHECK(reg(d, &ok, num) > 0); /* so the counters exist and must not move */
    struct counts before = counts_of(d);

    char long_text[DIARY_TEXT_MAX + 2], long_ref[DIARY_LEGAL_REF_MAX + 2];
    memset(long_text, 'x', DIARY_TEXT_MAX + 1);
    long_text[DIARY_TEXT_MAX + 1] = '\0';
    memset(long_ref, 'x', DIARY_LEGAL_REF_MAX + 1);
    long_ref[DIARY_LEGAL_REF_MAX + 1] = '\0';

    struct { const char *why, *expect; diary_input in; } cases[16];
    int n = 0;
#define CASE(w, x, field, value) do { cases[n].why = (w); cases[n].expect = (x); \
        cases[n].in = sample(rh); cases[n].in.field = value; n++; } while (0)
    CASE("org 0", "organisations diarium", org_id, 0);
    CASE("org negative", "organisations diarium", org_id, -4);
    CASE("date missing", "\xc3\x85\xc3\x85\xc3\x85\xc3\x85-MM-DD", doc_date, NULL);
    CASE("date malformed", "\xc3\x85\xc3\x85\xc3\x85\xc3\x85-MM-DD", doc_date, "14/06/2026");
    CASE("date short", "\xc3\x85\xc3\x85\xc3\x85\xc3\x85-MM-DD", doc_date, "2026-6-14");
    CASE("date feb 30", "\xc3\x85\xc3\x85\xc3\x85\xc3\x85-MM-DD", doc_date, "2026-02-30");
    CASE("date feb 29 non-leap", "\xc3\x85\xc3\x85\xc3\x85\xc3\x85-MM-DD", doc_date, "2026-02-29");
    CASE("date before 1900", "\xc3\x85\xc3\x85\xc3\x85\xc3\x85-MM-DD", doc_date, "1899-12-31");
    CASE("direction unknown", "inkommande", direction, "sideways");
    CASE("direction missing", "inkommande", direction, NULL);
    CASE("counterpart blank", "avs\xc3\xa4ndare", counterpart, " \t\n");
    CASE("subject missing", "handlingen g\xc3\xa4ller", subject, NULL);
    CASE("counterpart too long", "500", counterpart, long_text);
    CASE("subject too long", "500", subject, long_text);
    CASE("negative corrects_id", "r\xc3\xa4ttade", corrects_id, -1);
    CASE("corrects a missing entry", "r\xc3\xa4tta", corrects_id, 999);
#undef CASE
    diary_input conf = sample(rh);
    conf.confidential = 1;
    conf.legal_ref = "  ";
    diary_input longref = sample(rh);
    longref.legal_ref = long_ref;

    for (int i = 0; i < n + 2; i++) {
        const diary_input *in = i < n ? &cases[i].in : i == n ? &conf : &longref;
        const char *why = i < n ? cases[i].why : i == n ? "confidential without legal ref" : "legal ref too long";
        const char *expect = i < n ? cases[i].expect : i == n ? "lagrum" : "120";
        dl_error e = {0};
        int64_t id = -1;
        dl_err rc = diary_register(d, in, NULL, &id, num, &e);
        if (rc != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "%s: rc %d (%s), expected DL_EINVAL", why, (int)rc, e.msg);
            continue;
        }
        if (!strstr(e.msg, expect))
            test_fail(__FILE__, __LINE__, "%s: message \"%s\" lacks \"%s\"", why, e.msg, expect);
        if (id != -1) test_fail(__FILE__, __LINE__, "%s: id_out written", why);
        if (i < n - 1 || i >= n) /* the pure rules also refuse through diary_input_check */
            if (diary_input_check(in, NULL) != DL_EINVAL)
                test_fail(__FILE__, __LINE__, "%s: diary_input_check accepted it", why);
        if (!same_counts(before, counts_of(d)))
            test_fail(__FILE__, __LINE__, "%s: something was written", why);
        if (db_in_transaction(d)) test_fail(__FILE__, __LINE__, "%s: transaction left open", why);
    }

    /* The limits themselves are allowed. */
    diary_input edge = sample(rh);
    long_text[DIARY_TEXT_MAX] = '\0';
    long_ref[DIARY_LEGAL_REF_MAX] = '\0';
    edge.counterpart = long_text;
    edge.subject = long_text;
    edge.confidential = 1;
    edge.legal_ref = long_ref;
    edge.doc_date = "2024-02-29";
    edge.direction = diary_direction_keys[DIARY_INTERNAL];
    CHECK(reg(d, &edge, num) > 0);
    edge.direction = "out";
    CHECK(reg(d, &edge, num) > 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry"), before.entries + 2);
    db_close(d);
}

TEST(diary_date_must_be_exactly_yyyy_mm_dd)
{
    /* Regression: valid_date() once trusted glibc's strptime("%Y-%m-%d"),
     * which skips spaces before numbers and takes one-digit fields, so
     * " 2026-1-01" and "2026-01- 1" were accepted and stored verbatim. */
    const char *bad[] = {" 2026-1-01", "2026-01- 1", "2026- 1-01", "  26-01-01", "2026-00-10", "2026-13-01",
                         "2026-01-00", "2026-04-31", "2026/01/01", "2026-01-1x", "+026-01-01", "2026-01-01\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        diary_input in = sample(1);
        in.doc_date = bad[i];
        dl_error e = {0};
        if (diary_input_check(&in, &e) != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "doc_date \"%s\" was accepted", bad[i]);
    }
    const char *leap_bad[] = {"1900-02-29", "2100-02-29", "2023-02-29", "1899-12-31"};
    for (size_t i = 0; i < sizeof leap_bad / sizeof leap_bad[0]; i++) {
        diary_input in = sample(1);
        in.doc_date = leap_bad[i];
        if (diary_input_check(&in, NULL) != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "doc_date \"%s\" was accepted", leap_bad[i]);
    }
    const char *good[] = {"2024-02-29", "2000-02-29", "1900-01-01", "9999-12-31", "2026-04-30", "2026-12-31"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        diary_input in = sample(1);
        in.doc_date = good[i];
        dl_error e = {0};
        if (diary_input_check(&in, &e) != DL_OK)
            test_fail(__FILE__, __LINE__, "doc_date \"%s\" was refused: %s", good[i], e.msg);
    }
}

TEST(diary_correction_points_at_the_original)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq:5}");
    int64_t uid = fixture_user(d, "registrator");
    audit_actor who = {uid, "registrator"};
    diary_input in = sample(rh);
    dl_error e = {0};
    int64_t orig = 0, fix = 0;
    char n1[DIARY_NUMBER_MAX], n2[DIARY_NUMBER_MAX];
    CHECK_INT_EQ(diary_register(d, &in, &who, &orig, n1, &e), DL_OK);
    CHECK_INT_EQ(diary_register(d, &in, &who, NULL, NULL, &e), DL_OK); /* outputs optional */

    diary_input corr = sample(rh);
    corr.subject = "R\xc3\xa4ttad \xc3\xa4rendemening";
    corr.corrects_id = orig;
    CHECK_INT_EQ(diary_register(d, &corr, &who, &fix, n2, &e), DL_OK);
    CHECK_STR_EQ(n2, "RH 2026-00003"); /* a correction takes a number of its own */

    arena *a = arena_new(2048);
    diary_rec o, c;
    CHECK_INT_EQ(diary_get(d, a, orig, &o, &e), DL_OK);
    CHECK_INT_EQ(diary_get(d, a, fix, &c, &e), DL_OK);
    /* The original is unchanged and knows it was corrected. */
    CHECK_STR_EQ(o.number, n1);
    CHECK_STR_EQ(o.subject, in.subject);
    CHECK_INT_EQ(o.corrects_id, 0);
    CHECK_INT_EQ(o.corrected_by_id, fix);
    /* The correction points back. */
    CHECK_INT_EQ(c.corrects_id, orig);
    CHECK_STR_EQ(c.corrects_number, "RH 2026-00001");
    CHECK_STR_EQ(c.subject, corr.subject);
    CHECK_INT_EQ(c.corrected_by_id, 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry WHERE registered_by IS NOT NULL"), 3);

    /* Audited as register, register, correct — with the number as detail. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'diary.register'"), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'diary.correct'"
                                " AND detail = 'RH 2026-00003' AND actor = 'registrator'"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE length(after_digest) = 64"), 3);

    CHECK_INT_EQ(diary_get(d, a, 424242, &o, &e), DL_ENOTFOUND);
    arena_free(a);
    db_close(d);
}

TEST(diary_correcting_another_orgs_entry_is_refused)
{
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    int64_t other = fixture_org(d, 0, ORG_FORVALTNING, "Annan", "AN", NULL);
    diary_input in = sample(other);
    char num[DIARY_NUMBER_MAX];
    int64_t foreign = reg(d, &in, num);
    CHECK(foreign > 0);
    struct counts before = counts_of(d);

    diary_input corr = sample(rh);
    corr.corrects_id = foreign;
    dl_error e = {0};
    CHECK_INT_EQ(diary_register(d, &corr, NULL, NULL, num, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "finns inte i detta diarium");
    CHECK(same_counts(before, counts_of(d)));
    CHECK(!db_in_transaction(d));
    db_close(d);
}

/* --- concurrency --- */

enum { DIARY_THREADS = 8, DIARY_ROUNDS = 25 };
static int64_t conc_org;
static _Atomic int conc_errors;

static void *diary_worker(void *p)
{
    int idx = (int)(intptr_t)p;
    db *d = NULL;
    dl_error e = {0};
    if (db_open(fixture_url(), &d, &e) != DL_OK) {
        fprintf(stderr, "    thread %d open: %s\n", idx, e.msg);
        atomic_fetch_add(&conc_errors, 1);
        return NULL;
    }
    char name[16];
    snprintf(name, sizeof name, "t%d", idx);
    audit_actor who = {0, name};
    for (int i = 0; i < DIARY_ROUNDS; i++) {
        diary_input in = sample(conc_org);
        char subject[64];
        snprintf(subject, sizeof subject, "thread %d entry %d", idx, i);
        in.subject = subject;
        char num[DIARY_NUMBER_MAX];
        int64_t id = 0;
        if (diary_register(d, &in, &who, &id, num, &e) != DL_OK) {
            fprintf(stderr, "    thread %d: %s\n", idx, e.msg);
            atomic_fetch_add(&conc_errors, 1);
        }
    }
    db_close(d);
    return NULL;
}

TEST(diary_concurrent_registration_has_no_gaps_or_duplicates)
{
    fixture_tz("Europe/Stockholm");
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    conc_org = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq:5}");
    pthread_t th[DIARY_THREADS];
    for (int i = 0; i < DIARY_THREADS; i++)
        CHECK_INT_EQ(pthread_create(&th[i], NULL, diary_worker, (void *)(intptr_t)i), 0);
    for (int i = 0; i < DIARY_THREADS; i++) pthread_join(th[i], NULL);
    CHECK_INT_EQ(atomic_load(&conc_errors), 0);

    const int total = DIARY_THREADS * DIARY_ROUNDS;
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry"), total);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(DISTINCT seq) FROM diary_entry"), total);
    CHECK_INT_EQ(fixture_int(d, "SELECT MIN(seq) FROM diary_entry"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT MAX(seq) FROM diary_entry"), total);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(DISTINCT number) FROM diary_entry"), total);
    CHECK_INT_EQ(fixture_int(d, "SELECT last_seq FROM diary_counter"), total);
    {   /* every number is the formatted seq: RH 2026-00001 … */
        dl_error e = {0};
        db_stmt *s = db_prepare(d, "SELECT seq, number FROM diary_entry", &e);
        CHECK(s != NULL);
        int matching = 0;
        while (db_step(s, &e) == DB_ROW) {
            char want[32];
            snprintf(want, sizeof want, "RH 2026-%05lld", (long long)db_col_int(s, 0));
            matching += strcmp(want, db_col_text(s, 1)) == 0;
        }
        db_stmt_done(s);
        CHECK_INT_EQ(matching, total);
    }
    for (int i = 0; i < DIARY_THREADS; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM diary_entry WHERE subject LIKE 'thread %d entry %%'", i);
        CHECK_INT_EQ(fixture_int(d, sql), DIARY_ROUNDS);
    }

    audit_verdict v;
    dl_error e = {0};
    CHECK_INT_EQ(audit_verify(d, &v, &e), DL_OK);
    CHECK_INT_EQ(v.rows, total);
    CHECK_INT_EQ(v.first_bad_seq, 0);
    db_close(d);
}

TEST(diary_list_pages_newest_first_with_total)
{
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    int64_t an = fixture_org(d, 0, ORG_FORVALTNING, "Annan", "AN", NULL);
    int64_t ids[7];
    char num[DIARY_NUMBER_MAX];
    for (int i = 0; i < 7; i++) {
        diary_input in = sample(rh);
        ids[i] = reg(d, &in, num);
        CHECK(ids[i] > 0);
        if (i < 2) {
            in.org_id = an;
            CHECK(reg(d, &in, num) > 0);
        }
    }
    arena *a = arena_new(4096);
    diary_rec out[5];
    int n = -1;
    int64_t total = -1;
    dl_error e = {0};

    CHECK_INT_EQ(diary_list(d, a, rh, NULL, 3, 0, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 7);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(out[0].id, ids[6]);
    CHECK_INT_EQ(out[1].id, ids[5]);
    CHECK_INT_EQ(out[2].id, ids[4]);
    CHECK_STR_EQ(out[0].number, "RH 2026-00007");
    CHECK_STR_EQ(out[0].org_name, "Regionh\xc3\xa4lsan");

    CHECK_INT_EQ(diary_list(d, a, rh, NULL, 3, 3, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(out[0].id, ids[3]);
    CHECK_INT_EQ(out[2].id, ids[1]);
    CHECK_INT_EQ(diary_list(d, a, rh, NULL, 3, 6, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(out[0].id, ids[0]);
    CHECK_STR_EQ(out[0].number, "RH 2026-00001");
    CHECK_INT_EQ(diary_list(d, a, rh, NULL, 3, 9, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(total, 7);

    /* Another organisation, and all of them. */
    CHECK_INT_EQ(diary_list(d, a, an, NULL, 5, 0, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 2);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(out[0].number, "AN 2026-00002");
    CHECK_INT_EQ(diary_list(d, a, 0, NULL, 5, 0, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 9);
    CHECK_INT_EQ(n, 5);
    for (int i = 1; i < n; i++) CHECK(out[i - 1].id > out[i].id);
    /* An organisation with nothing registered. */
    CHECK_INT_EQ(diary_list(d, a, 777, NULL, 5, 0, out, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 0);
    CHECK_INT_EQ(n, 0);
    arena_free(a);
    db_close(d);
}

TEST(diary_long_but_valid_format_can_register)
{
    /* Regression: diary_register once formatted into char number[64] (and
     * {code} into char fmt[128]) although a valid format may give numbers of
     * up to DIARY_NUMBER_MAX bytes, so a 63-character format with Swedish
     * letters validated but could never register anything. */
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    char fmt[200] = "";
    for (int i = 0; i < 48; i++) strcat(fmt, "\xc3\xb6"); /* 48 × ö */
    strcat(fmt, " {year}-{seq:5}");                      /* 63 code points in all */
    dl_error e = {0};
    CHECK_INT_EQ(diary_format_validate(fmt, &e), DL_OK);
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "L\xc3\xa5ngt format", "LF", fmt);
    diary_input in = sample(org);
    char num[DIARY_NUMBER_MAX];
    int64_t id = 0;
    dl_err rc = diary_register(d, &in, NULL, &id, num, &e);
    if (rc != DL_OK) test_fail(__FILE__, __LINE__, "diary_register: %s", e.msg);
    char want[DIARY_NUMBER_MAX] = "";
    for (int i = 0; i < 48; i++) strcat(want, "\xc3\xb6");
    strcat(want, " 2026-00001");
    CHECK_STR_EQ(num, want);
    db_close(d);
}

/* diary_register_in_tx: the caller's transaction decides. Rolled back, it
 * leaves no entry, no audit row and no number taken; outside a transaction
 * it is refused and writes nothing. */
TEST(diary_register_in_tx_follows_the_callers_transaction)
{
    clock_set_fake(T_2026_06_15);
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", "RH {year}-{seq:5}");
    diary_input in = sample(rh);
    audit_actor who = {0, "system"};
    struct counts before = counts_of(d);
    dl_error e = {0};
    int64_t id = -1;
    char num[DIARY_NUMBER_MAX] = "untouched";

    /* No transaction open: refused, nothing written. */
    CHECK_INT_EQ(diary_register_in_tx(d, &in, &who, &id, num, &e), DL_EINTERNAL);
    CHECK_CONTAINS(e.msg, "outside a transaction");
    CHECK_INT_EQ(id, -1);
    CHECK_STR_EQ(num, "untouched");
    CHECK(!db_in_transaction(d));
    CHECK(same_counts(before, counts_of(d)));

    /* Inside one the caller rolls back: as if it never ran. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(diary_register_in_tx(d, &in, &who, &id, num, &e), DL_OK);
    CHECK(id > 0);
    CHECK_STR_EQ(num, "RH 2026-00001");
    CHECK(db_in_transaction(d)); /* left open for the caller */
    db_rollback(d);
    CHECK(same_counts(before, counts_of(d)));

    /* The number was not consumed: the next registration gets it. */
    CHECK(reg(d, &in, num) > 0);
    CHECK_STR_EQ(num, "RH 2026-00001");

    /* Inside one the caller commits, with more work of its own. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(diary_register_in_tx(d, &in, &who, &id, num, &e), DL_OK);
    CHECK_INT_EQ(audit_append(d, &who, "test.after", "diary_entry", "x", NULL, NULL, num, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_STR_EQ(num, "RH 2026-00002");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry"), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'test.after'"), 1);

    /* A refusal inside the transaction leaves it for the caller to end. */
    diary_input bad = sample(rh);
    bad.subject = "";
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(diary_register_in_tx(d, &bad, &who, &id, num, &e), DL_EINVAL);
    CHECK(db_in_transaction(d));
    db_rollback(d);
    db_close(d);
}
