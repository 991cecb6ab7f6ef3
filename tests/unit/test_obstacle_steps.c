/* test_obstacle_steps.c — store/obstacle_steps.c on both stores: the whole
 * lifecycle step by step with its history, audit and outbox rows; every
 * refusal (wrong state, not an analyst, missing or hostile fields, a bad
 * merge target) leaving nothing written; a merge keeping both histories;
 * mail only for public steps and only to a reporter who gave an address,
 * with a link that opens the report and never the report's text; the
 * queue's filters and order; similar reports by full-text rank. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "store/obstacle_steps.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */

static int64_t report(db *d, const char *what, const char *email, int64_t now, char token[65])
{
    obstacle_report in = {.what_happened = what, .category = "technical", .consequence = -1,
                          .reporter_email = email};
    audit_actor pub = {0, "public"};
    int64_t id = 0;
    char tok[65];
    dl_error e = {0};
    if (obstacle_create(d, &in, &pub, now, &id, token ? token : tok, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "obstacle_create: %s", e.msg);
    return id;
}

/* sql with "{ID}" replaced by id. */
static int64_t count(db *d, const char *sql, int64_t id)
{
    char out[400], num[24];
    snprintf(num, sizeof num, "%" PRId64, id);
    const char *at = strstr(sql, "{ID}");
    if (!at) return fixture_int(d, sql);
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - sql), sql, num, at + 4);
    return fixture_int(d, out);
}

/* Everything a step may write, summed: a refusal must leave it unchanged. */
static int64_t writes(db *d)
{
    return fixture_int(d, "SELECT (SELECT COUNT(*) FROM obstacle_step) + (SELECT COUNT(*) FROM audit_log)"
                          " + (SELECT COUNT(*) FROM outbox)");
}

typedef struct world {
    db *d;
    authz_grant grant, editor_grant;
    authz_subject analyst, editor, anonymous;
    obstacle_actor who, wrong_role, nobody;
} world;

static void world_init(world *w)
{
    w->d = fixture_store();
    int64_t uid = fixture_user(w->d, "hinder");
    int64_t eid = fixture_user(w->d, "redaktor");
    w->grant = (authz_grant){ROLE_OBSTACLE_ANALYST, "/"};
    w->editor_grant = (authz_grant){ROLE_EDITOR, "/"};
    w->analyst = (authz_subject){uid, &w->grant, 1};
    w->editor = (authz_subject){eid, &w->editor_grant, 1};
    w->anonymous = (authz_subject){0, NULL, 0};
    w->who = (obstacle_actor){&w->analyst, {uid, "hinder"}, "https://datalots.example"};
    w->wrong_role = (obstacle_actor){&w->editor, {eid, "redaktor"}, "https://datalots.example"};
    w->nobody = (obstacle_actor){&w->anonymous, {0, "public"}, "https://datalots.example"};
}

static dl_err step(world *w, const obstacle_actor *who, int64_t id, obstacle_event ev, obstacle_step_input in,
                   dl_error *e)
{
    return obstacle_transition(w->d, who, id, ev, &in, T0 + 3600, e);
}

static obstacle_state state_of(db *d, int64_t id)
{
    arena *a = arena_new(4096);
    obstacle o;
    dl_error e = {0};
    obstacle_state s = obstacle_by_id(d, a, id, &o, &e) == DL_OK ? o.state : OBSTACLE_STATE__MAX;
    arena_free(a);
    return s;
}

