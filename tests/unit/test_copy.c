/* test_copy.c — copying an installation between stores (store/copy.c):
 * an SQLite store with demo-like content into the fixture's store (SQLite,
 * or PostgreSQL when DATALOTS_TEST_PG is set) and back from PostgreSQL into
 * SQLite; every row and id equal afterwards, NULLs and Swedish text intact,
 * the audit chain whole, new rows get new ids; refusals (a target with data,
 * a source at another schema, an unknown table) write nothing; a failure
 * half-way (a broken row, out of memory) leaves the target empty; the table
 * list covers the schema. */
#include "test.h"
#include "fixture.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/diary_entry.h"
#include "core/diary_number.h"
#include "db/db.h"
#include "store/obstacle_categories.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/copy.h"
#include "store/diary.h"
#include "store/org.h"
#include "store/sessions.h"
#include "store/signin.h"
#include "store/settings.h"

#define PASSWORD "demo-Regionhalsan-2026"
#define ORG_NAME "Vårdcentralen Åsa 'Citat' \"dubbel\" – ö"
#define SUBJECT "Begäran om utlämnande; 'x' = \"y\" \\ % _ ?"

static const audit_actor demo = {0, "demo"};

static const char *src_url(void)
{
    static char url[512];
    snprintf(url, sizeof url, "sqlite:%s/source.db", test_tmpdir());
    return url;
}

static const char *other_sqlite_url(const char *name)
{
    static char url[512];
    snprintf(url, sizeof url, "sqlite:%s/%s", test_tmpdir(), name);
    return url;
}

static db *open_url(const char *url, int migrate)
{
    db *d = NULL;
    dl_error e = {0};
    if (db_open(url, &d, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "db_open %s: %s", url, e.msg);
        return NULL;
    }
    int applied = 0;
    if (migrate && db_migrate(d, &applied, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "db_migrate %s: %s", url, e.msg);
        db_close(d);
        return NULL;
    }
    return d;
}

/* What populate() made, to look for on the target. */
struct made { int64_t root, unit, child, admin, clerk, entry, secret, correction; };

/* A small installation as the demo makes it, with the awkward bits: Swedish
 * text, quotes, NULL columns, a correction, sessions, throttling, settings. */
static int populate(db *d, struct made *m)
{
    dl_error e = {0};
    memset(m, 0, sizeof *m);
    m->root = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", "RH {year}-{seq:5}");
    m->unit = fixture_org(d, m->root, ORG_REGIONOMRADE, "Regionområde Söder", "RH-SODER", "");
    m->child = fixture_org(d, m->unit, ORG_VARDENHET, ORG_NAME, "VC-ASA", "");
    if (account_create(d, &demo, "admin", "Alva Administratör", "", PASSWORD, &m->admin, &e) != DL_OK ||
        account_grant(d, &demo, m->admin, ROLE_ADMIN, 0, NULL, &e) != DL_OK ||
        account_create(d, &demo, "registrator", "Rolf \"Rr\" O'Registrator", "r@example.se", PASSWORD,
                       &m->clerk, &e) != DL_OK ||
        account_grant(d, &demo, m->clerk, ROLE_REGISTRAR, m->root, NULL, &e) != DL_OK)
        goto fail;
    audit_actor clerk = {m->clerk, "registrator"};
    diary_input in = {m->root, "2026-01-12", "in", "Göteborgs universitet", SUBJECT, 0, "", 0};
    if (diary_register(d, &in, &clerk, &m->entry, NULL, &e) != DL_OK) goto fail;
    diary_input secret = {m->root, "2026-02-03", "in", "Karolinska institutet", "Patientförteckning", 1,
                          "OSL 25 kap. 1 §", 0};
    if (diary_register(d, &secret, &demo, &m->secret, NULL, &e) != DL_OK) goto fail;
    diary_input fix = in;
    fix.subject = "Rättelse: begäran om utlämnande";
    fix.corrects_id = m->entry;
    if (diary_register(d, &fix, &clerk, &m->correction, NULL, &e) != DL_OK) goto fail;
    char token[65];
    if (session_create(d, m->clerk, 1781524800, token, &e) != DL_OK ||
        throttle_take(d, "192.0.2.7", 1781524800, 20, 900, NULL, &e) != DL_OK ||
        settings_set(d, "hälsning", "Hej 'världen' \"åäö\"", &e) != DL_OK ||
        audit_append_tx(d, &clerk, "diary.read_confidential", "diary_entry", "2", "läst", &e) != DL_OK)
        goto fail;
    /* the seeded category list edited and added to: the target's seed gives way to it */
    obstacle_category_def cat = {.key = "data_access", .label_sv = "Tillgång till \"data\"", .label_en = "Data access",
                                 .guidance_sv = "", .guidance_en = "", .policy_area = "infrastructure", .position = 5,
                                 .active = 1};
    if (obstacle_category_save(d, &clerk, &cat, 1, 1781524800, &e) != DL_OK) goto fail;
    cat.key = "other", cat.label_sv = "Något annat", cat.active = 0, cat.position = 99;
    if (obstacle_category_save(d, &clerk, &cat, 0, 1781524800, &e) != DL_OK) goto fail;
    return 1;
fail:
    test_fail(__FILE__, __LINE__, "populate: %s", e.msg);
    return 0;
}

