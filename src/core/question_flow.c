/* question_flow.c — the question's transition table (see question_flow.h);
 * core/flow.c walks it.
 *
 *   RECEIVED ─route (coordinator, member)─▶ ROUTED ⟲ handover (member, note)
 *     │  ▲                                     │
 *     │  └──────────return (note)──────────────┤
 *     ├─answer (coordinator)─▶ ANSWERED ◀──answer (handler)──┤
 *     └─close (coordinator, note)─▶ CLOSED ◀──close (handler, note)
 *
 * A question the routing rule could not place starts in RECEIVED, the
 * coordinator's queue; one it placed starts in ROUTED. Answered and closed
 * are final: a new question is a new row. */
#include "core/question_flow.h"

#include <stddef.h>
#include <string.h>

#define ROW(from, ev, to, guards, inputs) \
    {{{(from), (ev), FLOW_ANY_VARIANT, (to), ACT_QUESTION_HANDLE, (guards)}}, (inputs)}

static const question_rule table[] = {
    ROW(QS_RECEIVED, QE_ROUTE, QS_ROUTED, QG_COORDINATOR, QI_MEMBER),
    ROW(QS_RECEIVED, QE_ANSWER, QS_ANSWERED, QG_COORDINATOR, QI_ANSWER),
    ROW(QS_RECEIVED, QE_CLOSE, QS_CLOSED, QG_COORDINATOR, QI_NOTE),

    ROW(QS_ROUTED, QE_HANDOVER, QS_ROUTED, QG_HANDLER, QI_MEMBER | QI_NOTE),
    ROW(QS_ROUTED, QE_RETURN, QS_RECEIVED, QG_HANDLER, QI_NOTE),
    ROW(QS_ROUTED, QE_ANSWER, QS_ANSWERED, QG_HANDLER, QI_ANSWER),
    ROW(QS_ROUTED, QE_CLOSE, QS_CLOSED, QG_HANDLER, QI_NOTE),
};
#define N_ROWS (int)(sizeof table / sizeof table[0])

FLOW_HEAD_LAYOUT_OK(question_rule);

int question_state_is_open(question_state s) { return s == QS_RECEIVED || s == QS_ROUTED; }

static int state_is_open(int s)
{
    return (unsigned)s < QUESTION_STATE__MAX && question_state_is_open((question_state)s);
}

static const char *guard_message(unsigned failed)
{
    if (failed & QG_COORDINATOR)
        return "Frågan ligger hos koordinatorn. Bara nätverkskoordinatorn kan skicka den vidare, besvara eller "
               "avsluta den.";
    if (failed & QG_HANDLER)
        return "Frågan ligger hos en annan stödfunktion. Bara den funktionens kontaktpersoner och "
               "nätverkskoordinatorn kan göra detta.";
    return "Steget kan inte göras nu.";
}

static const flow_table flow = {
    .name = "question_flow",
    FLOW_ROWS(table),
    .n_states = QUESTION_STATE__MAX,
    .n_events = QUESTION_EVENT__MAX,
    .is_open = state_is_open,
    .guard_message_sv = guard_message,
    .not_in_state_sv = "Frågan har redan gått vidare eller så gäller steget inte i det här läget. "
                       "Ladda om sidan och se vad som gäller nu.",
    .not_permitted_sv = "Logga in som nätverkskoordinator eller kontaktperson för en stödfunktion i nätverket.",
};

const flow_table *question_flow(void) { return &flow; }

const question_rule *question_flow_table(int *n)
{
    if (n) *n = N_ROWS;
    return table;
}

const question_rule *question_flow_find(question_state from, question_event ev)
{
    return flow_find_row(&flow, (int)from, (int)ev);
}

flow_refusal question_may(const authz_subject *subject, question_state state, unsigned facts, question_event ev,
                          const question_rule **row, const char **msg_sv)
{
    const void *r = NULL;
    flow_refusal why = flow_may_national(&flow, subject, (int)state, facts, (int)ev, &r, msg_sv);
    if (row) *row = r;
    return why;
}

int question_events_allowed(const authz_subject *subject, question_state state, unsigned facts,
                            question_event out[QUESTION_EVENT__MAX])
{
    int evs[QUESTION_EVENT__MAX];
    int n = flow_events_allowed_national(&flow, subject, (int)state, facts, evs);
    for (int i = 0; i < n; i++) out[i] = (question_event)evs[i];
    return n;
}

#define SKEY(name, key, label) [name] = key,
#define SLABEL(name, key, label) [name] = label,
const char *const question_state_keys[QUESTION_STATE__MAX + 1] = {QUESTION_STATE_LIST(SKEY)[QUESTION_STATE__MAX] = NULL};
static const char *const state_labels[QUESTION_STATE__MAX] = {QUESTION_STATE_LIST(SLABEL)};
const char *const question_event_keys[QUESTION_EVENT__MAX + 1] = {QUESTION_EVENT_LIST(SKEY)[QUESTION_EVENT__MAX] = NULL};
static const char *const event_labels[QUESTION_EVENT__MAX] = {QUESTION_EVENT_LIST(SLABEL)};
#undef SKEY
#undef SLABEL

const char *question_state_label_sv(question_state s)
{
    return (unsigned)s < QUESTION_STATE__MAX ? state_labels[s] : "";
}

const char *question_event_label_sv(question_event ev)
{
    return (unsigned)ev < QUESTION_EVENT__MAX ? event_labels[ev] : "";
}

static int index_of(const char *const *keys, int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

int question_state_from_key(const char *key, question_state *out)
{
    int i = index_of(question_state_keys, QUESTION_STATE__MAX, key);
    if (i < 0) return -1;
    *out = (question_state)i;
    return 0;
}

int question_event_from_key(const char *key, question_event *out)
{
    int i = index_of(question_event_keys, QUESTION_EVENT__MAX, key);
    if (i < 0) return -1;
    *out = (question_event)i;
    return 0;
}

const char *question_flow_problem(void)
{
    const char *problem = flow_table_problem(&flow, NULL);
    if (problem) return problem;
    for (int i = 0; i < N_ROWS; i++) {
        const question_rule *r = &table[i];
        if (r->event == QE_ANSWER && (r->to != QS_ANSWERED || !(r->inputs & QI_ANSWER)))
            return "an answer without the answer's text";
        if (r->event != QE_ANSWER && (r->inputs & QI_ANSWER)) return "answer text on a step that is no answer";
        if (r->event == QE_HANDOVER && (r->inputs & (QI_MEMBER | QI_NOTE)) != (QI_MEMBER | QI_NOTE))
            return "a hand-over without a member and a note";
        if (r->event == QE_CLOSE && (r->to != QS_CLOSED || !(r->inputs & QI_NOTE))) return "a closing without a note";
        if (r->from == QS_RECEIVED && !(r->guards & QG_COORDINATOR))
            return "someone else than the coordinator acts on the coordinator's queue";
        if (r->from == QS_ROUTED && !(r->guards & (QG_HANDLER | QG_COORDINATOR)))
            return "a question in a member's hands open to anyone";
        if (r->action != ACT_QUESTION_HANDLE) return "a step under another action";
    }
    return NULL;
}
