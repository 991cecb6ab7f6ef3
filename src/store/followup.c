/* followup.c — see followup.h: the follow-up figures of a period, read in
 * one read snapshot (the obstacles' part in its own, by
 * obstacle_summary_load). The steps' lengths come from case_step_length
 * and its monthly counts case_step_month (store/case_step_length.h),
 * written as each step ended, so the time grows with the months and the
 * distinct lengths, not with the history's rows. Prepared statements only; the SQL is
 * the same on SQLite and PostgreSQL. */
#include "store/followup.h"
#include "core/calendar.h"
#include "store/case_targets.h"

#include <stdio.h>
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

typedef struct org_targets {
    int64_t org;
    case_target t[CASE_TARGETS];
} org_targets;

/* The lengths of one step: (days, how many) pairs, sorted by days before a percentile is read. */
typedef struct hist {
    int64_t (*v)[2];
    int64_t n, cap;
} hist;

static int hist_push(hist *h, int64_t days, int64_t count)
{
    if (h->n == h->cap) {
        int64_t cap = h->cap ? h->cap * 2 : 64;
        int64_t(*v)[2] = realloc(h->v, sizeof *v * (size_t)cap);
        if (!v) return -1;
        h->v = v;
        h->cap = cap;
    }
    h->v[h->n][0] = days;
    h->v[h->n][1] = count;
    h->n++;
    return 0;
}

static int cmp_days(const void *a, const void *b)
{
    int64_t x = ((const int64_t *)a)[0], y = ((const int64_t *)b)[0];
    return x < y ? -1 : x > y;
}

/* followup_percentile of the n values the sorted pairs of h stand for. */
static int64_t hist_percentile(const hist *h, int64_t n, int percent)
{
    if (n <= 0) return -1;
    int64_t k = (percent * n + 99) / 100, seen = 0;
    if (k < 1) k = 1;
    if (k > n) k = n;
    for (int64_t i = 0; i < h->n; i++)
        if ((seen += h->v[i][1]) >= k) return h->v[i][0];
    return h->v[h->n - 1][0];
}

static const case_target *targets_of(const org_targets *orgs, int n, int64_t org)
{
    for (int i = 0; i < n; i++)
        if (orgs[i].org == org) return orgs[i].t;
    return NULL;
}

