/* case_flow.c — the transition table of the data-release case and the one
 * check, case_may(), that everything else asks.
 *
 * The process is the region's (shared/seeds/000_*): a request arrives, is
 * registered and checked for completeness, goes to the samråd (scientific
 * question, feasibility, consistency with the ethical approval, the
 * confidentiality review by the designated function, a recommendation),
 * and is decided by the unit's verksamhetschef (Process 1) or, after the
 * area's units have had the chance to refuse, by the director (Process 2).
 *
 *   DRAFT ──submit | register_incoming──▶ RECEIVED ◀──complete── COMPLETION_REQUESTED
 *                                            │  └──request_completion──▶ ┘
 *                                            │ accept_complete (process 1 | 2)
 *                                            ▼
 *                                     AWAITING_SAMRAD ⟲ confidentiality_review
 *              recommend_release (P1) │  │ recommend_refusal       │ recommend_release (P2)
 *                                     ▼  ▼                         ▼
 *                               AWAITING_DECISION ◀──close_consultation── UNIT_CONSULTATION ⟲ unit_answer
 *                       approve (P1) │   │ approve (P2)   │ refuse
 *                                    ▼   ▼                ▼
 *                 AWAITING_ASSIGNMENT   EXTRACTING      REFUSED
 *                  issue_assignment ──▶ EXTRACTING ──register_delivery──▶ DELIVERED
 *   every open state ──withdraw──▶ WITHDRAWN
 *
 *   Where the organisation charges (a fee schedule, core/fee.h):
 *   AWAITING_SAMRAD ──send_estimate──▶ AWAITING_COST_ACCEPTANCE ⟲ send_estimate (a new estimate)
 *          ▲  accept_estimate | narrow_request (the applicant, by the answer day) │
 *          └─────────────────────────────────────────────────────────────────────┘
 *   The clock pauses while the applicant considers the estimate.
 *
 * Each row: from × event (× process) → to, the authz action, guards, the
 * fields it takes, the clock, what it registers and whom it tells — the
 * closing rows (refuse, delivery, a withdrawal after submitting) also send
 * the applicant the satisfaction survey (NOTIFY_SURVEY). The
 * store's case_transition() [src/store/cases.c] makes every transition; the
 * web layer has one route for all of them. The walk over the table — the
 * lookup, the permission and guard check, the invariants — is core/flow.c,
 * shared with the obstacle lifecycle; this file is the case's rows, its
 * guards' sentences and its names. */
#include "core/case_flow.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef NDEBUG
#include <stdio.h>
#endif

#define A(x) ACT_CASE_##x
/* A row's head: from, event, process, to, action, guards (core/flow.h). */
#define HEAD(...) {{__VA_ARGS__}}

