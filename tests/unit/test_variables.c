/* test_variables.c — core/variables.c: the known "table.column" keys found
 * in a request's variables field, in order and once, everything else kept
 * as free text; hostile input (very long lines, 10,000 keys, SQL in a key,
 * unknown tables) neither breaks it nor turns into a key. */
#include "test.h"

#include "core/arena.h"
#include "core/variables.h"

#include <stdlib.h>

static char keys[64][VARIABLE_KEY_SIZE];

TEST(variables_keys_in_order_once)
{
    arena *a = arena_new(1024);
    const char *other = NULL;
    int n = variables_parse(a, "lab_result.value\npatient.sex, lab_result.value\n  diagnosis.icd10  \n", keys, 64, &other);
    CHECK_INT_EQ(n, 3);
    CHECK_STR_EQ(keys[0], "lab_result.value");
    CHECK_STR_EQ(keys[1], "patient.sex");
    CHECK_STR_EQ(keys[2], "diagnosis.icd10");
    CHECK_STR_EQ(other, "");
    arena_free(a);
}

TEST(variables_free_text_kept)
{
    arena *a = arena_new(1024);
    const char *other = NULL;
    /* no key at all: the text comes back as it was (blank edges trimmed) */
    const char *old = "HbA1c, kreatinin och blodtryck\n\nFörskrivningar av metformin, 2019–2023";
    CHECK_INT_EQ(variables_parse(a, old, keys, 64, &other), 0);
    CHECK_STR_EQ(other, old);
    CHECK_INT_EQ(variables_parse(a, "\n\n  \nHbA1c\n\n", keys, 64, &other), 0);
    CHECK_STR_EQ(other, "HbA1c");
    /* keys and words on one line: the words stay, joined */
    CHECK_INT_EQ(variables_parse(a, "patient.sex, HbA1c, lab_result.value,kreatinin\nÖvrigt: BMI", keys, 64, &other), 2);
    CHECK_STR_EQ(other, "HbA1c, kreatinin\nÖvrigt: BMI");
    /* case matters; a key inside a sentence is text */
    CHECK_INT_EQ(variables_parse(a, "Patient.sex\nvi vill ha patient.sex och mer", keys, 64, &other), 0);
    CHECK_STR_EQ(other, "Patient.sex\nvi vill ha patient.sex och mer");
    /* NULL reads as "" */
    CHECK_INT_EQ(variables_parse(a, NULL, keys, 64, &other), 0);
    CHECK_STR_EQ(other, "");
    arena_free(a);
}

TEST(variables_hostile_input)
{
    arena *a = arena_new(4096);
    const char *other = NULL;
    /* SQL in a key, unknown tables and columns, a dot alone: all free text */
    const char *bad = "patient.id; DROP TABLE cases\npatient.id'--\nsecret.column\npatient.nope\n.\npatient.\n.sex";
    CHECK_INT_EQ(variables_parse(a, bad, keys, 64, &other), 0);
    CHECK_STR_EQ(other, bad);
    /* a very long line, with a key at its end after a comma */
    size_t big = 200000;
    char *line = malloc(big + 40);
    CHECK(line != NULL);
    memset(line, 'x', big);
    memcpy(line + big, ",patient.sex", 13);
    CHECK_INT_EQ(variables_parse(a, line, keys, 64, &other), 1);
    CHECK_STR_EQ(keys[0], "patient.sex");
    CHECK_INT_EQ(strlen(other), big);
    /* a piece as long as a key buffer and more is never a key */
    memset(line, 'a', 70);
    memcpy(line, "patient.sex", 11);
    line[70] = '\0';
    CHECK_INT_EQ(variables_parse(a, line, keys, 64, &other), 0);
    free(line);
    /* 10,000 keys, few distinct: each once, order of first sight */
    static const char *const names[] = {"patient.sex", "lab_result.value", "prescription.atc_code", "diagnosis.icd10"};
    char *many = malloc(10000 * 32);
    CHECK(many != NULL);
    size_t at = 0;
    for (int i = 0; i < 10000; i++) at += (size_t)snprintf(many + at, 10000 * 32 - at, "%s\n", names[(i * 7) % 4]);
    CHECK_INT_EQ(variables_parse(a, many, keys, 64, &other), 4);
    CHECK_STR_EQ(keys[0], "patient.sex");
    CHECK_STR_EQ(keys[1], "diagnosis.icd10"); /* (1 * 7) % 4 == 3 */
    CHECK_STR_EQ(keys[2], "prescription.atc_code");
    CHECK_STR_EQ(keys[3], "lab_result.value");
    CHECK_STR_EQ(other, "");
    free(many);
    arena_free(a);
}

TEST(variables_max_keeps_the_rest_as_text)
{
    arena *a = arena_new(1024);
    const char *other = NULL;
    CHECK_INT_EQ(variables_parse(a, "patient.sex\npatient.birth_date\nlab_result.value", keys, 2, &other), 2);
    CHECK_STR_EQ(keys[1], "patient.birth_date");
    CHECK_STR_EQ(other, "lab_result.value");
    CHECK_INT_EQ(variables_parse(a, "patient.sex", keys, 0, &other), 0);
    CHECK_STR_EQ(other, "patient.sex");
    arena_free(a);
}

TEST(variables_join_round_trip)
{
    arena *a = arena_new(1024);
    const char *k[] = {"patient.sex", "lab_result.value"};
    char *t = variables_join(a, k, 2, "HbA1c, kreatinin");
    CHECK_STR_EQ(t, "patient.sex\nlab_result.value\n\nHbA1c, kreatinin");
    const char *other = NULL;
    CHECK_INT_EQ(variables_parse(a, t, keys, 64, &other), 2);
    CHECK_STR_EQ(keys[0], "patient.sex");
    CHECK_STR_EQ(other, "HbA1c, kreatinin");
    CHECK_STR_EQ(variables_join(a, k, 0, "bara text"), "bara text");
    CHECK_STR_EQ(variables_join(a, k, 1, ""), "patient.sex");
    arena_free(a);
}
