/* test_questions_store.c — store/questions.h on SQLite and (with
 * DATALOTS_TEST_PG) PostgreSQL: asking refuses every malformed field and
 * writes nothing then; the stored rules route as core/question_route.h
 * says; who handles a question (the coordinator's role, a member's contact
 * by e-mail address in any case, no one else); every step writes its event
 * and audit row, the answer its mail (to the asker, with the answer and a
 * link whose token only the mail holds) and, when general, a guide draft
 * linked both ways; a refused step changes nothing; the answer times
 * against values worked out by hand from fixed instants. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "crypto/token.h"
#include "store/questions.h"

/* 2026-11-09 (a Monday) 12:00 UTC, and whole days after it. */
#define MON 1794225600LL
#define DAY 86400LL

typedef struct world {
    db *d;
    int64_t norr, syd, olof_id, amina_id, outsider_id;
    authz_grant coord_grant;
    authz_subject coord, olof, amina, outsider;
    question_actor a_coord, a_olof, a_amina, a_outsider, a_public;
} world;

static int64_t member(db *d, const char *name, const char *contact)
{
    char sql[512];
    snprintf(sql, sizeof sql, "INSERT INTO network_member(name, created_at) VALUES ('%s', '2026-01-01T00:00:00Z')", name);
    fixture_exec(d, sql);
    snprintf(sql, sizeof sql, "SELECT id FROM network_member WHERE name = '%s'", name);
    int64_t id = fixture_int(d, sql);
    snprintf(sql, sizeof sql, "INSERT INTO network_contact(member_id, name, email) VALUES (%" PRId64 ", 'K', '%s')", id,
             contact);
    fixture_exec(d, sql);
    return id;
}

static int64_t user_with_mail(db *d, const char *name, const char *mail)
{
    int64_t id = fixture_user(d, name);
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE users SET email = '%s' WHERE id = %" PRId64, mail, id);
    fixture_exec(d, sql);
    return id;
}

static void setup(world *w)
{
    memset(w, 0, sizeof *w);
    w->d = fixture_store();
    w->norr = member(w->d, "Norr", "olof.berg@norr.example.se");
    w->syd = member(w->d, "Syd", "amina@syd.example.se");
    int64_t coord_id = fixture_user(w->d, "natverk");
    w->olof_id = user_with_mail(w->d, "olof", "Olof.Berg@NORR.example.se");
    w->amina_id = user_with_mail(w->d, "amina", "amina@syd.example.se");
    w->outsider_id = user_with_mail(w->d, "utanfor", "annan@example.se");
    w->coord_grant = (authz_grant){ROLE_NETWORK_COORDINATOR, "/"};
    w->coord = (authz_subject){coord_id, &w->coord_grant, 1};
    w->olof = (authz_subject){w->olof_id, NULL, 0};
    w->amina = (authz_subject){w->amina_id, NULL, 0};
    w->outsider = (authz_subject){w->outsider_id, NULL, 0};
    w->a_coord = (question_actor){&w->coord, {coord_id, "natverk"}, "https://dl.example.se"};
    w->a_olof = (question_actor){&w->olof, {w->olof_id, "olof"}, "https://dl.example.se"};
    w->a_amina = (question_actor){&w->amina, {w->amina_id, "amina"}, "https://dl.example.se"};
    w->a_outsider = (question_actor){&w->outsider, {w->outsider_id, "utanfor"}, "https://dl.example.se"};
    w->a_public = (question_actor){NULL, {0, "public"}, "https://dl.example.se"};
    dl_error e;
    /* Norr: find-data, quality registers, "Region Norrbotten"; Syd: access, patient records. */
    CHECK_INT_EQ(question_routes_set(w->d, &w->a_coord, w->norr, 1u << QT_FIND_DATA, 1u << QD_QUALITY_REGISTER,
                                     "Region Norrbotten\n", &e), DL_OK);
    CHECK_INT_EQ(question_routes_set(w->d, &w->a_coord, w->syd, 1u << QT_ACCESS, 1u << QD_PATIENT_RECORD, "", &e),
                 DL_OK);
}

