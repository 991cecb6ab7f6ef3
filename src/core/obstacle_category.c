/* obstacle_category.c — see obstacle_category.h: the policy areas, the
 * rules of a category, finding one in a loaded list. */
#include "core/obstacle_category.h"

#include <string.h>

#include "core/plain_text.h"
#include "core/utf8.h"

#define KEY(name, key, label) key,
#define LABEL(name, key, label) label,
const char *const obstacle_policy_area_keys[] = {OBSTACLE_POLICY_AREA_LIST(KEY) NULL};
static const char *const policy_area_labels[] = {OBSTACLE_POLICY_AREA_LIST(LABEL)};
_Static_assert(sizeof policy_area_labels / sizeof policy_area_labels[0] == OBSTACLE_POLICY_AREA__MAX,
               "one label per policy area");

const char *obstacle_policy_area_label_sv(const char *key)
{
    for (int i = 0; key && i < OBSTACLE_POLICY_AREA__MAX; i++)
        if (strcmp(obstacle_policy_area_keys[i], key) == 0) return policy_area_labels[i];
    return NULL;
}

int obstacle_category_key_ok(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n == 0 || n > OBSTACLE_CATEGORY_KEY_MAX || key[0] < 'a' || key[0] > 'z') return -1;
    for (size_t i = 0; i < n; i++)
        if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == '_')) return -1;
    return 0;
}

/* 1 when text has no more than max characters and no control character but
 * (multiline) a newline. */
static int fits(const char *text, size_t max, int multiline)
{
    size_t n = text ? strlen(text) : 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 && !(multiline && text[i] == '\n')) return 0;
    return utf8_count(text ? text : "", n) <= max;
}


dl_err obstacle_category_check(const obstacle_category_def *c, dl_error *e)
{
    if (obstacle_category_key_ok(c->key) != 0)
        return dl_fail(e, DL_EINVAL, "Nyckeln ska vara 1–40 tecken: små bokstäver a–z, siffror och understreck, "
                                     "och börja med en bokstav.");
    if (text_blank(c->label_sv)) return dl_fail(e, DL_EINVAL, "Skriv kategorins namn på svenska.");
    if (!fits(c->label_sv, OBSTACLE_CATEGORY_LABEL_MAX, 0) || !fits(c->label_en, OBSTACLE_CATEGORY_LABEL_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Ett namn får vara högst 80 tecken på en rad.");
    if (!fits(c->guidance_sv, OBSTACLE_CATEGORY_GUIDANCE_MAX, 1) ||
        !fits(c->guidance_en, OBSTACLE_CATEGORY_GUIDANCE_MAX, 1))
        return dl_fail(e, DL_EINVAL, "En vägledning får vara högst 600 tecken.");
    if (!text_blank(c->guidance_en) && text_blank(c->guidance_sv))
        return dl_fail(e, DL_EINVAL, "Skriv vägledningen på svenska först; den engelska översätter den.");
    if (!obstacle_policy_area_label_sv(c->policy_area)) return dl_fail(e, DL_EINVAL, "Välj ett politikområde i listan.");
    if (c->position < 1 || c->position > 999) return dl_fail(e, DL_EINVAL, "Ordningen ska vara ett tal från 1 till 999.");
    return DL_OK;
}

const obstacle_category_def *obstacle_category_find(const obstacle_category_list *l, const char *key)
{
    for (int i = 0; l && key && i < l->n; i++)
        if (strcmp(l->v[i].key, key) == 0) return &l->v[i];
    return NULL;
}

const char *obstacle_category_label(const obstacle_category_list *l, const char *key, int en)
{
    const obstacle_category_def *c = obstacle_category_find(l, key);
    if (!c) return key ? key : "";
    return en && c->label_en && *c->label_en ? c->label_en : c->label_sv;
}

const char *obstacle_category_guidance(const obstacle_category_def *c, int en)
{
    if (!c || !c->guidance_sv || !*c->guidance_sv) return NULL;
    return en && c->guidance_en && *c->guidance_en ? c->guidance_en : c->guidance_sv;
}
