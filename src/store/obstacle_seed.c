/* obstacle_seed.c — see obstacle_seed.h. Rows go in ROWS at a time with one
 * multi-row INSERT (the text is the same placeholders repeated, never a
 * value), the last few one by one, so only two statement texts are ever
 * prepared and cached. */
#include "store/obstacle_seed.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <string.h>

#define ROWS 50 /* rows per INSERT: 13 columns, 650 parameters */
#define COLS 13

static dl_err insert_rows(db *d, const obstacle_seed_rec *rows, int n, dl_error *e)
{
    strbuf sql;
    sb_init(&sql, 256 + (size_t)n * 40);
    sb_puts(&sql, "INSERT INTO obstacle(state, created_at, what_happened, data_concerned, actors, category,"
                  " actor_type, law_id, consequence, suggestion, public_text, published_at, follow_token_hash) VALUES ");
    for (int r = 0; r < n; r++) sb_puts(&sql, r ? ", (?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (sql.oom) { sb_free(&sql); return dl_fail(e, DL_ENOMEM, "out of memory"); }
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    int p = 1;
    for (int r = 0; r < n; r++) {
        const obstacle_seed_rec *o = &rows[r];
        const char *v[COLS] = {o->state,    o->created_at,  o->what_happened, o->data_concerned,
                               o->actors,   o->category,    o->actor_type,    o->law_id,
                               o->consequence, o->suggestion, o->public_text, o->published_at, o->token_hash};
        for (int c = 0; c < COLS; c++) db_bind_text(s, p++, v[c] ? v[c] : "");
    }
    int st = db_step(s, e);
    db_stmt_done(s);
    return st == DB_DONE ? DL_OK : st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "obstacle_seed: unexpected row");
}

dl_err obstacle_seed_batch(db *d, const obstacle_seed_rec *rows, int n, dl_error *e)
{
    if (n < 1 || n > OBSTACLE_SEED_BATCH) return dl_fail(e, DL_EINVAL, "obstacle_seed_batch: 1 to 1000 rows");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int done = 0;
    for (; rc == DL_OK && n - done >= ROWS; done += ROWS) rc = insert_rows(d, rows + done, ROWS, e);
    for (; rc == DL_OK && done < n; done++) rc = insert_rows(d, rows + done, 1, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_seed_audit(db *d, const audit_actor *who, int64_t count, dl_error *e)
{
    char detail[32];
    snprintf(detail, sizeof detail, "%lld", (long long)count);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = audit_append(d, who, "obstacle.seed", "obstacle", "", NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_seed_laws(db *d, arena *a, const char **out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id FROM guide_item WHERE type = 'law' ORDER BY id", e);
    if (!s) return e->code;
    int st;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        out[*n] = arena_strdup(a, db_col_text(s, 0));
        if (!out[*n]) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        (*n)++;
    }
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}

static dl_err seed_measure(db *d, const obstacle_seed_measure *m, dl_error *e)
{
    const char *updated = m->n_steps ? m->steps[m->n_steps - 1].at : m->created_at;
    db_stmt *s = db_prepare(d, "INSERT INTO obstacle_measure(title, description, outcome_type, responsible_body,"
                               " status, progress, start_date, due_date, created_at, updated_at)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id", e);
    if (!s) return e->code;
    const char *v[] = {m->title, m->description, m->outcome_type, m->responsible_body, m->status};
    for (int i = 0; i < 5; i++) db_bind_text(s, i + 1, v[i] ? v[i] : "");
    db_bind_int(s, 6, m->progress);
    db_bind_text(s, 7, m->start_date ? m->start_date : "");
    db_bind_text(s, 8, m->due_date ? m->due_date : "");
    db_bind_text(s, 9, m->created_at);
    db_bind_text(s, 10, updated);
    int st = db_step(s, e);
    int64_t id = st == DB_ROW ? db_col_int(s, 0) : 0;
    db_stmt_done(s);
    if (!id) return st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "obstacle_seed: no measure id");
    dl_err rc = DL_OK;
    for (int i = 0; rc == DL_OK && i < m->n_obstacles; i++)
        rc = db_run(d, "INSERT INTO obstacle_measure_link(measure_id, obstacle_id, linked_at) VALUES (?,?,?)", e, "iit",
                    id, m->obstacles[i], m->created_at);
    for (int i = 0; rc == DL_OK && i < m->n_steps; i++) {
        const obstacle_seed_measure_step *t = &m->steps[i];
        rc = db_run(d, "INSERT INTO obstacle_measure_step(measure_id, at, event, from_status, to_status, progress,"
                       " note, is_public) VALUES (?,?,?,?,?,?,?,1)", e, "ittttit", id, t->at,
                    t->event, t->from, t->to, (int64_t)t->progress, t->note ? t->note : "");
    }
    return rc;
}

dl_err obstacle_seed_measures(db *d, const audit_actor *who, const obstacle_seed_measure *rows, int n, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    for (int i = 0; rc == DL_OK && i < n; i++) rc = seed_measure(d, &rows[i], e);
    char detail[32];
    snprintf(detail, sizeof detail, "%d", n);
    if (rc == DL_OK) rc = audit_append(d, who, "measure.seed", "obstacle_measure", "", NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err obstacle_seed_published(db *d, arena *a, int64_t *ids, const char **created_at, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, created_at FROM obstacle WHERE published_at <> ''"
                               " ORDER BY id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st = DB_DONE;
    dl_err rc = DL_OK;
    while (*n < max && (st = db_step(s, e)) == DB_ROW) {
        ids[*n] = db_col_int(s, 0);
        created_at[*n] = arena_strdup(a, db_col_text(s, 1));
        if (!created_at[*n]) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
        (*n)++;
    }
    if (rc == DL_OK && *n < max && st == DB_ERROR) rc = e->code;
    db_stmt_done(s);
    return rc;
}
