/* test_oidc_signin.c — store/oidc.c's sign-in transaction (issue 17), on
 * SQLite and (tests/with-pg.sh) PostgreSQL: a linked subject signs in; a
 * signed-in person links an identity (and the identity of another account,
 * or a second identity, is refused); the provider's link claim finds an
 * account by verified e-mail or by username; an account is created when
 * the provider may; otherwise, and for a disabled account, nothing at all
 * is written (rows counted before and after); mapped grants follow the
 * claims while a grant a person gave stays; the session row names its
 * provider (its id hash computed here with OpenSSL); the audit rows. */
#include "test.h"
#include "fixture.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "core/oidc_rules.h"
#include "store/oidc.h"
#include "store/sessions.h"
#include "store/users.h"

#define T0 1796000000LL
#define ISS "https://idp.region.example"

static const audit_actor ADMIN = {0, "system"};

/* The provider, stored; its id in p->id. */
static void provider(db *d, oidc_provider *p, const char *link_claim, const char *link_to, int create)
{
    *p = (oidc_provider){.name = "region", .label = "Region", .issuer = ISS, .client_id = "datalots",
                         .client_secret_ref = "env:X", .scopes = "openid", .link_claim = link_claim,
                         .link_to = link_to, .create_accounts = create};
    dl_error e = {0};
    if (oidc_provider_put(d, &ADMIN, p, &e) != DL_OK) test_fail(__FILE__, __LINE__, "put: %s", e.msg);
    p->id = fixture_int(d, "SELECT id FROM oidc_provider WHERE name = 'region'");
}

static oidc_identity ident(const char *sub, const char *name, const char *email, const char *link_value)
{
    return (oidc_identity){ISS, sub, name, email, link_value, "region-0123456789ab"};
}

typedef struct counts {
    int64_t users, sessions, audit, grants, linked;
} counts;

static counts count(db *d)
{
    return (counts){fixture_int(d, "SELECT COUNT(*) FROM users"), fixture_int(d, "SELECT COUNT(*) FROM sessions"),
                    fixture_int(d, "SELECT COUNT(*) FROM audit_log"), fixture_int(d, "SELECT COUNT(*) FROM role_assignment"),
                    fixture_int(d, "SELECT COUNT(*) FROM users WHERE external_subject IS NOT NULL")};
}

static int same(counts a, counts b)
{
    return a.users == b.users && a.sessions == b.sessions && a.audit == b.audit && a.grants == b.grants &&
           a.linked == b.linked;
}

static int64_t audits(db *d, const char *action)
{
    dl_error e = {0};
    int64_t n = -1;
    db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = ?", &n, &e, "t", action);
    return n;
}

/* The users row's link, "issuer|subject" ("|" when none). */
static const char *link_of(db *d, arena *a, int64_t uid)
{
    dl_error e = {0};
    db_stmt *s = db_prepare(d, "SELECT COALESCE(external_issuer, ''), COALESCE(external_subject, '') FROM users WHERE id = ?", &e);
    if (!s) return "(error)";
    db_bind_int(s, 1, uid);
    const char *out = db_step(s, &e) == DB_ROW ? arena_printf(a, "%s|%s", db_col_text(s, 0), db_col_text(s, 1)) : "(none)";
    db_stmt_done(s);
    return out;
}

/* The session row's provider id, looked up by the SHA-256 of the token computed here. */
static int64_t session_provider_of(db *d, const char *token)
{
    unsigned char h[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)token, strlen(token), h);
    char hex[65];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", h[i]);
    dl_error e = {0};
    int64_t v = -1;
    if (db_query_int(d, "SELECT COALESCE(oidc_provider_id, -2) FROM sessions WHERE id_hash = ?", &v, &e, "t", hex) != DL_OK)
        return -1;
    return v;
}

static dl_err signin(db *d, arena *a, const oidc_provider *p, const oidc_identity *id, const oidc_grant *want, int n,
                     int64_t link_user, const char *old, oidc_signin_result *out, dl_error *e)
{
    memset(e, 0, sizeof *e);
    return oidc_signin(d, a, p, id, want, n, link_user, old, T0, out, e);
}

