/* lead_predict.c — the lead time a request like this one can expect; see
 * lead_predict.h. */
#include "core/lead_predict.h"

#include <stdlib.h>
#include <string.h>

int lead_units_bucket(int units) { return units <= 0 ? 0 : units == 1 ? 1 : units <= 3 ? 2 : 3; }
int lead_kinds_bucket(int kinds) { return kinds <= 0 ? 0 : kinds <= 2 ? 1 : kinds <= 4 ? 2 : 3; }

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int64_t lead_quantile(const int64_t *sorted, int n, int per_mille)
{
    if (n <= 0) return 0;
    if (per_mille <= 0) return sorted[0];
    if (per_mille >= 1000) return sorted[n - 1];
    int64_t h = (int64_t)(n - 1) * per_mille; /* the position times 1000 */
    int64_t lo = h / 1000, frac = h % 1000;
    if (lo + 1 >= n) return sorted[n - 1];
    return sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac / 1000;
}

static int alike(const lead_features *c, const lead_features *q, lead_likeness level)
{
    if (q->process && c->process != q->process) return 0;
    if (level < LEAD_PROCESS_ONLY && q->estimate >= 0 && c->estimate != q->estimate) return 0;
    if (level < LEAD_NOT_UNITS && q->units && lead_units_bucket(c->units) != lead_units_bucket(q->units)) return 0;
    if (level < LEAD_NOT_DATA_KINDS && q->data_kinds &&
        lead_kinds_bucket(c->data_kinds) != lead_kinds_bucket(q->data_kinds))
        return 0;
    return 1;
}

/* The range of the values v[0..k-1] (sorted here); n 0 when too few. */
static lead_range range_of(int64_t *v, int k)
{
    lead_range r = {0, 0, 0, 0};
    if (k < LEAD_MIN_CASES) return r;
    qsort(v, (size_t)k, sizeof *v, cmp_i64);
    r.n = k;
    r.median = lead_quantile(v, k, 500);
    r.low = lead_quantile(v, k, 100);
    r.high = lead_quantile(v, k, 900);
    return r;
}

/* Which value of a case a range is of: a state's time, or one of the two wholes. */
enum { WHOLE_EHDS = CASE_STATE__MAX, WHOLE_DELIVERY = CASE_STATE__MAX + 1 };
static int64_t value_of(const lead_case *c, int which)
{
    return which == WHOLE_EHDS ? c->ehds : which == WHOLE_DELIVERY ? c->delivery : c->seconds[which];
}

void lead_predict(const lead_case *history, int n, const lead_features *q, int64_t *scratch, lead_prediction *out)
{
    memset(out, 0, sizeof *out);
    out->likeness = LEAD_TOO_FEW;
    lead_likeness level;
    for (level = LEAD_ALL_FEATURES; level <= LEAD_PROCESS_ONLY; level++) {
        int k = 0;
        for (int i = 0; i < n; i++) k += alike(&history[i].f, q, level);
        if (k >= LEAD_MIN_CASES) {
            out->likeness = level;
            out->n = k;
            break;
        }
    }
    if (out->likeness == LEAD_TOO_FEW) return;
    for (int which = 0; which <= WHOLE_DELIVERY; which++) {
        if (which < CASE_STATE__MAX && !case_state_is_open((case_state)which)) continue; /* no time in a closed state */
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!alike(&history[i].f, q, level)) continue;
            int64_t v = value_of(&history[i], which);
            if (v >= 0) scratch[k++] = v;
        }
        lead_range r = range_of(scratch, k);
        if (which == WHOLE_EHDS) out->ehds = r;
        else if (which == WHOLE_DELIVERY) out->delivery = r;
        else out->step[which] = r;
    }
}

void lead_check(const lead_case *history, const int64_t *ids, int n, int holdout_per_mille, uint32_t seed,
                lead_case *keep, int64_t *scratch, int *checked, int *inside)
{
    *checked = 0;
    *inside = 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if ((uint32_t)((uint64_t)ids[i] * 2654435761u + seed) % 1000 >= (uint32_t)holdout_per_mille) keep[k++] = history[i];
    for (int i = 0; i < n; i++) {
        if ((uint32_t)((uint64_t)ids[i] * 2654435761u + seed) % 1000 >= (uint32_t)holdout_per_mille) continue;
        if (history[i].delivery < 0) continue;
        lead_prediction p;
        lead_predict(keep, k, &history[i].f, scratch, &p);
        if (!p.delivery.n) continue;
        (*checked)++;
        if (history[i].delivery >= p.delivery.low && history[i].delivery <= p.delivery.high) (*inside)++;
    }
}
