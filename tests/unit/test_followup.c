/* test_followup.c — store/followup.c on a small set made by hand, on SQLite
 * and on PostgreSQL (the expected figures worked out by hand below): the
 * cases by state, process and decision of a period (one case just outside),
 * the steps' lengths as the organisation counts its targets (median and 90th
 * percentile nearest-rank, within target), the refusals, the units' answers
 * in Process 2 only, the obstacles of the period and the searches with no
 * hit; and the nearest-rank percentile itself. */
#include "test.h"
#include "followup_csv.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "report/followup_render.h"
#include "store/case_step_length.h"
#include "store/followup.h"

static void ev(db *d, int64_t c, const char *at, const char *event, const char *from, const char *to)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO case_event(case_id, at, actor_name, event, from_state, to_state) VALUES (%lld, '%s',"
             " 'test', '%s', '%s', '%s')",
             (long long)c, at, event, from, to);
    fixture_exec(d, sql);
}

static int64_t add_case(db *d, int64_t org, const char *created, const char *state, int process, const char *outcome,
                        const char *conditions, const char *dnr)
{
    char sql[768];
    snprintf(sql, sizeof sql,
             "INSERT INTO cases(org_id, state, process, created_at, updated_at, closed_at, decision_outcome,"
             " decision_conditions, diary_number) VALUES (%lld, '%s', %d, '%s', '%s', '%s', '%s', '%s', '%s')",
             (long long)org, state, process, created, created, created, outcome, conditions, dnr);
    fixture_exec(d, sql);
    return fixture_int(d, "SELECT MAX(id) FROM cases");
}

static db *hand_made(int64_t *unit1, int64_t *unit2)
{
    db *d = fixture_store();
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Region Test", "RT", "");
    int64_t area = fixture_org(d, org, ORG_REGIONOMRADE, "Område", "RTO", "");
    *unit1 = fixture_org(d, area, ORG_VARDENHET, "Enhet Ett", "RT1", "");
    *unit2 = fixture_org(d, area, ORG_VARDENHET, "Enhet Två", "RT2", "");
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO case_step_target(org_id, state, days, unit) VALUES (%lld, 'received', 5, 'calendar'),"
             " (%lld, 'awaiting_samrad', 3, 'calendar'), (%lld, 'unit_consultation', 10, 'calendar')",
             (long long)org, (long long)org, (long long)org);
    fixture_exec(d, sql);
    /* C1, Process 1, delivered: received 2 days, samråd 6, decision 1 working day. */
    int64_t c1 = add_case(d, org, "2026-03-02T08:00:00Z", "delivered", 1, "approved", "", "RT 2026-1");
    ev(d, c1, "2026-03-02T08:00:00Z", "submit", "draft", "received");
    ev(d, c1, "2026-03-04T08:00:00Z", "accept_complete", "received", "awaiting_samrad");
    ev(d, c1, "2026-03-10T08:00:00Z", "recommend_release", "awaiting_samrad", "awaiting_decision");
    ev(d, c1, "2026-03-11T08:00:00Z", "approve", "awaiting_decision", "awaiting_assignment");
    ev(d, c1, "2026-03-12T08:00:00Z", "issue_assignment", "awaiting_assignment", "extracting");
    ev(d, c1, "2026-03-20T08:00:00Z", "register_delivery", "extracting", "delivered");
    /* C2, Process 2, refused: received 5, samråd 1 (refusal recommended), units 7 (an answer between
     * does not end the step), decision 4 working days (Mon 16 → Fri 20). */
    int64_t c2 = add_case(d, org, "2026-03-03T08:00:00Z", "refused", 2, "refused", "Saknar etikprövning", "RT 2026-2");
    ev(d, c2, "2026-03-03T08:00:00Z", "submit", "draft", "received");
    ev(d, c2, "2026-03-08T08:00:00Z", "accept_complete", "received", "awaiting_samrad");
    ev(d, c2, "2026-03-09T08:00:00Z", "recommend_refusal", "awaiting_samrad", "unit_consultation");
    ev(d, c2, "2026-03-10T08:00:00Z", "unit_answer", "unit_consultation", "unit_consultation");
    ev(d, c2, "2026-03-16T08:00:00Z", "close_consultation", "unit_consultation", "awaiting_decision");
    ev(d, c2, "2026-03-20T08:00:00Z", "refuse", "awaiting_decision", "refused");
    /* C3, no process yet, received again after a completion: received 10, then open. */
    int64_t c3 = add_case(d, org, "2026-03-05T08:00:00Z", "received", 0, "", "", "RT 2026-3");
    ev(d, c3, "2026-03-05T08:00:00Z", "submit", "draft", "received");
    ev(d, c3, "2026-03-15T08:00:00Z", "request_completion", "received", "completion_requested");
    ev(d, c3, "2026-03-17T08:00:00Z", "complete", "completion_requested", "received");
    /* C4, outside the period (created 1 April): nothing of it counts. */
    int64_t c4 = add_case(d, org, "2026-04-01T00:00:00Z", "refused", 2, "refused", "Utanför", "RT 2026-4");
    ev(d, c4, "2026-04-01T08:00:00Z", "submit", "draft", "received");
    ev(d, c4, "2026-04-09T08:00:00Z", "recommend_refusal", "received", "awaiting_decision");
    snprintf(sql, sizeof sql,
             "INSERT INTO case_unit(case_id, node_id, answer, reason) VALUES (%lld, %lld, 'refuse', 'Ingen tid'),"
             " (%lld, %lld, 'accept', ''), (%lld, %lld, 'refuse', 'Process 1'), (%lld, %lld, 'refuse', 'Utanför')",
             (long long)c2, (long long)*unit1, (long long)c2, (long long)*unit2, (long long)c1, (long long)*unit1,
             (long long)c4, (long long)*unit2);
    fixture_exec(d, sql);
    fixture_exec(d, "INSERT INTO guide_search_miss(query, count, last_at) VALUES ('blodtryck', 3, '2026-03-01'),"
                    " ('cancer', 5, '2026-03-02')");
    fixture_exec(d, "INSERT INTO obstacle(state, created_at, what_happened, category, actor_type, law_id, consequence,"
                    " follow_token_hash) VALUES ('received', '2026-03-10T00:00:00Z', 'Hände', 'technical',"
                    " 'researcher', '', '', 'h1'), ('received', '2026-04-10T00:00:00Z', 'Utanför', 'technical',"
                    " 'researcher', '', '', 'h2')");
    /* The history above was written around case_transition, so its steps'
     * lengths are written as a store migrated to 0054 gets them. */
    dl_error e;
    if (case_step_length_rebuild(d, &e) != DL_OK) test_fail(__FILE__, __LINE__, "%s", e.msg);
    return d;
}