TEST(oidc_signin_linked_subject_signs_in)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "", "", 0);
    int64_t anna = fixture_user(d, "anna");
    fixture_user(d, "bo");
    fixture_exec(d, "UPDATE users SET external_issuer = '" ISS "', external_subject = 'sub-anna' WHERE username = 'anna'");
    dl_error e = {0};
    char old[65];
    CHECK_INT_EQ(session_create(d, anna, T0 - 100, old, &e), DL_OK);
    counts before = count(d);
    oidc_identity id = ident("sub-anna", "Anna Berg", "", NULL);
    oidc_signin_result r;
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, old, &r, &e), DL_OK);
    CHECK_INT_EQ(r.refused, 0);
    CHECK_INT_EQ(r.outcome, OIDC_SIGNED_IN);
    CHECK_INT_EQ(r.user_id, anna);
    CHECK_STR_EQ(r.username, "anna");
    CHECK_INT_EQ(strlen(r.session), 64);
    /* The old session is gone, the new one names the provider. */
    CHECK_INT_EQ(session_provider_of(d, old), -1);
    CHECK_INT_EQ(session_provider_of(d, r.session), p.id);
    int64_t via = 0;
    CHECK_INT_EQ(oidc_session_provider(d, r.session, &via, &e), DL_OK);
    CHECK_INT_EQ(via, p.id);
    counts after = count(d);
    CHECK_INT_EQ(after.users, before.users);
    CHECK_INT_EQ(after.sessions, before.sessions); /* one gone, one made */
    CHECK_INT_EQ(after.audit, before.audit + 1);
    CHECK_INT_EQ(audits(d, "auth.oidc.login"), 1);
    CHECK_INT_EQ(audits(d, "auth.oidc.link"), 0);
    CHECK_INT_EQ(audits(d, "auth.oidc.create"), 0);
    /* The same subject at another issuer is another identity. */
    oidc_identity other = id;
    other.issuer = "https://other.example";
    CHECK_INT_EQ(signin(d, a, &p, &other, NULL, 0, 0, NULL, &r, &e), DL_EDENIED);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_NO_ACCOUNT);
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_password_session_has_no_provider)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t anna = fixture_user(d, "anna");
    char tok[65];
    CHECK_INT_EQ(session_create(d, anna, T0, tok, &e), DL_OK);
    CHECK_INT_EQ(session_provider_of(d, tok), -2); /* NULL in the row */
    int64_t via = -1;
    CHECK_INT_EQ(oidc_session_provider(d, tok, &via, &e), DL_OK);
    CHECK_INT_EQ(via, 0);
    CHECK_INT_EQ(oidc_session_provider(d, "0000000000000000000000000000000000000000000000000000000000000000", &via, &e), DL_OK);
    CHECK_INT_EQ(via, 0);
    CHECK_INT_EQ(oidc_session_provider(d, NULL, &via, &e), DL_OK);
    CHECK_INT_EQ(via, 0);
    db_close(d);
}

