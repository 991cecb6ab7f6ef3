/* test_obstacle_flow.c — the obstacle lifecycle's transition table against
 * expectations written out by hand from issue 13 and docs/obstacles.md:
 * every allowed (state, event) with where it goes, what it takes and
 * whether it is public; every other pair refused; every role, the public
 * and a bare account tried on each; the states' keys, labels and public
 * groups by hand. The reporter's door (revise, withdraw: ACT_OBSTACLE_REPORT,
 * only while unpublished) is tried on every state × event, published and
 * not. Nothing below is computed from the table under test. */
#include "test.h"

#include <string.h>

#include "core/obstacle_flow.h"
#include "core/roles.h"

#define REASON (OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC)
#define EDIT (OI_EDIT | OI_NOTE | OI_NOTE_REQUIRED)

static const struct expect {
    obstacle_state from;
    obstacle_event ev;
    obstacle_state to;
    unsigned inputs;
    int is_public;
    int reporter; /* the follow-up link's door */
} expected[] = {
    {OBSTACLE_RECEIVED, OE_TRIAGE, OBSTACLE_TRIAGED, OI_NOTE, 1},
    {OBSTACLE_RECEIVED, OE_ARCHIVE, OBSTACLE_ARCHIVED, REASON, 1},
    {OBSTACLE_RECEIVED, OE_MERGE, OBSTACLE_MERGED, OI_MERGE_INTO | REASON, 1},
    {OBSTACLE_RECEIVED, OE_EDIT, OBSTACLE_RECEIVED, EDIT, 0},
    {OBSTACLE_RECEIVED, OE_REVISE, OBSTACLE_RECEIVED, OI_REPORT_TEXT, 0, 1},
    {OBSTACLE_RECEIVED, OE_WITHDRAW, OBSTACLE_WITHDRAWN, 0, 1, 1},
    {OBSTACLE_TRIAGED, OE_ASSESS, OBSTACLE_ASSESSED, OI_NEED | OI_LEGAL_BASIS | OI_NOTE, 1},
    {OBSTACLE_TRIAGED, OE_ARCHIVE, OBSTACLE_ARCHIVED, REASON, 1},
    {OBSTACLE_TRIAGED, OE_MERGE, OBSTACLE_MERGED, OI_MERGE_INTO | REASON, 1},
    {OBSTACLE_TRIAGED, OE_EDIT, OBSTACLE_TRIAGED, EDIT, 0},
    {OBSTACLE_TRIAGED, OE_REVISE, OBSTACLE_TRIAGED, OI_REPORT_TEXT, 0, 1},
    {OBSTACLE_TRIAGED, OE_WITHDRAW, OBSTACLE_WITHDRAWN, 0, 1, 1},
    {OBSTACLE_ASSESSED, OE_FORWARD, OBSTACLE_FORWARDED, OI_BODY | OI_NOTE, 1},
    {OBSTACLE_ASSESSED, OE_RECORD_MEASURE, OBSTACLE_MEASURE_TAKEN, REASON, 1},
    {OBSTACLE_ASSESSED, OE_CLOSE, OBSTACLE_CLOSED, OI_ANSWER, 1},
    {OBSTACLE_ASSESSED, OE_ARCHIVE, OBSTACLE_ARCHIVED, REASON, 1},
    {OBSTACLE_ASSESSED, OE_MERGE, OBSTACLE_MERGED, OI_MERGE_INTO | REASON, 1},
    {OBSTACLE_ASSESSED, OE_EDIT, OBSTACLE_ASSESSED, EDIT, 0},
    {OBSTACLE_ASSESSED, OE_REVISE, OBSTACLE_ASSESSED, OI_REPORT_TEXT, 0, 1},
    {OBSTACLE_ASSESSED, OE_WITHDRAW, OBSTACLE_WITHDRAWN, 0, 1, 1},
    {OBSTACLE_FORWARDED, OE_RECORD_MEASURE, OBSTACLE_MEASURE_TAKEN, REASON, 1},
    {OBSTACLE_FORWARDED, OE_CLOSE, OBSTACLE_CLOSED, OI_ANSWER, 1},
    {OBSTACLE_FORWARDED, OE_ARCHIVE, OBSTACLE_ARCHIVED, REASON, 1},
    {OBSTACLE_FORWARDED, OE_EDIT, OBSTACLE_FORWARDED, EDIT, 0},
    {OBSTACLE_FORWARDED, OE_REVISE, OBSTACLE_FORWARDED, OI_REPORT_TEXT, 0, 1},
    {OBSTACLE_FORWARDED, OE_WITHDRAW, OBSTACLE_WITHDRAWN, 0, 1, 1},
    {OBSTACLE_MEASURE_TAKEN, OE_CLOSE, OBSTACLE_CLOSED, OI_ANSWER, 1},
    {OBSTACLE_MEASURE_TAKEN, OE_EDIT, OBSTACLE_MEASURE_TAKEN, EDIT, 0},
};
#define N_EXPECTED (int)(sizeof expected / sizeof expected[0])

