/* test_obstacle_measures.c — store/obstacle_measures.c on both stores: a
 * measure created and linked, taken through its statuses with its
 * progress, each step a dated, attributed timeline row and an audit row
 * naming no text; every refusal (not an analyst, a step that does not
 * apply, a missing note, progress out of range, bad dates, hostile and
 * oversized text, an unknown or merged obstacle, a double link) leaving
 * nothing written; the list's filters and the public timeline. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/obstacle_measures.h"
#include "store/obstacle_report.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */

typedef struct world {
    db *d;
    authz_grant grant, editor_grant;
    authz_subject analyst, editor;
    obstacle_actor who, wrong_role;
    int64_t o1, o2;
} world;

static int64_t report(db *d, const char *what)
{
    obstacle_report in = {.what_happened = what, .category = "technical", .consequence = -1};
    audit_actor pub = {0, "public"};
    int64_t id = 0;
    char tok[65];
    dl_error e = {0};
    if (obstacle_create(d, &in, &pub, T0, &id, tok, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "obstacle_create: %s", e.msg);
    return id;
}

static void world_init(world *w)
{
    w->d = fixture_store();
    int64_t uid = fixture_user(w->d, "hinder");
    int64_t eid = fixture_user(w->d, "redaktor");
    w->grant = (authz_grant){ROLE_OBSTACLE_ANALYST, "/"};
    w->editor_grant = (authz_grant){ROLE_EDITOR, "/"};
    w->analyst = (authz_subject){uid, &w->grant, 1};
    w->editor = (authz_subject){eid, &w->editor_grant, 1};
    w->who = (obstacle_actor){&w->analyst, {uid, "hinder"}, ""};
    w->wrong_role = (obstacle_actor){&w->editor, {eid, "redaktor"}, ""};
    w->o1 = report(w->d, "Regionen lämnade inte ut journaldata.");
    w->o2 = report(w->d, "Kodverken skiljer sig mellan regionerna.");
}

static int64_t writes(db *d)
{
    return fixture_int(d, "SELECT (SELECT COUNT(*) FROM obstacle_measure) + (SELECT COUNT(*) FROM obstacle_measure_step)"
                          " + (SELECT COUNT(*) FROM obstacle_measure_link) + (SELECT COUNT(*) FROM audit_log)");
}

static measure_fields fields(const char *title, int outcome)
{
    return (measure_fields){.title = title, .description = "Nationell vägledning om sekretessprövning.",
                            .responsible_body = "Socialstyrelsen", .start_date = "2026-07-01",
                            .due_date = "2026-12-31", .outcome = outcome};
}

static measure_step_input note(const char *text, int progress)
{
    return (measure_step_input){.note = text, .progress = progress, .edit = {.outcome = -1}};
}

TEST(obstacle_measures_lifecycle_with_timeline_and_audit)
{
    world w;
    world_init(&w);
    dl_error e = {0};
    measure_fields f = fields("Vägledning om sekretess", MO_GUIDANCE);
    int64_t links[] = {w.o1, w.o2}, id = 0;
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, links, 2, T0, &id, &e), DL_OK);
    CHECK(id > 0);
    measure_step_input in = note("Arbetet har börjat", 10);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_START, &in, T0 + 60, &e), DL_OK);
    in = note("Remissversionen är klar", 60);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_PROGRESS, &in, T0 + 120, &e), DL_OK);
    in = note("Nu heter den så här", -1);
    in.edit = fields("Vägledning om sekretessprövning", MO_GUIDANCE);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_EDIT, &in, T0 + 150, &e), DL_OK);
    in = note("Vägledningen är publicerad", 5); /* the progress is not asked: complete makes it 100 */
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_COMPLETE, &in, T0 + 180, &e), DL_OK);

    arena *a = arena_new(16384);
    measure m;
    CHECK_INT_EQ(measure_by_id(w.d, a, id, &m, &e), DL_OK);
    CHECK_STR_EQ(m.title, "Vägledning om sekretessprövning");
    CHECK_INT_EQ(m.status, MEASURE_DONE);
    CHECK_INT_EQ(m.progress, 100);
    CHECK_INT_EQ(m.outcome, MO_GUIDANCE);
    CHECK_STR_EQ(m.due_date, "2026-12-31");
    CHECK_STR_EQ(m.updated_at, "2026-06-15T12:03:00Z");

    measure_step_rec h[MEASURE_HISTORY_MAX];
    int n = 0;
    CHECK_INT_EQ(measure_history(w.d, a, id, 0, h, MEASURE_HISTORY_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 5);
    CHECK_INT_EQ(h[0].event, -1);
    CHECK_INT_EQ(h[1].event, ME_START);
    CHECK_INT_EQ(h[1].progress, 10);
    CHECK_STR_EQ(h[1].at, "2026-06-15T12:01:00Z");
    CHECK_STR_EQ(h[1].actor, "hinder");
    CHECK_STR_EQ(h[2].note, "Remissversionen är klar");
    CHECK_INT_EQ(h[3].event, ME_EDIT);
    CHECK_INT_EQ(h[3].is_public, 0);
    CHECK_INT_EQ(h[4].to, MEASURE_DONE);
    CHECK_INT_EQ(h[4].progress, 100);
    CHECK_INT_EQ(measure_history(w.d, a, id, 1, h, MEASURE_HISTORY_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4); /* the edit's reason stays internal */
    for (int i = 0; i < n; i++) CHECK(strcmp(h[i].note, "Nu heter den så här") != 0);

    int64_t obs[4];
    CHECK_INT_EQ(measure_obstacles(w.d, id, obs, 4, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(obs[0], w.o1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'measure.%'"), 5);
    /* The audit detail names keys and numbers, never a text. */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'measure.%'"
                                  " AND (detail LIKE '%Vägledning%' OR detail LIKE '%Remiss%' OR detail LIKE '%heter%')"),
                 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'measure.progress'"
                                  " AND detail = 'ongoing->ongoing progress=10->60'"),
                 1);

    /* Final: nothing more applies, and a refusal writes nothing. */
    int64_t before = writes(w.d);
    in = note("Igen", 50);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_PROGRESS, &in, T0 + 240, &e), DL_ECONFLICT);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_CANCEL, &in, T0 + 240, &e), DL_ECONFLICT);
    CHECK_INT_EQ(writes(w.d), before);
    arena_free(a);
    db_close(w.d);
}

