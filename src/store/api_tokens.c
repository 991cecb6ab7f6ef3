/* api_tokens.c — SQL for API tokens (see api_tokens.h). */
#include "store/api_tokens.h"
#include "store/users.h"
#include "core/clock.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static dl_err finish(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* The node's existence, in the transaction. */
static dl_err node_exists(db *d, int64_t node_id, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM org_node WHERE id = ?", &n, e, "i", node_id);
    if (rc == DL_OK && n == 0) rc = dl_fail(e, DL_EINVAL, "Enheten finns inte.");
    return rc;
}

dl_err api_token_create(db *d, const audit_actor *who, const char *name, dl_role role, int64_t node_id,
                        int64_t expires_at, char token_out[API_TOKEN_SIZE], int64_t *id, dl_error *e)
{
    const char *bad = api_token_check_name(name);
    if (bad) return dl_fail(e, DL_EINVAL, "%s", bad);
    if (!role_key(role)) return dl_fail(e, DL_EINVAL, "Okänd roll.");
    if (!node_id && role_needs_unit(role))
        return dl_fail(e, DL_EINVAL, "Rollen gäller en organisations egen process och måste ges vid en enhet, inte för hela installationen.");
    char token[API_TOKEN_SIZE], hash[TOKEN_HEX_SIZE], now[32], username[40], display[API_TOKEN_NAME_MAX + 40];
    api_token_new(token);
    api_token_hash(token, hash);
    clock_iso_utc(clock_now(), now);
    /* A unique name until the token's id is known; then "api-token-ID". */
    snprintf(username, sizeof username, "api-token-new-%.16s", hash);
    snprintf(display, sizeof display, "API-nyckel: %s", name);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t uid = 0, tid = 0;
    if (node_id) rc = node_exists(d, node_id, e);
    if (rc == DL_OK) rc = user_insert(d, username, display, "", "!", &uid, e);
    if (rc == DL_OK) rc = user_set_disabled(d, uid, 1, e);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "INSERT INTO api_token(name, token_hash, user_id, role, node_id, created_by,"
                                   " created_at, expires_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id", e);
        if (!s) rc = e->code ? e->code : DL_EDB;
        else {
            db_bind_text(s, 1, name);
            db_bind_text(s, 2, hash);
            db_bind_int(s, 3, uid);
            db_bind_text(s, 4, role_key(role));
            if (node_id) db_bind_int(s, 5, node_id); else db_bind_null(s, 5);
            if (who && who->user_id > 0) db_bind_int(s, 6, who->user_id); else db_bind_null(s, 6);
            db_bind_text(s, 7, now);
            db_bind_int(s, 8, expires_at);
            int st = db_step(s, e);
            if (st == DB_ROW) {
                tid = db_col_int(s, 0);
                while (db_step(s, e) == DB_ROW) {}
            } else rc = e->code ? e->code : DL_EDB;
            db_stmt_done(s);
        }
    }
    char idt[24], detail[API_TOKEN_NAME_MAX + 64];
    snprintf(idt, sizeof idt, "%" PRId64, tid);
    snprintf(username, sizeof username, "api-token-%" PRId64, tid);
    if (rc == DL_OK) rc = db_run(d, "UPDATE users SET username = ? WHERE id = ?", e, "ti", username, uid);
    snprintf(detail, sizeof detail, "%s@%" PRId64 " until %" PRId64 ": %s", role_key(role), node_id, expires_at, name);
    if (rc == DL_OK) rc = audit_append(d, who, "api_token.create", "api_token", idt, NULL, NULL, detail, e);
    rc = finish(d, rc, e);
    if (rc == DL_OK) {
        memcpy(token_out, token, API_TOKEN_SIZE);
        if (id) *id = tid;
    }
    return rc;
}

dl_err api_token_revoke(db *d, const audit_actor *who, int64_t id, dl_error *e)
{
    char now[32], idt[24];
    clock_iso_utc(clock_now(), now);
    snprintf(idt, sizeof idt, "%" PRId64, id);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at = ''"
                               " RETURNING id", e);
    int changed = 0;
    if (!s) rc = e->code ? e->code : DL_EDB;
    else {
        db_bind_text(s, 1, now);
        if (who && who->user_id > 0) db_bind_int(s, 2, who->user_id); else db_bind_null(s, 2);
        db_bind_int(s, 3, id);
        int st;
        while ((st = db_step(s, e)) == DB_ROW) changed = 1;
        if (st == DB_ERROR) rc = e->code ? e->code : DL_EDB;
        db_stmt_done(s);
    }
    if (rc == DL_OK && !changed) {
        int64_t n = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM api_token WHERE id = ?", &n, e, "i", id);
        if (rc == DL_OK)
            rc = n ? dl_fail(e, DL_ECONFLICT, "API-nyckeln är redan återkallad.")
                   : dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan API-nyckel.");
    }
    if (rc == DL_OK) rc = audit_append(d, who, "api_token.revoke", "api_token", idt, NULL, NULL, "", e);
    return finish(d, rc, e);
}

#define TOKEN_COLUMNS                                                                                   \
    "t.id, t.user_id, COALESCE(t.node_id, 0), t.role, t.name, COALESCE(o.name, ''), COALESCE(o.path, '/')," \
    " COALESCE(c.username, ''), t.created_at, t.expires_at, t.last_used_at, t.revoked_at, t.token_hash"    \
    " FROM api_token t LEFT JOIN org_node o ON o.id = t.node_id LEFT JOIN users c ON c.id = t.created_by"

