/* test_flow.c — the transition-table mechanism (core/flow.h) on small
 * tables written here: the lookup with and without a variant, the order of
 * the checks (row, permission, guards), the events allowed, and each
 * invariant the checker knows, broken one at a time. */
#include "test.h"

#include "core/flow.h"

#include <string.h>

enum { S_OPEN, S_NEXT, S_DONE, N_STATES };
enum { E_GO, E_FINISH, E_SPECIAL, N_EVENTS };
enum { G_READY = 1, G_MINE = 2 };

typedef struct row {
    flow_rule head;
    int extra; /* what a table adds after the head */
} row;

static int open_state(int s) { return s != S_DONE; }
static const char *guard_sv(unsigned failed) { return failed & G_READY ? "inte klar" : "inte din"; }

static const row good[] = {
    {{S_OPEN, E_GO, FLOW_ANY_VARIANT, S_NEXT, ACT_GUIDE_EDIT, 0}, 1},
    {{S_OPEN, E_SPECIAL, 2, S_DONE, ACT_GUIDE_EDIT, G_READY | G_MINE}, 2},
    {{S_NEXT, E_FINISH, FLOW_ANY_VARIANT, S_DONE, ACT_AUDIT_VIEW, G_READY}, 3},
};

static flow_table table_of(const row *rows, size_t n)
{
    return (flow_table){.name = "test", .rows = rows, .n = n, .stride = sizeof(row), .n_states = N_STATES,
                        .n_events = N_EVENTS, .is_open = open_state, .guard_message_sv = guard_sv,
                        .not_in_state_sv = "gäller inte nu", .not_permitted_sv = "ingen behörighet"};
}

TEST(flow_finds_rows_by_state_event_and_variant)
{
    flow_table t = table_of(good, 3);
    CHECK(flow_find(&t, S_OPEN, E_GO, 0) == &good[0].head);
    CHECK(flow_find(&t, S_OPEN, E_GO, 5) == &good[0].head); /* any variant */
    CHECK(flow_find(&t, S_OPEN, E_SPECIAL, 2) == &good[1].head);
    CHECK(flow_find(&t, S_OPEN, E_SPECIAL, 1) == NULL);
    CHECK(flow_find(&t, S_NEXT, E_GO, 0) == NULL);
    CHECK(flow_row(&t, 2) == &good[2].head);
    CHECK(flow_row(&t, 3) == NULL);
    CHECK_INT_EQ(((const row *)(const void *)flow_row(&t, 1))->extra, 2);
}

TEST(flow_may_checks_row_then_permission_then_guards)
{
    flow_table t = table_of(good, 3);
    authz_grant ed = {ROLE_EDITOR, "/"};
    authz_subject editor = {5, &ed, 1}, nobody = {6, NULL, 0};
    authz_object obj = {.node_path = NULL, .state = -1};
    const flow_rule *r = NULL;
    const char *msg = NULL;
    CHECK_INT_EQ(flow_may(&t, &editor, &obj, S_OPEN, 0, 0, E_GO, &r, &msg), FLOW_OK);
    CHECK(r == &good[0].head && msg == NULL);
    CHECK_INT_EQ(flow_may(&t, &nobody, &obj, S_OPEN, 0, 0, E_GO, &r, &msg), FLOW_NOT_PERMITTED);
    CHECK(r == NULL);
    CHECK_STR_EQ(msg, "ingen behörighet");
    CHECK_INT_EQ(flow_may(&t, &nobody, &obj, S_NEXT, 0, 0, E_GO, &r, &msg), FLOW_NOT_IN_STATE);
    CHECK_STR_EQ(msg, "gäller inte nu");
    CHECK_INT_EQ(flow_may(&t, &editor, &obj, S_OPEN, 2, G_MINE, E_SPECIAL, &r, &msg), FLOW_GUARD_FAILED);
    CHECK_STR_EQ(msg, "inte klar");
    CHECK_INT_EQ(flow_may(&t, &editor, &obj, S_OPEN, 2, G_READY, E_SPECIAL, &r, &msg), FLOW_GUARD_FAILED);
    CHECK_STR_EQ(msg, "inte din");
    CHECK_INT_EQ(flow_may(&t, &editor, &obj, S_OPEN, 2, G_READY | G_MINE, E_SPECIAL, &r, &msg), FLOW_OK);
    CHECK_INT_EQ(flow_may(&t, &editor, &obj, S_OPEN, 0, 0, N_EVENTS, &r, &msg), FLOW_NOT_IN_STATE);
    CHECK_INT_EQ(flow_may(&t, &editor, &obj, S_OPEN, 0, 0, -1, &r, &msg), FLOW_NOT_IN_STATE);
    int out[N_EVENTS];
    CHECK_INT_EQ(flow_events_allowed(&t, &editor, &obj, S_OPEN, 2, G_READY | G_MINE, out), 2);
    CHECK_INT_EQ(out[0], E_GO);
    CHECK_INT_EQ(out[1], E_SPECIAL);
    CHECK_INT_EQ(flow_events_allowed(&t, &editor, &obj, S_DONE, 2, ~0u, out), 0);
    CHECK_INT_EQ(flow_events_allowed(NULL, &editor, &obj, S_OPEN, 0, 0, out), 0);
}

TEST(flow_table_problem_names_each_broken_invariant)
{
    flow_table t = table_of(good, 3);
    int bad = 7;
    CHECK(flow_table_problem(&t, &bad) == NULL);
    CHECK_INT_EQ(bad, -1);
    CHECK(flow_reaches(&t, S_OPEN, S_DONE));
    CHECK(!flow_reaches(&t, S_DONE, S_OPEN));

    row r[3];
    memcpy(r, good, sizeof r);
    r[1].head.to = N_STATES;
    t = table_of(r, 3);
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "state out of range");
    CHECK_INT_EQ(bad, 1);

    memcpy(r, good, sizeof r);
    r[2].head.event = N_EVENTS;
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "event out of range");

    memcpy(r, good, sizeof r);
    r[0].head.action = ACT__MAX;
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "action out of range");

    memcpy(r, good, sizeof r);
    r[1].head.event = E_GO; /* a second row for (open, go) */
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "two rows");
    CHECK_INT_EQ(bad, 1);

    memcpy(r, good, sizeof r);
    r[2].head.from = S_DONE; /* a way out of a closed state */
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "closed state");

    memcpy(r, good, sizeof r);
    r[2].head.from = S_OPEN; /* out of from-state order after row 1? no: same state */
    r[0].head.from = S_NEXT; r[0].head.to = S_NEXT;
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "order");

    memcpy(r, good, sizeof r);
    r[2].head.to = S_NEXT; /* next can only loop: never closes */
    CHECK_CONTAINS(flow_table_problem(&t, &bad), "cannot reach a closed");
    CHECK_INT_EQ(bad, -1);

    t.rows = NULL;
    CHECK(flow_table_problem(&t, &bad) != NULL);
}
