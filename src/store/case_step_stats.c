/* case_step_stats.c — per-step lead times of closed cases; see
 * case_step_stats.h. One query reads the transitions of the sample in
 * case order; each case's are folded by core/case_clock.c as they end. */
#include "store/case_step_stats.h"

#include <stdlib.h>
#include <string.h>

#include "core/case_clock.h"
#include "core/clock.h"

#define EVENTS_PER_CASE_MAX 256

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* The values v[0..n-1] as a figure (nearest rank, as store/cases.c). */
static void stat_of(int64_t *v, int n, case_step_stat *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    if (!n) return;
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
    int k50 = (int)(0.5 * n + 0.999999), k90 = (int)(0.9 * n + 0.999999);
    if (k50 < 1) k50 = 1;
    if (k90 < 1) k90 = 1;
    if (k50 > n) k50 = n;
    if (k90 > n) k90 = n;
    out->median_days = (double)v[k50 - 1] / 86400.0;
    out->p90_days = (double)v[k90 - 1] / 86400.0;
}

typedef struct acc {
    int64_t *v[CASE_STATE__MAX + 1]; /* the last: receipt to delivery */
    int n[CASE_STATE__MAX + 1];
    case_clock_event ev[EVENTS_PER_CASE_MAX];
    int n_ev;
} acc;

static void fold_case(acc *a)
{
    if (!a->n_ev) return;
    case_step_time t[CASE_STATE__MAX];
    case_step_times(a->ev, a->n_ev, a->ev[a->n_ev - 1].at, t);
    for (int s = 0; s < CASE_STATE__MAX; s++)
        if (t[s].visits && a->n[s] < LEAD_TIME_SAMPLE) a->v[s][a->n[s]++] = t[s].seconds;
    case_lead l;
    case_lead_of(a->ev, a->n_ev, &l);
    if (l.has_delivery && l.delivery_seconds >= 0 && a->n[CASE_STATE__MAX] < LEAD_TIME_SAMPLE)
        a->v[CASE_STATE__MAX][a->n[CASE_STATE__MAX]++] = l.delivery_seconds;
    a->n_ev = 0;
}

dl_err case_step_stats(db *d, int64_t org_id, int process, case_step_stat steps[CASE_STATE__MAX],
                       case_step_stat *delivery, dl_error *e)
{
    memset(steps, 0, sizeof *steps * CASE_STATE__MAX);
    memset(delivery, 0, sizeof *delivery);
    acc *a = calloc(1, sizeof *a);
    dl_err rc = a ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    for (int s = 0; rc == DL_OK && s <= CASE_STATE__MAX; s++)
        if (!(a->v[s] = calloc(LEAD_TIME_SAMPLE, sizeof *a->v[s]))) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *st = rc == DL_OK ? db_prepare(d, "SELECT e.case_id, e.at, e.event, e.from_state, e.to_state FROM case_event e"
                                              " WHERE e.case_id IN (SELECT id FROM cases WHERE org_id = ?"
                                              " AND state IN ('delivered', 'refused', 'withdrawn') AND (? = 0 OR process = ?)"
                                              " ORDER BY id DESC LIMIT ?)"
                                              " ORDER BY e.case_id, e.id", e)
                              : NULL;
    if (rc == DL_OK && !st) rc = e->code;
    if (st) {
        db_bind_int(st, 1, org_id);
        db_bind_int(st, 2, process);
        db_bind_int(st, 3, process);
        db_bind_int(st, 4, LEAD_TIME_SAMPLE);
        int64_t cur = 0;
        int r;
        while ((r = db_step(st, e)) == DB_ROW) {
            int64_t id = db_col_int(st, 0), at = clock_parse_iso_utc(db_col_text(st, 1));
            if (id != cur) { fold_case(a); cur = id; }
            case_event ev;
            case_state from, to;
            if (at < 0 || case_event_from_key(db_col_text(st, 2), &ev) != 0 ||
                case_state_from_key(db_col_text(st, 3), &from) != 0 || case_state_from_key(db_col_text(st, 4), &to) != 0 ||
                a->n_ev == EVENTS_PER_CASE_MAX)
                continue;
            a->ev[a->n_ev++] = (case_clock_event){at, ev, from, to};
        }
        if (r == DB_ERROR) rc = e->code;
        else fold_case(a);
        db_stmt_done(st);
    }
    if (rc == DL_OK) {
        for (int s = 0; s < CASE_STATE__MAX; s++) stat_of(a->v[s], a->n[s], &steps[s]);
        stat_of(a->v[CASE_STATE__MAX], a->n[CASE_STATE__MAX], delivery);
    }
    if (a)
        for (int s = 0; s <= CASE_STATE__MAX; s++) free(a->v[s]);
    free(a);
    return rc;
}
