/* test_delivery.c — the encrypted delivery (store/delivery.h) on SQLite and
 * (under tests/with-pg.sh) PostgreSQL: an offer is fetched once and then
 * gone from disk, with its receipt in the diarium and audit rows that never
 * hold the token; a second click, a wrong, malformed or expired link, and
 * a file removed behind our back are refused and audited; two clicks at
 * once — exactly one wins; the sweep removes expired files; the
 * destruction reminders follow core/destroy_reminder.h's schedule and the
 * confirmation link of the newest reminder records the destruction once. */
#include "test.h"
#include "fixture.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/destroy_reminder.h"
#include "crypto/token.h"
#include "store/cases.h"
#include "store/delivery.h"

#define T0 1780000000 /* 2026-05-28, a fixed "now" */
#define FILE_BYTES "age-encryption.org/v1\n-> X25519 test\nnot really encrypted, but bytes all the same\n"

struct world {
    db *d;
    int64_t org, applicant;
};

static void make_world(struct world *w)
{
    clock_set_fake(T0);
    fixture_tz("Europe/Stockholm");
    w->d = fixture_store();
    w->org = fixture_org(w->d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    w->applicant = fixture_user(w->d, "sokande");
}

/* A case in CASE_EXTRACTING with a diary number, straight in the store. */
static int64_t extracting_case(struct world *w, const char *number)
{
    dl_error e;
    int64_t id = 0;
    if (db_query_int(w->d, "INSERT INTO cases(org_id, owner_user_id, state, process, created_at, updated_at,"
                           " diary_number, applicant_email, title) VALUES (?, ?, 'extracting', 2, 'x', 'x', ?,"
                           " 'sara@example.se', 'Diabetes') RETURNING id",
                     &id, &e, "iit", w->org, w->applicant, number) != DL_OK) {
        test_fail(__FILE__, __LINE__, "case: %s", e.msg);
        return 0;
    }
    return id;
}

/* A file in the test's directory holding FILE_BYTES; its path in out. */
static void delivered_file(const char *name, char out[512])
{
    snprintf(out, 512, "%s/%s", test_tmpdir(), name);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, FILE_BYTES, strlen(FILE_BYTES)) != (ssize_t)strlen(FILE_BYTES))
        test_fail(__FILE__, __LINE__, "cannot write %s", out);
    if (fd >= 0) close(fd);
}

static dl_err offer(struct world *w, int64_t case_id, const char *path, int hours, const char *destroy_by,
                    int64_t *id, dl_error *e)
{
    char sha[TOKEN_HEX_SIZE];
    sha256_hex(FILE_BYTES, strlen(FILE_BYTES), sha);
    delivery_offer_in in = {case_id, path, sha, (int64_t)strlen(FILE_BYTES), "sara@example.se", destroy_by, hours,
                            "https://data.example.se"};
    audit_actor who = {0, "dataanalys"};
    dl_err rc = db_begin(w->d, e);
    if (rc == DL_OK) rc = delivery_offer_in_tx(w->d, &in, &who, id, e);
    if (rc == DL_OK) rc = db_commit(w->d, e);
    else db_rollback(w->d);
    return rc;
}

/* The token of the newest mail of kind, after "/leverans/" or "/forstoring/". */
static int newest_token(db *d, const char *kind, const char *link, char out[TOKEN_HEX_SIZE])
{
    dl_error e;
    out[0] = '\0';
    db_stmt *s = db_prepare(d, "SELECT body_text FROM outbox WHERE kind = ? ORDER BY id DESC", &e);
    if (!s) return 0;
    db_bind_text(s, 1, kind);
    if (db_step(s, &e) == DB_ROW) {
        const char *p = strstr(db_col_text(s, 0), link);
        if (p && strlen(p + strlen(link)) >= 64) {
            memcpy(out, p + strlen(link), 64);
            out[64] = '\0';
        }
    }
    db_stmt_done(s);
    return hex_is_token(out);
}

static int64_t count_with(db *d, const char *sql, const char *text)
{
    dl_error e;
    int64_t n = -1;
    if (db_query_int(d, sql, &n, &e, "t", text) != DL_OK) return -1;
    return n;
}

static int read_all(int fd, char *buf, size_t max)
{
    size_t n = 0;
    ssize_t r;
    while (n < max && (r = read(fd, buf + n, max - n)) > 0) n += (size_t)r;
    buf[n] = '\0';
    return (int)n;
}