static const struct expect *find_expected(int s, int ev)
{
    for (int i = 0; i < N_EXPECTED; i++)
        if ((int)expected[i].from == s && (int)expected[i].ev == ev) return &expected[i];
    return NULL;
}

TEST(obstacle_flow_table_invariants_hold)
{
    CHECK(obstacle_flow_problem() == NULL);
    CHECK(flow_table_problem(obstacle_flow(), NULL) == NULL);
    int n = 0;
    obstacle_flow_table(&n);
    CHECK_INT_EQ(n, N_EXPECTED);
}

/* Every state × event × actor: the analyst (held at a unit or for the
 * whole installation — obstacles are national) may exactly the pairs
 * above; every other role, a bare account and the public may nothing. */
TEST(obstacle_flow_every_state_event_role)
{
    int checked = 0, wrong = 0;
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++)
        for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++) {
            const struct expect *x = find_expected(s, ev);
            for (int a = 0; a < 2 + 2 * ROLE__MAX; a++) {
                authz_grant g = {ROLE_APPLICANT, "/"};
                authz_subject subj = {a == 0 ? 0 : 200, NULL, 0}; /* 0: the public, 1: a bare account */
                int role = -1;
                if (a >= 2) {
                    role = (a - 2) / 2;
                    g.role = (dl_role)role;
                    g.node_path = (a - 2) % 2 == 0 ? "/1/4/" : "/";
                    subj.grants = &g;
                    subj.n_grants = 1;
                }
                int want = x && !x->reporter && role == ROLE_OBSTACLE_ANALYST;
                const obstacle_rule *row = NULL;
                const char *msg = NULL;
                flow_refusal got = obstacle_may(&subj, (obstacle_state)s, (obstacle_event)ev, &row, &msg);
                checked++;
                int bad = (got == FLOW_OK) != want;
                if (want && !bad)
                    bad = !row || row->to != x->to || row->inputs != x->inputs || row->is_public != x->is_public ||
                          msg != NULL;
                if (!want && !bad) {
                    bad = row != NULL || !msg || !*msg;
                    /* refused for the right reason: no row, or no permission */
                    if (!x && got != FLOW_NOT_IN_STATE) bad = 1;
                    if (x && got != FLOW_NOT_PERMITTED) bad = 1;
                }
                if (bad) {
                    wrong++;
                    test_fail(__FILE__, __LINE__, "%s in %s by actor %d (%s): got %d, want %d",
                              obstacle_event_key((obstacle_event)ev), obstacle_state_key((obstacle_state)s), a,
                              role >= 0 ? role_key((dl_role)role) : (a == 0 ? "public" : "bare account"), (int)got,
                              want);
                }
            }
        }
    CHECK_INT_EQ(checked, OBSTACLE_STATE__MAX * OBSTACLE_EVENT__MAX * (2 + 2 * ROLE__MAX));
    CHECK_INT_EQ(wrong, 0);
}

/* The reporter's door: exactly revise and withdraw from received, triaged,
 * assessed and forwarded, and only while unpublished; every other pair
 * refused, for the right reason. */
