/* case_flow.h — the data-release case as a state machine: the states, the
 * events people cause, and the one transition table that says, for each
 * (state, event), where the case goes, who may cause it, what it takes,
 * what it does to the clock, what it registers in the diarium and whom it
 * tells. Pure: no I/O, no SQL. The table drives the buttons on a case page,
 * the JSON API, the permission check in the store's case_transition() and
 * the table test (tests/unit/test_case_flow.c). See case_flow.c for the
 * state diagram. */
#ifndef DATALOTS_CASE_FLOW_H
#define DATALOTS_CASE_FLOW_H

#include <stdint.h>

#include "core/authz.h"
#include "core/flow.h"

/* The states and events, each listed once: enum name, stored key (never
 * changes), Swedish label (a msgid: the state's name on pages, the event's
 * button text). The enums, the key lists and the labels come from these. */
#define CASE_STATE_LIST(X)                                                                  \
    X(CASE_DRAFT, "draft", "Utkast")                      /* the applicant writes */       \
    X(CASE_RECEIVED, "received", "Inkommen")              /* registered; completeness */   \
    X(CASE_COMPLETION_REQUESTED, "completion_requested", "Komplettering begärd")           \
    X(CASE_AWAITING_SAMRAD, "awaiting_samrad", "Väntar på samråd")                         \
    X(CASE_AWAITING_COST_ACCEPTANCE, "awaiting_cost_acceptance", "Väntar på svar om kostnad") \
    X(CASE_UNIT_CONSULTATION, "unit_consultation", "Enheterna tillfrågas") /* Process 2 */ \
    X(CASE_AWAITING_DECISION, "awaiting_decision", "Väntar på beslut")                     \
    X(CASE_AWAITING_ASSIGNMENT, "awaiting_assignment", "Beviljad, väntar på uppdrag")      \
    X(CASE_EXTRACTING, "extracting", "Uttag pågår")                                        \
    X(CASE_DELIVERED, "delivered", "Levererad")           /* closed */                     \
    X(CASE_REFUSED, "refused", "Avslagen")                /* closed */                     \
    X(CASE_WITHDRAWN, "withdrawn", "Återkallad")          /* closed */

#define CASE_EVENT_LIST(X)                                                                  \
    X(EV_SUBMIT, "submit", "Skicka in ansökan")                                            \
    X(EV_REGISTER_INCOMING, "register_incoming", "Registrera inkommen handling")           \
    X(EV_REQUEST_COMPLETION, "request_completion", "Begär komplettering")                  \
    X(EV_COMPLETE, "complete", "Skicka komplettering")                                     \
    X(EV_ACCEPT_COMPLETE, "accept_complete", "Ansökan är komplett")                        \
    X(EV_CONFIDENTIALITY_REVIEW, "confidentiality_review", "Dokumentera men- och sekretessprövning") \
    X(EV_RECOMMEND_RELEASE, "recommend_release", "Samrådet rekommenderar utlämnande")      \
    X(EV_RECOMMEND_REFUSAL, "recommend_refusal", "Samrådet rekommenderar avslag")          \
    X(EV_UNIT_ANSWER, "unit_answer", "Svara för en enhet")                                 \
    X(EV_CLOSE_CONSULTATION, "close_consultation", "Avsluta enheternas svarstid")          \
    X(EV_APPROVE, "approve", "Besluta om utlämnande")                                      \
    X(EV_REFUSE, "refuse", "Besluta om avslag")                                            \
    X(EV_ISSUE_ASSIGNMENT, "issue_assignment", "Ge uppdrag att ta ut data")                \
    X(EV_REGISTER_DELIVERY, "register_delivery", "Registrera leverans")                    \
    X(EV_WITHDRAW, "withdraw", "Återkalla ansökan")                                        \
    X(EV_SEND_ESTIMATE, "send_estimate", "Skicka kostnadsförslag")                          \
    X(EV_ACCEPT_ESTIMATE, "accept_estimate", "Godkänn kostnadsförslaget")                   \
    X(EV_NARROW_REQUEST, "narrow_request", "Begränsa ansökan")

#define CASE_ENUM_NAME(name, key, label) name,
typedef enum case_state { CASE_STATE_LIST(CASE_ENUM_NAME) CASE_STATE__MAX } case_state;
typedef enum case_event { CASE_EVENT_LIST(CASE_ENUM_NAME) CASE_EVENT__MAX } case_event;
#undef CASE_ENUM_NAME

typedef enum case_process { PROCESS_UNSET = 0, PROCESS_1 = 1, PROCESS_2 = 2 } case_process;

/* Which process a transition row applies to. */
typedef enum process_rule { FOR_ANY_PROCESS, FOR_PROCESS_1, FOR_PROCESS_2 } process_rule;

