/* obstacle_category_fields.h — the forms of the category list page
 * (/hinder/kategorier; handlers/obstacle_categories.c), enum-indexed like
 * fields.h. One table for adding and for changing a category: the key is
 * read only when adding (a category's key never changes; the path names
 * the one changed), and its rule is the store's (core/obstacle_category.h). */
#ifndef DATALOTS_OBSTACLE_CATEGORY_FIELDS_H
#define DATALOTS_OBSTACLE_CATEGORY_FIELDS_H

#include "core/obstacle_category.h"
#include "web/form.h"

/* POST /hinder/kategorier (add) and /hinder/kategorier/{key} (change). */
enum { CATEGORY_KEY, CATEGORY_LABEL_SV, CATEGORY_LABEL_EN, CATEGORY_GUIDANCE_SV, CATEGORY_GUIDANCE_EN,
       CATEGORY_POLICY_AREA, CATEGORY_POSITION, CATEGORY_ACTIVE, CATEGORY__MAX };
static const field_spec obstacle_category_fields[CATEGORY__MAX] = {
    [CATEGORY_KEY] = {.name = "key", .type = FIELD_TEXT, .max_len = OBSTACLE_CATEGORY_KEY_MAX, .label_sv = "Nyckel"},
    [CATEGORY_LABEL_SV] = {.name = "label_sv", .type = FIELD_TEXT, .required = 1, .max_len = OBSTACLE_CATEGORY_LABEL_MAX,
                           .label_sv = "Namn på svenska"},
    [CATEGORY_LABEL_EN] = {.name = "label_en", .type = FIELD_TEXT, .required = 1, .max_len = OBSTACLE_CATEGORY_LABEL_MAX,
                           .label_sv = "Namn på engelska"},
    [CATEGORY_GUIDANCE_SV] = {.name = "guidance_sv", .type = FIELD_MULTILINE, .max_len = OBSTACLE_CATEGORY_GUIDANCE_MAX,
                              .label_sv = "Vägledning på svenska"},
    [CATEGORY_GUIDANCE_EN] = {.name = "guidance_en", .type = FIELD_MULTILINE, .max_len = OBSTACLE_CATEGORY_GUIDANCE_MAX,
                              .label_sv = "Vägledning på engelska"},
    [CATEGORY_POLICY_AREA] = {.name = "policy_area", .type = FIELD_ENUM, .required = 1,
                              .enum_values = obstacle_policy_area_keys, .label_sv = "Politikområde"},
    [CATEGORY_POSITION] = {.name = "position", .type = FIELD_INT, .required = 1, .min = 1, .max = 999,
                           .label_sv = "Plats i listan"},
    [CATEGORY_ACTIVE] = {.name = "active", .type = FIELD_BOOL, .label_sv = "Kan väljas i nya rapporter"},
};

/* GET /hinder/kategorier?sparad=1 — just saved. */
enum { CATEGORY_Q_SAVED, CATEGORY_Q__MAX };
static const field_spec obstacle_category_query[CATEGORY_Q__MAX] = {
    [CATEGORY_Q_SAVED] = {.name = "sparad", .type = FIELD_BOOL},
};

#endif
