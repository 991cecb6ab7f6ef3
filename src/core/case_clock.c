/* case_clock.c — time per step and lead times of a case (see case_clock.h). */
#include "core/case_clock.h"

#include <stdio.h>
#include <string.h>

#include "core/deadline.h"

void case_step_times(const case_clock_event *ev, int n, int64_t now, case_step_time out[CASE_STATE__MAX])
{
    memset(out, 0, sizeof *out * CASE_STATE__MAX);
    for (int i = 0; i < n; i++) {
        case_state s = ev[i].to;
        if ((unsigned)s >= CASE_STATE__MAX) continue;
        if (ev[i].from != ev[i].to || i == 0) out[s].visits++;
        int64_t end = i + 1 < n ? ev[i + 1].at : (case_state_is_open(s) ? now : ev[i].at);
        if (end <= ev[i].at) continue;
        out[s].seconds += end - ev[i].at;
        out[s].working_days += deadline_days_between(ev[i].at, end, DUE_WORKING_DAYS);
    }
}

void case_lead_of(const case_clock_event *ev, int n, case_lead *out)
{
    memset(out, 0, sizeof *out);
    int64_t complete = -1, received = -1, paused_from = -1, paused = 0;
    for (int i = 0; i < n; i++) {
        const case_clock_event *e = &ev[i];
        if (received < 0 && (e->event == EV_SUBMIT || e->event == EV_REGISTER_INCOMING)) received = e->at;
        if (complete < 0 && e->event == EV_ACCEPT_COMPLETE) complete = e->at;
        if (complete >= 0 && !out->has_ehds) {
            /* The applicant's time after the complete application. */
            int waiting_now = case_state_is_waiting_for_applicant(e->to);
            if (waiting_now && paused_from < 0) paused_from = e->at;
            else if (!waiting_now && paused_from >= 0) { paused += e->at - paused_from; paused_from = -1; }
            if (e->event == EV_APPROVE || e->event == EV_REFUSE) {
                out->has_ehds = 1;
                out->ehds_paused_seconds = paused;
                out->ehds_seconds = e->at - complete - paused;
                if (out->ehds_seconds < 0) out->ehds_seconds = 0;
            }
        }
        if (received >= 0 && e->event == EV_REGISTER_DELIVERY && !out->has_delivery) {
            out->has_delivery = 1;
            out->delivery_seconds = e->at - received;
        }
    }
}

int case_decision_due(const case_clock_event *ev, int n, int days, int unit, int64_t now, cal_date *due,
                      int64_t *decided_at, int *paused_now)
{
    enum { PAUSES_MAX = 64 };
    due_pause p[PAUSES_MAX];
    int np = 0, started = -1;
    *decided_at = 0;
    *paused_now = 0;
    for (int i = 0; i < n; i++) {
        const case_clock_event *e = &ev[i];
        if (started < 0) {
            if (e->event == EV_ACCEPT_COMPLETE) started = i;
            continue;
        }
        if (*decided_at) break;
        int waiting = case_state_is_waiting_for_applicant(e->to);
        if (waiting && !*paused_now && np < PAUSES_MAX) { p[np++] = (due_pause){e->at, 0}; *paused_now = 1; }
        else if (!waiting && *paused_now) { p[np - 1].to = e->at; *paused_now = 0; }
        if (e->event == EV_APPROVE || e->event == EV_REFUSE) *decided_at = e->at;
    }
    if (started < 0) return 0;
    *due = deadline_due_date(ev[started].at, days, (due_unit)unit, p, np, now);
    return 1;
}

void case_clock_days_text(int64_t seconds, char *out, int size)
{
    if (seconds < 0) seconds = 0;
    int64_t tenths = (seconds * 10 + 43200) / 86400; /* rounded to the nearest tenth of a day */
    snprintf(out, (size_t)size, "%lld,%lld", (long long)(tenths / 10), (long long)(tenths % 10));
}
