/* test_org.c — store/org.c: the organisation tree (förvaltning →
 * regionområde → vårdenhet): nesting rules, materialised paths, codes,
 * diary formats, org_root_of and tree-ordered listing. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/diary_number.h"
#include "db/db.h"
#include "store/org.h"

static dl_err insert(db *d, int64_t parent, org_kind kind, const char *name, const char *code, const char *fmt,
                     int64_t *id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = org_insert(d, parent, kind, name, code, fmt, id, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

static char *path_of(int64_t a, int64_t b, int64_t c, char out[64])
{
    if (c) snprintf(out, 64, "/%" PRId64 "/%" PRId64 "/%" PRId64 "/", a, b, c);
    else if (b) snprintf(out, 64, "/%" PRId64 "/%" PRId64 "/", a, b);
    else snprintf(out, 64, "/%" PRId64 "/", a);
    return out;
}

TEST(org_nesting_rules_and_paths)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t rh = 0, area = 0, unit = 0;
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL, &rh, &e), DL_OK);
    CHECK_INT_EQ(insert(d, rh, ORG_REGIONOMRADE, "Norra", "RH-N", NULL, &area, &e), DL_OK);
    CHECK_INT_EQ(insert(d, area, ORG_VARDENHET, "VC Norr", "RH-N-1", NULL, &unit, &e), DL_OK);
    int64_t before = fixture_int(d, "SELECT COUNT(*) FROM org_node");

    static const struct { int parent; org_kind kind; const char *expect; } refused[] = {
        {0, ORG_VARDENHET, "\xc3\xb6verst i tr\xc3\xa4""det"},  /* a vårdenhet cannot be a root */
        {0, ORG_REGIONOMRADE, "\xc3\xb6verst i tr\xc3\xa4""det"},
        {3, ORG_VARDENHET, "direkt under"},          /* vårdenhet under vårdenhet */
        {1, ORG_VARDENHET, "direkt under"},          /* vårdenhet straight under förvaltning */
        {1, ORG_FORVALTNING, "direkt under"},
        {2, ORG_REGIONOMRADE, "direkt under"},
        {2, ORG_FORVALTNING, "direkt under"},
        {3, ORG_REGIONOMRADE, "direkt under"},
    };
    int64_t by_level[4] = {0, rh, area, unit};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        char code[16];
        snprintf(code, sizeof code, "X%zu", i);
        int64_t id = -1;
        dl_error_clear(&e);
        dl_err rc = insert(d, by_level[refused[i].parent], refused[i].kind, "Ny", code, NULL, &id, &e);
        if (rc != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "case %zu: rc %d, expected DL_EINVAL", i, (int)rc);
            continue;
        }
        CHECK_CONTAINS(e.msg, refused[i].expect);
        CHECK_INT_EQ(id, -1);
    }
    /* A parent that does not exist. */
    CHECK_INT_EQ(insert(d, 999, ORG_REGIONOMRADE, "Ny", "X-MISSING", NULL, NULL, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "\xc3\xb6verordnade");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM org_node"), before);

    /* What was stored. */
    arena *a = arena_new(1024);
    org_node_rec o;
    char p[64];
    CHECK_INT_EQ(org_get(d, a, rh, &o, &e), DL_OK);
    CHECK_STR_EQ(o.path, path_of(rh, 0, 0, p));
    CHECK_INT_EQ(o.parent_id, 0);
    CHECK_INT_EQ(o.kind, ORG_FORVALTNING);
    CHECK_INT_EQ(o.depth, 0);
    CHECK_STR_EQ(o.name, "Regionh\xc3\xa4lsan");
    CHECK_STR_EQ(o.code, "RH");
    CHECK_INT_EQ(org_get(d, a, area, &o, &e), DL_OK);
    CHECK_STR_EQ(o.path, path_of(rh, area, 0, p));
    CHECK_INT_EQ(o.parent_id, rh);
    CHECK_INT_EQ(o.kind, ORG_REGIONOMRADE);
    CHECK_INT_EQ(o.depth, 1);
    CHECK_INT_EQ(org_get(d, a, unit, &o, &e), DL_OK);
    CHECK_STR_EQ(o.path, path_of(rh, area, unit, p));
    CHECK_INT_EQ(o.parent_id, area);
    CHECK_INT_EQ(o.kind, ORG_VARDENHET);
    CHECK_INT_EQ(o.depth, 2);
    /* The very first ids: exactly "/1/", "/1/2/", "/1/2/3/". */
    CHECK_INT_EQ(rh, 1);
    CHECK_STR_EQ(o.path, "/1/2/3/");
    CHECK_INT_EQ(org_get(d, a, 424242, &o, &e), DL_ENOTFOUND);
    arena_free(a);
    db_close(d);
}