TEST(oidc_signin_link_to_the_signed_in_account)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "", "", 0);
    int64_t anna = fixture_user(d, "anna"), bo = fixture_user(d, "bo");
    oidc_identity id = ident("sub-1", "Anna Berg", "", NULL);
    oidc_signin_result r;
    dl_error e;
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, anna, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_LINKED);
    CHECK_INT_EQ(r.user_id, anna);
    CHECK_STR_EQ(link_of(d, a, anna), ISS "|sub-1");
    CHECK_STR_EQ(link_of(d, a, bo), "|");
    CHECK_INT_EQ(audits(d, "auth.oidc.link"), 1);
    CHECK_INT_EQ(audits(d, "auth.oidc.login"), 1);
    const char *label = NULL, *subject = NULL;
    CHECK_INT_EQ(oidc_user_identity(d, a, anna, 0, &label, &subject, &e), DL_OK);
    CHECK_STR_EQ(label, "Region");
    CHECK_STR_EQ(subject, "sub-1");
    /* In English: the Swedish label while the provider has no English one, then its English one. */
    CHECK_INT_EQ(oidc_user_identity(d, a, anna, 1, &label, &subject, &e), DL_OK);
    CHECK_STR_EQ(label, "Region");
    CHECK_INT_EQ(db_run(d, "UPDATE oidc_provider SET label_en = 'Region (English)'", &e, ""), DL_OK);
    CHECK_INT_EQ(oidc_user_identity(d, a, anna, 1, &label, &subject, &e), DL_OK);
    CHECK_STR_EQ(label, "Region (English)");
    CHECK_INT_EQ(oidc_user_identity(d, a, anna, 0, &label, &subject, &e), DL_OK);
    CHECK_STR_EQ(label, "Region");
    CHECK_INT_EQ(oidc_user_identity(d, a, bo, 0, &label, &subject, &e), DL_OK);
    CHECK(label == NULL && subject == NULL);
    /* Linking again what is linked already: a sign-in, no second link row. */
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, anna, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_SIGNED_IN);
    CHECK_INT_EQ(audits(d, "auth.oidc.link"), 1);
    /* Bo linking Anna's identity: subject_taken, nothing written. */
    counts before = count(d);
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, bo, NULL, &r, &e), DL_ECONFLICT);
    CHECK_INT_EQ(r.refused, 1);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_SUBJECT_TAKEN);
    CHECK_STR_EQ(e.msg, oidc_refusal_rule_of(OIDC_REFUSE_SUBJECT_TAKEN)->message);
    CHECK_INT_EQ(r.user_id, 0);
    CHECK_STR_EQ(r.session, "");
    CHECK(same(before, count(d)));
    CHECK_STR_EQ(link_of(d, a, bo), "|");
    /* Anna linking a second identity: already_linked, nothing written. */
    oidc_identity second = ident("sub-2", "Anna", "", NULL);
    CHECK_INT_EQ(signin(d, a, &p, &second, NULL, 0, anna, NULL, &r, &e), DL_ECONFLICT);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_ALREADY_LINKED);
    CHECK(same(before, count(d)));
    CHECK_STR_EQ(link_of(d, a, anna), ISS "|sub-1");
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_link_claim_finds_the_account_by_verified_email)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "email", "email", 0);
    dl_error e = {0};
    int64_t anna = 0, old = 0;
    CHECK_INT_EQ(user_insert(d, "anna", "Anna", "anna.berg@region.example", "", &anna, &e), DL_OK);
    CHECK_INT_EQ(user_insert(d, "anna-old", "Anna", "other@region.example", "", &old, &e), DL_OK);
    /* The payload's claims, through the rules: unverified gives no link value. */
    oidc_identity id;
    CHECK_INT_EQ(oidc_identity_of("{\"email\":\"Anna.Berg@Region.example\",\"email_verified\":false}", ISS, "sub-a",
                                  p.name, p.link_claim, p.link_to, a, &id, &e),
                 DL_OK);
    counts before = count(d);
    oidc_signin_result r;
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_EDENIED);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_NO_ACCOUNT);
    CHECK(same(before, count(d)));
    /* Verified: linked, the address matched without regard to case. */
    CHECK_INT_EQ(oidc_identity_of("{\"email\":\"Anna.Berg@Region.example\",\"email_verified\":true}", ISS, "sub-a",
                                  p.name, p.link_claim, p.link_to, a, &id, &e),
                 DL_OK);
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_LINKED);
    CHECK_INT_EQ(r.user_id, anna);
    CHECK_STR_EQ(link_of(d, a, anna), ISS "|sub-a");
    CHECK_STR_EQ(link_of(d, a, old), "|");
    CHECK_INT_EQ(audits(d, "auth.oidc.link"), 1);
    /* Another identity with the same address does not take the linked account. */
    CHECK_INT_EQ(oidc_identity_of("{\"email\":\"anna.berg@region.example\",\"email_verified\":true}", ISS, "sub-b",
                                  p.name, p.link_claim, p.link_to, a, &id, &e),
                 DL_OK);
    before = count(d);
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_EDENIED);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_NO_ACCOUNT);
    CHECK(same(before, count(d)));
    CHECK_STR_EQ(link_of(d, a, anna), ISS "|sub-a");
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_link_claim_finds_the_account_by_username)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "preferred_username", "username", 0);
    int64_t bo = fixture_user(d, "bo");
    fixture_user(d, "bo2");
    oidc_signin_result r;
    dl_error e;
    oidc_identity id = ident("sub-bo", "Bo", "", "BO"); /* usernames match exactly */
    counts before = count(d);
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_EDENIED);
    CHECK(same(before, count(d)));
    id.link_value = "bo";
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_LINKED);
    CHECK_INT_EQ(r.user_id, bo);
    CHECK_STR_EQ(link_of(d, a, bo), ISS "|sub-bo");
    /* A link value that would break SQL built by hand finds nothing. */
    id = ident("sub-x", "X", "", "bo' OR '1'='1");
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_EDENIED);
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_creates_an_account_when_allowed)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "", "", 1);
    oidc_identity id;
    dl_error e = {0};
    CHECK_INT_EQ(oidc_identity_of("{\"name\":\"Åsa Öberg\",\"email\":\"asa@region.example\",\"email_verified\":true}",
                                  ISS, "248289761001", p.name, "", "", a, &id, &e),
                 DL_OK);
    oidc_signin_result r;
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_CREATED);
    CHECK_STR_EQ(r.username, id.new_username);
    CHECK(strncmp(r.username, "region-", 7) == 0);
    user u;
    CHECK_INT_EQ(user_by_id(d, a, r.user_id, &u, &e), DL_OK);
    CHECK_STR_EQ(u.username, id.new_username);
    CHECK_STR_EQ(u.display_name, "Åsa Öberg");
    CHECK_STR_EQ(u.email, "asa@region.example");
    CHECK_STR_EQ(u.password_hash, "");
    CHECK_STR_EQ(link_of(d, a, r.user_id), ISS "|248289761001");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), 0); /* no grants but mapped ones */
    CHECK_INT_EQ(audits(d, "auth.oidc.create"), 1);
    CHECK_INT_EQ(audits(d, "auth.oidc.login"), 1);
    CHECK_INT_EQ(session_provider_of(d, r.session), p.id);
    /* Next time: the same account, signed in. */
    int64_t uid = r.user_id;
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_SIGNED_IN);
    CHECK_INT_EQ(r.user_id, uid);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM users"), 1);
    CHECK_INT_EQ(audits(d, "auth.oidc.create"), 1);
    /* No name in the token: the username stands in. */
    CHECK_INT_EQ(oidc_identity_of("{}", ISS, "sub-nameless", p.name, "", "", a, &id, &e), DL_OK);
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(user_by_id(d, a, r.user_id, &u, &e), DL_OK);
    CHECK_STR_EQ(u.display_name, id.new_username);
    CHECK_STR_EQ(u.email, "");
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_no_account_writes_nothing)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "", "", 0);
    int64_t anna = fixture_user(d, "anna");
    dl_error e = {0};
    char old[65];
    CHECK_INT_EQ(session_create(d, anna, T0, old, &e), DL_OK);
    oidc_grant want[] = {{ROLE_ADMIN, 0}};
    counts before = count(d);
    oidc_identity id = ident("sub-new", "Ny Person", "ny@region.example", NULL);
    oidc_signin_result r;
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 1, 0, old, &r, &e), DL_EDENIED);
    CHECK_INT_EQ(r.refused, 1);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_NO_ACCOUNT);
    CHECK_STR_EQ(e.msg, oidc_refusal_rule_of(OIDC_REFUSE_NO_ACCOUNT)->message);
    CHECK(same(before, count(d)));
    CHECK_INT_EQ(session_provider_of(d, old), -2); /* the old session lives on */
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_disabled_account_refused)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "preferred_username", "username", 0);
    dl_error e = {0};
    int64_t anna = fixture_user(d, "anna"), bo = fixture_user(d, "bo");
    fixture_exec(d, "UPDATE users SET external_issuer = '" ISS "', external_subject = 'sub-anna' WHERE username = 'anna'");
    CHECK_INT_EQ(user_set_disabled(d, anna, 1, &e), DL_OK);
    CHECK_INT_EQ(user_set_disabled(d, bo, 1, &e), DL_OK);
    oidc_grant want[] = {{ROLE_ADMIN, 0}};
    counts before = count(d);
    oidc_identity id = ident("sub-anna", "Anna", "", NULL);
    oidc_signin_result r;
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 1, 0, NULL, &r, &e), DL_EDENIED);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_DISABLED);
    CHECK_STR_EQ(e.msg, oidc_refusal_rule_of(OIDC_REFUSE_DISABLED)->message);
    CHECK(same(before, count(d)));
    /* Found by the link claim but disabled: not linked either. */
    id = ident("sub-bo", "Bo", "", "bo");
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 1, 0, NULL, &r, &e), DL_EDENIED);
    CHECK_INT_EQ(r.refusal, OIDC_REFUSE_DISABLED);
    CHECK(same(before, count(d)));
    CHECK_STR_EQ(link_of(d, a, bo), "|");
    arena_free(a);
    db_close(d);
}

