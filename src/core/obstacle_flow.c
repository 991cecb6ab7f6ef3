/* obstacle_flow.c — the obstacle lifecycle's transition table (see
 * obstacle_flow.h); core/flow.c walks it.
 *
 *   RECEIVED ─triage─▶ TRIAGED ─assess─▶ ASSESSED ─forward─▶ FORWARDED
 *                                           │  └─record_measure─┐   │ record_measure
 *                                           │                   ▼   ▼
 *                                           │              MEASURE_TAKEN
 *                                           └─close─▶ CLOSED ◀─close─┘ (also from FORWARDED)
 *   received, triaged, assessed, forwarded ──archive (a reason)──▶ ARCHIVED
 *   received, triaged, assessed ──merge (into another)──▶ MERGED
 *   every open state ⟲ edit (need, legal basis, body; a reason)
 *   received, triaged, assessed, forwarded ⟲ revise (the reporter's texts; while unpublished)
 *   received, triaged, assessed, forwarded ──withdraw (the reporter; while unpublished)──▶ WITHDRAWN
 *
 * Closed, archived, merged and withdrawn are final: a report that comes back is a
 * new report (and can be merged into the old one's successor). */
#include "core/obstacle_flow.h"

#include <stddef.h>
#include <string.h>

#define HEAD(from, ev, to) {{(from), (ev), FLOW_ANY_VARIANT, (to), ACT_OBSTACLE_TRIAGE, 0}}
/* The reporter's rows: the follow-up link's door, only while unpublished. */
#define REPORTER(from, ev, to) {{(from), (ev), FLOW_ANY_VARIANT, (to), ACT_OBSTACLE_REPORT, OG_UNPUBLISHED}}
#define PUBLIC 1
#define INTERNAL 0

static const obstacle_rule table[] = {
    {HEAD(OBSTACLE_RECEIVED, OE_TRIAGE, OBSTACLE_TRIAGED), OI_NOTE, PUBLIC},
    {HEAD(OBSTACLE_RECEIVED, OE_ARCHIVE, OBSTACLE_ARCHIVED), OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC, PUBLIC},
    {HEAD(OBSTACLE_RECEIVED, OE_MERGE, OBSTACLE_MERGED), OI_MERGE_INTO | OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC,
     PUBLIC},
    {HEAD(OBSTACLE_RECEIVED, OE_EDIT, OBSTACLE_RECEIVED), OI_EDIT | OI_NOTE | OI_NOTE_REQUIRED, INTERNAL},
    {REPORTER(OBSTACLE_RECEIVED, OE_REVISE, OBSTACLE_RECEIVED), OI_REPORT_TEXT, INTERNAL},
    {REPORTER(OBSTACLE_RECEIVED, OE_WITHDRAW, OBSTACLE_WITHDRAWN), 0, PUBLIC},

    {HEAD(OBSTACLE_TRIAGED, OE_ASSESS, OBSTACLE_ASSESSED), OI_NEED | OI_LEGAL_BASIS | OI_NOTE, PUBLIC},
    {HEAD(OBSTACLE_TRIAGED, OE_ARCHIVE, OBSTACLE_ARCHIVED), OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC, PUBLIC},
    {HEAD(OBSTACLE_TRIAGED, OE_MERGE, OBSTACLE_MERGED), OI_MERGE_INTO | OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC,
     PUBLIC},
    {HEAD(OBSTACLE_TRIAGED, OE_EDIT, OBSTACLE_TRIAGED), OI_EDIT | OI_NOTE | OI_NOTE_REQUIRED, INTERNAL},
    {REPORTER(OBSTACLE_TRIAGED, OE_REVISE, OBSTACLE_TRIAGED), OI_REPORT_TEXT, INTERNAL},
    {REPORTER(OBSTACLE_TRIAGED, OE_WITHDRAW, OBSTACLE_WITHDRAWN), 0, PUBLIC},

    {HEAD(OBSTACLE_ASSESSED, OE_FORWARD, OBSTACLE_FORWARDED), OI_BODY | OI_NOTE, PUBLIC},
    {HEAD(OBSTACLE_ASSESSED, OE_RECORD_MEASURE, OBSTACLE_MEASURE_TAKEN),
     OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC, PUBLIC},
    {HEAD(OBSTACLE_ASSESSED, OE_CLOSE, OBSTACLE_CLOSED), OI_ANSWER, PUBLIC},
    {HEAD(OBSTACLE_ASSESSED, OE_ARCHIVE, OBSTACLE_ARCHIVED), OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC, PUBLIC},
    {HEAD(OBSTACLE_ASSESSED, OE_MERGE, OBSTACLE_MERGED), OI_MERGE_INTO | OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC,
     PUBLIC},
    {HEAD(OBSTACLE_ASSESSED, OE_EDIT, OBSTACLE_ASSESSED), OI_EDIT | OI_NOTE | OI_NOTE_REQUIRED, INTERNAL},
    {REPORTER(OBSTACLE_ASSESSED, OE_REVISE, OBSTACLE_ASSESSED), OI_REPORT_TEXT, INTERNAL},
    {REPORTER(OBSTACLE_ASSESSED, OE_WITHDRAW, OBSTACLE_WITHDRAWN), 0, PUBLIC},

    {HEAD(OBSTACLE_FORWARDED, OE_RECORD_MEASURE, OBSTACLE_MEASURE_TAKEN),
     OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC, PUBLIC},
    {HEAD(OBSTACLE_FORWARDED, OE_CLOSE, OBSTACLE_CLOSED), OI_ANSWER, PUBLIC},
    {HEAD(OBSTACLE_FORWARDED, OE_ARCHIVE, OBSTACLE_ARCHIVED), OI_NOTE | OI_NOTE_REQUIRED | OI_NOTE_PUBLIC, PUBLIC},
    {HEAD(OBSTACLE_FORWARDED, OE_EDIT, OBSTACLE_FORWARDED), OI_EDIT | OI_NOTE | OI_NOTE_REQUIRED, INTERNAL},
    {REPORTER(OBSTACLE_FORWARDED, OE_REVISE, OBSTACLE_FORWARDED), OI_REPORT_TEXT, INTERNAL},
    {REPORTER(OBSTACLE_FORWARDED, OE_WITHDRAW, OBSTACLE_WITHDRAWN), 0, PUBLIC},

    {HEAD(OBSTACLE_MEASURE_TAKEN, OE_CLOSE, OBSTACLE_CLOSED), OI_ANSWER, PUBLIC},
    {HEAD(OBSTACLE_MEASURE_TAKEN, OE_EDIT, OBSTACLE_MEASURE_TAKEN), OI_EDIT | OI_NOTE | OI_NOTE_REQUIRED, INTERNAL},
};
#define N_ROWS (int)(sizeof table / sizeof table[0])