/* The set of fields an event takes; the web layer maps each to its form. */
typedef enum case_fields {
    CF_NONE,
    CF_INCOMING,          /* how it arrived, date received, note */
    CF_COMPLETION_REQUEST,/* what is missing (message to the applicant) */
    CF_COMPLETION,        /* the applicant's answer */
    CF_ACCEPT,            /* process (1|2), checklist confirmed */
    CF_REVIEW,            /* review text, outcome, proposed sekretessförbehåll */
    CF_RECOMMENDATION,    /* the samråd's three assessments, conditions; P2 deadline */
    CF_UNIT_ANSWER,       /* unit, accept|refuse, reason */
    CF_DECISION,          /* outcome (whole | part), conditions, reasons */
    CF_ASSIGNMENT,        /* the named employee, instructions */
    CF_DELIVERY,          /* method (paper | encrypted), note */
    CF_WITHDRAWAL,        /* reason (optional) */
    CF_ESTIMATE,          /* the extraction specification, hours, the day to answer by */
    CF_ESTIMATE_ANSWER,   /* the applicant accepts the estimate (a note, optional) */
    CF_NARROWING,         /* the applicant narrows the request (the narrowed text) */
    CASE_FIELDS__MAX
} case_fields;

/* What a field set asks for on a step's form (a bit set): one entry per
 * case_fields (case_fields_inputs), so that a page shows the inputs the
 * row's fields name and the store's check of the step reads. CF_DECISION's
 * two events differ: a refusal needs its reasons, an approval takes
 * conditions and "in part" (the page adds those). */
enum case_input {
    INPUT_TEXT = 1,          /* a text: a message, the review, reasons, a note */
    INPUT_TEXT_REQUIRED = 2, /* … which must be written */
    INPUT_CONDITIONS = 4,    /* conditions */
    INPUT_ASSESSMENTS = 8,   /* the samråd's three assessments (SAMRAD_ASSESSMENT_LIST), each required */
    INPUT_COUNTERPART = 16,  /* who sent what arrived */
    INPUT_PROCESS = 32,      /* process 1 | 2 and the completeness checklist */
    INPUT_UNIT = 64,         /* the unit answered for, and whether it refuses */
    INPUT_ASSIGNEE = 128,    /* the named employee */
    INPUT_DELIVERY = 256,    /* paper | encrypted */
    INPUT_ESTIMATE = 512,    /* hours estimated and the day to answer by (core/fee.h) */
};
unsigned case_fields_inputs(case_fields f); /* 0 out of range */

/* What a transition does to the lead-time clock. */
typedef enum case_clock { CLOCK_KEEP, CLOCK_START, CLOCK_PAUSE, CLOCK_RESUME, CLOCK_STOP } case_clock;

/* The documents a case produces or receives; each registered in the diarium. */
typedef enum case_doc {
    DOC_NONE,
    DOC_REQUEST,              /* in: the request (ansökan) */
    DOC_ACKNOWLEDGEMENT,      /* out: mottagningsbekräftelse */
    DOC_COMPLETION_REQUEST,   /* out: begäran om komplettering */
    DOC_COMPLETION,           /* in: komplettering */
    DOC_CONFIDENTIALITY_REVIEW, /* internal, confidential: men- och sekretessprövning */
    DOC_RECOMMENDATION,       /* internal: samrådets rekommendation */
    DOC_UNIT_NOTICE,          /* out: notice to the areas' chiefs */
    DOC_UNIT_ANSWER,          /* in: a unit's answer */
    DOC_DECISION,             /* out: beslut */
    DOC_ASSIGNMENT,           /* internal: uppdrag att ta ut data */
    DOC_DELIVERY,             /* out: utlämnande / leveranskvitto */
    DOC_WITHDRAWAL,           /* in: återkallelse */
    DOC_COST_ESTIMATE,        /* out: kostnadsförslag with the extraction specification */
    DOC_ESTIMATE_ACCEPTANCE,  /* in: the applicant accepts the estimate */
    DOC_NARROWING,            /* in: the applicant narrows the request */
    CASE_DOC__MAX
} case_doc;

/* Whom a transition tells by e-mail (a bit set). */
enum case_notify {
    NOTIFY_APPLICANT = 1,
    NOTIFY_COORDINATORS = 2,   /* the coordinators of the case's organisation */
    NOTIFY_AREA_CHIEFS = 4,    /* Process 2: the regionområdeschefer of the area */
    NOTIFY_DECIDERS = 8,       /* who decides next */
    NOTIFY_ASSIGNEE = 16,      /* the named employee */
    NOTIFY_DATA_ANALYSIS = 32, /* Data och analys */
    NOTIFY_SURVEY = 64,        /* the case closes: the applicant gets the satisfaction
                                * survey's link (store/case_survey.h), once per case */
};