static int64_t grants_where(db *d, int64_t uid, const char *role, const char *source)
{
    dl_error e = {0};
    int64_t n = -1;
    db_query_int(d, "SELECT COUNT(*) FROM role_assignment WHERE user_id = ? AND role = ? AND source = ?", &n, &e, "itt",
                 uid, role, source);
    return n;
}

TEST(oidc_signin_mapped_grants_follow_the_claims)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "", "", 0);
    char src[32];
    snprintf(src, sizeof src, "oidc:%lld", (long long)p.id);
    dl_error e = {0};
    int64_t unit = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    int64_t anna = fixture_user(d, "anna");
    fixture_exec(d, "UPDATE users SET external_issuer = '" ISS "', external_subject = 'sub-anna' WHERE username = 'anna'");
    /* Given by a person: coordinator at the unit, and the editor role the claims will also give. */
    CHECK_INT_EQ(user_grant_role(d, anna, ROLE_COORDINATOR, unit, 0, NULL, &e), DL_OK);
    CHECK_INT_EQ(user_grant_role(d, anna, ROLE_EDITOR, 0, 0, NULL, &e), DL_OK);
    /* Another provider's mapped grant is that provider's business. */
    fixture_exec(d, "INSERT INTO role_assignment(user_id, role, node_id, granted_at, source)"
                    " SELECT id, 'data_analysis', NULL, '2026-01-01T00:00:00Z', 'oidc:999' FROM users WHERE username = 'anna'");
    oidc_identity id = ident("sub-anna", "Anna", "", NULL);
    oidc_signin_result r;
    oidc_grant want[] = {{ROLE_REGISTRAR, unit}, {ROLE_ADMIN, 0}, {ROLE_EDITOR, 0}};
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 3, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(grants_where(d, anna, "registrar", src), 1);
    CHECK_INT_EQ(grants_where(d, anna, "admin", src), 1);
    CHECK_INT_EQ(grants_where(d, anna, "editor", ""), 1); /* the person's, not duplicated */
    CHECK_INT_EQ(grants_where(d, anna, "editor", src), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), 5);
    CHECK_INT_EQ(audits(d, "role.grant"), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment r JOIN org_node o ON o.id = r.node_id"
                                " WHERE r.role = 'registrar' AND o.code = 'RH'"),
                 1);
    /* The same claims again: nothing new. */
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 3, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), 5);
    CHECK_INT_EQ(audits(d, "role.grant"), 2);
    CHECK_INT_EQ(audits(d, "role.revoke"), 0);
    /* The admin claim is gone: only that mapped grant goes. */
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 1, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(grants_where(d, anna, "admin", src), 0);
    CHECK_INT_EQ(grants_where(d, anna, "registrar", src), 1);
    CHECK_INT_EQ(audits(d, "role.revoke"), 1);
    /* No claims at all: every mapped grant of this provider goes; the person's and the other provider's stay. */
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(grants_where(d, anna, "registrar", src), 0);
    CHECK_INT_EQ(grants_where(d, anna, "coordinator", ""), 1);
    CHECK_INT_EQ(grants_where(d, anna, "editor", ""), 1);
    CHECK_INT_EQ(grants_where(d, anna, "data_analysis", "oidc:999"), 1);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), 3);
    CHECK_INT_EQ(audits(d, "role.revoke"), 2);
    /* The same grant at another unit is another grant. */
    int64_t unit2 = fixture_org(d, 0, ORG_FORVALTNING, "Tandvården", "TV", NULL);
    oidc_grant there[] = {{ROLE_COORDINATOR, unit2}};
    CHECK_INT_EQ(signin(d, a, &p, &id, there, 1, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(grants_where(d, anna, "coordinator", src), 1);
    CHECK_INT_EQ(grants_where(d, anna, "coordinator", ""), 1);
    arena_free(a);
    db_close(d);
}

TEST(oidc_signin_refused_keeps_the_grants_as_they_were)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    provider(d, &p, "", "", 0);
    dl_error e = {0};
    int64_t anna = fixture_user(d, "anna");
    fixture_exec(d, "UPDATE users SET external_issuer = '" ISS "', external_subject = 'sub-anna' WHERE username = 'anna'");
    oidc_identity id = ident("sub-anna", "Anna", "", NULL);
    oidc_signin_result r;
    oidc_grant want[] = {{ROLE_ADMIN, 0}};
    CHECK_INT_EQ(signin(d, a, &p, &id, want, 1, 0, NULL, &r, &e), DL_OK);
    CHECK_INT_EQ(user_set_disabled(d, anna, 1, &e), DL_OK);
    counts before = count(d);
    CHECK_INT_EQ(signin(d, a, &p, &id, NULL, 0, 0, NULL, &r, &e), DL_EDENIED);
    CHECK(same(before, count(d)));
    arena_free(a);
    db_close(d);
}
