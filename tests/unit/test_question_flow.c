/* test_question_flow.c — the question's transition table
 * (core/question_flow.c) against expectations written out by hand from
 * issue 15 item 6 and docs/questions.md: every allowed (state, event) with
 * where it goes, what it takes and which guard it needs; every other pair
 * refused; the table's invariants; every role, a bare account and the
 * public tried on each row with and without the guards' facts. Nothing
 * below is computed from the table under test. */
#include "test.h"

#include <string.h>

#include "core/question_flow.h"
#include "core/roles.h"

static const struct expect {
    question_state from;
    question_event ev;
    question_state to;
    unsigned inputs, guard;
} expected[] = {
    {QS_RECEIVED, QE_ROUTE, QS_ROUTED, QI_MEMBER, QG_COORDINATOR},
    {QS_RECEIVED, QE_ANSWER, QS_ANSWERED, QI_ANSWER, QG_COORDINATOR},
    {QS_RECEIVED, QE_CLOSE, QS_CLOSED, QI_NOTE, QG_COORDINATOR},
    {QS_ROUTED, QE_HANDOVER, QS_ROUTED, QI_MEMBER | QI_NOTE, QG_HANDLER},
    {QS_ROUTED, QE_RETURN, QS_RECEIVED, QI_NOTE, QG_HANDLER},
    {QS_ROUTED, QE_ANSWER, QS_ANSWERED, QI_ANSWER, QG_HANDLER},
    {QS_ROUTED, QE_CLOSE, QS_CLOSED, QI_NOTE, QG_HANDLER},
};
#define N_EXPECTED (int)(sizeof expected / sizeof expected[0])

static const struct expect *find_expected(int s, int ev)
{
    for (int i = 0; i < N_EXPECTED; i++)
        if ((int)expected[i].from == s && (int)expected[i].ev == ev) return &expected[i];
    return NULL;
}

TEST(question_flow_table_invariants_hold)
{
    CHECK(question_flow_problem() == NULL);
    CHECK(flow_table_problem(question_flow(), NULL) == NULL);
    int n = 0;
    question_flow_table(&n);
    CHECK_INT_EQ(n, N_EXPECTED);
    /* Every open state reaches both ends. */
    CHECK(flow_reaches(question_flow(), QS_RECEIVED, QS_ANSWERED));
    CHECK(flow_reaches(question_flow(), QS_ROUTED, QS_CLOSED));
}

TEST(question_flow_rows_are_as_written)
{
    for (int s = 0; s < QUESTION_STATE__MAX; s++)
        for (int ev = 0; ev < QUESTION_EVENT__MAX; ev++) {
            const question_rule *r = question_flow_find((question_state)s, (question_event)ev);
            const struct expect *x = find_expected(s, ev);
            if (!x) {
                if (r)
                    test_fail(__FILE__, __LINE__, "%s/%s should have no row", question_state_keys[s],
                              question_event_keys[ev]);
                continue;
            }
            if (!r) {
                test_fail(__FILE__, __LINE__, "%s/%s has no row", question_state_keys[s], question_event_keys[ev]);
                continue;
            }
            CHECK_INT_EQ((int)r->to, (int)x->to);
            CHECK_INT_EQ((int)r->inputs, (int)x->inputs);
            CHECK_INT_EQ((int)r->guards, (int)x->guard);
            CHECK_INT_EQ((int)r->action, (int)ACT_QUESTION_HANDLE);
        }
}

TEST(question_flow_closed_states_have_no_step)
{
    authz_grant g = {ROLE_NETWORK_COORDINATOR, "/"};
    authz_subject coord = {7, &g, 1};
    question_event out[QUESTION_EVENT__MAX];
    CHECK_INT_EQ(question_state_is_open(QS_ANSWERED), 0);
    CHECK_INT_EQ(question_state_is_open(QS_CLOSED), 0);
    CHECK_INT_EQ(question_events_allowed(&coord, QS_ANSWERED, QG_COORDINATOR | QG_HANDLER, out), 0);
    CHECK_INT_EQ(question_events_allowed(&coord, QS_CLOSED, QG_COORDINATOR | QG_HANDLER, out), 0);
    const char *msg = NULL;
    CHECK_INT_EQ(question_may(&coord, QS_ANSWERED, QG_COORDINATOR | QG_HANDLER, QE_ANSWER, NULL, &msg), FLOW_NOT_IN_STATE);
    CHECK(msg && strstr(msg, "Ladda om sidan") != NULL);
}

