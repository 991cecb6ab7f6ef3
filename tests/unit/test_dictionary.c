/* test_dictionary.c — store/dictionary.c on SQLite and (with
 * tests/with-pg.sh) PostgreSQL: seeding from the source schema (idempotent,
 * förvaltning only), listing in schema order with the text, sensitivity and
 * table filters, setting one entry, and every refusal (unknown variable, bad
 * sensitivity, oversized or control-character or non-UTF-8 text) leaving the
 * store as it was. */
#include "test.h"
#include "fixture.h"

#include "core/arena.h"
#include "db/db.h"
#include "store/dictionary.h"

static const audit_actor tester = {0, "tester"};

static int schema_variables(void)
{
    int n = 0;
    for (int t = 0; t < SRC_TABLE__MAX; t++) n += source_tables[t].n_columns;
    return n;
}

TEST(dictionary_seed_is_idempotent_and_for_forvaltning_only)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    int64_t area = fixture_org(d, rh, ORG_REGIONOMRADE, "Norr", "RH-N", NULL);
    dl_error e;
    int added = -1;
    CHECK_INT_EQ(dictionary_seed(d, area, &tester, &added, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "förvaltning");
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM data_dictionary"), 0);
    CHECK_INT_EQ(dictionary_seed(d, rh, &tester, &added, &e), DL_OK);
    CHECK_INT_EQ(added, schema_variables());
    CHECK_INT_EQ(dictionary_seed(d, rh, &tester, &added, &e), DL_OK);
    CHECK_INT_EQ(added, 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM data_dictionary"), schema_variables());
    /* row ids are never offered; the rest are */
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM data_dictionary WHERE offered = 0"), SRC_TABLE__MAX);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log WHERE action = 'dictionary.seed'"), 1);
    int64_t org = 0;
    CHECK_INT_EQ(dictionary_org_by_code(d, "RH", &org, &e), DL_OK);
    CHECK_INT_EQ(org, rh);
    CHECK_INT_EQ(dictionary_org_by_code(d, "RH-N", &org, &e), DL_ENOTFOUND);
    CHECK_CONTAINS(e.msg, "RH-N");
    db_close(d);
}

