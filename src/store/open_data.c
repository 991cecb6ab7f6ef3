/* open_data.c — the raw counts behind /oppna-data (see open_data.h): two
 * grouped queries over cases (counts by state, lead times of decided
 * cases), folded into one group per organisation × year × process, and one
 * over obstacles. The year is that of receipt (submitted_at; created_at
 * for a case registered on paper without it). */
#include "store/open_data.h"

#include <stdlib.h>
#include <string.h>

#include "core/case_flow.h"

const char *const open_outcome_keys[OUT__MAX] = {"under_way", "delivered", "refused", "withdrawn"};

#define YEAR_OF "CAST(substr(COALESCE(NULLIF(c.submitted_at, ''), c.created_at), 1, 4) AS BIGINT)"
#define GROUPS_MAX 100000

static open_outcome outcome_of(const char *state_key)
{
    case_state s;
    if (case_state_from_key(state_key, &s) != 0) return OUT_OPEN;
    switch (s) {
    case CASE_DELIVERED: return OUT_DELIVERED;
    case CASE_REFUSED: return OUT_REFUSED;
    case CASE_WITHDRAWN: return OUT_WITHDRAWN;
    default: return OUT_OPEN;
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int find_group(open_case_group *g, int n, int64_t org, int year, int process)
{
    for (int i = n - 1; i >= 0; i--) /* rows come grouped: the match is near the end */
        if (g[i].org_id == org && g[i].year == year && g[i].process == process) return i;
    return -1;
}

/* The median of the lead times of group g (seconds in v[0..n-1]). */
static void set_median(open_case_group *g, int64_t *v, int64_t n)
{
    g->n_decided = n;
    if (!n) return;
    qsort(v, (size_t)n, sizeof *v, cmp_i64);
    double m = n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
    g->median_days = m / 86400.0;
}

static dl_err add_lead_times(db *d, open_case_group *g, int n, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT c.org_id, " YEAR_OF ", c.process, c.clock_stopped_at - c.clock_started_at - c.clock_paused_total"
                               " FROM cases c WHERE c.clock_stopped_at > 0 AND c.clock_started_at > 0 AND c.state <> 'draft'"
                               " ORDER BY c.org_id, 2, c.process", e);
    if (!s) return e->code;
    size_t cap = 1024, len = 0;
    int64_t *v = malloc(cap * sizeof *v);
    int cur = -1, st = DB_DONE;
    dl_err rc = v ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        int i = find_group(g, n, db_col_int(s, 0), (int)db_col_int(s, 1), (int)db_col_int(s, 2));
        if (i != cur) {
            if (cur >= 0) set_median(&g[cur], v, (int64_t)len);
            cur = i;
            len = 0;
        }
        int64_t secs = db_col_int(s, 3);
        if (i < 0 || secs < 0) continue;
        if (len == cap) {
            int64_t *more = realloc(v, cap * 2 * sizeof *v);
            if (!more) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            v = more;
            cap *= 2;
        }
        v[len++] = secs;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    if (rc == DL_OK && cur >= 0) set_median(&g[cur], v, (int64_t)len);
    free(v);
    db_stmt_done(s);
    return rc;
}

dl_err open_case_groups(db *d, arena *a, open_case_group **out, int *n, dl_error *e)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT c.org_id, o.name, " YEAR_OF ", c.process, c.state, COUNT(*)"
                               " FROM cases c JOIN org_node o ON o.id = c.org_id WHERE c.state <> 'draft'"
                               " GROUP BY c.org_id, o.name, 3, c.process, c.state ORDER BY o.name, c.org_id, 3, c.process", e);
    if (!s) return e->code;
    int cap = 64, st = DB_DONE;
    open_case_group *g = arena_alloc(a, sizeof *g * (size_t)cap);
    dl_err rc = g ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        int64_t org = db_col_int(s, 0);
        int year = (int)db_col_int(s, 2), process = (int)db_col_int(s, 3);
        int i = *n ? find_group(g, *n, org, year, process) : -1;
        if (i < 0) {
            if (*n == GROUPS_MAX) { rc = dl_fail(e, DL_ELIMIT, "too many groups"); break; }
            if (*n == cap) {
                open_case_group *more = arena_alloc(a, sizeof *g * (size_t)cap * 2);
                if (!more) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
                memcpy(more, g, sizeof *g * (size_t)cap);
                g = more;
                cap *= 2;
            }
            i = (*n)++;
            g[i].org_id = org;
            g[i].org_name = arena_strdup(a, db_col_text(s, 1));
            g[i].year = year;
            g[i].process = process;
        }
        g[i].count[outcome_of(db_col_text(s, 4))] += db_col_int(s, 5);
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    if (rc == DL_OK) rc = add_lead_times(d, g, *n, e);
    if (rc == DL_OK && *n) *out = g;
    if (rc != DL_OK) *n = 0;
    return rc;
}

dl_err open_obstacle_counts(db *d, arena *a, open_obstacle_count **out, int *n, dl_error *e)
{
    *out = NULL;
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT category, CAST(substr(created_at, 1, 4) AS BIGINT), state, COUNT(*) FROM obstacle"
                               " GROUP BY category, 2, state ORDER BY category, 2, state", e);
    if (!s) return e->code;
    int cap = 64, st = DB_DONE;
    open_obstacle_count *r = arena_alloc(a, sizeof *r * (size_t)cap);
    dl_err rc = r ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    while (rc == DL_OK && (st = db_step(s, e)) == DB_ROW) {
        if (*n == GROUPS_MAX) { rc = dl_fail(e, DL_ELIMIT, "too many groups"); break; }
        if (*n == cap) {
            open_obstacle_count *more = arena_alloc(a, sizeof *r * (size_t)cap * 2);
            if (!more) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            memcpy(more, r, sizeof *r * (size_t)cap);
            r = more;
            cap *= 2;
        }
        open_obstacle_count *x = &r[(*n)++];
        x->category = arena_strdup(a, db_col_text(s, 0));
        x->year = (int)db_col_int(s, 1);
        x->state = arena_strdup(a, db_col_text(s, 2));
        x->count = db_col_int(s, 3);
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    if (rc == DL_OK && *n) *out = r;
    if (rc != DL_OK) *n = 0;
    return rc;
}
