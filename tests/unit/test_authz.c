/* test_authz.c — authz_may() over its whole matrix: every action × every role
 * × every kind of scope relation between the grant and the object, plus the
 * public subject, several grants, accounts seen by the admins of the units
 * where they hold roles, and authz_path_covers() edge cases; the rule
 * mechanism itself (authz_rule_allows) for every audience, the installation
 * scope and the state mask, over rules written here; authz_may_somewhere()
 * per role; and the grant safety rule of core/account_rules.c. The
 * expected answers are written out in the tables below (from authz.h and
 * shared/design/domain.md), not computed from the rule table under test. */
#include "test.h"

#include <stdint.h>
#include <stdio.h>

#include "core/account_rules.h"
#include "core/authz.h"
#include "core/roles.h"

/* Where the single grant is held, relative to the object at /1/4/9/. */
enum scope_case {
    S_INSTALLATION,      /* grant "/"             object "/1/4/9/" */
    S_NODE,              /* grant "/1/4/9/"       object "/1/4/9/" */
    S_ANCESTOR,          /* grant "/1/"           object "/1/4/9/" */
    S_PARENT,            /* grant "/1/4/"         object "/1/4/9/" */
    S_SIBLING,           /* grant "/1/4/10/"      object "/1/4/9/" */
    S_DESCENDANT,        /* grant "/1/4/9/12/"    object "/1/4/9/" */
    S_LOOKALIKE,         /* grant "/1/4/9/"       object "/1/4/95/" (string prefix, not ancestor) */
    S_OTHER_ROOT,        /* grant "/2/"           object "/1/4/9/" */
    S_INSTOBJ_NODEGRANT, /* grant "/1/"           object with NULL path (installation-level) */
    S_INSTOBJ_INSTGRANT, /* grant "/"             object with NULL path */
    S_NOOBJ_NODEGRANT,   /* grant "/1/"           no object at all */
    S_NOOBJ_INSTGRANT,   /* grant "/"             no object at all */
    N_SCOPES
};

static const struct { const char *grant, *object; int has_object; const char *name; } scopes[N_SCOPES] = {
    [S_INSTALLATION] = {"/", "/1/4/9/", 1, "installation grant"},
    [S_NODE] = {"/1/4/9/", "/1/4/9/", 1, "grant at the node"},
    [S_ANCESTOR] = {"/1/", "/1/4/9/", 1, "grant at the root above"},
    [S_PARENT] = {"/1/4/", "/1/4/9/", 1, "grant at the parent"},
    [S_SIBLING] = {"/1/4/10/", "/1/4/9/", 1, "grant at a sibling"},
    [S_DESCENDANT] = {"/1/4/9/12/", "/1/4/9/", 1, "grant below the node"},
    [S_LOOKALIKE] = {"/1/4/9/", "/1/4/95/", 1, "grant at a look-alike prefix"},
    [S_OTHER_ROOT] = {"/2/", "/1/4/9/", 1, "grant in another organisation"},
    [S_INSTOBJ_NODEGRANT] = {"/1/", NULL, 1, "node grant, installation object"},
    [S_INSTOBJ_INSTGRANT] = {"/", NULL, 1, "installation grant, installation object"},
    [S_NOOBJ_NODEGRANT] = {"/1/", NULL, 0, "node grant, no object"},
    [S_NOOBJ_INSTGRANT] = {"/", NULL, 0, "installation grant, no object"},
};

/* One character per role, in dl_role order:
 *   applicant, registrar, coordinator, samrad_member, confidentiality_reviewer,
 *   verksamhetschef, assigned_employee, regionomradeschef, forvaltningsdirektor,
 *   data_analysis, editor, obstacle_analyst, network_coordinator, admin
 * 'y' allowed, '.' denied. */
#define ALL "yyyyyyyyyyyyyy"
#define NONE ".............."
#define REG ".y............"  /* registrar */
#define REDACT ".y..y........."  /* registrar, confidentiality reviewer */
#define CONF ".yy.y........."  /* registrar, coordinator, confidentiality reviewer */
#define ADM ".............y"  /* admin */
#define INTAKE ".yy..........."  /* registrar, coordinator */
#define REVIEWER "....y........."
#define SAMRAD "..yy.........."  /* coordinator, samråd member */
#define VC ".....y........"  /* verksamhetschef */
#define UNITANS ".....y.y......"  /* verksamhetschef, regionområdeschef */
#define DIRECTOR ".......yy....."  /* regionområdeschef, förvaltningsdirektör */
#define EMPLOYEE "......y......."  /* assigned employee */
#define DA ".........y...."  /* Data och analys */
#define STAFF ".yyyyyyyyy...."  /* the release process's staff */
#define EDITOR "..........y..."  /* redaktör */
#define OBSAN "...........y.."  /* hinderanalytiker */
#define NETCO "............y."  /* nätverkskoordinator */
#define FOLLOW "............yy"  /* nätverkssamordnare, admin */
#define NODE_RULE(p) {p, p, p, p, NONE, NONE, NONE, NONE, NONE, p, NONE, p}

