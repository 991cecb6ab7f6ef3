/* test_obstacle_category.c — the editable category list: the rules of a
 * category (core/obstacle_category.c), the nine seeded by migration 0029
 * written out by hand (their keys must never change), adding and changing
 * one with every refusal leaving the list as it was, a report refused a
 * category taken off the form, the answer templates per category key, and
 * the compiled report's rows by category and by policy area — on SQLite or
 * (under tests/with-pg.sh) PostgreSQL. */
#include "test.h"
#include "fixture.h"

#include <string.h>

#include "core/obstacle_answers.h"
#include "core/obstacle_category.h"
#include "store/obstacle_categories.h"
#include "store/obstacle_report.h"
#include "store/obstacles.h"

#define NOW 1781524800LL /* 2026-06-15T12:00:00Z */

static obstacle_category_def good(void)
{
    return (obstacle_category_def){.key = "data_access", .label_sv = "Tillgång till data", .label_en = "Data access",
                                   .guidance_sv = "", .guidance_en = "", .policy_area = "infrastructure",
                                   .position = 95, .active = 1};
}

TEST(obstacle_category_rules)
{
    dl_error e = {0};
    obstacle_category_def c = good();
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_OK);
    static const char *const bad_keys[] = {"", "Data", "1data", "_x", "data-access", "data access", "dåta",
                                           "x'; DROP TABLE obstacle; --", "<script>",
                                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* 41 */};
    for (size_t i = 0; i < sizeof bad_keys / sizeof bad_keys[0]; i++) {
        c = good();
        c.key = bad_keys[i];
        CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
        CHECK_CONTAINS(e.msg, "Nyckeln");
    }
    CHECK_INT_EQ(obstacle_category_key_ok("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* 40 */), 0);
    c = good(), c.label_sv = "  ";
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "namn på svenska");
    c = good(), c.label_sv = "Rad ett\nrad två";
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    char long_label[82];
    memset(long_label, 'x', 81);
    long_label[81] = '\0';
    c = good(), c.label_en = long_label;
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    /* 80 characters of two bytes each fit: the limit counts characters */
    char wide[161];
    for (int i = 0; i < 80; i++) memcpy(wide + 2 * i, "\xc3\xa5", 2);
    wide[160] = '\0';
    c = good(), c.label_sv = wide;
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_OK);
    char long_guidance[602];
    memset(long_guidance, 'g', 601);
    long_guidance[601] = '\0';
    c = good(), c.guidance_sv = long_guidance;
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    c = good(), c.guidance_sv = "Rad ett.\nRad två.";
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_OK);
    c = good(), c.guidance_en = "Only in English.";
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "svenska först");
    c = good(), c.policy_area = "politics";
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    c = good(), c.policy_area = NULL;
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    c = good(), c.position = 0;
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);
    c = good(), c.position = 1000;
    CHECK_INT_EQ(obstacle_category_check(&c, &e), DL_EINVAL);

    static const char *const areas[] = {"law", "infrastructure", "organisation", "financing", "research_ethics",
                                        "other"};
    CHECK_INT_EQ(OBSTACLE_POLICY_AREA__MAX, 6);
    for (int i = 0; i < OBSTACLE_POLICY_AREA__MAX; i++) CHECK_STR_EQ(obstacle_policy_area_keys[i], areas[i]);
    CHECK(obstacle_policy_area_keys[OBSTACLE_POLICY_AREA__MAX] == NULL);
    CHECK_STR_EQ(obstacle_policy_area_label_sv("financing"), "Finansiering");
    CHECK(obstacle_policy_area_label_sv("nope") == NULL);
}

