/* case_step_length.c — the ended steps of release cases and their lengths,
 * and their counts per month (see case_step_length.h). The working days are counted from a table of
 * cumulative counts built once per process: cum[i] is the number of working
 * days from 2000-01-01 up to and including that day + i, so the working
 * days d with da < d <= db are cum[db] - cum[da] — what deadline_days_between
 * counts, without walking the calendar for every step. */
#include "store/case_step_length.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"

#define CUM_DAYS 36525 /* 2000-01-01 .. 2099-12-31 */

static int32_t cum[CUM_DAYS];
static int64_t cum_base;
static pthread_once_t cum_once = PTHREAD_ONCE_INIT;

static void cum_init(void)
{
    cum_base = cal_to_days((cal_date){2000, 1, 1});
    int32_t n = 0;
    for (int i = 0; i < CUM_DAYS; i++) {
        if (cal_is_working_day(cal_from_days(cum_base + i))) n++;
        cum[i] = n;
    }
}

int case_step_days(int64_t a, int64_t b, due_unit unit)
{
    if (b <= a) return 0;
    pthread_once(&cum_once, cum_init);
    int64_t from = cal_to_days(deadline_local_date(a)) - cum_base, to = cal_to_days(deadline_local_date(b)) - cum_base;
    if (unit == DUE_CALENDAR_DAYS) return to > from ? (int)(to - from) : 0;
    if (from < 0 || to >= CUM_DAYS) return deadline_days_between(a, b, unit);
    return to > from ? (int)(cum[to] - cum[from]) : 0;
}

int case_step_length_fold(const case_step_event *ev, int n, case_step_span *out, int max)
{
    int k = 0, last = -1; /* last: the previous row that changed the state */
    for (int i = 0; i < n; i++) {
        if (ev[i].from == ev[i].to) continue;
        if (last >= 0 && ev[last].to == ev[i].from && ev[i].at >= ev[last].at && k < max)
            out[k++] = (case_step_span){last, i, ev[i].from};
        last = i;
    }
    return k;
}

#define INSERT_STEP                                                                                          \
    "INSERT INTO case_step_length(case_id, org_id, case_created_at, state, entered_at, left_at, working_days," \
    " calendar_days) SELECT id, org_id, created_at, ?, ?, ?, ?, ? FROM cases WHERE id = ?"

#define ROLL_UP                                                                                              \
    "INSERT INTO case_step_month(month, org_id, state, working_days, calendar_days, n)"                       \
    " SELECT substr(case_created_at, 1, 7), org_id, state, working_days, calendar_days, COUNT(*)"             \
    " FROM case_step_length WHERE id > ? AND working_days >= 0"                                               \
    " GROUP BY substr(case_created_at, 1, 7), org_id, state, working_days, calendar_days"                      \
    " ON CONFLICT (month, org_id, state, working_days, calendar_days) DO UPDATE SET n = case_step_month.n + excluded.n"

dl_err case_step_length_last_id(db *d, int64_t *id, dl_error *e)
{
    return db_query_int(d, "SELECT COALESCE(MAX(id), 0) FROM case_step_length", id, e, "");
}

dl_err case_step_length_roll_up_after(db *d, int64_t after_id, dl_error *e)
{
    return db_run(d, ROLL_UP, e, "i", after_id);
}

#define UNIT_MONTH                                                                                          \
    "INSERT INTO case_unit_month(month, node_id, answer, n)"                                                 \
    " SELECT substr(c.created_at, 1, 7), u.node_id, u.answer, ? * COUNT(*) FROM case_unit u"                  \
    " JOIN cases c ON c.id = u.case_id WHERE c.process = 2 AND u.case_id %s ?"                                \
    " GROUP BY substr(c.created_at, 1, 7), u.node_id, u.answer"                                              \
    " ON CONFLICT (month, node_id, answer) DO UPDATE SET n = case_unit_month.n + excluded.n"

dl_err case_unit_month_adjust(db *d, int64_t case_id, int sign, dl_error *e)
{
    char sql[600];
    snprintf(sql, sizeof sql, UNIT_MONTH, "=");
    return db_run(d, sql, e, "ii", (int64_t)(sign < 0 ? -1 : 1), case_id);
}

dl_err case_unit_month_roll_up_after(db *d, int64_t after_case, dl_error *e)
{
    char sql[600];
    snprintf(sql, sizeof sql, UNIT_MONTH, ">");
    return db_run(d, sql, e, "ii", (int64_t)1, after_case);
}

static dl_err roll_up_all(db *d, dl_error *e)
{
    dl_err rc = db_exec(d, "DELETE FROM case_step_month", e);
    return rc == DL_OK ? case_step_length_roll_up_after(d, 0, e) : rc;
}

