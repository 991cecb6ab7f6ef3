/* samrad.c — the samråd's competences, the rule for holding a meeting and
 * the three assessments of a case (see samrad.h). */
#include "core/samrad.h"

#include <string.h>

#include "core/utf8.h"

#define KEY(name, key, label, required) [name] = key,
#define LABEL(name, key, label, required) [name] = label,
#define REQUIRED(name, key, label, required) [name] = required,
const char *const samrad_competence_keys[SAMRAD_COMPETENCE__MAX + 1] = {
    SAMRAD_COMPETENCE_LIST(KEY)[SAMRAD_COMPETENCE__MAX] = NULL};
static const char *const labels[SAMRAD_COMPETENCE__MAX] = {SAMRAD_COMPETENCE_LIST(LABEL)};
static const int required[SAMRAD_COMPETENCE__MAX] = {SAMRAD_COMPETENCE_LIST(REQUIRED)};
#undef KEY
#undef LABEL
#undef REQUIRED

const char *const samrad_recommendation_keys[4] = {"", "release", "refusal", NULL};

const char *samrad_competence_key(samrad_competence c)
{
    return (unsigned)c < SAMRAD_COMPETENCE__MAX ? samrad_competence_keys[c] : NULL;
}

const char *samrad_competence_label_sv(samrad_competence c)
{
    return (unsigned)c < SAMRAD_COMPETENCE__MAX ? labels[c] : "";
}

int samrad_competence_required(samrad_competence c) { return (unsigned)c < SAMRAD_COMPETENCE__MAX && required[c]; }

int samrad_competence_from_key(const char *key, samrad_competence *out)
{
    for (int i = 0; key && i < SAMRAD_COMPETENCE__MAX; i++)
        if (strcmp(samrad_competence_keys[i], key) == 0) {
            *out = (samrad_competence)i;
            return 0;
        }
    return -1;
}

unsigned samrad_missing_required(unsigned present)
{
    unsigned missing = 0;
    for (int i = 0; i < SAMRAD_COMPETENCE__MAX; i++)
        if (required[i] && !(present & SAMRAD_COMP_BIT(i))) missing |= SAMRAD_COMP_BIT(i);
    return missing;
}

samrad_competence samrad_first_competence(unsigned missing)
{
    for (int i = 0; i < SAMRAD_COMPETENCE__MAX; i++)
        if (missing & SAMRAD_COMP_BIT(i)) return (samrad_competence)i;
    return SAMRAD_COMPETENCE__MAX;
}

int samrad_recommendation_from_key(const char *key, samrad_recommendation *out)
{
    for (int i = 0; key && samrad_recommendation_keys[i]; i++)
        if (strcmp(samrad_recommendation_keys[i], key) == 0) {
            *out = (samrad_recommendation)i;
            return 0;
        }
    return -1;
}

/* ---- the three assessments ------------------------------------------------ */

#define AS_KEY(id, member, sv, en, subject) [id] = #member,
#define AS_SV(id, member, sv, en, subject) [id] = sv,
#define AS_EN(id, member, sv, en, subject) [id] = en,
#define AS_SUBJECT(id, member, sv, en, subject) [id] = subject,
#define AS_OFFSET(id, member, sv, en, subject) [id] = offsetof(samrad_texts, member),
static const char *const as_keys[SAMRAD_ASSESS__MAX] = {SAMRAD_ASSESSMENT_LIST(AS_KEY)};
static const char *const as_sv[SAMRAD_ASSESS__MAX] = {SAMRAD_ASSESSMENT_LIST(AS_SV)};
static const char *const as_en[SAMRAD_ASSESS__MAX] = {SAMRAD_ASSESSMENT_LIST(AS_EN)};
static const char *const as_subject[SAMRAD_ASSESS__MAX] = {SAMRAD_ASSESSMENT_LIST(AS_SUBJECT)};
static const size_t as_offset[SAMRAD_ASSESS__MAX] = {SAMRAD_ASSESSMENT_LIST(AS_OFFSET)};
#undef AS_KEY
#undef AS_SV
#undef AS_EN
#undef AS_SUBJECT
#undef AS_OFFSET

const char *samrad_assessment_key(samrad_assessment_part p)
{
    return (unsigned)p < SAMRAD_ASSESS__MAX ? as_keys[p] : NULL;
}

const char *samrad_assessment_label_sv(samrad_assessment_part p)
{
    return (unsigned)p < SAMRAD_ASSESS__MAX ? as_sv[p] : "";
}

const char *samrad_assessment_label_en(samrad_assessment_part p)
{
    return (unsigned)p < SAMRAD_ASSESS__MAX ? as_en[p] : "";
}

const char *samrad_texts_get(const samrad_texts *t, samrad_assessment_part p)
{
    if (!t || (unsigned)p >= SAMRAD_ASSESS__MAX) return "";
    const char *v = *(const char *const *)(const void *)((const char *)t + as_offset[p]);
    return v ? v : "";
}

void samrad_texts_set(samrad_texts *t, samrad_assessment_part p, const char *v)
{
    if (t && (unsigned)p < SAMRAD_ASSESS__MAX) *(const char **)(void *)((char *)t + as_offset[p]) = v;
}

int samrad_texts_empty(const samrad_texts *t)
{
    for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
        if (*samrad_texts_get(t, (samrad_assessment_part)p)) return 0;
    return 1;
}

dl_err samrad_texts_check(const samrad_texts *t, int recommending, dl_error *e)
{
    for (int p = 0; p < SAMRAD_ASSESS__MAX; p++) {
        const char *v = samrad_texts_get(t, (samrad_assessment_part)p);
        size_t n = strlen(v);
        if (!utf8_valid(v, n)) return dl_fail(e, DL_EINVAL, "%s innehåller ogiltiga tecken.", as_subject[p]);
        if (utf8_count(v, n) > SAMRAD_TEXT_MAX)
            return dl_fail(e, DL_EINVAL, "%s är för lång (högst %d tecken).", as_subject[p], SAMRAD_TEXT_MAX);
    }
    for (int p = 0; recommending && p < SAMRAD_ASSESS__MAX; p++)
        if (!*samrad_texts_get(t, (samrad_assessment_part)p))
            return dl_fail(e, DL_EINVAL, "En rekommendation behöver samrådets tre bedömningar: den vetenskapliga "
                                         "frågeställningen, genomförbarheten och överensstämmelsen med "
                                         "etikgodkännandet.");
    return DL_OK;
}

const char *samrad_texts_body(arena *a, const samrad_texts *t)
{
    const char *out = "";
    for (int p = 0; out && p < SAMRAD_ASSESS__MAX; p++)
        out = arena_printf(a, "%s%s%s: %s", out, p ? "\n\n" : "", as_sv[p],
                           samrad_texts_get(t, (samrad_assessment_part)p));
    return out;
}