TEST(obstacle_flow_reporter_door_every_state_event)
{
    int wrong = 0, allowed = 0;
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++)
        for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++)
            for (int published = 0; published < 2; published++) {
                const struct expect *x = find_expected(s, ev);
                int want = x && x->reporter && !published;
                const obstacle_rule *row = NULL;
                const char *msg = NULL;
                flow_refusal got = obstacle_reporter_may((obstacle_state)s, published, (obstacle_event)ev, &row, &msg);
                int bad = (got == FLOW_OK) != want;
                if (want && !bad) {
                    allowed++;
                    bad = !row || row->to != x->to || row->inputs != x->inputs || row->is_public != x->is_public ||
                          msg != NULL;
                }
                if (!want && !bad) {
                    flow_refusal reason = !x ? FLOW_NOT_IN_STATE : !x->reporter ? FLOW_NOT_PERMITTED : FLOW_GUARD_FAILED;
                    bad = got != reason || row != NULL || !msg || !*msg;
                    if (!bad && reason == FLOW_GUARD_FAILED) bad = strstr(msg, "publicerat") == NULL;
                }
                if (bad) {
                    wrong++;
                    test_fail(__FILE__, __LINE__, "reporter: %s in %s (published %d): got %d, want %d",
                              obstacle_event_key((obstacle_event)ev), obstacle_state_key((obstacle_state)s), published,
                              (int)got, want);
                }
            }
    CHECK_INT_EQ(wrong, 0);
    CHECK_INT_EQ(allowed, 8);
    obstacle_event out[OBSTACLE_EVENT__MAX];
    CHECK_INT_EQ(obstacle_reporter_events_allowed(OBSTACLE_ASSESSED, 0, out), 2);
    CHECK_INT_EQ(out[0], OE_REVISE);
    CHECK_INT_EQ(out[1], OE_WITHDRAW);
    CHECK_INT_EQ(obstacle_reporter_events_allowed(OBSTACLE_ASSESSED, 1, out), 0);
    CHECK_INT_EQ(obstacle_reporter_events_allowed(OBSTACLE_MEASURE_TAKEN, 0, out), 0);
    CHECK_INT_EQ(obstacle_reporter_events_allowed(OBSTACLE_WITHDRAWN, 0, out), 0);
    /* the analyst's door never offers the reporter's events, and says why */
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {7, &g, 1};
    const char *msg = NULL;
    CHECK_INT_EQ(obstacle_may(&analyst, OBSTACLE_RECEIVED, OE_WITHDRAW, NULL, &msg), FLOW_NOT_PERMITTED);
    CHECK_CONTAINS(msg, "egen länk");
    CHECK_INT_EQ(obstacle_reporter_may(OBSTACLE_RECEIVED, 0, OE_TRIAGE, NULL, &msg), FLOW_NOT_PERMITTED);
    CHECK_INT_EQ(obstacle_reporter_may(OBSTACLE_WITHDRAWN, 0, OE_WITHDRAW, NULL, &msg), FLOW_NOT_IN_STATE);
}

