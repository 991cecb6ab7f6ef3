/* test_obstacle_draft.c — store/obstacle_draft.c on both stores: the
 * reporter's revision keeping the previous text in an internal history row;
 * the withdrawal; every refusal (a forged or malformed token, a published,
 * closed or withdrawn report, blank, oversized or hostile text, nothing
 * changed) leaving nothing written; a withdrawn report never published;
 * and similar published obstacles found by their published wording only,
 * never by what a reporter wrote. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/obstacle_draft.h"
#include "store/obstacle_publish.h"
#include "store/obstacle_steps.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */

static const audit_actor reporter = {0, "public"};

static int64_t report(db *d, const char *what, const char *suggestion, char token[65])
{
    obstacle_report in = {.what_happened = what, .suggestion = suggestion, .category = "technical",
                          .consequence = -1, .actor_type = -1, .reporter_email = "rapportor@example.org"};
    int64_t id = 0;
    char tok[65];
    dl_error e = {0};
    if (obstacle_create(d, &in, &reporter, T0, &id, token ? token : tok, &e) != DL_OK)
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

TEST(obstacle_draft_revise_keeps_the_previous_text)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    char token[65];
    int64_t id = report(d, "Vi väntade elva månader på registeruttaget.", "Inför en tidsgräns.", token);
    dl_error e = {0};
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Vi väntade tolv månader på registeruttaget.",
                                          "Inför en tidsgräns.", T0 + 60, &e), DL_OK);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND state = 'received'"
                          " AND what_happened = 'Vi väntade tolv månader på registeruttaget.'"
                          " AND suggestion = 'Inför en tidsgräns.' AND last_step_at = ''", id), 1);
    /* the history row: internal, the state unchanged, the old text only (the suggestion did not change) */
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle_step WHERE obstacle_id = {ID} AND event = 'revise'"
                          " AND from_state = 'received' AND to_state = 'received' AND is_public = 0"
                          " AND at = '2026-06-15T12:01:00Z' AND mail_token_hash IS NULL", id), 1);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.revise' AND object_id = '{ID}'"
                          " AND detail = 'received->received'", id), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM outbox"), 0);

    /* the second revision changes the suggestion only; the history has both */
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Vi väntade tolv månader på registeruttaget.", "",
                                          T0 + 120, &e), DL_OK);
    obstacle_step_rec rows[8];
    int n = 0;
    CHECK_INT_EQ(obstacle_history(d, a, id, 0, rows, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    if (n == 2) {
        CHECK_INT_EQ(rows[0].event, OE_REVISE);
        CHECK_STR_EQ(rows[0].note, "Före ändringen:\n\nVad hände?\nVi väntade elva månader på registeruttaget.");
        CHECK_INT_EQ(rows[1].event, OE_REVISE);
        CHECK_STR_EQ(rows[1].note, "Före ändringen:\n\nFörslag till lösning:\nInför en tidsgräns.");
    }
    CHECK_INT_EQ(obstacle_history(d, a, id, 1, rows, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0); /* never on the reporter's public history */

    /* an analyst's step still works after a revision */
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {fixture_user(d, "hinder"), &g, 1};
    obstacle_actor who = {&analyst, {analyst.user_id, "hinder"}, "https://datalots.example"};
    CHECK_INT_EQ(obstacle_transition(d, &who, id, OE_TRIAGE, NULL, T0 + 180, &e), DL_OK);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Tretton månader.", "", T0 + 240, &e), DL_OK);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND state = 'triaged'"
                          " AND what_happened = 'Tretton månader.'", id), 1);
    arena_free(a);
    db_close(d);
}

TEST(obstacle_draft_refusals_write_nothing)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    char token[65], other[65];
    int64_t id = report(d, "Ett hinder som inte ska ändras.", "Ett förslag.", token);
    report(d, "Ett annat hinder.", "", other);
    dl_error e = {0};
    int64_t before = writes(d);
    /* forged, malformed, missing tokens */
    char forged[65];
    memcpy(forged, token, sizeof forged);
    forged[0] = forged[0] == 'a' ? 'b' : 'a';
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, forged, &reporter, "Ny text.", "", T0, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "Ingenting har ändrats");
    CHECK_INT_EQ(obstacle_reporter_withdraw(d, a, forged, &reporter, T0, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_reporter_withdraw(d, a, "' OR 1=1 --", &reporter, T0, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_reporter_withdraw(d, a, NULL, &reporter, T0, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, "", &reporter, "Ny text.", "", T0, &e), DL_ENOTFOUND);
    /* blank, oversized, hostile, unchanged text */
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, " \n\t ", "", T0, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, NULL, "", T0, &e), DL_EINVAL);
    static char big[OBSTACLE_WHAT_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, big, "", T0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "4000");
    big[OBSTACLE_SUGGESTION_MAX + 1] = '\0';
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Kort.", big, T0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "2000");
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "klocka\a", "", T0, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "fel \xff utf8", "", T0, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Ett hinder som inte ska ändras.", "Ett förslag.",
                                          T0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "desamma");
    CHECK_INT_EQ(writes(d), before);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND state = 'received'"
                          " AND what_happened = 'Ett hinder som inte ska ändras.' AND suggestion = 'Ett förslag.'", id), 1);
    arena_free(a);
    db_close(d);
}