FLOW_HEAD_LAYOUT_OK(obstacle_rule);

int obstacle_state_is_open(obstacle_state s)
{
    return (unsigned)s < OBSTACLE_STATE__MAX && s != OBSTACLE_CLOSED && s != OBSTACLE_ARCHIVED &&
           s != OBSTACLE_MERGED && s != OBSTACLE_WITHDRAWN;
}

static int state_is_open(int s) { return obstacle_state_is_open((obstacle_state)s); }

static const char *guard_message(unsigned failed)
{
    return (failed & OG_UNPUBLISHED) ? "Hindret är redan publicerat i registret och kan inte längre ändras eller "
                                       "återkallas härifrån. Kontakta hinderanalytikerna om något behöver ändras."
                                     : NULL;
}

static const char reporter_only_sv[] = "Bara den som rapporterade hindret kan ändra eller återkalla rapporten, "
                                       "från sin egen länk.";

static const flow_table flow = {
    .name = "obstacle_flow",
    FLOW_ROWS(table),
    .n_states = OBSTACLE_STATE__MAX,
    .n_events = OBSTACLE_EVENT__MAX,
    .is_open = state_is_open,
    .guard_message_sv = guard_message,
    .not_in_state_sv = "Hindret har redan gått vidare eller så gäller steget inte i det här läget. "
                       "Ladda om sidan och se vad som gäller nu.",
    .not_permitted_sv = "Bara en hinderanalytiker kan göra detta.",
};

const flow_table *obstacle_flow(void) { return &flow; }

const obstacle_rule *obstacle_flow_table(int *n)
{
    if (n) *n = N_ROWS;
    return table;
}

const obstacle_rule *obstacle_flow_find(obstacle_state from, obstacle_event ev)
{
    return flow_find_row(&flow, (int)from, (int)ev);
}

/* A door sees only the rows of its action: a row of the other door is
 * refused as not permitted, before the table is asked. */
