/* test_obstacle_subscription.c — store/obstacle_subscription.c on both
 * stores: subscribing to a published obstacle (double opt-in through the
 * outbox), confirming, the news of each public step with the public state
 * and answer and never a note, every mail's unsubscribe link, expiry of
 * pending requests (core/obstacle_subscription.h), the same answer for an
 * address already there, and refusals (unpublished or unknown obstacle,
 * malformed or hostile address, forged, used or expired links) writing
 * nothing. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/obstacle_subscription.h"
#include "crypto/token.h"
#include "store/obstacle_publish.h"
#include "store/obstacle_steps.h"
#include "store/obstacle_subscription.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */
#define URL "https://datalots.example"

typedef struct world {
    db *d;
    authz_grant grant;
    authz_subject analyst;
    obstacle_actor who;
} world;

static void world_init(world *w)
{
    w->d = fixture_store();
    int64_t uid = fixture_user(w->d, "hinder");
    w->grant = (authz_grant){ROLE_OBSTACLE_ANALYST, "/"};
    w->analyst = (authz_subject){uid, &w->grant, 1};
    w->who = (obstacle_actor){&w->analyst, {uid, "hinder"}, URL};
}

static int64_t report(world *w, int publish)
{
    obstacle_report in = {.what_happened = "Vi fick inte ut journaldata från två regioner.", .category = "technical",
                          .consequence = -1, .actor_type = -1, .reporter_email = ""};
    audit_actor pub = {0, "public"};
    int64_t id = 0;
    char tok[65];
    dl_error e = {0};
    if (obstacle_create(w->d, &in, &pub, T0, &id, tok, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "obstacle_create: %s", e.msg);
    if (publish && obstacle_publish(w->d, &w->who.audit, id, "Journaldata kom inte ut.", "", 0, URL, T0, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "obstacle_publish: %s", e.msg);
    return id;
}

static dl_err step(world *w, int64_t id, obstacle_event ev, obstacle_step_input in)
{
    dl_error e = {0};
    return obstacle_transition(w->d, &w->who, id, ev, &in, T0 + 3600, &e);
}

/* The number of mails of kind to address. */
static int64_t mails(db *d, const char *kind, const char *to)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE kind = '%s' AND to_addr = '%s'", kind, to);
    return fixture_int(d, sql);
}

/* The body of the newest mail of kind to address, into buf ("" for none). */
static const char *last_body(db *d, const char *kind, const char *to, char *buf, size_t n)
{
    dl_error e = {0};
    buf[0] = '\0';
    db_stmt *s = db_prepare(d, "SELECT body_text FROM outbox WHERE kind = ? AND to_addr = ? ORDER BY id DESC", &e);
    if (!s) test_fail(__FILE__, __LINE__, "prepare: %s", e.msg);
    db_bind_text(s, 1, kind);
    db_bind_text(s, 2, to);
    if (db_step(s, &e) == DB_ROW) snprintf(buf, n, "%s", db_col_text(s, 0));
    db_stmt_done(s);
    return buf;
}

/* The token after "marker" in body (64 hex digits), into out. */
static void token_after(const char *body, const char *marker, char out[TOKEN_HEX_SIZE])
{
    const char *at = strstr(body, marker);
    out[0] = '\0';
    if (at) snprintf(out, TOKEN_HEX_SIZE, "%.64s", at + strlen(marker));
}

/* Everything a subscription request may write, summed. */
static int64_t writes(db *d)
{
    return fixture_int(d, "SELECT (SELECT COUNT(*) FROM obstacle_subscription) + (SELECT COUNT(*) FROM outbox)"
                          " + (SELECT COUNT(*) FROM obstacle_subscription_token) + (SELECT COUNT(*) FROM audit_log)");
}

TEST(obstacle_subscription_expiry_arithmetic)
{
    CHECK_INT_EQ(SUBSCRIPTION_PENDING_SECONDS, 604800);
    CHECK(!obstacle_subscription_expired(T0, T0));
    CHECK(!obstacle_subscription_expired(T0, T0 + 604799));
    CHECK(obstacle_subscription_expired(T0, T0 + 604800));
    CHECK(!obstacle_subscription_expired(T0 + 100, T0)); /* a clock set back */
    CHECK(obstacle_subscription_live_after(INT64_MIN + 5) == INT64_MIN);
    CHECK(obstacle_subscription_live_after(T0) == T0 - 604800);
}

TEST(obstacle_subscription_confirm_news_and_unsubscribe)
{
    world w;
    world_init(&w);
    int64_t id = report(&w, 1);
    dl_error e = {0};
    char tok_a[TOKEN_HEX_SIZE], tok_b[TOKEN_HEX_SIZE], body[8192], leave1[TOKEN_HEX_SIZE], leave3[TOKEN_HEX_SIZE];
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "Kari@Example.se", URL, T0, tok_a, &e), DL_OK);
    CHECK(hex_is_token(tok_a));
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "lars@example.se", URL, T0, tok_b, &e), DL_OK);
    /* the confirmation mail to the address as lower-case, its link the token */
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.confirm", "kari@example.se"), 1);
    last_body(w.d, "obstacle.subscription.confirm", "kari@example.se", body, sizeof body);
    CHECK_CONTAINS(body, URL "/hinder/bevakning/bekrafta?t=");
    CHECK_CONTAINS(body, tok_a);
    CHECK_CONTAINS(body, "H-");
    CHECK_CONTAINS(body, "7 dagar");
    /* the token itself is never stored, only its hash */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM obstacle_subscription_token WHERE token_hash = '%s'", tok_a);
    CHECK_INT_EQ(fixture_int(w.d, sql), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription WHERE confirmed_at = 0"), 2);

    /* pending: a public step mails nobody */
    CHECK_INT_EQ(step(&w, id, OE_TRIAGE, (obstacle_step_input){.note = "Intern anteckning om triagering"}), DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'obstacle.subscription.news'"), 0);

    int64_t of = 0;
    CHECK_INT_EQ(obstacle_subscription_link_check(w.d, OSL_CONFIRM, tok_a, T0 + 60, &of, &e), DL_OK);
    CHECK(of == id);
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, tok_a, T0 + 60, &of, &e), DL_OK);
    CHECK(of == id);
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, tok_b, T0 + 60, &of, &e), DL_OK);
    /* used: the link says so, and confirms nothing twice */
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, tok_a, T0 + 61, &of, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "Länken gäller inte längre");
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'obstacle.subscription_confirm'"), 2);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%@%'"), 0);

    /* a public step: both told, the state in words, no note, need, basis */
    CHECK_INT_EQ(step(&w, id, OE_ASSESS, (obstacle_step_input){.need = "Behovet är internt", .legal_basis = "OSL 25:1",
                                                                .note = "Intern bedömning xyz"}),
                 DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 1);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "lars@example.se"), 1);
    last_body(w.d, "obstacle.subscription.news", "kari@example.se", body, sizeof body);
    CHECK_CONTAINS(body, "Läge nu: Under utredning (Bedömt)");
    CHECK_CONTAINS(body, URL "/hinder/");
    CHECK_CONTAINS(body, "Inget svar ännu.");
    CHECK_NOT_CONTAINS(body, "Intern");
    CHECK_NOT_CONTAINS(body, "Behovet");
    CHECK_NOT_CONTAINS(body, "OSL");
    CHECK_NOT_CONTAINS(body, "lars@");
    token_after(body, "/hinder/bevakning/avsluta?t=", leave1);
    CHECK(hex_is_token(leave1));

    /* an internal edit tells no one */
    CHECK_INT_EQ(step(&w, id, OE_EDIT, (obstacle_step_input){.note = "Rättning", .need = "Nytt behov"}), DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 1);

    CHECK_INT_EQ(step(&w, id, OE_FORWARD, (obstacle_step_input){.responsible_body = "Hemligt departement"}), DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 2);
    last_body(w.d, "obstacle.subscription.news", "kari@example.se", body, sizeof body);
    CHECK_NOT_CONTAINS(body, "departement");
    token_after(body, "/hinder/bevakning/avsluta?t=", leave3);
    CHECK(hex_is_token(leave3) && strcmp(leave1, leave3) != 0);

    /* the first mail's link still works; a confirm link is no unsubscribe link */
    CHECK_INT_EQ(obstacle_unsubscribe(w.d, tok_b, &of, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_subscription_link_check(w.d, OSL_UNSUBSCRIBE, leave1, T0, &of, &e), DL_OK);
    CHECK_INT_EQ(obstacle_subscription_link_check(w.d, OSL_CONFIRM, leave1, T0, &of, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_unsubscribe(w.d, leave1, &of, &e), DL_OK);
    CHECK(of == id);
    CHECK_INT_EQ(obstacle_unsubscribe(w.d, leave3, &of, &e), DL_ENOTFOUND); /* the subscription is gone, its links too */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription WHERE email = 'kari@example.se'"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription_token t JOIN obstacle_subscription s"
                                  " ON s.id = t.subscription_id WHERE s.email = 'kari@example.se'"), 0);

    /* closing: only the one still subscribed hears, with the answer */
    CHECK_INT_EQ(step(&w, id, OE_CLOSE, (obstacle_step_input){.public_answer = "Vägledning kommer i höst."}), DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 2);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "lars@example.se"), 3);
    last_body(w.d, "obstacle.subscription.news", "lars@example.se", body, sizeof body);
    CHECK_CONTAINS(body, "Vägledning kommer i höst.");
    CHECK_CONTAINS(body, "Avslutat");
    db_close(w.d);
}

