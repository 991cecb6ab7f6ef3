/* test_release_register.c — core/release_register.c against hand-computed
 * dates (checked in the almanac for 2026–2027): the publication delay in
 * Swedish working days across weekends, midsommarafton, Easter, Christmas
 * and New Year; a decision late in the evening in Stockholm (another UTC
 * date); both changes of daylight-saving time; the purpose in brief; the
 * data categories. */
#include "test.h"

#include "core/clock.h"
#include "core/release_register.h"
#include "extract/source_schema.h"

static cal_date D(int y, int m, int d) { return (cal_date){y, m, d}; }

static const char *iso(cal_date d)
{
    static char out[4][11];
    static int k;
    k = (k + 1) % 4;
    cal_format_iso(d, out[k]);
    return out[k];
}

static const char *sthlm(const char *utc) { return iso(stockholm_date(clock_parse_iso_utc(utc))); }

static const char *midnight(cal_date d)
{
    static char out[32];
    clock_iso_utc(stockholm_midnight(d), out);
    return out;
}

TEST(release_publication_working_days)
{
    /* Thursday 18 June 2026; Friday 19 is midsommarafton, 20 midsommardagen. */
    CHECK(!release_is_published(D(2026, 6, 18), D(2026, 6, 19), 1));
    CHECK(!release_is_published(D(2026, 6, 18), D(2026, 6, 21), 1));
    CHECK(release_is_published(D(2026, 6, 18), D(2026, 6, 22), 1));
    CHECK_STR_EQ(iso(release_published_through(D(2026, 6, 22), 1)), "2026-06-21"); /* Sunday: Monday is its first */
    CHECK_STR_EQ(iso(release_published_through(D(2026, 6, 19), 1)), "2026-06-17");
    CHECK_STR_EQ(iso(release_published_through(D(2026, 6, 21), 1)), "2026-06-17");
    /* Wednesday 23 December 2026: julafton, juldagen, the weekend, then 28, 29, 30. */
    CHECK(!release_is_published(D(2026, 12, 23), D(2026, 12, 29), 3));
    CHECK(release_is_published(D(2026, 12, 23), D(2026, 12, 30), 3));
    /* … nyårsafton, nyårsdagen and a weekend: the 5th is Tuesday 5 January 2027. */
    CHECK(!release_is_published(D(2026, 12, 23), D(2027, 1, 4), 5));
    CHECK(release_is_published(D(2026, 12, 23), D(2027, 1, 5), 5));
    /* trettondedag jul (Wednesday 6 January) is skipped too */
    CHECK(!release_is_published(D(2026, 12, 23), D(2027, 1, 6), 6));
    CHECK(release_is_published(D(2026, 12, 23), D(2027, 1, 7), 6));
    /* The EHDS's 30 from Monday 2 March 2026, over Easter (långfredagen 3
     * April, annandag påsk 6 April): Wednesday 15 April. */
    CHECK(!release_is_published(D(2026, 3, 2), D(2026, 4, 14), RELEASE_REGISTER_DELAY_DEFAULT));
    CHECK(release_is_published(D(2026, 3, 2), D(2026, 4, 15), RELEASE_REGISTER_DELAY_DEFAULT));
    CHECK_STR_EQ(iso(release_published_through(D(2026, 4, 15), 30)), "2026-03-02");
    CHECK_STR_EQ(iso(release_published_through(D(2026, 4, 14), 30)), "2026-03-01");
    /* 0: public on the decision's day when it is a working day; a Saturday's waits for Monday. */
    CHECK(release_is_published(D(2026, 12, 7), D(2026, 12, 7), 0));
    CHECK(!release_is_published(D(2026, 12, 5), D(2026, 12, 6), 0));
    CHECK(release_is_published(D(2026, 12, 5), D(2026, 12, 7), 0));
    /* Out-of-range delays are held to the range, never a loop without end. */
    CHECK_STR_EQ(iso(release_published_through(D(2026, 12, 7), -4)), "2026-12-07");
    CHECK(cal_to_days(release_published_through(D(2026, 12, 7), 100000)) < cal_to_days(D(2025, 9, 1)));
}

