/* obstacle_measure_report.c — the compiled report's "Efter typ av utfall"
 * (store/obstacle_report.h): the measures registered in the period counted
 * by outcome type and status, and the obstacles they address. Read inside
 * obstacle_summary_load's snapshot, so the figures add up with the rest. A
 * stored key no list knows counts as "other" (outcome) or is left out
 * (status: the store writes only the list's keys). */
#include "store/obstacle_report.h"

#include <stdlib.h>
#include <string.h>

int64_t obstacle_measures_of(const obstacle_summary *s, int o)
{
    int64_t n = 0;
    for (int st = 0; o >= 0 && o < MEASURE_OUTCOME__MAX && st < MEASURE_STATUS__MAX; st++) n += s->measures[o][st];
    return n;
}

static measure_outcome outcome_of(const char *key)
{
    measure_outcome o;
    return measure_outcome_from_key(key, &o) == 0 ? o : MO_OTHER;
}

static dl_err counts(db *d, const obstacle_period *p, obstacle_summary *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT outcome_type, status, COUNT(*) FROM obstacle_measure"
                               " WHERE created_at >= ? AND created_at < ? GROUP BY outcome_type, status", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        measure_status status;
        if (measure_status_from_key(db_col_text(s, 1), &status) != 0) continue;
        int64_t n = db_col_int(s, 2);
        out->measures[outcome_of(db_col_text(s, 0))][status] += n;
        out->measures_total += n;
    }
    dl_err rc = st == DB_ERROR ? e->code : DL_OK;
    db_stmt_done(s);
    return rc;
}

static int by_outcome_then_id(const void *x, const void *y)
{
    const obstacle_addressed *a = x, *b = y;
    if (a->outcome != b->outcome) return a->outcome < b->outcome ? -1 : 1;
    return a->obstacle_id < b->obstacle_id ? -1 : a->obstacle_id > b->obstacle_id;
}

static dl_err addressed(db *d, arena *a, const obstacle_period *p, obstacle_summary *out, dl_error *e)
{
    out->addressed = arena_alloc(a, sizeof *out->addressed * OBSTACLE_ADDRESSED_MAX);
    if (!out->addressed) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT m.outcome_type, l.obstacle_id, COUNT(*) FROM obstacle_measure m"
                               " JOIN obstacle_measure_link l ON l.measure_id = m.id"
                               " WHERE m.created_at >= ? AND m.created_at < ?"
                               " GROUP BY m.outcome_type, l.obstacle_id ORDER BY m.outcome_type, l.obstacle_id"
                               " LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    db_bind_int(s, 3, OBSTACLE_ADDRESSED_MAX + 1);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (out->n_addressed == OBSTACLE_ADDRESSED_MAX) { out->addressed_cut = 1; continue; }
        out->addressed[out->n_addressed++] =
            (obstacle_addressed){outcome_of(db_col_text(s, 0)), db_col_int(s, 1), db_col_int(s, 2)};
    }
    dl_err rc = st == DB_ERROR ? e->code : DL_OK;
    db_stmt_done(s);
    /* The keys sort by their spelling; the report goes in the list's order. */
    if (rc == DL_OK && out->n_addressed > 1)
        qsort(out->addressed, (size_t)out->n_addressed, sizeof *out->addressed, by_outcome_then_id);
    return rc;
}

dl_err obstacle_measure_summary_load(db *d, arena *a, const obstacle_period *p, obstacle_summary *out, dl_error *e)
{
    memset(out->measures, 0, sizeof out->measures);
    out->measures_total = 0;
    out->n_addressed = out->addressed_cut = 0;
    dl_err rc = counts(d, p, out, e);
    if (rc == DL_OK) rc = addressed(d, a, p, out, e);
    return rc;
}