TEST(obstacle_flow_events_allowed_in_event_order)
{
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {7, &g, 1};
    obstacle_event out[OBSTACLE_EVENT__MAX];
    CHECK_INT_EQ(obstacle_events_allowed(&analyst, OBSTACLE_RECEIVED, out), 4);
    CHECK_INT_EQ(out[0], OE_TRIAGE);
    CHECK_INT_EQ(out[1], OE_ARCHIVE);
    CHECK_INT_EQ(out[2], OE_MERGE);
    CHECK_INT_EQ(out[3], OE_EDIT);
    CHECK_INT_EQ(obstacle_events_allowed(&analyst, OBSTACLE_MEASURE_TAKEN, out), 2);
    CHECK_INT_EQ(out[0], OE_CLOSE);
    CHECK_INT_EQ(out[1], OE_EDIT);
    const obstacle_state closed[] = {OBSTACLE_CLOSED, OBSTACLE_ARCHIVED, OBSTACLE_MERGED, OBSTACLE_WITHDRAWN};
    for (int i = 0; i < 4; i++) {
        CHECK(!obstacle_state_is_open(closed[i]));
        CHECK_INT_EQ(obstacle_events_allowed(&analyst, closed[i], out), 0);
    }
    CHECK_INT_EQ(obstacle_events_allowed(NULL, OBSTACLE_RECEIVED, out), 0);
    const char *msg = NULL;
    CHECK_INT_EQ(obstacle_may(&analyst, OBSTACLE_RECEIVED, OBSTACLE_EVENT__MAX, NULL, &msg), FLOW_NOT_IN_STATE);
    CHECK_INT_EQ(obstacle_may(&analyst, OBSTACLE_STATE__MAX, OE_TRIAGE, NULL, &msg), FLOW_NOT_IN_STATE);
    CHECK_INT_EQ(obstacle_may(&analyst, OBSTACLE_CLOSED, OE_CLOSE, NULL, &msg), FLOW_NOT_IN_STATE);
    CHECK_CONTAINS(msg, "Ladda om");
    authz_grant ed = {ROLE_EDITOR, "/"};
    authz_subject editor = {8, &ed, 1};
    CHECK_INT_EQ(obstacle_may(&editor, OBSTACLE_RECEIVED, OE_TRIAGE, NULL, &msg), FLOW_NOT_PERMITTED);
    CHECK_CONTAINS(msg, "hinderanalytiker");
}

TEST(obstacle_flow_names_and_groups_by_hand)
{
    static const char *const states[] = {"received", "triaged",  "assessed", "forwarded",
                                         "measure_taken", "closed", "archived", "merged", "withdrawn"};
    static const int groups[] = {OBSTACLE_GROUP_OPEN,     OBSTACLE_GROUP_OPEN,   OBSTACLE_GROUP_OPEN,
                                 OBSTACLE_GROUP_OPEN,     OBSTACLE_GROUP_RESOLVED, OBSTACLE_GROUP_CLOSED,
                                 OBSTACLE_GROUP_CLOSED,   OBSTACLE_GROUP_CLOSED, OBSTACLE_GROUP_CLOSED};
    CHECK_INT_EQ(OBSTACLE_STATE__MAX, 9);
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++) {
        CHECK_STR_EQ(obstacle_state_key((obstacle_state)s), states[s]);
        CHECK_STR_EQ(obstacle_state_keys[s], states[s]);
        CHECK(obstacle_state_label_sv((obstacle_state)s)[0] != '\0');
        CHECK_INT_EQ(obstacle_public_group_of((obstacle_state)s), groups[s]);
    }
    CHECK(obstacle_state_keys[OBSTACLE_STATE__MAX] == NULL);
    CHECK_STR_EQ(obstacle_public_group_label_sv(OBSTACLE_GROUP_OPEN), "Under utredning");
    CHECK_STR_EQ(obstacle_public_group_label_sv(OBSTACLE_GROUP_RESOLVED), "Åtgärdat");
    CHECK_STR_EQ(obstacle_public_group_label_sv(OBSTACLE_GROUP_CLOSED), "Avslutat med svar");
    CHECK_STR_EQ(obstacle_public_group_key(OBSTACLE_GROUP_RESOLVED), "resolved");
    CHECK(obstacle_public_group_key((obstacle_public_group)3) == NULL);

    static const char *const events[] = {"triage", "assess", "forward", "record_measure",
                                         "close",  "archive", "merge",  "edit", "revise", "withdraw"};
    CHECK_INT_EQ(OBSTACLE_EVENT__MAX, 10);
    for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++) {
        obstacle_event back;
        CHECK_STR_EQ(obstacle_event_key((obstacle_event)ev), events[ev]);
        CHECK_INT_EQ(obstacle_event_from_key(events[ev], &back), 0);
        CHECK_INT_EQ(back, ev);
        CHECK(obstacle_event_label_sv((obstacle_event)ev)[0] != '\0');
    }
    obstacle_event back;
    CHECK_INT_EQ(obstacle_event_from_key("close'; --", &back), -1);
    CHECK_INT_EQ(obstacle_event_from_key(NULL, &back), -1);
    CHECK(obstacle_event_key(OBSTACLE_EVENT__MAX) == NULL);
}
