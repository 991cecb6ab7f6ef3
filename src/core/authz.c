/* authz.c — the role × scope × state rule table behind authz_may().
 *
 * Scopes: SCOPE_ANYWHERE, the role held at any node; SCOPE_NODE, at the
 * object's node or above it (a grant for the whole installation covers
 * every object, a grant at a unit only objects at that unit or below);
 * SCOPE_ANY_NODE, at or above any one of the object's nodes (node_path and
 * node_paths) — the rule for accounts, which are "at" every unit where
 * they hold a role. An account with no role at any unit is then seen only
 * through a grant for the whole installation: no unit admin can claim it.
 * SCOPE_INSTALLATION, held for the whole installation: the audit log is no
 * unit's.
 *
 * States: a rule's mask of the object states it allows (0: the action does
 * not depend on a state). The release case's actions join the table as
 * rows with a mask of case_state bits. */
#include "core/authz.h"

#include <string.h>

#define R(x) ROLE_BIT(ROLE_##x)
/* The staff of a region's release process: who sees its case queues. */
#define STAFF (R(REGISTRAR) | R(COORDINATOR) | R(SAMRAD_MEMBER) | R(CONFIDENTIALITY_REVIEWER) | \
               R(VERKSAMHETSCHEF) | R(ASSIGNED_EMPLOYEE) | R(REGIONOMRADESCHEF) |              \
               R(FORVALTNINGSDIREKTOR) | R(DATA_ANALYSIS))

