/* test_followup_usage.c — the follow-up's knowledge-guide use and
 * satisfaction parts (store/followup_usage.c, rendered by report/followup_*)
 * on a set made by hand, on SQLite and on PostgreSQL, the expected figures
 * worked out by hand below; the in-memory view counter (web/guide_views.c):
 * its rule, its flush as an upsert, its bound; and the survey's store
 * (store/case_survey.c): one per case, one answer, hostile and oversized
 * answers refused with nothing written, expiry; and that exactly the
 * closing rows of the case's table send the survey. */
#include "test.h"
#include "followup_csv.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/case_flow.h"
#include "core/clock.h"
#include "report/followup_render.h"
#include "store/case_survey.h"
#include "store/followup.h"
#include "store/guide_views.h"
#include "web/guide_views.h"

static int64_t add_case(db *d, int64_t org, const char *dnr)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO cases(org_id, state, process, created_at, updated_at, closed_at, decision_outcome,"
             " decision_conditions, diary_number) VALUES (%lld, 'delivered', 1, '2026-02-01T08:00:00Z',"
             " '2026-02-01T08:00:00Z', '', 'approved', '', '%s')",
             (long long)org, dnr);
    fixture_exec(d, sql);
    return fixture_int(d, "SELECT MAX(id) FROM cases");
}

/* A survey of case c sent at `sent` (UTC), answered at `answered` ("" not) with score and comment. */
static void survey(db *d, int64_t c, const char *sent, const char *answered, int score, const char *comment)
{
    char sql[768];
    int64_t s = clock_parse_iso_utc(sent), a = *answered ? clock_parse_iso_utc(answered) : 0;
    if (*answered)
        snprintf(sql, sizeof sql,
                 "INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at, answered_at, score, comment)"
                 " VALUES (%lld, 'h%lld', %lld, %lld, %lld, %d, '%s')",
                 (long long)c, (long long)c, (long long)s, (long long)(s + 60 * 86400), (long long)a, score, comment);
    else
        snprintf(sql, sizeof sql,
                 "INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at) VALUES (%lld, 'h%lld', %lld, %lld)",
                 (long long)c, (long long)c, (long long)s, (long long)(s + 60 * 86400));
    fixture_exec(d, sql);
}

static db *hand_made(void)
{
    db *d = fixture_store();
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Region Test", "RT", "");
    fixture_exec(d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories,"
                    " reviewed, responsible, body, latest_version, published_version, updated_at) VALUES"
                    " ('patientregistret', 'data', 'dataset', 'Patientregistret', 'The patient register', '', '',"
                    " '', '2026-01-01', '', '', 1, 1, '2026-01-01T00:00:00Z'),"
                    " ('samkorning', 'metod', 'method', 'Samkörning av register', '', '', '', '', '2026-01-01', '',"
                    " '', 1, 1, '2026-01-01T00:00:00Z')");
    /* March: patientregistret 4 + 3 = 7, samkorning 5, a page since removed 1; total 13 on 3 pages.
     * The 28th of February and the 1st of April are outside. */
    fixture_exec(d, "INSERT INTO guide_view_day(item_id, day, views) VALUES ('patientregistret', '2026-03-01', 4),"
                    " ('patientregistret', '2026-03-31', 3), ('patientregistret', '2026-04-01', 100),"
                    " ('samkorning', '2026-03-15', 5), ('samkorning', '2026-02-28', 50), ('borttagen', '2026-03-10', 1)");
    /* Sent in March: five (the last at 23:00 on the 31st); answered four: 5, 4, 2, 3 → mean 3.5,
     * median the 2nd smallest of 2 3 4 5 = 3, rate 4/5 = 80 %. Comments: two, oldest answer first.
     * The survey sent on 1 April (score 1) is outside. */
    int64_t c[6];
    for (int i = 0; i < 6; i++) {
        char dnr[32];
        snprintf(dnr, sizeof dnr, "RT 2026-%d", i + 1);
        c[i] = add_case(d, org, dnr);
    }
    survey(d, c[0], "2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z", 5, "Snabbt och tydligt");
    survey(d, c[1], "2026-03-05T08:00:00Z", "2026-03-06T08:00:00Z", 4, "");
    survey(d, c[2], "2026-03-10T08:00:00Z", "2026-03-12T08:00:00Z", 2, "=cmd|'' /C calc''!A0");
    survey(d, c[3], "2026-03-20T08:00:00Z", "", 0, "");
    survey(d, c[4], "2026-03-31T23:00:00Z", "2026-04-02T08:00:00Z", 3, "");
    survey(d, c[5], "2026-04-01T00:00:00Z", "2026-04-01T09:00:00Z", 1, "Utanför perioden");
    return d;
}