static const struct {
    dl_action action;
    const char *by_scope[N_SCOPES];
} matrix[] = {
    /*                           INST  NODE  ANC   PAR   SIB   DESC  LOOK  OTHER INOBJ/N INOBJ/I NOOBJ/N NOOBJ/I */
    {ACT_PUBLIC_READ,           {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_ACCOUNT_SELF,          {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_DIARY_REGISTER,        {REG,  REG,  REG,  REG,  NONE, NONE, NONE, NONE, NONE,   REG,    NONE,   REG}},
    {ACT_DIARY_CORRECT,         {REG,  REG,  REG,  REG,  NONE, NONE, NONE, NONE, NONE,   REG,    NONE,   REG}},
    {ACT_DIARY_READ_CONFIDENTIAL, {CONF, CONF, CONF, CONF, NONE, NONE, NONE, NONE, NONE, CONF,   NONE,   CONF}},
    {ACT_ORG_VIEW,              {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_ORG_MANAGE,            {ADM,  ADM,  ADM,  ADM,  NONE, NONE, NONE, NONE, NONE,   ADM,    NONE,   ADM}},
    {ACT_USER_MANAGE,           {ADM,  ADM,  ADM,  ADM,  NONE, NONE, NONE, NONE, NONE,   ADM,    NONE,   ADM}},
    {ACT_USER_VIEW,             {ADM,  ADM,  ADM,  ADM,  NONE, NONE, NONE, NONE, NONE,   ADM,    NONE,   ADM}},
    {ACT_ROLE_ASSIGN,           {ADM,  ADM,  ADM,  ADM,  NONE, NONE, NONE, NONE, NONE,   ADM,    NONE,   ADM}},
    {ACT_AUDIT_VIEW,            {ADM,  NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE,   ADM,    NONE,   ADM}},
    {ACT_CASE_APPLY,            {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_CASE_REGISTER,         NODE_RULE(REG)},
    {ACT_CASE_INTAKE,           NODE_RULE(INTAKE)},
    {ACT_CASE_REVIEW_CONFIDENTIALITY, NODE_RULE(REVIEWER)},
    {ACT_CASE_RECOMMEND,        NODE_RULE(SAMRAD)},
    {ACT_CASE_UNIT_ANSWER,      NODE_RULE(UNITANS)},
    {ACT_CASE_DECIDE_P1,        NODE_RULE(VC)},
    {ACT_CASE_DECIDE_P2,        NODE_RULE(DIRECTOR)},
    {ACT_CASE_ASSIGN,           NODE_RULE(VC)},
    {ACT_CASE_DELIVER_P1,       NODE_RULE(EMPLOYEE)},
    {ACT_CASE_DELIVER_P2,       NODE_RULE(DA)},
    {ACT_CASE_QUEUE,            NODE_RULE(STAFF)},
    {ACT_CASE_ACCEPT_INVITATION, {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_GUIDE_EDIT,            {EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR, EDITOR}},
    {ACT_OBSTACLE_REPORT,       {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_DELIVERY_LINK,         {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_OBSTACLE_COMPILED_REPORT, {OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN}},
    {ACT_OBSTACLE_PUBLISH,      {OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN}},
    {ACT_OBSTACLE_TRIAGE,       {OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN, OBSAN}},
    {ACT_CASE_REDACT,           NODE_RULE(REDACT)},
    {ACT_CASE_CLAIM,            NODE_RULE(INTAKE)},
    {ACT_CASE_CLAIM_RELEASE,    NODE_RULE(ADM)},
    {ACT_CASE_NOTE,             NODE_RULE(STAFF)},
    {ACT_CASE_COPY,             {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_CALL_MANAGE,           {NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO}},
    {ACT_CALL_APPLY,            {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_FOLLOWUP_VIEW,         {FOLLOW, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, FOLLOW, NONE, FOLLOW}},
    {ACT_NETWORK_REGISTER,      {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_NETWORK_EDIT,          {NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO, NETCO,   NETCO,   NETCO,   NETCO}},
    {ACT_QUESTION_ASK,          {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_QUESTION_HANDLE,       {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
    {ACT_CASE_SURVEY,           {ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,  ALL,    ALL,    ALL,    ALL}},
};
#define N_MATRIX (int)(sizeof matrix / sizeof matrix[0])

TEST(authz_matrix_covers_every_action)
{
    CHECK_INT_EQ(N_MATRIX, ACT__MAX);
    CHECK_INT_EQ(ROLE__MAX, 14);
    for (int i = 0; i < N_MATRIX; i++) {
        CHECK_INT_EQ(matrix[i].action, i);
        for (int s = 0; s < N_SCOPES; s++) CHECK_INT_EQ(strlen(matrix[i].by_scope[s]), ROLE__MAX);
    }
}

TEST(authz_matrix_signed_in_user_with_one_grant)
{
    int checked = 0, wrong = 0;
    for (int i = 0; i < N_MATRIX; i++) {
        for (int s = 0; s < N_SCOPES; s++) {
            for (int r = 0; r < ROLE__MAX; r++) {
                authz_grant g = {(dl_role)r, scopes[s].grant};
                authz_subject subj = {42, &g, 1};
                authz_object obj = {scopes[s].object, 0, -1};
                int want = matrix[i].by_scope[s][r] == 'y';
                int got = authz_may(&subj, matrix[i].action, scopes[s].has_object ? &obj : NULL);
                checked++;
                if (got != want) {
                    wrong++;
                    test_fail(__FILE__, __LINE__, "%s by %s (%s): got %d, expected %d",
                              authz_action_name(matrix[i].action), role_key((dl_role)r), scopes[s].name, got,
                              want);
                }
            }
        }
    }
    CHECK_INT_EQ(checked, ACT__MAX * N_SCOPES * ROLE__MAX);
    CHECK_INT_EQ(wrong, 0);
}

/* The public: no subject at all, or a subject with user_id 0 (or below) —
 * whatever grants it carries — and a signed-in user with no grants. */
static const struct {
    dl_action action;
    int public_ok;    /* NULL subject or user_id <= 0 */
    int no_grants_ok; /* signed in, no role anywhere */
} audience[] = {
    {ACT_PUBLIC_READ, 1, 1},
    {ACT_ACCOUNT_SELF, 0, 1},
    {ACT_DIARY_REGISTER, 0, 0},
    {ACT_DIARY_CORRECT, 0, 0},
    {ACT_DIARY_READ_CONFIDENTIAL, 0, 0},
    {ACT_ORG_VIEW, 1, 1},
    {ACT_ORG_MANAGE, 0, 0},
    {ACT_USER_MANAGE, 0, 0},
    {ACT_USER_VIEW, 0, 0},
    {ACT_ROLE_ASSIGN, 0, 0},
    {ACT_AUDIT_VIEW, 0, 0},
    {ACT_CASE_APPLY, 0, 1},
    {ACT_CASE_REGISTER, 0, 0},
    {ACT_CASE_INTAKE, 0, 0},
    {ACT_CASE_REVIEW_CONFIDENTIALITY, 0, 0},
    {ACT_CASE_RECOMMEND, 0, 0},
    {ACT_CASE_UNIT_ANSWER, 0, 0},
    {ACT_CASE_DECIDE_P1, 0, 0},
    {ACT_CASE_DECIDE_P2, 0, 0},
    {ACT_CASE_ASSIGN, 0, 0},
    {ACT_CASE_DELIVER_P1, 0, 0},
    {ACT_CASE_DELIVER_P2, 0, 0},
    {ACT_CASE_QUEUE, 0, 0},
    {ACT_CASE_ACCEPT_INVITATION, 1, 1},
    {ACT_GUIDE_EDIT, 0, 0},
    {ACT_OBSTACLE_REPORT, 1, 1},
    {ACT_DELIVERY_LINK, 1, 1},
    {ACT_OBSTACLE_COMPILED_REPORT, 0, 0},
    {ACT_OBSTACLE_PUBLISH, 0, 0},
    {ACT_OBSTACLE_TRIAGE, 0, 0},
    {ACT_CASE_REDACT, 0, 0},
    {ACT_CASE_CLAIM, 0, 0},
    {ACT_CASE_CLAIM_RELEASE, 0, 0},
    {ACT_CASE_NOTE, 0, 0},
    {ACT_CASE_COPY, 0, 1},
    {ACT_CALL_MANAGE, 0, 0},
    {ACT_CALL_APPLY, 0, 1},
    {ACT_FOLLOWUP_VIEW, 0, 0},
    {ACT_NETWORK_REGISTER, 1, 1},
    {ACT_NETWORK_EDIT, 0, 0},
    {ACT_QUESTION_ASK, 1, 1},
    {ACT_QUESTION_HANDLE, 0, 1},
    {ACT_CASE_SURVEY, 1, 1},
};

TEST(authz_matrix_public_subject_and_no_grants)
{
    CHECK_INT_EQ((int)(sizeof audience / sizeof audience[0]), ACT__MAX);
    /* Every role at the installation: must not help a subject not signed in. */
    authz_grant all[ROLE__MAX];
    for (int r = 0; r < ROLE__MAX; r++) all[r] = (authz_grant){(dl_role)r, "/"};
    authz_object node = {"/1/4/9/", 0, -1}, inst = {NULL, 0, -1};
    const authz_object *objects[] = {NULL, &node, &inst};
    for (int i = 0; i < ACT__MAX; i++) {
        dl_action a = audience[i].action;
        CHECK_INT_EQ(a, i);
        for (int o = 0; o < 3; o++) {
            authz_subject id0 = {0, all, ROLE__MAX};
            authz_subject neg = {-5, all, ROLE__MAX};
            authz_subject anon_empty = {0, NULL, 0};
            authz_subject bare = {42, NULL, 0};
            int got[5] = {authz_may(NULL, a, objects[o]), authz_may(&id0, a, objects[o]),
                          authz_may(&neg, a, objects[o]), authz_may(&anon_empty, a, objects[o]),
                          authz_may(&bare, a, objects[o])};
            int want[5] = {audience[i].public_ok, audience[i].public_ok, audience[i].public_ok,
                           audience[i].public_ok, audience[i].no_grants_ok};
            static const char *const who[5] = {"NULL subject", "user_id 0 with every role", "user_id -5",
                                               "user_id 0 without grants", "signed in, no grants"};
            for (int k = 0; k < 5; k++)
                if (got[k] != want[k])
                    test_fail(__FILE__, __LINE__, "%s for %s (object %d): got %d, expected %d",
                              authz_action_name(a), who[k], o, got[k], want[k]);
        }
    }
}

TEST(authz_multiple_grants)
{
    /* An editor everywhere and a registrar at /1/4/: the registrar grant
     * decides, and only inside /1/4/. */
    authz_grant g[] = {{ROLE_EDITOR, "/"}, {ROLE_COORDINATOR, "/2/"}, {ROLE_REGISTRAR, "/1/4/"}};
    authz_subject s = {7, g, 3};
    authz_object in = {"/1/4/9/", 0, -1}, at = {"/1/4/", 0, -1}, above = {"/1/", 0, -1},
                 other = {"/2/5/", 0, -1}, inst = {NULL, 0, -1};
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_REGISTER, &in), 1);
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_REGISTER, &at), 1);
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_REGISTER, &above), 0);
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_REGISTER, &other), 0);
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_REGISTER, &inst), 0);
    /* Confidential reads: registrar in /1/4/, coordinator in /2/. */
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_READ_CONFIDENTIAL, &in), 1);
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_READ_CONFIDENTIAL, &other), 1);
    CHECK_INT_EQ(authz_may(&s, ACT_DIARY_READ_CONFIDENTIAL, &above), 0);
    CHECK_INT_EQ(authz_may(&s, ACT_ORG_MANAGE, &in), 0); /* no admin grant */
    /* Grant order does not matter. */
    authz_grant rev[] = {g[2], g[1], g[0]};
    authz_subject s2 = {7, rev, 3};
    CHECK_INT_EQ(authz_may(&s2, ACT_DIARY_REGISTER, &in), 1);
    CHECK_INT_EQ(authz_may(&s2, ACT_DIARY_REGISTER, &other), 0);
    /* n_grants is respected: the registrar grant past the count is not seen. */
    authz_subject s3 = {7, g, 2};
    CHECK_INT_EQ(authz_may(&s3, ACT_DIARY_REGISTER, &in), 0);
    /* Admin at one root and at another: both covered, a third is not. */
    authz_grant admins[] = {{ROLE_ADMIN, "/1/"}, {ROLE_ADMIN, "/3/"}};
    authz_subject a = {9, admins, 2};
    authz_object r1 = {"/1/7/", 0, -1}, r3 = {"/3/", 0, -1}, r2 = {"/2/", 0, -1};
    CHECK_INT_EQ(authz_may(&a, ACT_USER_MANAGE, &r1), 1);
    CHECK_INT_EQ(authz_may(&a, ACT_USER_MANAGE, &r3), 1);
    CHECK_INT_EQ(authz_may(&a, ACT_USER_MANAGE, &r2), 0);
    CHECK_INT_EQ(authz_may(&a, ACT_AUDIT_VIEW, &inst), 0); /* installation audit needs "/" */
}

