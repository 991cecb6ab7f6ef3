/* call_flow.c — the joint-call application's transition table (see
 * call_flow.h); core/flow.c walks it.
 *
 *   SUBMITTED ─assess─▶ ASSESSED ⟲ assess (scores changed)
 *      │                  ├─grant (reasons)─▶ GRANTED ─results─▶ REPORTED
 *      │                  └─reject (reasons)─▶ REJECTED
 *      └─withdraw (the applicant)─▶ WITHDRAWN
 *
 * There is no row for a decision on a submitted application: it must be
 * assessed against every criterion first. Rejected, withdrawn and reported
 * are final. */
#include "core/call_flow.h"

#include <stddef.h>
#include <string.h>

#define ROW(from, ev, to, act, guards, inputs) {{{(from), (ev), FLOW_ANY_VARIANT, (to), (act), (guards)}}, (inputs)}

static const call_rule table[] = {
    ROW(CALL_APP_SUBMITTED, CE_ASSESS, CALL_APP_ASSESSED, ACT_CALL_MANAGE, CG_IMPARTIAL, CI_SCORES),
    ROW(CALL_APP_SUBMITTED, CE_WITHDRAW, CALL_APP_WITHDRAWN, ACT_CALL_APPLY, CG_APPLICANT, 0),

    ROW(CALL_APP_ASSESSED, CE_ASSESS, CALL_APP_ASSESSED, ACT_CALL_MANAGE, CG_IMPARTIAL, CI_SCORES),
    ROW(CALL_APP_ASSESSED, CE_GRANT, CALL_APP_GRANTED, ACT_CALL_MANAGE, CG_IMPARTIAL, CI_REASON),
    ROW(CALL_APP_ASSESSED, CE_REJECT, CALL_APP_REJECTED, ACT_CALL_MANAGE, CG_IMPARTIAL, CI_REASON),

    ROW(CALL_APP_GRANTED, CE_RESULTS, CALL_APP_REPORTED, ACT_CALL_MANAGE, CG_IMPARTIAL, CI_RESULTS),
};
#define N_ROWS (int)(sizeof table / sizeof table[0])

FLOW_HEAD_LAYOUT_OK(call_rule);

int call_app_state_is_open(call_app_state s)
{
    return s == CALL_APP_SUBMITTED || s == CALL_APP_ASSESSED || s == CALL_APP_GRANTED;
}

static int state_is_open(int s) { return (unsigned)s < CALL_APP_STATE__MAX && call_app_state_is_open((call_app_state)s); }

static const char *guard_message(unsigned failed)
{
    if (failed & CG_APPLICANT) return "Bara den som skickade ansökan kan återkalla den.";
    if (failed & CG_IMPARTIAL)
        return "Du har själv skickat ansökan och kan därför inte bedöma den eller besluta om den. "
               "Låt en annan nätverkskoordinator göra det.";
    return "Steget kan inte göras nu.";
}

static const flow_table flow = {
    .name = "call_flow",
    FLOW_ROWS(table),
    .n_states = CALL_APP_STATE__MAX,
    .n_events = CALL_EVENT__MAX,
    .is_open = state_is_open,
    .guard_message_sv = guard_message,
    .not_in_state_sv = "Ansökan har redan gått vidare eller så gäller steget inte i det här läget. "
                       "Ladda om sidan och se vad som gäller nu.",
    .not_permitted_sv = "Bara nätverkskoordinatorn kan göra detta.",
};

const flow_table *call_flow(void) { return &flow; }

const call_rule *call_flow_table(int *n)
{
    if (n) *n = N_ROWS;
    return table;
}

const call_rule *call_flow_find(call_app_state from, call_event ev)
{
    return flow_find_row(&flow, (int)from, (int)ev);
}

flow_refusal call_may(const authz_subject *subject, call_app_state state, unsigned facts, call_event ev,
                      const call_rule **row, const char **msg_sv)
{
    const void *r = NULL;
    flow_refusal why = flow_may_national(&flow, subject, (int)state, facts, (int)ev, &r, msg_sv);
    if (row) *row = r;
    return why;
}

int call_events_allowed(const authz_subject *subject, call_app_state state, unsigned facts,
                        call_event out[CALL_EVENT__MAX])
{
    int evs[CALL_EVENT__MAX];
    int n = flow_events_allowed_national(&flow, subject, (int)state, facts, evs);
    for (int i = 0; i < n; i++) out[i] = (call_event)evs[i];
    return n;
}

#define SKEY(name, key, label) [name] = key,
#define SLABEL(name, key, label) [name] = label,
const char *const call_app_state_keys[CALL_APP_STATE__MAX + 1] = {CALL_APP_STATE_LIST(SKEY)[CALL_APP_STATE__MAX] = NULL};
static const char *const state_labels[CALL_APP_STATE__MAX] = {CALL_APP_STATE_LIST(SLABEL)};
const char *const call_event_keys[CALL_EVENT__MAX + 1] = {CALL_EVENT_LIST(SKEY)[CALL_EVENT__MAX] = NULL};
static const char *const event_labels[CALL_EVENT__MAX] = {CALL_EVENT_LIST(SLABEL)};
#undef SKEY
#undef SLABEL

const char *call_app_state_label_sv(call_app_state s)
{
    return (unsigned)s < CALL_APP_STATE__MAX ? state_labels[s] : "";
}

const char *call_event_label_sv(call_event ev) { return (unsigned)ev < CALL_EVENT__MAX ? event_labels[ev] : ""; }

static int index_of(const char *const *keys, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

int call_app_state_from_key(const char *key, call_app_state *out)
{
    int i = index_of(call_app_state_keys, CALL_APP_STATE__MAX, key);
    if (i < 0) return -1;
    *out = (call_app_state)i;
    return 0;
}

int call_event_from_key(const char *key, call_event *out)
{
    int i = index_of(call_event_keys, CALL_EVENT__MAX, key);
    if (i < 0) return -1;
    *out = (call_event)i;
    return 0;
}

const char *call_flow_problem(void)
{
    const char *problem = flow_table_problem(&flow, NULL);
    if (problem) return problem;
    for (int i = 0; i < N_ROWS; i++) {
        const call_rule *r = &table[i];
        if ((r->event == CE_GRANT || r->event == CE_REJECT) && r->from != CALL_APP_ASSESSED)
            return "a decision without an assessment";
        if ((r->event == CE_GRANT || r->event == CE_REJECT) && !(r->inputs & CI_REASON))
            return "a decision without reasons";
        if (r->event == CE_RESULTS && r->from != CALL_APP_GRANTED) return "results of a project not granted";
        if (r->event == CE_WITHDRAW && !(r->guards & CG_APPLICANT)) return "someone else withdraws the application";
        if (r->action != ACT_CALL_MANAGE && r->event != CE_WITHDRAW) return "a coordinator's step open to others";
        if (r->action == ACT_CALL_MANAGE && !(r->guards & CG_IMPARTIAL)) return "a coordinator acts on their own application";
    }
    return NULL;
}