static int cmp_org(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The period's cases counted by state, process and decision, and the
 * targets of their organisations (the first ORGS_MAX by id), in one read. */
static dl_err counts(db *d, const obstacle_period *p, followup_summary *out, org_targets *orgs, int *n_orgs,
                     dl_error *e)
{
    *n_orgs = 0;
    /* created_at || '': SQLite reads cases_counted in the GROUP BY's order and checks the period in
     * it, rather than the period's range of cases_created and a sort of every case. */
    db_stmt *s = db_prepare(d, "SELECT state, process, decision_outcome, org_id, COUNT(*) FROM cases"
                               " WHERE created_at || '' >= ? AND created_at || '' < ?"
                               " GROUP BY state, process, decision_outcome, org_id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, p->from);
    db_bind_text(s, 2, p->until);
    int64_t *ids = NULL;
    size_t n_ids = 0, cap = 0;
    dl_err rc = DL_OK;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t n = db_col_int(s, 4), proc = db_col_int(s, 1), org = db_col_int(s, 3);
        const char *outcome = db_col_text(s, 2);
        case_state cs;
        out->cases += n;
        if (case_state_from_key(db_col_text(s, 0), &cs) == 0) out->by_state[cs] += n;
        out->by_process[proc == 1 || proc == 2 ? proc : 0] += n;
        if (strcmp(outcome, "approved") == 0) out->approved += n;
        else if (strcmp(outcome, "approved_in_part") == 0) out->approved_in_part += n;
        else if (strcmp(outcome, "refused") == 0) out->refused += n;
        size_t i = 0;
        while (i < n_ids && ids[i] != org) i++;
        if (i < n_ids) continue;
        if (n_ids == cap) {
            size_t c = cap ? cap * 2 : 16;
            int64_t *v = realloc(ids, sizeof *v * c);
            if (!v) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            ids = v;
            cap = c;
        }
        ids[n_ids++] = org;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    if (rc == DL_OK && n_ids) qsort(ids, n_ids, sizeof *ids, cmp_org);
    for (size_t i = 0; rc == DL_OK && i < n_ids && *n_orgs < ORGS_MAX; i++) {
        orgs[*n_orgs].org = ids[i];
        rc = case_targets_get(d, ids[i], orgs[(*n_orgs)++].t, e);
    }
    free(ids);
    return rc;
}

/* What the steps' rows add up to while they are read. */
typedef struct step_acc {
    hist h[CASE_STATE__MAX];
    int seen_target[CASE_STATE__MAX];
    const org_targets *orgs;
    int n_orgs;
    followup_step *steps;
} step_acc;

/* Adds the rows of s: (org_id, state, working days, calendar days, how many). */
static dl_err add_rows(db_stmt *s, step_acc *acc, dl_error *e)
{
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t org = db_col_int(s, 0), n = db_col_int(s, 4);
        case_state from;
        if (case_state_from_key(db_col_text(s, 1), &from) != 0 || !case_target_applies(from)) continue;
        const case_target *t = targets_of(acc->orgs, acc->n_orgs, org);
        due_unit unit = t ? t[from].unit : case_target_default(from).unit;
        int64_t days = db_col_int(s, unit == DUE_CALENDAR_DAYS ? 3 : 2);
        followup_step *fs = &acc->steps[from];
        if (hist_push(&acc->h[from], days, n) != 0) return dl_fail(e, DL_ENOMEM, "out of memory");
        fs->n += n;
        if (t && t[from].days > 0) {
            fs->with_target += n;
            if (days <= t[from].days) fs->within_target += n;
            if (!acc->seen_target[from]) {
                acc->seen_target[from] = 1;
                fs->target_days = t[from].days;
                fs->target_calendar = t[from].unit == DUE_CALENDAR_DAYS;
            } else if (fs->target_days != t[from].days || fs->target_calendar != (t[from].unit == DUE_CALENDAR_DAYS))
                fs->target_days = -1;
        }
    }
    return st == DB_ERROR ? e->code : DL_OK;
}

/* The steps of the cases created on the days [from, until) (YYYY-MM-DD), from case_step_length. */
static dl_err add_days(db *d, const char *from, const char *until, step_acc *acc, dl_error *e)
{
    if (strcmp(from, until) >= 0) return DL_OK;
    db_stmt *s = db_prepare(d, "SELECT org_id, state, working_days, calendar_days, COUNT(*) FROM case_step_length"
                               " WHERE case_created_at >= ? AND case_created_at < ?"
                               " GROUP BY org_id, state, working_days, calendar_days", e);
    if (!s) return e->code;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, until);
    dl_err rc = add_rows(s, acc, e);
    db_stmt_done(s);
    return rc;
}

/* The first day of the month of date (YYYY-MM-DD), or of the next month when next. */
static void month_start(const char *date, int next, char out[16])
{
    int y = cal_digits(date, 4), m = cal_digits(date + 5, 2) + next;
    if (m > 12) { m = 1; y++; }
    snprintf(out, 16, "%04d-%02d-01", y % 10000, m % 100);
}

/* The whole months of a period, [first, last) as YYYY-MM-01, and the months' keys [m1, m2)
 * ("" "" when it has none: the days [from, until) are then all read from the rows). */
typedef struct period_months {
    char first[16], last[16], m1[8], m2[8];
    int whole;
} period_months;

static void months_of(const obstacle_period *p, period_months *pm)
{
    month_start(p->from, strcmp(p->from + 8, "01") != 0, pm->first);
    month_start(p->until, 0, pm->last);
    pm->whole = strcmp(pm->first, pm->last) < 0;
    snprintf(pm->m1, sizeof pm->m1, "%.7s", pm->whole ? pm->first : "");
    snprintf(pm->m2, sizeof pm->m2, "%.7s", pm->whole ? pm->last : "");
}

/* The steps: the period's ended steps (written as each ended), counted by
 * organisation, state and length: the whole months from case_step_month,
 * the days of a month the period covers in part from case_step_length;
 * each length taken as the organisation's current target counts. */