static flow_refusal door_may(dl_action door, const authz_subject *subject, obstacle_state state, unsigned facts,
                             obstacle_event ev, const obstacle_rule **row, const char **msg_sv)
{
    if (row) *row = NULL;
    const obstacle_rule *found = obstacle_flow_find(state, ev);
    if (found && found->action != door) {
        if (msg_sv) *msg_sv = door == ACT_OBSTACLE_TRIAGE ? reporter_only_sv : flow.not_permitted_sv;
        return FLOW_NOT_PERMITTED;
    }
    const void *r = NULL;
    flow_refusal why = flow_may_national(&flow, subject, (int)state, facts, (int)ev, &r, msg_sv);
    if (row) *row = r;
    return why;
}

flow_refusal obstacle_may(const authz_subject *subject, obstacle_state state, obstacle_event ev,
                          const obstacle_rule **row, const char **msg_sv)
{
    return door_may(ACT_OBSTACLE_TRIAGE, subject, state, 0, ev, row, msg_sv);
}

int obstacle_events_allowed(const authz_subject *subject, obstacle_state state, obstacle_event out[OBSTACLE_EVENT__MAX])
{
    int n = 0;
    for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++)
        if (door_may(ACT_OBSTACLE_TRIAGE, subject, state, 0, (obstacle_event)ev, NULL, NULL) == FLOW_OK)
            out[n++] = (obstacle_event)ev;
    return n;
}

/* The link's holder is the public: the token, checked by the store, is the authority. */
static const authz_subject link_holder = {0, NULL, 0};

flow_refusal obstacle_reporter_may(obstacle_state state, int published, obstacle_event ev, const obstacle_rule **row,
                                   const char **msg_sv)
{
    return door_may(ACT_OBSTACLE_REPORT, &link_holder, state, published ? 0 : OG_UNPUBLISHED, ev, row, msg_sv);
}

int obstacle_reporter_events_allowed(obstacle_state state, int published, obstacle_event out[OBSTACLE_EVENT__MAX])
{
    int n = 0;
    for (int ev = 0; ev < OBSTACLE_EVENT__MAX; ev++)
        if (obstacle_reporter_may(state, published, (obstacle_event)ev, NULL, NULL) == FLOW_OK)
            out[n++] = (obstacle_event)ev;
    return n;
}

#define KEY(name, key, label) [name] = key,
#define LABEL(name, key, label) [name] = label,
const char *const obstacle_event_keys[OBSTACLE_EVENT__MAX + 1] = {
    OBSTACLE_EVENT_LIST(KEY)[OBSTACLE_EVENT__MAX] = NULL};
static const char *const event_labels[OBSTACLE_EVENT__MAX] = {OBSTACLE_EVENT_LIST(LABEL)};
#undef KEY
#undef LABEL

const char *obstacle_event_key(obstacle_event ev)
{
    return (unsigned)ev < OBSTACLE_EVENT__MAX ? obstacle_event_keys[ev] : NULL;
}

const char *obstacle_event_label_sv(obstacle_event ev)
{
    return (unsigned)ev < OBSTACLE_EVENT__MAX ? event_labels[ev] : "";
}

int obstacle_event_from_key(const char *key, obstacle_event *out)
{
    for (int i = 0; key && i < OBSTACLE_EVENT__MAX; i++)
        if (strcmp(obstacle_event_keys[i], key) == 0) {
            *out = (obstacle_event)i;
            return 0;
        }
    return -1;
}

const char *obstacle_flow_problem(void)
{
    const char *problem = flow_table_problem(&flow, NULL);
    if (problem) return problem;
    for (int i = 0; i < N_ROWS; i++) {
        int stays = table[i].event == OE_EDIT || table[i].event == OE_REVISE;
        int reporter = table[i].event == OE_REVISE || table[i].event == OE_WITHDRAW;
        if (stays && table[i].to != table[i].from) return "edit leaves its state";
        if (stays && table[i].is_public) return "an edit is public";
        if (!stays && !table[i].is_public) return "a change of state is not public";
        if (table[i].action != (reporter ? ACT_OBSTACLE_REPORT : ACT_OBSTACLE_TRIAGE)) return "a row at the wrong door";
        if (table[i].guards != (reporter ? (unsigned)OG_UNPUBLISHED : 0u)) return "a reporter's row without its guard";
        if ((table[i].inputs & OI_NOTE_REQUIRED) && !(table[i].inputs & OI_NOTE)) return "a required note not asked";
    }
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++)
        if (obstacle_state_is_open((obstacle_state)s) && !obstacle_flow_find((obstacle_state)s, OE_ARCHIVE) &&
            !obstacle_flow_find((obstacle_state)s, OE_CLOSE))
            return "an open state can be neither archived nor closed";
    return NULL;
}
