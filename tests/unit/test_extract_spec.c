/* test_extract_spec.c — core/release_terms.c and extract/spec.c: what a
 * decision may release, and what the spec lets the runner read and
 * deliver: never a variable that was not approved, never a refused unit's
 * rows, never the personnummer as it is when pseudonymised. */
#include "test.h"

#include <string.h>

#include "core/release_terms.h"
#include "extract/spec.h"

static int col_of(source_table_id t, const char *name)
{
    for (int c = 0; c < source_tables[t].n_columns; c++)
        if (strcmp(source_tables[t].columns[c].name, name) == 0) return c;
    return -99;
}

TEST(release_terms_parse_keys_in_schema_order)
{
    release_terms t;
    dl_error e;
    release_terms_default(&t, "");
    CHECK_INT_EQ(release_terms_parse_variables(&t, "lab_result.value, patient.sex\npatient.sex,diagnosis.icd10", 0, &e),
                 DL_OK);
    CHECK_INT_EQ(t.n_variables, 3);
    CHECK_INT_EQ(t.variables[0].table, SRC_PATIENT);
    CHECK_INT_EQ(t.variables[1].table, SRC_DIAGNOSIS);
    CHECK_INT_EQ(t.variables[2].table, SRC_LAB);
    char text[256];
    CHECK(release_terms_variables_text(&t, text, sizeof text) > 0);
    CHECK_STR_EQ(text, "patient.sex\ndiagnosis.icd10\nlab_result.value");
    CHECK(release_terms_variables_text(&t, text, 10) < 0);
}

TEST(release_terms_refuse_unknown_and_hostile_keys)
{
    release_terms t;
    dl_error e;
    release_terms_default(&t, "");
    CHECK_INT_EQ(release_terms_parse_variables(&t, "patient.sex\npatient.shoe_size", 0, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "patient.shoe_size");
    CHECK_INT_EQ(release_terms_parse_variables(&t, "patient.id", 0, &e), DL_EINVAL);  /* the row id is no variable */
    CHECK_INT_EQ(release_terms_parse_variables(&t, "lab_result.patient_id", 0, &e), DL_EINVAL);
    CHECK_INT_EQ(release_terms_parse_variables(&t, "patient.sex;DROP TABLE patient", 0, &e), DL_EINVAL);
    /* Lenient: free text around the keys is ignored (old requests). */
    CHECK_INT_EQ(release_terms_parse_variables(&t, "Kön och ålder:\npatient.sex, patient.birth_date\ntack", 1, &e), DL_OK);
    CHECK_INT_EQ(t.n_variables, 2);
    /* A very long text of repeated keys: duplicates drop, no overflow. */
    static char big[200000];
    size_t len = 0;
    while (len + 20 < sizeof big) { memcpy(big + len, "patient.sex\n", 12); len += 12; }
    big[len] = 0;
    CHECK_INT_EQ(release_terms_parse_variables(&t, big, 0, &e), DL_OK);
    CHECK_INT_EQ(t.n_variables, 1);
}

TEST(release_terms_check_decision_may_narrow_not_widen)
{
    release_terms t;
    dl_error e;
    const char *asked = "patient.sex\npatient.birth_date\nlab_result.value";
    release_terms_default(&t, asked);
    CHECK_INT_EQ(t.n_variables, 3);
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_OK);
    CHECK_INT_EQ(release_terms_parse_variables(&t, "patient.sex", 0, &e), DL_OK);
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_OK);
    CHECK_INT_EQ(release_terms_parse_variables(&t, "patient.sex, prescription.atc_code", 0, &e), DL_OK);
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "prescription.atc_code");
    release_terms_default(&t, asked);
    t.small_cell_min = 1;
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    t.small_cell_min = 5;
    t.age_min = 70;
    t.age_max = 18;
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    t.age_min = 18;
    t.age_max = 200;
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    t.age_max = 70;
    memcpy(t.destroy_by, "2026-12-06", 11);
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    memcpy(t.destroy_by, "2031-02-30", 11);
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    memcpy(t.destroy_by, "2031-12-31", 11);
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_OK);
    t.pseudonymise = 0;
    CHECK_INT_EQ(release_terms_check(&t, asked, 0, "2026-12-06", &e), DL_EINVAL);
    CHECK_INT_EQ(release_terms_check(&t, asked, 1, "2026-12-06", &e), DL_OK);
    t.n_variables = 0;
    CHECK_INT_EQ(release_terms_check(&t, asked, 1, "2026-12-06", &e), DL_EINVAL);
}

static const char *const codes[] = {"VC-BJORK", "VC-SJO", "BUM-NORR"};
static const char *const names[] = {"Vårdcentralen Björkdalen", "Vårdcentralen Sjöstaden", "BUM Norr"};

static dl_err build(extract_spec *s, const release_terms *t, const int *refused, const char *icd, dl_error *e)
{
    spec_input in = {.case_id = 7, .diary_number = "RH 2026-00042", .title = "T", .icd10 = icd,
                     .period_from = "2020-01-01", .period_to = "2024-12-31", .terms = t, .n_units = 3,
                     .unit_codes = codes, .unit_names = names, .unit_refused = refused};
    return extract_spec_build(&in, NULL, s, e);
}