TEST(org_second_root_and_nesting_kinds)
{
    CHECK(org_kind_may_nest(-1, ORG_FORVALTNING));
    CHECK(!org_kind_may_nest(-1, ORG_REGIONOMRADE));
    CHECK(!org_kind_may_nest(-1, ORG_VARDENHET));
    CHECK(org_kind_may_nest(ORG_FORVALTNING, ORG_REGIONOMRADE));
    CHECK(!org_kind_may_nest(ORG_FORVALTNING, ORG_VARDENHET));
    CHECK(!org_kind_may_nest(ORG_FORVALTNING, ORG_FORVALTNING));
    CHECK(org_kind_may_nest(ORG_REGIONOMRADE, ORG_VARDENHET));
    CHECK(!org_kind_may_nest(ORG_VARDENHET, ORG_VARDENHET));
    CHECK(!org_kind_may_nest(ORG_VARDENHET, ORG_REGIONOMRADE));
    org_kind k;
    CHECK_INT_EQ(org_kind_from_key("vardenhet", &k), 0);
    CHECK_INT_EQ(k, ORG_VARDENHET);
    CHECK_INT_EQ(org_kind_from_key("V\xc3\xa5rdenhet", &k), -1);
    CHECK_STR_EQ(org_kind_key(ORG_REGIONOMRADE), "regionomrade");

    db *d = fixture_store();
    dl_error e = {0};
    int64_t r1 = 0, r2 = 0, c2 = 0;
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Ett", "ETT", NULL, &r1, &e), DL_OK);
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Tv\xc3\xa5", "TVA", NULL, &r2, &e), DL_OK);
    CHECK_INT_EQ(insert(d, r2, ORG_REGIONOMRADE, "Under tv\xc3\xa5", "TVA-1", NULL, &c2, &e), DL_OK);
    arena *a = arena_new(512);
    org_node_rec o;
    char p[64];
    CHECK_INT_EQ(org_get(d, a, c2, &o, &e), DL_OK);
    CHECK_STR_EQ(o.path, path_of(r2, c2, 0, p));
    arena_free(a);
    db_close(d);
}

TEST(org_duplicate_code_is_a_conflict)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t rh = 0;
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL, &rh, &e), DL_OK);
    int64_t id = -1;
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Annan", "RH", NULL, &id, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "RH");
    CHECK_CONTAINS(e.msg, "anv\xc3\xa4nds redan");
    CHECK_INT_EQ(id, -1);
    CHECK_INT_EQ(insert(d, rh, ORG_REGIONOMRADE, "Under", "RH", NULL, &id, &e), DL_ECONFLICT);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM org_node"), 1);
    /* Codes are exact: another case is another code. */
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Liten", "rh", NULL, &id, &e), DL_OK);
    db_close(d);
}

TEST(org_bad_code_name_or_format_is_refused)
{
    db *d = fixture_store();
    dl_error e = {0};
    char code33[40], code32[40], name201[210];
    memset(code33, 'C', 33);
    code33[33] = '\0';
    memset(code32, 'C', 32);
    code32[32] = '\0';
    memset(name201, 'n', 201);
    name201[201] = '\0';
    const char *bad_codes[] = {NULL, "", "R H", "R\xc3\x85", "R/H", "R{H}", "R.H", "RH\n", "R'H", code33};
    for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
        dl_error_clear(&e);
        if (insert(d, 0, ORG_FORVALTNING, "Namn", bad_codes[i], NULL, NULL, &e) != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "code #%zu accepted", i);
        else if (!strstr(e.msg, "Koden"))
            test_fail(__FILE__, __LINE__, "code #%zu: message \"%s\"", i, e.msg);
    }
    const char *bad_names[] = {NULL, "", name201};
    for (size_t i = 0; i < 3; i++) {
        if (insert(d, 0, ORG_FORVALTNING, bad_names[i], "OK", NULL, NULL, &e) != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "name #%zu accepted", i);
    }
    const char *bad_formats[] = {"{seq", "RH {year}", "RH {nosuch} {seq}", "{seq}{seq}", "RH\t{seq}"};
    for (size_t i = 0; i < sizeof bad_formats / sizeof bad_formats[0]; i++) {
        if (insert(d, 0, ORG_FORVALTNING, "Namn", "OK", bad_formats[i], NULL, &e) != DL_EINVAL)
            test_fail(__FILE__, __LINE__, "format \"%s\" accepted", bad_formats[i]);
    }
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM org_node"), 0);
    /* The limits themselves are fine. */
    int64_t id = 0;
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Namn", code32, NULL, &id, &e), DL_OK);
    name201[200] = '\0';
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, name201, "a-Z_9", NULL, &id, &e), DL_OK);
    db_close(d);
}

