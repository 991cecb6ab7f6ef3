/* roles.c — keys and Swedish labels of roles and organisation node kinds. */
#include "core/roles.h"

#include <string.h>

/* The one list of roles: enum, key (stored in the database, sent by forms
 * and the CLI) and Swedish label (msgid). role_keys[], role_key(),
 * role_label_sv() and role_from_key() all read it. */
#define ROLE_TABLE(X)                                                        \
    X(ROLE_APPLICANT, "applicant", "Sökande")                                \
    X(ROLE_REGISTRAR, "registrar", "Registrator")                            \
    X(ROLE_COORDINATOR, "coordinator", "Samordnare")                         \
    X(ROLE_SAMRAD_MEMBER, "samrad_member", "Ledamot i samrådet")             \
    X(ROLE_CONFIDENTIALITY_REVIEWER, "confidentiality_reviewer", "Sekretessprövare") \
    X(ROLE_VERKSAMHETSCHEF, "verksamhetschef", "Verksamhetschef")            \
    X(ROLE_ASSIGNED_EMPLOYEE, "assigned_employee", "Uppdragstagare för uttag") \
    X(ROLE_REGIONOMRADESCHEF, "regionomradeschef", "Regionområdeschef")      \
    X(ROLE_FORVALTNINGSDIREKTOR, "forvaltningsdirektor", "Förvaltningsdirektör") \
    X(ROLE_DATA_ANALYSIS, "data_analysis", "Data och analys")                \
    X(ROLE_EDITOR, "editor", "Redaktör")                                     \
    X(ROLE_OBSTACLE_ANALYST, "obstacle_analyst", "Hinderanalytiker")         \
    X(ROLE_NETWORK_COORDINATOR, "network_coordinator", "Nätverkssamordnare") \
    X(ROLE_ADMIN, "admin", "Administratör")

#define KEY_SLOT(id, key, label) [id] = key,
#define LABEL_SLOT(id, key, label) [id] = label,
#define ONE_ROW(id, key, label) +1

/* Designated slots (a repeated one is a compile error, -Woverride-init)
 * and as many rows as enum values: every slot is filled. */
_Static_assert(0 ROLE_TABLE(ONE_ROW) == ROLE__MAX, "core/roles.c: one ROLE_TABLE row per dl_role");
const char *const role_keys[ROLE__MAX + 1] = {ROLE_TABLE(KEY_SLOT)[ROLE__MAX] = NULL};
static const char *const role_labels_sv[ROLE__MAX] = {ROLE_TABLE(LABEL_SLOT)};

const char *role_key(dl_role r) { return (unsigned)r < ROLE__MAX ? role_keys[r] : NULL; }
const char *role_label_sv(dl_role r) { return (unsigned)r < ROLE__MAX ? role_labels_sv[r] : NULL; }

int role_from_key(const char *key, dl_role *out)
{
    if (!key) return -1;
    for (int i = 0; i < ROLE__MAX; i++)
        if (strcmp(role_keys[i], key) == 0) { *out = (dl_role)i; return 0; }
    return -1;
}

int role_needs_unit(dl_role r)
{
    switch (r) {
    case ROLE_ADMIN:
    case ROLE_APPLICANT:
    case ROLE_EDITOR:
    case ROLE_OBSTACLE_ANALYST:
    case ROLE_NETWORK_COORDINATOR:
        return 0;
    default:
        return 1;
    }
}

/* The one list of organisation node kinds, top-down. */
#define KIND_TABLE(X)                                   \
    X(ORG_FORVALTNING, "forvaltning", "Förvaltning")    \
    X(ORG_REGIONOMRADE, "regionomrade", "Regionområde") \
    X(ORG_VARDENHET, "vardenhet", "Vårdenhet")

_Static_assert(0 KIND_TABLE(ONE_ROW) == ORG_KIND__MAX, "core/roles.c: one KIND_TABLE row per org_kind");
const char *const org_kind_keys[ORG_KIND__MAX + 1] = {KIND_TABLE(KEY_SLOT)[ORG_KIND__MAX] = NULL};
static const char *const org_kind_labels_sv[ORG_KIND__MAX] = {KIND_TABLE(LABEL_SLOT)};

const char *org_kind_key(org_kind k) { return (unsigned)k < ORG_KIND__MAX ? org_kind_keys[k] : NULL; }
const char *org_kind_label_sv(org_kind k) { return (unsigned)k < ORG_KIND__MAX ? org_kind_labels_sv[k] : NULL; }

int org_kind_from_key(const char *key, org_kind *out)
{
    if (!key) return -1;
    for (int i = 0; i < ORG_KIND__MAX; i++)
        if (strcmp(org_kind_keys[i], key) == 0) { *out = (org_kind)i; return 0; }
    return -1;
}

int org_kind_may_nest(int parent_kind, org_kind child)
{
    if (parent_kind < 0) return child == ORG_FORVALTNING;
    return (int)child == parent_kind + 1;
}
