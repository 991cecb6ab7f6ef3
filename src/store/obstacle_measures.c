/* obstacle_measures.c — see obstacle_measures.h: measures, their links to
 * obstacles and their timeline. */
#include "store/obstacle_measures.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/plain_text.h"
#include "core/utf8.h"
#include "store/audit.h"

static const char *or_empty(const char *s) { return s ? s : ""; }



static dl_err check_fields(const measure_fields *in, dl_error *e)
{
    if (text_blank(in->title)) return dl_fail(e, DL_EINVAL, "Skriv en rubrik för åtgärden.");
    if (!text_fits(in->title, MEASURE_TITLE_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Rubriken får vara högst 200 tecken på en rad, utan styrtecken.");
    if (!text_fits(in->description, MEASURE_DESCRIPTION_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Beskrivningen får vara högst 4000 tecken, utan styrtecken.");
    if (!text_fits(in->responsible_body, MEASURE_BODY_MAX, 0))
        return dl_fail(e, DL_EINVAL, "Ansvarig aktör får vara högst 500 tecken på en rad, utan styrtecken.");
    if (in->outcome < 0 || in->outcome >= MEASURE_OUTCOME__MAX)
        return dl_fail(e, DL_EINVAL, "Välj typ av utfall: lagändring, vägledning, ändrad praxis eller annat.");
    if (!measure_date_ok(in->start_date))
        return dl_fail(e, DL_EINVAL, "Startdagen är inget giltigt datum. Skriv den som ÅÅÅÅ-MM-DD.");
    if (!measure_date_ok(in->due_date))
        return dl_fail(e, DL_EINVAL, "Slutdagen är inget giltigt datum. Skriv den som ÅÅÅÅ-MM-DD.");
    if (in->start_date && *in->start_date && in->due_date && *in->due_date && strcmp(in->due_date, in->start_date) < 0)
        return dl_fail(e, DL_EINVAL, "Slutdagen ligger före startdagen. Rätta någon av dem.");
    return DL_OK;
}

static const authz_object national = {.node_path = NULL, .owner_user_id = 0, .state = -1};

static dl_err check_analyst(const obstacle_actor *who, dl_error *e)
{
    if (!who || !authz_may(who->subject, ACT_OBSTACLE_TRIAGE, &national))
        return dl_fail(e, DL_EDENIED, "Bara en hinderanalytiker kan göra detta.");
    return DL_OK;
}

static const audit_actor *audit_of(const obstacle_actor *who) { return who ? &who->audit : NULL; }

static dl_err audit(db *d, const obstacle_actor *who, const char *what, int64_t id, const char *detail, dl_error *e)
{
    char idt[24], action[48];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    snprintf(action, sizeof action, "measure.%s", what);
    return audit_append(d, audit_of(who), action, "obstacle_measure", idt, NULL, NULL, detail, e);
}

static dl_err insert_step(db *d, int64_t id, const char *at, const obstacle_actor *who, const char *event,
                          measure_status from, measure_status to, int progress, const char *note, int is_public,
                          dl_error *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO obstacle_measure_step(measure_id, at, actor_id, event, from_status,"
                               " to_status, progress, note, is_public) VALUES (?,?,?,?,?,?,?,?,?)", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, at);
    if (who && who->audit.user_id > 0) db_bind_int(s, 3, who->audit.user_id);
    else db_bind_null(s, 3);
    db_bind_text(s, 4, event);
    db_bind_text(s, 5, measure_status_keys[from]);
    db_bind_text(s, 6, measure_status_keys[to]);
    db_bind_int(s, 7, progress);
    db_bind_text(s, 8, or_empty(note));
    db_bind_int(s, 9, is_public ? 1 : 0);
    dl_err rc = db_step(s, e) == DB_DONE ? DL_OK : e->code;
    db_stmt_done(s);
    return rc;
}

/* The obstacle may be linked: it exists and is not merged into another. */
static dl_err check_obstacle(db *d, int64_t obstacle_id, dl_error *e)
{
    char ref[24];
    obstacle_reference(obstacle_id, ref);
    int64_t merged = 0;
    dl_err rc = obstacle_id > 0 ? db_query_int(d, "SELECT COALESCE(merged_into, 0) FROM obstacle WHERE id = ?", &merged,
                                               e, "i", obstacle_id)
                                : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_EINVAL, "Det finns inget hinder %s. Kontrollera referensen.", ref);
    if (rc != DL_OK) return rc;
    if (merged > 0) {
        char into[24];
        obstacle_reference(merged, into);
        return dl_fail(e, DL_EINVAL, "Hindret %s är sammanfört med %s. Koppla åtgärden till %s.", ref, into, into);
    }
    return DL_OK;
}

static dl_err insert_link(db *d, int64_t id, int64_t obstacle_id, const char *at, dl_error *e)
{
    int64_t there = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle_measure_link WHERE measure_id = ? AND obstacle_id = ?",
                             &there, e, "ii", id, obstacle_id);
    if (rc != DL_OK) return rc;
    if (there) {
        char ref[24];
        obstacle_reference(obstacle_id, ref);
        return dl_fail(e, DL_ECONFLICT, "Åtgärden är redan kopplad till %s.", ref);
    }
    return db_run(d, "INSERT INTO obstacle_measure_link(measure_id, obstacle_id, linked_at) VALUES (?,?,?)", e, "iit",
                  id, obstacle_id, at);
}

static dl_err create_in_tx(db *d, const obstacle_actor *who, const measure_fields *in, const int64_t *obstacles,
                           int n, const char *at, int64_t *id_out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO obstacle_measure(title, description, outcome_type, responsible_body,"
                               " status, progress, start_date, due_date, created_at, created_by, updated_at)"
                               " VALUES (?,?,?,?,?,0,?,?,?,?,?) RETURNING id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, in->title);
    db_bind_text(s, 2, or_empty(in->description));
    db_bind_text(s, 3, measure_outcome_keys[in->outcome]);
    db_bind_text(s, 4, or_empty(in->responsible_body));
    db_bind_text(s, 5, measure_status_keys[MEASURE_PLANNED]);
    db_bind_text(s, 6, or_empty(in->start_date));
    db_bind_text(s, 7, or_empty(in->due_date));
    db_bind_text(s, 8, at);
    if (who->audit.user_id > 0) db_bind_int(s, 9, who->audit.user_id);
    else db_bind_null(s, 9);
    db_bind_text(s, 10, at);
    int st = db_step(s, e);
    int64_t id = st == DB_ROW ? db_col_int(s, 0) : 0;
    db_stmt_done(s);
    if (st != DB_ROW) return st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "measure_create: no id");
    dl_err rc = insert_step(d, id, at, who, "create", MEASURE_PLANNED, MEASURE_PLANNED, 0, "", 1, e);
    for (int i = 0; rc == DL_OK && i < n; i++) {
        rc = check_obstacle(d, obstacles[i], e);
        if (rc == DL_OK) rc = insert_link(d, id, obstacles[i], at, e);
    }
    char detail[64];
    snprintf(detail, sizeof detail, "%s obstacles=%d", measure_outcome_keys[in->outcome], n);
    if (rc == DL_OK) rc = audit(d, who, "create", id, detail, e);
    if (rc == DL_OK) *id_out = id;
    return rc;
}

dl_err measure_create(db *d, const obstacle_actor *who, const measure_fields *in, const int64_t *obstacle_ids,
                      int n_obstacles, int64_t now, int64_t *id_out, dl_error *e)
{
    *id_out = 0;
    dl_err rc = check_analyst(who, e);
    if (rc == DL_OK) rc = check_fields(in, e);
    if (rc == DL_OK && (n_obstacles < 0 || n_obstacles > MEASURE_LINKS_MAX))
        rc = dl_fail(e, DL_EINVAL, "En åtgärd kan kopplas till högst 50 hinder på en gång.");
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = create_in_tx(d, who, in, obstacle_ids, n_obstacles, at, id_out, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else { db_rollback(d); *id_out = 0; }
    return rc;
}

/* The measure's status and progress, read in the transaction. */
static dl_err read_status(db *d, int64_t id, measure_status *status, int *progress, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT status, progress FROM obstacle_measure WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        if (measure_status_from_key(db_col_text(s, 0), status) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "measure %" PRId64 " has an unknown status", id);
        *progress = (int)db_col_int(s, 1);
    } else {
        rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Åtgärden finns inte.") : e->code;
    }
    db_stmt_done(s);
    return rc;
}

static dl_err check_step(const measure_rule *row, const measure_step_input *in, dl_error *e)
{
    if (!text_fits(in->note, MEASURE_NOTE_MAX, 1))
        return dl_fail(e, DL_EINVAL, "Anteckningen får vara högst 2000 tecken, utan styrtecken.");
    if (text_blank(in->note)) {
        if (row->event == ME_EDIT) return dl_fail(e, DL_EINVAL, "Skriv skälet till ändringen.");
        return dl_fail(e, DL_EINVAL, "Skriv en anteckning om vad som har hänt. Den visas offentligt.");
    }
    if ((row->inputs & MI_PROGRESS) && (in->progress < 0 || in->progress > MEASURE_PROGRESS_MAX))
        return dl_fail(e, DL_EINVAL, "Ange hur långt åtgärden har kommit, ett heltal från 0 till 100 procent.");
    if (row->inputs & MI_EDIT) return check_fields(&in->edit, e);
    return DL_OK;
}

static dl_err update_measure(db *d, int64_t id, const measure_rule *row, const measure_step_input *in, int progress,
                             const char *at, dl_error *e)
{
    if (row->inputs & MI_EDIT) {
        const measure_fields *f = &in->edit;
        return db_run(d, "UPDATE obstacle_measure SET title = ?, description = ?, outcome_type = ?,"
                         " responsible_body = ?, start_date = ?, due_date = ?, updated_at = ? WHERE id = ?",
                      e, "ttttttti", f->title, or_empty(f->description),
                      measure_outcome_keys[f->outcome], or_empty(f->responsible_body), or_empty(f->start_date),
                      or_empty(f->due_date), at, id);
    }
    return db_run(d, "UPDATE obstacle_measure SET status = ?, progress = ?, updated_at = ? WHERE id = ? AND status = ?",
                  e, "titit", measure_status_keys[row->to], (int64_t)progress, at, id, measure_status_keys[row->from]);
}

static dl_err step_in_tx(db *d, const obstacle_actor *who, int64_t id, measure_event ev, const measure_step_input *in,
                         const char *at, dl_error *e)
{
    measure_status status;
    int progress = 0;
    dl_err rc = read_status(d, id, &status, &progress, e);
    if (rc != DL_OK) return rc;
    const measure_rule *row = NULL;
    const char *why = NULL;
    flow_refusal refused = measure_may(who ? who->subject : NULL, status, ev, &row, &why);
    if (refused != FLOW_OK) return flow_refusal_error(refused, why, e);
    rc = check_step(row, in, e);
    if (rc != DL_OK) return rc;
    int before = progress;
    if (row->inputs & MI_PROGRESS) progress = in->progress;
    if (row->inputs & MI_COMPLETE) progress = MEASURE_PROGRESS_MAX;
    rc = update_measure(d, id, row, in, progress, at, e);
    if (rc == DL_OK)
        rc = insert_step(d, id, at, who, measure_event_key(ev), row->from, row->to, progress, in->note, row->is_public,
                         e);
    char detail[96];
    snprintf(detail, sizeof detail, "%s->%s progress=%d->%d", measure_status_keys[row->from],
             measure_status_keys[row->to], before, progress);
    if (rc == DL_OK) rc = audit(d, who, measure_event_key(ev), id, detail, e);
    return rc;
}

dl_err measure_step(db *d, const obstacle_actor *who, int64_t id, measure_event ev, const measure_step_input *in,
                    int64_t now, dl_error *e)
{
    static const measure_step_input none = {.progress = -1, .edit = {.outcome = -1}};
    if (!in) in = &none;
    char at[32];
    clock_iso_utc(now, at);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = step_in_tx(d, who, id, ev, in, at, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

static dl_err link_in_tx(db *d, const obstacle_actor *who, int64_t id, int64_t obstacle_id, int linking,
                         const char *at, dl_error *e)
{
    measure_status status;
    int progress;
    dl_err rc = read_status(d, id, &status, &progress, e);
    if (rc != DL_OK) return rc;
    char detail[48];
    snprintf(detail, sizeof detail, "obstacle=%" PRId64, obstacle_id);
    if (linking) {
        rc = check_obstacle(d, obstacle_id, e);
        if (rc == DL_OK) rc = insert_link(d, id, obstacle_id, at, e);
    } else {
        int64_t there = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle_measure_link WHERE measure_id = ? AND obstacle_id = ?",
                          &there, e, "ii", id, obstacle_id);
        if (rc == DL_OK && !there) {
            char ref[24];
            obstacle_reference(obstacle_id, ref);
            rc = dl_fail(e, DL_ECONFLICT, "Åtgärden är inte kopplad till %s.", ref);
        }
        if (rc == DL_OK)
            rc = db_run(d, "DELETE FROM obstacle_measure_link WHERE measure_id = ? AND obstacle_id = ?", e, "ii", id,
                        obstacle_id);
    }
    if (rc == DL_OK) rc = db_run(d, "UPDATE obstacle_measure SET updated_at = ? WHERE id = ?", e, "ti", at, id);
    if (rc == DL_OK) rc = audit(d, who, linking ? "link" : "unlink", id, detail, e);
    return rc;
}

static dl_err link_change(db *d, const obstacle_actor *who, int64_t id, int64_t obstacle_id, int linking, int64_t now,
                          dl_error *e)
{
    dl_err rc = check_analyst(who, e);
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = link_in_tx(d, who, id, obstacle_id, linking, at, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err measure_link(db *d, const obstacle_actor *who, int64_t id, int64_t obstacle_id, int64_t now, dl_error *e)
{
    return link_change(d, who, id, obstacle_id, 1, now, e);
}

dl_err measure_unlink(db *d, const obstacle_actor *who, int64_t id, int64_t obstacle_id, int64_t now, dl_error *e)
{
    return link_change(d, who, id, obstacle_id, 0, now, e);
}

/* ---- reading ------------------------------------------------------------------ */

#define MEASURE_COLUMNS                                                                                           \
    "m.id, m.title, m.description, m.responsible_body, m.start_date, m.due_date, m.created_at, m.updated_at,"   \
    " m.outcome_type, m.status, m.progress"

static dl_err read_measure(db_stmt *s, arena *a, measure *m, dl_error *e)
{
    m->id = db_col_int(s, 0);
    const char **texts[] = {&m->title, &m->description, &m->responsible_body, &m->start_date,
                            &m->due_date, &m->created_at, &m->updated_at};
    for (int i = 0; i < 7; i++)
        if (!(*texts[i] = arena_strdup(a, db_col_text(s, 1 + i)))) return dl_fail(e, DL_ENOMEM, "out of memory");
    if (measure_outcome_from_key(db_col_text(s, 8), &m->outcome) != 0) m->outcome = MO_OTHER;
    if (measure_status_from_key(db_col_text(s, 9), &m->status) != 0)
        return dl_fail(e, DL_EINTERNAL, "measure %" PRId64 " has an unknown status", m->id);
    m->progress = (int)db_col_int(s, 10);
    return DL_OK;
}

dl_err measure_by_id(db *d, arena *a, int64_t id, measure *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " MEASURE_COLUMNS " FROM obstacle_measure m WHERE m.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = st == DB_ROW ? read_measure(s, a, out, e)
                : st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Åtgärden finns inte.") : e->code;
    db_stmt_done(s);
    return rc;
}

dl_err measure_list(db *d, arena *a, const measure_filter *f, measure *out, int max, int *n, dl_error *e)
{
    *n = 0;
    int status = f ? f->status : -1, outcome = f ? f->outcome : -1;
    int64_t obstacle_id = f ? f->obstacle_id : 0;
    if (status >= MEASURE_STATUS__MAX || outcome >= MEASURE_OUTCOME__MAX)
        return dl_fail(e, DL_EINVAL, "Okänd status eller typ av utfall.");
    db_stmt *s = db_prepare(d, "SELECT " MEASURE_COLUMNS " FROM obstacle_measure m"
                               " WHERE (? = '' OR m.status = ?) AND (? = '' OR m.outcome_type = ?)"
                               " AND (? = 0 OR m.id IN (SELECT l.measure_id FROM obstacle_measure_link l"
                               " WHERE l.obstacle_id = ?)) ORDER BY m.id DESC LIMIT ?", e);
    if (!s) return e->code;
    const char *sk = status >= 0 ? measure_status_keys[status] : "";
    const char *ok = outcome >= 0 ? measure_outcome_keys[outcome] : "";
    db_bind_text(s, 1, sk);
    db_bind_text(s, 2, sk);
    db_bind_text(s, 3, ok);
    db_bind_text(s, 4, ok);
    db_bind_int(s, 5, obstacle_id);
    db_bind_int(s, 6, obstacle_id);
    db_bind_int(s, 7, max);
    dl_err rc = DL_OK;
    int st = DB_DONE;
    while (rc == DL_OK && *n < max && (st = db_step(s, e)) == DB_ROW) {
        rc = read_measure(s, a, &out[*n], e);
        if (rc == DL_OK) (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err measure_obstacles(db *d, int64_t id, int64_t *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT obstacle_id FROM obstacle_measure_link WHERE measure_id = ?"
                               " ORDER BY obstacle_id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, max);
    int st = DB_DONE;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) out[(*n)++] = db_col_int(s, 0);
    dl_err rc = *n < max && st == DB_ERROR ? e->code : DL_OK;
    db_stmt_done(s);
    return rc;
}

dl_err measure_history(db *d, arena *a, int64_t id, int public_only, measure_step_rec *out, int max, int *n,
                       dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT st.id, st.at, COALESCE(u.username, ''), st.event, st.from_status,"
                               " st.to_status, st.progress, st.note, st.is_public"
                               " FROM obstacle_measure_step st LEFT JOIN users u ON u.id = st.actor_id"
                               " WHERE st.measure_id = ? AND (? = 0 OR st.is_public = 1)"
                               " ORDER BY st.at, st.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, public_only ? 1 : 0);
    db_bind_int(s, 3, max);
    dl_err rc = DL_OK;
    int st = DB_DONE;
    while (rc == DL_OK && *n < max && (st = db_step(s, e)) == DB_ROW) {
        measure_step_rec *r = &out[*n];
        r->id = db_col_int(s, 0);
        r->at = arena_strdup(a, db_col_text(s, 1));
        r->actor = arena_strdup(a, db_col_text(s, 2));
        measure_event ev;
        r->event = measure_event_from_key(db_col_text(s, 3), &ev) == 0 ? (int)ev : -1;
        r->progress = (int)db_col_int(s, 6);
        r->note = arena_strdup(a, db_col_text(s, 7));
        r->is_public = (int)db_col_int(s, 8);
        if (measure_status_from_key(db_col_text(s, 4), &r->from) != 0 ||
            measure_status_from_key(db_col_text(s, 5), &r->to) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "a measure step with an unknown status");
        else if (!r->at || !r->actor || !r->note) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else (*n)++;
    }
    if (rc == DL_OK && *n < max && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}
