/* test_case_step_length.c — store/case_step_length.c, on SQLite and on
 * PostgreSQL: the steps' lengths written when each step ends (by the demo
 * seeding and as case_transition writes them) equal those worked out here
 * from the history rows alone, the way store/followup.c once read them
 * (every case_event row in order, days by core/deadline.c's calendar
 * walk); the rebuild (migration 0054's statement, then the days counted)
 * gives the same rows; a few steps over Easter, midsummer, a weekend, a
 * pause for the applicant and a time zone change are checked against days
 * counted by hand; the monthly counts (steps, units' answers, also as a
 * transition moves them) are the rows counted; and the
 * follow-up figures read from the tables equal those computed here from
 * the reference steps, for periods of whole and partial months, for one
 * organisation that counts calendar days and one that counts working days,
 * and the units' answers equal those counted from case_unit. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "store/case_step_length.h"
#include "store/case_targets.h"
#include "store/followup.h"

#define REF_MAX 20000
#define LINE 200

/* The steps worked out from case_event alone, one text line each, in case and row order. */
static int reference(db *d, char (*out)[LINE], int max)
{
    dl_error e;
    db_stmt *s = db_prepare(d, "SELECT e.case_id, c.org_id, c.created_at, e.at, e.from_state, e.to_state"
                               " FROM case_event e JOIN cases c ON c.id = e.case_id ORDER BY e.case_id, e.id", &e);
    if (!s) { test_fail(__FILE__, __LINE__, "%s", e.msg); return 0; }
    int n = 0;
    int64_t cur = 0;
    char entered_at[32] = "", state[64] = "";
    while (db_step(s, &e) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        const char *at = db_col_text(s, 3), *from = db_col_text(s, 4), *to = db_col_text(s, 5);
        if (id != cur) { cur = id; state[0] = 0; }
        if (strcmp(from, to) == 0) continue;
        int64_t a = clock_parse_iso_utc(entered_at), b = clock_parse_iso_utc(at);
        if (*state && strcmp(state, from) == 0 && b >= a && n < max)
            snprintf(out[n++], LINE, "%lld|%lld|%s|%s|%s|%s|%d|%d", (long long)id, (long long)db_col_int(s, 1),
                     db_col_text(s, 2), from, entered_at, at, deadline_days_between(a, b, DUE_WORKING_DAYS),
                     deadline_days_between(a, b, DUE_CALENDAR_DAYS));
        snprintf(state, sizeof state, "%s", to);
        snprintf(entered_at, sizeof entered_at, "%s", at);
    }
    db_stmt_done(s);
    return n;
}

static int stored(db *d, char (*out)[LINE], int max)
{
    dl_error e;
    db_stmt *s = db_prepare(d, "SELECT case_id, org_id, case_created_at, state, entered_at, left_at, working_days,"
                               " calendar_days FROM case_step_length ORDER BY case_id, id", &e);
    if (!s) { test_fail(__FILE__, __LINE__, "%s", e.msg); return 0; }
    int n = 0;
    while (db_step(s, &e) == DB_ROW && n < max)
        snprintf(out[n++], LINE, "%lld|%lld|%s|%s|%s|%s|%lld|%lld", (long long)db_col_int(s, 0),
                 (long long)db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3), db_col_text(s, 4),
                 db_col_text(s, 5), (long long)db_col_int(s, 6), (long long)db_col_int(s, 7));
    db_stmt_done(s);
    return n;
}

