/* roles.c — keys and Swedish labels of roles and organisation node kinds. */
#include "core/roles.h"

#include <string.h>

static const struct { const char *key, *label_sv; } roles[ROLE__MAX] = {
    [ROLE_APPLICANT] = {"applicant", "Sökande"},
    [ROLE_REGISTRAR] = {"registrar", "Registrator"},
    [ROLE_COORDINATOR] = {"coordinator", "Samordnare"},
    [ROLE_SAMRAD_MEMBER] = {"samrad_member", "Ledamot i samrådet"},
    [ROLE_CONFIDENTIALITY_REVIEWER] = {"confidentiality_reviewer", "Sekretessprövare"},
    [ROLE_VERKSAMHETSCHEF] = {"verksamhetschef", "Verksamhetschef"},
    [ROLE_ASSIGNED_EMPLOYEE] = {"assigned_employee", "Uppdragstagare för uttag"},
    [ROLE_REGIONOMRADESCHEF] = {"regionomradeschef", "Regionområdeschef"},
    [ROLE_FORVALTNINGSDIREKTOR] = {"forvaltningsdirektor", "Förvaltningsdirektör"},
    [ROLE_DATA_ANALYSIS] = {"data_analysis", "Data och analys"},
    [ROLE_EDITOR] = {"editor", "Redaktör"},
    [ROLE_OBSTACLE_ANALYST] = {"obstacle_analyst", "Hinderanalytiker"},
    [ROLE_NETWORK_COORDINATOR] = {"network_coordinator", "Nätverkssamordnare"},
    [ROLE_ADMIN] = {"admin", "Administratör"},
};

const char *role_key(dl_role r) { return (unsigned)r < ROLE__MAX ? roles[r].key : NULL; }
const char *role_label_sv(dl_role r) { return (unsigned)r < ROLE__MAX ? roles[r].label_sv : NULL; }

int role_from_key(const char *key, dl_role *out)
{
    if (!key) return -1;
    for (int i = 0; i < ROLE__MAX; i++)
        if (strcmp(roles[i].key, key) == 0) { *out = (dl_role)i; return 0; }
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

static const struct { const char *key, *label_sv; } kinds[ORG_KIND__MAX] = {
    [ORG_FORVALTNING] = {"forvaltning", "Förvaltning"},
    [ORG_REGIONOMRADE] = {"regionomrade", "Regionområde"},
    [ORG_VARDENHET] = {"vardenhet", "Vårdenhet"},
};

const char *org_kind_key(org_kind k) { return (unsigned)k < ORG_KIND__MAX ? kinds[k].key : NULL; }
const char *org_kind_label_sv(org_kind k) { return (unsigned)k < ORG_KIND__MAX ? kinds[k].label_sv : NULL; }

int org_kind_from_key(const char *key, org_kind *out)
{
    if (!key) return -1;
    for (int i = 0; i < ORG_KIND__MAX; i++)
        if (strcmp(kinds[i].key, key) == 0) { *out = (org_kind)i; return 0; }
    return -1;
}

int org_kind_may_nest(int parent_kind, org_kind child)
{
    if (parent_kind < 0) return child == ORG_FORVALTNING;
    return (int)child == parent_kind + 1;
}
