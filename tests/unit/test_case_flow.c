/* test_case_flow.c — the release case's transition table against
 * expectations written out by hand from shared/design/domain.md and the
 * seed: every state × event × process × actor (the owner, a stranger, and
 * each role held at the case's unit and at a sibling unit), the guards one
 * by one, the refusal messages, the names and the table's own invariants.
 * The expected rows below are not computed from the table under test. */
#include "test.h"

#include "core/case_flow.h"
#include "core/roles.h"

/* Who may cause the event: the applicant who owns the case (no role
 * needed), or these roles (in role order, as in test_authz.c:
 * applicant, registrar, coordinator, samrad_member, confidentiality_reviewer,
 * verksamhetschef, assigned_employee, regionomradeschef, forvaltningsdirektor,
 * data_analysis, editor, obstacle_analyst, network_coordinator, admin). */
#define OWNER "owner"
#define REG ".y............"
#define INTAKE ".yy..........."
#define REVIEWER "....y........."
#define SAMRAD "..yy.........."
#define UNITANS ".....y.y......"
#define VC ".....y........"
#define DIRECTOR ".......yy....."
#define EMPLOYEE "......y......."
#define DA ".........y...."

enum { ANY = 7, P0 = 1, P1 = 2, P2 = 4 }; /* process unset, 1, 2 */