TEST(obstacle_steps_whole_lifecycle_writes_history_audit_and_mail)
{
    world w;
    world_init(&w);
    char token[65];
    int64_t id = report(w.d, "Vi fick inte ut journaldata från två regioner.", "forskare@uni.example", T0, token);
    dl_error e = {0};
    CHECK_INT_EQ(step(&w, &w.who, id, OE_TRIAGE, (obstacle_step_input){.note = "Intern: rimlig"}, &e), DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_ASSESS,
                      (obstacle_step_input){.need = "Forskning på vårdförlopp", .legal_basis = "OSL 25 kap. 1 §"}, &e),
                 DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_EDIT, (obstacle_step_input){.note = "Rättade behovet",
                                                                      .need = "Forskning på vårdförlopp i två regioner"},
                      &e),
                 DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_FORWARD, (obstacle_step_input){.responsible_body = "Socialdepartementet"}, &e),
                 DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_RECORD_MEASURE, (obstacle_step_input){.note = "Vägledning publicerad"}, &e),
                 DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_CLOSE, (obstacle_step_input){.public_answer = "Tack! Så här gick det."}, &e),
                 DL_OK);
    CHECK_INT_EQ(state_of(w.d, id), OBSTACLE_CLOSED);

    arena *a = arena_new(8192);
    obstacle o;
    CHECK_INT_EQ(obstacle_by_id(w.d, a, id, &o, &e), DL_OK);
    CHECK_STR_EQ(o.need, "Forskning på vårdförlopp i två regioner");
    CHECK_STR_EQ(o.legal_basis, "OSL 25 kap. 1 §");
    CHECK_STR_EQ(o.responsible_body, "Socialdepartementet");
    CHECK_STR_EQ(o.public_answer, "Tack! Så här gick det.");
    CHECK_STR_EQ(o.last_step_at, "2026-06-15T13:00:00Z");

    obstacle_step_rec h[OBSTACLE_HISTORY_MAX];
    int n = 0;
    CHECK_INT_EQ(obstacle_history(w.d, a, id, 0, h, OBSTACLE_HISTORY_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 6);
    static const obstacle_event evs[] = {OE_TRIAGE, OE_ASSESS, OE_EDIT, OE_FORWARD, OE_RECORD_MEASURE, OE_CLOSE};
    static const obstacle_state tos[] = {OBSTACLE_TRIAGED, OBSTACLE_ASSESSED, OBSTACLE_ASSESSED, OBSTACLE_FORWARDED,
                                         OBSTACLE_MEASURE_TAKEN, OBSTACLE_CLOSED};
    for (int i = 0; i < n && i < 6; i++) {
        CHECK_INT_EQ(h[i].event, evs[i]);
        CHECK_INT_EQ(h[i].to, tos[i]);
        CHECK_STR_EQ(h[i].actor, "hinder");
        CHECK_INT_EQ(h[i].is_public, evs[i] != OE_EDIT);
    }
    CHECK_STR_EQ(h[5].note, "Tack! Så här gick det.");
    CHECK_INT_EQ(obstacle_history(w.d, a, id, 1, h, OBSTACLE_HISTORY_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 5); /* the edit is internal */

    /* Audit: one row per step, keys only — no text of the report or the notes. */
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM audit_log WHERE object_type = 'obstacle' AND object_id = '{ID}' AND action LIKE 'obstacle.%' AND action <> 'obstacle.report'", id), 6);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Social%' OR detail LIKE '%Tack%'"
                                  " OR detail LIKE '%journaldata%' OR detail LIKE '%Intern%'"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.forward'"
                                  " AND detail = 'assessed->forwarded mailed'"), 1);

    /* Mail: one per public step, to the reporter, never with the report's text. */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'obstacle.step'"
                                  " AND to_addr = 'forskare@uni.example'"), 5);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%journaldata%'"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE"
                                  " '%https://datalots.example/hinder/folj?t=%'"), 5);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_step WHERE mail_token_hash IS NOT NULL"), 5);

    /* The mailed link opens the report; the intake's link still does. */
    db_stmt *s = db_prepare(w.d, "SELECT body_text FROM outbox ORDER BY id DESC LIMIT 1", &e);
    CHECK(s != NULL);
    char mailed[65] = "";
    if (s && db_step(s, &e) == DB_ROW) {
        const char *t = strstr(db_col_text(s, 0), "folj?t=");
        if (t) snprintf(mailed, sizeof mailed, "%.64s", t + 7);
    }
    if (s) db_stmt_done(s);
    CHECK_INT_EQ((int)strlen(mailed), 64);
    CHECK_INT_EQ(obstacle_by_token(w.d, a, mailed, &o, &e), DL_OK);
    CHECK_INT_EQ(o.id, id);
    CHECK_INT_EQ(obstacle_by_token(w.d, a, token, &o, &e), DL_OK);
    CHECK_INT_EQ(o.id, id);
    arena_free(a);
    db_close(w.d);
}

TEST(obstacle_steps_no_address_no_mail)
{
    world w;
    world_init(&w);
    int64_t id = report(w.d, "Ingen adress angiven.", "", T0, NULL);
    dl_error e = {0};
    CHECK_INT_EQ(step(&w, &w.who, id, OE_TRIAGE, (obstacle_step_input){0}, &e), DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_ARCHIVE, (obstacle_step_input){.note = "Utanför uppdraget"}, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox"), 0);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM obstacle_step WHERE obstacle_id = {ID}", id), 2);
    /* the archive's reason is the public answer */
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND state = 'archived' AND public_answer = 'Utanför uppdraget'", id), 1);
    db_close(w.d);
}

