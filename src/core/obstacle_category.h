/* obstacle_category.h — the obstacle categories, an editable list (issue
 * 13: "legal interpretation, missing legal support, technical, …, other —
 * editable list"). The list lives in the store's table obstacle_category
 * (migration 0029 seeds the nine of the issue; store/obstacle_categories.h
 * reads and edits it): a category is a stable key, a Swedish and an
 * English label, optional guidance shown under it on the report form
 * before anything is sent, the policy area it belongs to (the compiled
 * report's "by policy area"), a position and whether new reports may pick
 * it. A category is never deleted — obstacles keep their key — only taken
 * off the form. This header is pure: the rules a category must meet, the
 * fixed list of policy areas, and finding a key in a loaded list. */
#ifndef DATALOTS_OBSTACLE_CATEGORY_H
#define DATALOTS_OBSTACLE_CATEGORY_H

#include "core/err.h"

/* The policy areas a category belongs to: enum name, stored key, Swedish
 * label (a msgid). Fixed: the compiled report groups by them. */
#define OBSTACLE_POLICY_AREA_LIST(X)                                                                 \
    X(OPA_LAW, "law", "Lagstiftning och rättslig tolkning")                                         \
    X(OPA_INFRASTRUCTURE, "infrastructure", "Digital infrastruktur och standarder")                 \
    X(OPA_ORGANISATION, "organisation", "Organisation, styrning och arbetssätt")                    \
    X(OPA_FINANCING, "financing", "Finansiering")                                                   \
    X(OPA_RESEARCH_ETHICS, "research_ethics", "Forskningsetik och prövning")                        \
    X(OPA_OTHER, "other", "Övrigt")

#define OBSTACLE_POLICY_AREA_ENUM(name, key, label) name,
typedef enum obstacle_policy_area {
    OBSTACLE_POLICY_AREA_LIST(OBSTACLE_POLICY_AREA_ENUM) OBSTACLE_POLICY_AREA__MAX
} obstacle_policy_area;
#undef OBSTACLE_POLICY_AREA_ENUM

extern const char *const obstacle_policy_area_keys[]; /* NULL-terminated, in list order */
const char *obstacle_policy_area_label_sv(const char *key); /* NULL for an unknown key */

/* Sizes, in characters; the list holds at most OBSTACLE_CATEGORIES_MAX. */
#define OBSTACLE_CATEGORY_KEY_MAX 40
#define OBSTACLE_CATEGORY_LABEL_MAX 80
#define OBSTACLE_CATEGORY_GUIDANCE_MAX 600
#define OBSTACLE_CATEGORIES_MAX 40

typedef struct obstacle_category_def {
    const char *key;                     /* [a-z][a-z0-9_]*, at most KEY_MAX */
    const char *label_sv, *label_en;     /* label_en "": the Swedish one's translation (a msgid) */
    const char *guidance_sv, *guidance_en; /* "": none; guidance_en "": the Swedish one's translation */
    const char *policy_area;             /* a key of OBSTACLE_POLICY_AREA_LIST */
    int position;                        /* the form's order, 1 … 999 */
    int active;                          /* 1: new reports may pick it */
} obstacle_category_def;

typedef struct obstacle_category_list {
    int n;
    obstacle_category_def v[OBSTACLE_CATEGORIES_MAX]; /* in position order */
} obstacle_category_list;

/* A key a new category may have: 0, or -1. */
int obstacle_category_key_ok(const char *key);

/* The rules a category meets before it is stored: DL_EINVAL with a
 * Swedish sentence naming the field. */
dl_err obstacle_category_check(const obstacle_category_def *c, dl_error *e);

/* The category with this key in the list, or NULL. */
const obstacle_category_def *obstacle_category_find(const obstacle_category_list *l, const char *key);

/* Its label or guidance in a language (en: 1 for English): the English
 * text when one is stored, else the Swedish one — which a page then passes
 * through gettext, so the seeded categories' Swedish msgids still read in
 * English (an English text passed through gettext stays itself). The label
 * of a key the list does not have is the key; a category without guidance
 * has NULL. */
const char *obstacle_category_label(const obstacle_category_list *l, const char *key, int en);
const char *obstacle_category_guidance(const obstacle_category_def *c, int en);

#endif