TEST(release_stockholm_date_late_evening_and_dst)
{
    /* 23:30 in Stockholm is still the day; 00:30 is the next, while UTC says the day before. */
    CHECK_STR_EQ(sthlm("2026-01-15T22:30:00Z"), "2026-01-15");
    CHECK_STR_EQ(sthlm("2026-01-15T23:30:00Z"), "2026-01-16");
    CHECK_STR_EQ(sthlm("2026-06-18T21:30:00Z"), "2026-06-18");
    CHECK_STR_EQ(sthlm("2026-06-18T22:30:00Z"), "2026-06-19");
    /* Summer time begins Sunday 29 March 2026 at 01:00 UTC. */
    CHECK_STR_EQ(sthlm("2026-03-28T22:59:59Z"), "2026-03-28");
    CHECK_STR_EQ(sthlm("2026-03-28T23:00:00Z"), "2026-03-29");
    CHECK_STR_EQ(sthlm("2026-03-29T21:59:59Z"), "2026-03-29");
    CHECK_STR_EQ(sthlm("2026-03-29T22:00:00Z"), "2026-03-30");
    /* … and ends Sunday 25 October 2026 at 01:00 UTC. */
    CHECK_STR_EQ(sthlm("2026-10-24T21:59:59Z"), "2026-10-24");
    CHECK_STR_EQ(sthlm("2026-10-24T22:00:00Z"), "2026-10-25");
    CHECK_STR_EQ(sthlm("2026-10-25T22:30:00Z"), "2026-10-25");
    CHECK_STR_EQ(sthlm("2026-10-25T23:00:00Z"), "2026-10-26");
    CHECK_STR_EQ(sthlm("2026-12-31T23:00:00Z"), "2027-01-01");
    CHECK_STR_EQ(midnight(D(2026, 3, 29)), "2026-03-28T23:00:00Z");
    CHECK_STR_EQ(midnight(D(2026, 3, 30)), "2026-03-29T22:00:00Z");
    CHECK_STR_EQ(midnight(D(2026, 10, 25)), "2026-10-24T22:00:00Z");
    CHECK_STR_EQ(midnight(D(2026, 10, 26)), "2026-10-25T23:00:00Z");
    CHECK_STR_EQ(midnight(D(2027, 1, 1)), "2026-12-31T23:00:00Z");
    /* A decision at 23:30 on Wednesday 17 June (summer) is of the 17th:
     * with delay 1 public on Thursday 18; one at 00:30 is of the 18th and,
     * midsommarafton and the weekend skipped, waits for Monday 22. */
    CHECK(release_is_published(stockholm_date(clock_parse_iso_utc("2026-06-17T21:30:00Z")), D(2026, 6, 18), 1));
    CHECK(!release_is_published(stockholm_date(clock_parse_iso_utc("2026-06-17T22:30:00Z")), D(2026, 6, 19), 1));
    CHECK(release_is_published(stockholm_date(clock_parse_iso_utc("2026-06-17T22:30:00Z")), D(2026, 6, 22), 1));
}

TEST(release_purpose_brief_sentences)
{
    char out[RELEASE_PURPOSE_BRIEF_CHARS * 4 + 8];
    release_purpose_brief("  Att beskriva vården.\n\nAtt jämföra   enheter. ", out, sizeof out);
    CHECK_STR_EQ(out, "Att beskriva vården. Att jämföra enheter.");
    char text[1200];
    /* first sentence 100 characters, the second 250: only the first */
    snprintf(text, sizeof text, "%.*s. %.*s.", 99, (const char *)memset((char[100]){0}, 'a', 99), 249,
             (const char *)memset((char[250]){0}, 'b', 249));
    size_t n = release_purpose_brief(text, out, sizeof out);
    CHECK_INT_EQ(n, 100);
    CHECK(out[99] == '.');
    /* one sentence of 400 characters in words of 9: cut after a whole word, with " …" */
    char *p = text;
    for (int i = 0; i < 40; i++) p += sprintf(p, i ? " ordordord" : "ordordord");
    release_purpose_brief(text, out, sizeof out);
    size_t len = strlen(out);
    CHECK(len <= 300 + 4);
    CHECK_STR_EQ(out + len - 4, " \xe2\x80\xa6");
    CHECK(out[len - 5] == 'd');
    /* å, ä, ö count as one character each: 299 'ö' fit whole */
    char wide[700];
    for (int i = 0; i < 299; i++) memcpy(wide + i * 2, "\xc3\xb6", 2);
    wide[598] = '\0';
    CHECK_INT_EQ(release_purpose_brief(wide, out, sizeof out), 598);
    release_purpose_brief(NULL, out, sizeof out);
    CHECK_STR_EQ(out, "");
}

TEST(release_categories_fixed_names_only)
{
    unsigned c = release_categories("patient.sex, lab_result.value;\nhemligt.ord  HbA1c", "");
    CHECK_INT_EQ(c, (1u << SRC_PATIENT) | (1u << SRC_LAB));
    CHECK_INT_EQ(release_categories("Kön, födelseår", "E11"), RELEASE_CAT_ICD10);
    CHECK_INT_EQ(release_categories("", " , "), 0);
    CHECK_INT_EQ(release_categories("prescription.atc_code diagnosis.nosuch", NULL), 1u << SRC_PRESCRIPTION);
    CHECK_STR_EQ(release_category_label_sv(SRC_LAB), "Labbresultat");
    CHECK_STR_EQ(release_category_label_sv(16), "Diagnoskoder (ICD-10)");
    CHECK(release_category_label_sv(12) == NULL);
}
