/* test_case_seed.c — `datalots demo cases` (src/cli/demo_cases.c) and the
 * store's bulk seeding (src/store/case_seed.c): the cases arrive, their
 * states are spread as a real queue's would be, every document is
 * registered in the diarium, each history ends where the case is, and the
 * seeding is one audit row with an intact chain. Also the staff queue's
 * count and page (case_list) over the seeded store. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/cases.h"

static db *seeded(long count)
{
    db *d = fixture_store();
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull) return NULL;
    int a = demo_populate(d, devnull);
    int b = a == 0 ? demo_cases_populate(d, count, 7, devnull) : 1;
    fclose(devnull);
    if (a || b) { db_close(d); return NULL; }
    return d;
}

TEST(case_seed_inserts_spread_registered_cases)
{
    db *d = seeded(1200);
    CHECK(d);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases"), 1200);
    /* States: most closed, and open ones in several states. */
    int64_t closed = fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state IN ('delivered', 'refused', 'withdrawn')");
    int64_t open = fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state NOT IN ('draft', 'delivered', 'refused', 'withdrawn')");
    CHECK(closed > 1200 / 2);
    CHECK(open > 0);
    CHECK(fixture_int(d, "SELECT COUNT(DISTINCT state) FROM cases") >= 9);
    CHECK(fixture_int(d, "SELECT COUNT(DISTINCT state) FROM cases WHERE state NOT IN ('draft', 'delivered', "
                         "'refused', 'withdrawn')") >= 5);
    CHECK(fixture_int(d, "SELECT COUNT(*) FROM cases WHERE process = 1") > 0);
    CHECK(fixture_int(d, "SELECT COUNT(*) FROM cases WHERE process = 2") > 0);
    /* Every document registered, each entry used once, the demo's own four left alone. */
    CHECK(fixture_int(d, "SELECT COUNT(*) FROM case_document") > 3 * 1200);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_document WHERE diary_entry_id IS NULL"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(DISTINCT diary_entry_id) FROM case_document"),
                 fixture_int(d, "SELECT COUNT(*) FROM case_document"));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM diary_entry"),
                 fixture_int(d, "SELECT COUNT(*) FROM case_document") + 4);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_document cd JOIN diary_entry de ON de.id = cd.diary_entry_id"
                                " WHERE de.confidential <> cd.confidential"), 0);
    /* Every case past the draft has its request's number and a history ending where it is. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases c WHERE c.state <> 'draft' AND NOT EXISTS (SELECT 1"
                                " FROM case_document cd JOIN diary_entry de ON de.id = cd.diary_entry_id"
                                " WHERE cd.case_id = c.id AND cd.kind = 'request' AND de.number = c.diary_number)"
                                " AND c.submitted_at <> ''"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases c WHERE c.state <> 'draft' AND c.state <> (SELECT"
                                " e.to_state FROM case_event e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases c WHERE c.state = 'draft' AND EXISTS (SELECT 1"
                                " FROM case_event e WHERE e.case_id = c.id)"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_unit u JOIN cases c ON c.id = u.case_id"
                                " WHERE c.process <> 2"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state IN ('delivered', 'refused') AND closed_at = ''"), 0);
    /* One audit row for the seeding, and the chain still whole. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.seed' AND detail = '1200 cases'"), 1);
    audit_verdict v;
    dl_error e;
    CHECK_INT_EQ(audit_verify(d, &v, &e), DL_OK);
    CHECK_INT_EQ(v.first_bad_seq, 0);
    db_close(d);
}

TEST(case_seed_queue_counts_and_pages_from_the_index)
{
    db *d = seeded(400);
    CHECK(d);
    int64_t org = fixture_int(d, "SELECT id FROM org_node WHERE code = 'RH'");
    int64_t open = fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state NOT IN ('draft', 'delivered', 'refused', 'withdrawn')");
    arena *a = arena_new(4096);
    case_rec rows[50];
    int n = 0;
    int64_t total = 0;
    dl_error e;
    case_filter q = {.state = -2, .limit = 50, .org_id = org, .exclude_drafts = 1};
    CHECK_INT_EQ(case_list(d, a, &q, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, open);
    CHECK_INT_EQ(n, open < 50 ? open : 50);
    for (int i = 1; i < n; i++) CHECK(rows[i].id < rows[i - 1].id);
    for (int i = 0; i < n; i++) CHECK(case_state_is_open(rows[i].state) && rows[i].state != CASE_DRAFT);
    /* Every state, second page; one state; the organisation's path. */
    case_filter all = {.state = -1, .limit = 50, .offset = 50, .org_id = org, .exclude_drafts = 1};
    CHECK_INT_EQ(case_list(d, a, &all, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state <> 'draft'"));
    CHECK_INT_EQ(n, 50);
    case_filter one = {.state = CASE_DELIVERED, .limit = 50, .org_path = "/", .exclude_drafts = 1};
    CHECK_INT_EQ(case_list(d, a, &one, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state = 'delivered'"));
    for (int i = 0; i < n; i++) CHECK_INT_EQ(rows[i].state, CASE_DELIVERED);
    arena_free(a);
    db_close(d);
}