dl_err case_step_length_end_in_tx(db *d, int64_t case_id, case_state from, case_state to, const char *at_iso,
                                  dl_error *e)
{
    if (from == to) return DL_OK;
    db_stmt *s = db_prepare(d, "SELECT at, to_state FROM case_event WHERE case_id = ? AND from_state <> to_state"
                               " ORDER BY id DESC LIMIT 1", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    char entered[32] = "";
    int r = db_step(s, e), same = 0;
    if (r == DB_ROW) {
        snprintf(entered, sizeof entered, "%s", db_col_text(s, 0));
        same = strcmp(db_col_text(s, 1), case_state_key(from)) == 0;
        while (db_step(s, e) == DB_ROW) {}
    }
    db_stmt_done(s);
    if (r == DB_ERROR) return e->code;
    int64_t a = clock_parse_iso_utc(entered), b = clock_parse_iso_utc(at_iso);
    if (r != DB_ROW || !same || b < a) return DL_OK;
    int64_t wd = case_step_days(a, b, DUE_WORKING_DAYS), cd = case_step_days(a, b, DUE_CALENDAR_DAYS);
    dl_err rc = db_run(d, INSERT_STEP, e, "tttiii", case_state_key(from), entered, at_iso, wd, cd, case_id);
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO case_step_month(month, org_id, state, working_days, calendar_days, n)"
                       " SELECT substr(created_at, 1, 7), org_id, ?, ?, ?, 1 FROM cases WHERE id = ?"
                       " ON CONFLICT (month, org_id, state, working_days, calendar_days)"
                       " DO UPDATE SET n = case_step_month.n + 1",
                    e, "tiii", case_state_key(from), wd, cd, case_id);
    return rc;
}

typedef struct uncounted {
    int64_t id;
    int working, calendar;
} uncounted;

static dl_err count_days_in_tx(db *d, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT id, entered_at, left_at FROM case_step_length WHERE working_days < 0", e);
    if (!s) return e->code;
    uncounted *v = NULL;
    size_t n = 0, cap = 0;
    dl_err rc = DL_OK;
    int r;
    while ((r = db_step(s, e)) == DB_ROW) {
        if (n == cap) {
            size_t c = cap ? cap * 2 : 1024;
            uncounted *w = realloc(v, sizeof *w * c);
            if (!w) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            v = w;
            cap = c;
        }
        int64_t a = clock_parse_iso_utc(db_col_text(s, 1)), b = clock_parse_iso_utc(db_col_text(s, 2));
        v[n++] = (uncounted){db_col_int(s, 0), case_step_days(a, b, DUE_WORKING_DAYS),
                             case_step_days(a, b, DUE_CALENDAR_DAYS)};
    }
    if (rc == DL_OK && r == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    for (size_t i = 0; rc == DL_OK && i < n; i++)
        rc = db_run(d, "UPDATE case_step_length SET working_days = ?, calendar_days = ? WHERE id = ?", e, "iii",
                    (int64_t)v[i].working, (int64_t)v[i].calendar, v[i].id);
    free(v);
    if (rc == DL_OK && n) rc = roll_up_all(d, e);
    return rc;
}

dl_err case_step_length_count_days(db *d, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM case_step_length WHERE working_days < 0", &n, e, "");
    if (rc != DL_OK || n == 0) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = count_days_in_tx(d, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err case_step_length_rebuild(db *d, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = db_exec(d, "DELETE FROM case_step_length", e);
    /* The statement of migration 0054, which wrote the rows of the history before it. */
    if (rc == DL_OK)
        rc = db_exec(d,
                     "INSERT INTO case_step_length(case_id, org_id, case_created_at, state, entered_at, left_at,"
                     " working_days, calendar_days)"
                     " SELECT x.case_id, c.org_id, c.created_at, x.from_state, x.prev_at, x.at, -1, -1"
                     " FROM (SELECT case_id, id, at, from_state,"
                     " LAG(to_state) OVER (PARTITION BY case_id ORDER BY id) AS prev_to,"
                     " LAG(at) OVER (PARTITION BY case_id ORDER BY id) AS prev_at"
                     " FROM case_event WHERE from_state <> to_state) x"
                     " JOIN cases c ON c.id = x.case_id"
                     " WHERE x.prev_to = x.from_state AND x.at >= x.prev_at"
                     " ORDER BY x.case_id, x.id",
                     e);
    if (rc == DL_OK) rc = count_days_in_tx(d, e);
    if (rc == DL_OK) rc = roll_up_all(d, e);
    if (rc == DL_OK) rc = db_exec(d, "DELETE FROM case_unit_month", e);
    if (rc == DL_OK) rc = case_unit_month_roll_up_after(d, 0, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}
