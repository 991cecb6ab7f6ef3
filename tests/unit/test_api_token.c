/* test_api_token.c — API tokens: the form, the Authorization header, the
 * name and the expiry rules of core/api_token.h written out by hand, and
 * the store (store/api_tokens.c) on SQLite or, under tests/with-pg.sh,
 * PostgreSQL: made with its own disabled account, only the hash kept, found
 * by the token, refused once revoked or past its day, a second revocation
 * refused, a role that needs a unit refused for the installation, and a
 * use audited at most once a minute. */
#include "test.h"
#include "fixture.h"

#include <string.h>

#include "core/api_token.h"
#include "core/arena.h"
#include "core/clock.h"
#include "store/api_tokens.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

TEST(api_token_form_and_hash_by_hand)
{
    char t[API_TOKEN_SIZE], u[API_TOKEN_SIZE];
    api_token_new(t);
    api_token_new(u);
    CHECK_INT_EQ((long long)strlen(t), 67);
    CHECK(strncmp(t, "dl_", 3) == 0);
    CHECK(api_token_well_formed(t));
    CHECK(strcmp(t, u) != 0);
    CHECK(api_token_well_formed("dl_" HEX64));
    CHECK(!api_token_well_formed(NULL));
    CHECK(!api_token_well_formed(HEX64));                       /* no prefix */
    CHECK(!api_token_well_formed("DL_" HEX64));                 /* prefix in capitals */
    CHECK(!api_token_well_formed("dl_" HEX64 "0"));             /* too long */
    CHECK(!api_token_well_formed("dl_0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"));
    CHECK(!api_token_well_formed("dl_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"));
    char h[TOKEN_HEX_SIZE];
    api_token_hash("dl_" HEX64, h); /* python3: hashlib.sha256(b"dl_" + HEX64).hexdigest() */
    CHECK_STR_EQ(h, "0a76456b17e49537edac7470102f5c033bd4a4dd923d97856ea9f752552c83cb");
}

TEST(api_token_authorization_header_by_hand)
{
    const char *tok = NULL;
    CHECK_INT_EQ(api_token_from_header(NULL, &tok), API_BEARER_NONE);
    CHECK_INT_EQ(api_token_from_header("Bearer dl_" HEX64, &tok), API_BEARER_TOKEN);
    CHECK_STR_EQ(tok, "dl_" HEX64);
    CHECK_INT_EQ(api_token_from_header("bearer   dl_" HEX64, &tok), API_BEARER_TOKEN);
    CHECK_STR_EQ(tok, "dl_" HEX64);
    CHECK_INT_EQ(api_token_from_header("", &tok), API_BEARER_MALFORMED);
    CHECK(tok == NULL);
    CHECK_INT_EQ(api_token_from_header("Bearer", &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Bearer ", &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Basic dXNlcjpwYXNz", &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Bearer dl_" HEX64 " ", &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Bearer dl_" HEX64 ",Bearer x", &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Bearer\tdl_" HEX64, &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Bearer " HEX64, &tok), API_BEARER_MALFORMED);
    CHECK_INT_EQ(api_token_from_header("Bearer dl_' OR 1=1 --", &tok), API_BEARER_MALFORMED);
    char big[400];
    memset(big, ' ', sizeof big);
    memcpy(big, "Bearer", 6);
    memcpy(big + sizeof big - 68, "dl_" HEX64, 67);
    big[sizeof big - 1] = 0;
    CHECK_INT_EQ(api_token_from_header(big, &tok), API_BEARER_MALFORMED); /* over 200 bytes, unread */
}

TEST(api_token_expiry_and_name_by_hand)
{
    int64_t now = 1796601600 + 3600; /* 2026-12-07 01:00 UTC */
    int64_t at = -1;
    CHECK(api_token_check_expiry("2026-12-08", now, &at) == NULL);
    CHECK_INT_EQ(at, 1796601600 + 2 * 86400);                       /* midnight UTC after 8 December */
    CHECK(api_token_check_expiry("2027-12-07", now, &at) == NULL);   /* 365 days ahead */
    CHECK_CONTAINS(api_token_check_expiry("2027-12-08", now, &at), "365");
    CHECK_CONTAINS(api_token_check_expiry("2026-12-07", now, &at), "efter i dag");
    CHECK_CONTAINS(api_token_check_expiry("2020-01-01", now, &at), "efter i dag");
    CHECK_CONTAINS(api_token_check_expiry("2027-02-29", now, &at), "ÅÅÅÅ-MM-DD");
    CHECK_CONTAINS(api_token_check_expiry("27-01-01", now, &at), "ÅÅÅÅ-MM-DD");
    CHECK_CONTAINS(api_token_check_expiry("", now, &at), "ÅÅÅÅ-MM-DD");
    CHECK_CONTAINS(api_token_check_expiry(NULL, now, &at), "ÅÅÅÅ-MM-DD");
    CHECK(api_token_check_name("Regionens rapportsystem") == NULL);
    CHECK(api_token_check_name("") != NULL);
    CHECK(api_token_check_name("   ") != NULL);
    CHECK(api_token_check_name(NULL) != NULL);
    CHECK_CONTAINS(api_token_check_name("a\nb"), "radbrytningar");
    CHECK_CONTAINS(api_token_check_name("\xff\xfe"), "ogiltiga");
    char long_name[90];
    memset(long_name, 'x', 81);
    long_name[81] = 0;
    CHECK_CONTAINS(api_token_check_name(long_name), "80");
    long_name[80] = 0;
    CHECK(api_token_check_name(long_name) == NULL);
}