TEST(delivery_offer_then_one_fetch_then_refused)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00042");
    char path[512], token[TOKEN_HEX_SIZE], buf[256];
    delivered_file("a.age", path);
    int64_t id = 0;
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 168, "2027-12-31", &id, &e), DL_OK);
    CHECK(id > 0);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", token));
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND kind = 'delivery.offer'",
                            "sara@example.se"), 1);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE ?",
                            "%age -d -i nyckel.txt RH-2026-00042.age | tar x%"), 1);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE ?", "%2027-12-31%"), 1);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE ?", "%2026-06-04 22:26%"), 1);
    /* Only the hash is stored. */
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM delivery WHERE token_hash = ?", token), 0);

    /* The page before the download does not consume the link. */
    arena *a = arena_new(1024);
    delivery_info info;
    CHECK_INT_EQ(delivery_find(w.d, a, token, clock_now(), &info, &e), DL_OK);
    CHECK_INT_EQ(info.state, DELIVERY_OPEN);
    CHECK_STR_EQ(info.file_name, "RH-2026-00042.age");
    CHECK_INT_EQ(delivery_find(w.d, a, token, clock_now(), &info, &e), DL_OK);
    arena_free(a);

    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, token, "192.0.2.7", &got, &e), DL_OK);
    CHECK(got.fd >= 0);
    CHECK_INT_EQ(got.case_id, c);
    CHECK_STR_EQ(got.file_name, "RH-2026-00042.age");
    struct stat st;
    CHECK(stat(path, &st) != 0); /* gone from disk … */
    CHECK_INT_EQ(read_all(got.fd, buf, sizeof buf - 1), (int)strlen(FILE_BYTES)); /* … but the stream has it */
    CHECK_STR_EQ(buf, FILE_BYTES);
    close(got.fd);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NOT NULL AND removed_at IS NOT NULL"
                                  " AND claimed_from = '192.0.2.7'"), 1);
    /* The receipt: an incoming diary entry naming the case, tied to the delivery. */
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM diary_entry d JOIN delivery v ON v.receipt_entry_id = d.id"
                                 " WHERE d.direction = 'in' AND d.subject LIKE ?",
                            "Leveranskvitto: krypterad fil hämtad 2026-05-28, ärende RH 2026-00042"), 1);
    CHECK(got.diary_number[0] != '\0');

    /* The second click. */
    delivery_claimed again;
    CHECK_INT_EQ(delivery_claim(w.d, token, "192.0.2.7", &again, &e), DL_EGONE);
    CHECK_CONTAINS(e.msg, "Filen är redan hämtad");
    CHECK_INT_EQ(again.fd, -1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.offer'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.fetch'"), 1);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.refused' AND detail LIKE ?",
                            "already fetched%"), 1);
    /* The token is in no audit row. */
    char like[80];
    snprintf(like, sizeof like, "%%%.16s%%", token);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE ?", like), 0);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM audit_log WHERE object_id LIKE ?", like), 0);
    /* The GET page now says it is fetched. */
    a = arena_new(1024);
    CHECK_INT_EQ(delivery_find(w.d, a, token, clock_now(), &info, &e), DL_OK);
    CHECK_INT_EQ(info.state, DELIVERY_FETCHED);
    arena_free(a);
}

TEST(delivery_wrong_and_malformed_links_are_refused_and_audited)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00001");
    char path[512], wrong[TOKEN_HEX_SIZE];
    delivered_file("b.age", path);
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 24, "", NULL, &e), DL_OK);
    token_random_hex(wrong);
    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, wrong, "198.51.100.1", &got, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "Länken finns inte");
    CHECK_INT_EQ(delivery_claim(w.d, "abc", "198.51.100.1", &got, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(delivery_claim(w.d, NULL, NULL, &got, &e), DL_ENOTFOUND);
    wrong[0] = 'G'; /* not lower-case hex */
    CHECK_INT_EQ(delivery_claim(w.d, wrong, "198.51.100.1", &got, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.refused'"), 4);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.refused'"
                                 " AND detail LIKE ?", "%198.51.100.1%"), 3);
    /* Nothing was claimed; the file is where it was. */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL AND removed_at IS NULL"), 1);
    struct stat st;
    CHECK(stat(path, &st) == 0);
}

TEST(delivery_expired_link_is_refused_and_the_sweep_removes_the_file)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00002");
    char path[512], token[TOKEN_HEX_SIZE];
    delivered_file("c.age", path);
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 168, "", NULL, &e), DL_OK);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", token));
    int removed = -1;
    CHECK_INT_EQ(delivery_sweep(w.d, clock_now(), &removed, &e), DL_OK);
    CHECK_INT_EQ(removed, 0); /* not yet */
    clock_set_fake(T0 + 168 * 3600); /* the moment it expires */
    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, token, "192.0.2.9", &got, &e), DL_EGONE);
    CHECK_CONTAINS(e.msg, "Länken har gått ut");
    struct stat st;
    CHECK(stat(path, &st) == 0); /* the claim does not remove; the sweep does */
    CHECK_INT_EQ(delivery_sweep(w.d, clock_now(), &removed, &e), DL_OK);
    CHECK_INT_EQ(removed, 1);
    CHECK(stat(path, &st) != 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.expire'"), 1);
    CHECK_INT_EQ(delivery_sweep(w.d, clock_now(), &removed, &e), DL_OK); /* idempotent */
    CHECK_INT_EQ(removed, 0);
    CHECK_INT_EQ(delivery_claim(w.d, token, "192.0.2.9", &got, &e), DL_EGONE);
    CHECK_CONTAINS(e.msg, "Länken har gått ut");
    clock_set_fake(0);
}