/* The stored rows equal the reference, line by line; returns how many. */
static int same_as_reference(db *d)
{
    char(*ref)[LINE] = malloc(sizeof *ref * REF_MAX), (*got)[LINE] = malloc(sizeof *got * REF_MAX);
    if (!ref || !got) { test_fail(__FILE__, __LINE__, "out of memory"); exit(1); }
    int n = reference(d, ref, REF_MAX), m = stored(d, got, REF_MAX);
    if (m != n) test_fail(__FILE__, __LINE__, "%d rows stored, %d worked out from the history", m, n);
    int bad = 0;
    for (int i = 0; i < n && i < m; i++)
        if (strcmp(ref[i], got[i]) != 0 && bad++ < 3) test_fail(__FILE__, __LINE__, "row %d: %s != %s", i, got[i], ref[i]);
    free(ref);
    free(got);
    return n;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The monthly counts are the steps' rows counted. */
static void months_match(db *d)
{
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_step_month"),
                 fixture_int(d, "SELECT COUNT(*) FROM (SELECT 1 FROM case_step_length GROUP BY substr(case_created_at,"
                                " 1, 7), org_id, state, working_days, calendar_days) x"));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_step_month m WHERE n <> (SELECT COUNT(*) FROM"
                                " case_step_length s WHERE substr(s.case_created_at, 1, 7) = m.month AND s.org_id ="
                                " m.org_id AND s.state = m.state AND s.working_days = m.working_days AND"
                                " s.calendar_days = m.calendar_days)"), 0);
}

/* The units' monthly counts are case_unit's rows of Process 2 cases counted. */
static void unit_months_match(db *d)
{
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_unit_month WHERE n > 0"),
                 fixture_int(d, "SELECT COUNT(*) FROM (SELECT 1 FROM case_unit u JOIN cases c ON c.id = u.case_id"
                                " WHERE c.process = 2 GROUP BY substr(c.created_at, 1, 7), u.node_id, u.answer) x"));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_unit_month m WHERE n <> (SELECT COUNT(*) FROM case_unit u"
                                " JOIN cases c ON c.id = u.case_id WHERE c.process = 2 AND substr(c.created_at, 1, 7) ="
                                " m.month AND u.node_id = m.node_id AND u.answer = m.answer)"), 0);
}

/* The follow-up's steps of the cases created from..to equal those computed
 * here from the reference rows with each organisation's targets. */
static void figures_match(db *d, const char *from_day, const char *to_day)
{
    char(*ref)[LINE] = malloc(sizeof *ref * REF_MAX);
    int64_t *v = malloc(sizeof *v * REF_MAX);
    if (!ref || !v) { test_fail(__FILE__, __LINE__, "out of memory"); exit(1); }
    int n = reference(d, ref, REF_MAX);
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse(from_day, to_day, &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_now(), &s, &e), DL_OK);
    int checked = 0;
    for (int st = 0; st < CASE_STATE__MAX; st++) {
        if (!case_target_applies(st)) continue;
        int k = 0;
        int64_t within = 0, with = 0;
        for (int i = 0; i < n; i++) {
            long long id, org;
            int wd, cd;
            char created[32], state[64], ea[32], la[32];
            if (sscanf(ref[i], "%lld|%lld|%31[^|]|%63[^|]|%31[^|]|%31[^|]|%d|%d", &id, &org, created, state, ea, la, &wd,
                       &cd) != 8)
                test_fail(__FILE__, __LINE__, "bad line %s", ref[i]);
            if (strcmp(state, case_state_key((case_state)st)) != 0 || strcmp(created, p.from) < 0 ||
                strcmp(created, p.until) >= 0)
                continue;
            case_target t[CASE_TARGETS];
            CHECK_INT_EQ(case_targets_get(d, org, t, &e), DL_OK);
            int64_t days = t[st].unit == DUE_CALENDAR_DAYS ? cd : wd;
            v[k++] = days;
            if (t[st].days > 0) {
                with++;
                if (days <= t[st].days) within++;
            }
        }
        qsort(v, (size_t)k, sizeof *v, cmp_i64);
        CHECK_INT_EQ(s.steps[st].n, k);
        CHECK_INT_EQ(s.steps[st].median, followup_percentile(v, k, 50));
        CHECK_INT_EQ(s.steps[st].p90, followup_percentile(v, k, 90));
        CHECK_INT_EQ(s.steps[st].with_target, with);
        CHECK_INT_EQ(s.steps[st].within_target, within);
        checked += k > 0;
    }
    CHECK(checked >= 3);
    /* The units' answers of the period's Process 2 cases, counted here from case_unit. */
    static const char *answers[] = {"accept", "refuse", "pending"};
    int64_t got[] = {s.unit_accept, s.unit_refuse, s.unit_pending};
    for (int i = 0; i < 3; i++) {
        char sql[400];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM case_unit u JOIN cases c ON c.id = u.case_id WHERE c.process = 2"
                 " AND u.answer = '%s' AND c.created_at >= '%s' AND c.created_at < '%s'", answers[i], p.from, p.until);
        CHECK_INT_EQ(got[i], fixture_int(d, sql));
    }
    arena_free(a);
    free(ref);
    free(v);
}