TEST(org_diary_format_resolves_the_code)
{
    db *d = fixture_store();
    dl_error e = {0};
    int64_t a1 = 0, a2 = 0, a3 = 0;
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Standard", "RH", NULL, &a1, &e), DL_OK);
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Egen", "EG", "Dnr {code}/{year}/{seq}", &a2, &e), DL_OK);
    CHECK_INT_EQ(insert(d, 0, ORG_FORVALTNING, "Fast", "FA", "FA {{x}} {year}-{seq:4}", &a3, &e), DL_OK);
    arena *a = arena_new(1024);
    org_node_rec o;
    CHECK_INT_EQ(org_get(d, a, a1, &o, &e), DL_OK);
    CHECK_STR_EQ(o.diary_format, "RH {year}-{seq:5}");
    CHECK_INT_EQ(org_get(d, a, a2, &o, &e), DL_OK);
    CHECK_STR_EQ(o.diary_format, "Dnr EG/{year}/{seq}");
    CHECK_INT_EQ(org_get(d, a, a3, &o, &e), DL_OK);
    CHECK_STR_EQ(o.diary_format, "FA {{x}} {year}-{seq:4}");
    arena_free(a);

    char out[DIARY_NUMBER_MAX];
    CHECK_INT_EQ(org_expand_diary_format("{code}-{code} {seq}", "AB", out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "AB-AB {seq}");
    CHECK_INT_EQ(org_expand_diary_format("{cod} {seq}", "AB", out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "{cod} {seq}");
    char tiny[8];
    CHECK_INT_EQ(org_expand_diary_format("{code} {year}-{seq:5}", "AB", tiny, sizeof tiny, &e), DL_EINVAL);
    db_close(d);
}

TEST(org_root_of_finds_the_forvaltning)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL);
    int64_t other = fixture_org(d, 0, ORG_FORVALTNING, "Annan", "AN", NULL);
    int64_t area = fixture_org(d, rh, ORG_REGIONOMRADE, "Norra", "RH-N", NULL);
    int64_t unit = fixture_org(d, area, ORG_VARDENHET, "VC Norr", "RH-N-1", NULL);
    int64_t oarea = fixture_org(d, other, ORG_REGIONOMRADE, "S\xc3\xb6" "dra", "AN-S", NULL);
    arena *a = arena_new(1024);
    org_node_rec o;
    dl_error e = {0};
    CHECK_INT_EQ(org_root_of(d, a, unit, &o, &e), DL_OK);
    CHECK_INT_EQ(o.id, rh);
    CHECK_STR_EQ(o.code, "RH");
    CHECK_INT_EQ(org_root_of(d, a, area, &o, &e), DL_OK);
    CHECK_INT_EQ(o.id, rh);
    CHECK_INT_EQ(org_root_of(d, a, rh, &o, &e), DL_OK); /* a root is its own root */
    CHECK_INT_EQ(o.id, rh);
    CHECK_INT_EQ(org_root_of(d, a, oarea, &o, &e), DL_OK);
    CHECK_INT_EQ(o.id, other);
    CHECK_INT_EQ(org_root_of(d, a, 4242, &o, &e), DL_ENOTFOUND);
    /* A broken path is reported, not followed. */
    fixture_exec(d, "UPDATE org_node SET path = 'garbage' WHERE code = 'RH-N-1'");
    CHECK_INT_EQ(org_root_of(d, a, unit, &o, &e), DL_EDB);
    arena_free(a);
    db_close(d);
}

