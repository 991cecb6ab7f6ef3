/* followup.c — see followup.h: the follow-up figures of a period, read in
 * one read snapshot (the obstacles' part in its own, by
 * obstacle_summary_load). Prepared statements only; the SQL is the same on
 * SQLite and PostgreSQL. */
#include "store/followup.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "store/case_targets.h"

#include <stdlib.h>
#include <string.h>

#define ORGS_MAX 256 /* organisations whose targets are held; more: their steps have no target */

int64_t followup_percentile(const int64_t *v, int64_t n, int percent)
{
    if (n <= 0) return -1;
    int64_t k = (percent * n + 99) / 100; /* ceil(percent/100 · n), in integers */
    if (k < 1) k = 1;
    if (k > n) k = n;
    return v[k - 1];
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Working days counted once: cum[i] is the number of working days from
 * CUM_BASE up to and including CUM_BASE + i, so the working days d with
 * da < d <= db are cum[db] - cum[da] — what deadline_days_between counts,
 * without walking the calendar for every step. Outside the table it is asked. */
#define CUM_DAYS 36525 /* 2000-01-01 .. 2099-12-31 */
typedef struct day_table {
    int64_t base;
    int32_t *cum;
} day_table;

static int day_table_init(day_table *t)
{
    t->base = cal_to_days((cal_date){2000, 1, 1});
    t->cum = malloc(sizeof *t->cum * CUM_DAYS);
    if (!t->cum) return -1;
    int32_t n = 0;
    for (int i = 0; i < CUM_DAYS; i++) {
        if (cal_is_working_day(cal_from_days(t->base + i))) n++;
        t->cum[i] = n;
    }
    return 0;
}

static int64_t days_between(const day_table *t, int64_t a, int64_t b, due_unit unit)
{
    if (b <= a) return 0;
    int64_t from = cal_to_days(deadline_local_date(a)) - t->base, to = cal_to_days(deadline_local_date(b)) - t->base;
    if (unit == DUE_CALENDAR_DAYS) return to > from ? to - from : 0;
    if (from < 0 || to >= CUM_DAYS) return deadline_days_between(a, b, unit);
    return to > from ? t->cum[to] - t->cum[from] : 0;
}

typedef struct org_targets {
    int64_t org;
    case_target t[CASE_TARGETS];
} org_targets;

typedef struct grow {
    int64_t *v;
    int64_t n, cap;
} grow;

static int grow_push(grow *g, int64_t x)
{
    if (g->n == g->cap) {
        int64_t cap = g->cap ? g->cap * 2 : 256;
        int64_t *v = realloc(g->v, sizeof *v * (size_t)cap);
        if (!v) return -1;
        g->v = v;
        g->cap = cap;
    }
    g->v[g->n++] = x;
    return 0;
}

static const case_target *targets_of(const org_targets *orgs, int n, int64_t org)
{
    for (int i = 0; i < n; i++)
        if (orgs[i].org == org) return orgs[i].t;
    return NULL;
}

static dl_err load_targets(db *d, const obstacle_period *p, org_targets *orgs, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT org_id FROM cases WHERE created_at >= ? AND created_at < ? ORDER BY 1", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        if (*n < ORGS_MAX) orgs[(*n)++].org = db_col_int(s, 0);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    for (int i = 0; i < *n; i++) {
        dl_err rc = case_targets_get(d, orgs[i].org, orgs[i].t, e);
        if (rc != DL_OK) return rc;
    }
    return DL_OK;
}

