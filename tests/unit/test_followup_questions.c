/* test_followup_questions.c — the follow-up's part "Frågor till nätverket"
 * (store/followup_questions.c, rendered by report/followup_*): the answer
 * times of the questions to the network's member functions for a period,
 * on a set made by hand, on SQLite and (with DATALOTS_TEST_PG) PostgreSQL.
 * The expected figures are worked out by hand below, on the calendar of
 * May 2026: Friday 1 May (Labour Day) and Thursday 14 May (Ascension Day)
 * are Swedish holidays, the weekends are 2–3, 9–10, 16–17, 23–24 and 30–31
 * May. A working day d counts for a question received on day a and answered
 * on day b (local days, Europe/Stockholm) when a < d <= b. */
#include "test.h"
#include "followup_csv.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "report/followup_render.h"
#include "store/followup.h"
#include "web/i18n.h"

static int64_t member(db *d, const char *name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO network_member(name, created_at) VALUES ('%s', '2026-01-01T00:00:00Z')", name);
    fixture_exec(d, sql);
    snprintf(sql, sizeof sql, "SELECT id FROM network_member WHERE name = '%s'", name);
    return fixture_int(d, sql);
}

/* A question with member m (0: the coordinator's queue) in state, received and answered ("" not) at UTC instants. */
static void question(db *d, int64_t m, const char *state, const char *received, const char *answered)
{
    char sql[768], who[32];
    if (m) snprintf(who, sizeof who, "%" PRId64, m);
    else snprintf(who, sizeof who, "NULL");
    snprintf(sql, sizeof sql,
             "INSERT INTO question(topic, data_type, body, asker_email, state, member_id, created_at, answered_at,"
             " updated_at) VALUES ('access', 'patient-record', 'En fråga om svarstiderna.', 'fragare@example.se',"
             " '%s', %s, '%s', '%s', '%s')",
             state, who, received, answered, *answered ? answered : received);
    fixture_exec(d, sql);
}

#define NOW "2026-06-03T10:00:00Z" /* Wednesday 3 June, 12:00 local */

static db *hand_made(void)
{
    fixture_tz("Europe/Stockholm");
    db *d = fixture_store();
    int64_t alfa = member(d, "Alfa"), beta = member(d, "Beta & <Syd>"), delta = member(d, "Delta");
    member(d, "Gamma"); /* no question at all: no row */
    /* Alfa, answered in May: 0, 2, 5, 9 → median the 2nd = 2, 90th percentile the ceil(3.6) = 4th = 9. */
    question(d, alfa, "answered", "2026-05-08T08:00:00Z", "2026-05-08T14:00:00Z"); /* the same day: 0 */
    question(d, alfa, "answered", "2026-05-13T10:00:00Z", "2026-05-18T10:00:00Z"); /* 15, 18 (14 Ascension): 2 */
    question(d, alfa, "answered", "2026-04-28T10:00:00Z", "2026-05-06T10:00:00Z"); /* 29, 30 Apr, 4, 5, 6 (1 May): 5 */
    question(d, alfa, "answered", "2026-05-18T10:00:00Z", "2026-05-29T10:00:00Z"); /* 19–22, 25–29: 9 */
    question(d, alfa, "answered", "2026-05-29T10:00:00Z", "2026-06-02T10:00:00Z"); /* June: 1, 2 June: 2 */
    question(d, alfa, "answered", "2026-04-01T10:00:00Z", "2026-04-03T10:00:00Z"); /* April */
    /* Alfa, open at NOW: since 20 May, 10 working days (21, 22, 25–29 May, 1–3 June): overdue;
     * since 27 May, 5 (28, 29 May, 1–3 June): not overdue, the target is "more than 5". */
    question(d, alfa, "routed", "2026-05-20T10:00:00Z", "");
    question(d, alfa, "routed", "2026-05-27T10:00:00Z", "");
    /* Beta, answered in May: 1, 3 → median the 1st = 1, 90th percentile the ceil(1.8) = 2nd = 3.
     * Received 23:30 UTC on Thursday 21 May, 01:30 on Friday 22 local: only Monday 25 counts (UTC days would give 2).
     * Answered 22:30 UTC on 30 April, 00:30 on 1 May local: in May; 28, 29, 30 April count: 3. */
    question(d, beta, "answered", "2026-05-21T23:30:00Z", "2026-05-25T10:00:00Z");
    question(d, beta, "answered", "2026-04-27T10:00:00Z", "2026-04-30T22:30:00Z");
    /* Answered 22:30 UTC on 31 May, 00:30 on 1 June local: June; 26–29 May, 1 June: 5. */
    question(d, beta, "answered", "2026-05-25T10:00:00Z", "2026-05-31T22:30:00Z");
    question(d, beta, "closed", "2026-05-04T10:00:00Z", ""); /* closed without an answer: neither answered nor open */
    /* The coordinator's queue: answered one, 5–8, 11 May: 5; holds one since 2 June (1 working day). */
    question(d, 0, "answered", "2026-05-04T10:00:00Z", "2026-05-11T10:00:00Z");
    question(d, 0, "received", "2026-06-02T10:00:00Z", "");
    /* Delta answered in April only: no row in May. */
    question(d, delta, "answered", "2026-04-06T10:00:00Z", "2026-04-08T10:00:00Z");
    /* All in May: 0 1 2 3 5 5 9 → median the 4th = 3, 90th percentile the ceil(6.3) = 7th = 9;
     * open 3 (Alfa 2, the queue 1), overdue 1. */
    return d;
}

