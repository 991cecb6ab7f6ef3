/* measure_flow.h — how a measure's status moves, as a transition table on
 * the one mechanism (core/flow.h) the obstacle lifecycle and the release
 * case run on: the events an analyst causes, and per (status, event) where
 * the measure goes, who may (an authz action: ACT_OBSTACLE_TRIAGE, the
 * obstacle analyst), what the step takes and whether its note is public
 * (on the public obstacle page's timeline, as in Decidim). Every step
 * takes a note: the reason or what was done. Pure: no I/O, no SQL. The
 * store's measure_step() [store/obstacle_measures.c] makes every step. */
#ifndef DATALOTS_MEASURE_FLOW_H
#define DATALOTS_MEASURE_FLOW_H

#include "core/flow.h"
#include "core/measure.h"

/* enum name, stored key (never changes), Swedish label (the button; a
 * msgid), what the timeline says once it is done (a msgid). */
#define MEASURE_EVENT_LIST(X)                                                            \
    X(ME_START, "start", "Påbörja åtgärden", "Åtgärden påbörjades")                     \
    X(ME_PROGRESS, "progress", "Rapportera framsteg", "Nytt framsteg")                  \
    X(ME_COMPLETE, "complete", "Markera som genomförd", "Åtgärden genomfördes")         \
    X(ME_CANCEL, "cancel", "Avbryt åtgärden", "Åtgärden avbröts")                       \
    X(ME_EDIT, "edit", "Ändra uppgifterna", "Uppgifterna ändrades")

#define MEASURE_EVENT_ENUM_NAME(name, key, label, done) name,
typedef enum measure_event { MEASURE_EVENT_LIST(MEASURE_EVENT_ENUM_NAME) MEASURE_EVENT__MAX } measure_event;
#undef MEASURE_EVENT_ENUM_NAME

/* What a step takes besides its note (a bit set). */
enum measure_input {
    MI_PROGRESS = 1, /* a new progress, 0–100 % (required) */
    MI_COMPLETE = 2, /* progress becomes 100 % */
    MI_EDIT = 4,     /* title, description, outcome type, body, dates */
};

typedef struct measure_rule {
    union {
        struct {
            measure_status from;
            measure_event event;
            int variant;      /* FLOW_ANY_VARIANT: measures have one process */
            measure_status to;
            dl_action action; /* authz: who */
            unsigned guards;  /* none */
        };
        flow_rule head;
    };
    unsigned inputs;          /* enum measure_input */
    int is_public;            /* the step and its note show on the public timeline */
} measure_rule;

const flow_table *measure_flow(void);
const measure_rule *measure_flow_table(int *n);
const measure_rule *measure_flow_find(measure_status from, measure_event ev);

/* May subject cause ev on a measure in status? When refused, *msg_sv (if
 * given) is a Swedish sentence; *row (if given) the row when allowed. */
flow_refusal measure_may(const authz_subject *subject, measure_status status, measure_event ev,
                         const measure_rule **row, const char **msg_sv);

/* The events subject may cause now, in event order; returns how many. */
int measure_events_allowed(const authz_subject *subject, measure_status status, measure_event out[MEASURE_EVENT__MAX]);

extern const char *const measure_event_keys[MEASURE_EVENT__MAX + 1];
const char *measure_event_key(measure_event ev);      /* NULL out of range */
const char *measure_event_label_sv(measure_event ev); /* "" out of range */
const char *measure_event_done_sv(measure_event ev);  /* the timeline's words; "" out of range */
int measure_event_from_key(const char *key, measure_event *out); /* 0, or -1 */

/* NULL when the table keeps flow_table_problem()'s invariants and its own
 * (edit stays in its status and is internal; every change of status is
 * public; every open status can be cancelled), else a sentence. */
const char *measure_flow_problem(void);

#endif