TEST(followup_usage_figures_of_a_hand_made_set)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2026-03-01", "2026-03-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc("2026-04-05T00:00:00Z"), &s, &e), DL_OK);
    CHECK_INT_EQ(s.views.views_total, 13);
    CHECK_INT_EQ(s.views.pages_viewed, 3);
    CHECK_INT_EQ(s.views.n_pages, 3);
    CHECK_STR_EQ(s.views.pages[0].title, "Patientregistret");
    CHECK_INT_EQ(s.views.pages[0].n, 7);
    CHECK_STR_EQ(s.views.pages[1].title, "Samkörning av register");
    CHECK_INT_EQ(s.views.pages[1].n, 5);
    CHECK_STR_EQ(s.views.pages[2].title, "borttagen"); /* no item any more: its id is all there is */
    CHECK_INT_EQ(s.survey.sent, 5);
    CHECK_INT_EQ(s.survey.answered, 4);
    CHECK_INT_EQ(followup_survey_rate(&s.survey), 80);
    CHECK_INT_EQ(s.survey.by_score[0], 0);
    CHECK_INT_EQ(s.survey.by_score[1], 1);
    CHECK_INT_EQ(s.survey.by_score[2], 1);
    CHECK_INT_EQ(s.survey.by_score[3], 1);
    CHECK_INT_EQ(s.survey.by_score[4], 1);
    CHECK(s.survey.mean > 3.499 && s.survey.mean < 3.501);
    CHECK_INT_EQ(s.survey.median, 3);
    CHECK_INT_EQ(s.survey.n_comments, 2);
    CHECK_STR_EQ(s.survey.comments[0].text, "Snabbt och tydligt");
    CHECK_INT_EQ(s.survey.comments[0].score, 5);
    CHECK_STR_EQ(s.survey.comments[0].answered_on, "2026-03-03");
    CHECK_INT_EQ(s.survey.comments[1].score, 2);

    /* HTML: titles (not ids) with the total; the Swedish decimal comma; hostile text escaped. */
    followup_render r = {.s = &s, .generated = "2026-04-05 10:00", .a = a};
    strbuf out;
    sb_init(&out, 8192);
    followup_render_html(&r, 1, &out);
    const char *h = sb_cstr(&out);
    CHECK(strstr(h, "<a href=\"/guide/patientregistret\">Patientregistret</a></th><td class=\"num\">7</td>") != NULL);
    CHECK(strstr(h, "<th scope=\"row\">Totalt, alla sidor</th><td class=\"num\">13</td>") != NULL);
    CHECK(strstr(h, "<dd>80&nbsp;%</dd>") != NULL);
    CHECK(strstr(h, "<dd>3,5</dd>") != NULL);
    CHECK(strstr(h, "<th scope=\"row\">2 – Ganska missnöjd</th><td class=\"num\">1</td>") != NULL);
    CHECK(strstr(h, "=cmd|&#39; /C calc&#39;!A0") != NULL || strstr(h, "=cmd|&#x27; /C calc&#x27;!A0") != NULL);
    sb_free(&out);

    /* CSV: one row a figure, the mean with a point, the comment's formula guarded. */
    char *csv = followup_csv_text(&r);
    CHECK(csv != NULL);
    CHECK(strstr(csv, "guide_views,total,Visningar av kunskapsguidens sidor,13,") != NULL);
    CHECK(strstr(csv, "guide_page,patientregistret,Patientregistret,7,") != NULL);
    CHECK(strstr(csv, "survey,sent,Skickade enkäter,5,") != NULL);
    CHECK(strstr(csv, "survey,answered,Besvarade enkäter,4,") != NULL);
    CHECK(strstr(csv, "survey,answer_rate_percent,Svarsfrekvens (%),80,") != NULL);
    CHECK(strstr(csv, "survey,mean,Medelvärde,3.5,") != NULL);
    CHECK(strstr(csv, "survey,median,Median,3,") != NULL);
    CHECK(strstr(csv, "survey_score,4,Ganska nöjd,1,") != NULL);
    CHECK(strstr(csv, "survey_comment,2026-03-12,'=cmd|' /C calc'!A0,2,") != NULL);
    CHECK(strstr(csv, "Utanför perioden") == NULL);
    free(csv);
    arena_free(a);
    db_close(d);
}

