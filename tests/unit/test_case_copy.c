/* test_case_copy.c — follow-up applications, the pure part (core/case_copy.h):
 * who may copy a case in which state, what a copy carries over to a form
 * version that lost fields, and the field-by-field difference the
 * coordinator reads — each answer written out by hand. */
#include "test.h"

#include <string.h>

#include "core/case_copy.h"

TEST(case_copy_only_the_owner_of_a_closed_case)
{
    const char *why = NULL;
    CHECK_INT_EQ(case_copy_may(CASE_DELIVERED, 1, &why), 1);
    CHECK(why == NULL);
    CHECK_INT_EQ(case_copy_may(CASE_REFUSED, 1, &why), 1);
    CHECK_INT_EQ(case_copy_may(CASE_WITHDRAWN, 1, &why), 1);
    /* Open states, the draft among them: refused with a sentence saying when it can be done. */
    static const case_state open[] = {CASE_DRAFT, CASE_RECEIVED, CASE_COMPLETION_REQUESTED, CASE_AWAITING_SAMRAD,
                                      CASE_UNIT_CONSULTATION, CASE_AWAITING_DECISION, CASE_AWAITING_ASSIGNMENT,
                                      CASE_EXTRACTING};
    for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
        why = NULL;
        CHECK_INT_EQ(case_copy_may(open[i], 1, &why), 0);
        CHECK(why && strstr(why, "avslutat"));
    }
    /* Someone else's case, open or closed. */
    CHECK_INT_EQ(case_copy_may(CASE_REFUSED, 0, &why), 0);
    CHECK(why && strstr(why, "Bara den som har gjort ansökan"));
    CHECK_INT_EQ(case_copy_may(CASE_RECEIVED, 0, &why), 0);
    /* Out of range, and no place for the sentence. */
    CHECK_INT_EQ(case_copy_may((case_state)CASE_STATE__MAX, 1, &why), 0);
    CHECK_INT_EQ(case_copy_may((case_state)-1, 1, NULL), 0);
    CHECK_INT_EQ(case_copy_may(CASE_DELIVERED, 1, NULL), 1);
}

TEST(case_copy_carries_the_fields_the_form_still_has)
{
    case_request src = {{0}};
    src.v[REQ_TITLE] = "Diabetes och hjärtsvikt";
    src.v[REQ_ICD10] = "E11, I50";
    src.v[REQ_AGE_KEY] = ""; /* empty: not reported as lost */
    src.v[REQ_PURPOSE] = "Att förstå.";
    form_fields all;
    for (int f = 0; f < REQ__MAX; f++) all.present[f] = 1;
    case_request dst;
    case_request_field dropped[REQ__MAX];
    int n = -1;
    case_copy_fields(&src, &all, &dst, dropped, &n);
    CHECK_INT_EQ(n, 0);
    CHECK_STR_EQ(dst.v[REQ_TITLE], "Diabetes och hjärtsvikt");
    CHECK_STR_EQ(dst.v[REQ_ICD10], "E11, I50");
    CHECK_STR_EQ(dst.v[REQ_PI_NAME], ""); /* NULL in src reads as "" */

    form_fields fewer = all;
    fewer.present[REQ_ICD10] = 0;
    fewer.present[REQ_AGE_KEY] = 0;
    fewer.present[REQ_PURPOSE] = 0;
    case_copy_fields(&src, &fewer, &dst, dropped, &n);
    CHECK_INT_EQ(n, 2); /* purpose and ICD-10 had values; the age key was empty */
    CHECK_INT_EQ(dropped[0], REQ_PURPOSE);
    CHECK_INT_EQ(dropped[1], REQ_ICD10);
    CHECK_STR_EQ(dst.v[REQ_ICD10], "");
    CHECK_STR_EQ(dst.v[REQ_PURPOSE], "");
    CHECK_STR_EQ(dst.v[REQ_TITLE], "Diabetes och hjärtsvikt");

    form_fields none = {{0}};
    case_copy_fields(&src, &none, &dst, dropped, &n);
    CHECK_INT_EQ(n, 3);
}

TEST(case_request_diff_field_by_field)
{
    arena *a = arena_new(4096);
    CHECK(a != NULL);
    case_request before = {{0}}, after = {{0}};
    before.v[REQ_TITLE] = "Studie A";
    after.v[REQ_TITLE] = "Studie A";
    before.v[REQ_ICD10] = "E11";
    after.v[REQ_ICD10] = "E11, I50";
    before.v[REQ_PURPOSE] = "Rad ett\nRad två\nRad tre";
    after.v[REQ_PURPOSE] = "Rad ett\nRad 2\nRad tre";
    before.v[REQ_LEGAL_NOTE] = "";  /* "" and NULL are the same */
    after.v[REQ_WISHED_DATE] = "2027-01-01";
    case_field_diff d[REQ__MAX];
    int n = case_request_diff(a, &before, &after, d);
    CHECK_INT_EQ(n, 3); /* purpose, ICD-10, wished date — in field order */
    CHECK_INT_EQ(d[0].field, REQ_PURPOSE);
    CHECK_INT_EQ(d[0].multiline, 1);
    CHECK_INT_EQ((int)d[0].n_lines, 4); /* same, removed, added, same */
    CHECK_INT_EQ(d[0].lines[0].op, DIFF_SAME);
    CHECK_STR_EQ(d[0].lines[0].text, "Rad ett");
    CHECK_INT_EQ(d[0].lines[1].op, DIFF_REMOVED);
    CHECK_STR_EQ(d[0].lines[1].text, "Rad två");
    CHECK_INT_EQ(d[0].lines[2].op, DIFF_ADDED);
    CHECK_STR_EQ(d[0].lines[2].text, "Rad 2");
    CHECK_INT_EQ(d[0].lines[3].op, DIFF_SAME);
    CHECK_INT_EQ(d[1].field, REQ_ICD10);
    CHECK_INT_EQ(d[1].multiline, 0);
    CHECK_STR_EQ(d[1].before, "E11");
    CHECK_STR_EQ(d[1].after, "E11, I50");
    CHECK_INT_EQ(d[2].field, REQ_WISHED_DATE);
    CHECK_STR_EQ(d[2].before, "");
    CHECK_STR_EQ(d[2].after, "2027-01-01");
    /* The same request: nothing differs. */
    CHECK_INT_EQ(case_request_diff(a, &before, &before, d), 0);
    arena_free(a);
}

TEST(case_request_diff_too_long_to_compare_line_by_line)
{
    arena *a = arena_new(1 << 16);
    CHECK(a != NULL);
    /* More lines than line_diff compares: the field is still reported, with both texts and no lines. */
    size_t n_lines = LINE_DIFF_MAX_LINES + 10;
    char *big = arena_alloc(a, n_lines * 2 + 1);
    CHECK(big != NULL);
    for (size_t i = 0; i < n_lines; i++) { big[2 * i] = 'x'; big[2 * i + 1] = '\n'; }
    big[n_lines * 2] = '\0';
    case_request before = {{0}}, after = {{0}};
    before.v[REQ_POPULATION] = "kort";
    after.v[REQ_POPULATION] = big;
    case_field_diff d[REQ__MAX];
    CHECK_INT_EQ(case_request_diff(a, &before, &after, d), 1);
    CHECK_INT_EQ(d[0].field, REQ_POPULATION);
    CHECK_INT_EQ(d[0].multiline, 1);
    CHECK_INT_EQ((int)d[0].n_lines, 0);
    CHECK(d[0].lines == NULL);
    CHECK_STR_EQ(d[0].after, big);
    arena_free(a);
}
