/* test_oidc_store.c — store/oidc.c outside the sign-in transaction (issue
 * 17), on SQLite and (tests/with-pg.sh) PostgreSQL: providers added and
 * updated by name (an update drops the cached discovery and keys), listed
 * by name; role maps and their duplicates; sign-ins under way used once and
 * forgotten after a day; the password policy setting; who counts as staff;
 * the refusal's audit row. The sign-in itself: test_oidc_signin.c. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "store/oidc.h"
#include "store/settings.h"
#include "store/users.h"

#define T0 1796000000LL

static const audit_actor ADMIN = {0, "system"};

static oidc_provider provider_def(const char *name, const char *issuer)
{
    return (oidc_provider){.name = name, .label = "Logga in med Regionen", .issuer = issuer, .client_id = "datalots",
                           .client_secret_ref = "env:DL_OIDC_SECRET", .scopes = "openid profile email",
                           .link_claim = "", .link_to = ""};
}

/* One text cell, or "(none)". */
static const char *text_of(db *d, arena *a, const char *sql, int64_t id)
{
    dl_error e = {0};
    db_stmt *s = db_prepare(d, sql, &e);
    if (!s) return "(error)";
    db_bind_int(s, 1, id);
    const char *out = db_step(s, &e) == DB_ROW ? arena_strdup(a, db_col_text(s, 0)) : "(none)";
    db_stmt_done(s);
    return out;
}

