/* holder_feeds.c — the list of other holders' feeds and their last good
 * copies; see holder_feeds.h. */
#include "store/holder_feeds.h"

#include <inttypes.h>
#include <stdio.h>

#include "core/clock.h"

dl_err holder_feed_add(db *d, const audit_actor *who, const char *url, int64_t *id_out, dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT COUNT(*), SUM(CASE WHEN url = ? THEN 1 ELSE 0 END) FROM holder_feed", e);
    if (!s) { db_rollback(d); return e->code; }
    db_bind_text(s, 1, url);
    int64_t n = 0, same = 0;
    if (db_step(s, e) == DB_ROW) { n = db_col_int(s, 0); same = db_col_int(s, 1); }
    else rc = e->code;
    db_stmt_done(s);
    if (rc == DL_OK && same) rc = dl_fail(e, DL_ECONFLICT, "the feed is listed already");
    if (rc == DL_OK && n >= HOLDER_FEEDS_MAX) rc = dl_fail(e, DL_ELIMIT, "at most 200 feeds can be listed");
    if (rc == DL_OK) {
        s = db_prepare(d, "INSERT INTO holder_feed (url, added_at) VALUES (?, ?) RETURNING id", e);
        if (!s) rc = e->code;
        else {
            db_bind_text(s, 1, url);
            db_bind_text(s, 2, now);
            if (db_step(s, e) == DB_ROW) *id_out = db_col_int(s, 0);
            else rc = e->code;
            db_stmt_done(s);
        }
    }
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, *id_out);
    if (rc == DL_OK) rc = audit_append(d, who, "holder_feed.add", "holder_feed", id, NULL, NULL, url, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err holder_feed_remove(db *d, const audit_actor *who, const char *url, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "DELETE FROM holder_feed WHERE url = ? RETURNING id", e);
    int64_t id = 0;
    if (!s) rc = e->code;
    else {
        db_bind_text(s, 1, url);
        int st = db_step(s, e);
        if (st == DB_ROW) id = db_col_int(s, 0);
        else if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    if (rc == DL_OK && !id) rc = dl_fail(e, DL_ENOTFOUND, "no such feed is listed");
    char ids[24];
    snprintf(ids, sizeof ids, "%" PRId64, id);
    if (rc == DL_OK) rc = audit_append(d, who, "holder_feed.remove", "holder_feed", ids, NULL, NULL, url, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err holder_feed_list(db *d, arena *a, int with_body, holder_feed_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, url, added_at, tried_at, fetched_at, last_error,"
                               " CASE WHEN ? = 1 THEN body ELSE '' END FROM holder_feed ORDER BY id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, with_body ? 1 : 0);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        holder_feed_rec *r = &out[(*n)++];
        r->id = db_col_int(s, 0);
        r->url = arena_strdup(a, db_col_text(s, 1));
        r->added_at = arena_strdup(a, db_col_text(s, 2));
        r->tried_at = arena_strdup(a, db_col_text(s, 3));
        r->fetched_at = arena_strdup(a, db_col_text(s, 4));
        r->last_error = arena_strdup(a, db_col_text(s, 5));
        r->body = arena_strdup(a, db_col_text(s, 6));
        if (!r->url || !r->body || !r->last_error || !r->fetched_at || !r->tried_at || !r->added_at) {
            db_stmt_done(s);
            return dl_fail(e, DL_ENOMEM, "out of memory");
        }
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err holder_feed_record(db *d, int64_t id, const char *at, const char *body, const char *error, dl_error *e)
{
    db_stmt *s = body ? db_prepare(d, "UPDATE holder_feed SET tried_at = ?, fetched_at = ?, last_error = '', body = ? WHERE id = ?", e)
                      : db_prepare(d, "UPDATE holder_feed SET tried_at = ?, last_error = ? WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, at);
    if (body) {
        db_bind_text(s, 2, at);
        db_bind_text(s, 3, body);
        db_bind_int(s, 4, id);
    } else {
        db_bind_text(s, 2, error ? error : "");
        db_bind_int(s, 3, id);
    }
    int st = db_step(s, e);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}