TEST(obstacle_subscription_same_answer_and_expiry)
{
    world w;
    world_init(&w);
    int64_t id = report(&w, 1);
    dl_error e = {0};
    char t1[TOKEN_HEX_SIZE], t2[TOKEN_HEX_SIZE], t3[TOKEN_HEX_SIZE];
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "kari@example.se", URL, T0, t1, &e), DL_OK);
    /* asked again while pending: a new link, the old one dead */
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "KARI@example.se", URL, T0 + 10, t2, &e), DL_OK);
    CHECK(hex_is_token(t2) && strcmp(t1, t2) != 0);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.confirm", "kari@example.se"), 2);
    int64_t of = 0;
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, t1, T0 + 20, &of, &e), DL_ENOTFOUND);
    /* the 7 days count from the newest request: expired at the last second */
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, t2, T0 + 10 + SUBSCRIPTION_PENDING_SECONDS, &of, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_subscription_link_check(w.d, OSL_CONFIRM, t2, T0 + 10 + SUBSCRIPTION_PENDING_SECONDS, &of,
                                                  &e), DL_ENOTFOUND);
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, t2, T0 + 9 + SUBSCRIPTION_PENDING_SECONDS, &of, &e), DL_OK);
    /* already following: DL_OK, nothing written or mailed */
    int64_t before = writes(w.d);
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "kari@example.se", URL, T0 + 100, t3, &e), DL_OK);
    CHECK_STR_EQ(t3, "");
    CHECK(writes(w.d) == before);
    /* an expired pending request is swept by the next request, of any obstacle */
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "old@example.se", URL, T0, t3, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription WHERE email = 'old@example.se'"), 1);
    int64_t other = report(&w, 1);
    CHECK_INT_EQ(obstacle_subscribe(w.d, other, "new@example.se", URL, T0 + SUBSCRIPTION_PENDING_SECONDS, NULL, &e),
                 DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription WHERE email = 'old@example.se'"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription_token t LEFT JOIN obstacle_subscription"
                                  " s ON s.id = t.subscription_id WHERE s.id IS NULL"), 0);
    /* the confirmed one is never swept */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM obstacle_subscription WHERE email = 'kari@example.se'"), 1);
    db_close(w.d);
}

