/* case_times.c — what the queue and the case page show of a case's clock:
 * the marker of its step's target time (overdue, due this week, waiting
 * for the applicant; store/case_due.h), and on the case page the time used
 * per step from its registered transitions with each step's target, and
 * the two lead times (core/case_clock.h). */
#include "web/handlers/case_web.h"

#include <stdio.h>
#include <string.h>

#include "core/case_clock.h"
#include "core/clock.h"
#include "store/case_due.h"
#include "store/case_targets.h"

void due_to_ctx(request *r, tmpl_ctx *row, const case_rec *c)
{
    if (!row) return;
    case_due x;
    dl_error e = {0};
    if (case_due_of(r->db, c, clock_now(), &x, &e) != DL_OK || !x.has_target) return;
    char day[11];
    cal_format_iso(x.due, day);
    tmpl_set_str(row, "due_key", case_due_key(&x));
    tmpl_set_str(row, "due_date", arena_strdup(r->a, day));
    tmpl_set_str(row, "due_label", x.waiting ? tr(r, "Väntar på den sökande")
                                   : x.status == DUE_OVERDUE ? tr(r, "Försenad")
                                   : x.status == DUE_THIS_WEEK ? tr(r, "Förfaller denna vecka") : tr(r, "I tid"));
    tmpl_set_bool(row, "due_overdue", !x.waiting && x.status == DUE_OVERDUE);
}

static void days_to(request *r, tmpl_ctx *x, const char *key, int64_t seconds)
{
    char text[32];
    case_clock_days_text(seconds, text, sizeof text);
    tmpl_set_str(x, key, arena_strdup(r->a, text));
}

void case_times_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_history_rec *h, int n)
{
    case_clock_event *ev = n > 0 ? arena_alloc(r->a, sizeof *ev * (size_t)n) : NULL;
    int m = 0;
    for (int i = 0; ev && i < n; i++) {
        int64_t at = clock_parse_iso_utc(h[i].at);
        case_event e;
        case_state from, to;
        if (at < 0 || case_event_from_key(h[i].event, &e) != 0 || case_state_from_key(h[i].from_state, &from) != 0 ||
            case_state_from_key(h[i].to_state, &to) != 0)
            continue;
        ev[m++] = (case_clock_event){at, e, from, to};
    }
    if (!m) return;
    case_step_time t[CASE_STATE__MAX];
    case_step_times(ev, m, clock_now(), t);
    case_target target[CASE_TARGETS];
    dl_error err;
    int has_targets = case_targets_get(r->db, c->org_id, target, &err) == DL_OK;
    tmpl_set_list(x, "step_times");
    for (int s = 0; s < CASE_STATE__MAX; s++) {
        if (!t[s].visits || s == CASE_DRAFT || !case_state_is_open((case_state)s)) continue;
        tmpl_ctx *o = tmpl_list_append(x, "step_times");
        if (!o) break;
        tmpl_set_str(o, "step_label", tr(r, case_state_label_sv((case_state)s)));
        days_to(r, o, "step_days", t[s].seconds);
        tmpl_set_int(o, "step_working", t[s].working_days);
        tmpl_set_bool(o, "step_applicant", case_state_is_waiting_for_applicant((case_state)s));
        int has = has_targets && target[s].days > 0;
        tmpl_set_str(o, "step_target", !has ? "–" : arena_printf(r->a, "%d %s", target[s].days,
                                                              target[s].unit == DUE_CALENDAR_DAYS ? tr(r, "kalenderdagar")
                                                                                                  : tr(r, "arbetsdagar")));
        tmpl_set_bool(o, "step_over", has && !case_state_is_waiting_for_applicant((case_state)s) &&
                                          ((target[s].unit == DUE_WORKING_DAYS && t[s].working_days > target[s].days) ||
                                           (target[s].unit == DUE_CALENDAR_DAYS && t[s].seconds > (int64_t)target[s].days * 86400)));
    }
    tmpl_set_bool(x, "has_step_times", 1);
    case_lead l;
    case_lead_of(ev, m, &l);
    tmpl_set_bool(x, "lead_ehds", l.has_ehds);
    days_to(r, x, "lead_ehds_days", l.ehds_seconds);
    days_to(r, x, "lead_ehds_paused", l.ehds_paused_seconds);
    tmpl_set_bool(x, "lead_delivery", l.has_delivery);
    days_to(r, x, "lead_delivery_days", l.delivery_seconds);
    due_to_ctx(r, x, c);
    /* The whole case's target: the decision, the applicant's time left out. */
    cal_date due;
    int64_t decided = 0;
    int paused = 0;
    const case_target *dt = &target[CASE_TARGET_DECISION];
    if (has_targets && dt->days > 0 &&
        case_decision_due(ev, m, dt->days, dt->unit, clock_now(), &due, &decided, &paused)) {
        char day[11];
        cal_format_iso(due, day);
        tmpl_set_str(x, "decision_due", arena_strdup(r->a, day));
        tmpl_set_bool(x, "decision_paused", paused);
        if (decided) {
            tmpl_set_str(x, "decision_due_state", cal_to_days(deadline_local_date(decided)) <= cal_to_days(due)
                                                      ? tr(r, "Beslutet fattades i tid") : tr(r, "Beslutet fattades efter målet"));
        } else {
            due_status st = deadline_status(due, clock_now());
            tmpl_set_str(x, "decision_due_state", paused ? tr(r, "Klockan står still: ärendet väntar på den sökande")
                                                  : st == DUE_OVERDUE ? tr(r, "Försenad")
                                                  : st == DUE_THIS_WEEK ? tr(r, "Förfaller denna vecka") : tr(r, "I tid"));
            tmpl_set_bool(x, "decision_overdue", !paused && st == DUE_OVERDUE);
        }
    }
}