static const case_transition_rule table[] = {
    /* from, event, process, to, action, guards, fields, clock, registers, sends, notify */
    {HEAD(CASE_DRAFT, EV_SUBMIT, FOR_ANY_PROCESS, CASE_RECEIVED, A(APPLY), GUARD_ACTOR_IS_OWNER), CF_NONE,
     CLOCK_START, DOC_REQUEST, DOC_ACKNOWLEDGEMENT, NOTIFY_APPLICANT | NOTIFY_COORDINATORS},
    {HEAD(CASE_DRAFT, EV_REGISTER_INCOMING, FOR_ANY_PROCESS, CASE_RECEIVED, A(REGISTER), 0), CF_INCOMING,
     CLOCK_START, DOC_REQUEST, DOC_ACKNOWLEDGEMENT, NOTIFY_APPLICANT | NOTIFY_COORDINATORS},
    {HEAD(CASE_DRAFT, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY), GUARD_ACTOR_IS_OWNER), CF_WITHDRAWAL,
     CLOCK_KEEP, DOC_NONE, DOC_NONE, 0},

    {HEAD(CASE_RECEIVED, EV_REQUEST_COMPLETION, FOR_ANY_PROCESS, CASE_COMPLETION_REQUESTED, A(INTAKE), 0),
     CF_COMPLETION_REQUEST, CLOCK_PAUSE, DOC_COMPLETION_REQUEST, DOC_NONE, NOTIFY_APPLICANT},
    {HEAD(CASE_RECEIVED, EV_ACCEPT_COMPLETE, FOR_ANY_PROCESS, CASE_AWAITING_SAMRAD, A(INTAKE), 0), CF_ACCEPT,
     CLOCK_KEEP, DOC_NONE, DOC_NONE, 0},
    {HEAD(CASE_RECEIVED, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY), GUARD_ACTOR_IS_OWNER),
     CF_WITHDRAWAL, CLOCK_STOP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_SURVEY},

    {HEAD(CASE_COMPLETION_REQUESTED, EV_COMPLETE, FOR_ANY_PROCESS, CASE_RECEIVED, A(APPLY), GUARD_ACTOR_IS_OWNER),
     CF_COMPLETION, CLOCK_RESUME, DOC_COMPLETION, DOC_NONE, NOTIFY_COORDINATORS},
    {HEAD(CASE_COMPLETION_REQUESTED, EV_REGISTER_INCOMING, FOR_ANY_PROCESS, CASE_RECEIVED, A(REGISTER), 0),
     CF_INCOMING, CLOCK_RESUME, DOC_COMPLETION, DOC_NONE, NOTIFY_COORDINATORS},
    {HEAD(CASE_COMPLETION_REQUESTED, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY),
     GUARD_ACTOR_IS_OWNER), CF_WITHDRAWAL, CLOCK_STOP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_SURVEY},

    {HEAD(CASE_AWAITING_SAMRAD, EV_CONFIDENTIALITY_REVIEW, FOR_ANY_PROCESS, CASE_AWAITING_SAMRAD,
     A(REVIEW_CONFIDENTIALITY), 0), CF_REVIEW, CLOCK_KEEP, DOC_CONFIDENTIALITY_REVIEW, DOC_NONE, 0},
    {HEAD(CASE_AWAITING_SAMRAD, EV_RECOMMEND_RELEASE, FOR_PROCESS_1, CASE_AWAITING_DECISION, A(RECOMMEND),
     GUARD_REVIEW_DONE), CF_RECOMMENDATION, CLOCK_KEEP, DOC_RECOMMENDATION, DOC_NONE, NOTIFY_DECIDERS},
    {HEAD(CASE_AWAITING_SAMRAD, EV_RECOMMEND_RELEASE, FOR_PROCESS_2, CASE_UNIT_CONSULTATION, A(RECOMMEND),
     GUARD_REVIEW_DONE), CF_RECOMMENDATION, CLOCK_KEEP, DOC_RECOMMENDATION, DOC_UNIT_NOTICE,
     NOTIFY_AREA_CHIEFS},
    {HEAD(CASE_AWAITING_SAMRAD, EV_RECOMMEND_REFUSAL, FOR_ANY_PROCESS, CASE_AWAITING_DECISION, A(RECOMMEND),
     GUARD_REVIEW_DONE), CF_RECOMMENDATION, CLOCK_KEEP, DOC_RECOMMENDATION, DOC_NONE, NOTIFY_DECIDERS},
    {HEAD(CASE_AWAITING_SAMRAD, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY), GUARD_ACTOR_IS_OWNER),
     CF_WITHDRAWAL, CLOCK_STOP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_SURVEY},

    {HEAD(CASE_AWAITING_SAMRAD, EV_SEND_ESTIMATE, FOR_ANY_PROCESS, CASE_AWAITING_COST_ACCEPTANCE, A(INTAKE), 0),
     CF_ESTIMATE, CLOCK_PAUSE, DOC_COST_ESTIMATE, DOC_NONE, NOTIFY_APPLICANT},

    {HEAD(CASE_AWAITING_COST_ACCEPTANCE, EV_SEND_ESTIMATE, FOR_ANY_PROCESS, CASE_AWAITING_COST_ACCEPTANCE,
     A(INTAKE), 0), CF_ESTIMATE, CLOCK_KEEP, DOC_COST_ESTIMATE, DOC_NONE, NOTIFY_APPLICANT},
    {HEAD(CASE_AWAITING_COST_ACCEPTANCE, EV_ACCEPT_ESTIMATE, FOR_ANY_PROCESS, CASE_AWAITING_SAMRAD, A(APPLY),
     GUARD_ACTOR_IS_OWNER), CF_ESTIMATE_ANSWER, CLOCK_RESUME, DOC_ESTIMATE_ACCEPTANCE, DOC_NONE,
     NOTIFY_COORDINATORS},
    {HEAD(CASE_AWAITING_COST_ACCEPTANCE, EV_NARROW_REQUEST, FOR_ANY_PROCESS, CASE_AWAITING_SAMRAD, A(APPLY),
     GUARD_ACTOR_IS_OWNER), CF_NARROWING, CLOCK_RESUME, DOC_NARROWING, DOC_NONE, NOTIFY_COORDINATORS},
    {HEAD(CASE_AWAITING_COST_ACCEPTANCE, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY),
     GUARD_ACTOR_IS_OWNER), CF_WITHDRAWAL, CLOCK_STOP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_SURVEY},

    {HEAD(CASE_UNIT_CONSULTATION, EV_UNIT_ANSWER, FOR_PROCESS_2, CASE_UNIT_CONSULTATION, A(UNIT_ANSWER), 0),
     CF_UNIT_ANSWER, CLOCK_KEEP, DOC_UNIT_ANSWER, DOC_NONE, NOTIFY_COORDINATORS},
    {HEAD(CASE_UNIT_CONSULTATION, EV_CLOSE_CONSULTATION, FOR_PROCESS_2, CASE_AWAITING_DECISION, A(INTAKE),
     GUARD_CONSULTATION_OVER), CF_NONE, CLOCK_KEEP, DOC_NONE, DOC_NONE, NOTIFY_DECIDERS},
    {HEAD(CASE_UNIT_CONSULTATION, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY), GUARD_ACTOR_IS_OWNER),
     CF_WITHDRAWAL, CLOCK_STOP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_AREA_CHIEFS | NOTIFY_SURVEY},

    {HEAD(CASE_AWAITING_DECISION, EV_APPROVE, FOR_PROCESS_1, CASE_AWAITING_ASSIGNMENT, A(DECIDE_P1), 0),
     CF_DECISION, CLOCK_STOP, DOC_DECISION, DOC_NONE, NOTIFY_APPLICANT | NOTIFY_COORDINATORS},
    {HEAD(CASE_AWAITING_DECISION, EV_APPROVE, FOR_PROCESS_2, CASE_EXTRACTING, A(DECIDE_P2), 0), CF_DECISION,
     CLOCK_STOP, DOC_DECISION, DOC_NONE, NOTIFY_APPLICANT | NOTIFY_COORDINATORS | NOTIFY_DATA_ANALYSIS},
    {HEAD(CASE_AWAITING_DECISION, EV_REFUSE, FOR_PROCESS_1, CASE_REFUSED, A(DECIDE_P1), 0), CF_DECISION,
     CLOCK_STOP, DOC_DECISION, DOC_NONE, NOTIFY_APPLICANT | NOTIFY_COORDINATORS | NOTIFY_SURVEY},
    {HEAD(CASE_AWAITING_DECISION, EV_REFUSE, FOR_PROCESS_2, CASE_REFUSED, A(DECIDE_P2), 0), CF_DECISION,
     CLOCK_STOP, DOC_DECISION, DOC_NONE, NOTIFY_APPLICANT | NOTIFY_COORDINATORS | NOTIFY_SURVEY},
    {HEAD(CASE_AWAITING_DECISION, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY), GUARD_ACTOR_IS_OWNER),
     CF_WITHDRAWAL, CLOCK_STOP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_SURVEY},

    {HEAD(CASE_AWAITING_ASSIGNMENT, EV_ISSUE_ASSIGNMENT, FOR_PROCESS_1, CASE_EXTRACTING, A(ASSIGN), 0),
     CF_ASSIGNMENT, CLOCK_KEEP, DOC_ASSIGNMENT, DOC_NONE, NOTIFY_ASSIGNEE},
    {HEAD(CASE_AWAITING_ASSIGNMENT, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY),
     GUARD_ACTOR_IS_OWNER), CF_WITHDRAWAL, CLOCK_KEEP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_SURVEY},

    {HEAD(CASE_EXTRACTING, EV_REGISTER_DELIVERY, FOR_PROCESS_1, CASE_DELIVERED, A(DELIVER_P1),
     GUARD_ACTOR_IS_ASSIGNEE), CF_DELIVERY, CLOCK_KEEP, DOC_DELIVERY, DOC_NONE, NOTIFY_APPLICANT | NOTIFY_SURVEY},
    {HEAD(CASE_EXTRACTING, EV_REGISTER_DELIVERY, FOR_PROCESS_2, CASE_DELIVERED, A(DELIVER_P2), 0), CF_DELIVERY,
     CLOCK_KEEP, DOC_DELIVERY, DOC_NONE, NOTIFY_APPLICANT | NOTIFY_SURVEY},
    {HEAD(CASE_EXTRACTING, EV_WITHDRAW, FOR_ANY_PROCESS, CASE_WITHDRAWN, A(APPLY), GUARD_ACTOR_IS_OWNER),
     CF_WITHDRAWAL, CLOCK_KEEP, DOC_WITHDRAWAL, DOC_NONE, NOTIFY_COORDINATORS | NOTIFY_ASSIGNEE | NOTIFY_SURVEY},
};
#define N_ROWS (int)(sizeof table / sizeof table[0])

