/* sessions.c — SQL for sessions (see sessions.h). */
#include "store/sessions.h"
#include "crypto/token.h"

#include <string.h>

dl_err session_create(db *d, int64_t user_id, int64_t now, char token_out[65], dl_error *e)
{
    char hash[65];
    token_random_hex(token_out);
    sha256_hex(token_out, 64, hash);
    return db_run(d, "INSERT INTO sessions(id_hash, user_id, created_at, last_seen_at) VALUES (?,?,?,?)",
                  e, "tiii", hash, user_id, now, now);
}

dl_err session_lookup(db *d, const char *token, int64_t now, const session_limits *lim,
                      int64_t *user_id, dl_error *e)
{
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_EAUTH, "no valid session");
    char hash[65];
    sha256_hex(token, 64, hash);
    db_stmt *s = db_prepare(d, "SELECT s.user_id, s.created_at, s.last_seen_at, u.disabled FROM sessions s"
                               " JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    if (st != DB_ROW) {
        db_stmt_done(s);
        return st == DB_DONE ? dl_fail(e, DL_EAUTH, "no valid session") : e->code;
    }
    int64_t uid = db_col_int(s, 0), created = db_col_int(s, 1), seen = db_col_int(s, 2);
    int disabled = (int)db_col_int(s, 3);
    db_stmt_done(s);
    if (disabled || now - seen > lim->idle_seconds || now - created > lim->absolute_seconds) {
        session_delete(d, token, NULL);
        return dl_fail(e, DL_EAUTH, "the session has expired");
    }
    /* last_seen_at is written at most every `step` seconds (a write per
     * request would cost), so idleness is measured to within that step. */
    int64_t step = lim->idle_seconds / 10 < 60 ? lim->idle_seconds / 10 : 60;
    if (now - seen >= step) {
        dl_err rc = db_run(d, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", e, "it", now, hash);
        if (rc != DL_OK) return rc;
    }
    *user_id = uid;
    return DL_OK;
}

dl_err session_delete(db *d, const char *token, dl_error *e)
{
    if (!token || !hex_is_token(token)) return DL_OK;
    char hash[65];
    sha256_hex(token, 64, hash);
    return db_run(d, "DELETE FROM sessions WHERE id_hash = ?", e, "t", hash);
}

dl_err session_delete_user(db *d, int64_t user_id, const char *keep_token, dl_error *e)
{
    char hash[65] = "";
    if (keep_token && hex_is_token(keep_token)) sha256_hex(keep_token, 64, hash);
    return db_run(d, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", e, "it", user_id, hash);
}

dl_err session_purge(db *d, int64_t now, const session_limits *lim, int64_t *removed, dl_error *e)
{
    int64_t before = 0, after = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM sessions", &before, e, "");
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?", e, "ii",
                    now - lim->idle_seconds, now - lim->absolute_seconds);
    if (rc == DL_OK) rc = db_query_int(d, "SELECT COUNT(*) FROM sessions", &after, e, "");
    if (rc == DL_OK && removed) *removed = before - after;
    return rc;
}