static void check_time(const question_answer_time *t, int n, int median, int p90, int open, int overdue, int line)
{
    if (t->n != n || (n > 0 && (t->median_days != median || t->p90_days != p90)) || t->open != open ||
        t->overdue != overdue)
        test_fail(__FILE__, line, "%s: %d %d %d %d %d, want %d %d %d %d %d", t->member_name, t->n, t->median_days,
                  t->p90_days, t->open, t->overdue, n, median, p90, open, overdue);
}
#define CHECK_TIME(t, n, med, p90, open, late) check_time(t, n, med, p90, open, late, __LINE__)



TEST(followup_questions_figures_of_a_hand_made_set)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2026-05-01", "2026-05-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc(NOW), &s, &e), DL_OK);
    const followup_questions *q = &s.questions;
    CHECK_INT_EQ(q->n_members, 3); /* Alfa, Beta, the coordinator's queue; not Delta (April), not Gamma */
    CHECK_INT_EQ(q->members_cut, 0);
    CHECK_INT_EQ(q->target_days, 5);
    if (q->n_members == 3) {
        CHECK_STR_EQ(q->members[0].member_name, "Alfa");
        CHECK_TIME(&q->members[0], 4, 2, 9, 2, 1);
        CHECK_STR_EQ(q->members[1].member_name, "Beta & <Syd>");
        CHECK_TIME(&q->members[1], 2, 1, 3, 0, 0);
        CHECK_INT_EQ(q->members[2].member_id, 0);
        CHECK_TIME(&q->members[2], 1, 5, 5, 1, 0);
    }
    CHECK_INT_EQ(q->all.member_id, -1);
    CHECK_TIME(&q->all, 7, 3, 9, 3, 1);

    /* HTML: the members by name (escaped), "–" where none answered, the line for all in the foot. */
    followup_render r = {.s = &s, .generated = "2026-06-03 12:00", .a = a};
    strbuf out;
    sb_init(&out, 8192);
    followup_render_html(&r, 1, &out);
    const char *h = sb_cstr(&out);
    CHECK(strstr(h, "<section class=\"report-part\" id=\"questions\">\n<h2>Frågor till nätverket</h2>") != NULL);
    CHECK(strstr(h, "<tr><th scope=\"row\">Alfa</th><td class=\"num\">4</td><td class=\"num\">2</td>"
                    "<td class=\"num\">9</td><td class=\"num\">2</td><td class=\"num\">1</td></tr>") != NULL);
    CHECK(strstr(h, "<tr><th scope=\"row\">Beta &amp; &lt;Syd&gt;</th><td class=\"num\">2</td><td class=\"num\">1</td>"
                    "<td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">0</td></tr>") != NULL);
    CHECK(strstr(h, "<tr><th scope=\"row\">Koordinatorns kö</th><td class=\"num\">1</td><td class=\"num\">5</td>"
                    "<td class=\"num\">5</td><td class=\"num\">1</td><td class=\"num\">0</td></tr>") != NULL);
    CHECK(strstr(h, "<tfoot><tr><th scope=\"row\">Alla</th><td class=\"num\">7</td><td class=\"num\">3</td>"
                    "<td class=\"num\">9</td><td class=\"num\">3</td><td class=\"num\">1</td></tr>") != NULL);
    CHECK(strstr(h, "<title>Median till svar per stödfunktion (arbetsdagar)</title>") != NULL);
    CHECK(strstr(h, "Beta & <Syd>") == NULL);
    CHECK(strstr(h, "försenad efter 5 arbetsdagar.") != NULL);
    sb_free(&out);

    /* CSV: three rows a member and for all; the days only on the answered row. */
    char *csv = followup_csv_text(&r);
    CHECK(csv != NULL);
    if (csv) {
        CHECK(strstr(csv, "\nquestion_member,answered,Alfa,4,2,9,\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_member,open,Alfa,2,\"\",\"\",\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_member,overdue,Alfa,1,\"\",\"\",\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_member,answered,Beta & <Syd>,2,1,3,\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_member,answered,Koordinatorns kö,1,5,5,\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_member,open,Koordinatorns kö,1,\"\",\"\",\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_all,answered,Alla,7,3,9,\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_all,open,Alla,3,\"\",\"\",\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_all,overdue,Alla,1,\"\",\"\",\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "Delta") == NULL);
        CHECK(strstr(csv, "Gamma") == NULL);
        free(csv);
    }

    /* In English: the queue and the line for all in words. */
    CHECK_INT_EQ(i18n_init(DATALOTS_SRC_LOCALEDIR, &e), DL_OK);
    followup_render en = r;
    en.english = 1;
    csv = followup_csv_text(&en);
    CHECK(csv != NULL);
    if (csv) {
        CHECK(strstr(csv, "\nquestion_member,answered,The coordinator's queue,1,5,5,\"\",\"\"\r\n") != NULL);
        CHECK(strstr(csv, "\nquestion_all,answered,All,7,3,9,\"\",\"\"\r\n") != NULL);
        free(csv);
    }
    sb_init(&out, 8192);
    followup_render_html(&en, 1, &out);
    CHECK(strstr(sb_cstr(&out), "<h2>Questions to the network</h2>") != NULL);
    sb_free(&out);

    /* June: Alfa's question answered on 2 June (2) and Beta's answered at 00:30 on 1 June local (5). */
    CHECK_INT_EQ(obstacle_period_parse("2026-06-01", "2026-06-30", &p, &e), DL_OK);
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc(NOW), &s, &e), DL_OK);
    CHECK_INT_EQ(s.questions.n_members, 3);
    if (s.questions.n_members == 3) {
        CHECK_STR_EQ(s.questions.members[0].member_name, "Alfa");
        CHECK_TIME(&s.questions.members[0], 1, 2, 2, 2, 1);
        CHECK_STR_EQ(s.questions.members[1].member_name, "Beta & <Syd>");
        CHECK_TIME(&s.questions.members[1], 1, 5, 5, 0, 0);
        CHECK_TIME(&s.questions.members[2], 0, 0, 0, 1, 0); /* the queue: nothing answered, one open */
    }
    CHECK_TIME(&s.questions.all, 2, 2, 5, 3, 1);
    arena_free(a);
    db_close(d);
}

TEST(followup_questions_period_without_answers)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2025-01-01", "2025-01-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc(NOW), &s, &e), DL_OK);
    /* The open questions are those of now, whatever the period: Alfa's two and the queue's one. */
    CHECK_INT_EQ(s.questions.n_members, 2);
    CHECK_TIME(&s.questions.all, 0, 0, 0, 3, 1);
    followup_render r = {.s = &s, .a = a};
    strbuf out;
    sb_init(&out, 8192);
    followup_render_html(&r, 1, &out);
    const char *h = sb_cstr(&out);
    CHECK(strstr(h, "<tfoot><tr><th scope=\"row\">Alla</th><td class=\"num\">0</td><td class=\"num\">–</td>"
                    "<td class=\"num\">–</td><td class=\"num\">3</td><td class=\"num\">1</td></tr>") != NULL);
    CHECK(strstr(h, "Median till svar per stödfunktion") == NULL); /* no chart when none answered */
    sb_free(&out);
    char *csv = followup_csv_text(&r);
    CHECK(csv != NULL);
    if (csv) {
        CHECK(strstr(csv, "\nquestion_all,answered,Alla,0,\"\",\"\",\"\",\"\"\r\n") != NULL);
        free(csv);
    }
    arena_free(a);
    db_close(d);
}

TEST(followup_questions_no_question_at_all)
{
    fixture_tz("Europe/Stockholm");
    db *d = fixture_store();
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2026-05-01", "2026-05-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc(NOW), &s, &e), DL_OK);
    CHECK_INT_EQ(s.questions.n_members, 0);
    CHECK_INT_EQ(s.questions.all.member_id, -1);
    CHECK_TIME(&s.questions.all, 0, 0, 0, 0, 0);
    arena_free(a);
    db_close(d);
}