/* One row as case_transition writes it: the step it ends, then the row. */
static void step(db *d, int64_t c, const char *at, const char *from, const char *to)
{
    dl_error e;
    case_state f, t;
    CHECK_INT_EQ(case_state_from_key(from, &f), 0);
    CHECK_INT_EQ(case_state_from_key(to, &t), 0);
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(case_step_length_end_in_tx(d, c, f, t, at, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO case_event(case_id, at, actor_name, event, from_state, to_state)"
                           " VALUES (?, ?, 'test', 'x', ?, ?)", &e, "ittt", c, at, from, to),
                 DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
}

/* Cases of organisation org walked by a small deterministic generator, each
 * row written as case_transition writes it: waits of 0–15 days at any hour,
 * some with a completion asked for (the applicant's time) and an answer
 * that does not change the state. */
static void walk_cases(db *d, int64_t org, int n, uint64_t seed)
{
    static const char *path[] = {"draft", "received", "awaiting_samrad", "awaiting_decision", "awaiting_assignment",
                                 "extracting", "delivered"};
    for (int i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int64_t t = clock_parse_iso_utc("2025-10-01T00:00:00Z") + (int64_t)((seed >> 33) % (300 * 86400));
        char at[32], sql[300];
        clock_iso_utc(t, at);
        snprintf(sql, sizeof sql, "INSERT INTO cases(org_id, state, process, created_at, updated_at) VALUES (%lld,"
                 " 'delivered', 1, '%s', '%s')", (long long)org, at, at);
        fixture_exec(d, sql);
        int64_t c = fixture_int(d, "SELECT MAX(id) FROM cases");
        for (int k = 0; k + 1 < (int)(sizeof path / sizeof *path); k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            if (k == 1 && (seed >> 40) % 3 == 0) {
                step(d, c, at, "received", "completion_requested");
                t += (int64_t)((seed >> 20) % (12 * 86400));
                clock_iso_utc(t, at);
                step(d, c, at, "completion_requested", "received");
            }
            if (k == 2 && (seed >> 41) % 2 == 0) step(d, c, at, "awaiting_samrad", "awaiting_samrad");
            step(d, c, at, path[k], path[k + 1]);
            t += (int64_t)((seed >> 33) % (15 * 86400));
            clock_iso_utc(t, at);
        }
    }
}

TEST(case_step_length_of_a_generated_history_equals_the_events)
{
    db *d = fixture_store();
    FILE *devnull = fopen("/dev/null", "w");
    CHECK(devnull);
    CHECK_INT_EQ(demo_populate(d, devnull), 0);
    CHECK_INT_EQ(demo_cases_populate(d, 400, 11, devnull), 0);
    fclose(devnull);
    int n = same_as_reference(d);
    CHECK(n > 1000);
    /* Pauses for the applicant, and weekends: days that differ by how they are counted. */
    CHECK(fixture_int(d, "SELECT COUNT(*) FROM case_step_length WHERE state = 'completion_requested'") > 0);
    CHECK(fixture_int(d, "SELECT COUNT(*) FROM case_step_length WHERE calendar_days > working_days") > n / 4);
    /* One organisation counts calendar days, a step without a default target gets one, the rest work days. */
    int64_t org = fixture_int(d, "SELECT MIN(org_id) FROM cases");
    case_target t[CASE_TARGETS];
    dl_error e;
    CHECK_INT_EQ(case_targets_get(d, org, t, &e), DL_OK);
    for (int i = 0; i < CASE_TARGETS; i++)
        if (case_target_applies(i)) t[i] = (case_target){i % 3 ? 9 : 4, DUE_CALENDAR_DAYS, 0};
    audit_actor who = {0, "test"};
    CHECK_INT_EQ(case_targets_set(d, org, t, &who, &e), DL_OK);
    /* A second organisation, with the default targets (working days). */
    walk_cases(d, fixture_org(d, 0, ORG_FORVALTNING, "Region Två", "R2", ""), 60, 5);
    int64_t pauses = fixture_int(d, "SELECT COUNT(*) FROM case_event WHERE to_state = 'completion_requested'"
                                    " AND actor_name = 'test'");
    CHECK(pauses > 5);
    int total = same_as_reference(d);
    CHECK_INT_EQ(total, n + 60 * 5 + 2 * pauses);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(DISTINCT org_id) FROM cases"), 2);
    months_match(d);
    unit_months_match(d);
    CHECK(fixture_int(d, "SELECT SUM(n) FROM case_unit_month WHERE answer = 'refuse'") > 0);
    /* The whole history; whole months and parts of months; one month in part; a day. */
    static const char *periods[][2] = {{"2010-01-01", "2039-12-30"}, {"2024-03-15", "2025-11-20"},
                                       {"2025-02-01", "2025-06-30"}, {"2025-05-03", "2025-05-27"},
                                       {"2026-01-31", "2026-02-14"}, {"2025-10-06", "2025-10-06"}};
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) figures_match(d, periods[i][0], periods[i][1]);
    /* The rebuild from the history alone (migration 0054's way) gives the same rows. */
    CHECK_INT_EQ(case_step_length_rebuild(d, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_step_length WHERE working_days < 0"), 0);
    CHECK_INT_EQ(same_as_reference(d), total);
    months_match(d);
    unit_months_match(d);
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++) figures_match(d, periods[i][0], periods[i][1]);
    db_close(d);
}

static int64_t days_of(db *d, int64_t c, const char *state, const char *entered, int calendar)
{
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(%s), -9) FROM case_step_length WHERE case_id = %lld AND state = '%s'"
             " AND entered_at = '%s'", calendar ? "calendar_days" : "working_days", (long long)c, state, entered);
    return fixture_int(d, sql);
}