TEST(delivery_a_token_fetches_only_its_own_case)
{
    struct world w;
    make_world(&w);
    int64_t a = extracting_case(&w, "RH 2026-00010"), b = extracting_case(&w, "RH 2026-00011");
    char pa[512], pb[512], ta[TOKEN_HEX_SIZE], tb[TOKEN_HEX_SIZE];
    delivered_file("a.age", pa);
    delivered_file("b.age", pb);
    dl_error e;
    CHECK_INT_EQ(offer(&w, a, pa, 24, "", NULL, &e), DL_OK);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", ta));
    CHECK_INT_EQ(offer(&w, b, pb, 24, "", NULL, &e), DL_OK);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", tb));
    CHECK(strcmp(ta, tb) != 0);
    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, ta, "x", &got, &e), DL_OK);
    close(got.fd);
    CHECK_INT_EQ(got.case_id, a);
    CHECK_STR_EQ(got.file_name, "RH-2026-00010.age");
    struct stat st;
    CHECK(stat(pb, &st) == 0); /* b's file untouched */
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL"), 1);
    /* a's token once more: refused, and b is still not claimed. */
    CHECK_INT_EQ(delivery_claim(w.d, ta, "x", &got, &e), DL_EGONE);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL"), 1);
}

TEST(delivery_file_removed_behind_our_back_is_refused_without_consuming)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00003");
    char path[512], token[TOKEN_HEX_SIZE];
    delivered_file("d.age", path);
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 24, "", NULL, &e), DL_OK);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", token));
    unlink(path);
    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, token, "x", &got, &e), DL_EGONE);
    CHECK_CONTAINS(e.msg, "Filen finns inte längre");
    CHECK_INT_EQ(got.fd, -1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry"), 0);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.refused' AND detail LIKE ?",
                            "file missing%"), 1);
}

/* The offered file replaced by a symbolic link (to a secret of the host,
 * say) is never followed; a file of another size (swapped in place) is not
 * sent either (docs/security.md). */
TEST(delivery_file_swapped_for_a_symlink_or_another_file_is_refused)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00004");
    char path[512], token[TOKEN_HEX_SIZE], secret[600];
    delivered_file("s.age", path);
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 24, "", NULL, &e), DL_OK);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", token));
    /* a secret of the same size as the offer, linked in its place */
    struct stat st;
    CHECK_INT_EQ(stat(path, &st), 0);
    snprintf(secret, sizeof secret, "%s.secret", path);
    FILE *f = fopen(secret, "w");
    CHECK(f != NULL);
    if (!f) return;
    for (off_t i = 0; i < st.st_size; i++) fputc('S', f);
    fclose(f);
    CHECK_INT_EQ(unlink(path), 0);
    CHECK_INT_EQ(symlink(secret, path), 0);
    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, token, "x", &got, &e), DL_EGONE);
    CHECK_INT_EQ(got.fd, -1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL"), 1);
    /* the same name as a regular file of another size */
    CHECK_INT_EQ(unlink(path), 0);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) { fputs("kort", f); fclose(f); }
    CHECK_INT_EQ(delivery_claim(w.d, token, "x", &got, &e), DL_EGONE);
    CHECK_INT_EQ(got.fd, -1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE claimed_at IS NULL"), 1);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.refused' AND detail LIKE ?",
                            "file missing%"), 2);
    unlink(secret);
}