static void read_row(db_stmt *s, arena *a, api_token_rec *t)
{
    t->id = db_col_int(s, 0);
    t->user_id = db_col_int(s, 1);
    t->node_id = db_col_int(s, 2);
    if (role_from_key(db_col_text(s, 3), &t->role) != 0) t->role = ROLE__MAX; /* unknown: holds nothing */
    t->name = arena_strdup(a, db_col_text(s, 4));
    t->node_name = arena_strdup(a, db_col_text(s, 5));
    t->node_path = arena_strdup(a, db_col_text(s, 6));
    t->created_by_name = arena_strdup(a, db_col_text(s, 7));
    t->created_at = arena_strdup(a, db_col_text(s, 8));
    t->expires_at = db_col_int(s, 9);
    t->last_used_at = db_col_int(s, 10);
    t->revoked_at = arena_strdup(a, db_col_text(s, 11));
    t->token_hash = arena_strdup(a, db_col_text(s, 12));
}

/* One token by id (by_hash 0) or by its hash. */
static dl_err one(db *d, arena *a, int by_hash, int64_t id, const char *hash, api_token_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, by_hash ? "SELECT " TOKEN_COLUMNS " WHERE t.token_hash = ?"
                                       : "SELECT " TOKEN_COLUMNS " WHERE t.id = ?", e);
    if (!s) return e->code ? e->code : DL_EDB;
    if (by_hash) db_bind_text(s, 1, hash); else db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        read_row(s, a, out);
        if (!out->name || !out->revoked_at || !out->node_path) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        while (db_step(s, e) == DB_ROW) {}
    } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan API-nyckel.") : (e->code ? e->code : DL_EDB);
    db_stmt_done(s);
    return rc;
}

dl_err api_token_get(db *d, arena *a, int64_t id, api_token_rec *out, dl_error *e)
{
    return one(d, a, 0, id, NULL, out, e);
}

dl_err api_token_list(db *d, arena *a, api_token_rec **out, int *n, dl_error *e)
{
    *out = NULL;
    *n = 0;
    int64_t count = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM api_token", &count, e, "");
    if (rc != DL_OK || count == 0) return rc;
    api_token_rec *rows = arena_alloc(a, sizeof *rows * (size_t)count);
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    db_stmt *s = db_prepare(d, "SELECT " TOKEN_COLUMNS " ORDER BY t.id DESC", e);
    if (!s) return e->code ? e->code : DL_EDB;
    int st, k = 0;
    while ((st = db_step(s, e)) == DB_ROW)
        if (k < count) read_row(s, a, &rows[k++]);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code ? e->code : DL_EDB;
    *out = rows;
    *n = k;
    return DL_OK;
}

dl_err api_token_lookup(db *d, arena *a, const char *token, int64_t now, api_token_rec *out,
                        api_token_verdict *verdict, dl_error *e)
{
    *verdict = API_TOKEN_UNKNOWN;
    if (!api_token_well_formed(token)) return DL_OK;
    char hash[TOKEN_HEX_SIZE];
    api_token_hash(token, hash);
    api_token_rec t;
    dl_err rc = one(d, a, 1, 0, hash, &t, e);
    if (rc == DL_ENOTFOUND) return DL_OK;
    if (rc != DL_OK) return rc;
    /* The store found the row by the hash; the stored hash is compared
     * with the presented token's once more, in constant time. */
    if (!t.token_hash || !token_equal(t.token_hash, hash)) return DL_OK;
    *out = t;
    *verdict = t.revoked_at[0] ? API_TOKEN_REVOKED : now >= t.expires_at ? API_TOKEN_EXPIRED
             : t.role == ROLE__MAX ? API_TOKEN_UNKNOWN : API_TOKEN_OK;
    return DL_OK;
}

dl_err api_token_record_use(db *d, const api_token_rec *t, int64_t now, const char *what, dl_error *e)
{
    if (t->last_used_at > now - 60 && t->last_used_at <= now) return DL_OK;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "UPDATE api_token SET last_used_at = ? WHERE id = ? AND (last_used_at <= ? OR last_used_at > ?)"
                               " RETURNING id", e);
    int changed = 0;
    if (!s) rc = e->code ? e->code : DL_EDB;
    else {
        db_bind_int(s, 1, now);
        db_bind_int(s, 2, t->id);
        db_bind_int(s, 3, now - 60);
        db_bind_int(s, 4, now);
        int st;
        while ((st = db_step(s, e)) == DB_ROW) changed = 1;
        if (st == DB_ERROR) rc = e->code ? e->code : DL_EDB;
        db_stmt_done(s);
    }
    /* Another request of the same minute recorded it first: nothing more. */
    if (rc == DL_OK && changed) {
        char idt[24], name[64];
        snprintf(idt, sizeof idt, "%" PRId64, t->id);
        snprintf(name, sizeof name, "api-token %" PRId64, t->id);
        audit_actor who = {t->user_id, name};
        rc = audit_append(d, &who, "api_token.use", "api_token", idt, NULL, NULL, what ? what : "", e);
    }
    return finish(d, rc, e);
}