TEST(obstacle_subscription_refusals_write_nothing)
{
    world w;
    world_init(&w);
    int64_t unpublished = report(&w, 0);
    int64_t id = report(&w, 1);
    dl_error e = {0};
    char tok[TOKEN_HEX_SIZE];
    int64_t before = writes(w.d);
    CHECK_INT_EQ(obstacle_subscribe(w.d, unpublished, "kari@example.se", URL, T0, tok, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "publika registret");
    CHECK_INT_EQ(obstacle_subscribe(w.d, 999999, "kari@example.se", URL, T0, tok, &e), DL_ENOTFOUND);
    char longest[400];
    memset(longest, 'a', 300);
    memcpy(longest + 300, "@example.se", 12);
    static const char *const bad[] = {"", "no-at-sign", "a@b", "kari@example.se\r\nBcc: all@example.se",
                                      "<kari@example.se>", "kari@@example.se", "kåri@example.se", "a b@example.se"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = (dl_error){0};
        CHECK_INT_EQ(obstacle_subscribe(w.d, id, bad[i], URL, T0, tok, &e), DL_EINVAL);
        CHECK(e.msg[0] != '\0');
    }
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, longest, URL, T0, tok, &e), DL_EINVAL);
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, NULL, URL, T0, tok, &e), DL_EINVAL);
    CHECK(writes(w.d) == before);
    /* forged and malformed links */
    char forged[TOKEN_HEX_SIZE];
    token_random_hex(forged);
    int64_t of = 0;
    const char *const links[] = {"", "abc", "ZZZZ", forged};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        CHECK_INT_EQ(obstacle_subscription_confirm(w.d, links[i], T0, &of, &e), DL_ENOTFOUND);
        CHECK_INT_EQ(obstacle_unsubscribe(w.d, links[i], &of, &e), DL_ENOTFOUND);
        CHECK_INT_EQ(obstacle_subscription_link_check(w.d, OSL_UNSUBSCRIBE, links[i], T0, &of, &e), DL_ENOTFOUND);
    }
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, NULL, T0, &of, &e), DL_ENOTFOUND);
    CHECK(writes(w.d) == before);
    db_close(w.d);
}