/* ACT_USER_VIEW: an account is "at" every unit where it holds a role (the
 * object's node_paths; its installation-wide roles place it nowhere). An
 * admin sees it when the admin grant is at or above one of them — the same
 * rule as the scoped list of /admin/users — and an installation admin sees
 * every account, also one with no role at any unit. */
TEST(authz_user_view_by_where_the_account_holds_roles)
{
    static const char *const none[] = {NULL};
    static const char *const at_unit[] = {"/1/4/"};
    static const char *const below[] = {"/1/4/9/"};
    static const char *const above[] = {"/1/"};
    static const char *const sibling[] = {"/1/5/"};
    static const char *const lookalike[] = {"/1/45/"};
    static const char *const other_root[] = {"/2/"};
    static const char *const mixed_in[] = {"/2/", "/1/", "/1/4/9/12/"};
    static const char *const mixed_out[] = {"/2/", "/1/", "/1/5/"};
    static const char *const with_null[] = {NULL, "/1/4/9/"};
    static const struct {
        const char *admin_at;           /* where the one grant is held */
        dl_role role;
        const char *const *paths;       /* the account's units */
        int n;
        int want;
        const char *what;
    } cases[] = {
        {"/", ROLE_ADMIN, none, 0, 1, "installation admin, account with no unit role"},
        {"/", ROLE_ADMIN, below, 1, 1, "installation admin, account at a unit"},
        {"/", ROLE_ADMIN, other_root, 1, 1, "installation admin, account in another organisation"},
        {"/1/4/", ROLE_ADMIN, none, 0, 0, "unit admin, account with no unit role"},
        {"/1/4/", ROLE_ADMIN, at_unit, 1, 1, "unit admin, account at the admin's unit"},
        {"/1/4/", ROLE_ADMIN, below, 1, 1, "unit admin, account below the admin's unit"},
        {"/1/4/", ROLE_ADMIN, above, 1, 0, "unit admin, account above the admin's unit"},
        {"/1/4/", ROLE_ADMIN, sibling, 1, 0, "unit admin, account at a sibling unit"},
        {"/1/4/", ROLE_ADMIN, lookalike, 1, 0, "unit admin, account at a look-alike path"},
        {"/1/4/", ROLE_ADMIN, other_root, 1, 0, "unit admin, account in another organisation"},
        {"/1/4/", ROLE_ADMIN, mixed_in, 3, 1, "unit admin, one of three units inside"},
        {"/1/4/", ROLE_ADMIN, mixed_out, 3, 0, "unit admin, none of three units inside"},
        {"/1/4/", ROLE_ADMIN, with_null, 2, 1, "unit admin, a NULL path among them is skipped"},
        {"/1/4/", ROLE_ADMIN, with_null, 1, 0, "unit admin, only a NULL path"},
        {"/", ROLE_REGISTRAR, below, 1, 0, "registrar everywhere is no admin"},
        {"/", ROLE_EDITOR, none, 0, 0, "editor everywhere is no admin"},
        {"/1/4/", ROLE_COORDINATOR, below, 1, 0, "coordinator at the unit is no admin"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        authz_grant g = {cases[i].role, cases[i].admin_at};
        authz_subject s = {42, &g, 1};
        authz_object o = {.node_path = NULL, .state = -1, .node_paths = cases[i].paths, .n_node_paths = cases[i].n};
        int got = authz_may(&s, ACT_USER_VIEW, &o);
        if (got != cases[i].want)
            test_fail(__FILE__, __LINE__, "user_view, %s: got %d, expected %d", cases[i].what, got, cases[i].want);
    }
    /* No object at all: an account nobody placed anywhere. */
    authz_grant inst = {ROLE_ADMIN, "/"}, unit = {ROLE_ADMIN, "/1/4/"};
    authz_subject root = {1, &inst, 1}, local = {2, &unit, 1};
    CHECK_INT_EQ(authz_may(&root, ACT_USER_VIEW, NULL), 1);
    CHECK_INT_EQ(authz_may(&local, ACT_USER_VIEW, NULL), 0);
    /* Admin of two units: either one is enough. */
    authz_grant two[] = {{ROLE_ADMIN, "/2/"}, {ROLE_ADMIN, "/1/4/"}};
    authz_subject both = {3, two, 2};
    authz_object acc = {.state = -1, .node_paths = below, .n_node_paths = 1};
    CHECK_INT_EQ(authz_may(&both, ACT_USER_VIEW, &acc), 1);
    /* Not signed in: never, whatever the grants say. */
    authz_subject anon = {0, &inst, 1};
    CHECK_INT_EQ(authz_may(&anon, ACT_USER_VIEW, &acc), 0);
    /* node_path and node_paths together: either place counts. */
    authz_object placed = {.node_path = "/2/", .state = -1, .node_paths = below, .n_node_paths = 1};
    CHECK_INT_EQ(authz_may(&local, ACT_USER_VIEW, &placed), 1);
    /* The other actions look at node_path only: an account's units do not
     * make it an object at those units for role assignment or management. */
    CHECK_INT_EQ(authz_may(&local, ACT_ROLE_ASSIGN, &acc), 0);
    CHECK_INT_EQ(authz_may(&local, ACT_USER_MANAGE, &acc), 0);
    CHECK_INT_EQ(authz_may(&root, ACT_USER_MANAGE, &acc), 1);
}

TEST(authz_bad_inputs_are_denied)
{
    authz_grant g[] = {{(dl_role)ROLE__MAX, "/"}, {(dl_role)-1, "/"}, {(dl_role)99, "/"},
                       {ROLE_ADMIN, NULL}};
    authz_subject s = {5, g, 4};
    authz_object o = {"/1/", 0, -1};
    for (int a = 0; a < ACT__MAX; a++) {
        int want = a == ACT_PUBLIC_READ || a == ACT_ORG_VIEW || a == ACT_ACCOUNT_SELF || a == ACT_CASE_APPLY ||
                   a == ACT_CASE_ACCEPT_INVITATION || a == ACT_OBSTACLE_REPORT || a == ACT_DELIVERY_LINK ||
                   a == ACT_CASE_COPY || a == ACT_CALL_APPLY || a == ACT_NETWORK_REGISTER ||
                   a == ACT_QUESTION_ASK || a == ACT_QUESTION_HANDLE || a == ACT_CASE_SURVEY;
        if (authz_may(&s, (dl_action)a, &o) != want)
            test_fail(__FILE__, __LINE__, "%s with out-of-range roles / NULL path", authz_action_name((dl_action)a));
    }
    authz_grant admin = {ROLE_ADMIN, "/"};
    authz_subject root = {1, &admin, 1};
    CHECK_INT_EQ(authz_may(&root, ACT__MAX, &o), 0);
    CHECK_INT_EQ(authz_may(&root, (dl_action)-1, &o), 0);
    CHECK_INT_EQ(authz_may(NULL, (dl_action)1000, NULL), 0);
    CHECK_STR_EQ(authz_action_name(ACT__MAX), "unknown");
    CHECK_INT_EQ(authz_action_roles(ACT__MAX), 0);
}

TEST(authz_action_names_and_roles)
{
    /* public: authz_action_is_public; sign: authz_action_needs_sign_in;
     * inst: authz_action_installation_only */
    static const struct { dl_action a; const char *name; unsigned roles; int is_public, sign, inst; } want[] = {
        {ACT_PUBLIC_READ, "public_read", 0, 1, 0, 0},
        {ACT_ACCOUNT_SELF, "account_self", 0, 0, 1, 0},
        {ACT_DIARY_REGISTER, "diary_register", ROLE_BIT(ROLE_REGISTRAR), 0, 1, 0},
        {ACT_DIARY_CORRECT, "diary_correct", ROLE_BIT(ROLE_REGISTRAR), 0, 1, 0},
        {ACT_DIARY_READ_CONFIDENTIAL, "diary_read_confidential",
         ROLE_BIT(ROLE_REGISTRAR) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_CONFIDENTIALITY_REVIEWER), 0, 1, 0},
        {ACT_ORG_VIEW, "org_view", 0, 1, 0, 0},
        {ACT_ORG_MANAGE, "org_manage", ROLE_BIT(ROLE_ADMIN), 0, 1, 0},
        {ACT_USER_MANAGE, "user_manage", ROLE_BIT(ROLE_ADMIN), 0, 1, 0},
        {ACT_USER_VIEW, "user_view", ROLE_BIT(ROLE_ADMIN), 0, 1, 0},
        {ACT_ROLE_ASSIGN, "role_assign", ROLE_BIT(ROLE_ADMIN), 0, 1, 0},
        {ACT_AUDIT_VIEW, "audit_view", ROLE_BIT(ROLE_ADMIN), 0, 1, 1},
        {ACT_CASE_APPLY, "case_apply", 0, 0, 1, 0},
        {ACT_CASE_REGISTER, "case_register", ROLE_BIT(ROLE_REGISTRAR), 0, 1, 0},
        {ACT_CASE_INTAKE, "case_intake", ROLE_BIT(ROLE_REGISTRAR) | ROLE_BIT(ROLE_COORDINATOR), 0, 1, 0},
        {ACT_CASE_REVIEW_CONFIDENTIALITY, "case_review_confidentiality", ROLE_BIT(ROLE_CONFIDENTIALITY_REVIEWER), 0, 1, 0},
        {ACT_CASE_RECOMMEND, "case_recommend", ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_SAMRAD_MEMBER), 0, 1, 0},
        {ACT_CASE_UNIT_ANSWER, "case_unit_answer", ROLE_BIT(ROLE_VERKSAMHETSCHEF) | ROLE_BIT(ROLE_REGIONOMRADESCHEF), 0, 1, 0},
        {ACT_CASE_DECIDE_P1, "case_decide_p1", ROLE_BIT(ROLE_VERKSAMHETSCHEF), 0, 1, 0},
        {ACT_CASE_DECIDE_P2, "case_decide_p2", ROLE_BIT(ROLE_REGIONOMRADESCHEF) | ROLE_BIT(ROLE_FORVALTNINGSDIREKTOR), 0, 1, 0},
        {ACT_CASE_ASSIGN, "case_assign", ROLE_BIT(ROLE_VERKSAMHETSCHEF), 0, 1, 0},
        {ACT_CASE_DELIVER_P1, "case_deliver_p1", ROLE_BIT(ROLE_ASSIGNED_EMPLOYEE), 0, 1, 0},
        {ACT_CASE_DELIVER_P2, "case_deliver_p2", ROLE_BIT(ROLE_DATA_ANALYSIS), 0, 1, 0},
        {ACT_CASE_QUEUE, "case_queue", ROLE_BIT(ROLE_REGISTRAR) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_SAMRAD_MEMBER) |
         ROLE_BIT(ROLE_CONFIDENTIALITY_REVIEWER) | ROLE_BIT(ROLE_VERKSAMHETSCHEF) | ROLE_BIT(ROLE_ASSIGNED_EMPLOYEE) |
         ROLE_BIT(ROLE_REGIONOMRADESCHEF) | ROLE_BIT(ROLE_FORVALTNINGSDIREKTOR) | ROLE_BIT(ROLE_DATA_ANALYSIS), 0, 1, 0},
        {ACT_CASE_ACCEPT_INVITATION, "case_accept_invitation", 0, 1, 0, 0},
        {ACT_GUIDE_EDIT, "guide_edit", ROLE_BIT(ROLE_EDITOR), 0, 1, 0},
        {ACT_OBSTACLE_REPORT, "obstacle_report", 0, 1, 0, 0},
        {ACT_DELIVERY_LINK, "delivery_link", 0, 1, 0, 0},
        {ACT_OBSTACLE_COMPILED_REPORT, "obstacle_compiled_report", ROLE_BIT(ROLE_OBSTACLE_ANALYST), 0, 1, 0},
        {ACT_OBSTACLE_PUBLISH, "obstacle_publish", ROLE_BIT(ROLE_OBSTACLE_ANALYST), 0, 1, 0},
        {ACT_OBSTACLE_TRIAGE, "obstacle_triage", ROLE_BIT(ROLE_OBSTACLE_ANALYST), 0, 1, 0},
        {ACT_CASE_REDACT, "case_redact", ROLE_BIT(ROLE_REGISTRAR) | ROLE_BIT(ROLE_CONFIDENTIALITY_REVIEWER), 0, 1, 0},
        {ACT_CASE_CLAIM, "case_claim", ROLE_BIT(ROLE_REGISTRAR) | ROLE_BIT(ROLE_COORDINATOR), 0, 1, 0},
        {ACT_CASE_CLAIM_RELEASE, "case_claim_release", ROLE_BIT(ROLE_ADMIN), 0, 1, 0},
        {ACT_CASE_NOTE, "case_note", ROLE_BIT(ROLE_REGISTRAR) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_SAMRAD_MEMBER) |
         ROLE_BIT(ROLE_CONFIDENTIALITY_REVIEWER) | ROLE_BIT(ROLE_VERKSAMHETSCHEF) | ROLE_BIT(ROLE_ASSIGNED_EMPLOYEE) |
         ROLE_BIT(ROLE_REGIONOMRADESCHEF) | ROLE_BIT(ROLE_FORVALTNINGSDIREKTOR) | ROLE_BIT(ROLE_DATA_ANALYSIS), 0, 1, 0},
        {ACT_CASE_COPY, "case_copy", 0, 0, 1, 0},
        {ACT_CALL_MANAGE, "call_manage", ROLE_BIT(ROLE_NETWORK_COORDINATOR), 0, 1, 0},
        {ACT_CALL_APPLY, "call_apply", 0, 0, 1, 0},
        {ACT_FOLLOWUP_VIEW, "followup_view", ROLE_BIT(ROLE_NETWORK_COORDINATOR) | ROLE_BIT(ROLE_ADMIN), 0, 1, 1},
        {ACT_NETWORK_REGISTER, "network_register", 0, 1, 0, 0},
        {ACT_NETWORK_EDIT, "network_edit", ROLE_BIT(ROLE_NETWORK_COORDINATOR), 0, 1, 0},
        {ACT_QUESTION_ASK, "question_ask", 0, 1, 0, 0},
        {ACT_QUESTION_HANDLE, "question_handle", 0, 0, 1, 0},
        {ACT_CASE_SURVEY, "case_survey", 0, 1, 0, 0},
    };
    CHECK_INT_EQ((int)(sizeof want / sizeof want[0]), ACT__MAX);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK_STR_EQ(authz_action_name(want[i].a), want[i].name);
        CHECK_INT_EQ(authz_action_roles(want[i].a), want[i].roles);
        CHECK_INT_EQ(authz_action_is_public(want[i].a), want[i].is_public);
        CHECK_INT_EQ(authz_action_needs_sign_in(want[i].a), want[i].sign);
        CHECK_INT_EQ(authz_action_installation_only(want[i].a), want[i].inst);
        CHECK(authz_action_rule(want[i].a) != NULL);
        CHECK_STR_EQ(authz_action_rule(want[i].a)->name, want[i].name);
    }
    CHECK(authz_action_rule(ACT__MAX) == NULL);
    CHECK(authz_action_rule((dl_action)-1) == NULL);
    CHECK_INT_EQ(authz_action_is_public(ACT__MAX), 0);
    CHECK_INT_EQ(authz_action_needs_sign_in(ACT__MAX), 0);
    CHECK_INT_EQ(authz_action_installation_only(ACT__MAX), 0);
}