static const authz_rule rules[ACT__MAX] = {
    [ACT_PUBLIC_READ] = {"public_read", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    [ACT_ACCOUNT_SELF] = {"account_self", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE, 0},
    [ACT_DIARY_REGISTER] = {"diary_register", AUD_ROLES, R(REGISTRAR), SCOPE_NODE, 0},
    [ACT_DIARY_CORRECT] = {"diary_correct", AUD_ROLES, R(REGISTRAR), SCOPE_NODE, 0},
    [ACT_DIARY_READ_CONFIDENTIAL] = {"diary_read_confidential", AUD_ROLES,
                                     R(REGISTRAR) | R(COORDINATOR) | R(CONFIDENTIALITY_REVIEWER),
                                     SCOPE_NODE, 0},
    [ACT_ORG_VIEW] = {"org_view", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    [ACT_ORG_MANAGE] = {"org_manage", AUD_ROLES, R(ADMIN), SCOPE_NODE, 0},
    /* Asked with the installation object (NULL), so only a grant for the
     * whole installation passes; SCOPE_NODE (not SCOPE_INSTALLATION) keeps
     * unit admins past the router, so that /admin/users/{id}/… answers 404
     * for an account outside their scope before 403 for the form. */
    [ACT_USER_MANAGE] = {"user_manage", AUD_ROLES, R(ADMIN), SCOPE_NODE, 0},
    [ACT_USER_VIEW] = {"user_view", AUD_ROLES, R(ADMIN), SCOPE_ANY_NODE, 0},
    /* At a unit: an admin at or above it; for the whole installation (the
     * object with no node): an installation admin only. */
    [ACT_ROLE_ASSIGN] = {"role_assign", AUD_ROLES, R(ADMIN), SCOPE_NODE, 0},
    [ACT_AUDIT_VIEW] = {"audit_view", AUD_ROLES, R(ADMIN), SCOPE_INSTALLATION, 0},
    [ACT_CASE_APPLY] = {"case_apply", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE, 0},
    [ACT_CASE_REGISTER] = {"case_register", AUD_ROLES, R(REGISTRAR), SCOPE_NODE, 0},
    [ACT_CASE_INTAKE] = {"case_intake", AUD_ROLES, R(REGISTRAR) | R(COORDINATOR), SCOPE_NODE, 0},
    [ACT_CASE_REVIEW_CONFIDENTIALITY] = {"case_review_confidentiality", AUD_ROLES,
                                         R(CONFIDENTIALITY_REVIEWER), SCOPE_NODE, 0},
    [ACT_CASE_RECOMMEND] = {"case_recommend", AUD_ROLES, R(COORDINATOR) | R(SAMRAD_MEMBER), SCOPE_NODE, 0},
    [ACT_CASE_UNIT_ANSWER] = {"case_unit_answer", AUD_ROLES, R(REGIONOMRADESCHEF) | R(VERKSAMHETSCHEF),
                              SCOPE_ANY_NODE, 0},
    [ACT_CASE_DECIDE_P1] = {"case_decide_p1", AUD_ROLES, R(VERKSAMHETSCHEF), SCOPE_NODE, 0},
    [ACT_CASE_DECIDE_P2] = {"case_decide_p2", AUD_ROLES, R(FORVALTNINGSDIREKTOR) | R(REGIONOMRADESCHEF),
                            SCOPE_NODE, 0},
    [ACT_CASE_ASSIGN] = {"case_assign", AUD_ROLES, R(VERKSAMHETSCHEF), SCOPE_NODE, 0},
    [ACT_CASE_DELIVER_P1] = {"case_deliver_p1", AUD_ROLES, R(ASSIGNED_EMPLOYEE), SCOPE_NODE, 0},
    [ACT_CASE_DELIVER_P2] = {"case_deliver_p2", AUD_ROLES, R(DATA_ANALYSIS), SCOPE_NODE, 0},
    [ACT_CASE_QUEUE] = {"case_queue", AUD_ROLES, STAFF, SCOPE_ANY_NODE, 0},
    /* Public: the invitation's token (case_invitation.h) is the permission. */
    [ACT_CASE_ACCEPT_INVITATION] = {"case_accept_invitation", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    /* The guide is national: an editor anywhere edits all of it. */
    [ACT_GUIDE_EDIT] = {"guide_edit", AUD_ROLES, R(EDITOR), SCOPE_ANYWHERE, 0},
    /* Anyone, signed in or not: the follow-up token is the permission to read one back. */
    [ACT_OBSTACLE_REPORT] = {"obstacle_report", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    /* Anyone, signed in or not: the mailed link's token (store/delivery.h) is the permission. */
    [ACT_DELIVERY_LINK] = {"delivery_link", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    /* the compiled report names every obstacle's text: the analysts only */
    [ACT_OBSTACLE_COMPILED_REPORT] = {"obstacle_compiled_report", AUD_ROLES, R(OBSTACLE_ANALYST), SCOPE_ANYWHERE, 0},
    [ACT_OBSTACLE_PUBLISH] = {"obstacle_publish", AUD_ROLES, R(OBSTACLE_ANALYST), SCOPE_ANYWHERE, 0},
    /* Obstacles are national, like the guide: an analyst anywhere triages all of them. */
    [ACT_OBSTACLE_TRIAGE] = {"obstacle_triage", AUD_ROLES, R(OBSTACLE_ANALYST), SCOPE_ANYWHERE, 0},
    /* the registry and the confidentiality reviewer judge what an attachment must not show */
    [ACT_CASE_REDACT] = {"case_redact", AUD_ROLES, R(REGISTRAR) | R(CONFIDENTIALITY_REVIEWER), SCOPE_NODE, 0},
    /* Those who work a case at its organisation take it; whether it is open is the store's check. */
    [ACT_CASE_CLAIM] = {"case_claim", AUD_ROLES, R(REGISTRAR) | R(COORDINATOR), SCOPE_NODE, 0},
    [ACT_CASE_CLAIM_RELEASE] = {"case_claim_release", AUD_ROLES, R(ADMIN), SCOPE_NODE, 0},
    /* The staff who see the case in their queue; the applicant never (the owner is refused by the handler). */
    [ACT_CASE_NOTE] = {"case_note", AUD_ROLES, STAFF, SCOPE_NODE, 0},
    /* Anyone signed in may ask; only the owner of a closed case is let through (core/case_copy.c). */
    [ACT_CASE_COPY] = {"case_copy", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE, 0},
    /* Joint calls are national: the network coordinator anywhere runs them (core/call_flow.h). */
    [ACT_CALL_MANAGE] = {"call_manage", AUD_ROLES, R(NETWORK_COORDINATOR), SCOPE_ANYWHERE, 0},
    /* Anyone signed in applies for their organisation; only the applicant sees it (store/calls.c). */
    [ACT_CALL_APPLY] = {"call_apply", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE, 0},
    /* The figures of every organisation (and the refusals' texts): the network
     * coordinator and the admins for the whole installation, never a unit's. */
    [ACT_FOLLOWUP_VIEW] = {"followup_view", AUD_ROLES, R(NETWORK_COORDINATOR) | R(ADMIN), SCOPE_INSTALLATION, 0},
    [ACT_NETWORK_REGISTER] = {"network_register", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    [ACT_NETWORK_EDIT] = {"network_edit", AUD_ROLES, R(NETWORK_COORDINATOR), SCOPE_ANYWHERE, 0},
    /* Anyone, signed in or not: the mailed link's token is the permission to read the answer. */
    [ACT_QUESTION_ASK] = {"question_ask", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
    /* Anyone signed in reaches the queue's door; the store lets through only a network
     * coordinator or a contact person of a member (core/question_flow.h's guards). */
    [ACT_QUESTION_HANDLE] = {"question_handle", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE, 0},
    /* Anyone, signed in or not: the survey's mailed token (store/case_survey.h) is the permission. */
    [ACT_CASE_SURVEY] = {"case_survey", AUD_PUBLIC, 0, SCOPE_ANYWHERE, 0},
};

int authz_path_covers(const char *grant_path, const char *object_path)
{
    if (!grant_path) return 0;
    if (strcmp(grant_path, "/") == 0) return 1;      /* installation-wide */
    if (!object_path) return 0;                      /* installation object */
    size_t n = strlen(grant_path);
    return n > 1 && strncmp(grant_path, object_path, n) == 0;
}

static int is_installation(const char *grant_path) { return grant_path && strcmp(grant_path, "/") == 0; }

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

static int state_allowed(const authz_rule *r, const authz_object *o)
{
    if (!r->states) return 1;
    if (!o || o->state < 0 || o->state >= AUTHZ_MAX_STATES) return 0;
    return (r->states & AUTHZ_STATE_BIT(o->state)) != 0;
}

static int signed_in(const authz_subject *s) { return s && s->user_id > 0; }

static int is_owner(const authz_subject *s, const authz_object *o)
{
    return o && o->owner_user_id > 0 && o->owner_user_id == s->user_id;
}

/* Does grant g give the rule's role where its scope asks, for object o? */
static int grant_serves(const authz_rule *r, const authz_grant *g, const authz_object *o)
{
    if ((unsigned)g->role >= ROLE__MAX || !(r->roles & ROLE_BIT(g->role))) return 0;
    switch (r->scope) {
    case SCOPE_ANYWHERE: return 1;
    case SCOPE_NODE: return authz_path_covers(g->node_path, o ? o->node_path : NULL);
    case SCOPE_ANY_NODE: return covers_any_node(g->node_path, o);
    case SCOPE_INSTALLATION: return is_installation(g->node_path);
    }
    return 0;
}

static int holds_role_for(const authz_rule *r, const authz_subject *s, const authz_object *o)
{
    for (int i = 0; i < s->n_grants; i++)
        if (grant_serves(r, &s->grants[i], o)) return 1;
    return 0;
}

/* Is there an object grant g serves? One at the grant's own node — unless
 * the rule wants the whole installation, which an object cannot supply. */
static int grant_serves_somewhere(const authz_rule *r, const authz_grant *g)
{
    if ((unsigned)g->role >= ROLE__MAX || !(r->roles & ROLE_BIT(g->role))) return 0;
    switch (r->scope) {
    case SCOPE_ANYWHERE: return 1;
    case SCOPE_NODE:
    case SCOPE_ANY_NODE: return authz_path_covers(g->node_path, g->node_path);
    case SCOPE_INSTALLATION: return is_installation(g->node_path);
    }
    return 0;
}

int authz_rule_allows(const authz_rule *r, const authz_subject *s, const authz_object *o)
{
    if (!r || !state_allowed(r, o)) return 0;
    if (r->who == AUD_PUBLIC) return 1;
    if (!signed_in(s)) return 0;
    switch (r->who) {
    case AUD_SIGNED_IN: return 1;
    case AUD_OWNER: return is_owner(s, o);
    case AUD_OWNER_OR_ROLES: return is_owner(s, o) || holds_role_for(r, s, o);
    case AUD_ROLES: return holds_role_for(r, s, o);
    default: return 0;
    }
}

int authz_rule_allows_somewhere(const authz_rule *r, const authz_subject *s)
{
    if (!r) return 0;
    if (r->who == AUD_PUBLIC) return 1;
    if (!signed_in(s)) return 0;
    switch (r->who) {
    case AUD_SIGNED_IN:
    case AUD_OWNER:
    case AUD_OWNER_OR_ROLES: return 1;
    case AUD_ROLES:
        for (int i = 0; i < s->n_grants; i++)
            if (grant_serves_somewhere(r, &s->grants[i])) return 1;
        return 0;
    default: return 0;
    }
}

const authz_rule *authz_action_rule(dl_action a) { return (unsigned)a < ACT__MAX ? &rules[a] : NULL; }

int authz_may(const authz_subject *s, dl_action action, const authz_object *o)
{
    return authz_rule_allows(authz_action_rule(action), s, o);
}

int authz_may_somewhere(const authz_subject *s, dl_action action)
{
    return authz_rule_allows_somewhere(authz_action_rule(action), s);
}

const char *authz_action_name(dl_action a) { return (unsigned)a < ACT__MAX ? rules[a].name : "unknown"; }
int authz_action_is_public(dl_action a) { return (unsigned)a < ACT__MAX && rules[a].who == AUD_PUBLIC; }
int authz_action_needs_sign_in(dl_action a) { return (unsigned)a < ACT__MAX && rules[a].who != AUD_PUBLIC; }
unsigned authz_action_roles(dl_action a) { return (unsigned)a < ACT__MAX ? rules[a].roles : 0; }
int authz_action_installation_only(dl_action a)
{
    return (unsigned)a < ACT__MAX && rules[a].roles && rules[a].scope == SCOPE_INSTALLATION;
}