TEST(oidc_store_provider_put_then_update_drops_the_cache)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    dl_error e = {0};
    oidc_provider p = provider_def("region", "https://idp.region.example");
    CHECK_INT_EQ(oidc_provider_put(d, &ADMIN, &p, &e), DL_OK);
    oidc_provider got;
    CHECK_INT_EQ(oidc_provider_by_name(d, a, "region", &got, &e), DL_OK);
    CHECK(got.id > 0);
    CHECK_STR_EQ(got.name, "region");
    CHECK_STR_EQ(got.label, "Logga in med Regionen");
    CHECK_STR_EQ(got.issuer, "https://idp.region.example");
    CHECK_STR_EQ(got.client_id, "datalots");
    CHECK_STR_EQ(got.client_secret_ref, "env:DL_OIDC_SECRET");
    CHECK_STR_EQ(got.scopes, "openid profile email");
    CHECK_STR_EQ(got.link_claim, "");
    CHECK_STR_EQ(got.link_to, "");
    CHECK_INT_EQ(got.create_accounts, 0);
    CHECK_INT_EQ(got.disabled, 0);
    CHECK_STR_EQ(got.discovery_json, "");
    CHECK_STR_EQ(got.jwks_json, "");
    int64_t id = got.id;
    CHECK_INT_EQ(oidc_provider_cache(d, id, "{\"issuer\":\"x\"}", "{\"keys\":[]}", T0, &e), DL_OK);
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &got, &e), DL_OK);
    CHECK_STR_EQ(got.discovery_json, "{\"issuer\":\"x\"}");
    CHECK_STR_EQ(got.jwks_json, "{\"keys\":[]}");
    CHECK_INT_EQ(got.discovery_fetched_at, T0);
    CHECK_INT_EQ(got.jwks_fetched_at, T0);
    /* Only the keys, later: the discovery document keeps its time. */
    CHECK_INT_EQ(oidc_provider_cache(d, id, NULL, "{\"keys\":[1]}", T0 + 60, &e), DL_OK);
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id, &got, &e), DL_OK);
    CHECK_INT_EQ(got.discovery_fetched_at, T0);
    CHECK_INT_EQ(got.jwks_fetched_at, T0 + 60);
    CHECK_STR_EQ(got.jwks_json, "{\"keys\":[1]}");
    /* Put again by name: the same row, changed, the cache gone. */
    p = provider_def("region", "https://login.region.example");
    p.label = "Region (ny)";
    p.link_claim = "email";
    p.link_to = "email";
    p.create_accounts = 1;
    p.disabled = 1;
    CHECK_INT_EQ(oidc_provider_put(d, &ADMIN, &p, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM oidc_provider"), 1);
    CHECK_INT_EQ(oidc_provider_by_name(d, a, "region", &got, &e), DL_OK);
    CHECK_INT_EQ(got.id, id);
    CHECK_STR_EQ(got.issuer, "https://login.region.example");
    CHECK_STR_EQ(got.label, "Region (ny)");
    CHECK_STR_EQ(got.link_claim, "email");
    CHECK_STR_EQ(got.link_to, "email");
    CHECK_INT_EQ(got.create_accounts, 1);
    CHECK_INT_EQ(got.disabled, 1);
    CHECK_STR_EQ(got.discovery_json, "");
    CHECK_STR_EQ(got.jwks_json, "");
    CHECK_INT_EQ(got.discovery_fetched_at, 0);
    CHECK_INT_EQ(got.jwks_fetched_at, 0);
    /* Audited twice, naming where the secret is, never a secret. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.provider.set'"), 2);
    const char *detail = text_of(d, a, "SELECT detail FROM audit_log WHERE action = 'oidc.provider.set' AND seq > ?"
                                       " ORDER BY seq DESC", 0);
    CHECK_CONTAINS(detail, "region");
    CHECK_CONTAINS(detail, "env:DL_OIDC_SECRET");
    CHECK_CONTAINS(detail, "disabled");
    CHECK_INT_EQ(oidc_provider_by_name(d, a, "nope", &got, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(oidc_provider_by_name(d, a, NULL, &got, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(oidc_provider_by_id(d, a, id + 100, &got, &e), DL_ENOTFOUND);
    arena_free(a);
    db_close(d);
}

TEST(oidc_store_provider_put_refused_writes_nothing)
{
    db *d = fixture_store();
    dl_error e = {0};
    oidc_provider p = provider_def("region", "https://idp.region.example");
    p.link_to = "phone"; /* the CHECK of link_to */
    CHECK(oidc_provider_put(d, &ADMIN, &p, &e) != DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM oidc_provider"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), 0);
    /* Text that would break SQL built by hand is only text here. */
    p = provider_def("x", "https://idp.example/'); DROP TABLE users; --");
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_provider_put(d, &ADMIN, &p, &e), DL_OK);
    arena *a = arena_new(1024);
    oidc_provider got;
    CHECK_INT_EQ(oidc_provider_by_name(d, a, "x", &got, &e), DL_OK);
    CHECK_STR_EQ(got.issuer, "https://idp.example/'); DROP TABLE users; --");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM users"), 0);
    arena_free(a);
    db_close(d);
}

TEST(oidc_store_provider_list_by_name)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    dl_error e = {0};
    static const char *const names[] = {"zeta", "alpha", "mid-2", "mid-10"};
    for (int i = 0; i < 4; i++) {
        oidc_provider p = provider_def(names[i], "https://idp.example");
        CHECK_INT_EQ(oidc_provider_put(d, &ADMIN, &p, &e), DL_OK);
    }
    oidc_provider out[8];
    int n = 0;
    CHECK_INT_EQ(oidc_provider_list(d, a, out, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4);
    CHECK_STR_EQ(out[0].name, "alpha");
    CHECK_STR_EQ(out[1].name, "mid-10");
    CHECK_STR_EQ(out[2].name, "mid-2");
    CHECK_STR_EQ(out[3].name, "zeta");
    CHECK_INT_EQ(oidc_provider_list(d, a, out, 2, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(out[1].name, "mid-10");
    arena_free(a);
    db_close(d);
}

TEST(oidc_store_role_maps_and_duplicates)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    dl_error e = {0};
    oidc_provider p = provider_def("region", "https://idp.example");
    CHECK_INT_EQ(oidc_provider_put(d, &ADMIN, &p, &e), DL_OK);
    CHECK_INT_EQ(oidc_provider_by_name(d, a, "region", &p, &e), DL_OK);
    int64_t unit = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "registrars", ROLE_REGISTRAR, unit, &e), DL_OK);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "admins", ROLE_ADMIN, 0, &e), DL_OK);
    int64_t audits = fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.role_map.add'");
    CHECK_INT_EQ(audits, 2);
    /* The same again, at a unit and at the installation: a conflict, nothing written. */
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "registrars", ROLE_REGISTRAR, unit, &e), DL_ECONFLICT);
    CHECK(e.msg[0] != '\0');
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "admins", ROLE_ADMIN, 0, &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM oidc_role_map"), 2);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.role_map.add'"), 2);
    /* Another role, or the installation instead of the unit: allowed. */
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "registrars", ROLE_COORDINATOR, unit, &e), DL_OK);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "registrars", ROLE_REGISTRAR, 0, &e), DL_OK);
    oidc_role_map maps[8];
    int n = 0;
    CHECK_INT_EQ(oidc_role_map_list(d, a, p.id, maps, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 4);
    /* By claim, value, role key ("admin" < "coordinator" < "registrar"), id. */
    CHECK_STR_EQ(maps[0].value, "admins");
    CHECK_INT_EQ(maps[0].role, ROLE_ADMIN);
    CHECK_INT_EQ(maps[0].node_id, 0);
    CHECK_STR_EQ(maps[0].node_name, "");
    CHECK_STR_EQ(maps[1].value, "registrars");
    CHECK_INT_EQ(maps[1].role, ROLE_COORDINATOR);
    CHECK_INT_EQ(maps[1].node_id, unit);
    CHECK_STR_EQ(maps[1].node_name, "Regionhälsan");
    CHECK_INT_EQ(maps[2].role, ROLE_REGISTRAR);
    CHECK_INT_EQ(maps[3].role, ROLE_REGISTRAR);
    CHECK(maps[2].node_id != maps[3].node_id);
    CHECK_STR_EQ(maps[2].claim, "groups");
    /* A map whose role this version does not know gives nothing. */
    fixture_exec(d, "UPDATE oidc_role_map SET role = 'emperor' WHERE value = 'admins'");
    CHECK_INT_EQ(oidc_role_map_list(d, a, p.id, maps, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 3);
    /* Another provider's maps are its own. */
    CHECK_INT_EQ(oidc_role_map_list(d, a, p.id + 1, maps, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(oidc_role_map_list(d, a, p.id, maps, 2, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    arena_free(a);
    db_close(d);
}

static int64_t put_provider(db *d, const oidc_provider *p)
{
    dl_error e = {0};
    arena *a = arena_new(1024);
    oidc_provider got = {0};
    if (oidc_provider_put(d, &ADMIN, p, &e) != DL_OK || oidc_provider_by_name(d, a, p->name, &got, &e) != DL_OK)
        test_fail(__FILE__, __LINE__, "provider: %s", e.msg);
    arena_free(a);
    return got.id;
}

TEST(oidc_store_login_used_once)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    dl_error e = {0};
    oidc_provider p = provider_def("region", "https://idp.example");
    int64_t pid = put_provider(d, &p);
    int64_t anna = fixture_user(d, "anna");
    oidc_pending in = {.provider_id = pid, .link_user_id = anna, .created_at = T0, .browser_hash = "bh1",
                       .nonce = "nonce-1", .code_verifier = "verifier-1", .next_path = "/cases?x=1"};
    CHECK_INT_EQ(oidc_login_begin(d, "state-hash-1", &in, &e), DL_OK);
    oidc_pending plain = {.provider_id = pid, .created_at = T0, .browser_hash = "bh2", .nonce = "n2",
                          .code_verifier = "v2", .next_path = NULL};
    CHECK_INT_EQ(oidc_login_begin(d, "state-hash-2", &plain, &e), DL_OK);
    oidc_pending out;
    CHECK_INT_EQ(oidc_login_find(d, a, "state-hash-1", &out, &e), DL_OK);
    CHECK_INT_EQ(out.provider_id, pid);
    CHECK_INT_EQ(out.link_user_id, anna);
    CHECK_INT_EQ(out.created_at, T0);
    CHECK_INT_EQ(out.used_at, 0);
    CHECK_STR_EQ(out.browser_hash, "bh1");
    CHECK_STR_EQ(out.nonce, "nonce-1");
    CHECK_STR_EQ(out.code_verifier, "verifier-1");
    CHECK_STR_EQ(out.next_path, "/cases?x=1");
    CHECK_INT_EQ(oidc_login_find(d, a, "state-hash-2", &out, &e), DL_OK);
    CHECK_INT_EQ(out.link_user_id, 0);
    CHECK_STR_EQ(out.next_path, "");
    /* Used once; the second time is gone, and so is a state never begun. */
    CHECK_INT_EQ(oidc_login_use(d, "state-hash-1", T0 + 30, &e), DL_OK);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_login_use(d, "state-hash-1", T0 + 31, &e), DL_EGONE);
    CHECK(e.msg[0] != '\0');
    CHECK_INT_EQ(oidc_login_find(d, a, "state-hash-1", &out, &e), DL_OK);
    CHECK_INT_EQ(out.used_at, T0 + 30);
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_login_use(d, "never-begun", T0 + 31, &e), DL_EGONE);
    CHECK_INT_EQ(oidc_login_find(d, a, "never-begun", &out, &e), DL_ENOTFOUND);
    /* The other sign-in is untouched. */
    CHECK_INT_EQ(oidc_login_find(d, a, "state-hash-2", &out, &e), DL_OK);
    CHECK_INT_EQ(out.used_at, 0);
    /* The same state twice is refused and the first stays as it was. */
    memset(&e, 0, sizeof e);
    CHECK(oidc_login_begin(d, "state-hash-2", &in, &e) != DL_OK);
    CHECK_INT_EQ(oidc_login_find(d, a, "state-hash-2", &out, &e), DL_OK);
    CHECK_STR_EQ(out.nonce, "n2");
    arena_free(a);
    db_close(d);
}

TEST(oidc_store_login_forgotten_after_a_day)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    dl_error e = {0};
    oidc_provider p = provider_def("region", "https://idp.example");
    int64_t pid = put_provider(d, &p);
    oidc_pending in = {.provider_id = pid, .created_at = T0, .browser_hash = "b", .nonce = "n", .code_verifier = "v"};
    CHECK_INT_EQ(oidc_login_begin(d, "old", &in, &e), DL_OK);
    in.created_at = T0 + 86400; /* exactly a day later: the old one stays */
    CHECK_INT_EQ(oidc_login_begin(d, "day", &in, &e), DL_OK);
    oidc_pending out;
    CHECK_INT_EQ(oidc_login_find(d, a, "old", &out, &e), DL_OK);
    in.created_at = T0 + 86401;
    CHECK_INT_EQ(oidc_login_begin(d, "later", &in, &e), DL_OK);
    CHECK_INT_EQ(oidc_login_find(d, a, "old", &out, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(oidc_login_find(d, a, "day", &out, &e), DL_OK);
    CHECK_INT_EQ(oidc_login_find(d, a, "later", &out, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM oidc_login"), 2);
    arena_free(a);
    db_close(d);
}

TEST(oidc_store_password_policy)
{
    db *d = fixture_store();
    dl_error e = {0};
    oidc_password_policy pol = OIDC_PASSWORDS_NOBODY;
    CHECK_INT_EQ(oidc_password_policy_get(d, &pol, &e), DL_OK);
    CHECK_INT_EQ(pol, OIDC_PASSWORDS_EVERYONE);
    for (int i = OIDC_PASSWORDS__MAX - 1; i >= 0; i--) {
        CHECK_INT_EQ(oidc_password_policy_set(d, &ADMIN, (oidc_password_policy)i, &e), DL_OK);
        CHECK_INT_EQ(oidc_password_policy_get(d, &pol, &e), DL_OK);
        CHECK_INT_EQ(pol, i);
    }
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.password_policy'"), OIDC_PASSWORDS__MAX);
    CHECK_INT_EQ(oidc_password_policy_set(d, &ADMIN, OIDC_PASSWORDS_STAFF, &e), DL_OK);
    /* Out of range: refused, the setting as it was, nothing audited. */
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_password_policy_set(d, &ADMIN, OIDC_PASSWORDS__MAX, &e), DL_EINVAL);
    CHECK_INT_EQ(oidc_password_policy_set(d, &ADMIN, (oidc_password_policy)-1, &e), DL_EINVAL);
    CHECK_INT_EQ(oidc_password_policy_get(d, &pol, &e), DL_OK);
    CHECK_INT_EQ(pol, OIDC_PASSWORDS_STAFF);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'oidc.password_policy'"),
                 OIDC_PASSWORDS__MAX + 1);
    /* A value written by something else than this code reads as the default. */
    CHECK_INT_EQ(settings_set(d, "signin.passwords", "nobody; drop", &e), DL_OK);
    CHECK_INT_EQ(oidc_password_policy_get(d, &pol, &e), DL_OK);
    CHECK_INT_EQ(pol, OIDC_PASSWORDS_EVERYONE);
    db_close(d);
}

TEST(oidc_store_user_is_staff)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t unit = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    int64_t anna = fixture_user(d, "anna"), bo = fixture_user(d, "bo"), cia = fixture_user(d, "cia");
    CHECK_INT_EQ(user_grant_role(d, bo, ROLE_APPLICANT, 0, 0, NULL, &e), DL_OK);
    CHECK_INT_EQ(user_grant_role(d, cia, ROLE_APPLICANT, 0, 0, NULL, &e), DL_OK);
    CHECK_INT_EQ(user_grant_role(d, cia, ROLE_REGISTRAR, unit, 0, NULL, &e), DL_OK);
    int staff = -1;
    CHECK_INT_EQ(oidc_user_is_staff(d, anna, &staff, &e), DL_OK);
    CHECK_INT_EQ(staff, 0);
    CHECK_INT_EQ(oidc_user_is_staff(d, bo, &staff, &e), DL_OK);
    CHECK_INT_EQ(staff, 0);
    CHECK_INT_EQ(oidc_user_is_staff(d, cia, &staff, &e), DL_OK);
    CHECK_INT_EQ(staff, 1);
    CHECK_INT_EQ(oidc_user_is_staff(d, cia + 100, &staff, &e), DL_OK);
    CHECK_INT_EQ(staff, 0);
    db_close(d);
}

TEST(oidc_store_refusal_audit_row)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    dl_error e = {0};
    oidc_provider p = provider_def("region", "https://idp.example");
    p.id = put_provider(d, &p);
    int64_t before = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    CHECK_INT_EQ(oidc_audit_refusal(d, &p, 0, "no_account", "subject 248289761001", &e), DL_OK);
    CHECK_INT_EQ(oidc_audit_refusal(d, &p, 42, "subject_taken", "subject s", &e), DL_OK);
    CHECK_INT_EQ(oidc_audit_refusal(d, NULL, 0, "state_missing", "", &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), before + 3);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.oidc.refuse'"), 3);
    int64_t first = fixture_int(d, "SELECT MIN(seq) FROM audit_log WHERE action = 'auth.oidc.refuse'");
    CHECK_STR_EQ(text_of(d, a, "SELECT detail FROM audit_log WHERE seq = ?", first),
                 "no_account: region: subject 248289761001");
    char want[24];
    snprintf(want, sizeof want, "%lld", (long long)p.id);
    CHECK_STR_EQ(text_of(d, a, "SELECT object_id FROM audit_log WHERE seq = ?", first), want);
    CHECK_STR_EQ(text_of(d, a, "SELECT object_type FROM audit_log WHERE seq = ?", first), "oidc_provider");
    CHECK_STR_EQ(text_of(d, a, "SELECT actor FROM audit_log WHERE seq = ?", first), "public");
    CHECK_STR_EQ(text_of(d, a, "SELECT detail FROM audit_log WHERE seq = ?", first + 1),
                 "subject_taken: region: subject s (linking account 42)");
    CHECK_STR_EQ(text_of(d, a, "SELECT detail FROM audit_log WHERE seq = ?", first + 2), "state_missing: -");
    CHECK_STR_EQ(text_of(d, a, "SELECT object_id FROM audit_log WHERE seq = ?", first + 2), "0");
    /* A long detail is cut, never refused. */
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK_INT_EQ(oidc_audit_refusal(d, &p, 0, "token_invalid", big, &e), DL_OK);
    const char *last = text_of(d, a, "SELECT detail FROM audit_log WHERE seq = ?", first + 3);
    CHECK(strncmp(last, "token_invalid: region: xxx", 26) == 0);
    CHECK(strlen(last) < 700);
    arena_free(a);
    db_close(d);
}