TEST(authz_path_covers_edge_cases)
{
    static const struct { const char *grant, *object; int want; } cases[] = {
        {"/1/", "/10/", 0},        /* a number prefix is not an ancestor */
        {"/1/", "/1/2/", 1},
        {"/1/", "/1/", 1},
        {"/1/2/", "/1/", 0},       /* below does not cover above */
        {"/1/2/", "/1/20/3/", 0},
        {"/1/2/", "/1/2/3/", 1},
        {"/", NULL, 1},            /* installation grant covers installation objects */
        {"/", "/7/8/9/", 1},
        {"/1/", NULL, 0},          /* a node grant does not */
        {NULL, "/1/", 0},
        {NULL, NULL, 0},
        {"", "/1/", 0},
        {"", NULL, 0},
        {"/2/", "/1/2/", 0},       /* not a substring test */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = authz_path_covers(cases[i].grant, cases[i].object);
        if (got != cases[i].want)
            test_fail(__FILE__, __LINE__, "authz_path_covers(%s, %s) = %d, expected %d",
                      cases[i].grant ? cases[i].grant : "NULL", cases[i].object ? cases[i].object : "NULL",
                      got, cases[i].want);
    }
}

TEST(authz_roles_keys_round_trip)
{
    for (int r = 0; r < ROLE__MAX; r++) {
        dl_role back;
        CHECK(role_key((dl_role)r) != NULL);
        CHECK(role_label_sv((dl_role)r) != NULL);
        CHECK_INT_EQ(role_from_key(role_key((dl_role)r), &back), 0);
        CHECK_INT_EQ(back, r);
    }
    dl_role x;
    CHECK_INT_EQ(role_from_key("nosuch", &x), -1);
    CHECK_INT_EQ(role_from_key(NULL, &x), -1);
    CHECK(role_key(ROLE__MAX) == NULL);
    CHECK_STR_EQ(role_key(ROLE_REGISTRAR), "registrar");
    CHECK_STR_EQ(role_key(ROLE_ADMIN), "admin");
}