TEST(dictionary_list_order_and_filters)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    int64_t other = fixture_org(d, 0, ORG_FORVALTNING, "Annan", "AN", NULL);
    dl_error e;
    arena *a = arena_new(4096);
    dict_entry rows[DICT_MAX];
    int n = -1;
    /* not seeded: nothing */
    CHECK_INT_EQ(dictionary_list(d, a, rh, NULL, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(dictionary_seed(d, rh, &tester, NULL, &e), DL_OK);
    CHECK_INT_EQ(dictionary_list(d, a, rh, NULL, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, schema_variables());
    CHECK_STR_EQ(rows[0].variable, "patient.id");
    CHECK_STR_EQ(rows[1].variable, "patient.personnummer");
    CHECK_INT_EQ(rows[1].sens, SENS_DIRECT_ID);
    CHECK_CONTAINS(rows[1].description_sv, "pseudonym");
    CHECK(rows[1].description_is_default);
    CHECK_STR_EQ(rows[n - 1].variable, "prescription.ddd_per_day");
    /* the other organisation has none of it */
    CHECK_INT_EQ(dictionary_list(d, a, other, NULL, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    /* filters */
    dict_filter f = {.text = NULL, .sens = SENS_DIRECT_ID, .table = -1};
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(rows[0].variable, "patient.personnummer");
    f = (dict_filter){.text = "NPU", .sens = -1, .table = -1};
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(rows[0].variable, "lab_result.npu_code");
    f = (dict_filter){.text = "KÖN", .sens = -1, .table = -1}; /* folded: matches "Kön" */
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(rows[0].variable, "patient.sex");
    f = (dict_filter){.text = "datum diagnos", .sens = -1, .table = -1}; /* every word */
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(rows[0].variable, "diagnosis.diagnosis_date");
    f = (dict_filter){.text = NULL, .sens = -1, .table = SRC_LAB, .offered_only = 1};
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, source_tables[SRC_LAB].n_columns - 1);
    CHECK(dictionary_offers(rows, n, "lab_result.value", 16));
    CHECK(!dictionary_offers(rows, n, "lab_result.id", 13));
    f = (dict_filter){.text = "'; DROP TABLE data_dictionary; --", .sens = -1, .table = -1};
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM data_dictionary"), schema_variables());
    arena_free(a);
    db_close(d);
}

TEST(dictionary_set_and_refusals)
{
    db *d = fixture_store();
    int64_t rh = fixture_org(d, 0, ORG_FORVALTNING, "Regionhälsan", "RH", NULL);
    dl_error e;
    CHECK_INT_EQ(dictionary_seed(d, rh, &tester, NULL, &e), DL_OK);
    dict_input in = {.variable = "lab_result.value", .offered = 0, .sensitivity = "quasi_identifier",
                     .description_sv = "Provsvaret.", .description_en = "The result."};
    CHECK_INT_EQ(dictionary_set(d, rh, &tester, &in, &e), DL_OK);
    arena *a = arena_new(4096);
    dict_entry rows[DICT_MAX];
    int n = 0;
    dict_filter f = {.text = "lab_result.value", .sens = -1, .table = -1}; /* and lab_result.value_unit */
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(rows[0].variable, "lab_result.value");
    CHECK_INT_EQ(rows[0].offered, 0);
    CHECK_INT_EQ(rows[0].sens, SENS_QUASI_ID);
    CHECK_STR_EQ(rows[0].description_sv, "Provsvaret.");
    CHECK_STR_EQ(rows[0].description_en, "The result.");
    CHECK_STR_EQ(rows[0].updated_by, "tester");
    CHECK(!rows[0].description_is_default);
    /* "" restores the schema's sentence */
    in.description_sv = "";
    CHECK_INT_EQ(dictionary_set(d, rh, &tester, &in, &e), DL_OK);
    CHECK_INT_EQ(dictionary_list(d, a, rh, &f, rows, &n, &e), DL_OK);
    CHECK(rows[0].description_is_default);

    int64_t before = fixture_int(d, "SELECT COUNT(*) FROM audit_log");
    struct { dict_input in; const char *msg; } bad[] = {
        {{"patient.nope", 1, "health", "", ""}, "Variabeln ”patient.nope” finns inte i källschemat."},
        {{"patient.id; DROP TABLE cases", 1, "health", "", ""}, "Variabeln ”patient.id; DROP TABLE cases” finns inte"},
        {{"patient.sex", 2, "health", "", ""}, "måste vara 0 eller 1"},
        {{"patient.sex", 1, "secret", "", ""}, "Känslighetsklassen ”secret” för ”patient.sex” finns inte"},
        {{"patient.sex", 1, "health", "rad ett\nrad två", ""}, "styrtecken"},
        {{"patient.sex", 1, "health", "", "bad \xc3\x28 utf8"}, "Beskrivningen på engelska för ”patient.sex” är inte giltig UTF-8."},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT_EQ(dictionary_set(d, rh, &tester, &bad[i].in, &e), DL_EINVAL);
        CHECK_CONTAINS(e.msg, bad[i].msg);
    }
    char *huge = arena_alloc(a, DICT_DESCRIPTION_MAX * 2 + 4);
    for (int i = 0; i < DICT_DESCRIPTION_MAX + 1; i++) { huge[2 * i] = (char)0xc3; huge[2 * i + 1] = (char)0xa5; } /* å */
    dict_input big = {"patient.sex", 1, "health", huge, ""};
    CHECK_INT_EQ(dictionary_set(d, rh, &tester, &big, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "för lång (högst 1000 tecken)");
    huge[2 * DICT_DESCRIPTION_MAX] = '\0'; /* exactly 1000 characters (2000 bytes): fine */
    CHECK_INT_EQ(dictionary_set(d, rh, &tester, &big, &e), DL_OK);
    CHECK_INT_EQ(fixture_int(d, "SELECT COUNT(*) FROM audit_log"), before + 1);
    arena_free(a);
    db_close(d);
}

#include "web/handlers/dictionary_fields.h"

/* The page's table filter names the source schema's tables, in its order. */
TEST(dictionary_table_keys_are_the_schema_tables)
{
    for (int t = 0; t < SRC_TABLE__MAX; t++) CHECK_STR_EQ(dictionary_table_keys[t], source_tables[t].name);
    CHECK(dictionary_table_keys[SRC_TABLE__MAX] == NULL);
    CHECK(dictionary_query[DICT_Q_ORG].name != NULL);
}