TEST(obstacle_category_seeded_list_by_hand)
{
    db *d = fixture_store();
    arena *a = arena_new(8192);
    obstacle_category_list l;
    dl_error e = {0};
    CHECK_INT_EQ(obstacle_categories_load(d, a, &l, &e), DL_OK);
    static const struct { const char *key, *label, *area; int guided; } want[] = {
        {"legal_interpretation", "Tolkning av lagstiftning", "law", 1},
        {"missing_legal_support", "Saknat lagstöd", "law", 0},
        {"technical", "Tekniskt hinder", "infrastructure", 0},
        {"semantic", "Semantik och interoperabilitet", "infrastructure", 0},
        {"organisational", "Organisatoriskt hinder", "organisation", 0},
        {"financial", "Ekonomiskt hinder", "financing", 0},
        {"ethical_review", "Etikprövning", "research_ethics", 1},
        {"lead_times", "Handläggnings- och ledtider", "organisation", 0},
        {"other", "Annat", "other", 0},
    };
    CHECK_INT_EQ(l.n, 9);
    for (int i = 0; i < 9 && i < l.n; i++) {
        CHECK_STR_EQ(l.v[i].key, want[i].key);
        CHECK_STR_EQ(l.v[i].label_sv, want[i].label);
        CHECK_STR_EQ(l.v[i].label_en, "");
        CHECK_STR_EQ(l.v[i].policy_area, want[i].area);
        CHECK_INT_EQ(l.v[i].active, 1);
        CHECK_INT_EQ(obstacle_category_guidance(&l.v[i], 0) != NULL, want[i].guided);
    }
    CHECK_CONTAINS(obstacle_category_guidance(obstacle_category_find(&l, "ethical_review"), 1),
                   "Etikprövningsmyndigheten");
    CHECK_STR_EQ(obstacle_category_label(&l, "semantic", 1), "Semantik och interoperabilitet");
    CHECK_STR_EQ(obstacle_category_label(&l, "gone", 0), "gone");
    arena_free(a);
    db_close(d);
}

/* The list's keys in order, one string. */
static const char *keys_of(db *d, arena *a)
{
    obstacle_category_list l;
    dl_error e = {0};
    if (obstacle_categories_load(d, a, &l, &e) != DL_OK) return "(error)";
    const char *s = "";
    for (int i = 0; i < l.n; i++) s = arena_printf(a, "%s%s%s%s", s, i ? " " : "", l.v[i].key, l.v[i].active ? "" : "-");
    return s;
}

TEST(obstacle_category_add_change_and_refusals)
{
    db *d = fixture_store();
    arena *a = arena_new(16384);
    audit_actor who = {0, "test"};
    dl_error e = {0};
    const char *before = keys_of(d, a);
    obstacle_category_def c = good();
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 1, NOW, &e), DL_OK);
    CHECK_STR_EQ(keys_of(d, a), arena_printf(a, "%s data_access", before));
    /* the same key again, an unknown one changed, a bad one: nothing changes */
    const char *after = keys_of(d, a);
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 1, NOW, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "data_access");
    c.key = "no_such";
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 0, NOW, &e), DL_ENOTFOUND);
    c = good(), c.position = 5000;
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 0, NOW, &e), DL_EINVAL);
    CHECK_STR_EQ(keys_of(d, a), after);

    /* moved first and taken off the form: still listed, first, not active */
    c = good(), c.position = 1, c.active = 0, c.label_sv = "Tillgång till data <b>";
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 0, NOW, &e), DL_OK);
    CHECK_STR_EQ(keys_of(d, a), arena_printf(a, "data_access- %s", before));
    obstacle_category_list l;
    CHECK_INT_EQ(obstacle_categories_load(d, a, &l, &e), DL_OK);
    CHECK_STR_EQ(l.v[0].label_sv, "Tillgång till data <b>"); /* stored as written; pages escape it */
    CHECK_STR_EQ(obstacle_category_label(&l, "data_access", 1), "Data access");

    /* a report may not pick it now; it may pick a seeded one */
    obstacle_report in = {.what_happened = "Vi fick inte ut data.", .category = "data_access", .consequence = -1,
                          .actor_type = -1};
    int64_t id = 0;
    char tok[65];
    CHECK_INT_EQ(obstacle_create(d, &in, &who, NOW, &id, tok, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "kategorierna i listan");
    in.category = "no_such_key";
    CHECK_INT_EQ(obstacle_create(d, &in, &who, NOW, &id, tok, &e), DL_EINVAL);
    in.category = "technical";
    CHECK_INT_EQ(obstacle_create(d, &in, &who, NOW, &id, tok, &e), DL_OK);
    /* a survey row with the inactive one refuses the whole import */
    obstacle_report rows[2] = {in, in};
    rows[1].category = "data_access";
    int bad = -1;
    int64_t count = 0;
    CHECK_INT_EQ(obstacle_import(d, rows, NULL, 2, &who, NOW, &bad, &e), DL_EINVAL);
    CHECK_INT_EQ(bad, 1);
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM obstacle", &count, &e, ""), DL_OK);
    CHECK_INT_EQ(count, 1);

    /* the list is full at OBSTACLE_CATEGORIES_MAX */
    int added = 0;
    for (int i = l.n; i < OBSTACLE_CATEGORIES_MAX; i++) {
        c = good(), c.key = arena_printf(a, "extra_%d", i);
        if (obstacle_category_save(d, &who, &c, 1, NOW, &e) == DL_OK) added++;
    }
    CHECK_INT_EQ(added, OBSTACLE_CATEGORIES_MAX - l.n);
    c = good(), c.key = "one_too_many";
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 1, NOW, &e), DL_ELIMIT);
    CHECK_INT_EQ(db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'obstacle_category.%'", &count, &e,
                              ""), DL_OK);
    CHECK_INT_EQ(count, 2 + added);
    arena_free(a);
    db_close(d);
}