TEST(delivery_bad_offers_write_nothing)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00004");
    char path[512], sha[TOKEN_HEX_SIZE];
    delivered_file("e.age", path);
    sha256_hex(FILE_BYTES, strlen(FILE_BYTES), sha);
    int64_t bytes = (int64_t)strlen(FILE_BYTES);
    audit_actor who = {0, "x"};
    dl_error e;
    delivery_offer_in ok = {c, path, sha, bytes, "sara@example.se", "", 24, "https://x.example"};
    CHECK_INT_EQ(delivery_offer_in_tx(w.d, &ok, &who, NULL, &e), DL_EINTERNAL); /* no transaction */
    struct { delivery_offer_in in; const char *says; } bad[] = {
        {{c, "e.age", sha, bytes, "sara@example.se", "", 24, "https://x.example"}, "fullständiga sökväg"},
        {{c, "/nonexistent/e.age", sha, bytes, "sara@example.se", "", 24, "https://x.example"}, "finns inte"},
        {{c, path, sha, bytes + 1, "sara@example.se", "", 24, "https://x.example"}, "storlek"},
        {{c, path, "ABC", bytes, "sara@example.se", "", 24, "https://x.example"}, "SHA-256"},
        {{c, path, sha, bytes, "", "", 24, "https://x.example"}, "e-postadress"},
        {{c, path, sha, bytes, "sara@example.se\r\nBcc: x@y", "", 24, "https://x.example"}, ""},
        {{c, path, sha, bytes, "sara@example.se", "31/12/2027", 24, "https://x.example"}, "ÅÅÅÅ-MM-DD"},
        {{c, path, sha, bytes, "sara@example.se", "", 0, "https://x.example"}, "timmar"},
        {{c, path, sha, bytes, "sara@example.se", "", 721, "https://x.example"}, "timmar"},
        {{c, path, sha, bytes, "sara@example.se", "", 24, ""}, "public-url"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT_EQ(db_begin(w.d, &e), DL_OK);
        dl_err rc = delivery_offer_in_tx(w.d, &bad[i].in, &who, NULL, &e);
        db_rollback(w.d);
        if (rc != DL_EINVAL) test_fail(__FILE__, __LINE__, "bad offer %zu: %d", i, (int)rc);
        CHECK_CONTAINS(e.msg, bad[i].says);
    }
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery"), 0);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox"), 0);
}

struct racer {
    const char *token;
    dl_err rc;
};

static void *click(void *arg)
{
    struct racer *r = arg;
    db *d = NULL;
    dl_error e;
    if (db_open(fixture_url(), &d, &e) != DL_OK) { r->rc = DL_EDB; return NULL; }
    delivery_claimed got;
    r->rc = delivery_claim(d, r->token, "203.0.113.5", &got, &e);
    if (got.fd >= 0) close(got.fd);
    db_close(d);
    return NULL;
}

TEST(delivery_two_clicks_at_once_one_wins)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00005");
    char path[512], token[TOKEN_HEX_SIZE];
    delivered_file("f.age", path);
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 24, "", NULL, &e), DL_OK);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", token));
    for (int round = 0; round < 1; round++) {
        struct racer r[4] = {{token, DL_OK}, {token, DL_OK}, {token, DL_OK}, {token, DL_OK}};
        pthread_t t[4];
        for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, click, &r[i]);
        for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
        int wins = 0, refused = 0;
        for (int i = 0; i < 4; i++) {
            wins += r[i].rc == DL_OK;
            refused += r[i].rc == DL_EGONE;
        }
        if (wins != 1 || refused != 3)
            test_fail(__FILE__, __LINE__, "expected one win and three refusals: %d %d %d %d", (int)r[0].rc,
                      (int)r[1].rc, (int)r[2].rc, (int)r[3].rc);
    }
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.fetch'"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM diary_entry"), 1);
}

