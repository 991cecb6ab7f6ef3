/* authz.h — the one answer to "may user U do action A on object O". Every
 * handler asks authz_may(); the router asks it before the handler runs for
 * actions that need no object. The rules are a table (authz.c): per action,
 * who (public, anyone signed in, or a set of roles), and where the role
 * must be held: anywhere, at the object's node or above it, or at or above
 * one of the object's nodes (an account: the units where it holds roles).
 * Case-state rules join this table when the case workflow arrives (the
 * state mask). */
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

/* 1 if allowed, 0 if not. subject and object may be NULL (public, no object). */
int authz_may(const authz_subject *subject, dl_action action, const authz_object *object);

/* Does a grant at grant_path cover an object at object_path? */
int authz_path_covers(const char *grant_path, const char *object_path);

const char *authz_action_name(dl_action a);
/* 1 when the action's rule lets anyone, signed in or not, perform it. */
int authz_action_is_public(dl_action a);
/* Roles that may ever perform the action (for pages that explain refusals). */
unsigned authz_action_roles(dl_action a);

#endif
