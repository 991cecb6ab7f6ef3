/* test_outbox.c — store/outbox.c on both stores (and core/mail_backoff.c):
 * a mail is written only inside the caller's transaction and vanishes
 * with its rollback; header injection and oversized bodies are refused;
 * two servers claiming at once never get the same row; the back-off
 * schedule is exact; the last attempt gives up; a lease that runs out is
 * taken over and the old claimer can no longer mark the row; the
 * Message-ID never changes; the admin list and retry. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/mail_backoff.h"
#include "db/db.h"
#include "store/outbox.h"

#define T0 1781524800 /* 2026-06-15T12:00:00Z */
#define MAIL_LEASE_TEST 300

static const outbox_mail good = {"kari.nordmann@region.example", "Ärendet är mottaget – åäö",
                                 "Hej!\nVi har tagit emot ditt ärende.\n", "sv", "case.acknowledgement", 7};

/* Enqueues m in a transaction of its own; returns the id (0 on failure). */
static int64_t enqueue(db *d, const outbox_mail *m)
{
    dl_error e = {0};
    int64_t id = 0;
    if (db_begin(d, &e) != DL_OK) return 0;
    if (outbox_enqueue_in_tx(d, m, &id, &e) != DL_OK) { db_rollback(d); return 0; }
    return db_commit(d, &e) == DL_OK ? id : 0;
}

static int64_t count_outbox(db *d) { return fixture_int(d, "SELECT COUNT(*) FROM outbox"); }

static int64_t row_int(db *d, const char *col, int64_t id)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT %s FROM outbox WHERE id = %" PRId64, col, id);
    return fixture_int(d, sql);
}

/* 1 when row id's state is state. */
static int state_is(db *d, int64_t id, const char *state)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE id = %" PRId64 " AND state = '%s'", id, state);
    return fixture_int(d, sql) == 1;
}

static int claim_one(db *d, arena *a, int64_t now, outbox_item *it)
{
    dl_error e = {0};
    int n = -1;
    if (outbox_claim(d, a, now, MAIL_LEASE_TEST, 1, it, &n, &e) != DL_OK) return -1;
    return n;
}


