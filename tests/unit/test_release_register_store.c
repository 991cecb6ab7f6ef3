/* test_release_register_store.c — store/release_register.c over a seeded
 * store (`datalots demo cases`) with three decisions set by hand: only
 * decisions before the cut-off are listed, newest first; each filter
 * narrows as written (a word case-insensitively, LIKE's own characters as
 * text); one decision is found only while public; a refusal's reasons
 * come without its conditions and not at all when the decision is marked
 * confidential; and a marker in every other column of the case and in
 * every other document never reaches a row. Runs on SQLite and, with
 * DATALOTS_TEST_PG, on PostgreSQL. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>

#include "cli/cli.h"
#include "core/release_register.h"
#include "extract/source_schema.h"
#include "store/release_register.h"

static db *seeded(void)
{
    db *d = fixture_store();
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull) return NULL;
    int a = demo_populate(d, devnull);
    int b = a == 0 ? demo_cases_populate(d, 120, 11, devnull) : 1;
    fclose(devnull);
    if (a || b) { db_close(d); return NULL; }
    return d;
}

#define exec_f(d, fmt, id)                          \
    do {                                            \
        char sql_[1024];                            \
        snprintf(sql_, sizeof sql_, fmt, (long long)(id)); \
        fixture_exec(d, sql_);                      \
    } while (0)

/* A field of r holding the marker. */
static int holds_marker(const release_public *r)
{
    const char *v[] = {r->diary_number, r->org_name, r->unit_name, r->applicant_org, r->title, r->purpose_brief,
                       r->outcome, r->decided_at, r->reasons};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strstr(v[i], "HEMLIG") || strstr(v[i], "hemlig")) return 1;
    return 0;
}