TEST(obstacle_steps_refusals_write_nothing)
{
    world w;
    world_init(&w);
    int64_t id = report(w.d, "Ett hinder att vägra steg på.", "a@b.example", T0, NULL);
    dl_error e = {0};
    int64_t before = writes(w.d);
    /* Wrong state: assess before triage; close from received. */
    CHECK_INT_EQ(step(&w, &w.who, id, OE_ASSESS, (obstacle_step_input){.need = "x"}, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "Ladda om");
    CHECK_INT_EQ(step(&w, &w.who, id, OE_CLOSE, (obstacle_step_input){.public_answer = "x"}, &e), DL_ECONFLICT);
    /* Not an analyst; not signed in; no actor at all. */
    CHECK_INT_EQ(step(&w, &w.wrong_role, id, OE_TRIAGE, (obstacle_step_input){0}, &e), DL_EDENIED);
    CHECK_INT_EQ(step(&w, &w.nobody, id, OE_TRIAGE, (obstacle_step_input){0}, &e), DL_EDENIED);
    CHECK_INT_EQ(obstacle_transition(w.d, NULL, id, OE_TRIAGE, NULL, T0, &e), DL_EDENIED);
    /* Out of range event; no such obstacle. */
    CHECK_INT_EQ(step(&w, &w.who, id, OBSTACLE_EVENT__MAX, (obstacle_step_input){0}, &e), DL_ECONFLICT);
    CHECK_INT_EQ(step(&w, &w.who, 999999, OE_TRIAGE, (obstacle_step_input){0}, &e), DL_ENOTFOUND);
    /* Required fields missing, blank or hostile. */
    CHECK_INT_EQ(step(&w, &w.who, id, OE_ARCHIVE, (obstacle_step_input){.note = "  \n "}, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "skälet");
    CHECK_INT_EQ(step(&w, &w.who, id, OE_EDIT, (obstacle_step_input){.need = "nytt"}, &e), DL_EINVAL);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_TRIAGE, (obstacle_step_input){.note = "bell\a"}, &e), DL_EINVAL);
    CHECK_INT_EQ(step(&w, &w.who, id, OE_TRIAGE, (obstacle_step_input){.note = "bad \xff utf8"}, &e), DL_EINVAL);
    char big[OBSTACLE_NOTE_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_INT_EQ(step(&w, &w.who, id, OE_TRIAGE, (obstacle_step_input){.note = big}, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "2000");
    /* Merge: none given, itself, missing. */
    CHECK_INT_EQ(step(&w, &w.who, id, OE_MERGE, (obstacle_step_input){.note = "dubblett"}, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_merge(w.d, &w.who, id, id, "dubblett", T0, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_merge(w.d, &w.who, id, 424242, "dubblett", T0, &e), DL_EINVAL);
    CHECK_INT_EQ(writes(w.d), before);
    CHECK_INT_EQ(state_of(w.d, id), OBSTACLE_RECEIVED);

    /* Further steps on a closed one are refused too. */
    CHECK_INT_EQ(step(&w, &w.who, id, OE_ARCHIVE, (obstacle_step_input){.note = "Dubblett av äldre"}, &e), DL_OK);
    before = writes(w.d);
    for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++)
        CHECK_INT_EQ(step(&w, &w.who, id, (obstacle_event)ev,
                          (obstacle_step_input){.note = "n", .need = "n", .responsible_body = "n", .public_answer = "n",
                                                .merge_into = 1},
                          &e),
                     DL_ECONFLICT);
    CHECK_INT_EQ(writes(w.d), before);
    db_close(w.d);
}

TEST(obstacle_steps_merge_keeps_both_histories)
{
    world w;
    world_init(&w);
    int64_t kept = report(w.d, "Tolkningen av sekretessen skiljer sig mellan regionerna.", "", T0, NULL);
    int64_t dup = report(w.d, "Regionerna tolkar sekretessen olika.", "dubb@uni.example", T0 + 60, NULL);
    dl_error e = {0};
    CHECK_INT_EQ(step(&w, &w.who, kept, OE_TRIAGE, (obstacle_step_input){0}, &e), DL_OK);
    CHECK_INT_EQ(step(&w, &w.who, dup, OE_TRIAGE, (obstacle_step_input){.note = "samma?"}, &e), DL_OK);
    CHECK_INT_EQ(obstacle_merge(w.d, &w.who, dup, kept, "Samma hinder som H-000001", T0 + 7200, &e), DL_OK);
    CHECK_INT_EQ(state_of(w.d, dup), OBSTACLE_MERGED);
    CHECK_INT_EQ(state_of(w.d, kept), OBSTACLE_TRIAGED);
    CHECK_INT_EQ(count(w.d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND merged_into IS NOT NULL", dup), 1);
    arena *a = arena_new(8192);
    obstacle_step_rec h[OBSTACLE_HISTORY_MAX];
    int n = 0;
    /* The kept one shows its own steps, the duplicate's and the merge. */
    CHECK_INT_EQ(obstacle_history(w.d, a, kept, 0, h, OBSTACLE_HISTORY_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4);
    int from_dup = 0;
    for (int i = 0; i < n; i++) from_dup += h[i].obstacle_id == dup;
    CHECK_INT_EQ(from_dup, 2);
    /* The duplicate keeps its own. */
    CHECK_INT_EQ(obstacle_history(w.d, a, dup, 0, h, OBSTACLE_HISTORY_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(h[1].event, OE_MERGE);
    CHECK_INT_EQ(h[1].to, OBSTACLE_MERGED);
    /* Its reporter is told; a merged one cannot be a target. */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE to_addr = 'dubb@uni.example'"), 2);
    int64_t third = report(w.d, "Ett tredje.", "", T0, NULL);
    CHECK_INT_EQ(obstacle_merge(w.d, &w.who, third, dup, "till en sammanförd", T0, &e), DL_EINVAL);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.merge'"), 1);
    arena_free(a);
    db_close(w.d);
}

TEST(obstacle_steps_queue_and_similar)
{
    world w;
    world_init(&w);
    int64_t old = report(w.d, "Sekretessprövningen av journaldata tar månader i regionen.", "", T0 - 40 * 86400, NULL);
    int64_t mid = report(w.d, "Kodverken för diagnoser skiljer sig mellan journalsystemen.", "", T0 - 10 * 86400, NULL);
    int64_t fresh = report(w.d, "Sekretessprövningen av journaldata dröjde i månader.", "", T0, NULL);
    dl_error e = {0};
    CHECK_INT_EQ(step(&w, &w.who, mid, OE_TRIAGE, (obstacle_step_input){0}, &e), DL_OK);
    arena *a = arena_new(16384);
    obstacle_brief b[OBSTACLE_QUEUE_MAX];
    int n = 0;
    obstacle_queue_filter all = {-1, NULL, 0};
    CHECK_INT_EQ(obstacle_queue(w.d, a, &all, T0, b, OBSTACLE_QUEUE_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(b[0].id, old); /* oldest first */
    CHECK_INT_EQ(b[2].id, fresh);
    obstacle_queue_filter triaged = {OBSTACLE_TRIAGED, NULL, 0};
    CHECK_INT_EQ(obstacle_queue(w.d, a, &triaged, T0, b, OBSTACLE_QUEUE_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(b[0].id, mid);
    obstacle_queue_filter aged = {-1, "technical", 30};
    CHECK_INT_EQ(obstacle_queue(w.d, a, &aged, T0, b, OBSTACLE_QUEUE_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(b[0].id, old);
    obstacle_queue_filter other = {-1, "financial", 0};
    CHECK_INT_EQ(obstacle_queue(w.d, a, &other, T0, b, OBSTACLE_QUEUE_MAX, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    obstacle_queue_filter bad = {OBSTACLE_STATE__MAX, NULL, 0};
    CHECK_INT_EQ(obstacle_queue(w.d, a, &bad, T0, b, OBSTACLE_QUEUE_MAX, &n, &e), DL_EINVAL);

    /* Similar: the other report about the confidentiality review comes first; never itself. */
    CHECK_INT_EQ(obstacle_similar(w.d, a, fresh, b, OBSTACLE_SIMILAR_MAX, &n, &e), DL_OK);
    CHECK(n >= 1);
    if (n >= 1) CHECK_INT_EQ(b[0].id, old);
    for (int i = 0; i < n; i++) CHECK(b[i].id != fresh);
    /* Merged ones are not suggested. */
    CHECK_INT_EQ(obstacle_merge(w.d, &w.who, old, mid, "test", T0, &e), DL_OK);
    CHECK_INT_EQ(obstacle_similar(w.d, a, fresh, b, OBSTACLE_SIMILAR_MAX, &n, &e), DL_OK);
    for (int i = 0; i < n; i++) CHECK(b[i].id != old);
    CHECK_INT_EQ(obstacle_similar(w.d, a, 999999, b, OBSTACLE_SIMILAR_MAX, &n, &e), DL_ENOTFOUND);
    arena_free(a);
    db_close(w.d);
}
