/* test_value_sets.c — the one list of each value set in core (roles,
 * organisation kinds, diary directions): every slot filled, NULL-terminated,
 * keys distinct, and the lookups reading the same list. Forms (FIELD_ENUM),
 * option lists and the CLI use these arrays, so the form's index is the
 * enum value. */
#include "test.h"

#include "core/diary_entry.h"
#include "core/roles.h"

/* 1 when keys[0..n) are non-NULL and distinct and keys[n] is NULL. */
static int well_formed(const char *const *keys, int n)
{
    for (int i = 0; i < n; i++) {
        if (!keys[i] || !keys[i][0]) return 0;
        for (int k = 0; k < i; k++)
            if (strcmp(keys[k], keys[i]) == 0) return 0;
    }
    return keys[n] == NULL;
}

TEST(value_sets_roles_are_one_list)
{
    CHECK(well_formed(role_keys, ROLE__MAX));
    for (int i = 0; i < ROLE__MAX; i++) {
        dl_role back = ROLE__MAX;
        CHECK_STR_EQ(role_key((dl_role)i), role_keys[i]);
        CHECK(role_label_sv((dl_role)i) != NULL);
        CHECK_INT_EQ(role_from_key(role_keys[i], &back), 0);
        CHECK_INT_EQ(back, i);
    }
    CHECK_STR_EQ(role_keys[ROLE_REGISTRAR], "registrar"); /* stored keys never change */
    CHECK_STR_EQ(role_keys[ROLE_ADMIN], "admin");
    CHECK(role_key(ROLE__MAX) == NULL);
}

TEST(value_sets_org_kinds_are_one_list)
{
    CHECK(well_formed(org_kind_keys, ORG_KIND__MAX));
    for (int i = 0; i < ORG_KIND__MAX; i++) {
        org_kind back = ORG_KIND__MAX;
        CHECK_STR_EQ(org_kind_key((org_kind)i), org_kind_keys[i]);
        CHECK(org_kind_label_sv((org_kind)i) != NULL);
        CHECK_INT_EQ(org_kind_from_key(org_kind_keys[i], &back), 0);
        CHECK_INT_EQ(back, i);
    }
    CHECK_STR_EQ(org_kind_keys[ORG_FORVALTNING], "forvaltning");
}

TEST(value_sets_diary_directions_are_one_list)
{
    CHECK(well_formed(diary_direction_keys, DIARY_DIRECTION__MAX));
    for (int i = 0; i < DIARY_DIRECTION__MAX; i++) {
        CHECK_INT_EQ(diary_direction_from_key(diary_direction_keys[i]), i);
        CHECK(diary_direction_label_sv(diary_direction_keys[i]) != NULL);
    }
    CHECK_STR_EQ(diary_direction_keys[DIARY_INTERNAL], "internal");
    CHECK_INT_EQ(diary_direction_from_key("sideways"), -1);
    CHECK(diary_direction_label_sv(NULL) == NULL);
}
