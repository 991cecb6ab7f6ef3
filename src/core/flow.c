/* flow.c — see flow.h: the walk over any transition table. */
#include "core/flow.h"

#include <stdlib.h>

const flow_rule *flow_row(const flow_table *t, size_t i)
{
    if (!t || i >= t->n) return NULL;
    return (const flow_rule *)(const void *)((const char *)t->rows + i * t->stride);
}

const flow_rule *flow_find(const flow_table *t, int from, int event, int variant)
{
    for (size_t i = 0; t && i < t->n; i++) {
        const flow_rule *r = flow_row(t, i);
        if (r->from == from && r->event == event && (r->variant == FLOW_ANY_VARIANT || r->variant == variant))
            return r;
    }
    return NULL;
}

flow_refusal flow_may(const flow_table *t, const authz_subject *s, const authz_object *o, int state, int variant,
                      unsigned facts, int event, const flow_rule **row, const char **msg_sv)
{
    const char *unused;
    if (!msg_sv) msg_sv = &unused;
    if (row) *row = NULL;
    if (!t || event < 0 || event >= t->n_events) {
        *msg_sv = "Okänt steg.";
        return FLOW_NOT_IN_STATE;
    }
    const flow_rule *r = flow_find(t, state, event, variant);
    if (!r) {
        *msg_sv = t->not_in_state_sv;
        return FLOW_NOT_IN_STATE;
    }
    if (!authz_may(s, r->action, o)) {
        *msg_sv = t->not_permitted_sv;
        return FLOW_NOT_PERMITTED;
    }
    unsigned failed = r->guards & ~facts;
    if (failed) {
        *msg_sv = t->guard_message_sv ? t->guard_message_sv(failed) : "Villkoren för steget är inte uppfyllda.";
        return FLOW_GUARD_FAILED;
    }
    if (row) *row = r;
    *msg_sv = NULL;
    return FLOW_OK;
}

int flow_events_allowed(const flow_table *t, const authz_subject *s, const authz_object *o, int state, int variant,
                        unsigned facts, int *out)
{
    int n = 0;
    for (int ev = 0; t && ev < t->n_events; ev++)
        if (flow_may(t, s, o, state, variant, facts, ev, NULL, NULL) == FLOW_OK) out[n++] = ev;
    return n;
}

const authz_object flow_national = {.node_path = NULL, .owner_user_id = 0, .state = -1};

flow_refusal flow_may_national(const flow_table *t, const authz_subject *s, int state, unsigned facts, int event,
                               const void **row, const char **msg_sv)
{
    const flow_rule *r = NULL;
    flow_refusal why = flow_may(t, s, &flow_national, state, FLOW_ANY_VARIANT, facts, event, &r, msg_sv);
    if (row) *row = r;
    return why;
}

int flow_events_allowed_national(const flow_table *t, const authz_subject *s, int state, unsigned facts, int *out)
{
    return flow_events_allowed(t, s, &flow_national, state, FLOW_ANY_VARIANT, facts, out);
}

const void *flow_find_row(const flow_table *t, int from, int event)
{
    return flow_find(t, from, event, FLOW_ANY_VARIANT);
}

int flow_reaches(const flow_table *t, int from, int to)
{
    if (!t || from < 0 || from >= t->n_states || to < 0 || to >= t->n_states) return 0;
    char *reach = calloc((size_t)t->n_states, 1);
    if (!reach) return 0;
    reach[from] = 1;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < t->n; i++) {
            const flow_rule *r = flow_row(t, i);
            if (reach[r->from] && !reach[r->to]) reach[r->to] = (char)(changed = 1);
        }
    }
    int yes = reach[to];
    free(reach);
    return yes;
}

static int in_range(int v, int max) { return v >= 0 && v < max; }

const char *flow_table_problem(const flow_table *t, int *bad_row)
{
    int unused;
    if (!bad_row) bad_row = &unused;
    *bad_row = -1;
    if (!t || !t->rows || t->stride < sizeof(flow_rule) || !t->is_open) return "the table is not described";
    for (size_t i = 0; i < t->n; i++) {
        const flow_rule *r = flow_row(t, i);
        *bad_row = (int)i;
        if (!in_range(r->from, t->n_states) || !in_range(r->to, t->n_states)) return "state out of range";
        if (!in_range(r->event, t->n_events)) return "event out of range";
        if ((unsigned)r->action >= ACT__MAX) return "action out of range";
        if (!t->is_open(r->from)) return "a closed state has a way out";
        if (i > 0 && flow_row(t, i - 1)->from > r->from) return "rows not in from-state order";
        for (size_t j = 0; j < i; j++) {
            const flow_rule *q = flow_row(t, j);
            if (q->from == r->from && q->event == r->event &&
                (q->variant == FLOW_ANY_VARIANT || r->variant == FLOW_ANY_VARIANT || q->variant == r->variant))
                return "two rows for one state, event and variant";
        }
    }
    *bad_row = -1;
    for (int s = 0; s < t->n_states; s++) {
        if (!t->is_open(s)) continue;
        int reaches_closed = 0;
        for (int c = 0; c < t->n_states && !reaches_closed; c++)
            if (!t->is_open(c) && flow_reaches(t, s, c)) reaches_closed = 1;
        if (!reaches_closed) return "an open state cannot reach a closed one";
    }
    return NULL;
}

dl_err flow_refusal_error(flow_refusal why, const char *msg, dl_error *e)
{
    switch (why) {
    case FLOW_NOT_IN_STATE: return dl_fail(e, DL_ECONFLICT, "%s", msg);
    case FLOW_NOT_PERMITTED:
    case FLOW_GUARD_FAILED: return dl_fail(e, DL_EDENIED, "%s", msg);
    case FLOW_OK: break;
    }
    return DL_OK;
}