/* --- the rule mechanism, over rules written here (authz_rule_allows) --- */

#define RB(x) ROLE_BIT(ROLE_##x)

/* The state mask. Objects at /1/4/ in the given state; "none" is no object
 * at all. Columns: a rule for anyone signed in allowed in states 1, 3 and 31
 * (signed-in subject); the same rule without a mask; a public rule allowed
 * in state 0 (no subject); a registrar rule at the node allowed in state 2,
 * by a registrar at /1/ (in scope) and at /2/ (out of scope). */
TEST(authz_rule_state_mask)
{
    static const authz_rule masked = {"t_masked", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE,
                                      AUTHZ_STATE_BIT(1) | AUTHZ_STATE_BIT(3) | AUTHZ_STATE_BIT(31)};
    static const authz_rule unmasked = {"t_unmasked", AUD_SIGNED_IN, 0, SCOPE_ANYWHERE, 0};
    static const authz_rule public_masked = {"t_public_masked", AUD_PUBLIC, 0, SCOPE_ANYWHERE, AUTHZ_STATE_BIT(0)};
    static const authz_rule roles_masked = {"t_roles_masked", AUD_ROLES, RB(REGISTRAR), SCOPE_NODE,
                                            AUTHZ_STATE_BIT(2)};
    static const struct {
        int has_object, state;
        const char *want; /* masked, unmasked, public_masked, roles_masked in scope, roles_masked out of scope */
    } cases[] = {
        {0, 0, ".y..."},   /* no object: a masked rule has no state to look at */
        {1, -1, ".y..."},  /* not a stateful object */
        {1, -7, ".y..."},
        {1, 0, ".yy.."},
        {1, 1, "yy..."},
        {1, 2, ".y.y."},
        {1, 3, "yy..."},
        {1, 4, ".y..."},
        {1, 30, ".y..."},
        {1, 31, "yy..."},
        {1, 32, ".y..."},  /* past the last state a mask can hold */
        {1, 99, ".y..."},
    };
    authz_grant in_scope = {ROLE_REGISTRAR, "/1/"}, out_scope = {ROLE_REGISTRAR, "/2/"};
    authz_subject user = {42, NULL, 0}, reg_in = {42, &in_scope, 1}, reg_out = {42, &out_scope, 1};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        authz_object o = {"/1/4/", 0, cases[i].state};
        const authz_object *obj = cases[i].has_object ? &o : NULL;
        int got[5] = {authz_rule_allows(&masked, &user, obj), authz_rule_allows(&unmasked, &user, obj),
                      authz_rule_allows(&public_masked, NULL, obj), authz_rule_allows(&roles_masked, &reg_in, obj),
                      authz_rule_allows(&roles_masked, &reg_out, obj)};
        for (int k = 0; k < 5; k++)
            if (got[k] != (cases[i].want[k] == 'y'))
                test_fail(__FILE__, __LINE__, "state %d (object %d), column %d: got %d, expected %c", cases[i].state,
                          cases[i].has_object, k, got[k], cases[i].want[k]);
    }
    /* The mask narrows, it never lets anyone in: not signed in, state 1. */
    authz_object s1 = {"/1/4/", 0, 1};
    CHECK_INT_EQ(authz_rule_allows(&masked, NULL, &s1), 0);
    authz_subject anon = {0, NULL, 0};
    CHECK_INT_EQ(authz_rule_allows(&masked, &anon, &s1), 0);
    /* The right state, the wrong role. */
    authz_grant coord = {ROLE_COORDINATOR, "/"};
    authz_subject c = {42, &coord, 1};
    authz_object s2 = {"/1/4/", 0, 2};
    CHECK_INT_EQ(authz_rule_allows(&roles_masked, &c, &s2), 0);
    CHECK_INT_EQ(AUTHZ_STATE_BIT(0), 1u);
    CHECK_INT_EQ(AUTHZ_STATE_BIT(31), 0x80000000u);
    CHECK_INT_EQ(authz_rule_allows(NULL, &user, &s1), 0);
    /* No rule of the table depends on a state yet: a state never changes
     * an answer of authz_may (the case actions will). */
    for (int a = 0; a < ACT__MAX; a++) CHECK_INT_EQ(authz_action_rule((dl_action)a)->states, 0);
}

