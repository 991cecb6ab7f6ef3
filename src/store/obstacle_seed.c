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

static dl_err insert_rows(db *d, const obstacle_seed_row *rows, int n, dl_error *e)
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
        const obstacle_seed_row *o = &rows[r];
        const char *v[COLS] = {o->state,    o->created_at,  o->what_happened, o->data_concerned,
                               o->actors,   o->category,    o->actor_type,    o->law_id,
                               o->consequence, o->suggestion, o->public_text, o->published_at, o->token_hash};
        for (int c = 0; c < COLS; c++) db_bind_text(s, p++, v[c] ? v[c] : "");
    }
    int st = db_step(s, e);
    db_stmt_done(s);
    return st == DB_DONE ? DL_OK : st == DB_ERROR ? e->code : dl_fail(e, DL_EINTERNAL, "obstacle_seed: unexpected row");
}

dl_err obstacle_seed_batch(db *d, const obstacle_seed_row *rows, int n, dl_error *e)
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