static db *populated_source(struct made *m)
{
    db *src = open_url(src_url(), 1);
    if (src && !populate(src, m)) { db_close(src); return NULL; }
    return src;
}

/* Every row of every copied table equal, column by column, NULL for NULL. */
static int same_rows(db *a, db *b)
{
    for (int i = 0; i < copy_table_count(); i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1, 2", copy_table_name(i));
        dl_error e = {0};
        db_stmt *sa = db_prepare(a, sql, &e);
        db_stmt *sb = sa ? db_prepare(b, sql, &e) : NULL;
        if (!sa || !sb) {
            db_stmt_done(sa);
            test_fail(__FILE__, __LINE__, "%s: %s", sql, e.msg);
            return 0;
        }
        int ok = 1;
        for (int row = 1; ok; row++) {
            int ra = db_step(sa, &e), rb = db_step(sb, &e);
            if (ra != rb) {
                test_fail(__FILE__, __LINE__, "%s: row %d: %d vs %d", copy_table_name(i), row, ra, rb);
                ok = 0;
            }
            if (ra != DB_ROW || !ok) break;
            if (db_col_count(sa) != db_col_count(sb)) {
                test_fail(__FILE__, __LINE__, "%s: column counts differ", copy_table_name(i));
                ok = 0;
            }
            for (int c = 0; ok && c < db_col_count(sa); c++) {
                if (strcmp(db_col_name(sa, c), db_col_name(sb, c)) != 0 ||
                    db_col_is_null(sa, c) != db_col_is_null(sb, c) ||
                    strcmp(db_col_text(sa, c), db_col_text(sb, c)) != 0) {
                    test_fail(__FILE__, __LINE__, "%s row %d column %s: \"%s\"%s vs \"%s\"%s", copy_table_name(i),
                              row, db_col_name(sa, c), db_col_text(sa, c), db_col_is_null(sa, c) ? " (NULL)" : "",
                              db_col_text(sb, c), db_col_is_null(sb, c) ? " (NULL)" : "");
                    ok = 0;
                }
            }
        }
        db_stmt_done(sa);
        db_stmt_done(sb);
        if (!ok) return 0;
    }
    return 1;
}

/* No data in any copied table and the audit head as the migration left it. */
/* Every table of the copy list that exists (a store whose migrations
 * stopped part of the way lacks the later ones) is empty. */
