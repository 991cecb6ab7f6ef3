/* test_case_members_store.c — the project members (store/case_members.h)
 * and the message thread (store/case_messages.h) on SQLite and (under
 * tests/with-pg.sh) PostgreSQL: an invitation only by the owner, joining
 * only with the invited address, the terms only by the member themself and
 * only the newest version, the delivery's addresses only of members who
 * accepted, leaving registered; the thread in order, its refusals, a
 * completion registered; the typical times from planted transitions; and a
 * delivery offer that gives an accepting member a link to a copy of their
 * own. */
#include "test.h"
#include "fixture.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "crypto/token.h"
#include "store/case_members.h"
#include "store/case_messages.h"
#include "store/delivery.h"

#define T0 1780000000 /* 2026-05-28 */

struct world {
    db *d;
    int64_t org, owner, other, c;
};

static void make_world(struct world *w, const char *state)
{
    clock_set_fake(T0);
    fixture_tz("Europe/Stockholm");
    w->d = fixture_store();
    w->org = fixture_org(w->d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    w->owner = fixture_user(w->d, "sokande");
    w->other = fixture_user(w->d, "maja");
    fixture_exec(w->d, "UPDATE users SET email = 'sara@example.se' WHERE username = 'sokande'");
    fixture_exec(w->d, "UPDATE users SET email = 'Maja@Uni.example' WHERE username = 'maja'");
    dl_error e;
    if (db_query_int(w->d, "INSERT INTO cases(org_id, target_node_id, owner_user_id, state, process, created_at,"
                           " updated_at, diary_number, applicant_email, applicant_name, title)"
                           " VALUES (?, ?, ?, ?, 2, 'x', 'x', 'RH 2026-00001', 'sara@example.se', 'Sara', 'Njurar')"
                           " RETURNING id", &w->c, &e, "iiit", w->org, w->org, w->owner, state) != DL_OK)
        test_fail(__FILE__, __LINE__, "case: %s", e.msg);
}

/* The token in the newest invitation mail to `to`, into out (65 bytes). */
static void token_mailed_to(struct world *w, const char *to, char out[65])
{
    out[0] = '\0';
    dl_error e;
    db_stmt *s = db_prepare(w->d, "SELECT body_text FROM outbox WHERE kind = 'case.member_invite' AND to_addr = ?"
                                  " ORDER BY id DESC LIMIT 1", &e);
    if (!s) return;
    db_bind_text(s, 1, to);
    if (db_step(s, &e) == DB_ROW) {
        const char *p = strstr(db_col_text(s, 0), "/medlem?t=");
        if (p) snprintf(out, 65, "%.64s", p + 10);
    }
    db_stmt_done(s);
}

TEST(case_members_only_the_right_person_joins_and_accepts)
{
    struct world w;
    make_world(&w, "extracting");
    dl_error e = {0};
    int64_t id = 0;
    audit_actor owner = {w.owner, "sokande"}, maja = {w.other, "maja"}, stranger = {999, "x"};
    CHECK_INT_EQ(case_member_invite(w.d, w.c, &maja, "nils@uni.example", "https://d.example", &id, &e), DL_EDENIED);
    CHECK_INT_EQ(case_member_invite(w.d, w.c, &owner, "inte en adress", "https://d.example", &id, &e), DL_EINVAL);
    CHECK_INT_EQ(case_member_invite(w.d, w.c, &owner, "SARA@example.se", "https://d.example", &id, &e), DL_ECONFLICT);
    CHECK_INT_EQ(case_member_invite(w.d, w.c, &owner, "maja@uni.example", "https://d.example", &id, &e), DL_OK);
    CHECK(id > 0);
    int64_t invited = id;
    CHECK_INT_EQ(case_member_invite(w.d, w.c, &owner, "MAJA@uni.example", "https://d.example", &id, &e), DL_ECONFLICT);
    char tok[65];
    token_mailed_to(&w, "maja@uni.example", tok);
    CHECK(hex_is_token(tok));
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_member WHERE token_hash LIKE '%' || email || '%'"), 0);

    /* Someone else, signed in with another address, cannot use it. */
    int64_t cid = 0, uid = 0;
    CHECK_INT_EQ(case_member_join(w.d, tok, NULL, &owner, "sara@example.se", T0, &cid, &uid, NULL, &e), DL_EDENIED);
    CHECK_CONTAINS(e.msg, "annan person");
    CHECK_INT_EQ(case_member_join(w.d, tok, NULL, &stranger, "x@example.org", T0, &cid, &uid, NULL, &e), DL_EDENIED);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_member WHERE user_id IS NOT NULL"), 0);
    /* Past its time: refused. */
    CHECK_INT_EQ(case_member_join(w.d, tok, NULL, &maja, "Maja@Uni.example", T0 + 31 * 86400, &cid, &uid, NULL, &e),
                 DL_ECONFLICT);
    /* The invited address (any case): joins, once. */
    CHECK_INT_EQ(case_member_join(w.d, tok, NULL, &maja, "Maja@Uni.example", T0, &cid, &uid, NULL, &e), DL_OK);
    CHECK(cid == w.c && uid == w.other);
    CHECK_INT_EQ(case_member_join(w.d, tok, NULL, &maja, "Maja@Uni.example", T0, &cid, &uid, NULL, &e), DL_ECONFLICT);
    char bad[65];
    memset(bad, '0', 64);
    bad[64] = '\0';
    CHECK_INT_EQ(case_member_join(w.d, bad, NULL, &maja, "Maja@Uni.example", T0, &cid, &uid, NULL, &e), DL_ENOTFOUND);
    int64_t mid = 0;
    CHECK_INT_EQ(case_member_of(w.d, w.c, w.other, &mid, &e), DL_OK);
    CHECK(mid == invited);

    /* The terms: only the member, only the newest version, once. */
    const char *to[4];
    int n = -1;
    arena *a = arena_new(1024);
    CHECK_INT_EQ(case_member_delivery_emails(w.d, a, w.c, to, 4, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c, mid, &owner, 1, &e), DL_EDENIED);
    CHECK_CONTAINS(e.msg, "för dig själv");
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c + 1, mid, &maja, 1, &e), DL_EDENIED);
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c, mid, &maja, 2, &e), DL_ECONFLICT);
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c, mid, &maja, 1, &e), DL_OK);
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c, mid, &maja, 1, &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT terms_version FROM case_member"), 1);
    CHECK_INT_EQ(case_member_delivery_emails(w.d, a, w.c, to, 4, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    if (n == 1) CHECK_STR_EQ(to[0], "Maja@Uni.example");
    /* A newer version of the terms: accepted only when read again. */
    fixture_exec(w.d, "INSERT INTO terms_version(version, body_sv, body_en, created_at) VALUES (2, 'Nya', 'New', 'x')");
    CHECK_INT_EQ(case_member_delivery_emails(w.d, a, w.c, to, 4, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c, mid, &maja, 1, &e), DL_ECONFLICT);
    CHECK_INT_EQ(case_member_accept_terms(w.d, w.c, mid, &maja, 2, &e), DL_OK);
    CHECK_INT_EQ(case_member_delivery_emails(w.d, a, w.c, to, 4, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);

    /* The delivery: the applicant and the member who accepted, each a link of their own. */
    char path[512];
    snprintf(path, sizeof path, "%s/leverans.age", test_tmpdir());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0 && write(fd, "abc", 3) == 3);
    if (fd >= 0) close(fd);
    char sha[TOKEN_HEX_SIZE];
    sha256_hex("abc", 3, sha);
    delivery_offer_in in = {w.c, path, sha, 3, "sara@example.se", "", 24, "https://d.example"};
    audit_actor da = {0, "dataanalys"};
    CHECK_INT_EQ(db_begin(w.d, &e), DL_OK);
    CHECK_INT_EQ(delivery_offer_in_tx(w.d, &in, &da, NULL, &e), DL_OK);
    CHECK_INT_EQ(db_commit(w.d, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery"), 2);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'delivery.offer' AND to_addr = 'Maja@Uni.example'"), 1);
    char copy[600];
    snprintf(copy, sizeof copy, "%s.m1", path);
    CHECK(access(copy, F_OK) == 0);
    unlink(copy);
    unlink(path);

    /* Leaving: refused to strangers; the member's own leave is registered. */
    char number[DIARY_NUMBER_MAX];
    CHECK_INT_EQ(case_member_end(w.d, w.c, mid, &stranger, number, &e), DL_EDENIED);
    CHECK_INT_EQ(case_member_end(w.d, w.c, mid, &maja, number, &e), DL_OK);
    CHECK(number[0] != '\0');
    CHECK_INT_EQ(case_member_end(w.d, w.c, mid, &owner, number, &e), DL_ECONFLICT);
    CHECK_INT_EQ(case_member_of(w.d, w.c, w.other, &mid, &e), DL_OK);
    CHECK(mid == 0);
    CHECK_INT_EQ(case_member_delivery_emails(w.d, a, w.c, to, 4, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action IN ('case.member_invite',"
                                  " 'case.member_join', 'case.member_terms', 'case.member_leave')"), 5);
    arena_free(a);
    db_close(w.d);
    clock_set_fake(0);
}

TEST(case_messages_thread_refusals_and_typical_times)
{
    struct world w;
    make_world(&w, "received");
    dl_error e = {0};
    authz_subject none = {0};
    audit_actor sara = {w.owner, "sokande"}, karin = {w.other, "samordnare"};
    int64_t id = 0;
    char number[DIARY_NUMBER_MAX];
    case_message_in in = {.case_id = w.c, .body = "Hej! Första.", .author_name = "Sara Forskare"};
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_OK);
    CHECK(number[0] == '\0');
    in = (case_message_in){.case_id = w.c, .staff = 1, .body = "Svar."};
    CHECK_INT_EQ(case_message_post(w.d, &none, &karin, &in, &id, number, &e), DL_OK);
    in.is_completion = 1;
    CHECK_INT_EQ(case_message_post(w.d, &none, &karin, &in, &id, number, &e), DL_EINVAL);
    in = (case_message_in){.case_id = w.c, .body = ""};
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_EINVAL);
    char *big = malloc(CASE_MESSAGE_MAX + 2);
    memset(big, 'x', CASE_MESSAGE_MAX + 1);
    big[CASE_MESSAGE_MAX + 1] = '\0';
    in.body = big;
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_EINVAL);
    big[CASE_MESSAGE_MAX] = '\0';
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_OK); /* exactly the limit */
    free(big);
    in = (case_message_in){.case_id = w.c, .body = "\xff\xfe"};
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_EINVAL);
    in = (case_message_in){.case_id = w.c + 100, .body = "x"};
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_ENOTFOUND);
    in = (case_message_in){.case_id = w.c, .body = "Kompletteringen.", .is_completion = 1};
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_OK);
    CHECK(strncmp(number, "RH 2026-", 8) == 0);
    char registered[DIARY_NUMBER_MAX];
    snprintf(registered, sizeof registered, "%s", number);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM case_document WHERE kind = 'completion'"), 1);
    fixture_exec(w.d, "UPDATE cases SET state = 'draft'");
    in = (case_message_in){.case_id = w.c, .body = "Till ett utkast"};
    CHECK_INT_EQ(case_message_post(w.d, &none, &sara, &in, &id, number, &e), DL_ECONFLICT);

    arena *a = arena_new(4096);
    case_message_rec m[8];
    int n = 0;
    CHECK_INT_EQ(case_messages(w.d, a, w.c, m, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4);
    if (n == 4) {
        CHECK_STR_EQ(m[0].body, "Hej! Första.");
        CHECK_STR_EQ(m[0].author_name, "Sara Forskare");
        CHECK_STR_EQ(m[1].side, "staff");
        CHECK_STR_EQ(m[3].document_number, registered);
    }
    CHECK_INT_EQ(case_messages(w.d, a, w.c, m, 2, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2); /* the newest two, oldest first */
    if (n == 2) CHECK_STR_EQ(m[1].body, "Kompletteringen.");
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'case.message' AND to_addr = 'sara@example.se'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%Första%' OR body_text LIKE '%Svar.%'"), 0);

    /* Typical times: stays of 1 and 3 days in received, a clock-less row ignored. */
    fixture_exec(w.d, "INSERT INTO case_event(case_id, at, actor_name, event, from_state, to_state) VALUES"
                      " (1, '2026-01-01T00:00:00Z', 'x', 'submit', 'draft', 'received'),"
                      " (1, '2026-01-02T00:00:00Z', 'x', 'accept_complete', 'received', 'awaiting_samrad'),"
                      " (1, 'not a time', 'x', 'x', 'awaiting_samrad', 'awaiting_decision'),"
                      " (1, '2026-01-05T00:00:00Z', 'x', 'x', 'awaiting_samrad', 'received'),"
                      " (1, '2026-01-08T00:00:00Z', 'x', 'x', 'received', 'awaiting_samrad')");
    int64_t med[CASE_STATE__MAX];
    int cnt[CASE_STATE__MAX];
    CHECK_INT_EQ(case_typical_times(w.d, w.org, med, cnt, &e), DL_OK);
    CHECK_INT_EQ(cnt[CASE_RECEIVED], 2);
    CHECK(med[CASE_RECEIVED] == 2 * 86400);
    CHECK_INT_EQ(cnt[CASE_AWAITING_SAMRAD], 1);
    CHECK(med[CASE_AWAITING_SAMRAD] == 3 * 86400);
    CHECK_INT_EQ(case_typical_times(w.d, w.org + 99, med, cnt, &e), DL_OK);
    CHECK_INT_EQ(cnt[CASE_RECEIVED], 0);
    arena_free(a);
    db_close(w.d);
    clock_set_fake(0);
}