/* Conditions a row needs beyond state, process and permission: facts the
 * store reads about the case before it asks (a bit set). */
enum case_guard {
    GUARD_REVIEW_DONE = 1,        /* a confidentiality review is on the case */
    GUARD_ACTOR_IS_OWNER = 2,     /* the actor is the applicant who owns the case */
    GUARD_ACTOR_IS_ASSIGNEE = 4,  /* the actor is the employee named in the assignment */
    GUARD_CONSULTATION_OVER = 8,  /* every unit answered, or the deadline passed */
};

/* A row: its head (from, event, process, to, action, guards) is the
 * flow_rule core/flow.c walks, named here with the case's own types. */
typedef struct case_transition_rule {
    union {
        struct {
            case_state from;
            case_event event;
            process_rule process; /* the flow's variant */
            case_state to;
            dl_action action;     /* authz: who, and where (scope) */
            unsigned guards;      /* enum case_guard */
        };
        flow_rule head;
    };
    case_fields fields;
    case_clock clock;
    case_doc registers;   /* the document this step registers (DOC_NONE: none) */
    case_doc sends;       /* a second, outgoing document (e.g. the acknowledgement) */
    unsigned notify;      /* enum case_notify */
} case_transition_rule;

/* What the store knows about a case and the person acting, for the guards. */
typedef struct case_facts {
    case_state state;
    case_process process;
    int actor_is_owner;
    int actor_is_assignee;
    int review_done;
    int consultation_over;
} case_facts;

/* The table, in from-state order; n in *n. */
const case_transition_rule *case_flow_table(int *n);

/* The row for (state, event, process), or NULL when the event does not
 * apply in that state for that process. */
const case_transition_rule *case_flow_find(case_state from, case_event ev, case_process p);

typedef enum case_refusal {
    CASE_OK = FLOW_OK,
    CASE_NOT_IN_STATE = FLOW_NOT_IN_STATE,   /* the event does not apply now (stale page, double submit) */
    CASE_NOT_PERMITTED = FLOW_NOT_PERMITTED, /* the actor lacks the role at the case's node */
    CASE_GUARD_FAILED = FLOW_GUARD_FAILED,   /* a fact is missing (no review yet, not the owner, …) */
} case_refusal;

/* The table as core/flow.h walks it. */
const flow_table *case_flow(void);

/* May subject cause ev on a case with these facts at object's node? The one
 * check behind the buttons, the API and case_transition(). When it refuses,
 * *msg_sv (if given) is a Swedish sentence saying why, naming what to do. */
case_refusal case_may(const authz_subject *subject, const authz_object *object,
                      const case_facts *facts, case_event ev,
                      const case_transition_rule **row, const char **msg_sv);

/* The events subject may cause now, in table order, into out[CASE_EVENT__MAX];
 * returns how many. */
int case_events_allowed(const authz_subject *subject, const authz_object *object,
                        const case_facts *facts, case_event out[CASE_EVENT__MAX]);

int case_state_is_open(case_state s);   /* not delivered, refused or withdrawn */
int case_state_is_waiting_for_applicant(case_state s);

const char *case_state_key(case_state s);      /* "awaiting_samrad"; NULL if out of range */
const char *case_state_label_sv(case_state s); /* "Väntar på samråd" (a msgid) */
int case_state_from_key(const char *key, case_state *out);
const char *case_event_key(case_event ev);     /* "recommend_release" */
const char *case_event_label_sv(case_event ev);/* the button text (a msgid) */
int case_event_from_key(const char *key, case_event *out);
const char *case_doc_key(case_doc d);
const char *case_doc_label_sv(case_doc d);     /* the diarium's subject prefix */
/* "in", "out" or "internal" — the diary direction of the document. */
const char *case_doc_direction(case_doc d);
/* 1 when the document is confidential by its nature (the review). */
int case_doc_confidential(case_doc d);
const char *case_doc_legal_ref(case_doc d);    /* "OSL 25 kap. 1 §" or NULL */

/* Keys of the states and events, NULL-terminated, in enum order (one list). */
extern const char *const case_state_keys[CASE_STATE__MAX + 1];
extern const char *const case_event_keys[CASE_EVENT__MAX + 1];

/* Process suggested from what the form asks: patient contact with single
 * units → 1; a whole area, the whole administration, or several units → 2. */
case_process case_suggest_process(int n_units, int whole_area, int contacts_patients);

#ifndef NDEBUG
/* Checks the table's own invariants (flow_table_problem(), and the case's
 * own: withdraw goes to withdrawn from every open state, every open state
 * can reach a decision, every state and event named); aborts with the
 * row on failure. Called by the tests and once at start-up in debug builds. */
void assert_case_flow_table(void);
#endif

#endif