/* The owner audiences. Subjects: A no subject; B user_id 0 holding a
 * coordinator grant for the whole installation; C user 42, no grants; D
 * user 43, no grants; E user 43, coordinator at /1/; F user 43, coordinator
 * at /2/; G user 43, registrar for the whole installation (not the rule's
 * role); H user 43, coordinator for the whole installation. Objects: owned
 * by 42 at /1/4/, owned by no one at /1/4/, no object. */
TEST(authz_rule_owner_audiences)
{
    static const authz_rule owner = {"t_owner", AUD_OWNER, RB(COORDINATOR), SCOPE_NODE, 0}; /* roles unused */
    static const authz_rule owner_or = {"t_owner_or_roles", AUD_OWNER_OR_ROLES, RB(COORDINATOR), SCOPE_NODE, 0};
    authz_grant inst_coord = {ROLE_COORDINATOR, "/"}, coord1 = {ROLE_COORDINATOR, "/1/"},
                coord2 = {ROLE_COORDINATOR, "/2/"}, inst_reg = {ROLE_REGISTRAR, "/"};
    const authz_subject subj[8] = {
        {0, NULL, 0}, {0, &inst_coord, 1}, {42, NULL, 0}, {43, NULL, 0},
        {43, &coord1, 1}, {43, &coord2, 1}, {43, &inst_reg, 1}, {43, &inst_coord, 1},
    };
    static const char *const names = "ABCDEFGH";
    authz_object mine = {"/1/4/", 42, -1}, nobodys = {"/1/4/", 0, -1};
    const authz_object *objs[3] = {&mine, &nobodys, NULL};
    /* per subject: owned by 42, owned by no one, no object */
    static const char *const want_owner[8] = {"...", "...", "y..", "...", "...", "...", "...", "..."};
    static const char *const want_owner_or[8] = {"...", "...", "y..", "...", "yy.", "...", "...", "yyy"};
    for (int k = 0; k < 8; k++) {
        for (int o = 0; o < 3; o++) {
            const authz_subject *s = k == 0 ? NULL : &subj[k];
            int got1 = authz_rule_allows(&owner, s, objs[o]), got2 = authz_rule_allows(&owner_or, s, objs[o]);
            if (got1 != (want_owner[k][o] == 'y'))
                test_fail(__FILE__, __LINE__, "owner, subject %c, object %d: got %d", names[k], o, got1);
            if (got2 != (want_owner_or[k][o] == 'y'))
                test_fail(__FILE__, __LINE__, "owner or roles, subject %c, object %d: got %d", names[k], o, got2);
        }
    }
    /* An owner id of 0 or below is nobody, also for a subject with that id. */
    authz_subject neg = {-3, NULL, 0};
    authz_object neg_owned = {"/1/4/", -3, -1};
    CHECK_INT_EQ(authz_rule_allows(&owner, &neg, &neg_owned), 0);
    /* Owner and state: the owner acts in states 0 and 1 only. */
    static const authz_rule owner_early = {"t_owner_early", AUD_OWNER, 0, SCOPE_ANYWHERE,
                                           AUTHZ_STATE_BIT(0) | AUTHZ_STATE_BIT(1)};
    authz_object st0 = {"/1/4/", 42, 0}, st1 = {"/1/4/", 42, 1}, st2 = {"/1/4/", 42, 2}, stn = {"/1/4/", 42, -1};
    CHECK_INT_EQ(authz_rule_allows(&owner_early, &subj[2], &st0), 1);
    CHECK_INT_EQ(authz_rule_allows(&owner_early, &subj[2], &st1), 1);
    CHECK_INT_EQ(authz_rule_allows(&owner_early, &subj[2], &st2), 0);
    CHECK_INT_EQ(authz_rule_allows(&owner_early, &subj[2], &stn), 0);
    CHECK_INT_EQ(authz_rule_allows(&owner_early, &subj[3], &st0), 0); /* not the owner */
}

