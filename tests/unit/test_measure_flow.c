/* test_measure_flow.c — the measure's transition table (core/measure_flow.c)
 * against expectations written out by hand from issue 13 item 7 and
 * docs/obstacles.md "Measures": every allowed (status, event) with where it
 * goes, what it takes and whether it is public; every other pair refused
 * (done and cancelled are final); every role, the public and a bare account
 * tried on each; the lists' keys and labels, the dates and the obstacle
 * reference by hand. Nothing below is computed from the table under test. */
#include "test.h"

#include <string.h>

#include "core/measure_flow.h"
#include "core/roles.h"

static const struct expect {
    measure_status from;
    measure_event ev;
    measure_status to;
    unsigned inputs;
    int is_public;
} expected[] = {
    {MEASURE_PLANNED, ME_START, MEASURE_ONGOING, MI_PROGRESS, 1},
    {MEASURE_PLANNED, ME_CANCEL, MEASURE_CANCELLED, 0, 1},
    {MEASURE_PLANNED, ME_EDIT, MEASURE_PLANNED, MI_EDIT, 0},
    {MEASURE_ONGOING, ME_PROGRESS, MEASURE_ONGOING, MI_PROGRESS, 1},
    {MEASURE_ONGOING, ME_COMPLETE, MEASURE_DONE, MI_COMPLETE, 1},
    {MEASURE_ONGOING, ME_CANCEL, MEASURE_CANCELLED, 0, 1},
    {MEASURE_ONGOING, ME_EDIT, MEASURE_ONGOING, MI_EDIT, 0},
};
#define N_EXPECTED (int)(sizeof expected / sizeof expected[0])

/* The forbidden pairs, written out too: each must be refused as "not in
 * this status" even for the analyst. */
static const struct forbidden {
    measure_status from;
    measure_event ev;
} forbidden[] = {
    {MEASURE_PLANNED, ME_PROGRESS},  {MEASURE_PLANNED, ME_COMPLETE},  {MEASURE_ONGOING, ME_START},
    {MEASURE_DONE, ME_START},        {MEASURE_DONE, ME_PROGRESS},     {MEASURE_DONE, ME_COMPLETE},
    {MEASURE_DONE, ME_CANCEL},       {MEASURE_DONE, ME_EDIT},         {MEASURE_CANCELLED, ME_START},
    {MEASURE_CANCELLED, ME_PROGRESS}, {MEASURE_CANCELLED, ME_COMPLETE}, {MEASURE_CANCELLED, ME_CANCEL},
    {MEASURE_CANCELLED, ME_EDIT},
};
#define N_FORBIDDEN (int)(sizeof forbidden / sizeof forbidden[0])

static const struct expect *find_expected(int s, int ev)
{
    for (int i = 0; i < N_EXPECTED; i++)
        if ((int)expected[i].from == s && (int)expected[i].ev == ev) return &expected[i];
    return NULL;
}

TEST(measure_flow_table_invariants_hold)
{
    CHECK(measure_flow_problem() == NULL);
    CHECK(flow_table_problem(measure_flow(), NULL) == NULL);
    int n = 0;
    measure_flow_table(&n);
    CHECK_INT_EQ(n, N_EXPECTED);
    /* Allowed and forbidden together cover every pair exactly once. */
    CHECK_INT_EQ(N_EXPECTED + N_FORBIDDEN, MEASURE_STATUS__MAX * MEASURE_EVENT__MAX);
}

TEST(measure_flow_every_forbidden_transition_is_refused)
{
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {7, &g, 1};
    for (int i = 0; i < N_FORBIDDEN; i++) {
        CHECK(find_expected(forbidden[i].from, forbidden[i].ev) == NULL);
        const measure_rule *row = (const measure_rule *)1;
        const char *msg = NULL;
        CHECK_INT_EQ(measure_may(&analyst, forbidden[i].from, forbidden[i].ev, &row, &msg), FLOW_NOT_IN_STATE);
        CHECK(row == NULL);
        CHECK_CONTAINS(msg, "Ladda om sidan");
        CHECK(measure_flow_find(forbidden[i].from, forbidden[i].ev) == NULL);
    }
}

/* Every status × event × actor: the analyst (at a unit or the whole
 * installation) may exactly the pairs above; everyone else nothing. */
