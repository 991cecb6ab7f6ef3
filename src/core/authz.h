/* authz.h — the one answer to "may user U do action A on object O". Every
 * handler asks authz_may(); the router asks authz_may_somewhere() before
 * the handler runs, and menus and buttons are shown by asking the same
 * functions. The rules are a table (authz.c), one authz_rule per action:
 * who (public, anyone signed in, a set of roles, the object's owner, or
 * the owner or a set of roles), where a role must be held (anywhere, at
 * the object's node or above it, at or above one of the object's nodes, or
 * for the whole installation), and in which states of the object (a case's
 * states, a bitmask; 0 when the action does not depend on a state). */
#ifndef DATALOTS_AUTHZ_H
#define DATALOTS_AUTHZ_H

#include <stdint.h>

#include "core/roles.h"

typedef enum dl_action {
    ACT_PUBLIC_READ,              /* start page, knowledge, public diary */
    ACT_ACCOUNT_SELF,             /* own password and language */
    ACT_DIARY_REGISTER,           /* register a document in an organisation's diary */
    ACT_DIARY_CORRECT,            /* register a correcting entry */
    ACT_DIARY_READ_CONFIDENTIAL,  /* see masked fields; every read is audited */
    ACT_ORG_VIEW,
    ACT_ORG_MANAGE,               /* add nodes below the object node */
    ACT_USER_MANAGE,              /* create, disable, reset accounts */
    ACT_USER_VIEW,                /* see an account's page and use its forms at all */
    ACT_ROLE_ASSIGN,              /* grant or revoke a role at the object node */
    ACT_AUDIT_VIEW,
    ACT_CASE_APPLY,               /* write and send an own request (the owner guard in case_flow) */
    ACT_CASE_REGISTER,            /* register a request that came by mail or e-mail */
    ACT_CASE_INTAKE,              /* completeness, completion requests, process, unit round */
    ACT_CASE_REVIEW_CONFIDENTIALITY, /* document the men- och sekretessprövning */
    ACT_CASE_RECOMMEND,           /* record the samråd's assessments and recommendation */
    ACT_CASE_UNIT_ANSWER,         /* Process 2: accept or refuse for a unit of the area */
    ACT_CASE_DECIDE_P1,           /* Process 1: the unit's verksamhetschef decides */
    ACT_CASE_DECIDE_P2,           /* Process 2: the director (or the area's chief) decides */
    ACT_CASE_ASSIGN,              /* Process 1: give the extraction assignment */
    ACT_CASE_DELIVER_P1,          /* Process 1: the assigned employee registers delivery */
    ACT_CASE_DELIVER_P2,          /* Process 2: Data och analys registers delivery */
    ACT_CASE_QUEUE,               /* see the cases of an organisation (staff) */
    ACT_CASE_ACCEPT_INVITATION,   /* take a registered case into an account, with the link of its invitation */
    ACT_GUIDE_EDIT,               /* edit, compare and publish the knowledge guide's items */
    ACT_OBSTACLE_REPORT,          /* report an obstacle and follow it with its private link (anyone) */
    ACT_DELIVERY_LINK,            /* fetch a delivery or confirm its destruction with the mailed link (anyone) */
    ACT_OBSTACLE_COMPILED_REPORT, /* the compiled obstacle report for decision makers (/hinder/rapport) */
    ACT_OBSTACLE_PUBLISH,         /* redact an obstacle's texts and publish it in the public register, or withdraw it */
    ACT_OBSTACLE_TRIAGE,          /* the analyst's queue and every step of an obstacle's lifecycle */
    ACT_CASE_REDACT,              /* put a redacted version of a case's attachment in place of the original */
    ACT_CASE_CLAIM,               /* take a case so no one else works on it, release one's own, hand it over */
    ACT_CASE_CLAIM_RELEASE,       /* release someone else's claim on a case (an admin) */
    ACT_CASE_NOTE,                /* read and write the staff's internal notes on a case (never the applicant) */
    ACT_CASE_COPY,                /* copy an own closed request as a new one (the owner check in core/case_copy) */
    ACT_CALL_MANAGE,              /* publish joint calls, assess and decide applications, publish a project's results */
    ACT_CALL_APPLY,               /* apply to an open joint call and follow one's own application (owner check in the store) */
    ACT_FOLLOWUP_VIEW,            /* the follow-up figures of the whole support (/uppfoljning, issue 15 item 3) */
    ACT_NETWORK_REGISTER,         /* register for a network event and cancel with the mailed link (anyone) */
    ACT_NETWORK_EDIT,             /* add the network's members, calendar events and news (the network coordinator) */
    ACT_QUESTION_ASK,             /* ask the national support a question and read the answer with the mailed link (anyone) */
    ACT_QUESTION_HANDLE,          /* the shared question queue and its steps (the store's guards: coordinator or member's contact) */
    ACT_CASE_SURVEY,              /* answer a closed case's satisfaction survey with the mailed link (anyone) */
    ACT__MAX
} dl_action;