/* SCOPE_INSTALLATION: only a grant for the whole installation, whatever the
 * object. */
TEST(authz_rule_installation_scope)
{
    static const authz_rule inst = {"t_inst", AUD_ROLES, RB(ADMIN), SCOPE_INSTALLATION, 0};
    static const struct { const char *grant; int want; } grants[] = {
        {"/", 1}, {"/1/", 0}, {"/1/4/", 0}, {"", 0}, {NULL, 0},
    };
    authz_object at_node = {"/1/4/", 0, -1}, at_grant = {"/1/", 0, -1}, no_node = {NULL, 0, -1};
    const authz_object *objs[4] = {&at_node, &at_grant, &no_node, NULL};
    for (size_t i = 0; i < sizeof grants / sizeof grants[0]; i++) {
        authz_grant g = {ROLE_ADMIN, grants[i].grant};
        authz_subject s = {42, &g, 1};
        for (int o = 0; o < 4; o++)
            if (authz_rule_allows(&inst, &s, objs[o]) != grants[i].want)
                test_fail(__FILE__, __LINE__, "installation scope, grant %s, object %d", grants[i].grant ? grants[i].grant : "NULL", o);
        if (authz_rule_allows_somewhere(&inst, &s) != grants[i].want)
            test_fail(__FILE__, __LINE__, "installation scope somewhere, grant %s", grants[i].grant ? grants[i].grant : "NULL");
    }
    authz_grant reg = {ROLE_REGISTRAR, "/"};
    authz_subject r = {42, &reg, 1};
    CHECK_INT_EQ(authz_rule_allows(&inst, &r, NULL), 0); /* the scope does not replace the role */
}

/* authz_may_somewhere for one grant of each role, held at the unit /1/4/
 * and for the whole installation — the router's question and the menu's. */