static dl_err counts(db *d, const obstacle_period *p, followup_summary *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT state, process, decision_outcome, COUNT(*) FROM cases"
                               " WHERE created_at >= ? AND created_at < ? GROUP BY state, process, decision_outcome", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t n = db_col_int(s, 3), proc = db_col_int(s, 1);
        const char *outcome = db_col_text(s, 2);
        case_state cs;
        out->cases += n;
        if (case_state_from_key(db_col_text(s, 0), &cs) == 0) out->by_state[cs] += n;
        out->by_process[proc == 1 || proc == 2 ? proc : 0] += n;
        if (strcmp(outcome, "approved") == 0) out->approved += n;
        else if (strcmp(outcome, "approved_in_part") == 0) out->approved_in_part += n;
        else if (strcmp(outcome, "refused") == 0) out->refused += n;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* The steps: every event of the period's cases in order, a stint ending at
 * each event that leaves a state the case was seen to enter. */
static dl_err steps(db *d, const obstacle_period *p, const org_targets *orgs, int n_orgs, followup_summary *out,
                    dl_error *e)
{
    grow g[CASE_STATE__MAX];
    memset(g, 0, sizeof g);
    for (int i = 0; i < CASE_STATE__MAX; i++) out->steps[i] = (followup_step){0, -1, -1, 0, 0, 0, 0};
    int seen_target[CASE_STATE__MAX] = {0};
    day_table days_of;
    if (day_table_init(&days_of) != 0) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT e.case_id, c.org_id, e.at, e.event, e.from_state, e.to_state FROM case_event e"
                               " JOIN cases c ON c.id = e.case_id WHERE c.created_at >= ? AND c.created_at < ?"
                               " ORDER BY e.case_id, e.id", e);
    if (!s) { free(days_of.cum); return e->code; }
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int64_t cur_case = 0, entered = 0;
    int cur_state = -1;
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t id = db_col_int(s, 0), org = db_col_int(s, 1), at = clock_parse_iso_utc(db_col_text(s, 2));
        case_state from, to;
        if (strcmp(db_col_text(s, 3), "recommend_refusal") == 0) out->samrad_refusals++;
        if (case_state_from_key(db_col_text(s, 4), &from) != 0 || case_state_from_key(db_col_text(s, 5), &to) != 0)
            continue;
        if (id != cur_case) { cur_case = id; cur_state = -1; }
        if (from == to) continue; /* an answer or a registered document: the step goes on */
        if (cur_state == (int)from && case_target_applies(from) && at >= entered) {
            const case_target *t = targets_of(orgs, n_orgs, org);
            due_unit unit = t ? t[from].unit : case_target_default(from).unit;
            int64_t days = days_between(&days_of, entered, at, unit);
            followup_step *fs = &out->steps[from];
            if (grow_push(&g[from], days) != 0) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            fs->n++;
            if (t && t[from].days > 0) {
                fs->with_target++;
                if (days <= t[from].days) fs->within_target++;
                if (!seen_target[from]) {
                    seen_target[from] = 1;
                    fs->target_days = t[from].days;
                    fs->target_calendar = t[from].unit == DUE_CALENDAR_DAYS;
                } else if (fs->target_days != t[from].days ||
                           fs->target_calendar != (t[from].unit == DUE_CALENDAR_DAYS))
                    fs->target_days = -1;
            }
        }
        cur_state = (int)to;
        entered = at;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        if (rc == DL_OK && g[i].n > 0) {
            qsort(g[i].v, (size_t)g[i].n, sizeof *g[i].v, cmp_i64);
            out->steps[i].median = followup_percentile(g[i].v, g[i].n, 50);
            out->steps[i].p90 = followup_percentile(g[i].v, g[i].n, 90);
        }
        free(g[i].v);
    }
    free(days_of.cum);
    return rc;
}