TEST(measure_flow_every_status_event_role)
{
    int checked = 0, wrong = 0;
    for (int s = 0; s < MEASURE_STATUS__MAX; s++)
        for (int ev = 0; ev < MEASURE_EVENT__MAX; ev++) {
            const struct expect *x = find_expected(s, ev);
            for (int a = 0; a < 2 + 2 * ROLE__MAX; a++) {
                authz_grant g = {ROLE_APPLICANT, "/"};
                authz_subject subj = {a == 0 ? 0 : 200, NULL, 0};
                int role = -1;
                if (a >= 2) {
                    role = (a - 2) / 2;
                    g.role = (dl_role)role;
                    g.node_path = (a - 2) % 2 == 0 ? "/1/4/" : "/";
                    subj.grants = &g;
                    subj.n_grants = 1;
                }
                int want = x && role == ROLE_OBSTACLE_ANALYST;
                const measure_rule *row = NULL;
                const char *msg = NULL;
                flow_refusal got = measure_may(&subj, (measure_status)s, (measure_event)ev, &row, &msg);
                checked++;
                int bad = (got == FLOW_OK) != want;
                if (want && !bad)
                    bad = !row || row->to != x->to || row->inputs != x->inputs || row->is_public != x->is_public ||
                          msg != NULL;
                if (!want && !bad) {
                    bad = row != NULL || !msg || !*msg;
                    if (!x && got != FLOW_NOT_IN_STATE) bad = 1;
                    if (x && got != FLOW_NOT_PERMITTED) bad = 1;
                }
                if (bad) {
                    wrong++;
                    test_fail(__FILE__, __LINE__, "%s in %s by actor %d: got %d, want %d",
                              measure_event_key((measure_event)ev), measure_status_keys[s], a, (int)got, want);
                }
            }
        }
    CHECK_INT_EQ(checked, MEASURE_STATUS__MAX * MEASURE_EVENT__MAX * (2 + 2 * ROLE__MAX));
    CHECK_INT_EQ(wrong, 0);
}

TEST(measure_flow_events_allowed_in_event_order)
{
    authz_grant g = {ROLE_OBSTACLE_ANALYST, "/"};
    authz_subject analyst = {7, &g, 1};
    measure_event out[MEASURE_EVENT__MAX];
    CHECK_INT_EQ(measure_events_allowed(&analyst, MEASURE_PLANNED, out), 3);
    CHECK_INT_EQ(out[0], ME_START);
    CHECK_INT_EQ(out[1], ME_CANCEL);
    CHECK_INT_EQ(out[2], ME_EDIT);
    CHECK_INT_EQ(measure_events_allowed(&analyst, MEASURE_ONGOING, out), 4);
    CHECK_INT_EQ(out[0], ME_PROGRESS);
    CHECK_INT_EQ(out[1], ME_COMPLETE);
    CHECK_INT_EQ(out[2], ME_CANCEL);
    CHECK_INT_EQ(out[3], ME_EDIT);
    CHECK_INT_EQ(measure_events_allowed(&analyst, MEASURE_DONE, out), 0);
    CHECK_INT_EQ(measure_events_allowed(&analyst, MEASURE_CANCELLED, out), 0);
    CHECK_INT_EQ(measure_events_allowed(NULL, MEASURE_PLANNED, out), 0);
    const char *msg = NULL;
    CHECK_INT_EQ(measure_may(&analyst, MEASURE_PLANNED, MEASURE_EVENT__MAX, NULL, &msg), FLOW_NOT_IN_STATE);
    CHECK_INT_EQ(measure_may(&analyst, MEASURE_STATUS__MAX, ME_START, NULL, &msg), FLOW_NOT_IN_STATE);
    authz_grant ed = {ROLE_EDITOR, "/"};
    authz_subject editor = {8, &ed, 1};
    CHECK_INT_EQ(measure_may(&editor, MEASURE_PLANNED, ME_START, NULL, &msg), FLOW_NOT_PERMITTED);
    CHECK_CONTAINS(msg, "hinderanalytiker");
}

