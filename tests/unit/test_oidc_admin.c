/* test_oidc_admin.c — store/oidc_admin.c (issue 17), on SQLite and
 * (tests/with-pg.sh) PostgreSQL: unlinking an account's identity clears the
 * link, takes away the grants any provider's claims gave and ends the
 * sessions a provider signed in, while a grant a person gave and a password
 * session stay; the next sign-in then creates or links anew; an account
 * with nothing linked, or none at all, is refused with nothing written.
 * Removing a role map takes away exactly the grants it gave — not a
 * person's grant of the same role there, not another role, node or
 * provider — in batches past the first 256; an unknown map (hostile text
 * too) is refused with nothing written. Rows are counted with SQL here,
 * before and after. */
#include "test.h"
#include "fixture.h"

#include <stdio.h>
#include <string.h>

#include "core/oidc_rules.h"
#include "store/oidc.h"
#include "store/oidc_admin.h"
#include "store/sessions.h"

#define T0 1796000000LL
#define ISS "https://idp.region.example"

static const audit_actor ADMIN = {0, "admin"};

static int64_t put_provider(db *d, const char *name, const char *link_to, int create, oidc_provider *p)
{
    *p = (oidc_provider){.name = name, .label = "Region", .issuer = ISS, .client_id = "datalots",
                         .client_secret_ref = "env:X", .scopes = "openid", .link_claim = *link_to ? "email" : "",
                         .link_to = link_to, .create_accounts = create};
    dl_error e = {0};
    if (oidc_provider_put(d, &ADMIN, p, &e) != DL_OK) test_fail(__FILE__, __LINE__, "put: %s", e.msg);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM oidc_provider WHERE name = '%s'", name);
    p->id = fixture_int(d, sql);
    return p->id;
}

static int64_t count_where(db *d, const char *sql, int64_t id)
{
    dl_error e = {0};
    int64_t n = -1;
    if (db_query_int(d, sql, &n, &e, "i", id) != DL_OK) return -1;
    return n;
}

static int64_t audits(db *d, const char *action)
{
    dl_error e = {0};
    int64_t n = -1;
    db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = ?", &n, &e, "t", action);
    return n;
}

/* A grant row with its source, straight in the table. */
static void grant(db *d, int64_t uid, const char *role, int64_t node, const char *source)
{
    char sql[400];
    if (node)
        snprintf(sql, sizeof sql, "INSERT INTO role_assignment(user_id, role, node_id, granted_at, source)"
                                  " VALUES (%lld, '%s', %lld, '2026-01-01T00:00:00Z', '%s')",
                 (long long)uid, role, (long long)node, source);
    else
        snprintf(sql, sizeof sql, "INSERT INTO role_assignment(user_id, role, node_id, granted_at, source)"
                                  " VALUES (%lld, '%s', NULL, '2026-01-01T00:00:00Z', '%s')",
                 (long long)uid, role, source);
    fixture_exec(d, sql);
}

/* The account's grants as "role@node/source;…" ordered by role, node. */
static const char *grants_of(db *d, arena *a, int64_t uid)
{
    dl_error e = {0};
    db_stmt *s = db_prepare(d, "SELECT role, COALESCE(node_id, 0), source FROM role_assignment WHERE user_id = ?"
                               " ORDER BY role, COALESCE(node_id, 0)", &e);
    if (!s) return "(error)";
    db_bind_int(s, 1, uid);
    const char *out = "";
    while (db_step(s, &e) == DB_ROW)
        out = arena_printf(a, "%s%s@%lld/%s;", out, db_col_text(s, 0), (long long)db_col_int(s, 1), db_col_text(s, 2));
    db_stmt_done(s);
    return out;
}

