/* test_call_flow.c — the joint-call application's transition table
 * (core/call_flow.c) against expectations written out by hand from issue 15
 * item 2 and docs/calls.md: every allowed (state, event) with where it goes
 * and what it takes; every other pair refused (a decision before the
 * assessment among them); the coordinator, every other role, a bare
 * account and the public tried on each; withdrawal only by the applicant;
 * no coordinator assesses or decides on an application of their own.
 * Nothing below is computed from the table under test. */
#include "test.h"

#include <string.h>

#include "core/call_flow.h"
#include "core/roles.h"

static const struct expect {
    call_app_state from;
    call_event ev;
    call_app_state to;
    unsigned inputs;
    int by_applicant; /* 1: the applicant's step (guarded), 0: the coordinator's */
} expected[] = {
    {CALL_APP_SUBMITTED, CE_ASSESS, CALL_APP_ASSESSED, CI_SCORES, 0},
    {CALL_APP_SUBMITTED, CE_WITHDRAW, CALL_APP_WITHDRAWN, 0, 1},
    {CALL_APP_ASSESSED, CE_ASSESS, CALL_APP_ASSESSED, CI_SCORES, 0},
    {CALL_APP_ASSESSED, CE_GRANT, CALL_APP_GRANTED, CI_REASON, 0},
    {CALL_APP_ASSESSED, CE_REJECT, CALL_APP_REJECTED, CI_REASON, 0},
    {CALL_APP_GRANTED, CE_RESULTS, CALL_APP_REPORTED, CI_RESULTS, 0},
};
#define N_EXPECTED (int)(sizeof expected / sizeof expected[0])

static const struct expect *find_expected(int s, int ev)
{
    for (int i = 0; i < N_EXPECTED; i++)
        if ((int)expected[i].from == s && (int)expected[i].ev == ev) return &expected[i];
    return NULL;
}

TEST(call_flow_table_invariants_hold)
{
    CHECK(call_flow_problem() == NULL);
    CHECK(flow_table_problem(call_flow(), NULL) == NULL);
    int n = 0;
    call_flow_table(&n);
    CHECK_INT_EQ(n, N_EXPECTED);
}

TEST(call_flow_rows_are_as_written)
{
    for (int s = 0; s < CALL_APP_STATE__MAX; s++)
        for (int ev = 0; ev < CALL_EVENT__MAX; ev++) {
            const call_rule *r = call_flow_find((call_app_state)s, (call_event)ev);
            const struct expect *x = find_expected(s, ev);
            if (!x) {
                if (r) test_fail(__FILE__, __LINE__, "%s/%s should have no row", call_app_state_keys[s], call_event_keys[ev]);
                continue;
            }
            if (!r) { test_fail(__FILE__, __LINE__, "%s/%s has no row", call_app_state_keys[s], call_event_keys[ev]); continue; }
            CHECK_INT_EQ((int)r->to, (int)x->to);
            CHECK_INT_EQ((int)r->inputs, (int)x->inputs);
            CHECK_INT_EQ((int)r->action, x->by_applicant ? (int)ACT_CALL_APPLY : (int)ACT_CALL_MANAGE);
            CHECK_INT_EQ((int)r->guards, x->by_applicant ? (int)CG_APPLICANT : (int)CG_IMPARTIAL);
        }
}

TEST(call_flow_decision_before_assessment_is_refused)
{
    authz_grant g = {ROLE_NETWORK_COORDINATOR, "/"};
    authz_subject coord = {7, &g, 1};
    const char *msg = NULL;
    CHECK_INT_EQ(call_may(&coord, CALL_APP_SUBMITTED, 0, CE_GRANT, NULL, &msg), FLOW_NOT_IN_STATE);
    CHECK(msg && strstr(msg, "Ladda om sidan") != NULL);
    CHECK_INT_EQ(call_may(&coord, CALL_APP_SUBMITTED, 0, CE_REJECT, NULL, NULL), FLOW_NOT_IN_STATE);
    CHECK_INT_EQ(call_may(&coord, CALL_APP_SUBMITTED, 0, CE_RESULTS, NULL, NULL), FLOW_NOT_IN_STATE);
    CHECK_INT_EQ(call_may(&coord, CALL_APP_ASSESSED, 0, CE_RESULTS, NULL, NULL), FLOW_NOT_IN_STATE);
    const call_rule *row = NULL;
    CHECK_INT_EQ(call_may(&coord, CALL_APP_ASSESSED, CG_IMPARTIAL, CE_GRANT, &row, &msg), FLOW_OK);
    CHECK(row && row->to == CALL_APP_GRANTED);
    CHECK(msg == NULL);
}

TEST(call_flow_closed_states_have_no_step)
{
    authz_grant g = {ROLE_NETWORK_COORDINATOR, "/"};
    authz_subject coord = {7, &g, 1};
    call_event out[CALL_EVENT__MAX];
    const call_app_state closed[] = {CALL_APP_REJECTED, CALL_APP_WITHDRAWN, CALL_APP_REPORTED};
    for (int i = 0; i < 3; i++) {
        CHECK_INT_EQ(call_app_state_is_open(closed[i]), 0);
        CHECK_INT_EQ(call_events_allowed(&coord, closed[i], CG_APPLICANT, out), 0);
    }
    CHECK_INT_EQ(call_app_state_is_open(CALL_APP_SUBMITTED), 1);
    CHECK_INT_EQ(call_app_state_is_open(CALL_APP_ASSESSED), 1);
    CHECK_INT_EQ(call_app_state_is_open(CALL_APP_GRANTED), 1);
}