static int holds_no_data(db *d)
{
    arena *a = arena_new(1024);
    const char *names[COPY_TABLES_MAX];
    int n_names = 0;
    dl_error e = {0};
    if (!a || copy_catalog_tables(d, a, names, COPY_TABLES_MAX, &n_names, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "catalog: %s", e.msg);
        arena_free(a);
        return 0;
    }
    int has_categories = 0, has_forms = 0;
    for (int k = 0; k < n_names; k++) has_categories |= strcmp(names[k], "obstacle_category") == 0;
    for (int k = 0; k < n_names; k++) has_forms |= strcmp(names[k], "form_field") == 0;
    for (int i = 0; i < copy_table_count(); i++) {
        if (strcmp(copy_table_name(i), "audit_head") == 0 || strcmp(copy_table_name(i), "store_version") == 0 ||
            strcmp(copy_table_name(i), "obstacle_category") == 0 || strcmp(copy_table_name(i), "retention_rule") == 0 ||
            strcmp(copy_table_name(i), "form_version") == 0 || strcmp(copy_table_name(i), "form_field") == 0)
            continue; /* seeded by the migrations: checked below */
        int exists = 0;
        for (int k = 0; k < n_names; k++) exists |= strcmp(names[k], copy_table_name(i)) == 0;
        if (!exists) continue;
        if (strcmp(copy_table_name(i), "terms_version") == 0 &&
            fixture_int(d, "SELECT COUNT(*) FROM terms_version WHERE version <> 1") == 0)
            continue; /* seeded by 0038: the first terms of use */
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", copy_table_name(i));
        int64_t n = fixture_int(d, sql);
        if (n) {
            test_fail(__FILE__, __LINE__, "%s holds %" PRId64 " rows", copy_table_name(i), n);
            arena_free(a);
            return 0;
        }
    }
    int has_retention = 0;
    for (int k = 0; k < n_names; k++) has_retention |= strcmp(names[k], "retention_rule") == 0;
    arena_free(a);
    if (has_retention && fixture_int(d, "SELECT COUNT(*) FROM retention_rule WHERE updated_at <> ''") != 0) {
        test_fail(__FILE__, __LINE__, "retention_rule holds rules other than the migration's seed");
        return 0;
    }
    return (!has_categories || (fixture_int(d, "SELECT COUNT(*) FROM obstacle_category WHERE updated_at = ''") == 9 &&
                                fixture_int(d, "SELECT COUNT(*) FROM obstacle_category") == 9)) &&
           (!has_forms || (fixture_int(d, "SELECT COUNT(*) FROM form_version WHERE version <> 1") == 0 &&
                           fixture_int(d, "SELECT COUNT(*) FROM form_field WHERE version <> 1") == 0)) &&
           fixture_int(d, "SELECT COUNT(*) FROM audit_head WHERE last_seq = 0") == 1 &&
           fixture_int(d, "SELECT COUNT(*) FROM audit_head") == 1;
}

static int count_tables(db *d)
{
    arena *a = arena_new(1024);
    const char *names[COPY_TABLES_MAX];
    int n = -1;
    dl_error e = {0};
    if (copy_catalog_tables(d, a, names, COPY_TABLES_MAX, &n, &e) != DL_OK) test_fail(__FILE__, __LINE__, "%s", e.msg);
    arena_free(a);
    return n;
}

