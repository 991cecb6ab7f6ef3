/* test_case_clock.c — core/case_clock.c: time per step and the two lead
 * times of a case from a hand-written history (times in UTC, Stockholm
 * winter time), with a completion and a cost estimate whose waiting is
 * left out of the EHDS lead time but not of receipt to delivery. */
#include "test.h"

#include "core/calendar.h"
#include "core/case_clock.h"
#include "core/deadline.h"

/* An instant of February 2026 in UTC: 2026-02-02 is day 20486 since 1970 (checked below). */
#define FEB2 20486
#define U(y, mo, d, h) ((int64_t)(FEB2 + (d) - 2) * 86400 + (h) * 3600)

/* Mon 2 Feb 2026 09:00 UTC submitted; completion asked Tue 3 09:00,
 * answered Thu 5 09:00; complete Fri 6 09:00; estimate sent Mon 9 09:00,
 * accepted Wed 11 09:00; review Thu 12 (stays); recommendation Fri 13;
 * approved Mon 16 09:00; assignment Tue 17; delivered Fri 20 09:00. */
static const case_clock_event history[] = {
    {U(2026, 2, 2, 9), EV_SUBMIT, CASE_DRAFT, CASE_RECEIVED},
    {U(2026, 2, 3, 9), EV_REQUEST_COMPLETION, CASE_RECEIVED, CASE_COMPLETION_REQUESTED},
    {U(2026, 2, 5, 9), EV_COMPLETE, CASE_COMPLETION_REQUESTED, CASE_RECEIVED},
    {U(2026, 2, 6, 9), EV_ACCEPT_COMPLETE, CASE_RECEIVED, CASE_AWAITING_SAMRAD},
    {U(2026, 2, 9, 9), EV_SEND_ESTIMATE, CASE_AWAITING_SAMRAD, CASE_AWAITING_COST_ACCEPTANCE},
    {U(2026, 2, 11, 9), EV_ACCEPT_ESTIMATE, CASE_AWAITING_COST_ACCEPTANCE, CASE_AWAITING_SAMRAD},
    {U(2026, 2, 12, 9), EV_CONFIDENTIALITY_REVIEW, CASE_AWAITING_SAMRAD, CASE_AWAITING_SAMRAD},
    {U(2026, 2, 13, 9), EV_RECOMMEND_RELEASE, CASE_AWAITING_SAMRAD, CASE_AWAITING_DECISION},
    {U(2026, 2, 16, 9), EV_APPROVE, CASE_AWAITING_DECISION, CASE_AWAITING_ASSIGNMENT},
    {U(2026, 2, 17, 9), EV_ISSUE_ASSIGNMENT, CASE_AWAITING_ASSIGNMENT, CASE_EXTRACTING},
    {U(2026, 2, 20, 9), EV_REGISTER_DELIVERY, CASE_EXTRACTING, CASE_DELIVERED},
};
#define N_HISTORY (int)(sizeof history / sizeof history[0])

TEST(case_clock_time_per_step)
{
    CHECK_INT_EQ(cal_to_days((cal_date){2026, 2, 2}), FEB2);
    case_step_time t[CASE_STATE__MAX];
    case_step_times(history, N_HISTORY, U(2026, 2, 28, 0), t);
    /* Received: Mon 2 → Tue 3 (1 day) and Thu 5 → Fri 6 (1 day): 2 days, 2 visits. */
    CHECK_INT_EQ(t[CASE_RECEIVED].seconds, 2 * 86400);
    CHECK_INT_EQ(t[CASE_RECEIVED].visits, 2);
    CHECK_INT_EQ(t[CASE_RECEIVED].working_days, 2);
    CHECK_INT_EQ(t[CASE_COMPLETION_REQUESTED].seconds, 2 * 86400);
    /* The samråd: Fri 6 → Mon 9 (3 days, 1 working day: Monday), then Wed 11 →
     * Fri 13 over the review (2 days, 2 working days); two visits, the review
     * no third. */
    CHECK_INT_EQ(t[CASE_AWAITING_SAMRAD].seconds, 5 * 86400);
    CHECK_INT_EQ(t[CASE_AWAITING_SAMRAD].working_days, 3);
    CHECK_INT_EQ(t[CASE_AWAITING_SAMRAD].visits, 2);
    CHECK_INT_EQ(t[CASE_AWAITING_COST_ACCEPTANCE].seconds, 2 * 86400);
    CHECK_INT_EQ(t[CASE_AWAITING_DECISION].working_days, 1); /* Fri 13 → Mon 16 */
    CHECK_INT_EQ(t[CASE_EXTRACTING].seconds, 3 * 86400);
    CHECK_INT_EQ(t[CASE_DELIVERED].seconds, 0); /* closed: no time runs */
    /* An open case's last step runs to now. */
    case_step_times(history, 4, U(2026, 2, 6, 21), t);
    CHECK_INT_EQ(t[CASE_AWAITING_SAMRAD].seconds, 12 * 3600);
}

