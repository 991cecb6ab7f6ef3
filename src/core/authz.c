/* authz.c — the role × scope (× state, later) rule table behind authz_may().
 *
 * Scopes: SCOPE_ANYWHERE, the role held at any node; SCOPE_NODE, at the
 * object's node or above it (a grant for the whole installation covers
 * every object, a grant at a unit only objects at that unit or below);
 * SCOPE_ANY_NODE, at or above any one of the object's nodes (node_path and
 * node_paths) — the rule for accounts, which are "at" every unit where
 * they hold a role. An account with no role at any unit is then seen only
 * through a grant for the whole installation: no unit admin can claim it. */
#include "core/authz.h"

#include <string.h>

typedef enum audience { AUD_PUBLIC, AUD_SIGNED_IN, AUD_ROLES } audience;
typedef enum scope_rule {
    SCOPE_ANYWHERE,  /* the role held at any node */
    SCOPE_NODE,      /* the role held at the object's node or above it */
    SCOPE_ANY_NODE,  /* the role held at or above one of the object's nodes */
} scope_rule;

struct rule {
    const char *name;
    audience who;
    unsigned roles;  /* for AUD_ROLES */
    scope_rule scope;
};

#define R(x) ROLE_BIT(ROLE_##x)
/* The staff of a region's release process: who sees its case queues. */
#define STAFF (R(REGISTRAR) | R(COORDINATOR) | R(SAMRAD_MEMBER) | R(CONFIDENTIALITY_REVIEWER) | \
               R(VERKSAMHETSCHEF) | R(ASSIGNED_EMPLOYEE) | R(REGIONOMRADESCHEF) |              \
               R(FORVALTNINGSDIREKTOR) | R(DATA_ANALYSIS))

static const struct rule rules[ACT__MAX] = {
    [ACT_PUBLIC_READ] = {"public_read", AUD_PUBLIC, 0, SCOPE_ANYWHERE},
    [ACT_ACCOUNT_SELF] = {"account_self", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE},
    [ACT_DIARY_REGISTER] = {"diary_register", AUD_ROLES, R(REGISTRAR), SCOPE_NODE},
    [ACT_DIARY_CORRECT] = {"diary_correct", AUD_ROLES, R(REGISTRAR), SCOPE_NODE},
    [ACT_DIARY_READ_CONFIDENTIAL] = {"diary_read_confidential", AUD_ROLES,
                                     R(REGISTRAR) | R(COORDINATOR) | R(CONFIDENTIALITY_REVIEWER),
                                     SCOPE_NODE},
    [ACT_ORG_VIEW] = {"org_view", AUD_PUBLIC, 0, SCOPE_ANYWHERE},
    [ACT_ORG_MANAGE] = {"org_manage", AUD_ROLES, R(ADMIN), SCOPE_NODE},
    [ACT_USER_MANAGE] = {"user_manage", AUD_ROLES, R(ADMIN), SCOPE_NODE},
    [ACT_USER_VIEW] = {"user_view", AUD_ROLES, R(ADMIN), SCOPE_ANY_NODE},
    [ACT_ROLE_ASSIGN] = {"role_assign", AUD_ROLES, R(ADMIN), SCOPE_NODE},
    [ACT_AUDIT_VIEW] = {"audit_view", AUD_ROLES, R(ADMIN), SCOPE_NODE},
    [ACT_CASE_APPLY] = {"case_apply", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE},
    [ACT_CASE_REGISTER] = {"case_register", AUD_ROLES, R(REGISTRAR), SCOPE_NODE},
    [ACT_CASE_INTAKE] = {"case_intake", AUD_ROLES, R(REGISTRAR) | R(COORDINATOR), SCOPE_NODE},
    [ACT_CASE_REVIEW_CONFIDENTIALITY] = {"case_review_confidentiality", AUD_ROLES,
                                         R(CONFIDENTIALITY_REVIEWER), SCOPE_NODE},
    [ACT_CASE_RECOMMEND] = {"case_recommend", AUD_ROLES, R(COORDINATOR) | R(SAMRAD_MEMBER), SCOPE_NODE},
    [ACT_CASE_UNIT_ANSWER] = {"case_unit_answer", AUD_ROLES, R(REGIONOMRADESCHEF) | R(VERKSAMHETSCHEF),
                              SCOPE_ANY_NODE},
    [ACT_CASE_DECIDE_P1] = {"case_decide_p1", AUD_ROLES, R(VERKSAMHETSCHEF), SCOPE_NODE},
    [ACT_CASE_DECIDE_P2] = {"case_decide_p2", AUD_ROLES, R(FORVALTNINGSDIREKTOR) | R(REGIONOMRADESCHEF),
                            SCOPE_NODE},
    [ACT_CASE_ASSIGN] = {"case_assign", AUD_ROLES, R(VERKSAMHETSCHEF), SCOPE_NODE},
    [ACT_CASE_DELIVER_P1] = {"case_deliver_p1", AUD_ROLES, R(ASSIGNED_EMPLOYEE), SCOPE_NODE},
    [ACT_CASE_DELIVER_P2] = {"case_deliver_p2", AUD_ROLES, R(DATA_ANALYSIS), SCOPE_NODE},
    [ACT_CASE_QUEUE] = {"case_queue", AUD_ROLES, STAFF, SCOPE_NODE},
};

int authz_path_covers(const char *grant_path, const char *object_path)
{
    if (!grant_path) return 0;
    if (strcmp(grant_path, "/") == 0) return 1;      /* installation-wide */
    if (!object_path) return 0;                      /* installation object */
    size_t n = strlen(grant_path);
    return n > 1 && strncmp(grant_path, object_path, n) == 0;
}

/* Does the grant cover one of the object's nodes? With none (or no object)
 * only an installation-wide grant does. */
static int covers_any_node(const char *grant_path, const authz_object *o)
{
    if (authz_path_covers(grant_path, o ? o->node_path : NULL)) return 1;
    if (!o || !o->node_paths) return 0;
    for (int k = 0; k < o->n_node_paths; k++)
        if (o->node_paths[k] && authz_path_covers(grant_path, o->node_paths[k])) return 1;
    return 0;
}

int authz_may(const authz_subject *s, dl_action action, const authz_object *o)
{
    if ((unsigned)action >= ACT__MAX) return 0;
    const struct rule *r = &rules[action];
    if (r->who == AUD_PUBLIC) return 1;
    if (!s || s->user_id <= 0) return 0;
    if (r->who == AUD_SIGNED_IN) return 1;
    for (int i = 0; i < s->n_grants; i++) {
        const authz_grant *g = &s->grants[i];
        if ((unsigned)g->role >= ROLE__MAX || !(r->roles & ROLE_BIT(g->role))) continue;
        if (r->scope == SCOPE_ANYWHERE) return 1;
        if (r->scope == SCOPE_ANY_NODE) {
            if (covers_any_node(g->node_path, o)) return 1;
        } else if (authz_path_covers(g->node_path, o ? o->node_path : NULL)) return 1;
    }
    return 0;
}

const char *authz_action_name(dl_action a) { return (unsigned)a < ACT__MAX ? rules[a].name : "unknown"; }
int authz_action_is_public(dl_action a) { return (unsigned)a < ACT__MAX && rules[a].who == AUD_PUBLIC; }
unsigned authz_action_roles(dl_action a) { return (unsigned)a < ACT__MAX ? rules[a].roles : 0; }