TEST(copy_moves_every_row_with_its_id_into_the_fixture_store)
{
    struct made m;
    db *src = populated_source(&m);
    CHECK(src != NULL);
    db *dst = fixture_open_raw(); /* not migrated: the copy does that */
    copy_report rep;
    dl_error e = {0};
    dl_err rc = copy_store(src, dst, NULL, NULL, &rep, &e);
    if (rc != DL_OK) fprintf(stderr, "    copy_store: %s\n", e.msg);
    CHECK_INT_EQ(rc, DL_OK);
    CHECK(rep.mismatch == NULL);
    CHECK_INT_EQ(rep.n_counts, copy_table_count());
    int64_t audit_rows = fixture_int(src, "SELECT COUNT(*) FROM audit_log");
    CHECK(audit_rows >= 8);
    CHECK_INT_EQ(rep.audit.first_bad_seq, 0);
    CHECK_INT_EQ(rep.audit.rows, audit_rows);
    int64_t total = 0;
    for (int i = 0; i < rep.n_counts; i++) {
        CHECK_INT_EQ(rep.counts[i].source, rep.counts[i].target);
        if (strcmp(rep.counts[i].table, "audit_head") != 0) total += rep.counts[i].source;
    }
    CHECK_INT_EQ(rep.rows_copied, total + 1);
    CHECK(same_rows(src, dst));

    /* The ids, the text and the NULLs, looked at one by one. */
    arena *a = arena_new(4096);
    org_node_rec o;
    CHECK_INT_EQ(org_get(dst, a, m.child, &o, &e), DL_OK);
    CHECK_STR_EQ(o.name, ORG_NAME);
    CHECK_INT_EQ(o.parent_id, m.unit);
    diary_rec r;
    CHECK_INT_EQ(diary_get(dst, a, m.correction, &r, &e), DL_OK);
    CHECK_INT_EQ(r.corrects_id, m.entry);
    CHECK_INT_EQ(diary_get(dst, a, m.entry, &r, &e), DL_OK);
    CHECK_STR_EQ(r.subject, SUBJECT);
    CHECK_INT_EQ(r.corrected_by_id, m.correction);
    CHECK_INT_EQ(diary_get(dst, a, m.secret, &r, &e), DL_OK);
    CHECK_STR_EQ(r.legal_ref, "OSL 25 kap. 1 §");
    arena_free(a);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM org_node WHERE parent_id IS NULL"), 1);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM users WHERE external_issuer IS NULL"), 2);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM role_assignment WHERE node_id IS NULL"), 1);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM diary_entry WHERE corrects_id IS NULL"), 2);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM diary_entry WHERE registered_by IS NULL"), 1);
    char value[128];
    CHECK_INT_EQ(settings_get(dst, "hälsning", value, sizeof value, &e), DL_OK);
    CHECK_STR_EQ(value, "Hej 'världen' \"åäö\"");
    /* SQLite: integers stay integers and number-like text stays text. */
    if (!fixture_is_pg()) {
        CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM audit_log WHERE typeof(seq) = 'integer'"
                                      " AND typeof(actor_user_id) = 'integer' AND typeof(object_id) = 'text'"),
                     audit_rows);
        CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM org_node WHERE typeof(id) = 'integer'"
                                      " AND typeof(version) = 'integer'"), 3);
    }
    /* The target recorded its own migrations. */
    CHECK(fixture_int(dst, "SELECT COUNT(*) FROM schema_migrations") >= 1);
    db_close(src);
    db_close(dst);
    CHECK(fixture_no_leaks());
}