/* The store's facts: a coordinator brings both guards; a member's contact
 * QG_HANDLER for that member's questions only; anyone else none. Any role
 * signed in passes the action (ACT_QUESTION_HANDLE is anyone signed in):
 * the guards decide. */
TEST(question_flow_guards_on_every_row_for_every_role)
{
    const unsigned facts[] = {0, QG_HANDLER, QG_COORDINATOR | QG_HANDLER};
    for (int role = 0; role < ROLE__MAX; role++) {
        authz_grant g = {(dl_role)role, "/"};
        authz_subject s = {9, &g, 1};
        for (int i = 0; i < N_EXPECTED; i++)
            for (int f = 0; f < 3; f++) {
                const struct expect *x = &expected[i];
                flow_refusal got = question_may(&s, x->from, facts[f], x->ev, NULL, NULL);
                flow_refusal want = (facts[f] & x->guard) == x->guard ? FLOW_OK : FLOW_GUARD_FAILED;
                if (got != want)
                    test_fail(__FILE__, __LINE__, "%s with facts %u on %s/%s: got %d, want %d", role_key((dl_role)role),
                              facts[f], question_state_keys[x->from], question_event_keys[x->ev], got, want);
            }
    }
    authz_subject bare = {12, NULL, 0};
    const char *msg = NULL;
    CHECK_INT_EQ(question_may(&bare, QS_ROUTED, QG_HANDLER, QE_ANSWER, NULL, NULL), FLOW_OK);
    CHECK_INT_EQ(question_may(&bare, QS_RECEIVED, QG_HANDLER, QE_ROUTE, NULL, &msg), FLOW_GUARD_FAILED);
    CHECK(msg && strstr(msg, "Bara nätverkskoordinatorn") != NULL);
    CHECK_INT_EQ(question_may(&bare, QS_ROUTED, 0, QE_HANDOVER, NULL, &msg), FLOW_GUARD_FAILED);
    CHECK(msg && strstr(msg, "en annan stödfunktion") != NULL);
    /* The public (not signed in) may do nothing, whatever facts are claimed. */
    for (int i = 0; i < N_EXPECTED; i++)
        CHECK_INT_EQ(question_may(NULL, expected[i].from, QG_COORDINATOR | QG_HANDLER, expected[i].ev, NULL, NULL),
                     FLOW_NOT_PERMITTED);
}

TEST(question_flow_buttons_in_event_order)
{
    authz_subject bare = {12, NULL, 0};
    question_event out[QUESTION_EVENT__MAX];
    /* A member's contact on its own question: hand over, return, answer, close. */
    CHECK_INT_EQ(question_events_allowed(&bare, QS_ROUTED, QG_HANDLER, out), 4);
    CHECK_INT_EQ((int)out[0], (int)QE_HANDOVER);
    CHECK_INT_EQ((int)out[3], (int)QE_CLOSE);
    /* …and nothing on the coordinator's queue. */
    CHECK_INT_EQ(question_events_allowed(&bare, QS_RECEIVED, QG_HANDLER, out), 0);
    CHECK_INT_EQ(question_events_allowed(&bare, QS_RECEIVED, QG_COORDINATOR | QG_HANDLER, out), 3);
    CHECK_INT_EQ((int)out[0], (int)QE_ROUTE);
}

TEST(question_flow_keys_and_labels)
{
    CHECK_STR_EQ(question_state_keys[QS_RECEIVED], "received");
    CHECK_STR_EQ(question_state_keys[QS_CLOSED], "closed");
    CHECK_STR_EQ(question_state_label_sv(QS_ANSWERED), "Besvarad");
    CHECK_STR_EQ(question_state_label_sv((question_state)99), "");
    CHECK_STR_EQ(question_event_label_sv(QE_HANDOVER), "Lämna över");
    CHECK_STR_EQ(question_event_label_sv((question_event)-1), "");
    question_event ev;
    CHECK_INT_EQ(question_event_from_key("handover", &ev), 0);
    CHECK_INT_EQ((int)ev, (int)QE_HANDOVER);
    CHECK_INT_EQ(question_event_from_key("Answer", &ev), -1);
    CHECK_INT_EQ(question_event_from_key(NULL, &ev), -1);
    question_state st;
    CHECK_INT_EQ(question_state_from_key("routed", &st), 0);
    CHECK_INT_EQ((int)st, (int)QS_ROUTED);
    CHECK_INT_EQ(question_state_from_key("", &st), -1);
}
