/* test_obstacle_followup.c — store/obstacle_followup.c on six obstacles
 * made at chosen times, on SQLite or (under tests/with-pg.sh) PostgreSQL:
 * the open ones counted by age group and responsible body, the closed one
 * left out, the ones without a step for the given number of days flagged,
 * the longest waiting first — every number written out by hand. */
#include "test.h"
#include "fixture.h"

#include <string.h>

#include "core/obstacle_flow.h"
#include "store/obstacle_followup.h"
#include "store/obstacle_steps.h"

#define NOW 1781524800LL /* 2026-06-15T12:00:00Z */
#define DAY 86400LL

static int64_t reported(db *d, const char *what, int64_t at)
{
    obstacle_report in = {.what_happened = what, .category = "technical", .consequence = -1, .actor_type = -1};
    audit_actor pub = {0, "public"};
    int64_t id = 0;
    char tok[65];
    dl_error e = {0};
    if (obstacle_create(d, &in, &pub, at, &id, tok, &e) != DL_OK) test_fail(__FILE__, __LINE__, "%s", e.msg);
    return id;
}

static void stepped(db *d, const obstacle_actor *who, int64_t id, obstacle_event ev, obstacle_step_input in, int64_t at)
{
    dl_error e = {0};
    if (obstacle_transition(d, who, id, ev, &in, at, &e) != DL_OK) test_fail(__FILE__, __LINE__, "step: %s", e.msg);
}

TEST(obstacle_followup_by_age_body_and_waiting)
{
    db *d = fixture_store();
    int64_t uid = fixture_user(d, "hinder");
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {uid, &g, 1};
    obstacle_actor who = {&analyst, {uid, "hinder"}, "https://datalots.example"};
    int64_t a = reported(d, "A: tre dagar gammalt", NOW - 3 * DAY);
    int64_t b = reported(d, "B: tjugo dagar gammalt", NOW - 20 * DAY);
    int64_t c = reported(d, "C: skickat till Socialstyrelsen", NOW - 60 * DAY);
    stepped(d, &who, c, OE_TRIAGE, (obstacle_step_input){0}, NOW - 50 * DAY);
    stepped(d, &who, c, OE_ASSESS, (obstacle_step_input){.need = "Uppföljning"}, NOW - 45 * DAY);
    stepped(d, &who, c, OE_FORWARD, (obstacle_step_input){.responsible_body = "Socialstyrelsen"}, NOW - 40 * DAY);
    int64_t dd = reported(d, "D: gammalt men nyss sorterat", NOW - 200 * DAY);
    stepped(d, &who, dd, OE_TRIAGE, (obstacle_step_input){0}, NOW - 5 * DAY);
    int64_t ee = reported(d, "E: bortglömt", NOW - 500 * DAY);
    int64_t f = reported(d, "F: lagt till handlingarna", NOW - 100 * DAY);
    stepped(d, &who, f, OE_ARCHIVE, (obstacle_step_input){.note = "Utanför uppdraget"}, NOW - 90 * DAY);
    (void)a;
    (void)b;

    arena *ar = arena_new(8192);
    followup_body rows[FOLLOWUP_BODIES_MAX], total;
    int n = 0;
    dl_error e = {0};
    CHECK_INT_EQ(obstacle_followup_by_body(d, ar, NOW, 30, rows, FOLLOWUP_BODIES_MAX, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    /* No body yet: A (0–7), B (8–30), D (91–365), E (over a year); stale E. */
    CHECK_STR_EQ(rows[0].body, "");
    static const int64_t none_ages[FOLLOWUP_AGE_GROUPS] = {1, 1, 0, 1, 1};
    for (int i = 0; i < FOLLOWUP_AGE_GROUPS; i++) CHECK_INT_EQ(rows[0].by_age[i], none_ages[i]);
    CHECK_INT_EQ(rows[0].open, 4);
    CHECK_INT_EQ(rows[0].stale, 1);
    CHECK_INT_EQ(rows[0].oldest_days, 500);
    /* Socialstyrelsen: C (31–90), no step for 40 days. */
    CHECK_STR_EQ(rows[1].body, "Socialstyrelsen");
    static const int64_t body_ages[FOLLOWUP_AGE_GROUPS] = {0, 0, 1, 0, 0};
    for (int i = 0; i < FOLLOWUP_AGE_GROUPS; i++) CHECK_INT_EQ(rows[1].by_age[i], body_ages[i]);
    CHECK_INT_EQ(rows[1].open, 1);
    CHECK_INT_EQ(rows[1].stale, 1);
    CHECK_INT_EQ(rows[1].oldest_days, 60);
    /* All, the archived F left out. */
    for (int i = 0; i < FOLLOWUP_AGE_GROUPS; i++) CHECK_INT_EQ(total.by_age[i], 1);
    CHECK_INT_EQ(total.open, 5);
    CHECK_INT_EQ(total.stale, 2);
    CHECK_INT_EQ(total.oldest_days, 500);

    followup_stale st[FOLLOWUP_STALE_MAX];
    CHECK_INT_EQ(obstacle_followup_stale(d, ar, NOW, 30, st, FOLLOWUP_STALE_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(st[0].id, ee);
    CHECK_INT_EQ(st[0].days_since_step, 500);
    CHECK_INT_EQ(st[0].age_days, 500);
    CHECK_STR_EQ(st[0].body, "");
    CHECK_INT_EQ(st[1].id, c);
    CHECK_INT_EQ(st[1].days_since_step, 40);
    CHECK_INT_EQ(st[1].age_days, 60);
    CHECK_INT_EQ(st[1].state, OBSTACLE_FORWARDED);
    CHECK_STR_EQ(st[1].body, "Socialstyrelsen");
    /* Ten days: B (20) waits too; D, triaged five days ago, does not. */
    CHECK_INT_EQ(obstacle_followup_stale(d, ar, NOW, 10, st, FOLLOWUP_STALE_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(st[2].id, b);
    for (int i = 0; i < n; i++) CHECK(st[i].id != dd && st[i].id != f);
    /* A limit of one row gives the longest waiting. */
    CHECK_INT_EQ(obstacle_followup_stale(d, ar, NOW, 10, st, 1, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(st[0].id, ee);
    arena_free(ar);
    db_close(d);
}