/* The detail of the newest audit row of action on the account (object id as text). */
static const char *audit_detail(db *d, arena *a, const char *action, int64_t uid)
{
    dl_error e = {0};
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)uid);
    db_stmt *s = db_prepare(d, "SELECT detail, actor FROM audit_log WHERE action = ? AND object_id = ? ORDER BY seq DESC", &e);
    if (!s) return "(error)";
    db_bind_text(s, 1, action);
    db_bind_text(s, 2, idt);
    const char *out = db_step(s, &e) == DB_ROW ? arena_printf(a, "%s by %s", db_col_text(s, 0), db_col_text(s, 1)) : "(none)";
    db_stmt_done(s);
    return out;
}

static int64_t audits_on(db *d, const char *action, int64_t uid)
{
    dl_error e = {0};
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)uid);
    int64_t n = -1;
    db_query_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ?", &n, &e, "tt", action, idt);
    return n;
}

TEST(oidc_admin_unlink_clears_link_mapped_grants_and_provider_sessions)
{
    db *d = fixture_store();
    arena *a = arena_new(8192);
    int64_t unit = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    oidc_provider p, q;
    put_provider(d, "region", "", 1, &p);
    put_provider(d, "eid", "", 0, &q);
    /* Anna's account is made by her first sign-in, with a mapped grant and a provider session. */
    oidc_identity id = {ISS, "sub-anna", "Anna Berg", "anna@region.example", NULL, "region-0123456789ab"};
    oidc_grant want[] = {{ROLE_COORDINATOR, unit}};
    oidc_signin_result r;
    dl_error e = {0};
    CHECK_INT_EQ(oidc_signin(d, a, &p, &id, want, 1, 0, NULL, T0, &r, &e), DL_OK);
    int64_t anna = r.user_id, bo = fixture_user(d, "bo");
    CHECK_INT_EQ(r.outcome, OIDC_CREATED);
    grant(d, anna, "editor", 0, "");                             /* a person gave it */
    char src_q[32];
    snprintf(src_q, sizeof src_q, "oidc:%lld", (long long)q.id);
    grant(d, anna, "samrad_member", unit, src_q);                /* another provider's claims */
    grant(d, bo, "coordinator", unit, "");                       /* someone else's, untouched */
    char pw[65];
    CHECK_INT_EQ(session_create(d, anna, T0, pw, &e), DL_OK);    /* a password session */
    CHECK_INT_EQ(session_create(d, bo, T0, pw, &e), DL_OK);
    int64_t version = count_where(d, "SELECT version FROM users WHERE id = ?", anna);
    int64_t audit_before = fixture_int(d, "SELECT COUNT(*) FROM audit_log");

    oidc_unlinked out;
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, anna, &out, &e), DL_OK);
    CHECK_STR_EQ(out.issuer, ISS);
    CHECK_STR_EQ(out.subject, "sub-anna");
    CHECK_INT_EQ(out.grants_removed, 2);
    CHECK_INT_EQ(out.sessions_ended, 1);
    CHECK_INT_EQ(count_where(d, "SELECT COUNT(*) FROM users WHERE id = ? AND external_issuer IS NULL"
                                " AND external_subject IS NULL", anna), 1);
    CHECK_INT_EQ(count_where(d, "SELECT version FROM users WHERE id = ?", anna), version + 1);
    CHECK_STR_EQ(grants_of(d, a, anna), "editor@0/;");
    CHECK_STR_EQ(grants_of(d, a, bo), arena_printf(a, "coordinator@%lld/;", (long long)unit));
    CHECK_INT_EQ(count_where(d, "SELECT COUNT(*) FROM sessions WHERE user_id = ? AND oidc_provider_id IS NULL", anna), 1);
    CHECK_INT_EQ(count_where(d, "SELECT COUNT(*) FROM sessions WHERE user_id = ? AND oidc_provider_id IS NOT NULL", anna), 0);
    CHECK_INT_EQ(count_where(d, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", bo), 1);
    /* Audited: the unlink with the old identity, by the admin; a revoke per grant. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audit_before + 3);
    CHECK_INT_EQ(audits(d, "auth.oidc.unlink"), 1);
    const char *detail = audit_detail(d, a, "auth.oidc.unlink", anna);
    CHECK_CONTAINS(detail, "issuer " ISS);
    CHECK_CONTAINS(detail, "subject sub-anna");
    CHECK_CONTAINS(detail, "2 mapped grants");
    CHECK_CONTAINS(detail, "by admin");
    CHECK_INT_EQ(audits_on(d, "role.revoke", anna), 2);
    CHECK_INT_EQ(audits_on(d, "role.revoke", bo), 0);
    arena_free(a);
    db_close(d);
}

typedef struct counts {
    int64_t users, linked, grants, sessions, audit, maps;
} counts;

static counts count(db *d)
{
    return (counts){fixture_int(d, "SELECT COUNT(*) FROM users"),
                    fixture_int(d, "SELECT COUNT(*) FROM users WHERE external_subject IS NOT NULL"),
                    fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), fixture_int(d, "SELECT COUNT(*) FROM sessions"),
                    fixture_int(d, "SELECT COUNT(*) FROM audit_log"), fixture_int(d, "SELECT COUNT(*) FROM oidc_role_map")};
}

static int same(counts x, counts y)
{
    return x.users == y.users && x.linked == y.linked && x.grants == y.grants && x.sessions == y.sessions &&
           x.audit == y.audit && x.maps == y.maps;
}

TEST(oidc_admin_unlink_refuses_nothing_linked_and_no_account)
{
    db *d = fixture_store();
    int64_t bo = fixture_user(d, "bo");
    grant(d, bo, "editor", 0, "oidc:1"); /* a stray mapped grant: not unlinked without a link */
    counts before = count(d);
    oidc_unlinked out;
    dl_error e = {0};
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, bo, &out, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "nothing to unlink");
    CHECK_INT_EQ(out.grants_removed, 0);
    CHECK(same(before, count(d)));
    memset(&e, 0, sizeof e);
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, bo + 1000, &out, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, 0, &out, &e), DL_ENOTFOUND);
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, -1, &out, &e), DL_ENOTFOUND);
    CHECK(same(before, count(d)));
    db_close(d);
}

