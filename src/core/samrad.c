/* samrad.c — the samråd's competences and the rule for holding a meeting
 * (see samrad.h). */
#include "core/samrad.h"

#include <string.h>

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
