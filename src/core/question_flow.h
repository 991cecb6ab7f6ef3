/* question_flow.h — how a question to the national support moves, as a
 * transition table on the one mechanism (core/flow.h): it is received,
 * routed to a member function of the network (by core/question_route.h
 * when it arrives, or by the network coordinator), handed over between
 * members with a note, returned to the coordinator's queue, answered (the
 * answer mailed to the asker) or closed with a note. Every step is
 * ACT_QUESTION_HANDLE (anyone signed in) with a guard the store computes:
 * QG_COORDINATOR — the actor is a network coordinator; QG_HANDLER — the
 * actor is a coordinator or a contact person (by e-mail address) of the
 * member the question is with. Pure: no I/O, no SQL. The store's
 * question_step() [store/questions.c] makes every step. */
#ifndef DATALOTS_QUESTION_FLOW_H
#define DATALOTS_QUESTION_FLOW_H

#include "core/flow.h"

/* enum name, stored key (never changes), Swedish label (a msgid). */
#define QUESTION_STATE_LIST(X)                                 \
    X(QS_RECEIVED, "received", "Hos koordinatorn")             \
    X(QS_ROUTED, "routed", "Hos en stödfunktion")              \
    X(QS_ANSWERED, "answered", "Besvarad")                     \
    X(QS_CLOSED, "closed", "Avslutad utan svar")

#define QUESTION_STATE_ENUM(name, key, label) name,
typedef enum question_state { QUESTION_STATE_LIST(QUESTION_STATE_ENUM) QUESTION_STATE__MAX } question_state;
#undef QUESTION_STATE_ENUM

/* enum name, stored key, the button's label (a msgid). */
#define QUESTION_EVENT_LIST(X)                                   \
    X(QE_ROUTE, "route", "Skicka till stödfunktionen")           \
    X(QE_HANDOVER, "handover", "Lämna över")                     \
    X(QE_RETURN, "return", "Lämna tillbaka till koordinatorn")   \
    X(QE_ANSWER, "answer", "Skicka svaret")                      \
    X(QE_CLOSE, "close", "Avsluta utan svar")

#define QUESTION_EVENT_ENUM(name, key, label) name,
typedef enum question_event { QUESTION_EVENT_LIST(QUESTION_EVENT_ENUM) QUESTION_EVENT__MAX } question_event;
#undef QUESTION_EVENT_ENUM

/* The facts a row may need (guards, a bit set). */
enum question_guard {
    QG_COORDINATOR = 1, /* the actor is a network coordinator */
    QG_HANDLER = 2,     /* a coordinator, or a contact of the member the question is with */
};

/* What a step takes (a bit set). */
enum question_input {
    QI_MEMBER = 1, /* the member the question goes to (another than now) */
    QI_NOTE = 2,   /* a note, required: why it is handed on or closed */
    QI_ANSWER = 4, /* the answer text; optionally "general" → a guide item draft */
};

typedef struct question_rule {
    union {
        struct {
            question_state from;
            question_event event;
            int variant; /* FLOW_ANY_VARIANT */
            question_state to;
            dl_action action;
            unsigned guards; /* enum question_guard */
        };
        flow_rule head;
    };
    unsigned inputs; /* enum question_input */
} question_rule;

const flow_table *question_flow(void);
const question_rule *question_flow_table(int *n);
const question_rule *question_flow_find(question_state from, question_event ev);

flow_refusal question_may(const authz_subject *subject, question_state state, unsigned facts, question_event ev,
                          const question_rule **row, const char **msg_sv);
int question_events_allowed(const authz_subject *subject, question_state state, unsigned facts,
                            question_event out[QUESTION_EVENT__MAX]);

extern const char *const question_state_keys[QUESTION_STATE__MAX + 1];
extern const char *const question_event_keys[QUESTION_EVENT__MAX + 1];
const char *question_state_label_sv(question_state s); /* "" out of range */
int question_state_from_key(const char *key, question_state *out); /* 0, or -1 */
int question_state_is_open(question_state s);
const char *question_event_label_sv(question_event ev); /* "" out of range */
int question_event_from_key(const char *key, question_event *out); /* 0, or -1 */

/* NULL when the table keeps flow_table_problem()'s invariants and its own
 * (an answer takes the answer's text; a hand-over a member and a note; a
 * closing a note; only the coordinator acts on a question in no member's
 * hands), else a sentence. */
const char *question_flow_problem(void);

#endif