static int64_t ask(world *w, int topic, int type, const char *holder, const char *body, int64_t at, int64_t *member_id)
{
    question_ask_in in = {topic, type, holder, body, "fragare@example.se", "sv"};
    int64_t id = 0, m = 0;
    dl_error e;
    dl_err rc = question_ask(w->d, &w->a_public, &in, at, &id, &m, &e);
    if (rc != DL_OK) test_fail(__FILE__, __LINE__, "ask: %s", e.msg);
    if (member_id) *member_id = m;
    return id;
}

TEST(questions_store_ask_refuses_bad_fields_and_writes_nothing)
{
    world w;
    setup(&w);
    char big[QUESTION_BODY_MAX + 10];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const struct { int topic, type; const char *holder, *body, *email, *want; } bad[] = {
        {-1, QD_OTHER, "", "Vem beslutar om data?", "a@example.se", "Välj vad frågan gäller"},
        {QUESTION_TOPIC__MAX, QD_OTHER, "", "Vem beslutar om data?", "a@example.se", "Välj vad frågan gäller"},
        {QT_ACCESS, 99, "", "Vem beslutar om data?", "a@example.se", "sorts data"},
        {QT_ACCESS, QD_OTHER, "Rad\nRad", "Vem beslutar om data?", "a@example.se", "Datahållarens namn"},
        {QT_ACCESS, QD_OTHER, "", "   ", "a@example.se", "Skriv din fråga."},
        {QT_ACCESS, QD_OTHER, "", "Vem?", "a@example.se", "några fler ord"},
        {QT_ACCESS, QD_OTHER, "", big, "a@example.se", "5 000 tecken"},
        {QT_ACCESS, QD_OTHER, "", "Vem beslutar \x01 om data?", "a@example.se", "styrtecken"},
        {QT_ACCESS, QD_OTHER, "", "Vem beslutar om \xff data?", "a@example.se", "5 000 tecken"},
        {QT_ACCESS, QD_OTHER, "", "Vem beslutar om data?", "inte-en-adress", "giltig e-postadress"},
        {QT_ACCESS, QD_OTHER, "", "Vem beslutar om data?", "", "giltig e-postadress"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        question_ask_in in = {bad[i].topic, bad[i].type, bad[i].holder, bad[i].body, bad[i].email, "sv"};
        int64_t id = 5, m = 5;
        dl_error e;
        CHECK_INT_EQ(question_ask(w.d, &w.a_public, &in, MON, &id, &m, &e), DL_EINVAL);
        CHECK_CONTAINS(e.msg, bad[i].want);
        CHECK_INT_EQ((int)id, 0);
    }
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM question"), 0);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM question_event"), 0);
    db_close(w.d);
}

TEST(questions_store_routes_by_the_stored_rules)
{
    world w;
    setup(&w);
    int64_t m = -1;
    ask(&w, QT_ACCESS, QD_PATIENT_RECORD, "", "Vem beslutar om journaldata?", MON, &m);
    CHECK_INT_EQ((int)m, (int)w.syd);
    /* Syd's data type (2) against Norr's holder and topic (4 + 1). */
    ask(&w, QT_FIND_DATA, QD_PATIENT_RECORD, " region NORRBOTTEN ", "Var finns journaldata i norr?", MON, &m);
    CHECK_INT_EQ((int)m, (int)w.norr);
    int64_t id = ask(&w, QT_OTHER, QD_OTHER, "", "Något helt annat än data?", MON, &m);
    CHECK_INT_EQ((int)m, 0);
    arena *a = arena_new(8192);
    question_rec q;
    dl_error e;
    CHECK_INT_EQ(question_get(w.d, a, id, MON, &q, &e), DL_OK);
    CHECK_INT_EQ((int)q.state, (int)QS_RECEIVED);
    CHECK_STR_EQ(q.member_name, "");
    /* Each question has its "received" event; the routed ones a "routed" one too. */
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM question_event WHERE event = 'received'"), 3);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM question_event WHERE event = 'routed'"), 2);
    /* No audit row names the asker's address. */
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%fragare%'"), 0);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'question.ask'"), 3);
    /* Replacing Syd's rules: access gone, so the next access question goes to the coordinator. */
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_coord, w.syd, 0, 1u << QD_BIOBANK, "", &e), DL_OK);
    ask(&w, QT_ACCESS, QD_PATIENT_RECORD, "", "Vem beslutar om journaldata nu?", MON, &m);
    CHECK_INT_EQ((int)m, 0);
    arena_free(a);
    db_close(w.d);
}