static int64_t count(db *d, const char *sql) { return fixture_int(d, sql); }

TEST(api_token_store_create_lookup_revoke)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    int64_t org = fixture_org(d, 0, ORG_FORVALTNING, "Förvaltning A", "FA", "FA {year}-{seq}");
    int64_t admin = fixture_user(d, "admin1");
    audit_actor who = {admin, "admin1"};
    dl_error e;
    dl_error_clear(&e);
    int64_t now = clock_now(), id = 0;
    char tok[API_TOKEN_SIZE];
    /* A role of an organisation's own process is never installation-wide. */
    CHECK_INT_EQ(api_token_create(d, &who, "x", ROLE_COORDINATOR, 0, now + 86400, tok, &id, &e), DL_EINVAL);
    CHECK_INT_EQ(api_token_create(d, &who, "", ROLE_COORDINATOR, org, now + 86400, tok, &id, &e), DL_EINVAL);
    CHECK_INT_EQ(api_token_create(d, &who, "x", ROLE_COORDINATOR, org + 999, now + 86400, tok, &id, &e), DL_EINVAL);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM api_token"), 0);      /* nothing half-written */
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM users WHERE username LIKE 'api-token-%'"), 0);
    CHECK_INT_EQ(api_token_create(d, &who, "Rapportsystemet", ROLE_COORDINATOR, org, now + 86400, tok, &id, &e), DL_OK);
    CHECK(api_token_well_formed(tok));
    CHECK(id > 0);
    /* Only the hash is stored; the token's account cannot sign in. */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM api_token WHERE token_hash = '%.64s'", tok + 3);
    CHECK_INT_EQ(count(d, sql), 0);
    char h[TOKEN_HEX_SIZE];
    api_token_hash(tok, h);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM api_token WHERE token_hash = '%s'", h);
    CHECK_INT_EQ(count(d, sql), 1);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM users WHERE username LIKE 'api-token-%' AND disabled = 1"), 1);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.create'"), 1);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%%%.20s%%'", tok + 3);
    CHECK_INT_EQ(count(d, sql), 0);

    api_token_rec t;
    api_token_verdict v;
    CHECK_INT_EQ(api_token_lookup(d, a, tok, now, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(v, API_TOKEN_OK);
    CHECK_INT_EQ(t.id, id);
    CHECK_INT_EQ(t.role, ROLE_COORDINATOR);
    CHECK_INT_EQ(t.node_id, org);
    CHECK_STR_EQ(t.name, "Rapportsystemet");
    CHECK_STR_EQ(t.created_by_name, "admin1");
    CHECK(t.user_id > 0 && t.user_id != admin);
    /* The last second it holds, and the first it does not. */
    CHECK_INT_EQ(api_token_lookup(d, a, tok, t.expires_at - 1, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(v, API_TOKEN_OK);
    CHECK_INT_EQ(api_token_lookup(d, a, tok, t.expires_at, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(v, API_TOKEN_EXPIRED);
    /* A token one digit off, and junk, are unknown. */
    char other[API_TOKEN_SIZE];
    memcpy(other, tok, sizeof other);
    other[10] = other[10] == 'a' ? 'b' : 'a';
    CHECK_INT_EQ(api_token_lookup(d, a, other, now, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(v, API_TOKEN_UNKNOWN);
    CHECK_INT_EQ(api_token_lookup(d, a, "dl_' OR '1'='1", now, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(v, API_TOKEN_UNKNOWN);

    /* A use is recorded once a minute. */
    CHECK_INT_EQ(api_token_lookup(d, a, tok, now, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(api_token_record_use(d, &t, now, "GET /api/v1/cases", &e), DL_OK);
    CHECK_INT_EQ(api_token_lookup(d, a, tok, now + 30, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(t.last_used_at, now);
    CHECK_INT_EQ(api_token_record_use(d, &t, now + 30, "GET /api/v1/cases", &e), DL_OK);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.use'"), 1);
    CHECK_INT_EQ(api_token_record_use(d, &t, now + 60, "GET /api/v1/cases/{id}", &e), DL_OK);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.use'"), 2);
    /* A stale copy of the row (another request of the same minute) writes nothing more. */
    CHECK_INT_EQ(api_token_record_use(d, &t, now + 61, "GET /api/v1/cases", &e), DL_OK);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.use'"), 2);

    /* Revoked: refused; twice: a conflict; an unknown id: not found. */
    CHECK_INT_EQ(api_token_revoke(d, &who, id, &e), DL_OK);
    CHECK_INT_EQ(api_token_lookup(d, a, tok, now, &t, &v, &e), DL_OK);
    CHECK_INT_EQ(v, API_TOKEN_REVOKED);
    CHECK_INT_EQ(api_token_revoke(d, &who, id, &e), DL_ECONFLICT);
    CHECK_INT_EQ(api_token_revoke(d, &who, id + 100, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(count(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'api_token.revoke'"), 1);

    /* The installation-wide admin role, from the shell; the list, newest first. */
    int64_t id2 = 0;
    CHECK_INT_EQ(api_token_create(d, NULL, "Övervakning", ROLE_ADMIN, 0, now + 7 * 86400, tok, &id2, &e), DL_OK);
    api_token_rec *rows = NULL;
    int n = 0;
    CHECK_INT_EQ(api_token_list(d, a, &rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(rows[0].id, id2);
    CHECK_STR_EQ(rows[0].node_path, "/");
    CHECK_STR_EQ(rows[0].created_by_name, "");
    CHECK(rows[1].revoked_at[0] != 0);
    arena_free(a);
    db_close(d);
}
