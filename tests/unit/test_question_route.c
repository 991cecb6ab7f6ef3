/* test_question_route.c — the routing rule of core/question_route.h
 * against outcomes worked out by hand: holder 4, data type 2, topic 1,
 * each kind counted once per member; the highest score wins; ties go to
 * the member with fewer open questions, then the lower id, whatever the
 * order of the rows; nothing that scores → the coordinator's queue (0);
 * holder names compared with blanks trimmed and case folded (ASCII and
 * Swedish letters), a blank holder matching nothing; out-of-range topics
 * and data types matching nothing. */
#include "test.h"

#include <string.h>

#include "core/question_route.h"

#define R_TOPIC(m, t) {(m), QR_TOPIC, (t), NULL}
#define R_TYPE(m, t) {(m), QR_DATA_TYPE, (t), NULL}
#define R_HOLDER(m, h) {(m), QR_HOLDER, -1, (h)}

/* Member 3: access + patient records; member 5: find-data, quality
 * registers, holder "Region Skåne"; member 8: law, "Socialstyrelsen". */
static const question_route_rule rules[] = {
    R_TOPIC(3, QT_ACCESS), R_TYPE(3, QD_PATIENT_RECORD),
    R_TOPIC(5, QT_FIND_DATA), R_TYPE(5, QD_QUALITY_REGISTER), R_HOLDER(5, "Region Skåne"),
    R_TOPIC(8, QT_LAW), R_HOLDER(8, "Socialstyrelsen"),
};
#define N_RULES (sizeof rules / sizeof rules[0])

static int64_t pick(int topic, int type, const char *holder, int *score)
{
    question_route_ask q = {topic, type, holder};
    return question_route_pick(&q, rules, N_RULES, NULL, 0, score);
}

TEST(question_route_scores_by_hand)
{
    int s = -1;
    CHECK_INT_EQ((int)pick(QT_ACCESS, QD_PATIENT_RECORD, NULL, &s), 3); /* 3: 1+2; others 0 */
    CHECK_INT_EQ(s, 3);
    CHECK_INT_EQ((int)pick(QT_ACCESS, QD_QUALITY_REGISTER, "", &s), 5); /* 3: 1; 5: 2 */
    CHECK_INT_EQ(s, 2);
    CHECK_INT_EQ((int)pick(QT_ACCESS, QD_PATIENT_RECORD, "region skåne", &s), 5); /* 3: 3; 5: 4 */
    CHECK_INT_EQ(s, 4);
    CHECK_INT_EQ((int)pick(QT_LAW, QD_BIOBANK, "  SOCIALSTYRELSEN ", &s), 8); /* 8: 1+4 */
    CHECK_INT_EQ(s, 5);
    CHECK_INT_EQ((int)pick(QT_OTHER, QD_OTHER, "Region Halland", &s), 0); /* nothing: the coordinator */
    CHECK_INT_EQ(s, 0);
    CHECK_INT_EQ((int)pick(-1, 99, NULL, &s), 0); /* out of range matches nothing */
    CHECK_INT_EQ((int)pick(QUESTION_TOPIC__MAX, QUESTION_DATA_TYPE__MAX, NULL, NULL), 0);
}

TEST(question_route_each_kind_counts_once)
{
    /* Member 2 declares the same topic three times and two holders that both
     * match: still 1 + 4 = 5, below member 9's 4 + 2 = 6. */
    const question_route_rule r[] = {
        R_TOPIC(2, QT_LAW), R_TOPIC(2, QT_LAW), R_TOPIC(2, QT_LAW), R_HOLDER(2, "IVO"), R_HOLDER(2, "ivo"),
        R_HOLDER(9, "IVO"), R_TYPE(9, QD_HEALTH_REGISTER),
    };
    question_route_ask q = {QT_LAW, QD_HEALTH_REGISTER, "Ivo"};
    int s = 0;
    CHECK_INT_EQ((int)question_route_pick(&q, r, sizeof r / sizeof r[0], NULL, 0, &s), 9);
    CHECK_INT_EQ(s, 6);
}