static const unsigned inputs[CASE_FIELDS__MAX] = {
    [CF_NONE] = 0,
    [CF_INCOMING] = INPUT_COUNTERPART | INPUT_TEXT,
    [CF_COMPLETION_REQUEST] = INPUT_TEXT | INPUT_TEXT_REQUIRED,
    [CF_COMPLETION] = INPUT_TEXT | INPUT_TEXT_REQUIRED,
    [CF_ACCEPT] = INPUT_PROCESS,
    [CF_REVIEW] = INPUT_TEXT | INPUT_TEXT_REQUIRED | INPUT_CONDITIONS,
    [CF_RECOMMENDATION] = INPUT_ASSESSMENTS | INPUT_CONDITIONS,
    [CF_UNIT_ANSWER] = INPUT_UNIT | INPUT_TEXT,
    [CF_DECISION] = INPUT_TEXT,
    [CF_ASSIGNMENT] = INPUT_ASSIGNEE,
    [CF_DELIVERY] = INPUT_DELIVERY,
    [CF_WITHDRAWAL] = INPUT_TEXT,
    [CF_ESTIMATE] = INPUT_TEXT | INPUT_TEXT_REQUIRED | INPUT_ESTIMATE,
    [CF_ESTIMATE_ANSWER] = INPUT_TEXT,
    [CF_NARROWING] = INPUT_TEXT | INPUT_TEXT_REQUIRED,
};