TEST(call_flow_roles_on_every_row)
{
    for (int role = 0; role < ROLE__MAX; role++) {
        authz_grant g = {(dl_role)role, "/"};
        authz_subject s = {9, &g, 1};
        for (int i = 0; i < N_EXPECTED; i++) {
            const struct expect *x = &expected[i];
            flow_refusal got = call_may(&s, x->from, x->by_applicant ? 0 : CG_IMPARTIAL, x->ev, NULL, NULL);
            flow_refusal want;
            if (x->by_applicant) want = FLOW_GUARD_FAILED; /* signed in, but not the applicant */
            else want = role == ROLE_NETWORK_COORDINATOR ? FLOW_OK : FLOW_NOT_PERMITTED;
            if (got != want)
                test_fail(__FILE__, __LINE__, "%s on %s/%s: got %d, want %d", role_key((dl_role)role),
                          call_app_state_keys[x->from], call_event_keys[x->ev], got, want);
        }
    }
    /* The public (not signed in) may do nothing. */
    for (int i = 0; i < N_EXPECTED; i++)
        CHECK_INT_EQ(call_may(NULL, expected[i].from, CG_APPLICANT, expected[i].ev, NULL, NULL), FLOW_NOT_PERMITTED);
}

TEST(call_flow_withdraw_only_by_the_applicant)
{
    authz_subject bare = {12, NULL, 0};
    const char *msg = NULL;
    CHECK_INT_EQ(call_may(&bare, CALL_APP_SUBMITTED, 0, CE_WITHDRAW, NULL, &msg), FLOW_GUARD_FAILED);
    CHECK_STR_EQ(msg, "Bara den som skickade ansökan kan återkalla den.");
    CHECK_INT_EQ(call_may(&bare, CALL_APP_SUBMITTED, CG_APPLICANT, CE_WITHDRAW, NULL, NULL), FLOW_OK);
    /* Once assessed, not even the applicant. */
    CHECK_INT_EQ(call_may(&bare, CALL_APP_ASSESSED, CG_APPLICANT, CE_WITHDRAW, NULL, NULL), FLOW_NOT_IN_STATE);
    /* The applicant cannot assess their own application. */
    CHECK_INT_EQ(call_may(&bare, CALL_APP_SUBMITTED, CG_APPLICANT, CE_ASSESS, NULL, &msg), FLOW_NOT_PERMITTED);
    CHECK_STR_EQ(msg, "Bara nätverkskoordinatorn kan göra detta.");
}

TEST(call_flow_keys_and_labels)
{
    CHECK_STR_EQ(call_app_state_keys[CALL_APP_SUBMITTED], "submitted");
    CHECK_STR_EQ(call_app_state_keys[CALL_APP_REPORTED], "reported");
    CHECK_STR_EQ(call_app_state_label_sv(CALL_APP_REJECTED), "Inte beviljad");
    CHECK_STR_EQ(call_app_state_label_sv((call_app_state)99), "");
    CHECK_STR_EQ(call_event_label_sv(CE_GRANT), "Bevilja");
    CHECK_STR_EQ(call_event_label_sv((call_event)-1), "");
    call_event ev;
    CHECK_INT_EQ(call_event_from_key("results", &ev), 0);
    CHECK_INT_EQ((int)ev, (int)CE_RESULTS);
    CHECK_INT_EQ(call_event_from_key("Grant", &ev), -1);
    CHECK_INT_EQ(call_event_from_key(NULL, &ev), -1);
    call_app_state st;
    CHECK_INT_EQ(call_app_state_from_key("granted", &st), 0);
    CHECK_INT_EQ((int)st, (int)CALL_APP_GRANTED);
    CHECK_INT_EQ(call_app_state_from_key("", &st), -1);
}

TEST(call_flow_no_one_decides_on_their_own_application)
{
    authz_grant g = {ROLE_NETWORK_COORDINATOR, "/"};
    authz_subject coord = {7, &g, 1};
    const char *msg = NULL;
    const call_app_state from[] = {CALL_APP_SUBMITTED, CALL_APP_ASSESSED, CALL_APP_ASSESSED, CALL_APP_ASSESSED,
                                   CALL_APP_GRANTED};
    const call_event ev[] = {CE_ASSESS, CE_ASSESS, CE_GRANT, CE_REJECT, CE_RESULTS};
    for (int i = 0; i < 5; i++) {
        CHECK_INT_EQ(call_may(&coord, from[i], CG_APPLICANT, ev[i], NULL, &msg), FLOW_GUARD_FAILED);
        CHECK(msg && strstr(msg, "Du har själv skickat ansökan") != NULL);
        CHECK_INT_EQ(call_may(&coord, from[i], CG_IMPARTIAL, ev[i], NULL, NULL), FLOW_OK);
    }
    /* On their own submitted application the coordinator may only withdraw it. */
    call_event out[CALL_EVENT__MAX];
    CHECK_INT_EQ(call_events_allowed(&coord, CALL_APP_SUBMITTED, CG_APPLICANT, out), 1);
    CHECK_INT_EQ((int)out[0], (int)CE_WITHDRAW);
    CHECK_INT_EQ(call_events_allowed(&coord, CALL_APP_SUBMITTED, CG_IMPARTIAL, out), 1);
    CHECK_INT_EQ((int)out[0], (int)CE_ASSESS);
}
