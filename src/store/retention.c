/* retention.c — see retention.h. The due day is computed here in C
 * (core/retention.h) from the day the case was closed in Europe/Stockholm,
 * so both backends agree on it to the day. */
#include "store/retention.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err retention_rules(db *d, arena *a, retention_rule_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT target, kind, keep_years, basis, updated_at FROM retention_rule"
                               " ORDER BY target, kind LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        retention_rule_rec *r = &out[*n];
        if (retention_target_from_key(db_col_text(s, 0), &r->target) != 0) continue;
        r->kind = dup(a, db_col_text(s, 1));
        r->keep_years = (long)db_col_int(s, 2);
        r->basis = dup(a, db_col_text(s, 3));
        r->updated_at = dup(a, db_col_text(s, 4));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err retention_rule_set(db *d, retention_target target, const char *kind, long keep_years, const char *basis,
                          const audit_actor *who, dl_error *e)
{
    const char *msg = NULL;
    const char *tkey = retention_target_key(target);
    if (!tkey) return dl_fail(e, DL_EINVAL, "Ange vad regeln gäller: document eller attachment.");
    if (retention_rule_check(kind, keep_years, basis, &msg) != 0) return dl_fail(e, DL_EINVAL, "%s", msg);
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (db_begin(d, e) != DL_OK) return e->code;
    dl_err rc = db_run(d, "DELETE FROM retention_rule WHERE target = ? AND kind = ?", e, "tt", tkey, kind);
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO retention_rule(target, kind, keep_years, basis, updated_at) VALUES (?, ?, ?, ?, ?)",
                    e, "ttitt", tkey, kind, (int64_t)keep_years, basis, now);
    if (rc == DL_OK) {
        char id[80], detail[64];
        snprintf(id, sizeof id, "%s/%s", tkey, kind);
        if (keep_years == RETENTION_KEEP) snprintf(detail, sizeof detail, "kept");
        else snprintf(detail, sizeof detail, "disposed of %ld years after the case closed", keep_years);
        rc = audit_append(d, who, "retention.rule_set", "retention_rule", id, NULL, NULL, detail, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

/* The candidates: every not yet disposed-of document and attachment of a
 * closed case under a rule that disposes of it, with the case's closing
 * time and the rule's years. */
#define CANDIDATES                                                                                          \
    "SELECT 'document', cd.id, cd.case_id, cd.kind, c.diary_number, c.closed_at, r.keep_years"              \
    " FROM case_document cd JOIN cases c ON c.id = cd.case_id"                                              \
    " JOIN retention_rule r ON r.target = 'document' AND r.kind = cd.kind"                                  \
    " WHERE c.closed_at <> '' AND cd.disposed_at = '' AND r.keep_years >= 0"                                \
    " UNION ALL"                                                                                            \
    " SELECT 'attachment', ca.id, ca.case_id, ca.kind, c.diary_number, c.closed_at, r.keep_years"           \
    " FROM case_attachment ca JOIN cases c ON c.id = ca.case_id"                                            \
    " JOIN retention_rule r ON r.target = 'attachment' AND r.kind = ca.kind"                                \
    " WHERE c.closed_at <> '' AND ca.disposed_at = '' AND r.keep_years >= 0"

/* The local day of a stored UTC time, into out[16]; 0, or -1 if malformed. */
static int local_day(const char *iso_utc, char out[16])
{
    int64_t t = clock_parse_iso_utc(iso_utc);
    if (t < 0) return -1;
    clock_local_date(t, out);
    return 0;
}

/* Calls f for each candidate due on as_of, in the store's order. */
typedef int (*due_fn)(void *ctx, const retention_due *x);
static dl_err each_due(db *d, arena *a, const char *as_of, due_fn f, void *ctx, dl_error *e)
{
    db_stmt *s = db_prepare(d, CANDIDATES " ORDER BY 6, 2, 1", e);
    if (!s) return e->code;
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        char closed[16], due[11];
        if (local_day(db_col_text(s, 5), closed) != 0) continue;
        if (retention_due_on(closed, (long)db_col_int(s, 6), due) != 0 || strcmp(due, as_of) > 0) continue;
        retention_due x = {.object_id = db_col_int(s, 1), .case_id = db_col_int(s, 2)};
        if (retention_target_from_key(db_col_text(s, 0), &x.target) != 0) continue;
        x.kind = dup(a, db_col_text(s, 3));
        x.case_number = dup(a, db_col_text(s, 4));
        x.closed_on = dup(a, closed);
        x.due_on = dup(a, due);
        if (f(ctx, &x) != 0) { st = DB_ERROR; break; }
    }
    db_stmt_done(s);
    return st == DB_ERROR ? (e->code != DL_OK ? e->code : dl_fail(e, DL_ENOMEM, "out of memory")) : DL_OK;
}

struct list_ctx {
    retention_due *out;
    int max, *n;
    int64_t *total;
};

static int list_one(void *vctx, const retention_due *x)
{
    struct list_ctx *c = vctx;
    if (*c->n < c->max) c->out[(*c->n)++] = *x;
    (*c->total)++;
    return 0;
}

dl_err retention_list_due(db *d, arena *a, const char *as_of, retention_due *out, int max, int *n, int64_t *total,
                          dl_error *e)
{
    *n = 0;
    *total = 0;
    struct list_ctx c = {out, max, n, total};
    if (db_begin_read(d, e) != DL_OK) return e->code;
    dl_err rc = each_due(d, a, as_of, list_one, &c, e);
    db_rollback(d);
    return rc;
}

/* --- runs ------------------------------------------------------------------ */

static dl_err unfinished_run(db *d, arena *a, int64_t *run_id, const char **as_of, dl_error *e)
{
    *run_id = 0;
    db_stmt *s = db_prepare(d, "SELECT id, as_of FROM retention_run WHERE finished_at = '' ORDER BY id LIMIT 1", e);
    if (!s) return e->code;
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *run_id = db_col_int(s, 0);
        *as_of = dup(a, db_col_text(s, 1));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

struct listing {
    db *d;
    int64_t run_id, n;
    dl_error *e;
};

static int list_into_run(void *vctx, const retention_due *x)
{
    struct listing *c = vctx;
    if (db_run(c->d, "INSERT INTO retention_item(run_id, target, object_id, case_id, kind, due_on) VALUES (?, ?, ?, ?, ?, ?)",
               c->e, "itiitt", c->run_id, retention_target_key(x->target), x->object_id, x->case_id, x->kind,
               x->due_on) != DL_OK)
        return -1;
    c->n++;
    return 0;
}

/* Lists what is due on as_of as a new run, in one transaction. */
static dl_err new_run(db *d, arena *a, const char *as_of, const audit_actor *who, int64_t *run_id, int64_t *listed,
                      dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (db_begin(d, e) != DL_OK) return e->code;
    dl_err rc = DL_OK;
    db_stmt *s = db_prepare(d, "INSERT INTO retention_run(as_of, started_at, started_by) VALUES (?, ?, ?) RETURNING id", e);
    if (!s) rc = e->code;
    else {
        db_bind_text(s, 1, as_of);
        db_bind_text(s, 2, now);
        db_bind_text(s, 3, who && who->name ? who->name : "system");
        if (db_step(s, e) == DB_ROW) *run_id = db_col_int(s, 0);
        else rc = e->code;
        db_stmt_done(s);
        if (rc == DL_ECONSTRAINT) /* retention_run_one_open: another process began a run meanwhile */
            rc = dl_fail(e, DL_ECONFLICT, "En annan gallringskörning pågår. Vänta tills den är klar, eller kör --apply igen "
                                          "för att slutföra den.");
    }
    struct listing c = {d, *run_id, 0, e};
    if (rc == DL_OK) rc = each_due(d, a, as_of, list_into_run, &c, e);
    if (rc == DL_OK) {
        char id[24], detail[96];
        snprintf(id, sizeof id, "%" PRId64, *run_id);
        snprintf(detail, sizeof detail, "%" PRId64 " documents listed as due on %s", c.n, as_of);
        rc = audit_append(d, who, "retention.run_list", "retention_run", id, NULL, NULL, detail, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    *listed = c.n;
    return rc;
}

typedef struct item {
    retention_target target;
    int64_t object_id, case_id;
    const char *kind, *due_on;
} item;

/* Is the object still due on as_of under today's rule? */
static dl_err still_due(db *d, const item *it, const char *as_of, int *due, dl_error *e)
{
    *due = 0;
    const char *sql = it->target == RETENTION_DOCUMENT
        ? "SELECT c.closed_at, r.keep_years, o.disposed_at FROM case_document o JOIN cases c ON c.id = o.case_id"
          " JOIN retention_rule r ON r.target = 'document' AND r.kind = o.kind WHERE o.id = ?"
        : "SELECT c.closed_at, r.keep_years, o.disposed_at FROM case_attachment o JOIN cases c ON c.id = o.case_id"
          " JOIN retention_rule r ON r.target = 'attachment' AND r.kind = o.kind WHERE o.id = ?";
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->code;
    db_bind_int(s, 1, it->object_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        char closed[16], day[11];
        *due = *db_col_text(s, 2) == '\0' && local_day(db_col_text(s, 0), closed) == 0 &&
               retention_due_on(closed, (long)db_col_int(s, 1), day) == 0 && strcmp(day, as_of) <= 0;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* Claims the item for outcome: 1 when this call changed it from waiting
 * (a second process taking up the same run gets 0 and leaves it). */
static dl_err claim(db *d, int64_t run_id, const item *it, const char *outcome, const char *now, int *claimed,
                    dl_error *e)
{
    *claimed = 0;
    db_stmt *s = db_prepare(d, "UPDATE retention_item SET outcome = ?, done_at = ? WHERE run_id = ? AND target = ?"
                               " AND object_id = ? AND outcome = '' RETURNING object_id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, outcome);
    db_bind_text(s, 2, now);
    db_bind_int(s, 3, run_id);
    db_bind_text(s, 4, retention_target_key(it->target));
    db_bind_int(s, 5, it->object_id);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) *claimed = 1;
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err dispose_object(db *d, const item *it, const char *now, dl_error *e)
{
    if (it->target == RETENTION_DOCUMENT) {
        dl_err rc = db_run(d, "UPDATE case_document SET body = '', disposed_at = ? WHERE id = ? AND disposed_at = ''", e,
                           "ti", now, it->object_id);
        if (rc == DL_OK)
            rc = db_run(d, "UPDATE case_recommendation SET assessment_scientific = '', assessment_feasibility = '',"
                           " assessment_ethics = '', conditions = '' WHERE document_id = ?", e, "i", it->object_id);
        return rc;
    }
    dl_err rc = db_run(d, "UPDATE case_attachment SET data_base64 = '', disposed_at = ? WHERE id = ? AND disposed_at = ''",
                       e, "ti", now, it->object_id);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM case_attachment_redaction WHERE attachment_id = ?", e, "i", it->object_id);
    return rc;
}

/* One item in its own transaction; *what 1 disposed, 2 kept, 0 left (another took it). */
static dl_err settle(db *d, int64_t run_id, const char *as_of, const item *it, const audit_actor *who, int *what,
                     dl_error *e)
{
    *what = 0;
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (db_begin(d, e) != DL_OK) return e->code;
    int due = 0, claimed = 0;
    dl_err rc = still_due(d, it, as_of, &due, e);
    if (rc == DL_OK) rc = claim(d, run_id, it, due ? "disposed" : "kept", now, &claimed, e);
    if (rc == DL_OK && claimed && due) rc = dispose_object(d, it, now, e);
    if (rc == DL_OK && claimed) {
        char id[24], detail[200];
        snprintf(id, sizeof id, "%" PRId64, it->object_id);
        snprintf(detail, sizeof detail, "%s of case %" PRId64 ", due %s, run %" PRId64 "%s", it->kind, it->case_id,
                 it->due_on, run_id, due ? "" : ": no longer due under the rule, kept");
        rc = audit_append(d, who, due ? "retention.dispose" : "retention.keep",
                          it->target == RETENTION_DOCUMENT ? "case_document" : "case_attachment", id, NULL, NULL, detail, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK && claimed) *what = due ? 1 : 2;
    return rc;
}

/* The run's waiting items, at most max (arena a). */
static dl_err waiting(db *d, arena *a, int64_t run_id, int64_t max, item **out, int64_t *n, dl_error *e)
{
    *n = 0;
    int64_t cap = max > 0 && max < 4096 ? max : 4096;
    *out = arena_alloc(a, sizeof **out * (size_t)cap);
    if (!*out) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT target, object_id, case_id, kind, due_on FROM retention_item"
                               " WHERE run_id = ? AND outcome = '' ORDER BY due_on, target, object_id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, run_id);
    db_bind_int(s, 2, cap);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < cap) {
        item *it = &(*out)[*n];
        if (retention_target_from_key(db_col_text(s, 0), &it->target) != 0) continue;
        it->object_id = db_col_int(s, 1);
        it->case_id = db_col_int(s, 2);
        it->kind = dup(a, db_col_text(s, 3));
        it->due_on = dup(a, db_col_text(s, 4));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err finish_if_done(db *d, int64_t run_id, const audit_actor *who, int *finished, dl_error *e)
{
    *finished = 0;
    int64_t left = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM retention_item WHERE run_id = ? AND outcome = ''", &left, e, "i",
                             run_id);
    if (rc != DL_OK || left) return rc;
    char now[32], id[24];
    clock_iso_utc(clock_now(), now);
    snprintf(id, sizeof id, "%" PRId64, run_id);
    if (db_begin(d, e) != DL_OK) return e->code;
    rc = db_run(d, "UPDATE retention_run SET finished_at = ? WHERE id = ? AND finished_at = ''", e, "ti", now, run_id);
    if (rc == DL_OK) rc = audit_append(d, who, "retention.run_finished", "retention_run", id, NULL, NULL, "finished", e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) *finished = 1;
    return rc;
}

dl_err retention_apply(db *d, arena *a, const char *as_of, int64_t max, const audit_actor *who,
                       retention_outcome *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    char today[16];
    clock_local_date(clock_now(), today);
    int64_t run_id = 0;
    const char *run_day = NULL;
    dl_err rc = unfinished_run(d, a, &run_id, &run_day, e);
    if (rc != DL_OK) return rc;
    if (run_id) {
        out->resumed = 1;
    } else {
        if (!as_of || strcmp(as_of, today) > 0)
            return dl_fail(e, DL_EINVAL, "Gallring görs inte i förväg: dagen får inte vara senare än i dag (%s).", today);
        run_day = as_of;
        int64_t listed_now = 0;
        rc = new_run(d, a, as_of, who, &run_id, &listed_now, e);
        if (rc != DL_OK) return rc;
    }
    out->run_id = run_id;
    out->as_of = run_day;
    rc = db_query_int(d, "SELECT COUNT(*) FROM retention_item WHERE run_id = ?", &out->listed, e, "i", run_id);
    while (rc == DL_OK && (max <= 0 || out->disposed + out->kept < max)) {
        item *items = NULL;
        int64_t n = 0;
        rc = waiting(d, a, run_id, max > 0 ? max - out->disposed - out->kept : 0, &items, &n, e);
        if (rc != DL_OK || n == 0) break;
        for (int64_t i = 0; rc == DL_OK && i < n; i++) {
            int what = 0;
            rc = settle(d, run_id, run_day, &items[i], who, &what, e);
            if (what == 1) out->disposed++;
            else if (what == 2) out->kept++;
        }
    }
    if (rc == DL_OK) rc = finish_if_done(d, run_id, who, &out->finished, e);
    return rc;
}