TEST(questions_store_rules_only_by_the_coordinator_and_checked)
{
    world w;
    setup(&w);
    dl_error e;
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_olof, w.norr, 1, 0, "", &e), DL_EDENIED);
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_coord, 999999, 1, 0, "", &e), DL_ENOTFOUND);
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_coord, w.norr, 1u << QUESTION_TOPIC__MAX, 0, "", &e), DL_EINVAL);
    char many[4096] = "";
    for (int i = 0; i < 21; i++) snprintf(many + strlen(many), sizeof many - strlen(many), "Region %d\n", i);
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_coord, w.norr, 0, 0, many, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "högst 20 datahållare");
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_coord, w.norr, 0, 0, "a\x01" "b", &e), DL_EINVAL);
    /* Refused: Norr's three rows are as they were. */
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM question_route WHERE member_id IN (SELECT id FROM"
                                       " network_member WHERE name = 'Norr')"), 3);
    /* A holder twice in other case is kept once. */
    CHECK_INT_EQ(question_routes_set(w.d, &w.a_coord, w.norr, 0, 0, "IVO\n ivo \n\nSCB", &e), DL_OK);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM question_route WHERE kind = 'holder' AND member_id IN"
                                       " (SELECT id FROM network_member WHERE name = 'Norr')"), 2);
    arena *a = arena_new(8192);
    question_member_routes r[8];
    int n = 0;
    CHECK_INT_EQ(question_routes_list(w.d, a, r, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(r[0].member_name, "Norr");
    CHECK_STR_EQ(r[0].holders, "IVO\nSCB");
    CHECK_INT_EQ((int)r[1].topics, 1 << QT_ACCESS);
    arena_free(a);
    db_close(w.d);
}

TEST(questions_store_who_handles)
{
    world w;
    setup(&w);
    int coord = 0, n = 0;
    int64_t members[4];
    CHECK_INT_EQ(question_queue_access(w.d, &w.a_coord, &coord, members, 4, &n), 1);
    CHECK_INT_EQ(coord, 1);
    CHECK_INT_EQ(question_queue_access(w.d, &w.a_olof, &coord, members, 4, &n), 1); /* address in other case */
    CHECK_INT_EQ(coord, 0);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ((int)members[0], (int)w.norr);
    CHECK_INT_EQ(question_queue_access(w.d, &w.a_outsider, &coord, members, 4, &n), 0);
    CHECK_INT_EQ(question_queue_access(w.d, &w.a_public, &coord, members, 4, &n), 0);
    question_rec q = {.member_id = w.syd};
    CHECK_INT_EQ((int)question_facts(w.d, &w.a_amina, &q), QG_HANDLER);
    CHECK_INT_EQ((int)question_facts(w.d, &w.a_olof, &q), 0);
    CHECK_INT_EQ((int)question_facts(w.d, &w.a_coord, &q), QG_HANDLER | QG_COORDINATOR);
    db_close(w.d);
}

TEST(questions_store_route_handover_answer)
{
    world w;
    setup(&w);
    int64_t m = 0;
    int64_t id = ask(&w, QT_OTHER, QD_OTHER, "", "Hur upphandlar man analystjänster?", MON, &m);
    dl_error e;
    question_step_in to_norr = {.member_id = w.norr};
    /* Only the coordinator routes from the coordinator's queue. */
    CHECK_INT_EQ(question_step(w.d, &w.a_olof, id, QE_ROUTE, &to_norr, MON + 60, &e), DL_EDENIED);
    CHECK_INT_EQ(question_step(w.d, &w.a_coord, id, QE_ROUTE, &to_norr, MON + 60, &e), DL_OK);
    /* Hand-over: a note, another member, by Norr's contact (not Syd's). */
    question_step_in hand = {.member_id = w.syd, .note = "Syd sköter upphandling."};
    question_step_in no_note = {.member_id = w.syd, .note = " "};
    question_step_in same = {.member_id = w.norr, .note = "x"};
    CHECK_INT_EQ(question_step(w.d, &w.a_amina, id, QE_HANDOVER, &hand, MON + 120, &e), DL_EDENIED);
    CHECK_INT_EQ(question_step(w.d, &w.a_olof, id, QE_HANDOVER, &no_note, MON + 120, &e), DL_EINVAL);
    CHECK_INT_EQ(question_step(w.d, &w.a_olof, id, QE_HANDOVER, &same, MON + 120, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "redan hos Norr");
    CHECK_INT_EQ(question_step(w.d, &w.a_olof, id, QE_HANDOVER, &hand, MON + 120, &e), DL_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM question_event WHERE question_id = %" PRId64 " AND event = 'handover'"
                              " AND note = 'Syd sköter upphandling.'", id);
    CHECK_INT_EQ((int)fixture_int(w.d, sql), 1);
    /* The answer: by Syd, general, so mailed and a guide draft. */
    question_step_in ans = {.answer = "Kontakta regionens upphandlingsenhet.", .general = 1,
                            .title = "Upphandling av analystjänster", .summary = "Upphandlingsenheten svarar"};
    question_step_in untitled = {.answer = "Svar", .general = 1};
    CHECK_INT_EQ(question_step(w.d, &w.a_olof, id, QE_ANSWER, &ans, MON + 3 * DAY, &e), DL_EDENIED);
    CHECK_INT_EQ(question_step(w.d, &w.a_amina, id, QE_ANSWER, &untitled, MON + 3 * DAY, &e), DL_EINVAL);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox"), 0); /* the refused answer mailed nothing */
    CHECK_INT_EQ(question_step(w.d, &w.a_amina, id, QE_ANSWER, &ans, MON + 3 * DAY, &e), DL_OK);
    CHECK_INT_EQ(question_step(w.d, &w.a_amina, id, QE_ANSWER, &ans, MON + 4 * DAY, &e), DL_ECONFLICT);
    arena *a = arena_new(16384);
    question_rec q;
    CHECK_INT_EQ(question_get(w.d, a, id, MON + 5 * DAY, &q, &e), DL_OK);
    CHECK_INT_EQ((int)q.state, (int)QS_ANSWERED);
    CHECK_STR_EQ(q.member_name, "Syd");
    CHECK_INT_EQ(q.working_days, 3); /* Monday → Thursday */
    char gid[48];
    snprintf(gid, sizeof gid, "fraga-%" PRId64 "-svar", id);
    CHECK_STR_EQ(q.guide_item_id, gid);
    int64_t back = 0;
    CHECK_INT_EQ(question_of_guide(w.d, gid, &back, &e), DL_OK);
    CHECK_INT_EQ((int)back, (int)id);
    CHECK_INT_EQ(question_of_guide(w.d, "ingen-sadan", &back, &e), DL_ENOTFOUND);
    snprintf(sql, sizeof sql, "SELECT published_version FROM guide_item WHERE id = '%s'", gid);
    CHECK_INT_EQ((int)fixture_int(w.d, sql), 0);
    /* The mail: to the asker, with the answer and the link; the token only in the mail. */
    db_stmt *s = db_prepare(w.d, "SELECT to_addr, body_text, kind FROM outbox", &e);
    CHECK(s != NULL);
    char body[4096] = "", to[128] = "";
    if (s && db_step(s, &e) == DB_ROW) {
        snprintf(to, sizeof to, "%s", db_col_text(s, 0));
        snprintf(body, sizeof body, "%s", db_col_text(s, 1));
        CHECK_STR_EQ(db_col_text(s, 2), "question.answer");
    }
    if (s) db_stmt_done(s);
    CHECK_STR_EQ(to, "fragare@example.se");
    CHECK_CONTAINS(body, "Kontakta regionens upphandlingsenhet.");
    CHECK_CONTAINS(body, "Syd har svarat");
    const char *t = strstr(body, "/fragor/svar?t=");
    CHECK(t != NULL);
    char token[65] = "";
    if (t) snprintf(token, sizeof token, "%.64s", t + strlen("/fragor/svar?t="));
    question_rec byt;
    CHECK_INT_EQ(question_by_token(w.d, a, token, &byt, &e), DL_OK);
    CHECK_INT_EQ((int)byt.id, (int)id);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM question WHERE token_hash = '%s'", hash);
    CHECK_INT_EQ((int)fixture_int(w.d, sql), 1);
    CHECK_INT_EQ(question_by_token(w.d, a, "0000000000000000000000000000000000000000000000000000000000000000", &byt, &e),
                 DL_ENOTFOUND);
    CHECK_INT_EQ(question_by_token(w.d, a, "kort", &byt, &e), DL_ENOTFOUND);
    /* Audit: route, handover, answer; never the asker's address. */
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action IN ('question.route',"
                                       " 'question.handover', 'question.answer')"), 3);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%fragare%'"), 0);
    arena_free(a);
    db_close(w.d);
}

TEST(questions_store_answer_times_by_hand)
{
    world w;
    setup(&w);
    dl_error e;
    /* Syd answers three: Mon→Thu (3), Mon+7→Tue+8 (1), Mon→Wed+9 (7);
     * Norr one: Fri+11→Tue+15 (2); one open with Norr since Mon (overdue
     * at Mon+14: 10 working days), one open in the coordinator's queue. */
    const struct { int topic, type; int64_t asked, answered; } qs[] = {
        {QT_ACCESS, QD_PATIENT_RECORD, MON, MON + 3 * DAY},
        {QT_ACCESS, QD_PATIENT_RECORD, MON + 7 * DAY, MON + 8 * DAY},
        {QT_ACCESS, QD_PATIENT_RECORD, MON, MON + 9 * DAY},
        {QT_FIND_DATA, QD_QUALITY_REGISTER, MON + 11 * DAY, MON + 15 * DAY},
        {QT_FIND_DATA, QD_QUALITY_REGISTER, MON, 0},
        {QT_OTHER, QD_OTHER, MON + 13 * DAY, 0},
    };
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        int64_t m = 0, id = ask(&w, qs[i].topic, qs[i].type, "", "En fråga för svarstiderna.", qs[i].asked, &m);
        if (!qs[i].answered) continue;
        question_step_in ans = {.answer = "Ett svar."};
        const question_actor *by = m == w.syd ? &w.a_amina : &w.a_olof;
        CHECK_INT_EQ(question_step(w.d, by, id, QE_ANSWER, &ans, qs[i].answered, &e), DL_OK);
    }
    arena *a = arena_new(1 << 20);
    question_answer_time t[8];
    int n = 0;
    CHECK_INT_EQ(question_answer_times_load(w.d, a, NULL, NULL, MON + 14 * DAY, t, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4); /* Norr, Syd, the coordinator's queue, all */
    CHECK_STR_EQ(t[0].member_name, "Norr");
    CHECK_INT_EQ(t[0].n, 1);
    CHECK_INT_EQ(t[0].median_days, 2);
    CHECK_INT_EQ(t[0].p90_days, 2);
    CHECK_INT_EQ(t[0].open, 1);
    CHECK_INT_EQ(t[0].overdue, 1);
    CHECK_STR_EQ(t[1].member_name, "Syd");
    CHECK_INT_EQ(t[1].n, 3);
    CHECK_INT_EQ(t[1].median_days, 3); /* [1, 3, 7]: the 2nd */
    CHECK_INT_EQ(t[1].p90_days, 7);    /* ceil(2.7) = the 3rd */
    CHECK_INT_EQ((int)t[2].member_id, 0);
    CHECK_INT_EQ(t[2].n, 0);
    CHECK_INT_EQ(t[2].open, 1);
    CHECK_INT_EQ(t[2].overdue, 0);
    CHECK_INT_EQ((int)t[3].member_id, -1);
    CHECK_INT_EQ(t[3].n, 4);
    CHECK_INT_EQ(t[3].median_days, 2); /* [1, 2, 3, 7]: the 2nd */
    CHECK_INT_EQ(t[3].p90_days, 7);
    CHECK_INT_EQ(t[3].overdue, 1);
    /* Answered from 2026-11-12 through 2026-11-17: Syd's first two only. */
    CHECK_INT_EQ(question_answer_times_load(w.d, a, "2026-11-12", "2026-11-17", MON + 14 * DAY, t, 8, &n, &e), DL_OK);
    int syd = -1;
    for (int i = 0; i < n; i++)
        if (t[i].member_id == w.syd) syd = i;
    CHECK(syd >= 0);
    if (syd >= 0) {
        CHECK_INT_EQ(t[syd].n, 2);
        CHECK_INT_EQ(t[syd].median_days, 1);
        CHECK_INT_EQ(t[syd].p90_days, 3);
    }
    /* The overdue filter of the queue. */
    question_rec rows[8];
    question_filter late = {-1, -1, 1};
    CHECK_INT_EQ(question_list(w.d, a, &late, MON + 14 * DAY, rows, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(rows[0].working_days, 10);
    question_filter coordq = {0, -2, 0};
    CHECK_INT_EQ(question_list(w.d, a, &coordq, MON + 14 * DAY, rows, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    question_filter answered = {-1, QS_ANSWERED, 0};
    CHECK_INT_EQ(question_list(w.d, a, &answered, MON + 14 * DAY, rows, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4);
    arena_free(a);
    db_close(w.d);
}

TEST(questions_store_notices_to_the_members_contacts)
{
    world w;
    setup(&w);
    /* A bad contact address is skipped, not a reason to refuse the question. */
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO network_contact(member_id, name, email) VALUES (%" PRId64 ", 'X', 'inte en adress')",
             w.syd);
    fixture_exec(w.d, sql);
    question_actor loud = w.a_public;
    loud.notify = 1;
    question_ask_in in = {QT_ACCESS, QD_PATIENT_RECORD, "", "Vem beslutar om journaldata?", "fragare@example.se", "sv"};
    int64_t id = 0, m = 0;
    dl_error e;
    CHECK_INT_EQ(question_ask(w.d, &loud, &in, MON, &id, &m, &e), DL_OK);
    CHECK_INT_EQ((int)m, (int)w.syd);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'question.routed'"), 1);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE to_addr = 'amina@syd.example.se'"
                                       " AND body_text LIKE '%https://dl.example.se/fragor/%'"), 1);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%fragare%'"), 0);
    /* Handed over to Norr by Syd's contact: Norr's contact (in lower case) is told. */
    question_actor amina = w.a_amina;
    amina.notify = 1;
    question_step_in hand = {.member_id = w.norr, .note = "Norr vet mer."};
    CHECK_INT_EQ(question_step(w.d, &amina, id, QE_HANDOVER, &hand, MON + 60, &e), DL_OK);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'question.routed'"
                                       " AND to_addr = 'olof.berg@norr.example.se'"), 1);
    /* Without notify (the demo), no notice. */
    int64_t id2 = ask(&w, QT_ACCESS, QD_PATIENT_RECORD, "", "Och en fråga till om journaldata?", MON, &m);
    CHECK(id2 > id);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'question.routed'"), 2);
    db_close(w.d);
}

TEST(questions_store_the_coordinator_answers_its_own_queue)
{
    world w;
    setup(&w);
    int64_t m = -1, id = ask(&w, QT_OTHER, QD_OTHER, "", "En fråga som ingen funktion tar?", MON, &m);
    CHECK_INT_EQ((int)m, 0);
    dl_error e;
    question_step_in ans = {.answer = "Nätverket svarar själv.", .general = 1, .title = "En allmän fråga",
                            .summary = "Nätverket svarar"};
    CHECK_INT_EQ(question_step(w.d, &w.a_amina, id, QE_ANSWER, &ans, MON + DAY, &e), DL_EDENIED);
    CHECK_INT_EQ(question_step(w.d, &w.a_coord, id, QE_ANSWER, &ans, MON + DAY, &e), DL_OK);
    char sql[256];
    /* The draft's source: the network's page (no member answered). */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM guide_version WHERE item_id = 'fraga-%" PRId64 "-svar'"
                              " AND source LIKE '%%sources: https://dl.example.se/natverk\n%%'", id);
    CHECK_INT_EQ((int)fixture_int(w.d, sql), 1);
    CHECK_INT_EQ((int)fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%Nätverkskoordinatorn har svarat%'"), 1);
    db_close(w.d);
}
