/* content_types.c — the knowledge guide's item types (docs/content.md):
 * one list, their keys as in the files' `type:` and the Swedish name of
 * each kind as a heading or filter (translated at the page). */
#include "core/content.h"

#include <string.h>

#define CONTENT_TYPE_LIST(X)                                              \
    X(CT_REGION, "region", "Regioner")                                    \
    X(CT_MUNICIPALITY, "municipality-overview", "Kommuner")               \
    X(CT_AGENCY, "agency", "Myndigheter")                                 \
    X(CT_HOLDER, "holder", "Datahållare")                                 \
    X(CT_REGISTER, "register", "Nationella register")                     \
    X(CT_QUALITY_REGISTER, "quality-register", "Kvalitetsregister")       \
    X(CT_BIOBANK, "biobank", "Biobanker")                                 \
    X(CT_DATASET, "dataset", "Datamängder")                               \
    X(CT_DATA_TYPE, "data-type", "Datatyper")                             \
    X(CT_SUPPORT_FUNCTION, "support-function", "Stödfunktioner")          \
    X(CT_LAW, "law", "Lagar")                                             \
    X(CT_GUIDE, "guide", "Guider")                                        \
    X(CT_CASE_STORY, "case-story", "Fallberättelser")

#define KEY(id, key, label) key,
#define LABEL(id, key, label) label,
const char *const content_types[] = {CONTENT_TYPE_LIST(KEY) NULL};
const char *const content_type_filters[] = {"all", CONTENT_TYPE_LIST(KEY) NULL};
static const char *const labels[] = {CONTENT_TYPE_LIST(LABEL)};
_Static_assert(sizeof content_types / sizeof content_types[0] == sizeof labels / sizeof labels[0] + 1,
               "one label per type");

const char *content_type_label_sv(const char *key)
{
    for (size_t i = 0; key && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(content_types[i], key) == 0) return labels[i];
    return NULL;
}
