/* case_due.c — when a case's current step falls due (see case_due.h). The
 * queue's filter reads every candidate case's step start in one statement
 * (a correlated MAX over case_event's (case_id, id) index), computes the
 * due day in C (working days are not SQL) and pages what matches. */
#include "store/case_due.h"

#include <string.h>

#include "core/clock.h"
#include "core/strbuf.h"
#include "store/case_targets.h"

/* The organisations' targets met so far (a queue holds few organisations). */
#define ORG_CACHE 16
typedef struct target_cache {
    int n;
    int64_t org[ORG_CACHE];
    case_target t[ORG_CACHE][CASE_TARGETS];
} target_cache;

static dl_err targets_of(db *d, target_cache *tc, int64_t org_id, const case_target **out, dl_error *e)
{
    for (int i = 0; i < tc->n; i++)
        if (tc->org[i] == org_id) { *out = tc->t[i]; return DL_OK; }
    int slot = tc->n < ORG_CACHE ? tc->n++ : ORG_CACHE - 1;
    tc->org[slot] = org_id;
    *out = tc->t[slot];
    return case_targets_get(d, org_id, tc->t[slot], e);
}

static void compute(case_state s, int64_t since, const case_target *t, int64_t now, case_due *out)
{
    *out = (case_due){0};
    if (!case_target_applies(s) || t[s].days <= 0) return;
    out->has_target = 1;
    out->waiting = case_state_is_waiting_for_applicant(s);
    out->since = since;
    out->days = t[s].days;
    out->unit = t[s].unit;
    out->due = deadline_due_date(since, t[s].days, t[s].unit, NULL, 0, now);
    out->status = deadline_status(out->due, now);
}

/* When the step in state began: the newest history row into it, else when the case last changed. */
#define STEP_START_SQL                                                                                   \
    "(SELECT MAX(e.at) FROM case_event e WHERE e.case_id = c.id AND e.to_state = c.state"                \
    " AND e.from_state <> e.to_state)"

static int64_t start_of(const char *event_at, const char *updated_at)
{
    int64_t t = event_at && *event_at ? clock_parse_iso_utc(event_at) : -1;
    if (t < 0 && updated_at && *updated_at) t = clock_parse_iso_utc(updated_at);
    return t < 0 ? 0 : t;
}

dl_err case_due_of(db *d, const case_rec *c, int64_t now, case_due *out, dl_error *e)
{
    *out = (case_due){0};
    if (!case_target_applies(c->state)) return DL_OK;
    db_stmt *s = db_prepare(d, "SELECT " STEP_START_SQL " FROM cases c WHERE c.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, c->id);
    char at[32] = "";
    int r = db_step(s, e);
    if (r == DB_ROW) strncpy(at, db_col_text(s, 0), sizeof at - 1);
    db_stmt_done(s);
    if (r == DB_ERROR) return e->code;
    target_cache tc = {0};
    const case_target *t;
    dl_err rc = targets_of(d, &tc, c->org_id, &t, e);
    if (rc == DL_OK) compute(c->state, start_of(at, c->updated_at), t, now, out);
    return rc;
}

const char *case_due_key(const case_due *due)
{
    if (!due->has_target) return "";
    if (due->waiting) return "waiting";
    return due_status_key(due->status);
}

static int matches(const case_due *x, int want)
{
    if (!x->has_target || x->waiting) return 0;
    return want == CASE_DUE_OVERDUE ? x->status == DUE_OVERDUE : x->status == DUE_THIS_WEEK;
}

dl_err case_list_due(db *d, arena *a, const case_filter *f, case_rec *out, int *n, int64_t *total, dl_error *e)
{
    *n = 0;
    if (total) *total = 0;
    int by_path = f->org_path && *f->org_path;
    strbuf sql;
    sb_init(&sql, 512);
    sb_puts(&sql, "SELECT c.id, c.org_id, c.state, c.updated_at, " STEP_START_SQL " FROM cases c");
    if (by_path) sb_puts(&sql, " JOIN org_node o ON o.id = c.org_id LEFT JOIN org_node t ON t.id = c.target_node_id");
    sb_puts(&sql, " WHERE c.state NOT IN ('draft', 'delivered', 'refused', 'withdrawn')");
    if (f->owner_user_id) sb_puts(&sql, " AND c.owner_user_id = ?");
    if (f->org_id) sb_puts(&sql, " AND c.org_id = ?");
    if (by_path) sb_puts(&sql, " AND substr(COALESCE(t.path, o.path), 1, length(?)) = ?");
    if (f->state >= 0) sb_puts(&sql, " AND c.state = ?");
    sb_puts(&sql, " ORDER BY c.id DESC");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    if (f->owner_user_id) db_bind_int(s, p++, f->owner_user_id);
    if (f->org_id) db_bind_int(s, p++, f->org_id);
    if (by_path) { db_bind_text(s, p++, f->org_path); db_bind_text(s, p++, f->org_path); }
    if (f->state >= 0) db_bind_text(s, p++, case_state_key((case_state)f->state));
    /* The ids of the page, collected first: the statement is done before case_get. */
    int64_t *ids = f->limit > 0 ? arena_alloc(a, sizeof *ids * (size_t)f->limit) : NULL;
    int n_ids = 0;
    int64_t matched = 0, now = clock_now();
    target_cache *tc = arena_alloc(a, sizeof *tc);
    dl_err rc = tc || f->limit <= 0 ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    if (tc) tc->n = 0;
    int r = DB_DONE;
    while (rc == DL_OK && tc && (r = db_step(s, e)) == DB_ROW) {
        case_state st;
        if (case_state_from_key(db_col_text(s, 2), &st) != 0) continue;
        const case_target *t;
        if ((rc = targets_of(d, tc, db_col_int(s, 1), &t, e)) != DL_OK) break;
        case_due x;
        compute(st, start_of(db_col_text(s, 4), db_col_text(s, 3)), t, now, &x);
        if (!matches(&x, f->due)) continue;
        if (matched >= f->offset && n_ids < f->limit && ids) ids[n_ids++] = db_col_int(s, 0);
        matched++;
    }
    if (rc == DL_OK && r == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    for (int i = 0; rc == DL_OK && i < n_ids; i++) {
        rc = case_get(d, a, ids[i], &out[*n], e);
        if (rc == DL_ENOTFOUND) { rc = DL_OK; continue; } /* gone meanwhile */
        if (rc == DL_OK) (*n)++;
    }
    if (total) *total = matched;
    return rc;
}