TEST(oidc_admin_after_unlink_the_next_signin_creates_or_links_anew)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    oidc_provider p;
    put_provider(d, "region", "", 1, &p);
    oidc_identity id = {ISS, "sub-anna", "Anna Berg", "anna@region.example", NULL, "region-0123456789ab"};
    oidc_signin_result r;
    dl_error e = {0};
    CHECK_INT_EQ(oidc_signin(d, a, &p, &id, NULL, 0, 0, NULL, T0, &r, &e), DL_OK);
    int64_t first = r.user_id;
    oidc_unlinked out;
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, first, &out, &e), DL_OK);
    /* Creating accounts: a new one; the same subject gives the same name,
     * which the unlinked account still holds, so the new one is "-2". */
    CHECK_INT_EQ(oidc_signin(d, a, &p, &id, NULL, 0, 0, NULL, T0 + 10, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_CREATED);
    CHECK(r.user_id != first);
    CHECK_STR_EQ(r.username, "region-0123456789ab-2");
    CHECK_INT_EQ(count_where(d, "SELECT COUNT(*) FROM users WHERE id = ? AND external_subject IS NULL", first), 1);
    /* Linking by a verified e-mail instead: back to the account of that address. */
    int64_t second = r.user_id;
    CHECK_INT_EQ(oidc_admin_unlink(d, &ADMIN, second, &out, &e), DL_OK);
    fixture_exec(d, "UPDATE users SET email = '' WHERE username = 'region-0123456789ab-2'");
    put_provider(d, "region", "email", 0, &p);
    id.link_value = "anna@region.example";
    CHECK_INT_EQ(oidc_signin(d, a, &p, &id, NULL, 0, 0, NULL, T0 + 20, &r, &e), DL_OK);
    CHECK_INT_EQ(r.outcome, OIDC_LINKED);
    CHECK_INT_EQ(r.user_id, first);
    arena_free(a);
    db_close(d);
}