TEST(followup_percentile_nearest_rank)
{
    int64_t v[] = {2, 5, 10};
    CHECK_INT_EQ(followup_percentile(v, 3, 50), 5);
    CHECK_INT_EQ(followup_percentile(v, 3, 90), 10);
    CHECK_INT_EQ(followup_percentile(v, 1, 90), 2);
    CHECK_INT_EQ(followup_percentile(v, 0, 50), -1);
    int64_t w[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK_INT_EQ(followup_percentile(w, 10, 50), 5);
    CHECK_INT_EQ(followup_percentile(w, 10, 90), 9);
}

TEST(followup_figures_of_a_hand_made_set)
{
    int64_t u1, u2;
    db *d = hand_made(&u1, &u2);
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2026-03-01", "2026-03-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc("2026-04-01T00:00:00Z"), &s, &e), DL_OK);
    CHECK_INT_EQ(s.cases, 3);
    CHECK_INT_EQ(s.by_state[CASE_DELIVERED], 1);
    CHECK_INT_EQ(s.by_state[CASE_REFUSED], 1);
    CHECK_INT_EQ(s.by_state[CASE_RECEIVED], 1);
    CHECK_INT_EQ(s.by_state[CASE_DRAFT], 0);
    CHECK_INT_EQ(s.by_process[0], 1);
    CHECK_INT_EQ(s.by_process[1], 1);
    CHECK_INT_EQ(s.by_process[2], 1);
    CHECK_INT_EQ(s.approved, 1);
    CHECK_INT_EQ(s.approved_in_part, 0);
    CHECK_INT_EQ(s.refused, 1);
    /* received: 2, 5, 10 calendar days; target 5: two within. */
    const followup_step *st = &s.steps[CASE_RECEIVED];
    CHECK_INT_EQ(st->n, 3);
    CHECK_INT_EQ(st->median, 5);
    CHECK_INT_EQ(st->p90, 10);
    CHECK_INT_EQ(st->with_target, 3);
    CHECK_INT_EQ(st->within_target, 2);
    CHECK_INT_EQ(st->target_days, 5);
    CHECK_INT_EQ(st->target_calendar, 1);
    /* awaiting_samrad: 6 and 1; target 3: one within. */
    st = &s.steps[CASE_AWAITING_SAMRAD];
    CHECK_INT_EQ(st->n, 2);
    CHECK_INT_EQ(st->median, 1);
    CHECK_INT_EQ(st->p90, 6);
    CHECK_INT_EQ(st->within_target, 1);
    /* unit_consultation: 7 calendar days (the answer on the 10th does not end it). */
    st = &s.steps[CASE_UNIT_CONSULTATION];
    CHECK_INT_EQ(st->n, 1);
    CHECK_INT_EQ(st->median, 7);
    CHECK_INT_EQ(st->within_target, 1);
    /* awaiting_decision, default target 10 working days: Tue→Wed 1, Mon→Fri 4. */
    st = &s.steps[CASE_AWAITING_DECISION];
    CHECK_INT_EQ(st->n, 2);
    CHECK_INT_EQ(st->median, 1);
    CHECK_INT_EQ(st->p90, 4);
    CHECK_INT_EQ(st->target_days, 10);
    CHECK_INT_EQ(st->target_calendar, 0);
    /* extracting: 12 Thu → 20 Fri = 6 working days; completion_requested 2 calendar = 2 working (Sun 15 → Tue 17: Mon, Tue). */
    CHECK_INT_EQ(s.steps[CASE_EXTRACTING].median, 6);
    CHECK_INT_EQ(s.steps[CASE_COMPLETION_REQUESTED].median, 2);
    CHECK_INT_EQ(s.steps[CASE_AWAITING_COST_ACCEPTANCE].n, 0);
    CHECK_INT_EQ(s.steps[CASE_AWAITING_COST_ACCEPTANCE].median, -1);
    /* refusals: C2's text; C4 outside. */
    CHECK_INT_EQ(s.samrad_refusals, 1);
    CHECK_INT_EQ(s.n_refusals, 1);
    CHECK_STR_EQ(s.refusals[0].diary_number, "RT 2026-2");
    CHECK_STR_EQ(s.refusals[0].text, "Saknar etikprövning");
    /* units: Process 2 cases of the period only. */
    CHECK_INT_EQ(s.unit_refuse, 1);
    CHECK_INT_EQ(s.unit_accept, 1);
    CHECK_INT_EQ(s.unit_pending, 0);
    CHECK_INT_EQ(s.n_units, 2);
    CHECK_STR_EQ(s.units[0].name, "Enhet Ett");
    CHECK_INT_EQ(s.units[0].refuse, 1);
    /* the guide's searches without a hit, most first */
    CHECK_INT_EQ(s.misses_total, 8);
    CHECK_INT_EQ(s.n_misses, 2);
    CHECK_STR_EQ(s.misses[0].query, "cancer");
    /* the obstacles of the period */
    CHECK_INT_EQ(s.obstacles.total, 1);
    CHECK_INT_EQ(s.obstacles.open, 1);

    /* The HTML names the figures in tables with scope, and escapes. */
    followup_render r = {.s = &s, .english = 0, .generated = "2026-04-01 10:00", .a = a};
    strbuf out;
    sb_init(&out, 4096);
    followup_render_html(&r, 0, &out);
    CHECK(strstr(sb_cstr(&out), "<th scope=\"row\">Avslagen</th><td class=\"num\">1</td>") != NULL);
    CHECK(strstr(sb_cstr(&out), "Saknar etikprövning") != NULL);
    CHECK(strstr(sb_cstr(&out), "<svg") != NULL);
    sb_free(&out);
    arena_free(a);
    db_close(d);
}

TEST(followup_csv_guards_formula_cells)
{
    int64_t u1, u2;
    db *d = hand_made(&u1, &u2);
    fixture_exec(d, "INSERT INTO guide_search_miss(query, count, last_at) VALUES ('=HYPERLINK(\"x\")', 9, '2026-03-03')");
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2026-03-01", "2026-03-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc("2026-04-01T00:00:00Z"), &s, &e), DL_OK);
    followup_render r = {.s = &s, .a = a};
    char *buf = followup_csv_text(&r);
    CHECK(buf != NULL);
    if (!buf) buf = calloc(1, 1);
    CHECK(strstr(buf, "step,received,Inkommen,3,5,10,5,2\r\n") != NULL);
    CHECK(strstr(buf, "search_miss,\"\",\"'=HYPERLINK(\"\"x\"\")\",9,") != NULL);
    CHECK(strstr(buf, "refusal,RT 2026-2 2026-03-03,Saknar etikprövning,1") != NULL);
    free(buf);
    arena_free(a);
    db_close(d);
}
