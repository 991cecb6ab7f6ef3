/* test_mailbox_store.c — store/mailbox.c on SQLite and (under
 * tests/with-pg.sh) PostgreSQL: a message registered as a new request with
 * its file, in one transaction with its mailbox_message row; the same
 * message again — by its place or by its Message-ID — is refused with a
 * sentence naming the case and writes nothing; a file that is not a PDF is
 * refused naming the file, before anything is written; into a case that
 * waits for nothing, the transition table's refusal, nothing written. */
#include "test.h"
#include "fixture.h"

#include "core/authz.h"
#include "store/mailbox.h"

static const unsigned char PDF[] = "%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

TEST(mailbox_store_registers_once)
{
    db *d = fixture_store();
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    int64_t reg = fixture_user(d, "registrator");
    char path[32];
    snprintf(path, sizeof path, "/%lld/", (long long)org);
    authz_grant g = {ROLE_REGISTRAR, path};
    authz_subject s = {reg, &g, 1};
    audit_actor who = {reg, "registrator"};
    arena *a = arena_new(0);
    case_request req;
    for (int f = 0; f < REQ__MAX; f++) req.v[f] = "";
    req.v[REQ_APPLICANT_NAME] = "Anna";
    req.v[REQ_APPLICANT_EMAIL] = "anna@example.org";
    req.v[REQ_TITLE] = "Ansökan per e-post";
    case_upload file = {.kind = "email_attachment", .filename = "a.pdf", .data = PDF, .len = sizeof PDF - 1};
    mailbox_key k = {.mailbox = "imap://h/INBOX", .uidvalidity = 7, .uid = 3, .message_id = "m1@example.org",
                     .sender = "Anna <anna@example.org>", .subject = "Ansökan per e-post"};
    mailbox_target t = {.org_id = org, .req = &req, .counterpart = "Anna <anna@example.org>", .text = "Hej",
                        .files = &file, .n_files = 1};
    int64_t case_id = 0;
    case_step_result out;
    dl_error e;
    dl_err rc = mailbox_register(d, a, &s, &who, &k, &t, &case_id, &out, &e);
    if (rc != DL_OK) fprintf(stderr, "    %s\n", e.msg);
    CHECK_INT_EQ(rc, DL_OK);
    CHECK(case_id > 0);
    CHECK(out.diary_number[0] != '\0');
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases WHERE state = 'received'"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_attachment"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM mailbox_message"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'mailbox.register'"), 1);
    int64_t found = 0;
    const char *dnr = "";
    CHECK_INT_EQ(mailbox_registered(d, a, &k, &found, &dnr, &e), DL_OK);
    CHECK(found == case_id);

    /* Again by its place, and as a copy under another UID (same Message-ID). */
    CHECK_INT_EQ(mailbox_register(d, a, &s, &who, &k, &t, &case_id, &out, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "redan registrerat i ärende");
    k.uid = 4;
    CHECK_INT_EQ(mailbox_register(d, a, &s, &who, &k, &t, &case_id, &out, &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM mailbox_message"), 1);

    /* A file that is not a PDF: refused naming it, nothing written. */
    mailbox_key k2 = {.mailbox = "imap://h/INBOX", .uidvalidity = 7, .uid = 5, .message_id = "m2@example.org",
                      .sender = "x", .subject = "y"};
    case_upload bad = {.kind = "email_attachment", .filename = "virus.exe", .data = (const unsigned char *)"MZ", .len = 2};
    t.files = &bad;
    CHECK_INT_EQ(mailbox_register(d, a, &s, &who, &k2, &t, &case_id, &out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "virus.exe");
    /* Into a case that waits for no completion: the table refuses. */
    t.files = &file;
    t.case_id = fixture_int(d, "SELECT MAX(id) FROM cases");
    CHECK(mailbox_register(d, a, &s, &who, &k2, &t, &case_id, &out, &e) != DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM cases"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM case_attachment"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM mailbox_message"), 1);
    arena_free(a);
    db_close(d);
}