TEST(followup_usage_empty_period)
{
    db *d = hand_made();
    arena *a = arena_new(16384);
    obstacle_period p;
    dl_error e;
    CHECK_INT_EQ(obstacle_period_parse("2025-01-01", "2025-01-31", &p, &e), DL_OK);
    followup_summary s;
    CHECK_INT_EQ(followup_summary_load(d, a, &p, clock_parse_iso_utc("2026-04-05T00:00:00Z"), &s, &e), DL_OK);
    CHECK_INT_EQ(s.views.views_total, 0);
    CHECK_INT_EQ(s.survey.sent, 0);
    CHECK_INT_EQ(followup_survey_rate(&s.survey), -1);
    CHECK_INT_EQ(s.survey.median, -1);
    followup_render r = {.s = &s, .a = a};
    strbuf out;
    sb_init(&out, 8192);
    followup_render_html(&r, 1, &out);
    CHECK(strstr(sb_cstr(&out), "Nöjdhet") != NULL);
    sb_free(&out);
    arena_free(a);
    db_close(d);
}

TEST(guide_views_count_in_memory_and_flush_as_an_upsert)
{
    db *d = fixture_store();
    guide_views *v = guide_views_new();
    CHECK(v != NULL);
    for (int i = 0; i < 3; i++) guide_views_add_one(v, "patientregistret", 16, "2026-03-01");
    guide_views_add_one(v, "samkorning", 10, "2026-03-01");
    guide_views_add_one(v, "samkorning", 10, "2026-03-02");
    guide_views_add_one(v, "x", 0, "2026-03-02");          /* no id: not counted */
    guide_views_add_one(v, "samkorning", 10, "2026-3-2");  /* not a day: not counted */
    dl_error e;
    int64_t n = 0;
    CHECK_INT_EQ(guide_views_flush(v, d, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 5);
    CHECK_INT_EQ(fixture_int(d, "SELECT views FROM guide_view_day WHERE item_id = 'patientregistret' AND day = '2026-03-01'"), 3);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM guide_view_day"), 3);
    /* A second batch adds to the first; an empty flush writes nothing. */
    guide_views_add_one(v, "patientregistret", 16, "2026-03-01");
    CHECK_INT_EQ(guide_views_flush(v, d, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(guide_views_flush(v, d, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT views FROM guide_view_day WHERE item_id = 'patientregistret' AND day = '2026-03-01'"), 4);
    /* Bounded: past three quarters of the slots, new pages are dropped and counted as such. */
    char id[32];
    for (int i = 0; i < GUIDE_VIEWS_SLOTS; i++) {
        snprintf(id, sizeof id, "sida-%d", i);
        guide_views_add_one(v, id, strlen(id), "2026-03-03");
    }
    CHECK_INT_EQ((int64_t)guide_views_dropped(v), GUIDE_VIEWS_SLOTS / 4);
    CHECK_INT_EQ(guide_views_flush(v, d, &n, &e), DL_OK);
    CHECK_INT_EQ(n, GUIDE_VIEWS_SLOTS - GUIDE_VIEWS_SLOTS / 4);
    guide_views_free(v);
    db_close(d);
}

TEST(guide_views_rule)
{
    CHECK_INT_EQ(guide_views_bot("Mozilla/5.0 (compatible; Googlebot/2.1)"), 1);
    CHECK_INT_EQ(guide_views_bot("Some-Crawler 1.0"), 1);
    CHECK_INT_EQ(guide_views_bot("SPIDER"), 1);
    CHECK_INT_EQ(guide_views_bot("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"), 0);
    CHECK_INT_EQ(guide_views_bot(NULL), 0);
    request r;
    memset(&r, 0, sizeof r);
    r.method = HTTP_GET;
    r.res.status = 200;
    r.n_params = 1;
    r.params[0] = "patientregistret";
    r.param_lens[0] = 16;
    CHECK_INT_EQ(guide_views_counts(&r), 1);
    r.res.status = 304;
    CHECK_INT_EQ(guide_views_counts(&r), 1); /* the browser's copy is still good: a view */
    r.res.status = 404;
    CHECK_INT_EQ(guide_views_counts(&r), 0);
    r.res.status = 303;
    CHECK_INT_EQ(guide_views_counts(&r), 0);
    r.res.status = 200;
    r.method = HTTP_HEAD;
    CHECK_INT_EQ(guide_views_counts(&r), 0);
    r.method = HTTP_GET;
    r.wants_json = 1;
    CHECK_INT_EQ(guide_views_counts(&r), 0);
    r.wants_json = 0;
    r.params[0] = "patientregistret.ttl";
    r.param_lens[0] = 20;
    CHECK_INT_EQ(guide_views_counts(&r), 0);
    r.params[0] = "patientregistret";
    r.param_lens[0] = 16;
    authz_grant editor = {ROLE_EDITOR, "/"};
    r.user_id = 7;
    r.subject = (authz_subject){7, &editor, 1};
    CHECK_INT_EQ(guide_views_counts(&r), 0); /* an editor's own reading */
    authz_grant applicant = {ROLE_APPLICANT, "/"};
    r.subject = (authz_subject){7, &applicant, 1};
    CHECK_INT_EQ(guide_views_counts(&r), 1);
}

TEST(case_survey_one_answer_hostile_input_refused)
{
    db *d = fixture_store();
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Region Test", "RT", "");
    int64_t c = add_case(d, org, "RT 2026-9");
    int64_t now = clock_parse_iso_utc("2026-03-02T08:00:00Z");
    char token[65];
    dl_error e;
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(case_survey_create_in_tx(d, c, now, token, &e), DL_OK);
    CHECK_INT_EQ((int64_t)strlen(token), 64);
    char again[65];
    CHECK_INT_EQ(case_survey_create_in_tx(d, c, now, again, &e), DL_OK); /* one per case */
    CHECK_STR_EQ(again, "");
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_survey"), 1);
    /* only the hash is kept */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_survey WHERE token_hash = (SELECT token_hash FROM case_survey) AND length(token_hash) = 64"), 1);
    arena *a = arena_new(4096);
    case_survey v;
    CHECK_INT_EQ(case_survey_find(d, a, token, now, &v, &e), DL_OK);
    CHECK_INT_EQ(v.case_id, c);
    CHECK_STR_EQ(v.diary_number, "RT 2026-9");
    char wrong[65];
    memcpy(wrong, token, 65);
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    CHECK_INT_EQ(case_survey_find(d, a, wrong, now, &v, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(case_survey_find(d, a, "'; DROP TABLE case_survey; --", now, &v, &e), DL_ENOTFOUND);
    /* a score outside 1–5, an oversized comment, bytes that are not UTF-8: refused, nothing written */
    CHECK_INT_EQ(case_survey_answer(d, token, 0, "", now, &e), DL_EINVAL);
    CHECK_INT_EQ(case_survey_answer(d, token, 6, "", now, &e), DL_EINVAL);
    char *big = malloc(2002);
    memset(big, 'x', 2001);
    big[2001] = 0;
    CHECK_INT_EQ(case_survey_answer(d, token, 4, big, now, &e), DL_EINVAL);
    big[2000] = 0; /* exactly 2000: fine, but first the bad bytes */
    CHECK_INT_EQ(case_survey_answer(d, token, 4, "\xff\xfe", now, &e), DL_EINVAL);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_survey WHERE answered_at IS NOT NULL"), 0);
    /* 2000 characters of å (4000 bytes) are within the limit */
    char *swedish = malloc(4001);
    for (int i = 0; i < 2000; i++) { swedish[2 * i] = (char)0xc3; swedish[2 * i + 1] = (char)0xa5; }
    swedish[4000] = 0;
    CHECK_INT_EQ(case_survey_answer(d, token, 4, swedish, now + 60, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT score FROM case_survey"), 4);
    CHECK_INT_EQ(fixture_int(d, "SELECT length(comment) FROM case_survey"), 2000);
    /* twice: refused with a sentence, the first answer kept */
    CHECK_INT_EQ(case_survey_answer(d, token, 1, big, now + 120, &e), DL_ECONFLICT);
    CHECK(strstr(e.msg, "redan svarat") != NULL);
    CHECK_INT_EQ(fixture_int(d, "SELECT score FROM case_survey"), 4);
    CHECK_INT_EQ(case_survey_find(d, a, token, now, &v, &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.survey_answer'"), 1);
    /* expired: 60 days after it was sent */
    int64_t c2 = add_case(d, org, "RT 2026-10");
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(case_survey_create_in_tx(d, c2, now, token, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(case_survey_answer(d, token, 5, "", now + 60 * 86400, &e), DL_ECONFLICT);
    CHECK(strstr(e.msg, "gått ut") != NULL);
    CHECK_INT_EQ(case_survey_answer(d, token, 5, "", now + 60 * 86400 - 1, &e), DL_OK);
    free(big);
    free(swedish);
    arena_free(a);
    db_close(d);
}

/* The survey is the table's decision: exactly the rows that close a case
 * that was submitted (refused, delivered, withdrawn after the draft) carry
 * NOTIFY_SURVEY. */
TEST(case_flow_closing_rows_send_the_survey)
{
    int n = 0;
    const case_transition_rule *rows = case_flow_table(&n);
    int closing = 0;
    for (int i = 0; i < n; i++) {
        int closes = case_state_is_open(rows[i].from) && !case_state_is_open(rows[i].to) && rows[i].from != CASE_DRAFT;
        if (closes) closing++;
        if (((rows[i].notify & NOTIFY_SURVEY) != 0) != closes)
            test_fail(__FILE__, __LINE__, "%s --%s--> %s: NOTIFY_SURVEY %s", case_state_key(rows[i].from),
                      case_event_key(rows[i].event), case_state_key(rows[i].to), closes ? "missing" : "where nothing closes");
    }
    CHECK_INT_EQ(closing, 12); /* refuse ×2, deliver ×2, withdraw from eight submitted states */
}
