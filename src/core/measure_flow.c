/* measure_flow.c — the measure's transition table (see measure_flow.h);
 * core/flow.c walks it.
 *
 *   PLANNED ─start─▶ ONGOING ⟲ progress (a new %, a note)
 *      │               ├─complete (100 %)─▶ DONE
 *      └─cancel─┐      └─cancel─┐
 *               ▼               ▼
 *            CANCELLED ◀────────┘
 *   planned, ongoing ⟲ edit (title, description, type, body, dates; internal)
 *
 * Done and cancelled are final: a measure taken up again is a new measure. */
#include "core/measure_flow.h"

#include <stddef.h>
#include <string.h>

#define HEAD(from, ev, to) {{(from), (ev), FLOW_ANY_VARIANT, (to), ACT_OBSTACLE_TRIAGE, 0}}
#define PUBLIC 1
#define INTERNAL 0

static const measure_rule table[] = {
    {HEAD(MEASURE_PLANNED, ME_START, MEASURE_ONGOING), MI_PROGRESS, PUBLIC},
    {HEAD(MEASURE_PLANNED, ME_CANCEL, MEASURE_CANCELLED), 0, PUBLIC},
    {HEAD(MEASURE_PLANNED, ME_EDIT, MEASURE_PLANNED), MI_EDIT, INTERNAL},

    {HEAD(MEASURE_ONGOING, ME_PROGRESS, MEASURE_ONGOING), MI_PROGRESS, PUBLIC},
    {HEAD(MEASURE_ONGOING, ME_COMPLETE, MEASURE_DONE), MI_COMPLETE, PUBLIC},
    {HEAD(MEASURE_ONGOING, ME_CANCEL, MEASURE_CANCELLED), 0, PUBLIC},
    {HEAD(MEASURE_ONGOING, ME_EDIT, MEASURE_ONGOING), MI_EDIT, INTERNAL},
};
#define N_ROWS (int)(sizeof table / sizeof table[0])

FLOW_HEAD_LAYOUT_OK(measure_rule);

static int status_is_open(int s) { return (unsigned)s < MEASURE_STATUS__MAX && measure_status_is_open((measure_status)s); }

static const flow_table flow = {
    .name = "measure_flow",
    FLOW_ROWS(table),
    .n_states = MEASURE_STATUS__MAX,
    .n_events = MEASURE_EVENT__MAX,
    .is_open = status_is_open,
    .guard_message_sv = NULL,
    .not_in_state_sv = "Åtgärden har redan gått vidare eller så gäller steget inte i det här läget. "
                       "Ladda om sidan och se vad som gäller nu.",
    .not_permitted_sv = "Bara en hinderanalytiker kan göra detta.",
};

const flow_table *measure_flow(void) { return &flow; }

const measure_rule *measure_flow_table(int *n)
{
    if (n) *n = N_ROWS;
    return table;
}

const measure_rule *measure_flow_find(measure_status from, measure_event ev)
{
    return flow_find_row(&flow, (int)from, (int)ev);
}

flow_refusal measure_may(const authz_subject *subject, measure_status status, measure_event ev,
                         const measure_rule **row, const char **msg_sv)
{
    const void *r = NULL;
    flow_refusal why = flow_may_national(&flow, subject, (int)status, 0, (int)ev, &r, msg_sv);
    if (row) *row = r;
    return why;
}

int measure_events_allowed(const authz_subject *subject, measure_status status, measure_event out[MEASURE_EVENT__MAX])
{
    int evs[MEASURE_EVENT__MAX];
    int n = flow_events_allowed_national(&flow, subject, (int)status, 0, evs);
    for (int i = 0; i < n; i++) out[i] = (measure_event)evs[i];
    return n;
}

#define KEY(name, key, label, done) [name] = key,
#define LABEL(name, key, label, done) [name] = label,
#define DONE(name, key, label, done) [name] = done,
const char *const measure_event_keys[MEASURE_EVENT__MAX + 1] = {MEASURE_EVENT_LIST(KEY)[MEASURE_EVENT__MAX] = NULL};
static const char *const event_labels[MEASURE_EVENT__MAX] = {MEASURE_EVENT_LIST(LABEL)};
static const char *const event_done[MEASURE_EVENT__MAX] = {MEASURE_EVENT_LIST(DONE)};
#undef KEY
#undef LABEL
#undef DONE

const char *measure_event_key(measure_event ev)
{
    return (unsigned)ev < MEASURE_EVENT__MAX ? measure_event_keys[ev] : NULL;
}

const char *measure_event_label_sv(measure_event ev)
{
    return (unsigned)ev < MEASURE_EVENT__MAX ? event_labels[ev] : "";
}

const char *measure_event_done_sv(measure_event ev)
{
    return (unsigned)ev < MEASURE_EVENT__MAX ? event_done[ev] : "";
}

int measure_event_from_key(const char *key, measure_event *out)
{
    for (int i = 0; key && i < MEASURE_EVENT__MAX; i++)
        if (strcmp(measure_event_keys[i], key) == 0) {
            *out = (measure_event)i;
            return 0;
        }
    return -1;
}

const char *measure_flow_problem(void)
{
    const char *problem = flow_table_problem(&flow, NULL);
    if (problem) return problem;
    for (int i = 0; i < N_ROWS; i++) {
        if (table[i].event == ME_EDIT && table[i].to != table[i].from) return "edit leaves its status";
        if (table[i].event == ME_EDIT && table[i].is_public) return "an edit is public";
        if (table[i].event != ME_EDIT && !table[i].is_public) return "a step of progress is not public";
        if ((table[i].inputs & MI_PROGRESS) && (table[i].inputs & MI_COMPLETE)) return "both a progress and 100 %";
    }
    for (int s = 0; s < MEASURE_STATUS__MAX; s++)
        if (measure_status_is_open((measure_status)s) && !measure_flow_find((measure_status)s, ME_CANCEL))
            return "an open status cannot be cancelled";
    return NULL;
}