static const struct expect {
    case_state from;
    case_event ev;
    int processes;
    const char *who;
    case_state to;
} expected[] = {
    {CASE_DRAFT, EV_SUBMIT, ANY, OWNER, CASE_RECEIVED},
    {CASE_DRAFT, EV_REGISTER_INCOMING, ANY, REG, CASE_RECEIVED},
    {CASE_DRAFT, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_RECEIVED, EV_REQUEST_COMPLETION, ANY, INTAKE, CASE_COMPLETION_REQUESTED},
    {CASE_RECEIVED, EV_ACCEPT_COMPLETE, ANY, INTAKE, CASE_AWAITING_SAMRAD},
    {CASE_RECEIVED, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_COMPLETION_REQUESTED, EV_COMPLETE, ANY, OWNER, CASE_RECEIVED},
    {CASE_COMPLETION_REQUESTED, EV_REGISTER_INCOMING, ANY, REG, CASE_RECEIVED},
    {CASE_COMPLETION_REQUESTED, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_AWAITING_SAMRAD, EV_CONFIDENTIALITY_REVIEW, ANY, REVIEWER, CASE_AWAITING_SAMRAD},
    {CASE_AWAITING_SAMRAD, EV_RECOMMEND_RELEASE, P1, SAMRAD, CASE_AWAITING_DECISION},
    {CASE_AWAITING_SAMRAD, EV_RECOMMEND_RELEASE, P2, SAMRAD, CASE_UNIT_CONSULTATION},
    {CASE_AWAITING_SAMRAD, EV_RECOMMEND_REFUSAL, ANY, SAMRAD, CASE_AWAITING_DECISION},
    {CASE_AWAITING_SAMRAD, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_AWAITING_SAMRAD, EV_SEND_ESTIMATE, ANY, INTAKE, CASE_AWAITING_COST_ACCEPTANCE},
    {CASE_AWAITING_COST_ACCEPTANCE, EV_SEND_ESTIMATE, ANY, INTAKE, CASE_AWAITING_COST_ACCEPTANCE},
    {CASE_AWAITING_COST_ACCEPTANCE, EV_ACCEPT_ESTIMATE, ANY, OWNER, CASE_AWAITING_SAMRAD},
    {CASE_AWAITING_COST_ACCEPTANCE, EV_NARROW_REQUEST, ANY, OWNER, CASE_AWAITING_SAMRAD},
    {CASE_AWAITING_COST_ACCEPTANCE, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_UNIT_CONSULTATION, EV_UNIT_ANSWER, P2, UNITANS, CASE_UNIT_CONSULTATION},
    {CASE_UNIT_CONSULTATION, EV_CLOSE_CONSULTATION, P2, INTAKE, CASE_AWAITING_DECISION},
    {CASE_UNIT_CONSULTATION, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_AWAITING_DECISION, EV_APPROVE, P1, VC, CASE_AWAITING_ASSIGNMENT},
    {CASE_AWAITING_DECISION, EV_APPROVE, P2, DIRECTOR, CASE_EXTRACTING},
    {CASE_AWAITING_DECISION, EV_REFUSE, P1, VC, CASE_REFUSED},
    {CASE_AWAITING_DECISION, EV_REFUSE, P2, DIRECTOR, CASE_REFUSED},
    {CASE_AWAITING_DECISION, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_AWAITING_ASSIGNMENT, EV_ISSUE_ASSIGNMENT, P1, VC, CASE_EXTRACTING},
    {CASE_AWAITING_ASSIGNMENT, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
    {CASE_EXTRACTING, EV_REGISTER_DELIVERY, P1, EMPLOYEE, CASE_DELIVERED},
    {CASE_EXTRACTING, EV_REGISTER_DELIVERY, P2, DA, CASE_DELIVERED},
    {CASE_EXTRACTING, EV_WITHDRAW, ANY, OWNER, CASE_WITHDRAWN},
};
#define N_EXPECTED (int)(sizeof expected / sizeof expected[0])

static const struct expect *find_expected(case_state s, case_event ev, int pbit)
{
    for (int i = 0; i < N_EXPECTED; i++)
        if (expected[i].from == s && expected[i].ev == ev && (expected[i].processes & pbit)) return &expected[i];
    return NULL;
}

static const case_process processes[3] = {PROCESS_UNSET, PROCESS_1, PROCESS_2};

TEST(case_flow_table_invariants_hold)
{
    assert_case_flow_table(); /* aborts (a failed test) on a broken table */
    int n = 0;
    case_flow_table(&n);
    /* One table row per expected (state, event, process-set) line. */
    CHECK_INT_EQ(n, N_EXPECTED);
}

/* Every state × event × process × actor: allowed exactly when the hand-written
 * list says so, and then to the expected state; refused otherwise with a
 * message. The case is at /1/4/ (a unit); "in scope" grants are held there,
 * "out of scope" ones at the sibling /1/5/. Guards are satisfied here
 * (their own test follows), except the owner guard, which is the actor's. */
TEST(case_flow_every_state_event_role)
{
    int checked = 0, wrong = 0;
    authz_object obj = {.node_path = "/1/4/", .owner_user_id = 100, .state = -1};
    for (int s = 0; s < CASE_STATE__MAX; s++)
        for (int ev = 0; ev < CASE_EVENT__MAX; ev++)
            for (int p = 0; p < 3; p++) {
                const struct expect *x = find_expected((case_state)s, (case_event)ev, 1 << p);
                /* actors: 0 owner (no roles), 1 stranger (no roles), then
                 * 2+2r role r in scope, 3+2r role r out of scope */
                for (int a = 0; a < 2 + 2 * ROLE__MAX; a++) {
                    authz_grant g = {ROLE_APPLICANT, "/1/4/"};
                    authz_subject subj = {a == 0 ? 100 : 200, NULL, 0};
                    int role = -1, in_scope = 0;
                    if (a >= 2) {
                        role = (a - 2) / 2;
                        in_scope = (a - 2) % 2 == 0;
                        g.role = (dl_role)role;
                        g.node_path = in_scope ? "/1/4/" : "/1/5/";
                        subj.grants = &g;
                        subj.n_grants = 1;
                    }
                    case_facts f = {(case_state)s, processes[p], a == 0, 1, 1, 1};
                    int want = 0;
                    if (x) {
                        if (strcmp(x->who, OWNER) == 0) want = a == 0;
                        else want = role >= 0 && in_scope && x->who[role] == 'y';
                    }
                    const case_transition_rule *row = NULL;
                    const char *msg = NULL;
                    case_refusal got = case_may(&subj, &obj, &f, (case_event)ev, &row, &msg);
                    checked++;
                    if ((got == CASE_OK) != want || (want && (!row || row->to != x->to)) ||
                        (!want && (!msg || !*msg))) {
                        wrong++;
                        test_fail(__FILE__, __LINE__, "%s in %s (process %d) by actor %d (%s%s): got %d, want %d",
                                  case_event_key((case_event)ev), case_state_key((case_state)s), (int)processes[p],
                                  a, role >= 0 ? role_key((dl_role)role) : (a == 0 ? "owner" : "stranger"),
                                  role >= 0 ? (in_scope ? " in scope" : " out of scope") : "", (int)got, want);
                    }
                }
            }
    CHECK_INT_EQ(checked, CASE_STATE__MAX * CASE_EVENT__MAX * 3 * (2 + 2 * ROLE__MAX));
    CHECK_INT_EQ(wrong, 0);
}

TEST(case_flow_not_signed_in_may_do_nothing)
{
    authz_object obj = {.node_path = "/1/4/", .owner_user_id = 0, .state = -1};
    for (int s = 0; s < CASE_STATE__MAX; s++)
        for (int p = 0; p < 3; p++) {
            case_facts f = {(case_state)s, processes[p], 1, 1, 1, 1}; /* even claiming ownership */
            case_event out[CASE_EVENT__MAX];
            CHECK_INT_EQ(case_events_allowed(NULL, &obj, &f, out), 0);
            authz_subject anon = {0, NULL, 0};
            CHECK_INT_EQ(case_events_allowed(&anon, &obj, &f, out), 0);
        }
}

TEST(case_flow_guards_refuse_with_their_sentence)
{
    authz_object obj = {.node_path = "/1/4/", .owner_user_id = 100, .state = -1};
    const char *msg = NULL;
    /* No confidentiality review yet: the samråd cannot recommend. */
    authz_grant coord = {ROLE_COORDINATOR, "/1/"};
    authz_subject c = {7, &coord, 1};
    case_facts f = {CASE_AWAITING_SAMRAD, PROCESS_1, 0, 0, 0, 0};
    CHECK_INT_EQ(case_may(&c, &obj, &f, EV_RECOMMEND_RELEASE, NULL, &msg), CASE_GUARD_FAILED);
    CHECK_CONTAINS(msg, "sekretessprövningen");
    CHECK_INT_EQ(case_may(&c, &obj, &f, EV_RECOMMEND_REFUSAL, NULL, &msg), CASE_GUARD_FAILED);
    f.review_done = 1;
    CHECK_INT_EQ(case_may(&c, &obj, &f, EV_RECOMMEND_RELEASE, NULL, &msg), CASE_OK);
    CHECK(msg == NULL);
    /* The unit round closes only when it is over. */
    case_facts u = {CASE_UNIT_CONSULTATION, PROCESS_2, 0, 0, 1, 0};
    CHECK_INT_EQ(case_may(&c, &obj, &u, EV_CLOSE_CONSULTATION, NULL, &msg), CASE_GUARD_FAILED);
    CHECK_CONTAINS(msg, "svarstiden");
    u.consultation_over = 1;
    CHECK_INT_EQ(case_may(&c, &obj, &u, EV_CLOSE_CONSULTATION, NULL, &msg), CASE_OK);
    /* Only the named employee registers a Process 1 delivery. */
    authz_grant emp = {ROLE_ASSIGNED_EMPLOYEE, "/1/4/"};
    authz_subject e = {8, &emp, 1};
    case_facts x = {CASE_EXTRACTING, PROCESS_1, 0, 0, 1, 1};
    CHECK_INT_EQ(case_may(&e, &obj, &x, EV_REGISTER_DELIVERY, NULL, &msg), CASE_GUARD_FAILED);
    CHECK_CONTAINS(msg, "uppdraget");
    x.actor_is_assignee = 1;
    CHECK_INT_EQ(case_may(&e, &obj, &x, EV_REGISTER_DELIVERY, NULL, &msg), CASE_OK);
    /* A stranger cannot withdraw someone else's request. */
    authz_subject stranger = {9, NULL, 0};
    case_facts w = {CASE_RECEIVED, PROCESS_UNSET, 0, 0, 0, 0};
    CHECK_INT_EQ(case_may(&stranger, &obj, &w, EV_WITHDRAW, NULL, &msg), CASE_GUARD_FAILED);
    CHECK_CONTAINS(msg, "ansökan");
    /* A step that no longer applies (double submit, stale page). */
    case_facts done = {CASE_RECEIVED, PROCESS_UNSET, 1, 0, 0, 0};
    authz_subject owner = {100, NULL, 0};
    CHECK_INT_EQ(case_may(&owner, &obj, &done, EV_SUBMIT, NULL, &msg), CASE_NOT_IN_STATE);
    CHECK_CONTAINS(msg, "Ladda om");
    /* Permission before guards: a stranger asking for a coordinator's step. */
    CHECK_INT_EQ(case_may(&stranger, &obj, &done, EV_REQUEST_COMPLETION, NULL, &msg), CASE_NOT_PERMITTED);
    CHECK_CONTAINS(msg, "behörighet");
    /* Out of range. */
    CHECK_INT_EQ(case_may(&owner, &obj, &done, CASE_EVENT__MAX, NULL, &msg), CASE_NOT_IN_STATE);
    CHECK_INT_EQ(case_may(&owner, &obj, NULL, EV_SUBMIT, NULL, &msg), CASE_NOT_IN_STATE);
}

TEST(case_flow_closed_states_have_no_events)
{
    const case_state closed[] = {CASE_DELIVERED, CASE_REFUSED, CASE_WITHDRAWN};
    authz_grant all[ROLE__MAX];
    for (int r = 0; r < ROLE__MAX; r++) all[r] = (authz_grant){(dl_role)r, "/"};
    authz_subject god = {100, all, ROLE__MAX};
    authz_object obj = {.node_path = "/1/4/", .owner_user_id = 100, .state = -1};
    for (int i = 0; i < 3; i++) {
        CHECK(!case_state_is_open(closed[i]));
        for (int p = 0; p < 3; p++) {
            case_facts f = {closed[i], processes[p], 1, 1, 1, 1};
            case_event out[CASE_EVENT__MAX];
            CHECK_INT_EQ(case_events_allowed(&god, &obj, &f, out), 0);
        }
    }
    CHECK(case_state_is_open(CASE_DRAFT));
    CHECK(case_state_is_open(CASE_EXTRACTING));
    CHECK(!case_state_is_open(CASE_STATE__MAX));
}

TEST(case_flow_names_round_trip)
{
    for (int s = 0; s < CASE_STATE__MAX; s++) {
        case_state back;
        CHECK_INT_EQ(case_state_from_key(case_state_key((case_state)s), &back), 0);
        CHECK_INT_EQ(back, s);
        CHECK(case_state_label_sv((case_state)s)[0] != '\0');
        CHECK_STR_EQ(case_state_keys[s], case_state_key((case_state)s));
    }
    CHECK(case_state_keys[CASE_STATE__MAX] == NULL);
    for (int ev = 0; ev < CASE_EVENT__MAX; ev++) {
        case_event back;
        CHECK_INT_EQ(case_event_from_key(case_event_key((case_event)ev), &back), 0);
        CHECK_INT_EQ(back, ev);
        CHECK(case_event_label_sv((case_event)ev)[0] != '\0');
    }
    case_state s;
    case_event e;
    CHECK_INT_EQ(case_state_from_key("DRAFT", &s), -1);
    CHECK_INT_EQ(case_state_from_key(NULL, &s), -1);
    CHECK_INT_EQ(case_event_from_key("submit ", &e), -1);
    CHECK(case_state_key(CASE_STATE__MAX) == NULL);
    CHECK_STR_EQ(case_state_key(CASE_AWAITING_SAMRAD), "awaiting_samrad");
    CHECK_STR_EQ(case_event_key(EV_RECOMMEND_RELEASE), "recommend_release");
    /* Documents: the review is confidential under OSL 25:1, the decision goes out. */
    CHECK(case_doc_confidential(DOC_CONFIDENTIALITY_REVIEW));
    CHECK_STR_EQ(case_doc_legal_ref(DOC_CONFIDENTIALITY_REVIEW), "OSL 25 kap. 1 §");
    CHECK(!case_doc_confidential(DOC_DECISION));
    CHECK_STR_EQ(case_doc_direction(DOC_DECISION), "out");
    CHECK_STR_EQ(case_doc_direction(DOC_REQUEST), "in");
    CHECK_STR_EQ(case_doc_direction(DOC_ASSIGNMENT), "internal");
}

TEST(case_flow_suggests_the_process)
{
    CHECK_INT_EQ(case_suggest_process(1, 0, 1), PROCESS_1); /* one unit, patients contacted */
    CHECK_INT_EQ(case_suggest_process(1, 0, 0), PROCESS_2); /* one unit, data from databases */
    CHECK_INT_EQ(case_suggest_process(3, 0, 1), PROCESS_2); /* several units */
    CHECK_INT_EQ(case_suggest_process(0, 1, 1), PROCESS_2); /* the whole area */
    CHECK_INT_EQ(case_suggest_process(0, 0, 0), PROCESS_2);
}

/* The cost estimate's rows: the clock stands still while the applicant
 * considers it, each step registers its document and tells the other side. */
TEST(case_flow_cost_estimate_rows)
{
    const case_transition_rule *send = case_flow_find(CASE_AWAITING_SAMRAD, EV_SEND_ESTIMATE, PROCESS_2);
    CHECK(send != NULL);
    if (!send) return;
    CHECK_INT_EQ(send->clock, CLOCK_PAUSE);
    CHECK_INT_EQ(send->registers, DOC_COST_ESTIMATE);
    CHECK_STR_EQ(case_doc_direction(DOC_COST_ESTIMATE), "out");
    CHECK(send->notify & NOTIFY_APPLICANT);
    CHECK(case_fields_inputs(send->fields) & INPUT_ESTIMATE);
    CHECK(case_fields_inputs(send->fields) & INPUT_TEXT_REQUIRED); /* the extraction specification */
    const case_transition_rule *again = case_flow_find(CASE_AWAITING_COST_ACCEPTANCE, EV_SEND_ESTIMATE, PROCESS_1);
    CHECK(again && again->clock == CLOCK_KEEP); /* a new estimate: the clock stays paused */
    const case_transition_rule *acc = case_flow_find(CASE_AWAITING_COST_ACCEPTANCE, EV_ACCEPT_ESTIMATE, PROCESS_1);
    CHECK(acc && acc->clock == CLOCK_RESUME && acc->registers == DOC_ESTIMATE_ACCEPTANCE &&
          (acc->notify & NOTIFY_COORDINATORS) && (acc->guards & GUARD_ACTOR_IS_OWNER));
    CHECK_STR_EQ(case_doc_direction(DOC_ESTIMATE_ACCEPTANCE), "in");
    const case_transition_rule *nar = case_flow_find(CASE_AWAITING_COST_ACCEPTANCE, EV_NARROW_REQUEST, PROCESS_2);
    CHECK(nar && nar->clock == CLOCK_RESUME && nar->registers == DOC_NARROWING && nar->to == CASE_AWAITING_SAMRAD);
    CHECK(nar && (case_fields_inputs(nar->fields) & INPUT_TEXT_REQUIRED));
    const case_transition_rule *w = case_flow_find(CASE_AWAITING_COST_ACCEPTANCE, EV_WITHDRAW, PROCESS_1);
    CHECK(w && w->clock == CLOCK_STOP && w->registers == DOC_WITHDRAWAL);
    CHECK(case_state_is_waiting_for_applicant(CASE_AWAITING_COST_ACCEPTANCE));
    CHECK(case_state_is_open(CASE_AWAITING_COST_ACCEPTANCE));
    CHECK(!case_state_is_waiting_for_applicant(CASE_AWAITING_SAMRAD));
    /* The owner alone answers: a coordinator cannot accept for the applicant. */
    authz_grant coord = {ROLE_COORDINATOR, "/1/"};
    authz_subject c = {7, &coord, 1};
    authz_object obj = {.node_path = "/1/4/", .owner_user_id = 100, .state = -1};
    case_facts f = {CASE_AWAITING_COST_ACCEPTANCE, PROCESS_1, 0, 0, 0, 0};
    const char *msg = NULL;
    CHECK_INT_EQ(case_may(&c, &obj, &f, EV_ACCEPT_ESTIMATE, NULL, &msg), CASE_GUARD_FAILED);
    CHECK_CONTAINS(msg, "ansökan");
    CHECK_STR_EQ(case_state_key(CASE_AWAITING_COST_ACCEPTANCE), "awaiting_cost_acceptance");
    CHECK_STR_EQ(case_event_key(EV_NARROW_REQUEST), "narrow_request");
}