static dl_err steps(db *d, const obstacle_period *p, const org_targets *orgs, int n_orgs, followup_summary *out,
                    dl_error *e)
{
    step_acc acc;
    memset(&acc, 0, sizeof acc);
    acc.orgs = orgs;
    acc.n_orgs = n_orgs;
    acc.steps = out->steps;
    for (int i = 0; i < CASE_STATE__MAX; i++) out->steps[i] = (followup_step){0, -1, -1, 0, 0, 0, 0};
    char first[16], last[16]; /* the whole months: [first, last) */
    month_start(p->from, strcmp(p->from + 8, "01") != 0, first);
    month_start(p->until, 0, last);
    dl_err rc = DL_OK;
    if (strcmp(first, last) >= 0) {
        rc = add_days(d, p->from, p->until, &acc, e);
    } else {
        db_stmt *s = db_prepare(d, "SELECT org_id, state, working_days, calendar_days, SUM(n) FROM case_step_month"
                                   " WHERE month >= ? AND month < ? GROUP BY org_id, state, working_days, calendar_days",
                                e);
        if (!s) rc = e->code;
        else {
            char m1[8], m2[8];
            snprintf(m1, sizeof m1, "%.7s", first);
            snprintf(m2, sizeof m2, "%.7s", last);
            db_bind_text(s, 1, m1);
            db_bind_text(s, 2, m2);
            rc = add_rows(s, &acc, e);
            db_stmt_done(s);
        }
        if (rc == DL_OK) rc = add_days(d, p->from, first, &acc, e);
        if (rc == DL_OK) rc = add_days(d, last, p->until, &acc, e);
    }
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        if (rc == DL_OK && acc.h[i].n > 0) {
            qsort(acc.h[i].v, (size_t)acc.h[i].n, sizeof *acc.h[i].v, cmp_days);
            out->steps[i].median = hist_percentile(&acc.h[i], out->steps[i].n, 50);
            out->steps[i].p90 = hist_percentile(&acc.h[i], out->steps[i].n, 90);
        }
        free(acc.h[i].v);
    }
    if (rc != DL_OK) return rc;
    /* The samråd's recommended refusals of the period's cases (index case_event_decision). */
    return db_query_int(d, "SELECT COUNT(*) FROM case_event e JOIN cases c ON c.id = e.case_id"
                           " WHERE e.event = 'recommend_refusal' AND c.created_at >= ? AND c.created_at < ?",
                        &out->samrad_refusals, e, "tt", p->from, p->until);
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

/* The units' answers: the whole months from case_unit_month, the days of a
 * month the period covers in part from case_unit (Process 2 cases), added
 * up per unit before the units' names are joined. */
static dl_err units(db *d, arena *a, const obstacle_period *p, followup_summary *out, dl_error *e)
{
    out->units = arena_alloc(a, sizeof *out->units * FOLLOWUP_UNITS_MAX);
    if (!out->units) return dl_fail(e, DL_ENOMEM, "out of memory");
    period_months pm;
    months_of(p, &pm);
    db_stmt *s = db_prepare(
        d, "SELECT n.name, x.a, x.r, x.p FROM (SELECT node_id, SUM(a) AS a, SUM(r) AS r, SUM(p) AS p FROM ("
           "SELECT node_id, SUM(CASE WHEN answer = 'accept' THEN n ELSE 0 END) AS a,"
           " SUM(CASE WHEN answer = 'refuse' THEN n ELSE 0 END) AS r,"
           " SUM(CASE WHEN answer = 'pending' THEN n ELSE 0 END) AS p"
           " FROM case_unit_month WHERE month >= ? AND month < ? GROUP BY node_id"
           " UNION ALL SELECT u.node_id, SUM(CASE WHEN u.answer = 'accept' THEN 1 ELSE 0 END),"
           " SUM(CASE WHEN u.answer = 'refuse' THEN 1 ELSE 0 END), SUM(CASE WHEN u.answer = 'pending' THEN 1 ELSE 0 END)"
           " FROM case_unit u JOIN cases c ON c.id = u.case_id WHERE c.process = 2"
           " AND ((c.created_at >= ? AND c.created_at < ?) OR (c.created_at >= ? AND c.created_at < ?))"
           " GROUP BY u.node_id) y GROUP BY node_id) x"
           " JOIN org_node n ON n.id = x.node_id ORDER BY x.r DESC, n.name, n.id",
        e);
    if (!s) return e->code;
    db_bind_text(s, 1, pm.m1);
    db_bind_text(s, 2, pm.m2);
    db_bind_text(s, 3, p->from);
    db_bind_text(s, 4, pm.whole ? pm.first : p->until);
    db_bind_text(s, 5, pm.whole ? pm.last : "");
    db_bind_text(s, 6, pm.whole ? p->until : "");
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
    rc = counts(d, p, out, orgs, &n_orgs, e);
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
