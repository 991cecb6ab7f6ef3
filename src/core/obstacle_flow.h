/* obstacle_flow.h — the lifecycle of a reported obstacle as a transition
 * table on the one mechanism (core/flow.h) the release case also runs on:
 * the events an analyst causes, and per (state, event) where the obstacle
 * goes, who may (an authz action), what the step takes, and whether it is
 * public (the reporter is told and the step shows on their follow-up
 * page). Two doors: the analyst's (ACT_OBSTACLE_TRIAGE: obstacle_may,
 * obstacle_events_allowed) and the reporter's follow-up link
 * (ACT_OBSTACLE_REPORT: obstacle_reporter_may — revise the texts or
 * withdraw, only while the obstacle is not published). Each door sees only
 * its own rows. Pure: no I/O, no SQL. The store's obstacle_transition()
 * [store/obstacle_steps.c] makes every step; the analyst's page shows the
 * forms of obstacle_events_allowed(). See obstacle_flow.c for the diagram. */
#ifndef DATALOTS_OBSTACLE_FLOW_H
#define DATALOTS_OBSTACLE_FLOW_H

#include "core/flow.h"
#include "core/obstacle.h"

/* enum name, stored key (never changes), Swedish label (the button; a msgid). */
#define OBSTACLE_EVENT_LIST(X)                                                          \
    X(OE_TRIAGE, "triage", "Sortera in")                                               \
    X(OE_ASSESS, "assess", "Bedöm hindret")                                            \
    X(OE_FORWARD, "forward", "Skicka till ansvarig aktör")                             \
    X(OE_RECORD_MEASURE, "record_measure", "Registrera vidtagen åtgärd")               \
    X(OE_CLOSE, "close", "Avsluta med svar")                                           \
    X(OE_ARCHIVE, "archive", "Lägg till handlingarna")                                 \
    X(OE_MERGE, "merge", "För samman med ett liknande hinder")                         \
    X(OE_EDIT, "edit", "Ändra uppgifterna")                                            \
    X(OE_REVISE, "revise", "Anmälaren ändrade texten")                                 \
    X(OE_WITHDRAW, "withdraw", "Återkalla rapporten")

#define OBSTACLE_EVENT_ENUM_NAME(name, key, label) name,
typedef enum obstacle_event { OBSTACLE_EVENT_LIST(OBSTACLE_EVENT_ENUM_NAME) OBSTACLE_EVENT__MAX } obstacle_event;
#undef OBSTACLE_EVENT_ENUM_NAME

/* What a step takes (a bit set): the form shows these inputs and the
 * store checks them. */
enum obstacle_input {
    OI_NOTE = 1,          /* a note */
    OI_NOTE_REQUIRED = 2, /* … which must be written (a reason, the measure) */
    OI_NOTE_PUBLIC = 4,   /* … and is shown to the reporter */
    OI_NEED = 8,          /* the need the obstacle stands in the way of (required) */
    OI_LEGAL_BASIS = 16,  /* the legal basis it concerns (optional) */
    OI_BODY = 32,         /* the responsible body (required) */
    OI_ANSWER = 64,       /* the public answer (required) */
    OI_MERGE_INTO = 128,  /* the obstacle it duplicates (required) */
    OI_EDIT = 256,        /* need, legal basis, responsible body: each optional, the note is the reason */
    OI_REPORT_TEXT = 512, /* the reporter's own texts, what happened (required) and the suggestion */
};

/* The facts a row may need (flow_rule.guards; the store supplies them). */
enum obstacle_guard {
    OG_UNPUBLISHED = 1, /* not in the public register (published_at empty) */
};

typedef struct obstacle_rule {
    union {
        struct {
            obstacle_state from;
            obstacle_event event;
            int variant;      /* FLOW_ANY_VARIANT: obstacles have one process */
            obstacle_state to;
            dl_action action; /* authz: who */
            unsigned guards;  /* enum obstacle_guard */
        };
        flow_rule head;
    };
    unsigned inputs;          /* enum obstacle_input */
    int is_public;            /* the reporter is told; shown on the follow-up page */
} obstacle_rule;

const flow_table *obstacle_flow(void);
const obstacle_rule *obstacle_flow_table(int *n);
const obstacle_rule *obstacle_flow_find(obstacle_state from, obstacle_event ev);

/* May subject cause ev on an obstacle in state, through the analyst's door?
 * A reporter's event (revise, withdraw) is FLOW_NOT_PERMITTED here. When
 * refused, *msg_sv (if given) is a Swedish sentence; *row (if given) the
 * row when allowed. */
flow_refusal obstacle_may(const authz_subject *subject, obstacle_state state, obstacle_event ev,
                          const obstacle_rule **row, const char **msg_sv);

/* The events subject may cause now through the analyst's door, in event
 * order; returns how many. */
int obstacle_events_allowed(const authz_subject *subject, obstacle_state state, obstacle_event out[OBSTACLE_EVENT__MAX]);

/* May the holder of the follow-up link (the public, ACT_OBSTACLE_REPORT:
 * the token is the authority, checked by the store) cause ev on an
 * obstacle in state, published or not? An analyst's event is
 * FLOW_NOT_PERMITTED; a published obstacle FLOW_GUARD_FAILED, with the
 * sentence telling the reporter to contact the analysts. */
flow_refusal obstacle_reporter_may(obstacle_state state, int published, obstacle_event ev, const obstacle_rule **row,
                                   const char **msg_sv);
/* The events the reporter may cause now, in event order; returns how many. */
int obstacle_reporter_events_allowed(obstacle_state state, int published, obstacle_event out[OBSTACLE_EVENT__MAX]);

int obstacle_state_is_open(obstacle_state s); /* not closed, archived, merged or withdrawn */

extern const char *const obstacle_event_keys[OBSTACLE_EVENT__MAX + 1];
const char *obstacle_event_key(obstacle_event ev);      /* NULL out of range */
const char *obstacle_event_label_sv(obstacle_event ev); /* "" out of range */
int obstacle_event_from_key(const char *key, obstacle_event *out); /* 0, or -1 */

/* NULL when the table keeps flow_table_problem()'s invariants and its own
 * (every open state can be archived or closed; edit and revise stay in
 * their state and are internal; the reporter's rows are ACT_OBSTACLE_REPORT
 * and need OG_UNPUBLISHED, every other row is ACT_OBSTACLE_TRIAGE),
 * else a sentence naming what broke. */
const char *obstacle_flow_problem(void);

#endif