TEST(delivery_destroy_reminder_schedule)
{
    cal_date by = {2027, 12, 31};
    int64_t d = cal_to_days(by);
    static const struct { int offset, stage; } want[] = {
        {-400, 0}, {-31, 0}, {-30, 1}, {-1, 1}, {0, 2}, {6, 2}, {7, 3}, {13, 3}, {14, 4}, {70, 12},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (destroy_reminder_stage(d, d + want[i].offset) != want[i].stage)
            test_fail(__FILE__, __LINE__, "day %+d: stage %d, expected %d", want[i].offset,
                      destroy_reminder_stage(d, d + want[i].offset), want[i].stage);
    CHECK_INT_EQ(destroy_reminder_due(d, d - 30, 0), 1);
    CHECK_INT_EQ(destroy_reminder_due(d, d - 29, 1), 0); /* once before the day */
    CHECK_INT_EQ(destroy_reminder_due(d, d, 1), 1);
    CHECK_INT_EQ(destroy_reminder_due(d, d + 3, 2), 0);
    CHECK_INT_EQ(destroy_reminder_due(d, d + 7, 2), 1);
    CHECK_INT_EQ(destroy_reminder_due(d, d + 20, 0), 1); /* missed runs: one mail, for the stage found */
    CHECK_INT_EQ(destroy_reminder_stage(d, d + 365 * 1000), 2 + 365 * 1000 / 7);
    CHECK_INT_EQ(destroy_reminder_stage(d, d + 7 * 200000), 2 + 100000); /* bounded */
    CHECK_INT_EQ(DESTROY_REMIND_DAYS_BEFORE, 30);
    CHECK_INT_EQ(DESTROY_REMIND_EVERY_DAYS, 7);
}

TEST(delivery_destroy_reminders_and_confirmation)
{
    struct world w;
    make_world(&w);
    int64_t c = extracting_case(&w, "RH 2026-00006");
    char path[512], token[TOKEN_HEX_SIZE], first[TOKEN_HEX_SIZE], latest[TOKEN_HEX_SIZE];
    delivered_file("g.age", path);
    dl_error e;
    CHECK_INT_EQ(offer(&w, c, path, 24, "2026-07-31", NULL, &e), DL_OK);
    int sent = -1;
    /* Not fetched yet: nothing went out, nothing to destroy. */
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-07-15", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 0);
    CHECK(newest_token(w.d, "delivery.offer", "/leverans/", token));
    delivery_claimed got;
    CHECK_INT_EQ(delivery_claim(w.d, token, "x", &got, &e), DL_OK);
    close(got.fd);
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-06-30", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 0); /* 31 days before */
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-07-01", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 1);
    CHECK(newest_token(w.d, "delivery.destroy_reminder", "/forstoring/", first));
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-07-02", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 0);
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-07-31", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 1);
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-08-06", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 0);
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-08-07", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 1);
    CHECK(newest_token(w.d, "delivery.destroy_reminder", "/forstoring/", latest));
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM outbox WHERE kind = 'delivery.destroy_reminder'"), 3);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE ?",
                            "%I dag, 2026-07-31, ska uppgifterna förstöras%"), 1);
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "31 juli", "https://x.example", &sent, &e), DL_EINVAL);

    /* The older link was replaced. */
    CHECK_INT_EQ(delivery_confirm_destroyed(w.d, first, "2026-05-28", "Sara", "x", &e), DL_ENOTFOUND);
    arena *a = arena_new(1024);
    delivery_destroy_info di;
    CHECK_INT_EQ(delivery_destroy_find(w.d, a, latest, &di, &e), DL_OK);
    CHECK_STR_EQ(di.destroy_by, "2026-07-31");
    arena_free(a);
    CHECK_INT_EQ(delivery_confirm_destroyed(w.d, latest, "2026-05-29", "Sara", "x", &e), DL_EINVAL); /* future */
    CHECK_INT_EQ(delivery_confirm_destroyed(w.d, latest, "2026-5-1", "Sara", "x", &e), DL_EINVAL);
    CHECK_INT_EQ(delivery_confirm_destroyed(w.d, latest, "2026-05-28", "", "x", &e), DL_EINVAL);
    CHECK_INT_EQ(delivery_confirm_destroyed(w.d, latest, "2026-05-28", "Sara Svensson", "x", &e), DL_OK);
    CHECK_INT_EQ(delivery_confirm_destroyed(w.d, latest, "2026-05-28", "Sara Svensson", "x", &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM delivery WHERE destroyed_on = '2026-05-28'"
                                  " AND destroyed_by = 'Sara Svensson'"), 1);
    CHECK_INT_EQ(count_with(w.d, "SELECT COUNT(*) FROM diary_entry WHERE subject LIKE ?",
                            "Intyg om förstöring%RH 2026-00006"), 1);
    CHECK_INT_EQ(fixture_int(w.d, "SELECT COUNT(*) FROM audit_log WHERE action = 'delivery.destroyed'"), 1);
    /* Confirmed: no more reminders. */
    CHECK_INT_EQ(delivery_send_destroy_reminders(w.d, "2026-09-30", "https://x.example", &sent, &e), DL_OK);
    CHECK_INT_EQ(sent, 0);
}

TEST(delivery_file_name_from_diary_number)
{
    char out[DELIVERY_NAME_MAX];
    delivery_file_name("RH 2026-00042", out);
    CHECK_STR_EQ(out, "RH-2026-00042.age");
    delivery_file_name("", out);
    CHECK_STR_EQ(out, "leverans.age");
    delivery_file_name("A/../\"b\"", out);
    CHECK_STR_EQ(out, "A-----b-.age");
}