unsigned case_fields_inputs(case_fields f) { return (unsigned)f < CASE_FIELDS__MAX ? inputs[f] : 0; }

const case_transition_rule *case_flow_table(int *n)
{
    if (n) *n = N_ROWS;
    return table;
}

static const char *guard_message(unsigned failed)
{
    if (failed & GUARD_ACTOR_IS_OWNER) return "Bara den som har gjort ansökan kan göra detta.";
    if (failed & GUARD_ACTOR_IS_ASSIGNEE)
        return "Bara den medarbetare som har fått uppdraget att ta ut data kan registrera leveransen.";
    if (failed & GUARD_REVIEW_DONE)
        return "Men- och sekretessprövningen måste vara dokumenterad innan samrådet lämnar rekommendation.";
    if (failed & GUARD_CONSULTATION_OVER)
        return "Alla enheter har inte svarat och svarstiden har inte gått ut.";
    return "Villkoren för steget är inte uppfyllda.";
}

static int state_is_open(int s) { return case_state_is_open((case_state)s); }

/* The head's typed names and flow_rule agree, field by field. */
#define SAME_FIELD(typed, generic)                                                                          \
    _Static_assert(offsetof(case_transition_rule, typed) == offsetof(case_transition_rule, head.generic) &&  \
                       sizeof(((case_transition_rule *)0)->typed) == sizeof(((flow_rule *)0)->generic),      \
                   "case_transition_rule's head differs from flow_rule: " #typed)
SAME_FIELD(from, from);
SAME_FIELD(event, event);
SAME_FIELD(process, variant);
SAME_FIELD(to, to);
SAME_FIELD(action, action);
SAME_FIELD(guards, guards);
_Static_assert(offsetof(case_transition_rule, head) == 0, "the head comes first");
_Static_assert((int)FOR_ANY_PROCESS == FLOW_ANY_VARIANT && (int)FOR_PROCESS_1 == (int)PROCESS_1 &&
                   (int)FOR_PROCESS_2 == (int)PROCESS_2,
               "a row's process and a case's process are one variant");

static const flow_table flow = {
    .name = "case_flow",
    .rows = table,
    .n = sizeof table / sizeof table[0],
    .stride = sizeof table[0],
    .n_states = CASE_STATE__MAX,
    .n_events = CASE_EVENT__MAX,
    .is_open = state_is_open,
    .guard_message_sv = guard_message,
    .not_in_state_sv = "Ärendet har redan gått vidare eller så gäller steget inte i det här läget. "
                       "Ladda om sidan och se vad som gäller nu.",
    .not_permitted_sv = "Du har inte behörighet att göra detta i det här ärendet.",
};

const flow_table *case_flow(void) { return &flow; }

static const case_transition_rule *case_row(const flow_rule *r)
{
    return r ? (const case_transition_rule *)(const void *)r : NULL;
}

const case_transition_rule *case_flow_find(case_state from, case_event ev, case_process p)
{
    return case_row(flow_find(&flow, (int)from, (int)ev, (int)p));
}

static unsigned fact_bits(const case_facts *f)
{
    return (f->actor_is_owner ? GUARD_ACTOR_IS_OWNER : 0u) | (f->actor_is_assignee ? GUARD_ACTOR_IS_ASSIGNEE : 0u) |
           (f->review_done ? GUARD_REVIEW_DONE : 0u) | (f->consultation_over ? GUARD_CONSULTATION_OVER : 0u);
}

case_refusal case_may(const authz_subject *s, const authz_object *o, const case_facts *f,
                      case_event ev, const case_transition_rule **row, const char **msg_sv)
{
    const char *unused;
    if (!msg_sv) msg_sv = &unused;
    if (row) *row = NULL;
    if (!f) {
        *msg_sv = "Okänt steg.";
        return CASE_NOT_IN_STATE;
    }
    const flow_rule *r = NULL;
    flow_refusal why = flow_may(&flow, s, o, (int)f->state, (int)f->process, fact_bits(f), (int)ev, &r, msg_sv);
    if (row) *row = case_row(r);
    return (case_refusal)why;
}

int case_events_allowed(const authz_subject *s, const authz_object *o, const case_facts *f,
                        case_event out[CASE_EVENT__MAX])
{
    if (!f) return 0;
    int evs[CASE_EVENT__MAX];
    int n = flow_events_allowed(&flow, s, o, (int)f->state, (int)f->process, fact_bits(f), evs);
    for (int i = 0; i < n; i++) out[i] = (case_event)evs[i];
    return n;
}

int case_state_is_open(case_state s)
{
    return (unsigned)s < CASE_STATE__MAX && s != CASE_DELIVERED && s != CASE_REFUSED && s != CASE_WITHDRAWN;
}

int case_state_is_waiting_for_applicant(case_state s)
{
    return s == CASE_DRAFT || s == CASE_COMPLETION_REQUESTED || s == CASE_AWAITING_COST_ACCEPTANCE;
}

/* ---- names: one list each ---------------------------------------------- */

#define KEY(name, key, label) [name] = key,
#define LABEL(name, key, label) [name] = label,
const char *const case_state_keys[CASE_STATE__MAX + 1] = {CASE_STATE_LIST(KEY)[CASE_STATE__MAX] = NULL};
const char *const case_event_keys[CASE_EVENT__MAX + 1] = {CASE_EVENT_LIST(KEY)[CASE_EVENT__MAX] = NULL};
static const char *const state_labels[CASE_STATE__MAX] = {CASE_STATE_LIST(LABEL)};
static const char *const event_labels[CASE_EVENT__MAX] = {CASE_EVENT_LIST(LABEL)};
#undef KEY
#undef LABEL

static const struct {
    const char *key, *label_sv, *direction, *legal_ref;
    int confidential;
} docs[CASE_DOC__MAX] = {
    [DOC_NONE] = {"none", "", "internal", NULL, 0},
    [DOC_REQUEST] = {"request", "Begäran om utlämnande av uppgifter för forskning", "in", NULL, 0},
    [DOC_ACKNOWLEDGEMENT] = {"acknowledgement", "Mottagningsbekräftelse", "out", NULL, 0},
    [DOC_COMPLETION_REQUEST] = {"completion_request", "Begäran om komplettering", "out", NULL, 0},
    [DOC_COMPLETION] = {"completion", "Komplettering", "in", NULL, 0},
    [DOC_CONFIDENTIALITY_REVIEW] = {"confidentiality_review", "Men- och sekretessprövning", "internal",
                                    "OSL 25 kap. 1 §", 1},
    [DOC_RECOMMENDATION] = {"recommendation", "Samrådets rekommendation", "internal", NULL, 0},
    [DOC_UNIT_NOTICE] = {"unit_notice", "Underrättelse till berörda enheter", "out", NULL, 0},
    [DOC_UNIT_ANSWER] = {"unit_answer", "Enhetens svar", "in", NULL, 0},
    [DOC_DECISION] = {"decision", "Beslut om utlämnande", "out", NULL, 0},
    [DOC_ASSIGNMENT] = {"assignment", "Uppdrag att ta ut data", "internal", NULL, 0},
    [DOC_DELIVERY] = {"delivery", "Utlämnande av uppgifter", "out", NULL, 0},
    [DOC_WITHDRAWAL] = {"withdrawal", "Återkallelse av ansökan", "in", NULL, 0},
    [DOC_COST_ESTIMATE] = {"cost_estimate", "Kostnadsförslag och uttagsspecifikation", "out", NULL, 0},
    [DOC_ESTIMATE_ACCEPTANCE] = {"estimate_acceptance", "Godkännande av kostnadsförslag", "in", NULL, 0},
    [DOC_NARROWING] = {"narrowing", "Begränsning av ansökan", "in", NULL, 0},
};

const char *case_state_key(case_state s) { return (unsigned)s < CASE_STATE__MAX ? case_state_keys[s] : NULL; }
const char *case_state_label_sv(case_state s) { return (unsigned)s < CASE_STATE__MAX ? state_labels[s] : ""; }
const char *case_event_key(case_event ev) { return (unsigned)ev < CASE_EVENT__MAX ? case_event_keys[ev] : NULL; }
const char *case_event_label_sv(case_event ev)
{
    return (unsigned)ev < CASE_EVENT__MAX ? event_labels[ev] : "";
}
const char *case_doc_key(case_doc d) { return (unsigned)d < CASE_DOC__MAX ? docs[d].key : NULL; }
const char *case_doc_label_sv(case_doc d) { return (unsigned)d < CASE_DOC__MAX ? docs[d].label_sv : ""; }
const char *case_doc_direction(case_doc d) { return (unsigned)d < CASE_DOC__MAX ? docs[d].direction : "internal"; }
int case_doc_confidential(case_doc d) { return (unsigned)d < CASE_DOC__MAX && docs[d].confidential; }
const char *case_doc_legal_ref(case_doc d) { return (unsigned)d < CASE_DOC__MAX ? docs[d].legal_ref : NULL; }

int case_state_from_key(const char *key, case_state *out)
{
    for (int i = 0; key && i < CASE_STATE__MAX; i++)
        if (strcmp(case_state_keys[i], key) == 0) {
            *out = (case_state)i;
            return 0;
        }
    return -1;
}

int case_event_from_key(const char *key, case_event *out)
{
    for (int i = 0; key && i < CASE_EVENT__MAX; i++)
        if (strcmp(case_event_keys[i], key) == 0) {
            *out = (case_event)i;
            return 0;
        }
    return -1;
}

case_process case_suggest_process(int n_units, int whole_area, int contacts_patients)
{
    if (whole_area || n_units != 1) return PROCESS_2;
    return contacts_patients ? PROCESS_1 : PROCESS_2;
}

#ifndef NDEBUG
static void fail_row(int i, const char *why)
{
    fprintf(stderr, "case_flow: row %d: %s\n", i, why);
    abort();
}

void assert_case_flow_table(void)
{
    int bad = -1;
    const char *problem = flow_table_problem(&flow, &bad);
    if (problem) fail_row(bad, problem);
    for (int i = 0; i < N_ROWS; i++)
        if (table[i].event == EV_WITHDRAW && table[i].to != CASE_WITHDRAWN) fail_row(i, "withdraw goes elsewhere");
    /* Every open state can withdraw, and reach a decision. */
    for (int s = 0; s < CASE_STATE__MAX; s++) {
        if (!case_state_is_open((case_state)s)) continue;
        if (!flow_reaches(&flow, s, CASE_DELIVERED) && !flow_reaches(&flow, s, CASE_REFUSED))
            fail_row(-1, "an open state cannot reach a decision");
        if (!case_flow_find((case_state)s, EV_WITHDRAW, PROCESS_1)) fail_row(-1, "an open state cannot be withdrawn");
    }
    for (int s = 0; s < CASE_STATE__MAX; s++)
        if (!case_state_keys[s] || !state_labels[s]) fail_row(-1, "a state without key or label");
    for (int ev = 0; ev < CASE_EVENT__MAX; ev++)
        if (!case_event_keys[ev] || !event_labels[ev]) fail_row(-1, "an event without key or label");
}
#endif