TEST(release_register_store_lists_public_decisions_only)
{
    db *d = seeded();
    if (!d) { CHECK(!"seeded store"); return; }
    /* Every decision far in the future, but three. */
    fixture_exec(d, "UPDATE case_event SET at = '2099-01-01T00:00:00Z' WHERE event IN ('approve', 'refuse')");
    int64_t ref = fixture_int(d, "SELECT MIN(id) FROM cases WHERE decision_outcome = 'refused'");
    int64_t app = fixture_int(d, "SELECT MIN(id) FROM cases WHERE decision_outcome = 'approved'");
    int64_t part = fixture_int(d, "SELECT MIN(id) FROM cases WHERE decision_outcome = 'approved_in_part'");
    CHECK(ref > 0 && app > 0 && part > 0);
    exec_f(d, "UPDATE case_event SET at = '2026-03-10T09:00:00Z' WHERE event = 'refuse' AND case_id = %lld", ref);
    exec_f(d, "UPDATE case_event SET at = '2026-03-11T22:30:00Z' WHERE event = 'approve' AND case_id = %lld", app);
    exec_f(d, "UPDATE case_event SET at = '2025-12-31T23:30:00Z' WHERE event = 'approve' AND case_id = %lld", part);
    /* A marker in every column that is not public, and in every document. */
    char sql[2048];
    snprintf(sql, sizeof sql,
             "UPDATE cases SET applicant_name = 'HEMLIG1', applicant_email = 'hemlig@x.se', applicant_phone = 'HEMLIG2',"
             " pi_name = 'HEMLIG3', pi_email = 'hemlig4@x.se', pi_org = 'HEMLIG5', question = 'HEMLIG6',"
             " legal_note = 'HEMLIG7', population = 'HEMLIG8', variables = 'patient.sex HEMLIG9 lab_result.value',"
             " sec_storage = 'HEMLIG10', sec_access = 'HEMLIG11', sec_retention = 'HEMLIG12',"
             " sec_destruction = 'HEMLIG13', age_key = 'HEMLIG14', ethics_dnr = 'HEMLIG15',"
             " decision_conditions = 'HEMLIG-VILLKOR', icd10 = 'E11',"
             " title = 'Studie av 50%%_diabetes', applicant_org = 'Lunds Universitet',"
             " purpose = 'Att förstå. ' || purpose WHERE id IN (%lld, %lld, %lld)",
             (long long)ref, (long long)app, (long long)part);
    fixture_exec(d, sql);
    exec_f(d, "UPDATE case_document SET body = 'HEMLIG-DOKUMENT' WHERE kind <> 'decision' AND case_id = %lld", ref);
    exec_f(d, "UPDATE case_document SET body = 'Skälen är dessa.\n\nHEMLIG-VILLKOR'"
              " WHERE kind = 'decision' AND case_id = %lld", ref);
    exec_f(d, "UPDATE case_document SET body = 'HEMLIG-BESLUT' WHERE kind = 'decision' AND case_id = %lld", app);

    arena *a = arena_new(1 << 16);
    release_public rows[10];
    int n = 0;
    int64_t total = 0;
    dl_error e;
    release_register_filter f = {.before = "2026-03-11T23:00:00Z"}; /* the start of 12 March in Stockholm */
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 3);
    CHECK_INT_EQ(n, 3);
    if (n == 3) {
        CHECK_INT_EQ(rows[0].id, app); /* newest first */
        CHECK_INT_EQ(rows[1].id, ref);
        CHECK_INT_EQ(rows[2].id, part);
        CHECK_STR_EQ(rows[1].reasons, "Skälen är dessa.");
        CHECK_STR_EQ(rows[0].reasons, ""); /* an approval's text is not read */
        CHECK_STR_EQ(rows[1].outcome, "refused");
        CHECK_STR_EQ(rows[1].applicant_org, "Lunds Universitet");
        CHECK_INT_EQ(rows[1].categories, (1u << SRC_PATIENT) | (1u << SRC_LAB) | RELEASE_CAT_ICD10);
        CHECK(strncmp(rows[1].purpose_brief, "Att förstå.", strlen("Att förstå.")) == 0);
        CHECK(strlen(rows[1].purpose_brief) <= RELEASE_PURPOSE_BRIEF_CHARS * 2);
        CHECK_STR_EQ(rows[2].decided_at, "2025-12-31T23:30:00Z");
        for (int i = 0; i < n; i++) CHECK(!holds_marker(&rows[i]));
    }
    /* One second earlier: the approval of 11 March, 22:30 UTC, is of 11 March in Stockholm but after the cut. */
    f.before = "2026-03-11T22:30:00Z";
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 2);
    release_public one;
    CHECK_INT_EQ(release_register_get(d, a, &f, app, &one, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(release_register_get(d, a, &f, ref, &one, &e), DL_OK);
    CHECK(!holds_marker(&one));
    int64_t open = fixture_int(d, "SELECT MIN(id) FROM cases WHERE decision_outcome = ''");
    CHECK_INT_EQ(release_register_get(d, a, &f, open, &one, &e), DL_ENOTFOUND);
    /* The filters. */
    f = (release_register_filter){.before = "2026-03-11T23:00:00Z", .outcome = "refused"};
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 1);
    f = (release_register_filter){.before = "2026-03-11T23:00:00Z", .from = "2025-12-31T23:00:00Z",
                                  .to = "2026-12-31T23:00:00Z"}; /* 2026 in Stockholm */
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 3);
    f.from = "2026-01-01T00:00:00Z"; /* by UTC the approval in part would be of 2025 */
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 2);
    f = (release_register_filter){.before = "2026-03-11T23:00:00Z", .q = "LUNDS"};
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 3);
    f.q = "50%_d";
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 3);
    f.q = "5%d";
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 0);
    f.q = "hemlig"; /* the private columns are not searched either */
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 0);
    f = (release_register_filter){.before = "2026-03-11T23:00:00Z", .org_id = 999999};
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 0);
    /* Marked confidential: no reasons. */
    exec_f(d, "UPDATE case_document SET confidential = 1 WHERE kind = 'decision' AND case_id = %lld", ref);
    f = (release_register_filter){.before = "2026-03-11T23:00:00Z"};
    CHECK_INT_EQ(release_register_get(d, a, &f, ref, &one, &e), DL_OK);
    CHECK_STR_EQ(one.reasons, "");
    /* Bad calls. */
    f.before = NULL;
    CHECK_INT_EQ(release_register_list(d, a, &f, 10, 0, rows, &n, &total, &e), DL_EINVAL);
    f.before = "2026-03-11T23:00:00Z";
    CHECK_INT_EQ(release_register_list(d, a, &f, 101, 0, rows, &n, &total, &e), DL_EINVAL);
    release_org_count orgs[RELEASE_ORGS_MAX];
    const char *oldest = NULL;
    CHECK_INT_EQ(release_register_orgs(d, a, f.before, orgs, &n, &oldest, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(oldest, "2025-12-31T23:30:00Z");
    arena_free(a);
    db_close(d);
}
