/* retention.h — the retention schedule (gallring) in the store and its
 * runs: the rules per document type (retention_rule, seeded by migration
 * 0042), what falls due on a day, and `datalots retention run --apply`,
 * which lists what is due in one transaction and then disposes of each
 * listed document in a transaction of its own (its contents emptied, the
 * day recorded, an audit row; the diary entry stays). A run stopped
 * half-way is finished by the next one, which disposes of nothing twice and
 * of nothing it did not list. See docs/retention.md. */
#ifndef DATALOTS_STORE_RETENTION_H
#define DATALOTS_STORE_RETENTION_H

#include <stdint.h>

#include "core/arena.h"
#include "core/retention.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct retention_rule_rec {
    retention_target target;
    const char *kind, *basis, *updated_at;
    long keep_years; /* RETENTION_KEEP: kept */
} retention_rule_rec;

#define RETENTION_RULES_MAX 200

/* Every rule, by target and kind. */
dl_err retention_rules(db *d, arena *a, retention_rule_rec *out, int max, int *n, dl_error *e);
/* Sets (or adds) the rule for (target, kind), audited (retention.rule_set).
 * DL_EINVAL with a sentence for a rule retention_rule_check() refuses. */
dl_err retention_rule_set(db *d, retention_target target, const char *kind, long keep_years, const char *basis,
                          const audit_actor *who, dl_error *e);

/* A document due for disposal. */
typedef struct retention_due {
    retention_target target;
    int64_t object_id, case_id;
    const char *kind, *case_number, *closed_on, *due_on;
} retention_due;

/* What is due on as_of ("YYYY-MM-DD"): documents and attachments of closed
 * cases, not disposed of yet, whose rule keeps them keep_years and whose
 * day has come; in the order the cases were closed, at most max (and
 * *total of them all). */
dl_err retention_list_due(db *d, arena *a, const char *as_of, retention_due *out, int max, int *n, int64_t *total,
                          dl_error *e);

typedef struct retention_outcome {
    int64_t run_id;       /* the run listed or finished (0: none) */
    int resumed;          /* 1 when an unfinished run was taken up */
    int64_t listed;       /* items the run listed */
    int64_t disposed;     /* disposed of by this call */
    int64_t kept;         /* listed, but no longer due when their turn came (the rule changed) */
    int finished;         /* the run is finished */
    const char *as_of;    /* the run's day */
} retention_outcome;

/* One run of `retention run --apply`: takes up the oldest unfinished run
 * if there is one (out->resumed; its own day, as_of ignored), else lists
 * what is due on as_of (not after today) as a new run; then disposes of the
 * run's listed items still waiting, at most max of them (0: all), each in
 * its own transaction with its audit row (retention.dispose). An item
 * whose rule no longer makes it due is marked kept, not disposed of. The
 * run is finished when no item waits. */
dl_err retention_apply(db *d, arena *a, const char *as_of, int64_t max, const audit_actor *who,
                       retention_outcome *out, dl_error *e);

#endif