TEST(org_list_puts_parents_before_children)
{
    db *d = fixture_store();
    /* Enough roots for two-digit ids, and children created out of order, so
     * neither id order nor naive string order is accidentally right. */
    int64_t roots[12], kids[12];
    for (int i = 0; i < 12; i++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "R%d", i);
        snprintf(name, sizeof name, "Rot %d", i);
        roots[i] = fixture_org(d, 0, ORG_FORVALTNING, name, code, NULL);
    }
    for (int i = 11; i >= 0; i--) {
        char code[16];
        snprintf(code, sizeof code, "K%d", i);
        kids[i] = fixture_org(d, roots[i], ORG_REGIONOMRADE, "Barn", code, NULL);
    }
    int64_t grand = fixture_org(d, kids[0], ORG_VARDENHET, "Barnbarn", "G0", NULL);
    int64_t grand10 = fixture_org(d, kids[10], ORG_VARDENHET, "Barnbarn", "G10", NULL);
    int64_t late_kid = fixture_org(d, roots[0], ORG_REGIONOMRADE, "Sent barn", "K0B", NULL);

    arena *a = arena_new(8192);
    org_node_rec list[64];
    int n = 0;
    dl_error e = {0};
    CHECK_INT_EQ(org_list(d, a, list, 64, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 27);
    for (int i = 0; i < n; i++) {
        if (list[i].parent_id == 0) continue;
        int parent_at = -1;
        for (int j = 0; j < n; j++)
            if (list[j].id == list[i].parent_id) parent_at = j;
        if (parent_at < 0 || parent_at >= i)
            test_fail(__FILE__, __LINE__, "%s (id %" PRId64 ") listed before its parent", list[i].code, list[i].id);
        /* Everything between a parent and its child belongs to the parent's subtree. */
        for (int j = parent_at + 1; j < i && parent_at >= 0; j++)
            if (strncmp(list[j].path, list[parent_at].path, strlen(list[parent_at].path)) != 0)
                test_fail(__FILE__, __LINE__, "%s interrupts the subtree of %s", list[j].code, list[parent_at].code);
    }
    int seen = 0;
    for (int i = 0; i < n; i++)
        if (list[i].id == grand || list[i].id == grand10 || list[i].id == late_kid) seen++;
    CHECK_INT_EQ(seen, 3);

    /* max is respected, n counts what was written. */
    CHECK_INT_EQ(org_list(d, a, list, 5, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 5);
    CHECK_INT_EQ(list[0].parent_id, 0);
    arena_free(a);
    db_close(d);
}

/* The audited forms the web pages call: the change and its audit row in one
 * transaction; a refused change writes neither and leaves none open. */
TEST(org_create_and_update_audited)
{
    db *d = fixture_store();
    dl_error e = {0};
    audit_actor who = {0, "tester"};
    int64_t rh = 0, other = 0;
    int64_t audit0 = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    CHECK_INT_EQ(org_create_audited(d, &who, 0, ORG_FORVALTNING, "Regionh\xc3\xa4lsan", "RH", NULL, &rh, &e), DL_OK);
    CHECK(rh > 0);
    CHECK(!db_in_transaction(d));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'org.create' AND detail = 'RH'"), 1);
    CHECK_INT_EQ(org_create_audited(d, &who, 0, ORG_FORVALTNING, "Dubblett", "RH", NULL, &other, &e), DL_ECONFLICT);
    CHECK_INT_EQ(other, 0);
    CHECK(!db_in_transaction(d));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audit0 + 1);

    CHECK_INT_EQ(org_update_audited(d, &who, rh, 1, "Regionh\xc3\xa4lsan Nord", NULL, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'org.update' AND detail = 'RH'"), 1);
    CHECK_INT_EQ(org_update_audited(d, &who, rh, 1, "Gammal version", NULL, &e), DL_ECONFLICT);
    CHECK_INT_EQ(org_update_audited(d, &who, 99999, 1, "Ingen", NULL, &e), DL_ENOTFOUND);
    CHECK(!db_in_transaction(d));
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), audit0 + 2);
    db_close(d);
}
