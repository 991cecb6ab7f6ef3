/* flow.h — the one transition-table mechanism. The release case
 * (core/case_flow.h) and the obstacle lifecycle (core/obstacle_flow.h) each
 * keep their own table of rows; this file knows how to walk any of them:
 * find the row for (state, event, variant), ask authz_may() for its action,
 * check its guards against the facts' bit set, list the events allowed now,
 * and check a table's invariants. Pure: no I/O, no SQL.
 *
 * A table's rows are its own struct, whose FIRST member is a flow_rule —
 * the head this file reads. Tables that want typed names for the head's
 * fields put it in an anonymous union with an anonymous struct of the same
 * layout (enum-typed), as case_flow.h does; FLOW_HEAD_LAYOUT_OK() in the
 * table's source checks the layout at compile time. The walk is
 * rows + i * stride, so the table says its row size once. */
#ifndef DATALOTS_FLOW_H
#define DATALOTS_FLOW_H

#include <stddef.h>

#include "core/authz.h"
#include "core/err.h"

/* The head of every row: from × event × variant → to, who may (action),
 * and the facts it needs (guards, a bit set the table defines). */
typedef struct flow_rule {
    int from, event;
    int variant;       /* FLOW_ANY_VARIANT, or the variant the row is for */
    int to;
    dl_action action;
    unsigned guards;
} flow_rule;

#define FLOW_ANY_VARIANT 0

/* Compile-time check that row type T's typed field `typed` sits exactly on
 * the head's field `generic`; FLOW_HEAD_LAYOUT_OK(T) checks every field of
 * a head whose typed names are the generic ones (and that the head comes
 * first). */
#define FLOW_SAME_FIELD(T, typed, generic)                                                          \
    _Static_assert(offsetof(T, typed) == offsetof(T, head.generic) &&                               \
                       sizeof(((T *)0)->typed) == sizeof(((flow_rule *)0)->generic),                \
                   #T "'s head differs from flow_rule: " #typed)
#define FLOW_HEAD_LAYOUT_OK(T)                                                                      \
    FLOW_SAME_FIELD(T, from, from);                                                                 \
    FLOW_SAME_FIELD(T, event, event);                                                               \
    FLOW_SAME_FIELD(T, variant, variant);                                                           \
    FLOW_SAME_FIELD(T, to, to);                                                                     \
    FLOW_SAME_FIELD(T, action, action);                                                             \
    FLOW_SAME_FIELD(T, guards, guards);                                                             \
    _Static_assert(offsetof(T, head) == 0, #T ": the head comes first")

typedef struct flow_table {
    const char *name;          /* for the invariant checker's messages */
    const void *rows;          /* n rows of stride bytes, each starting with a flow_rule */
    size_t n, stride;
    int n_states, n_events;
    int (*is_open)(int state); /* closed states have no way out */
    /* The Swedish sentence (a msgid) for a set of failed guards. */
    const char *(*guard_message_sv)(unsigned failed);
    const char *not_in_state_sv;  /* the event does not apply now */
    const char *not_permitted_sv; /* the actor lacks the role */
} flow_table;

/* The fields of a flow_table that follow from its array of rows (the array
 * itself, not a pointer): .rows, .n and .stride. */
#define FLOW_ROWS(array) .rows = (array), .n = sizeof(array) / sizeof(array)[0], .stride = sizeof(array)[0]

/* The object of a national flow (the guide, obstacles, measures, calls):
 * no node, no owner, no state mask in authz. */
extern const authz_object flow_national;

typedef enum flow_refusal {
    FLOW_OK,
    FLOW_NOT_IN_STATE,  /* no row (stale page, double submit, unknown event) */
    FLOW_NOT_PERMITTED, /* authz_may() says no */
    FLOW_GUARD_FAILED,  /* a fact the row needs is missing */
} flow_refusal;

/* Row i, or NULL out of range. */
const flow_rule *flow_row(const flow_table *t, size_t i);

/* The row for (from, event, variant): a row for FLOW_ANY_VARIANT or for
 * exactly that variant; NULL when none applies. */
const flow_rule *flow_find(const flow_table *t, int from, int event, int variant);

/* May subject cause event on an object in state (variant) with these facts
 * (bits of the table's guard set)? Checked in this order: the row, the
 * permission, the guards. When refused, *msg_sv (if given) is a Swedish
 * sentence; when allowed, *row (if given) the row and *msg_sv NULL. */
flow_refusal flow_may(const flow_table *t, const authz_subject *s, const authz_object *o, int state, int variant,
                      unsigned facts, int event, const flow_rule **row, const char **msg_sv);

/* flow_may() and flow_events_allowed() for a national flow without
 * variants: on flow_national, for FLOW_ANY_VARIANT. *row (if given) is the
 * table's own row (its struct), NULL when refused. */
flow_refusal flow_may_national(const flow_table *t, const authz_subject *s, int state, unsigned facts, int event,
                               const void **row, const char **msg_sv);
int flow_events_allowed_national(const flow_table *t, const authz_subject *s, int state, unsigned facts, int *out);

/* flow_find() for a flow without variants, as the table's own row. */
const void *flow_find_row(const flow_table *t, int from, int event);

/* A refusal as the store answers it: DL_ECONFLICT for a step that does not
 * apply now (a stale page), DL_EDENIED for a missing role or fact, with msg
 * as e's sentence; DL_OK for FLOW_OK. */
dl_err flow_refusal_error(flow_refusal why, const char *msg, dl_error *e);

/* The events subject may cause now, in event order, into out (room for
 * t->n_events); returns how many. */
int flow_events_allowed(const flow_table *t, const authz_subject *s, const authz_object *o, int state, int variant,
                        unsigned facts, int *out);

/* NULL when the table keeps the invariants — states, events and actions in
 * range, rows in from-state order, no two rows for one (state, event,
 * variant), closed states without a way out, every open state able to
 * reach a closed one — else a sentence saying which broke, with the row in
 * *bad_row (-1: not one row's fault). */
const char *flow_table_problem(const flow_table *t, int *bad_row);

/* 1 when closed state `to` is reachable from `from` through the table. */
int flow_reaches(const flow_table *t, int from, int to);

#endif