TEST(case_clock_lead_times)
{
    case_lead l;
    case_lead_of(history, N_HISTORY, &l);
    /* EHDS: Fri 6 09:00 → Mon 16 09:00 is 10 days, less the estimate's 2 days = 8. */
    CHECK(l.has_ehds);
    CHECK_INT_EQ(l.ehds_seconds, 8 * 86400);
    CHECK_INT_EQ(l.ehds_paused_seconds, 2 * 86400);
    /* Receipt to delivery: Mon 2 → Fri 20, 18 days, everything included. */
    CHECK(l.has_delivery);
    CHECK_INT_EQ(l.delivery_seconds, 18 * 86400);
    /* Not decided yet: no EHDS lead time; not delivered: none either. */
    case_lead_of(history, 8, &l);
    CHECK(!l.has_ehds);
    CHECK(!l.has_delivery);
    char out[32];
    case_clock_days_text(8 * 86400 + 4 * 3600, out, sizeof out);
    CHECK_STR_EQ(out, "8,2");
    case_clock_days_text(-5, out, sizeof out);
    CHECK_STR_EQ(out, "0,0");
}

/* The whole case's target from the complete application (Fri 6 Feb 09:00
 * UTC): 10 working days end Fri 20 Feb; the estimate paused the clock from
 * Mon 9 to Wed 11 (Mon 9 and Tue 10: two working days), so the decision is
 * due Tue 24 Feb. It came Mon 16: in time. */
TEST(case_clock_decision_due_leaves_out_the_applicants_time)
{
    cal_date due = {0, 0, 0};
    int64_t decided = -1;
    int paused = -1;
    CHECK(case_decision_due(history, N_HISTORY, 10, DUE_WORKING_DAYS, U(2026, 2, 28, 0), &due, &decided, &paused));
    CHECK_INT_EQ(due.year * 10000 + due.month * 100 + due.day, 20260224);
    CHECK_INT_EQ(decided, U(2026, 2, 16, 9));
    CHECK_INT_EQ(paused, 0);
    /* Still waiting for the estimate's answer on Tue 10 Feb: the pause runs
     * to now (Mon 9 only, as Tue 10 is today), due Mon 23; paused now. */
    CHECK(case_decision_due(history, 5, 10, DUE_WORKING_DAYS, U(2026, 2, 10, 12), &due, &decided, &paused));
    CHECK_INT_EQ(due.year * 10000 + due.month * 100 + due.day, 20260223);
    CHECK_INT_EQ(decided, 0);
    CHECK_INT_EQ(paused, 1);
    /* In calendar days: 30 from Fri 6 Feb is Sun 8 Mar, plus the two
     * paused days (Mon 9, Tue 10): Tue 10 Mar. */
    CHECK(case_decision_due(history, N_HISTORY, 30, DUE_CALENDAR_DAYS, U(2026, 2, 28, 0), &due, &decided, &paused));
    CHECK_INT_EQ(due.year * 10000 + due.month * 100 + due.day, 20260310);
    /* Never found complete: no target. */
    CHECK(!case_decision_due(history, 3, 10, DUE_WORKING_DAYS, U(2026, 2, 28, 0), &due, &decided, &paused));
}