TEST(authz_may_somewhere_per_role)
{
    static const struct {
        dl_action action;
        const char *at_unit, *at_installation;
    } want[] = {
        {ACT_PUBLIC_READ, ALL, ALL},
        {ACT_ACCOUNT_SELF, ALL, ALL},
        {ACT_DIARY_REGISTER, REG, REG},
        {ACT_DIARY_CORRECT, REG, REG},
        {ACT_DIARY_READ_CONFIDENTIAL, CONF, CONF},
        {ACT_ORG_VIEW, ALL, ALL},
        {ACT_ORG_MANAGE, ADM, ADM},
        {ACT_USER_MANAGE, ADM, ADM},  /* the router lets a unit admin reach the 404 of an account outside */
        {ACT_USER_VIEW, ADM, ADM},
        {ACT_ROLE_ASSIGN, ADM, ADM},
        {ACT_AUDIT_VIEW, NONE, ADM},  /* the audit log is no unit's */
        {ACT_CASE_APPLY, ALL, ALL},
        {ACT_CASE_REGISTER, REG, REG},
        {ACT_CASE_INTAKE, INTAKE, INTAKE},
        {ACT_CASE_REVIEW_CONFIDENTIALITY, REVIEWER, REVIEWER},
        {ACT_CASE_RECOMMEND, SAMRAD, SAMRAD},
        {ACT_CASE_UNIT_ANSWER, UNITANS, UNITANS},
        {ACT_CASE_DECIDE_P1, VC, VC},
        {ACT_CASE_DECIDE_P2, DIRECTOR, DIRECTOR},
        {ACT_CASE_ASSIGN, VC, VC},
        {ACT_CASE_DELIVER_P1, EMPLOYEE, EMPLOYEE},
        {ACT_CASE_DELIVER_P2, DA, DA},
        {ACT_CASE_QUEUE, STAFF, STAFF},
        {ACT_CASE_ACCEPT_INVITATION, ALL, ALL},
        {ACT_GUIDE_EDIT, EDITOR, EDITOR},
        {ACT_OBSTACLE_REPORT, ALL, ALL},
        {ACT_DELIVERY_LINK, ALL, ALL},
        {ACT_OBSTACLE_COMPILED_REPORT, OBSAN, OBSAN},
        {ACT_OBSTACLE_PUBLISH, OBSAN, OBSAN},
        {ACT_OBSTACLE_TRIAGE, OBSAN, OBSAN},
        {ACT_CASE_REDACT, REDACT, REDACT},
        {ACT_CASE_CLAIM, INTAKE, INTAKE},
        {ACT_CASE_CLAIM_RELEASE, ADM, ADM},
        {ACT_CASE_NOTE, STAFF, STAFF},
        {ACT_CASE_COPY, ALL, ALL},
        {ACT_CALL_MANAGE, NETCO, NETCO},
        {ACT_CALL_APPLY, ALL, ALL},
        {ACT_FOLLOWUP_VIEW, NONE, FOLLOW}, /* figures of every organisation: no unit's */
        {ACT_NETWORK_REGISTER, ALL, ALL},
        {ACT_NETWORK_EDIT, NETCO, NETCO},
        {ACT_QUESTION_ASK, ALL, ALL},
        {ACT_QUESTION_HANDLE, ALL, ALL},
        {ACT_CASE_SURVEY, ALL, ALL},
    };
    CHECK_INT_EQ((int)(sizeof want / sizeof want[0]), ACT__MAX);
    for (int i = 0; i < ACT__MAX; i++) {
        CHECK_INT_EQ(want[i].action, i);
        for (int r = 0; r < ROLE__MAX; r++) {
            authz_grant unit = {(dl_role)r, "/1/4/"}, inst = {(dl_role)r, "/"};
            authz_subject su = {42, &unit, 1}, si = {42, &inst, 1};
            int gu = authz_may_somewhere(&su, want[i].action), gi = authz_may_somewhere(&si, want[i].action);
            if (gu != (want[i].at_unit[r] == 'y'))
                test_fail(__FILE__, __LINE__, "%s somewhere by %s at a unit: got %d", authz_action_name(want[i].action),
                          role_key((dl_role)r), gu);
            if (gi != (want[i].at_installation[r] == 'y'))
                test_fail(__FILE__, __LINE__, "%s somewhere by %s for the installation: got %d",
                          authz_action_name(want[i].action), role_key((dl_role)r), gi);
        }
    }
    /* Not signed in (whatever the grants), and signed in with no grants. */
    authz_grant all[ROLE__MAX];
    for (int r = 0; r < ROLE__MAX; r++) all[r] = (authz_grant){(dl_role)r, "/"};
    authz_subject id0 = {0, all, ROLE__MAX}, bare = {42, NULL, 0};
    static const char public_only[ACT__MAX + 1] = "y....y.................y.yy...........y.y.y";
    static const char bare_only[ACT__MAX + 1] = "yy...y.....y...........y.yy.......y.y.y.yyy";
    for (int a = 0; a < ACT__MAX; a++) {
        CHECK_INT_EQ(authz_may_somewhere(NULL, (dl_action)a), public_only[a] == 'y');
        CHECK_INT_EQ(authz_may_somewhere(&id0, (dl_action)a), public_only[a] == 'y');
        CHECK_INT_EQ(authz_may_somewhere(&bare, (dl_action)a), bare_only[a] == 'y');
    }
    CHECK_INT_EQ(authz_may_somewhere(&bare, ACT__MAX), 0);
    CHECK_INT_EQ(authz_may_somewhere(&bare, (dl_action)-1), 0);
    /* A grant with no usable path gives no node to act at. */
    authz_grant nopath = {ROLE_REGISTRAR, NULL}, empty = {ROLE_REGISTRAR, ""};
    authz_subject sn = {42, &nopath, 1}, se = {42, &empty, 1};
    CHECK_INT_EQ(authz_may_somewhere(&sn, ACT_DIARY_REGISTER), 0);
    CHECK_INT_EQ(authz_may_somewhere(&se, ACT_DIARY_REGISTER), 0);
    /* The owner audiences: any signed-in user may own an object. */
    static const authz_rule owner = {"t_owner", AUD_OWNER, 0, SCOPE_ANYWHERE, AUTHZ_STATE_BIT(3)};
    static const authz_rule owner_or = {"t_owner_or_roles", AUD_OWNER_OR_ROLES, RB(ADMIN), SCOPE_INSTALLATION, 0};
    CHECK_INT_EQ(authz_rule_allows_somewhere(&owner, &bare), 1);
    CHECK_INT_EQ(authz_rule_allows_somewhere(&owner, &id0), 0);
    CHECK_INT_EQ(authz_rule_allows_somewhere(&owner_or, &bare), 1);
    CHECK_INT_EQ(authz_rule_allows_somewhere(&owner_or, NULL), 0);
    CHECK_INT_EQ(authz_rule_allows_somewhere(NULL, &bare), 0);
}

/* Somewhere means on some object: for every action, role and place of the
 * grant, authz_may_somewhere agrees with authz_may over the objects a grant
 * can reach (at its own node, below it, with no node, none at all). */
TEST(authz_may_somewhere_agrees_with_authz_may)
{
    static const char *const places[] = {"/", "/1/", "/1/4/9/"};
    for (int a = 0; a < ACT__MAX; a++)
        for (int r = 0; r < ROLE__MAX; r++)
            for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
                authz_grant g = {(dl_role)r, places[p]};
                authz_subject s = {42, &g, 1};
                const char *own[] = {places[p]};
                authz_object at = {places[p], 0, -1}, below = {"/1/4/9/12/", 0, -1}, none = {NULL, 0, -1},
                             acc = {.node_path = NULL, .state = -1, .node_paths = own, .n_node_paths = 1};
                int any = authz_may(&s, (dl_action)a, &at) || authz_may(&s, (dl_action)a, &below) ||
                          authz_may(&s, (dl_action)a, &none) || authz_may(&s, (dl_action)a, NULL) ||
                          authz_may(&s, (dl_action)a, &acc);
                if (any != authz_may_somewhere(&s, (dl_action)a))
                    test_fail(__FILE__, __LINE__, "%s by %s at %s: may somewhere %d, on some object %d",
                              authz_action_name((dl_action)a), role_key((dl_role)r), places[p],
                              authz_may_somewhere(&s, (dl_action)a), any);
            }
}

/* core/account_rules.c: revoking one's own grant of a role that may assign
 * roles is refused (whatever else one holds); anything else is not this
 * rule's business. */
TEST(account_rules_revoke_locks_out)
{
    static const struct { int64_t actor, account; int role; int want; } cases[] = {
        {42, 42, ROLE_ADMIN, 1},
        {42, 43, ROLE_ADMIN, 0},       /* another admin's grant */
        {42, 42, ROLE_REGISTRAR, 0},   /* one's own grant of a role that assigns nothing */
        {42, 42, ROLE_APPLICANT, 0},
        {42, 42, ROLE_EDITOR, 0},
        {0, 0, ROLE_ADMIN, 0},         /* no one signed in */
        {-1, -1, ROLE_ADMIN, 0},
        {42, 42, ROLE__MAX, 0},
        {42, 42, -1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = revoke_locks_out(cases[i].actor, cases[i].account, (dl_role)cases[i].role);
        if (got != cases[i].want)
            test_fail(__FILE__, __LINE__, "revoke_locks_out(%lld, %lld, %d) = %d, expected %d",
                      (long long)cases[i].actor, (long long)cases[i].account, cases[i].role, got, cases[i].want);
    }
}