TEST(oidc_admin_unmap_takes_away_only_what_the_map_gave)
{
    db *d = fixture_store();
    arena *a = arena_new(8192);
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    int64_t tv = fixture_org(d, 0, ORG_FORVALTNING, "Tandvården", "TV", NULL);
    oidc_provider p, q;
    put_provider(d, "region", "", 0, &p);
    put_provider(d, "eid", "", 0, &q);
    dl_error e = {0};
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "dl-coord", ROLE_COORDINATOR, rh, &e), DL_OK);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "dl-coord", ROLE_EDITOR, 0, &e), DL_OK);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "dl-coord-tv", ROLE_COORDINATOR, tv, &e), DL_OK);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, q.id, "groups", "dl-coord", ROLE_COORDINATOR, rh, &e), DL_OK);
    char sp[32], sq[32];
    snprintf(sp, sizeof sp, "oidc:%lld", (long long)p.id);
    snprintf(sq, sizeof sq, "oidc:%lld", (long long)q.id);
    int64_t u1 = fixture_user(d, "u1"), u2 = fixture_user(d, "u2"), u3 = fixture_user(d, "u3");
    int64_t u4 = fixture_user(d, "u4"), u5 = fixture_user(d, "u5");
    grant(d, u1, "coordinator", rh, sp); /* given by the map: goes */
    grant(d, u1, "editor", 0, sp);       /* another map of the same provider: stays */
    grant(d, u2, "coordinator", rh, ""); /* a person gave the same role there: stays */
    grant(d, u3, "coordinator", tv, sp); /* the same role at another unit: stays */
    grant(d, u4, "coordinator", rh, sq); /* another provider's: stays */
    grant(d, u5, "coordinator", 0, sp);  /* the role at the installation, not at RH: stays */
    counts before = count(d);
    int64_t removed = -1, others = -1;
    CHECK_INT_EQ(oidc_admin_unmap(d, &ADMIN, p.id, "groups", "dl-coord", ROLE_COORDINATOR, rh, &removed, &others, &e),
                 DL_OK);
    CHECK_INT_EQ(removed, 1);
    CHECK_INT_EQ(others, 0);
    counts after = count(d);
    CHECK_INT_EQ(after.maps, before.maps - 1);
    CHECK_INT_EQ(after.grants, before.grants - 1);
    CHECK_INT_EQ(after.audit, before.audit + 2);
    CHECK_STR_EQ(grants_of(d, a, u1), arena_printf(a, "editor@0/%s;", sp));
    CHECK_STR_EQ(grants_of(d, a, u2), arena_printf(a, "coordinator@%lld/;", (long long)rh));
    CHECK_STR_EQ(grants_of(d, a, u3), arena_printf(a, "coordinator@%lld/%s;", (long long)tv, sp));
    CHECK_STR_EQ(grants_of(d, a, u4), arena_printf(a, "coordinator@%lld/%s;", (long long)rh, sq));
    CHECK_STR_EQ(grants_of(d, a, u5), arena_printf(a, "coordinator@0/%s;", sp));
    /* The map is gone; the provider's others and the other provider's stay. */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM oidc_role_map WHERE value = 'dl-coord' AND role = 'coordinator'"), 1);
    oidc_role_map maps[8];
    int n = 0;
    CHECK_INT_EQ(oidc_role_map_list(d, a, p.id, maps, 8, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(audits(d, "oidc.role_map.remove"), 1);
    CHECK_INT_EQ(audits_on(d, "role.revoke", u1), 1);
    CHECK_CONTAINS(audit_detail(d, a, "role.revoke", u1), "coordinator");
    CHECK_CONTAINS(audit_detail(d, a, "role.revoke", u1), "dl-coord");
    /* Removing it again: no such map, nothing written. */
    before = count(d);
    CHECK_INT_EQ(oidc_admin_unmap(d, &ADMIN, p.id, "groups", "dl-coord", ROLE_COORDINATOR, rh, &removed, &others, &e),
                 DL_ENOTFOUND);
    CHECK_INT_EQ(removed, 0);
    CHECK(same(before, count(d)));
    arena_free(a);
    db_close(d);
}

TEST(oidc_admin_unmap_refuses_unknown_and_hostile_maps)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    oidc_provider p;
    put_provider(d, "region", "", 0, &p);
    dl_error e = {0};
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "dl-coord", ROLE_COORDINATOR, rh, &e), DL_OK);
    int64_t u = fixture_user(d, "u");
    char sp[32];
    snprintf(sp, sizeof sp, "oidc:%lld", (long long)p.id);
    grant(d, u, "coordinator", rh, sp);
    counts before = count(d);
    int64_t removed = -1, others = -1;
    struct {
        int64_t provider;
        const char *claim, *value;
        dl_role role;
        int64_t node;
    } bad[] = {
        {p.id, "groups", "dl-coord", ROLE_COORDINATOR, 0},       /* at the installation: not that map */
        {p.id, "groups", "dl-coord", ROLE_EDITOR, rh},           /* another role */
        {p.id, "groups", "DL-COORD", ROLE_COORDINATOR, rh},      /* values are exact */
        {p.id + 1, "groups", "dl-coord", ROLE_COORDINATOR, rh},  /* another provider */
        {p.id, "groups' OR '1'='1", "x' OR '1'='1", ROLE_COORDINATOR, rh},
        {p.id, "", "", ROLE_COORDINATOR, rh},
        {p.id, NULL, NULL, ROLE_COORDINATOR, rh},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&e, 0, sizeof e);
        CHECK_INT_EQ(oidc_admin_unmap(d, &ADMIN, bad[i].provider, bad[i].claim, bad[i].value, bad[i].role, bad[i].node,
                                      &removed, &others, &e), DL_ENOTFOUND);
        CHECK_INT_EQ(removed, 0);
    }
    CHECK_INT_EQ(oidc_admin_unmap(d, &ADMIN, p.id, "groups", "dl-coord", ROLE__MAX, rh, &removed, &others, &e), DL_EINVAL);
    CHECK(same(before, count(d)));
    db_close(d);
}

