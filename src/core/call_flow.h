/* call_flow.h — how an application to a joint call (utlysning) of the
 * coordinating support moves, as a transition table on the one mechanism
 * (core/flow.h) the release case, obstacles and measures run on: the
 * network coordinator (ACT_CALL_MANAGE) assesses it against each of the
 * call's criteria, decides (granted or not, with reasons) and, for a
 * granted project, publishes its results into the knowledge guide — never
 * on an application of their own (the IMPARTIAL guard); the
 * applicant (ACT_CALL_APPLY with the APPLICANT guard) may withdraw it
 * before it is assessed. Pure: no I/O, no SQL. The store's call_step()
 * [store/calls.c] makes every step. */
#ifndef DATALOTS_CALL_FLOW_H
#define DATALOTS_CALL_FLOW_H

#include "core/flow.h"

/* enum name, stored key (never changes), Swedish label (a msgid). */
#define CALL_APP_STATE_LIST(X)                                      \
    X(CALL_APP_SUBMITTED, "submitted", "Inkommen")                  \
    X(CALL_APP_ASSESSED, "assessed", "Bedömd")                      \
    X(CALL_APP_GRANTED, "granted", "Beviljad")                      \
    X(CALL_APP_REJECTED, "rejected", "Inte beviljad")               \
    X(CALL_APP_WITHDRAWN, "withdrawn", "Återkallad")                \
    X(CALL_APP_REPORTED, "reported", "Resultat publicerade")

#define CALL_APP_STATE_ENUM(name, key, label) name,
typedef enum call_app_state { CALL_APP_STATE_LIST(CALL_APP_STATE_ENUM) CALL_APP_STATE__MAX } call_app_state;
#undef CALL_APP_STATE_ENUM

/* enum name, stored key, the button's label (a msgid). */
#define CALL_EVENT_LIST(X)                                               \
    X(CE_ASSESS, "assess", "Spara bedömningen")                          \
    X(CE_GRANT, "grant", "Bevilja")                                      \
    X(CE_REJECT, "reject", "Bevilja inte")                               \
    X(CE_WITHDRAW, "withdraw", "Återkalla projektansökan")                   \
    X(CE_RESULTS, "results", "Publicera resultaten i kunskapsguiden")

#define CALL_EVENT_ENUM(name, key, label) name,
typedef enum call_event { CALL_EVENT_LIST(CALL_EVENT_ENUM) CALL_EVENT__MAX } call_event;
#undef CALL_EVENT_ENUM

/* The facts a row may need (guards, a bit set). */
enum call_guard {
    CG_APPLICANT = 1, /* the actor is the account that applied */
    CG_IMPARTIAL = 2, /* the actor is not: no one assesses or decides on their own application (jäv) */
};

/* What a step takes (a bit set). */
enum call_input {
    CI_SCORES = 1,  /* a score 0–5 and a comment for every criterion */
    CI_REASON = 2,  /* the decision's reasons (required) */
    CI_RESULTS = 4, /* the results' title, summary and text: a guide item draft */
};

typedef struct call_rule {
    union {
        struct {
            call_app_state from;
            call_event event;
            int variant;      /* FLOW_ANY_VARIANT: one process */
            call_app_state to;
            dl_action action;
            unsigned guards;  /* enum call_guard */
        };
        flow_rule head;
    };
    unsigned inputs;          /* enum call_input */
} call_rule;

const flow_table *call_flow(void);
const call_rule *call_flow_table(int *n);
const call_rule *call_flow_find(call_app_state from, call_event ev);

/* May subject cause ev on an application in state, with these facts
 * (enum call_guard)? When refused, *msg_sv (if given) is a Swedish
 * sentence; *row (if given) the row when allowed. */
flow_refusal call_may(const authz_subject *subject, call_app_state state, unsigned facts, call_event ev,
                      const call_rule **row, const char **msg_sv);
int call_events_allowed(const authz_subject *subject, call_app_state state, unsigned facts,
                        call_event out[CALL_EVENT__MAX]);

extern const char *const call_app_state_keys[CALL_APP_STATE__MAX + 1];
extern const char *const call_event_keys[CALL_EVENT__MAX + 1];
const char *call_app_state_label_sv(call_app_state s); /* "" out of range */
int call_app_state_from_key(const char *key, call_app_state *out); /* 0, or -1 */
int call_app_state_is_open(call_app_state s);
const char *call_event_label_sv(call_event ev);        /* "" out of range */
int call_event_from_key(const char *key, call_event *out); /* 0, or -1 */

/* NULL when the table keeps flow_table_problem()'s invariants and its own
 * (a decision only after an assessment, with reasons; results only from a
 * granted project), else a sentence. */
const char *call_flow_problem(void);

#endif
