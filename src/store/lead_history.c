/* lead_history.c — see lead_history.h. Two statements: the cases with
 * their features, then their transitions in case order. */
#include "store/lead_history.h"

#include <stdlib.h>
#include <string.h>

#include "core/case_clock.h"
#include "core/case_portal.h"

int lead_data_kinds(const char *variables)
{
    int n = 0, in_item = 0;
    for (const char *p = variables ? variables : ""; *p; p++) {
        if (*p == ',' || *p == ';' || *p == '\n' || *p == '\r') in_item = 0;
        else if (*p != ' ' && *p != '\t' && !in_item) { in_item = 1; n++; }
    }
    return n;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The index of case id among ids[0..n-1] (sorted), or -1. */
static int index_of(const int64_t *ids, int n, int64_t id)
{
    const int64_t *hit = bsearch(&id, ids, (size_t)n, sizeof *ids, by_id);
    return hit ? (int)(hit - ids) : -1;
}

/* Fills c's times from its events ev[0..m-1] (time order). */
static void times_of(lead_case *c, const case_clock_event *ev, int m)
{
    case_step_time t[CASE_STATE__MAX];
    case_step_times(ev, m, m ? ev[m - 1].at : 0, t);
    for (int s = 0; s < CASE_STATE__MAX; s++) c->seconds[s] = t[s].visits ? t[s].seconds : -1;
    case_lead l;
    case_lead_of(ev, m, &l);
    c->ehds = l.has_ehds ? l.ehds_seconds : -1;
    c->delivery = l.has_delivery ? l.delivery_seconds : -1;
}

#define DECIDED " c.org_id = ? AND c.state IN ('delivered', 'refused')"

static dl_err read_cases(db *d, int64_t org_id, lead_case *out, int64_t *ids, int *n, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT c.id, c.process, c.variables,"
                               " (SELECT COUNT(*) FROM case_unit u WHERE u.case_id = c.id),"
                               " (SELECT COUNT(*) FROM case_estimate x WHERE x.case_id = c.id)"
                               " FROM cases c WHERE" DECIDED " ORDER BY c.id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, LEAD_HISTORY_MAX);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < LEAD_HISTORY_MAX) {
        lead_case *c = &out[*n];
        ids[*n] = db_col_int(s, 0);
        int units = (int)db_col_int(s, 3);
        c->f = (lead_features){.process = (int)db_col_int(s, 1), .units = units > 0 ? units : 1,
                               .data_kinds = lead_data_kinds(db_col_text(s, 2)), .estimate = db_col_int(s, 4) > 0};
        for (int k = 0; k < CASE_STATE__MAX; k++) c->seconds[k] = -1;
        c->ehds = c->delivery = -1;
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* Reads the decided cases' transitions and fills each case's times. ids
 * sorted ascending, out in the same order. */
static dl_err read_times(db *d, int64_t org_id, lead_case *out, const int64_t *ids, int n, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT ev.case_id, ev.at, ev.event, ev.from_state, ev.to_state FROM case_event ev"
                               " JOIN cases c ON c.id = ev.case_id WHERE" DECIDED " ORDER BY ev.case_id, ev.id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    case_clock_event *ev = malloc(sizeof *ev * 256);
    int m = 0, cur = -1, st = DB_DONE;
    int64_t cur_id = 0;
    while (ev && (st = db_step(s, e)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        if (id != cur_id) {
            if (cur >= 0) times_of(&out[cur], ev, m);
            cur_id = id;
            cur = index_of(ids, n, id);
            m = 0;
        }
        case_clock_event x;
        x.at = case_time_utc(db_col_text(s, 1));
        if (cur < 0 || m >= 256 || x.at < 0 || case_event_from_key(db_col_text(s, 2), &x.event) != 0 ||
            case_state_from_key(db_col_text(s, 3), &x.from) != 0 || case_state_from_key(db_col_text(s, 4), &x.to) != 0)
            continue;
        ev[m++] = x;
    }
    if (st != DB_ERROR && cur >= 0) times_of(&out[cur], ev, m);
    db_stmt_done(s);
    free(ev);
    if (!ev) return dl_fail(e, DL_ENOMEM, "out of memory");
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err lead_history(db *d, int64_t org_id, lead_case **out, int64_t **ids, int *n, dl_error *e)
{
    *n = 0;
    *out = malloc(sizeof **out * LEAD_HISTORY_MAX);
    *ids = malloc(sizeof **ids * LEAD_HISTORY_MAX);
    if (!*out || !*ids) {
        free(*out);
        free(*ids);
        *out = NULL;
        *ids = NULL;
        return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    /* one snapshot for both statements */
    dl_err rc = db_begin_read(d, e);
    if (rc == DL_OK) rc = read_cases(d, org_id, *out, *ids, n, e);
    if (rc == DL_OK) {
        /* ascending ids (and the cases with them) for the lookup by id */
        for (int i = 0, j = *n - 1; i < j; i++, j--) {
            lead_case t = (*out)[i];
            (*out)[i] = (*out)[j];
            (*out)[j] = t;
            int64_t u = (*ids)[i];
            (*ids)[i] = (*ids)[j];
            (*ids)[j] = u;
        }
        rc = read_times(d, org_id, *out, *ids, *n, e);
    }
    db_rollback(d);
    return rc;
}