TEST(oidc_admin_unmap_counts_other_maps_and_takes_grants_in_batches)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    oidc_provider p;
    put_provider(d, "region", "", 0, &p);
    dl_error e = {0};
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "groups", "a", ROLE_COORDINATOR, rh, &e), DL_OK);
    CHECK_INT_EQ(oidc_role_map_add(d, &ADMIN, p.id, "hsa_role", "b", ROLE_COORDINATOR, rh, &e), DL_OK);
    char sp[32];
    snprintf(sp, sizeof sp, "oidc:%lld", (long long)p.id);
    /* 600 accounts the maps gave the role to: more than two batches of 256. */
    CHECK_INT_EQ(db_begin(d, &e), DL_OK);
    for (int i = 0; i < 600; i++) {
        int64_t uid = 0;
        char name[32];
        snprintf(name, sizeof name, "m%03d", i);
        CHECK_INT_EQ(db_query_int(d, "INSERT INTO users(username, display_name, created_at) VALUES (?, ?, ?)"
                                     " RETURNING id", &uid, &e, "ttt", name, name, "2026-01-01T00:00:00Z"), DL_OK);
        CHECK_INT_EQ(db_run(d, "INSERT INTO role_assignment(user_id, role, node_id, granted_at, source)"
                               " VALUES (?, 'coordinator', ?, '2026-01-01T00:00:00Z', ?)", &e, "iit", uid, rh, sp), DL_OK);
    }
    CHECK_INT_EQ(db_commit(d, &e), DL_OK);
    int64_t audit_before = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    int64_t removed = 0, others = 0;
    CHECK_INT_EQ(oidc_admin_unmap(d, &ADMIN, p.id, "groups", "a", ROLE_COORDINATOR, rh, &removed, &others, &e), DL_OK);
    CHECK_INT_EQ(removed, 600);
    CHECK_INT_EQ(others, 1); /* hsa_role = b gives it too: its holders get it back at their next sign-in */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM role_assignment"), 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audit_before + 601);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM oidc_role_map"), 1);
    db_close(d);
}