TEST(question_route_ties_are_deterministic)
{
    /* Members 4 and 7 both declare access (score 1 each). */
    const question_route_rule a[] = {R_TOPIC(7, QT_ACCESS), R_TOPIC(4, QT_ACCESS)};
    const question_route_rule b[] = {R_TOPIC(4, QT_ACCESS), R_TOPIC(7, QT_ACCESS)};
    question_route_ask q = {QT_ACCESS, QD_OTHER, NULL};
    /* No loads: the lower id, in either order of rows. */
    CHECK_INT_EQ((int)question_route_pick(&q, a, 2, NULL, 0, NULL), 4);
    CHECK_INT_EQ((int)question_route_pick(&q, b, 2, NULL, 0, NULL), 4);
    /* Member 4 has more open questions: 7 gets it, in either order. */
    const question_route_load loads[] = {{4, 3}, {7, 1}};
    CHECK_INT_EQ((int)question_route_pick(&q, a, 2, loads, 2, NULL), 7);
    CHECK_INT_EQ((int)question_route_pick(&q, b, 2, loads, 2, NULL), 7);
    /* Equal loads: the lower id again. */
    const question_route_load even[] = {{7, 2}, {4, 2}};
    CHECK_INT_EQ((int)question_route_pick(&q, b, 2, even, 2, NULL), 4);
    /* A higher score beats a lighter load. */
    const question_route_rule c[] = {R_TOPIC(4, QT_ACCESS), R_TOPIC(7, QT_ACCESS), R_TYPE(4, QD_OTHER)};
    CHECK_INT_EQ((int)question_route_pick(&q, c, 3, loads, 2, NULL), 4);
}

TEST(question_route_empty_and_bad_input)
{
    question_route_ask q = {QT_ACCESS, QD_OTHER, NULL};
    int s = 9;
    CHECK_INT_EQ((int)question_route_pick(&q, NULL, 0, NULL, 0, &s), 0);
    CHECK_INT_EQ(s, 0);
    CHECK_INT_EQ((int)question_route_pick(NULL, rules, N_RULES, NULL, 0, &s), 0);
    /* A rule for member 0 or a negative id is no member. */
    const question_route_rule r[] = {R_TOPIC(0, QT_ACCESS), R_TOPIC(-3, QT_ACCESS)};
    CHECK_INT_EQ((int)question_route_pick(&q, r, 2, NULL, 0, NULL), 0);
    /* A blank holder in the question or the rule matches nothing. */
    const question_route_rule blank[] = {R_HOLDER(6, "  ")};
    question_route_ask qb = {-1, -1, "  "};
    CHECK_INT_EQ((int)question_route_pick(&qb, blank, 1, NULL, 0, NULL), 0);
}

TEST(question_holder_names_fold)
{
    CHECK_INT_EQ(question_holder_same("Region Skåne", "REGION SKÅNE"), 1);
    CHECK_INT_EQ(question_holder_same("  Västra Götalandsregionen\t", "västra götalandsregionen"), 1);
    CHECK_INT_EQ(question_holder_same("Örebro", "örebro"), 1);
    CHECK_INT_EQ(question_holder_same("Region Skåne", "Region Skane"), 0);
    CHECK_INT_EQ(question_holder_same("Region", "Region Skåne"), 0);
    CHECK_INT_EQ(question_holder_same("", ""), 0);
    CHECK_INT_EQ(question_holder_same(NULL, "x"), 0);
    /* × (C3 97) and ÷ (C3 B7) are no letters: not folded into each other. */
    CHECK_INT_EQ(question_holder_same("a\xc3\x97" "b", "a\xc3\xb7" "b"), 0);
}

TEST(question_route_keys_and_labels)
{
    CHECK_STR_EQ(question_topic_keys[QT_FIND_DATA], "find-data");
    CHECK_STR_EQ(question_data_type_keys[QD_PATIENT_RECORD], "patient-record");
    CHECK(question_topic_keys[QUESTION_TOPIC__MAX] == NULL);
    CHECK(question_data_type_keys[QUESTION_DATA_TYPE__MAX] == NULL);
    CHECK_STR_EQ(question_topic_label_sv(QT_LAW), "Juridik och sekretess");
    CHECK_STR_EQ(question_topic_label_sv(-1), "");
    CHECK_STR_EQ(question_data_type_label_sv(QUESTION_DATA_TYPE__MAX), "");
    CHECK_STR_EQ(question_route_kind_keys[QR_DATA_TYPE], "data-type");
}