TEST(obstacle_subscription_only_while_published)
{
    world w;
    world_init(&w);
    int64_t id = report(&w, 1);
    dl_error e = {0};
    char tok[TOKEN_HEX_SIZE];
    int64_t of = 0;
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "kari@example.se", URL, T0, tok, &e), DL_OK);
    CHECK_INT_EQ(obstacle_subscription_confirm(w.d, tok, T0, &of, &e), DL_OK);
    CHECK_INT_EQ(obstacle_unpublish(w.d, &w.who.audit, id, "Fel i texten", &e), DL_OK);
    /* out of the register: no news, and no new subscribers */
    CHECK_INT_EQ(step(&w, id, OE_TRIAGE, (obstacle_step_input){0}), DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 0);
    CHECK_INT_EQ(obstacle_subscribe(w.d, id, "lars@example.se", URL, T0, tok, &e), DL_ENOTFOUND);
    /* back in: the subscriber is told; rewording while in tells no one */
    CHECK_INT_EQ(obstacle_publish(w.d, &w.who.audit, id, "Journaldata kom inte ut, ny lydelse.", "", 0, URL, T0, &e),
                 DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 1);
    CHECK_INT_EQ(obstacle_publish(w.d, &w.who.audit, id, "Tredje lydelsen.", "", 0, URL, T0, &e), DL_OK);
    CHECK_INT_EQ(mails(w.d, "obstacle.subscription.news", "kari@example.se"), 1);
    /* an answer in which personal data is found is not mailed */
    CHECK_INT_EQ(step(&w, id, OE_ASSESS, (obstacle_step_input){.need = "Forskning"}), DL_OK);
    CHECK_INT_EQ(step(&w, id, OE_CLOSE, (obstacle_step_input){.public_answer = "Ring Kari på 070-123 45 67."}), DL_OK);
    char body[8192];
    last_body(w.d, "obstacle.subscription.news", "kari@example.se", body, sizeof body);
    CHECK_NOT_CONTAINS(body, "070");
    CHECK_CONTAINS(body, "kan innehålla personuppgifter");
    db_close(w.d);
}
