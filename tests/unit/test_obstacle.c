/* test_obstacle.c — core/obstacle.c: the lists written out by hand (the
 * stored keys must never change), labels, states and references. The
 * categories are an editable list: test_obstacle_category.c. */
#include "test.h"

#include <string.h>

#include "core/obstacle.h"

TEST(obstacle_lists_by_hand)
{
    static const char *const consequences[] = {"delayed", "stopped", "moved_abroad", "cost", "other"};
    CHECK_INT_EQ(OBSTACLE_CONSEQUENCE__MAX, 5);
    for (int i = 0; i < OBSTACLE_CONSEQUENCE__MAX; i++) CHECK_STR_EQ(obstacle_consequence_keys[i], consequences[i]);
    CHECK(obstacle_consequence_keys[OBSTACLE_CONSEQUENCE__MAX] == NULL);
    CHECK_STR_EQ(obstacle_consequence_label_sv(OQ_MOVED_ABROAD), "Arbetet flyttades utomlands");
    CHECK(obstacle_consequence_label_sv(99) == NULL);

    static const char *const actor_types[] = {"researcher", "data_holder", "authority", "company",
                                              "patient_organisation", "other"};
    CHECK_INT_EQ(OBSTACLE_ACTOR_TYPE__MAX, 6);
    for (int i = 0; i < OBSTACLE_ACTOR_TYPE__MAX; i++) CHECK_STR_EQ(obstacle_actor_type_keys[i], actor_types[i]);
    CHECK(obstacle_actor_type_keys[OBSTACLE_ACTOR_TYPE__MAX] == NULL);
    CHECK_STR_EQ(obstacle_actor_type_label_sv(OA_DATA_HOLDER), "Region eller annan datahållare");
    CHECK(obstacle_actor_type_label_sv(-1) == NULL);
    CHECK(obstacle_actor_type_label_sv(OBSTACLE_ACTOR_TYPE__MAX) == NULL);
}

TEST(obstacle_states_and_references)
{
    obstacle_state s = OBSTACLE_STATE__MAX;
    CHECK_STR_EQ(obstacle_state_key(OBSTACLE_RECEIVED), "received");
    CHECK_STR_EQ(obstacle_state_label_sv(OBSTACLE_RECEIVED), "Mottaget");
    CHECK_INT_EQ(obstacle_state_from_key("received", &s), 0);
    CHECK_INT_EQ(s, OBSTACLE_RECEIVED);
    CHECK_INT_EQ(obstacle_state_from_key("closed'; --", &s), -1);
    CHECK_INT_EQ(obstacle_state_from_key(NULL, &s), -1);
    CHECK(obstacle_state_key(OBSTACLE_STATE__MAX) == NULL);
    char ref[24];
    obstacle_reference(42, ref);
    CHECK_STR_EQ(ref, "H-000042");
    obstacle_reference(1234567, ref);
    CHECK_STR_EQ(ref, "H-1234567");
}