/* A role held at a node; node_path "/" means the whole installation, else the
 * node's materialised path such as "/1/4/". */
typedef struct authz_grant {
    dl_role role;
    const char *node_path;
} authz_grant;

typedef struct authz_subject {
    int64_t user_id;          /* 0: not signed in */
    const authz_grant *grants;
    int n_grants;
} authz_subject;

typedef struct authz_object {
    const char *node_path;    /* NULL: an installation-level object */
    int64_t owner_user_id;    /* 0: none */
    int state;                /* -1: not a stateful object */
    /* An object placed at several nodes — an account, at the units where it
     * holds roles (its installation-wide roles place it nowhere). Only the
     * actions whose rule says so look at these (ACT_USER_VIEW). */
    const char *const *node_paths;
    int n_node_paths;
} authz_object;

/* The most role grants one account may hold. account_grant() refuses more;
 * the signed-in user's grants are loaded into an array of this size. */
#define AUTHZ_MAX_GRANTS 64

/* Who a rule lets act. */
typedef enum authz_audience {
    AUD_PUBLIC,         /* anyone, signed in or not */
    AUD_SIGNED_IN,      /* anyone signed in */
    AUD_ROLES,          /* a holder of one of the rule's roles, where its scope says */
    AUD_OWNER,          /* the signed-in subject whose user_id is the object's
                         * owner_user_id (an applicant on their own case) */
    AUD_OWNER_OR_ROLES, /* the owner, or a holder of one of the roles in scope */
} authz_audience;

/* Where a role must be held for AUD_ROLES and AUD_OWNER_OR_ROLES. */
typedef enum authz_scope {
    SCOPE_ANYWHERE,     /* at any node */
    SCOPE_NODE,         /* at the object's node or above it (a grant for the whole
                         * installation covers every object, also one with no node) */
    SCOPE_ANY_NODE,     /* at or above one of the object's nodes (node_path and
                         * node_paths) — the rule for accounts */
    SCOPE_INSTALLATION, /* for the whole installation ("/"); the object's nodes do
                         * not matter, and a grant at a unit never suffices */
} authz_scope;

/* The object states a rule allows, a bitmask: bit i is state i (for a
 * release case, the values of case_state in core/case_flow.h). States run
 * from 0 to AUTHZ_MAX_STATES - 1. */
#define AUTHZ_MAX_STATES 32
#define AUTHZ_STATE_BIT(s) (1u << (s))

/* One row of the rule table. states 0: the action does not depend on a
 * state, and the object's state is ignored. Otherwise the object's state
 * must be one of the mask's: no object, state -1 (not a stateful object)
 * or a state outside the mask is denied — for every audience, the public
 * one too. */
typedef struct authz_rule {
    const char *name;
    authz_audience who;
    unsigned roles;     /* ROLE_BIT()s, for AUD_ROLES and AUD_OWNER_OR_ROLES */
    authz_scope scope;
    unsigned states;    /* AUTHZ_STATE_BIT()s; 0: not state-dependent */
} authz_rule;

/* 1 if allowed, 0 if not. subject and object may be NULL (public, no object). */
int authz_may(const authz_subject *subject, dl_action action, const authz_object *object);

/* 1 when the subject may perform the action on some object, in some
 * state: the rule is public, or the subject is signed in and the rule lets
 * anyone signed in or an object's owner act (any signed-in user may own
 * one), or the subject holds one of the rule's roles at a node its scope
 * accepts (SCOPE_INSTALLATION: for the whole installation; the other
 * scopes: anywhere, since an object may stand at that node). The router's
 * question before a handler runs, and the menu's. */
int authz_may_somewhere(const authz_subject *subject, dl_action action);

/* The rule table's evaluation, for any rule: authz_may(s, a, o) is
 * authz_rule_allows(authz_action_rule(a), s, o). NULL rule: 0. */
int authz_rule_allows(const authz_rule *rule, const authz_subject *subject, const authz_object *object);
int authz_rule_allows_somewhere(const authz_rule *rule, const authz_subject *subject);
/* The action's row; NULL for an action outside the table. */
const authz_rule *authz_action_rule(dl_action a);

/* Does a grant at grant_path cover an object at object_path? */
int authz_path_covers(const char *grant_path, const char *object_path);

const char *authz_action_name(dl_action a);
/* 1 when the action's rule lets anyone, signed in or not, perform it. */
int authz_action_is_public(dl_action a);
/* 1 when no one can perform the action without signing in (every valid
 * action that is not public); the router sends such visitors to /login. */
int authz_action_needs_sign_in(dl_action a);
/* Roles that may ever perform the action (for pages that explain refusals). */
unsigned authz_action_roles(dl_action a);
/* 1 when those roles count only when held for the whole installation. */
int authz_action_installation_only(dl_action a);

#endif