TEST(copy_new_rows_after_the_copy_get_new_ids)
{
    struct made m;
    db *src = populated_source(&m);
    CHECK(src != NULL);
    db *dst = fixture_open_raw();
    copy_report rep;
    dl_error e = {0};
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_OK);
    int64_t max_entry = fixture_int(dst, "SELECT MAX(id) FROM diary_entry");
    int64_t max_user = fixture_int(dst, "SELECT MAX(id) FROM users");
    int64_t max_org = fixture_int(dst, "SELECT MAX(id) FROM org_node");
    int64_t max_grant = fixture_int(dst, "SELECT MAX(id) FROM role_assignment");

    /* A registration: a new id and the next number of the same series. */
    audit_actor clerk = {m.clerk, "registrator"};
    diary_input in = {m.root, "2026-03-01", "out", "Revisorn", "Svar", 0, "", 0};
    int64_t id = 0;
    char number[DIARY_NUMBER_MAX] = "";
    dl_err rc = diary_register(dst, &in, &clerk, &id, number, &e);
    if (rc != DL_OK) fprintf(stderr, "    diary_register: %s\n", e.msg);
    CHECK_INT_EQ(rc, DL_OK);
    CHECK_INT_EQ(id, max_entry + 1);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM diary_entry"), 4);
    CHECK_INT_EQ(fixture_int(dst, "SELECT MAX(seq) FROM diary_entry"), 4);
    CHECK_CONTAINS(number, "-00004");

    int64_t uid = 0, org = 0, grant = 0;
    CHECK_INT_EQ(account_create(dst, &demo, "ny", "Ny Person", "", PASSWORD, &uid, &e), DL_OK);
    CHECK_INT_EQ(uid, max_user + 1);
    CHECK_INT_EQ(account_grant(dst, &demo, uid, ROLE_REGISTRAR, m.child, &grant, &e), DL_OK);
    CHECK_INT_EQ(grant, max_grant + 1);
    org = fixture_org(dst, m.unit, ORG_VARDENHET, "Ny enhet", "NY", "");
    CHECK_INT_EQ(org, max_org + 1);

    /* The chain goes on from the copied head. */
    audit_verdict v;
    CHECK_INT_EQ(audit_verify(dst, &v, &e), DL_OK);
    CHECK_INT_EQ(v.first_bad_seq, 0);
    CHECK_INT_EQ(v.rows, rep.audit.rows + 3);
    db_close(src);
    db_close(dst);
}

TEST(copy_refuses_a_target_that_holds_data_and_leaves_it_untouched)
{
    struct made m;
    db *src = populated_source(&m);
    CHECK(src != NULL);
    db *dst = fixture_store();
    int64_t org = fixture_org(dst, 0, ORG_FORVALTNING, "Annan region", "AR", "");
    copy_report rep;
    dl_error e = {0};
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "the target already holds data");
    CHECK_CONTAINS(e.msg, "copy only into a new, empty store");
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM org_node"), 1);
    CHECK_INT_EQ(fixture_int(dst, "SELECT MAX(id) FROM org_node"), org);
    CHECK_INT_EQ(fixture_int(dst, "SELECT COUNT(*) FROM users"), 0);
    CHECK_INT_EQ(fixture_int(dst, "SELECT last_seq FROM audit_head"), 0);
    db_close(dst);

    /* Only an audit row (the head moved): still not empty. */
    db *d2 = open_url(other_sqlite_url("audited.db"), 1);
    CHECK(d2 != NULL);
    CHECK_INT_EQ(audit_append_tx(d2, &demo, "test", "x", "1", "", &e), DL_OK);
    CHECK_INT_EQ(copy_store(src, d2, NULL, NULL, &rep, &e), DL_ECONFLICT);
    CHECK_CONTAINS(e.msg, "already holds data");
    CHECK_INT_EQ(fixture_int(d2, "SELECT COUNT(*) FROM audit_log"), 1);
    CHECK_INT_EQ(fixture_int(d2, "SELECT COUNT(*) FROM org_node"), 0);
    db_close(d2);

    /* A copy into a store that already got one is refused the same way. */
    db *d3 = open_url(other_sqlite_url("copied.db"), 0);
    CHECK(d3 != NULL);
    CHECK_INT_EQ(copy_store(src, d3, NULL, NULL, &rep, &e), DL_OK);
    CHECK_INT_EQ(copy_store(src, d3, NULL, NULL, &rep, &e), DL_ECONFLICT);
    CHECK(same_rows(src, d3));
    db_close(d3);
    db_close(src);
}