static dl_err refusals(db *d, arena *a, const obstacle_period *p, followup_summary *out, dl_error *e)
{
    out->refusals = arena_alloc(a, sizeof *out->refusals * FOLLOWUP_REFUSALS_MAX);
    if (!out->refusals) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT diary_number, closed_at, decision_conditions FROM cases"
                               " WHERE created_at >= ? AND created_at < ? AND decision_outcome = 'refused'"
                               " ORDER BY closed_at, id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    db_bind_int(s, 3, FOLLOWUP_REFUSALS_MAX + 1);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        if (out->n_refusals == FOLLOWUP_REFUSALS_MAX) { out->refusals_cut = 1; break; }
        followup_refusal *r = &out->refusals[out->n_refusals++];
        r->diary_number = arena_strdup(a, db_col_text(s, 0));
        r->decided_at = arena_strdup(a, db_col_text(s, 1));
        r->text = arena_strdup(a, db_col_text(s, 2));
        if (!r->diary_number || !r->decided_at || !r->text) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

static dl_err units(db *d, arena *a, const obstacle_period *p, followup_summary *out, dl_error *e)
{
    out->units = arena_alloc(a, sizeof *out->units * FOLLOWUP_UNITS_MAX);
    if (!out->units) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(
        d, "SELECT n.name, SUM(CASE WHEN u.answer = 'accept' THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN u.answer = 'refuse' THEN 1 ELSE 0 END), SUM(CASE WHEN u.answer = 'pending' THEN 1 ELSE 0 END)"
           " FROM case_unit u JOIN cases c ON c.id = u.case_id JOIN org_node n ON n.id = u.node_id"
           " WHERE c.created_at >= ? AND c.created_at < ? AND c.process = 2"
           " GROUP BY n.id, n.name ORDER BY 3 DESC, n.name, n.id",
        e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        followup_unit u = {NULL, db_col_int(s, 1), db_col_int(s, 2), db_col_int(s, 3)};
        out->unit_accept += u.accept;
        out->unit_refuse += u.refuse;
        out->unit_pending += u.pending;
        if (out->n_units == FOLLOWUP_UNITS_MAX) { out->units_cut = 1; continue; }
        u.name = arena_strdup(a, db_col_text(s, 0));
        if (!u.name) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        out->units[out->n_units++] = u;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

static dl_err misses(db *d, arena *a, followup_summary *out, dl_error *e)
{
    out->misses = arena_alloc(a, sizeof *out->misses * FOLLOWUP_MISSES_MAX);
    if (!out->misses) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT query, count, last_at FROM guide_search_miss ORDER BY count DESC, query", e);
    if (!s) return e->code;
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t n = db_col_int(s, 1);
        out->misses_total += n;
        if (out->n_misses == FOLLOWUP_MISSES_MAX) continue;
        followup_miss *m = &out->misses[out->n_misses];
        m->query = arena_strdup(a, db_col_text(s, 0));
        m->last_at = arena_strdup(a, db_col_text(s, 2));
        m->n = n;
        if (!m->query || !m->last_at) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        out->n_misses++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err followup_summary_load(db *d, arena *a, const obstacle_period *p, int64_t now, followup_summary *out,
                             dl_error *e)
{
    memset(out, 0, sizeof *out);
    out->period = *p;
    org_targets *orgs = arena_alloc(a, sizeof *orgs * ORGS_MAX);
    if (!orgs) return dl_fail(e, DL_ENOMEM, "out of memory");
    int n_orgs = 0;
    dl_err rc = db_begin_read(d, e);
    if (rc != DL_OK) return rc;
    rc = load_targets(d, p, orgs, &n_orgs, e);
    if (rc == DL_OK) rc = counts(d, p, out, e);
    if (rc == DL_OK) rc = steps(d, p, orgs, n_orgs, out, e);
    if (rc == DL_OK) rc = refusals(d, a, p, out, e);
    if (rc == DL_OK) rc = units(d, a, p, out, e);
    if (rc == DL_OK) rc = misses(d, a, out, e);
    if (rc == DL_OK) rc = followup_usage_load(d, a, p, &out->views, &out->survey, e);
    if (rc == DL_OK) rc = followup_questions_load(d, a, p, now, &out->questions, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) rc = obstacle_summary_load(d, a, p, now, &out->obstacles, e);
    return rc;
}