TEST(outbox_enqueue_refused_outside_a_transaction)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    dl_error e = {0};
    int64_t id = 0;
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &good, &id, &e), DL_EINTERNAL);
    CHECK_CONTAINS(e.msg, "outside a transaction");
    CHECK_INT_EQ(count_outbox(d), 0);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_rolled_back_step_leaves_no_mail_committed_step_leaves_one)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    dl_error e = {0};
    int64_t id = 0;
    /* the step and its mail roll back together */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO settings(key, value) VALUES ('step', 'done')", &e, ""), DL_OK);
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &good, &id, &e), DL_OK);
    CHECK(id > 0);
    db_rollback(d);
    CHECK_INT_EQ(count_outbox(d), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM settings WHERE key = 'step'"), 0);
    /* … and commit together */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    CHECK_INT_EQ(db_run(d, "INSERT INTO settings(key, value) VALUES ('step', 'done')", &e, ""), DL_OK);
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &good, &id, &e), DL_OK);
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(count_outbox(d), 1);
    CHECK(state_is(d, id, "pending"));
    CHECK_INT_EQ(row_int(d, "next_attempt_at", id), T0);
    CHECK_INT_EQ(row_int(d, "case_id", id), 7);
    CHECK_INT_EQ(row_int(d, "attempts", id), 0);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE message_id LIKE '<outbox.%" PRId64 ".%%@datalots>'"
                              " AND created_at = '2026-06-15T12:00:00Z'", id);
    CHECK_INT_EQ(fixture_int(d, sql), 1);
    /* no case: case_id is NULL */
    outbox_mail m = good;
    m.case_id = 0;
    int64_t id2 = enqueue(d, &m);
    CHECK(id2 > id);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE id = %" PRId64 " AND case_id IS NULL", id2);
    CHECK_INT_EQ(fixture_int(d, sql), 1);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_refuses_header_injection_and_bad_mail)
{
    db *d = fixture_store();
    static const char *const bad_to[] = {
        "kari@region.example\r\nBcc: all@evil.example", "kari@region.example\nBcc: x@evil.example",
        "kari@region.example\r", "", "kari", "@region.example", "kari@", "kari@region", "kari@@region.example",
        "kari nordmann@region.example", "<kari@region.example>", "kari@region.example, x@evil.example",
        "åsa@region.example", "kari..n@region.example", ".kari@region.example", "kari@-region.example",
        "kari@region..example", "\"kari\"@region.example",
    };
    dl_error e = {0};
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    for (size_t i = 0; i < sizeof bad_to / sizeof bad_to[0]; i++) {
        outbox_mail m = good;
        m.to = bad_to[i];
        if (outbox_enqueue_in_tx(d, &m, NULL, &e) != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "address [%s] was not refused", bad_to[i]);
            db_rollback(d);
            db_close(d);
            return;
        }
    }
    outbox_mail m = good;
    m.to = "kari@region.example\r\nBcc: all@evil.example";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    CHECK_STR_EQ(e.msg, "E-postadressen får inte innehålla radbrytningar.");
    m = good;
    m.subject = "Hej\r\nBcc: all@evil.example";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    CHECK_STR_EQ(e.msg, "Ämnesraden får inte innehålla radbrytningar eller andra styrtecken.");
    m.subject = "Hej\n";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    m.subject = "";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    char long_subject[MAIL_SUBJECT_MAX + 2];
    memset(long_subject, 'x', sizeof long_subject - 1);
    long_subject[sizeof long_subject - 1] = '\0';
    m.subject = long_subject;
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    m.subject = "\xc3\x28 invalid UTF-8";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    /* the body: bounded, valid UTF-8, not empty */
    m = good;
    char *big = malloc(OUTBOX_BODY_MAX + 2);
    CHECK(big);
    memset(big, 'a', OUTBOX_BODY_MAX + 1);
    big[OUTBOX_BODY_MAX + 1] = '\0';
    m.body_text = big;
    dl_err rc = outbox_enqueue_in_tx(d, &m, NULL, &e);
    big[OUTBOX_BODY_MAX] = '\0'; /* exactly the limit is fine */
    dl_err rc_at_limit = outbox_enqueue_in_tx(d, &m, NULL, &e);
    free(big);
    CHECK_INT_EQ(rc, DL_ELIMIT);
    CHECK_INT_EQ(rc_at_limit, DL_OK);
    m.body_text = "";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    m.body_text = "\xff";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    m = good;
    m.lang = "de";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    m = good;
    m.kind = "Case Ack";
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    m = good;
    m.case_id = -1;
    CHECK_INT_EQ(outbox_enqueue_in_tx(d, &m, NULL, &e), DL_EINVAL);
    /* good shapes pass */
    static const char *const good_to[] = {"a@b.se", "kari.nordmann+datalots@region-norr.example", "o'brien@x.example"};
    for (size_t i = 0; i < sizeof good_to / sizeof good_to[0]; i++) {
        m = good;
        m.to = good_to[i];
        CHECK_INT_EQ(outbox_check(&m, &e), DL_OK);
    }
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    CHECK_INT_EQ(count_outbox(d), 1); /* only the body exactly at the limit */
    db_close(d);
}

/* ---- two servers claiming at once ---------------------------------------------- */

enum { RACE_MAILS = 40, RACE_CLAIMERS = 2 };

struct claimer {
    int64_t ids[RACE_MAILS];
    int n;
    int failed;
};

static void *claim_worker(void *arg)
{
    struct claimer *c = arg;
    db *d = NULL;
    dl_error e = {0};
    if (db_open(fixture_url(), &d, &e) != DL_OK) { c->failed = 1; return NULL; }
    arena *a = arena_new(4096);
    for (int rounds = 0; rounds < 1000; rounds++) {
        outbox_item it[3];
        int n = 0;
        dl_err rc = outbox_claim(d, a, T0, 300, 3, it, &n, &e);
        if (rc == DL_EBUSY) continue; /* SQLite busy: try again */
        if (rc != DL_OK) { c->failed = 1; break; }
        if (n == 0) break;
        for (int i = 0; i < n && c->n < RACE_MAILS; i++) c->ids[c->n++] = it[i].id;
    }
    arena_free(a);
    db_close(d);
    return NULL;
}