TEST(obstacle_category_answer_templates_by_key)
{
    const obstacle_answer *ethics = obstacle_answer_find("ethical_review_elsewhere");
    CHECK(ethics != NULL);
    CHECK(obstacle_answer_fits(ethics, OE_ARCHIVE, "ethical_review"));
    CHECK(!obstacle_answer_fits(ethics, OE_ARCHIVE, "technical"));
    CHECK(!obstacle_answer_fits(ethics, OE_CLOSE, "ethical_review"));
    CHECK(!obstacle_answer_fits(ethics, OE_ARCHIVE, NULL));
    const obstacle_answer *any = obstacle_answer_find("out_of_scope");
    CHECK(obstacle_answer_fits(any, OE_ARCHIVE, "data_access"));
    CHECK(obstacle_answer_fits(any, OE_ARCHIVE, NULL));
}

static int64_t count_in(const obstacle_summary *s, obstacle_dim dim, const char *key)
{
    for (int i = 0; i < s->n_rows[dim]; i++)
        if (strcmp(s->rows[dim][i].key, key) == 0) return s->rows[dim][i].n;
    return -1;
}

TEST(obstacle_category_report_by_category_and_policy_area)
{
    db *d = fixture_store();
    arena *a = arena_new(65536);
    audit_actor who = {0, "test"};
    dl_error e = {0};
    obstacle_category_def c = good(); /* infrastructure */
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 1, NOW, &e), DL_OK);
    static const char *const reported[] = {"legal_interpretation", "missing_legal_support", "missing_legal_support",
                                           "technical", "data_access", "financial", "other"};
    for (size_t i = 0; i < sizeof reported / sizeof reported[0]; i++) {
        obstacle_report in = {.what_happened = "Ett hinder.", .category = reported[i], .consequence = -1,
                              .actor_type = -1};
        int64_t id;
        char tok[65];
        CHECK_INT_EQ(obstacle_create(d, &in, &who, NOW, &id, tok, &e), DL_OK);
    }
    /* then data_access moves to financing: the report follows the list as it is now */
    c.policy_area = "financing";
    CHECK_INT_EQ(obstacle_category_save(d, &who, &c, 0, NOW, &e), DL_OK);
    obstacle_period p;
    CHECK_INT_EQ(obstacle_period_parse("2026-06-01", "2026-06-30", &p, &e), DL_OK);
    obstacle_summary s;
    CHECK_INT_EQ(obstacle_summary_load(d, a, &p, NOW, &s, &e), DL_OK);
    CHECK_INT_EQ(s.total, 7);
    CHECK_INT_EQ(s.n_rows[OD_CATEGORY], 10);
    CHECK_INT_EQ(count_in(&s, OD_CATEGORY, "missing_legal_support"), 2);
    CHECK_INT_EQ(count_in(&s, OD_CATEGORY, "data_access"), 1);
    CHECK_INT_EQ(count_in(&s, OD_CATEGORY, "semantic"), 0);
    CHECK_STR_EQ(s.rows[OD_CATEGORY][9].label_en, "Data access");
    CHECK_INT_EQ(s.n_rows[OD_POLICY_AREA], OBSTACLE_POLICY_AREA__MAX);
    CHECK_INT_EQ(count_in(&s, OD_POLICY_AREA, "law"), 3);
    CHECK_INT_EQ(count_in(&s, OD_POLICY_AREA, "infrastructure"), 1);
    CHECK_INT_EQ(count_in(&s, OD_POLICY_AREA, "financing"), 2);
    CHECK_INT_EQ(count_in(&s, OD_POLICY_AREA, "organisation"), 0);
    CHECK_INT_EQ(count_in(&s, OD_POLICY_AREA, "other"), 1);
    CHECK_STR_EQ(obstacle_dim_key(OD_POLICY_AREA), "policy_area");
    arena_free(a);
    db_close(d);
}