TEST(copy_refuses_a_source_at_another_schema_or_with_unknown_tables)
{
    struct made m;
    db *src = populated_source(&m);
    CHECK(src != NULL);
    db *dst = fixture_open_raw();
    copy_report rep;
    dl_error e = {0};

    /* Behind: a migration missing. */
    fixture_exec(src, "CREATE TABLE saved_migrations AS SELECT * FROM schema_migrations;"
                      " DELETE FROM schema_migrations");
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "not at the latest schema");
    CHECK_CONTAINS(e.msg, "0001_foundation.sql");
    fixture_exec(src, "INSERT INTO schema_migrations SELECT * FROM saved_migrations; DROP TABLE saved_migrations");

    /* Ahead: a migration this datalots does not know. */
    fixture_exec(src, "INSERT INTO schema_migrations(version, applied_at) VALUES ('9999_future.sql', 'x')");
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "9999_future.sql");
    CHECK_CONTAINS(e.msg, "does not know");
    fixture_exec(src, "DELETE FROM schema_migrations WHERE version = '9999_future.sql'");

    /* A table nobody copies would be lost. */
    fixture_exec(src, "CREATE TABLE local_notes (id INTEGER PRIMARY KEY, note TEXT)");
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "local_notes");
    fixture_exec(src, "DROP TABLE local_notes");

    /* Not a datalots store at all. */
    db *empty = open_url(other_sqlite_url("empty.db"), 0);
    CHECK(empty != NULL);
    CHECK_INT_EQ(copy_store(empty, dst, NULL, NULL, &rep, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "holds no datalots schema");
    db_close(empty);

    /* None of that touched the target, not even its schema. */
    CHECK_INT_EQ(count_tables(dst), 0);
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_OK);
    CHECK(same_rows(src, dst));
    db_close(src);
    db_close(dst);
}

static void count_tables_done(void *arg, const char *table, int64_t rows)
{
    (void)table;
    (void)rows;
    (*(int *)arg)++;
}

TEST(copy_failure_half_way_rolls_back_everything)
{
    struct made m;
    db *src = populated_source(&m);
    CHECK(src != NULL);
    /* A role for a user that does not exist, slipped past SQLite's foreign
     * keys: the target refuses it after settings, org_node and users. */
    fixture_exec(src, "PRAGMA foreign_keys = OFF; INSERT INTO role_assignment(user_id, role, node_id, granted_by,"
                      " granted_at) VALUES (999, 'registrator', NULL, NULL, '2026-01-01T00:00:00Z');"
                      " PRAGMA foreign_keys = ON");
    db *dst = fixture_open_raw();
    copy_report rep;
    dl_error e = {0};
    int tables_done = 0;
    CHECK_INT_EQ(copy_store(src, dst, count_tables_done, &tables_done, &rep, &e), DL_ECONSTRAINT);
    CHECK_CONTAINS(e.msg, "role_assignment");
    CHECK_CONTAINS(e.msg, "rolled back");
    CHECK_INT_EQ(tables_done, 3);
    CHECK(holds_no_data(dst));
    fixture_exec(src, "DELETE FROM role_assignment WHERE user_id = 999");
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_OK);
    CHECK(same_rows(src, dst));
    db_close(src);
    db_close(dst);
}

TEST(copy_out_of_memory_at_any_point_leaves_the_target_empty)
{
    struct made m;
    db *src0 = populated_source(&m);
    CHECK(src0 != NULL);
    db_close(src0);
    int failures = 0, half_way = 0, done = 0;
    for (long n = 0; !done && n < 100000; n = n < 8 ? n + 1 : n + n / 3) {
        /* Fresh connections each time, as a run of the command has. */
        db *src = open_url(src_url(), 0);
        db *dst = fixture_open_raw();
        CHECK(src && dst);
        copy_report rep;
        dl_error e = {0};
        int tables_done = 0;
        dl_alloc_fail_after(n);
        dl_err rc = copy_store(src, dst, count_tables_done, &tables_done, &rep, &e);
        dl_alloc_fail_after(-1);
        if (rc == DL_OK) {
            CHECK(rep.mismatch == NULL);
            CHECK_INT_EQ(rep.audit.first_bad_seq, 0);
            CHECK(same_rows(src, dst));
            done = 1;
        } else {
            CHECK(e.msg[0] != '\0');
            failures++;
            if (tables_done > 0) half_way++;
            /* Not migrated yet (only schema_migrations, or nothing), or migrated and empty. */
            if (count_tables(dst) > 1 && !holds_no_data(dst)) {
                fprintf(stderr, "    failing after %ld allocations left data: %s\n", n, e.msg);
                CHECK(0);
            }
        }
        db_close(src);
        db_close(dst);
    }
    CHECK(done);
    CHECK(failures >= 3);
    CHECK(half_way >= 1);
    CHECK(fixture_no_leaks());
}