TEST(outbox_two_servers_never_claim_the_same_mail)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    for (int i = 0; i < RACE_MAILS; i++) CHECK(enqueue(d, &good) > 0);
    struct claimer cl[RACE_CLAIMERS];
    memset(cl, 0, sizeof cl);
    pthread_t th[RACE_CLAIMERS];
    for (int i = 0; i < RACE_CLAIMERS; i++) CHECK_INT_EQ(pthread_create(&th[i], NULL, claim_worker, &cl[i]), 0);
    for (int i = 0; i < RACE_CLAIMERS; i++) pthread_join(th[i], NULL);
    int seen[RACE_MAILS + 1];
    memset(seen, 0, sizeof seen);
    int total = 0;
    for (int i = 0; i < RACE_CLAIMERS; i++) {
        CHECK_INT_EQ(cl[i].failed, 0);
        for (int k = 0; k < cl[i].n; k++) {
            int64_t id = cl[i].ids[k];
            CHECK(id >= 1 && id <= RACE_MAILS);
            seen[id]++;
            total++;
        }
    }
    CHECK_INT_EQ(total, RACE_MAILS);
    for (int id = 1; id <= RACE_MAILS; id++) CHECK_INT_EQ(seen[id], 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM outbox WHERE state = 'sending' AND attempts = 1"), RACE_MAILS);
    /* nothing is due while the leases hold */
    arena *a = arena_new(4096);
    outbox_item it;
    CHECK_INT_EQ(claim_one(d, a, T0 + 299, &it), 0);
    arena_free(a);
    db_close(d);
    clock_set_fake(0);
}

/* ---- back-off, giving up, leases ------------------------------------------------- */