TEST(obstacle_measures_refusals_write_nothing)
{
    world w;
    world_init(&w);
    dl_error e = {0};
    int64_t id = 0, links[] = {w.o1};
    measure_fields f = fields("Ändrad praxis för uttag", MO_PRACTICE);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, links, 1, T0, &id, &e), DL_OK);
    int64_t before = writes(w.d);

    int64_t none = 0;
    CHECK_INT_EQ(measure_create(w.d, &w.wrong_role, &f, links, 1, T0, &none, &e), DL_EDENIED);
    measure_fields bad = f;
    bad.title = "   ";
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "rubrik");
    char big[MEASURE_TITLE_MAX * 2 + 8];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bad = f;
    bad.title = big;
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    bad.title = "Rubrik\x01med styrtecken";
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    bad.title = "Två\nrader";
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    bad.title = "\xff\xfe";
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    bad = f;
    bad.outcome = MEASURE_OUTCOME__MAX;
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    bad = f;
    bad.start_date = "2026-02-30";
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Startdagen");
    bad = f;
    bad.due_date = "2026-06-01"; /* before the start */
    CHECK_INT_EQ(measure_create(w.d, &w.who, &bad, links, 1, T0, &none, &e), DL_EINVAL);
    int64_t unknown[] = {w.o1, 99999};
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, unknown, 2, T0, &none, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "H-099999");
    CHECK_INT_EQ(none, 0);
    CHECK_INT_EQ(writes(w.d), before);

    /* Steps: a note is required; progress 0–100; the right status; the right role. */
    measure_step_input in = note("", 10);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_START, &in, T0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "offentligt");
    in = note("Startar", 101);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_START, &in, T0, &e), DL_EINVAL);
    in.progress = -1;
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_START, &in, T0, &e), DL_EINVAL);
    in.progress = 10;
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_PROGRESS, &in, T0, &e), DL_ECONFLICT);
    CHECK_INT_EQ(measure_step(w.d, &w.wrong_role, id, ME_START, &in, T0, &e), DL_EDENIED);
    CHECK_INT_EQ(measure_step(w.d, &w.who, 99999, ME_START, &in, T0, &e), DL_ENOTFOUND);
    in = note("Rättar", -1);
    in.edit = fields("Ny rubrik", MO_PRACTICE);
    in.edit.due_date = "31/12/2026";
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_EDIT, &in, T0, &e), DL_EINVAL);
    CHECK_INT_EQ(writes(w.d), before);

    /* Links: the same twice, an unknown obstacle, a merged one, not linked, not an analyst. */
    CHECK_INT_EQ(measure_link(w.d, &w.who, id, w.o1, T0, &e), DL_ECONFLICT);
    CHECK_INT_EQ(measure_link(w.d, &w.who, id, 99999, T0, &e), DL_EINVAL);
    CHECK_INT_EQ(measure_link(w.d, &w.who, 99999, w.o2, T0, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(measure_unlink(w.d, &w.who, id, w.o2, T0, &e), DL_ECONFLICT);
    CHECK_INT_EQ(measure_link(w.d, &w.wrong_role, id, w.o2, T0, &e), DL_EDENIED);
    CHECK_INT_EQ(writes(w.d), before);
    obstacle_step_input why = {.note = "Samma sak", .merge_into = w.o1};
    CHECK_INT_EQ(obstacle_transition(w.d, &w.who, w.o2, OE_MERGE, &why, T0, &e), DL_OK);
    before = writes(w.d);
    CHECK_INT_EQ(measure_link(w.d, &w.who, id, w.o2, T0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "sammanfört");
    CHECK_INT_EQ(writes(w.d), before);

    CHECK_INT_EQ(measure_unlink(w.d, &w.who, id, w.o1, T0, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_measure_link"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'measure.unlink'"), 1);
    db_close(w.d);
}

TEST(obstacle_measures_list_filters)
{
    world w;
    world_init(&w);
    dl_error e = {0};
    int64_t a1 = 0, a2 = 0, a3 = 0, l1[] = {w.o1}, l2[] = {w.o2};
    measure_fields f = fields("Lagändring om sekundäranvändning", MO_LAW_CHANGE);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, l1, 1, T0, &a1, &e), DL_OK);
    f = fields("Vägledning", MO_GUIDANCE);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, l2, 1, T0, &a2, &e), DL_OK);
    f = fields("Praxis", MO_PRACTICE);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, NULL, 0, T0, &a3, &e), DL_OK);
    measure_step_input in = note("Börjar", 20);
    CHECK_INT_EQ(measure_step(w.d, &w.who, a2, ME_START, &in, T0, &e), DL_OK);
    arena *a = arena_new(16384);
    measure out[MEASURE_LIST_MAX];
    int n = 0;
    CHECK_INT_EQ(measure_list(w.d, a, NULL, out, MEASURE_LIST_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(out[0].id, a3); /* newest first */
    measure_filter mf = {.status = MEASURE_ONGOING, .outcome = -1};
    CHECK_INT_EQ(measure_list(w.d, a, &mf, out, MEASURE_LIST_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(out[0].id, a2);
    CHECK_INT_EQ(out[0].progress, 20);
    mf = (measure_filter){.status = -1, .outcome = MO_LAW_CHANGE};
    CHECK_INT_EQ(measure_list(w.d, a, &mf, out, MEASURE_LIST_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(out[0].id, a1);
    mf = (measure_filter){.status = -1, .outcome = -1, .obstacle_id = w.o2};
    CHECK_INT_EQ(measure_list(w.d, a, &mf, out, MEASURE_LIST_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(out[0].id, a2);
    mf = (measure_filter){.status = MEASURE_STATUS__MAX, .outcome = -1};
    CHECK_INT_EQ(measure_list(w.d, a, &mf, out, MEASURE_LIST_MAX, &n, &e), DL_EINVAL);
    arena_free(a);
    db_close(w.d);
}

/* The compiled report's "Efter typ av utfall": measures registered in the
 * period, by type and status, and the obstacles each type addresses —
 * worked out by hand from the five measures below. */
TEST(obstacle_measures_report_by_outcome_type)
{
    world w;
    world_init(&w);
    dl_error e = {0};
    int64_t id = 0, both[] = {w.o1, w.o2}, one[] = {w.o2};
    measure_fields f = fields("Lag", MO_LAW_CHANGE);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, both, 2, T0, &id, &e), DL_OK);
    measure_step_input in = note("Börjar", 30);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_START, &in, T0 + 60, &e), DL_OK);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, one, 1, T0, &id, &e), DL_OK); /* law_change, planned, o2 again */
    f = fields("Vägledning", MO_GUIDANCE);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, one, 1, T0, &id, &e), DL_OK);
    in = note("Stoppad", -1);
    CHECK_INT_EQ(measure_step(w.d, &w.who, id, ME_CANCEL, &in, T0 + 60, &e), DL_OK);
    f = fields("Utan hinder", MO_OTHER);
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, NULL, 0, T0, &id, &e), DL_OK);
    f = fields("Förra året", MO_PRACTICE); /* outside the period */
    CHECK_INT_EQ(measure_create(w.d, &w.who, &f, both, 2, T0 - 400 * 86400, &id, &e), DL_OK);

    arena *a = arena_new(65536);
    obstacle_period p;
    CHECK_INT_EQ(obstacle_period_parse("2026-01-01", "2026-12-31", &p, &e), DL_OK);
    obstacle_summary s;
    CHECK_INT_EQ(obstacle_summary_load(w.d, a, &p, T0 + 86400, &s, &e), DL_OK);
    CHECK_INT_EQ(s.measures_total, 4);
    CHECK_INT_EQ(s.measures[MO_LAW_CHANGE][MEASURE_ONGOING], 1);
    CHECK_INT_EQ(s.measures[MO_LAW_CHANGE][MEASURE_PLANNED], 1);
    CHECK_INT_EQ(s.measures[MO_GUIDANCE][MEASURE_CANCELLED], 1);
    CHECK_INT_EQ(s.measures[MO_OTHER][MEASURE_PLANNED], 1);
    CHECK_INT_EQ(s.measures[MO_PRACTICE][MEASURE_PLANNED], 0);
    CHECK_INT_EQ(obstacle_measures_of(&s, MO_LAW_CHANGE), 2);
    CHECK_INT_EQ(obstacle_measures_of(&s, MO_PRACTICE), 0);
    /* law_change: o1 (1 measure), o2 (2); guidance: o2 (1) — in list order, then by id */
    CHECK_INT_EQ(s.n_addressed, 3);
    CHECK_INT_EQ(s.addressed_cut, 0);
    CHECK_INT_EQ(s.addressed[0].outcome, MO_LAW_CHANGE);
    CHECK_INT_EQ(s.addressed[0].obstacle_id, w.o1);
    CHECK_INT_EQ(s.addressed[0].measures, 1);
    CHECK_INT_EQ(s.addressed[1].obstacle_id, w.o2);
    CHECK_INT_EQ(s.addressed[1].measures, 2);
    CHECK_INT_EQ(s.addressed[2].outcome, MO_GUIDANCE);
    CHECK_INT_EQ(s.addressed[2].obstacle_id, w.o2);
    arena_free(a);
    db_close(w.d);
}