TEST(measure_lists_keys_and_labels_by_hand)
{
    static const char *const outcomes[][2] = {
        {"law_change", "Lagändring"}, {"guidance", "Vägledning"}, {"practice", "Ändrad praxis"}, {"other", "Annat"}};
    static const char *const statuses[][2] = {
        {"planned", "Planerad"}, {"ongoing", "Pågår"}, {"done", "Genomförd"}, {"cancelled", "Avbruten"}};
    static const int open[] = {1, 1, 0, 0};
    CHECK_INT_EQ(MEASURE_OUTCOME__MAX, 4);
    CHECK_INT_EQ(MEASURE_STATUS__MAX, 4);
    for (int i = 0; i < 4; i++) {
        measure_outcome o;
        measure_status s;
        CHECK_STR_EQ(measure_outcome_keys[i], outcomes[i][0]);
        CHECK_STR_EQ(measure_outcome_label_sv(i), outcomes[i][1]);
        CHECK_INT_EQ(measure_outcome_from_key(outcomes[i][0], &o), 0);
        CHECK_INT_EQ(o, i);
        CHECK_STR_EQ(measure_status_keys[i], statuses[i][0]);
        CHECK_STR_EQ(measure_status_label_sv(i), statuses[i][1]);
        CHECK_INT_EQ(measure_status_from_key(statuses[i][0], &s), 0);
        CHECK_INT_EQ(s, i);
        CHECK_INT_EQ(measure_status_is_open((measure_status)i), open[i]);
    }
    CHECK(measure_outcome_keys[4] == NULL);
    CHECK(measure_status_keys[4] == NULL);
    CHECK(measure_outcome_label_sv(4) == NULL);
    CHECK(measure_status_label_sv(-1) == NULL);
    measure_outcome o;
    CHECK_INT_EQ(measure_outcome_from_key("Lagändring", &o), -1);
    CHECK_INT_EQ(measure_outcome_from_key(NULL, &o), -1);
    static const char *const events[] = {"start", "progress", "complete", "cancel", "edit"};
    static const char *const done[] = {"Åtgärden påbörjades", "Nytt framsteg", "Åtgärden genomfördes",
                                       "Åtgärden avbröts", "Uppgifterna ändrades"};
    CHECK_INT_EQ(MEASURE_EVENT__MAX, 5);
    for (int ev = 0; ev < MEASURE_EVENT__MAX; ev++) {
        measure_event back;
        CHECK_STR_EQ(measure_event_key((measure_event)ev), events[ev]);
        CHECK_INT_EQ(measure_event_from_key(events[ev], &back), 0);
        CHECK_INT_EQ(back, ev);
        CHECK(measure_event_label_sv((measure_event)ev)[0] != '\0');
        CHECK_STR_EQ(measure_event_done_sv((measure_event)ev), done[ev]);
    }
    CHECK_STR_EQ(measure_event_done_sv(MEASURE_EVENT__MAX), "");
    measure_event back;
    CHECK_INT_EQ(measure_event_from_key("create", &back), -1); /* the first row is no step */
    CHECK(measure_event_key(MEASURE_EVENT__MAX) == NULL);
}

TEST(measure_dates_and_references_by_hand)
{
    CHECK(measure_date_ok(""));
    CHECK(measure_date_ok(NULL));
    CHECK(measure_date_ok("2026-02-28"));
    CHECK(measure_date_ok("2028-02-29"));
    CHECK(!measure_date_ok("2026-02-29"));
    CHECK(!measure_date_ok("2026-13-01"));
    CHECK(!measure_date_ok("2026-1-01"));
    CHECK(!measure_date_ok("2026-01-01x"));
    CHECK(!measure_date_ok("1999-12-31"));
    CHECK(!measure_date_ok("imorgon"));
    CHECK_INT_EQ(measure_parse_obstacle_reference("H-000042"), 42);
    CHECK_INT_EQ(measure_parse_obstacle_reference("h-42"), 42);
    CHECK_INT_EQ(measure_parse_obstacle_reference(" 7 "), 7);
    CHECK_INT_EQ(measure_parse_obstacle_reference("H-"), 0);
    CHECK_INT_EQ(measure_parse_obstacle_reference("H-42x"), 0);
    CHECK_INT_EQ(measure_parse_obstacle_reference("X-42"), 0);
    CHECK_INT_EQ(measure_parse_obstacle_reference("-42"), 0);
    CHECK_INT_EQ(measure_parse_obstacle_reference("H-9999999999999999999"), 0);
    CHECK_INT_EQ(measure_parse_obstacle_reference(NULL), 0);
}