TEST(case_step_length_as_transitions_write_it_counted_by_hand)
{
    db *d = fixture_store();
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Region Test", "RT", "");
    char sql[300];
    snprintf(sql, sizeof sql, "INSERT INTO cases(org_id, state, process, created_at, updated_at) VALUES (%lld,"
             " 'received', 1, '2026-03-20T08:00:00Z', '2026-03-20T08:00:00Z')", (long long)org);
    fixture_exec(d, sql);
    int64_t c = fixture_int(d, "SELECT MAX(id) FROM cases");
    step(d, c, "2026-03-20T08:00:00Z", "draft", "received");
    /* Received Fri 20 March → Thu 2 April 21:30 UTC (23:30 local, summer time since the 29th): 9 working days, 13 calendar. */
    step(d, c, "2026-04-02T21:30:00Z", "received", "completion_requested");
    /* The applicant's time over Easter: Good Friday 3, Easter Monday 6 April: Tue 7 is the only working day. */
    step(d, c, "2026-04-07T06:00:00Z", "completion_requested", "received");
    /* A row that does not change the state does not end the step. */
    step(d, c, "2026-04-08T06:00:00Z", "received", "received");
    /* Received again Tue 7 → Thu 18 June, then the samråd over midsummer (eve Fri 19, Sat 20) to Mon 22. */
    step(d, c, "2026-06-18T10:00:00Z", "received", "awaiting_samrad");
    step(d, c, "2026-06-22T10:00:00Z", "awaiting_samrad", "awaiting_decision");
    /* A row going back in time ends nothing; a row leaving a state the case was not seen to enter neither. */
    step(d, c, "2026-06-21T10:00:00Z", "awaiting_decision", "awaiting_assignment");
    step(d, c, "2026-06-23T10:00:00Z", "extracting", "delivered");
    CHECK_INT_EQ(days_of(d, c, "received", "2026-03-20T08:00:00Z", 0), 9);
    CHECK_INT_EQ(days_of(d, c, "received", "2026-03-20T08:00:00Z", 1), 13);
    CHECK_INT_EQ(days_of(d, c, "completion_requested", "2026-04-02T21:30:00Z", 0), 1);
    CHECK_INT_EQ(days_of(d, c, "completion_requested", "2026-04-02T21:30:00Z", 1), 5);
    CHECK_INT_EQ(days_of(d, c, "received", "2026-04-07T06:00:00Z", 1), 72);
    CHECK_INT_EQ(days_of(d, c, "awaiting_samrad", "2026-06-18T10:00:00Z", 0), 1);
    CHECK_INT_EQ(days_of(d, c, "awaiting_samrad", "2026-06-18T10:00:00Z", 1), 4);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_step_length"), 4);
    CHECK_INT_EQ(same_as_reference(d), 4);
    months_match(d);
    CHECK_INT_EQ(fixture_int(d, "SELECT SUM(n) FROM case_step_month WHERE month = '2026-03'"), 4);
    dl_error e;
    CHECK_INT_EQ(case_step_length_rebuild(d, &e), DL_OK);
    CHECK_INT_EQ(same_as_reference(d), 4);
    /* A Process 2 case's unit round and an answer, the counts moved as case_transition moves them. */
    snprintf(sql, sizeof sql, "INSERT INTO cases(org_id, state, process, created_at, updated_at) VALUES (%lld,"
             " 'unit_consultation', 2, '2026-05-31T23:30:00Z', '2026-05-31T23:30:00Z')", (long long)org);
    fixture_exec(d, sql);
    int64_t c2 = fixture_int(d, "SELECT MAX(id) FROM cases");
    int64_t unit = fixture_org(d, org, ORG_REGIONOMRADE, "Område", "RTO", "");
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(case_unit_month_adjust(d, c2, -1, &e), DL_OK);
    snprintf(sql, sizeof sql, "INSERT INTO case_unit(case_id, node_id) VALUES (%lld, %lld), (%lld, %lld)",
             (long long)c2, (long long)org, (long long)c2, (long long)unit);
    fixture_exec(d, sql);
    CHECK_INT_EQ(case_unit_month_adjust(d, c2, 1, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(case_unit_month_adjust(d, c2, -1, &e), DL_OK);
    snprintf(sql, sizeof sql, "UPDATE case_unit SET answer = 'refuse' WHERE case_id = %lld AND node_id = %lld",
             (long long)c2, (long long)unit);
    fixture_exec(d, sql);
    CHECK_INT_EQ(case_unit_month_adjust(d, c2, 1, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    unit_months_match(d);
    /* Created 1 June local time, but the month is the UTC creation's, as the period compares it. */
    CHECK_INT_EQ(fixture_int(d, "SELECT SUM(n) FROM case_unit_month WHERE month = '2026-05' AND answer = 'pending'"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT SUM(n) FROM case_unit_month WHERE month = '2026-05' AND answer = 'refuse'"), 1);
    CHECK_INT_EQ(case_step_length_rebuild(d, &e), DL_OK);
    unit_months_match(d);
    /* The table's working days are core/deadline.c's over the whole century the table holds, and past it. */
    int64_t t0 = clock_parse_iso_utc("2000-01-01T12:00:00Z");
    for (int64_t a = t0; a < t0 + 100LL * 365 * 86400; a += 86400LL * 97 + 3607) {
        int64_t b = a + 86400LL * (a % 41) + 7 * 3600;
        CHECK_INT_EQ(case_step_days(a, b, DUE_WORKING_DAYS), deadline_days_between(a, b, DUE_WORKING_DAYS));
        CHECK_INT_EQ(case_step_days(a, b, DUE_CALENDAR_DAYS), deadline_days_between(a, b, DUE_CALENDAR_DAYS));
    }
    db_close(d);
}