TEST(outbox_backoff_schedule_is_exact)
{
    static const int64_t minutes[] = {0, 1, 2, 4, 8, 16, 32, 64, 128, 240, 240, 240, 240, 240, 240, 240};
    for (int n = 1; n <= 15; n++) CHECK_INT_EQ(mail_backoff_delay(n), minutes[n] * 60);
    CHECK_INT_EQ(mail_backoff_delay(0), 60);
    CHECK_INT_EQ(mail_backoff_delay(-5), 60);
    CHECK_INT_EQ(mail_backoff_delay(INT64_MAX), 4 * 3600);
    CHECK_INT_EQ(mail_backoff_gives_up(14), 0);
    CHECK_INT_EQ(mail_backoff_gives_up(15), 1);
    int64_t total = 0;
    for (int n = 1; n < MAIL_MAX_ATTEMPTS; n++) total += mail_backoff_delay(n);
    CHECK_INT_EQ(total, 1695 * 60); /* the header's "1695 minutes" */

    /* the same schedule through the store */
    clock_set_fake(T0);
    db *d = fixture_store();
    int64_t id = enqueue(d, &good);
    arena *a = arena_new(4096);
    dl_error e = {0};
    int64_t now = T0;
    for (int n = 1; n <= 3; n++) {
        outbox_item it;
        CHECK_INT_EQ(claim_one(d, a, now - 1, &it), 0); /* not due a second early */
        CHECK_INT_EQ(claim_one(d, a, now, &it), 1);
        CHECK_INT_EQ(it.id, id);
        CHECK_INT_EQ(it.attempt, n);
        int gave_up = -1;
        CHECK_INT_EQ(outbox_mark_attempt_failed(d, id, n, now, "smtp: Couldn't connect to server", 0, &gave_up, &e), DL_OK);
        CHECK_INT_EQ(gave_up, 0);
        CHECK(state_is(d, id, "pending"));
        CHECK_INT_EQ(row_int(d, "next_attempt_at", id), now + minutes[n] * 60);
        now += minutes[n] * 60;
    }
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM outbox WHERE last_error = 'smtp: Couldn''t connect to server'"), 1);
    arena_free(a);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_gives_up_after_the_last_attempt_and_on_a_permanent_refusal)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    int64_t id = enqueue(d, &good);
    arena *a = arena_new(4096);
    dl_error e = {0};
    int64_t now = T0;
    int gave_up = 0;
    for (int n = 1; n <= MAIL_MAX_ATTEMPTS; n++) {
        outbox_item it;
        CHECK_INT_EQ(claim_one(d, a, now, &it), 1);
        CHECK_INT_EQ(it.attempt, n);
        CHECK_INT_EQ(outbox_mark_attempt_failed(d, id, n, now, "451 try later", 0, &gave_up, &e), DL_OK);
        CHECK_INT_EQ(gave_up, n == MAIL_MAX_ATTEMPTS);
        now += mail_backoff_delay(n);
    }
    CHECK(state_is(d, id, "failed"));
    CHECK_INT_EQ(row_int(d, "attempts", id), MAIL_MAX_ATTEMPTS);
    outbox_item it;
    CHECK_INT_EQ(claim_one(d, a, now + 86400 * 30, &it), 0); /* never again by itself */

    /* a permanent refusal gives up at once */
    int64_t id2 = enqueue(d, &good);
    CHECK_INT_EQ(claim_one(d, a, now, &it), 1);
    CHECK_INT_EQ(it.id, id2);
    CHECK_INT_EQ(outbox_mark_attempt_failed(d, id2, 1, now, "550 no such mailbox", 1, &gave_up, &e), DL_OK);
    CHECK_INT_EQ(gave_up, 1);
    CHECK(state_is(d, id2, "failed"));

    /* a sender that dies on the last attempt: the row fails when its lease runs out */
    int64_t id3 = enqueue(d, &good);
    CHECK_INT_EQ(db_run(d, "UPDATE outbox SET attempts = ? WHERE id = ?", &e, "ii",
                        (int64_t)MAIL_MAX_ATTEMPTS - 1, id3), DL_OK);
    CHECK_INT_EQ(claim_one(d, a, now, &it), 1);
    CHECK_INT_EQ(it.attempt, MAIL_MAX_ATTEMPTS);
    CHECK_INT_EQ(claim_one(d, a, now + 300, &it), 0);
    CHECK(state_is(d, id3, "failed"));
    arena_free(a);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_expired_lease_is_taken_over_and_the_old_claim_cannot_mark)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    db *other = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(db_open(fixture_url(), &other, &e), DL_OK);
    int64_t id = enqueue(d, &good);
    char mid[OUTBOX_MESSAGE_ID_MAX];
    arena *a = arena_new(4096);
    outbox_item first, second;
    CHECK_INT_EQ(claim_one(d, a, T0, &first), 1);
    snprintf(mid, sizeof mid, "%s", first.message_id);
    CHECK_STR_EQ(first.to, good.to);
    CHECK_STR_EQ(first.subject, good.subject);
    CHECK_STR_EQ(first.body_text, good.body_text);
    CHECK_INT_EQ(claim_one(other, a, T0 + 299, &second), 0);   /* the lease holds */
    CHECK_INT_EQ(claim_one(other, a, T0 + 300, &second), 1);   /* … and then runs out: the claimer died */
    CHECK_INT_EQ(second.id, id);
    CHECK_INT_EQ(second.attempt, 2);
    CHECK_STR_EQ(second.message_id, mid);                       /* a resend carries the same Message-ID */
    CHECK_INT_EQ(outbox_mark_sent(d, id, first.attempt, T0 + 301, &e), DL_ECONFLICT);
    CHECK_INT_EQ(outbox_mark_attempt_failed(d, id, first.attempt, T0 + 301, "late", 0, NULL, &e), DL_ECONFLICT);
    CHECK(state_is(d, id, "sending"));
    CHECK_INT_EQ(outbox_mark_sent(other, id, second.attempt, T0 + 302, &e), DL_OK);
    CHECK(state_is(d, id, "sent"));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM outbox WHERE sent_at = '2026-06-15T12:05:02Z'"), 1);
    CHECK_INT_EQ(outbox_mark_sent(other, id, second.attempt, T0 + 303, &e), DL_ECONFLICT); /* once */
    CHECK_INT_EQ(claim_one(d, a, T0 + 86400, &first), 0);       /* sent is final */
    arena_free(a);
    db_close(other);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_list_filters_and_pages_newest_first)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    for (int i = 0; i < 5; i++) CHECK(enqueue(d, &good) > 0);
    arena *a = arena_new(4096);
    outbox_item it;
    CHECK_INT_EQ(claim_one(d, a, T0, &it), 1);
    dl_error e = {0};
    CHECK_INT_EQ(outbox_mark_sent(d, it.id, it.attempt, T0, &e), DL_OK);
    outbox_rec rows[OUTBOX_LIST_MAX];
    int n = 0;
    int64_t total = 0;
    CHECK_INT_EQ(outbox_list(d, a, NULL, 2, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(total, 5);
    CHECK_INT_EQ(rows[0].id, 5);
    CHECK_INT_EQ(rows[1].id, 4);
    CHECK_STR_EQ(rows[0].subject, good.subject);
    CHECK_STR_EQ(rows[0].kind, "case.acknowledgement");
    CHECK_INT_EQ(rows[0].case_id, 7);
    CHECK_INT_EQ(outbox_list(d, a, NULL, 2, 4, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(rows[0].id, 1);
    CHECK_STR_EQ(rows[0].state, "sent");
    CHECK_INT_EQ(outbox_list(d, a, "pending", 50, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(total, 4);
    CHECK_INT_EQ(outbox_list(d, a, "sent", 50, 0, rows, &n, &total, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK(outbox_state_valid("failed"));
    CHECK(!outbox_state_valid("bogus"));
    CHECK(!outbox_state_valid(NULL));
    arena_free(a);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_retry_now_is_audited_and_only_for_waiting_or_failed_mail)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    int64_t id = enqueue(d, &good);
    arena *a = arena_new(4096);
    outbox_item it;
    dl_error e = {0};
    audit_actor who = {0, "admin"};
    CHECK_INT_EQ(claim_one(d, a, T0, &it), 1);
    CHECK_INT_EQ(outbox_retry_now(d, &who, id, T0, &e), DL_ECONFLICT); /* being sent */
    CHECK_INT_EQ(outbox_mark_attempt_failed(d, id, 1, T0, "550 no", 1, NULL, &e), DL_OK);
    CHECK(state_is(d, id, "failed"));
    CHECK_INT_EQ(outbox_retry_now(d, &who, id, T0 + 10, &e), DL_OK);
    CHECK(state_is(d, id, "pending"));
    CHECK_INT_EQ(row_int(d, "next_attempt_at", id), T0 + 10);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND actor = 'admin'"), 1);
    CHECK_INT_EQ(claim_one(d, a, T0 + 10, &it), 1);
    CHECK_INT_EQ(it.attempt, 2);
    CHECK_INT_EQ(outbox_mark_sent(d, id, 2, T0 + 11, &e), DL_OK);
    CHECK_INT_EQ(outbox_retry_now(d, &who, id, T0 + 12, &e), DL_ECONFLICT); /* already sent */
    CHECK_INT_EQ(outbox_retry_now(d, &who, 999, T0 + 12, &e), DL_ENOTFOUND);
    CHECK_STR_EQ(e.msg, "Det finns inget sådant meddelande i utkorgen.");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry'"), 1);
    arena_free(a);
    db_close(d);
    clock_set_fake(0);
}

TEST(outbox_sent_invitation_forgets_its_token)
{
    clock_set_fake(T0);
    db *d = fixture_store();
    static const char token[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char body[256];
    snprintf(body, sizeof body, "Hej!\nÖppna https://datalots.example/invitation?t=%s och skapa ett konto.\n", token);
    outbox_mail inv = {"ines@universitet.example", "Er ansökan har kommit in", body, "sv", "case.invitation", 7};
    int64_t id = enqueue(d, &inv);
    outbox_mail plain = {"ines@universitet.example", "Annat", body, "sv", "case.received", 7};
    int64_t other = enqueue(d, &plain);
    arena *a = arena_new(4096);
    outbox_item it[2];
    dl_error e = {0};
    int n = 0;
    CHECK_INT_EQ(outbox_claim(d, a, T0, MAIL_LEASE_TEST, 2, it, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE id = %" PRId64 " AND body_text LIKE '%%%s%%'", id, token);
    CHECK_INT_EQ(fixture_int(d, sql), 1); /* until it is sent, the mail holds the link */
    CHECK_INT_EQ(outbox_mark_sent(d, id, 1, T0 + 1, &e), DL_OK);
    CHECK_INT_EQ(outbox_mark_sent(d, other, 1, T0 + 1, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, sql), 0); /* sent: the token is gone */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE id = %" PRId64
                              " AND body_text LIKE '%%/invitation?t=xxxxxxxxxxxxxxxx%%och skapa ett konto.%%'", id);
    CHECK_INT_EQ(fixture_int(d, sql), 1); /* …the rest of the text kept */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM outbox WHERE id = %" PRId64 " AND body_text LIKE '%%%s%%'", other, token);
    CHECK_INT_EQ(fixture_int(d, sql), 1); /* another kind of mail is left as it was */
    arena_free(a);
    db_close(d);
    clock_set_fake(0);
}