TEST(copy_table_list_covers_every_table_the_migrations_create)
{
    db *d = fixture_store();
    arena *a = arena_new(4096);
    const char *names[COPY_TABLES_MAX];
    int n = 0;
    dl_error e = {0};
    CHECK_INT_EQ(copy_catalog_tables(d, a, names, COPY_TABLES_MAX, &n, &e), DL_OK);
    int listed = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "schema_migrations") == 0) continue;
        int found = 0;
        for (int k = 0; k < copy_table_count(); k++) found |= strcmp(names[i], copy_table_name(k)) == 0;
        if (!found) fprintf(stderr, "    table %s is not in copy.c's list\n", names[i]);
        CHECK(found);
        listed++;
    }
    CHECK_INT_EQ(listed, copy_table_count());
    CHECK(listed >= 10);
    CHECK(copy_table_name(copy_table_count()) == NULL);
    arena_free(a);
    db_close(d);
}

TEST(copy_compare_names_the_table_that_differs_and_a_broken_chain)
{
    struct made m;
    db *src = populated_source(&m);
    CHECK(src != NULL);
    db *dst = fixture_open_raw();
    copy_report rep;
    dl_error e = {0};
    CHECK_INT_EQ(copy_store(src, dst, NULL, NULL, &rep, &e), DL_OK);
    CHECK(rep.mismatch == NULL);
    CHECK_INT_EQ(throttle_take(dst, "198.51.100.1", 1781524800, 20, 900, NULL, &e), DL_OK);
    CHECK_INT_EQ(copy_compare(src, dst, &rep, &e), DL_OK);
    CHECK_STR_EQ(rep.mismatch, "login_throttle");
    CHECK_INT_EQ(rep.audit.first_bad_seq, 0);
    fixture_exec(dst, "DELETE FROM login_throttle WHERE client = '198.51.100.1'");
    fixture_exec(dst, "UPDATE audit_log SET detail = 'ändrad' WHERE seq = 2");
    CHECK_INT_EQ(copy_compare(src, dst, &rep, &e), DL_OK);
    CHECK(rep.mismatch == NULL);
    CHECK_INT_EQ(rep.audit.first_bad_seq, 2);
    db_close(src);
    db_close(dst);
}

/* PostgreSQL → SQLite: only when the suite runs on PostgreSQL. */
TEST(copy_from_postgresql_back_into_sqlite)
{
    if (!fixture_is_pg()) return;
    struct made m;
    db *src = fixture_store();
    CHECK(populate(src, &m));
    db *dst = open_url(other_sqlite_url("from-pg.db"), 0);
    CHECK(dst != NULL);
    copy_report rep;
    dl_error e = {0};
    dl_err rc = copy_store(src, dst, NULL, NULL, &rep, &e);
    if (rc != DL_OK) fprintf(stderr, "    copy_store: %s\n", e.msg);
    CHECK_INT_EQ(rc, DL_OK);
    CHECK(rep.mismatch == NULL);
    CHECK_INT_EQ(rep.audit.first_bad_seq, 0);
    CHECK(same_rows(src, dst));
    int64_t id = 0;
    diary_input in = {m.root, "2026-03-01", "out", "Revisorn", "Svar", 0, "", 0};
    CHECK_INT_EQ(diary_register(dst, &in, &demo, &id, NULL, &e), DL_OK);
    CHECK_INT_EQ(id, m.correction + 1);
    db_close(src);
    db_close(dst);
}