TEST(extract_spec_reads_and_delivers_only_what_was_approved)
{
    release_terms t;
    extract_spec s;
    dl_error e;
    release_terms_default(&t, "patient.sex\nlab_result.value\nlab_result.npu_code");
    static const int none[3] = {0, 0, 0};
    CHECK_INT_EQ(build(&s, &t, none, "E11, I10.9", &e), DL_OK);
    int cols[SPEC_COLUMNS_MAX];
    /* Patients: read key, personnummer, birth date, sex; deliver pseudonym and sex. */
    int n = extract_spec_output_columns(&s, SRC_PATIENT, cols);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(cols[0], SPEC_PSEUDONYM_COLUMN);
    CHECK_INT_EQ(cols[1], col_of(SRC_PATIENT, "sex"));
    CHECK_STR_EQ(extract_spec_column_name(&s, SRC_PATIENT, cols[0]), "pseudonym");
    /* Lab: value and NPU code; never the row id or the unit unless approved. */
    n = extract_spec_output_columns(&s, SRC_LAB, cols);
    CHECK_INT_EQ(n, 3);
    for (int i = 0; i < n; i++) {
        CHECK(cols[i] != 0);
        CHECK(cols[i] != col_of(SRC_LAB, "unit_code"));
        CHECK(cols[i] != col_of(SRC_LAB, "patient_id"));
    }
    /* Tables nothing was approved from are neither read nor delivered. */
    CHECK_INT_EQ(extract_spec_output_columns(&s, SRC_PRESCRIPTION, cols), 0);
    CHECK_INT_EQ(extract_spec_read_columns(&s, SRC_PRESCRIPTION, cols), 0);
    CHECK_INT_EQ(extract_spec_output_columns(&s, SRC_CONTACT, cols), 0);
    /* Approving the personnummer delivers the pseudonym, never the number. */
    release_terms_default(&t, "patient.personnummer");
    CHECK_INT_EQ(build(&s, &t, none, "", &e), DL_OK);
    n = extract_spec_output_columns(&s, SRC_PATIENT, cols);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(cols[0], SPEC_PSEUDONYM_COLUMN);
    CHECK_STR_EQ(extract_spec_column_name(&s, SRC_PATIENT, cols[0]), "pseudonym");
}

TEST(extract_spec_codes_units_ages)
{
    release_terms t;
    extract_spec s;
    dl_error e;
    release_terms_default(&t, "patient.sex");
    static const int refused[3] = {0, 1, 0};
    CHECK_INT_EQ(build(&s, &t, refused, "E11 I10.9", &e), DL_OK);
    CHECK_INT_EQ(s.n_units, 2);
    CHECK_INT_EQ(s.n_refused, 1);
    CHECK_STR_EQ(s.refused[0], "Vårdcentralen Sjöstaden");
    CHECK(extract_spec_unit_allowed(&s, "VC-BJORK", 8));
    CHECK(!extract_spec_unit_allowed(&s, "VC-SJO", 6));
    CHECK(!extract_spec_unit_allowed(&s, "VC-BJOR", 7));
    CHECK(extract_spec_icd_matches(&s, "E11.9", 5));
    CHECK(extract_spec_icd_matches(&s, "E119", 4));
    CHECK(extract_spec_icd_matches(&s, "I10.9", 5));
    CHECK(!extract_spec_icd_matches(&s, "I10", 3));   /* I10.9 asked: I10 alone is wider */
    CHECK(!extract_spec_icd_matches(&s, "E10.9", 5));
    CHECK(!extract_spec_icd_matches(&s, "", 0));
    t.age_min = 18;
    t.age_max = 65;
    CHECK_INT_EQ(build(&s, &t, refused, "", &e), DL_OK);
    CHECK(extract_spec_icd_matches(&s, "Z00", 3));   /* no codes: everyone with a contact */
    CHECK(extract_spec_age_ok(&s, "2001-12-31", 10));   /* 18 on 2020-01-01 */
    CHECK(!extract_spec_age_ok(&s, "2002-01-02", 10));  /* 17 */
    CHECK(extract_spec_age_ok(&s, "1954-01-02", 10));   /* 65 */
    CHECK(!extract_spec_age_ok(&s, "1954-01-01", 10));  /* 66 on the day */
    CHECK(!extract_spec_age_ok(&s, "1953-06-01", 10));
    CHECK(!extract_spec_age_ok(&s, "bad", 3));
}

TEST(extract_spec_refuses_what_cannot_run)
{
    release_terms t;
    extract_spec s;
    dl_error e;
    static const int none[3] = {0, 0, 0}, all[3] = {1, 1, 1};
    CHECK_INT_EQ(build(&s, NULL, none, "", &e), DL_EINVAL);
    release_terms_default(&t, "free text only");
    CHECK_INT_EQ(build(&s, &t, none, "", &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "variabel");
    release_terms_default(&t, "patient.sex");
    CHECK_INT_EQ(build(&s, &t, all, "", &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "nekat");
    CHECK_INT_EQ(build(&s, &t, none, "E11; DROP", &e), DL_EINVAL);
    spec_input in = {.terms = &t, .period_from = "2024-12-31", .period_to = "2020-01-01", .n_units = 3,
                     .unit_codes = codes, .unit_names = names, .unit_refused = none};
    CHECK_INT_EQ(extract_spec_build(&in, NULL, &s, &e), DL_EINVAL);
    in.period_from = "2020-13-01";
    CHECK_INT_EQ(extract_spec_build(&in, NULL, &s, &e), DL_EINVAL);
}