TEST(obstacle_draft_withdraw_then_nothing_more)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    char token[65];
    int64_t id = report(d, "Ett hinder som återkallas.", "", token);
    dl_error e = {0};
    CHECK_INT_EQ(obstacle_reporter_withdraw(d, a, token, &reporter, T0 + 60, &e), DL_OK);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND state = 'withdrawn'"
                          " AND last_step_at = '2026-06-15T12:01:00Z'", id), 1);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle_step WHERE obstacle_id = {ID} AND event = 'withdraw'"
                          " AND from_state = 'received' AND to_state = 'withdrawn' AND is_public = 1", id), 1);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.withdraw' AND object_id = '{ID}'"
                          " AND detail = 'received->withdrawn'", id), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM outbox"), 0); /* the reporter did it: no mail */
    int64_t before = writes(d);
    CHECK_INT_EQ(obstacle_reporter_withdraw(d, a, token, &reporter, T0 + 120, &e), DL_ECONFLICT);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Ny text.", "", T0 + 120, &e), DL_ECONFLICT);
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {fixture_user(d, "hinder"), &g, 1};
    obstacle_actor who = {&analyst, {analyst.user_id, "hinder"}, "https://datalots.example"};
    for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++) {
        obstacle_step_input in = {.note = "n", .need = "n", .responsible_body = "n", .public_answer = "n"};
        CHECK(obstacle_transition(d, &who, id, (obstacle_event)ev, &in, T0 + 180, &e) != DL_OK);
    }
    audit_actor analyst_audit = {analyst.user_id, "hinder"};
    CHECK_INT_EQ(obstacle_publish(d, &analyst_audit, id, "Ett hinder.", "", 0, "https://datalots.example", T0 + 180, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "återkallat");
    CHECK_INT_EQ(writes(d), before);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND published_at = ''", id), 1);
    /* the analyst's door never withdraws */
    char token2[65];
    int64_t id2 = report(d, "Ett annat hinder.", "", token2);
    CHECK_INT_EQ(obstacle_transition(d, &who, id2, OE_WITHDRAW, NULL, T0, &e), DL_EDENIED);
    CHECK_INT_EQ(obstacle_transition(d, &who, id2, OE_REVISE, NULL, T0, &e), DL_EDENIED);
    arena_free(a);
    db_close(d);
}

TEST(obstacle_draft_published_is_out_of_reach)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    char token[65];
    int64_t id = report(d, "Ett hinder som publiceras.", "", token);
    audit_actor analyst = {fixture_user(d, "hinder"), "hinder"};
    dl_error e = {0};
    CHECK_INT_EQ(obstacle_publish(d, &analyst, id, "Ett hinder som publiceras.", "", 0, "https://datalots.example", T0, &e), DL_OK);
    int64_t before = writes(d);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Ny text.", "", T0, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "publicerat");
    CHECK_INT_EQ(obstacle_reporter_withdraw(d, a, token, &reporter, T0, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "hinderanalytikerna");
    CHECK_INT_EQ(writes(d), before);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM obstacle WHERE id = {ID} AND state = 'received'"
                          " AND what_happened = 'Ett hinder som publiceras.'", id), 1);
    /* taken out of the register: the reporter may again */
    CHECK_INT_EQ(obstacle_unpublish(d, &analyst, id, "Fel text.", &e), DL_OK);
    CHECK_INT_EQ(obstacle_reporter_revise(d, a, token, &reporter, "Ny text.", "", T0, &e), DL_OK);
    arena_free(a);
    db_close(d);
}

TEST(obstacle_draft_similar_published_by_published_wording_only)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    audit_actor analyst = {fixture_user(d, "hinder"), "hinder"};
    dl_error e = {0};
    /* A: published, its wording about registeruttag */
    int64_t pa = report(d, "Anna Svensson väntade på registeruttaget.", "", NULL);
    CHECK_INT_EQ(obstacle_publish(d, &analyst, pa, "En forskare väntade länge på registeruttaget.", "", 0, "https://datalots.example", T0, &e), DL_OK);
    /* B: published, but only its private text holds the word; its wording does not */
    int64_t pb = report(d, "Registeruttaget från Karolinska dröjde.", "", NULL);
    CHECK_INT_EQ(obstacle_publish(d, &analyst, pb, "Ett ärende om ledtider.", "", 0, "https://datalots.example", T0, &e), DL_OK);
    /* C: not published, about registeruttag too */
    int64_t pc = report(d, "Registeruttaget dröjde i ett år.", "", NULL);
    /* D: published then taken out */
    int64_t pd = report(d, "Om registeruttag.", "", NULL);
    CHECK_INT_EQ(obstacle_publish(d, &analyst, pd, "Registeruttaget var svårt att få.", "", 0, "https://datalots.example", T0, &e), DL_OK);
    CHECK_INT_EQ(obstacle_unpublish(d, &analyst, pd, "Tillbaka till analysen.", &e), DL_OK);

    obstacle_published_brief out[5];
    int n = -1;
    CHECK_INT_EQ(obstacle_similar_published(d, a, "Hur lång tid tar registeruttaget?", out, 5, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK(n == 1 && out[0].id == pa);
    if (n == 1) CHECK_STR_EQ(out[0].public_text, "En forskare väntade länge på registeruttaget.");
    /* private words never find anything: a name, a place only in the reports */
    CHECK_INT_EQ(obstacle_similar_published(d, a, "Svensson Karolinska", out, 5, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    /* nothing to search by; search syntax is only words */
    CHECK_INT_EQ(obstacle_similar_published(d, a, "a b c", out, 5, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(obstacle_similar_published(d, a, "\"registeruttaget* OR NEAR(", out, 5, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(obstacle_similar_published(d, a, NULL, out, 5, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    (void)pb;
    (void)pc;
    arena_free(a);
    db_close(d);
}
