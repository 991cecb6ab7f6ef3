/* users.c — SQL for accounts and role grants (see users.h). */
#include "store/users.h"
#include "core/clock.h"
#include "store/versioned.h"

#include <string.h>

#define USER_COLS "id, username, display_name, email, password_hash, language, disabled," \
                  " version, created_at, password_changed_at"

static void read_user(db_stmt *s, arena *a, user *u)
{
    u->id = db_col_int(s, 0);
    u->username = arena_strdup(a, db_col_text(s, 1));
    u->display_name = arena_strdup(a, db_col_text(s, 2));
    u->email = arena_strdup(a, db_col_text(s, 3));
    u->password_hash = arena_strdup(a, db_col_text(s, 4));
    u->language = arena_strdup(a, db_col_text(s, 5));
    u->disabled = (int)db_col_int(s, 6);
    u->version = db_col_int(s, 7);
    u->created_at = arena_strdup(a, db_col_text(s, 8));
    u->password_changed_at = arena_strdup(a, db_col_text(s, 9));
}

static dl_err user_one(db *d, arena *a, const char *sql, const char *text, int64_t id,
                       user *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, sql, e);
    if (!s) return e->code;
    if (text) db_bind_text(s, 1, text);
    else db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) read_user(s, a, out);
    else if (st == DB_DONE) rc = dl_fail(e, DL_ENOTFOUND, "no such user");
    else rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err user_by_username(db *d, arena *a, const char *username, user *out, dl_error *e)
{
    return user_one(d, a, "SELECT " USER_COLS " FROM users WHERE username = ?", username, 0, out, e);
}

dl_err user_by_id(db *d, arena *a, int64_t id, user *out, dl_error *e)
{
    return user_one(d, a, "SELECT " USER_COLS " FROM users WHERE id = ?", NULL, id, out, e);
}

dl_err user_insert(db *d, const char *username, const char *display_name, const char *email,
                   const char *password_hash, int64_t *id_out, dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    db_stmt *s = db_prepare(d, "INSERT INTO users(username, display_name, email, password_hash,"
                               " created_at, password_changed_at) VALUES (?,?,?,?,?,?) RETURNING id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, username);
    db_bind_text(s, 2, display_name);
    db_bind_text(s, 3, email ? email : "");
    db_bind_text(s, 4, password_hash);
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, now);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) *id_out = db_col_int(s, 0);
    else rc = e->code == DL_ECONSTRAINT
                  ? dl_fail(e, DL_ECONFLICT, "the username %s is already taken", username)
                  : e->code;
    if (st == DB_ROW) while (db_step(s, e) == DB_ROW) {}
    db_stmt_done(s);
    return rc;
}

dl_err user_update_profile(db *d, int64_t id, int64_t expected_version, const char *display_name,
                           const char *email, dl_error *e)
{
    db_stmt *s = db_prepare(d, "UPDATE users SET display_name = ?, email = ?, version = version + 1"
                               " WHERE id = ? AND version = ? RETURNING version", e);
    if (!s) return e->code;
    db_bind_text(s, 1, display_name);
    db_bind_text(s, 2, email ? email : "");
    db_bind_int(s, 3, id);
    db_bind_int(s, 4, expected_version);
    return versioned_finish(d, s, "SELECT COUNT(*) FROM users WHERE id = ?", id, e);
}

dl_err user_set_password_hash(db *d, int64_t id, const char *hash, dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    return db_run(d, "UPDATE users SET password_hash = ?, password_changed_at = ?,"
                     " version = version + 1 WHERE id = ?", e, "tti", hash, now, id);
}

dl_err user_set_disabled(db *d, int64_t id, int disabled, dl_error *e)
{
    return db_run(d, "UPDATE users SET disabled = ?, version = version + 1 WHERE id = ?",
                  e, "ii", (int64_t)(disabled ? 1 : 0), id);
}

dl_err user_set_language(db *d, int64_t id, const char *lang, dl_error *e)
{
    return db_run(d, "UPDATE users SET language = ? WHERE id = ?", e, "ti", lang, id);
}

dl_err user_list(db *d, arena *a, user *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " USER_COLS " FROM users ORDER BY username LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) read_user(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err user_list_in_scope(db *d, arena *a, const char *path_prefix, user *out, int max, int *n, dl_error *e)
{
    *n = 0;
    /* Paths hold only digits and '/', so a LIKE prefix needs no escaping;
     * substr() keeps it exact anyway. */
    db_stmt *s = db_prepare(d, "SELECT " USER_COLS " FROM users WHERE id IN ("
                               " SELECT r.user_id FROM role_assignment r JOIN org_node o ON o.id = r.node_id"
                               " WHERE substr(o.path, 1, length(?)) = ?) ORDER BY username LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, path_prefix);
    db_bind_text(s, 2, path_prefix);
    db_bind_int(s, 3, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) read_user(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static void read_grant(db_stmt *s, arena *a, dl_role role, user_grant *g)
{
    g->id = db_col_int(s, 0);
    g->role = role;
    g->node_id = db_col_int(s, 2);
    g->node_path = arena_strdup(a, db_col_text(s, 3));
    g->node_name = arena_strdup(a, db_col_text(s, 4));
    g->mapped_by = arena_strdup(a, db_col_text(s, 5));
}

static db_stmt *grants_stmt(db *d, int64_t user_id, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT r.id, r.role, COALESCE(r.node_id, 0), COALESCE(o.path, '/'),"
                               " COALESCE(o.name, ''), COALESCE(p.label, '') FROM role_assignment r"
                               " LEFT JOIN org_node o ON o.id = r.node_id"
                               " LEFT JOIN oidc_provider p ON r.source = 'oidc:' || p.id"
                               " WHERE r.user_id = ? ORDER BY r.id", e);
    if (s) db_bind_int(s, 1, user_id);
    return s;
}

dl_err user_grants(db *d, arena *a, int64_t user_id, user_grant *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = grants_stmt(d, user_id, e);
    if (!s) return e->code;
    int st, held = 0;
    while ((st = db_step(s, e)) == DB_ROW) {
        dl_role role;
        if (role_from_key(db_col_text(s, 1), &role) != 0) continue;
        held++;
        if (*n < max) read_grant(s, a, role, &out[(*n)++]);
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (held > max)
        return dl_fail(e, DL_ELIMIT, "the user holds %d role grants, more than the %d that can be loaded", held, max);
    return DL_OK;
}

dl_err user_grants_all(db *d, arena *a, int64_t user_id, user_grant **out, int *n, dl_error *e)
{
    *n = 0;
    *out = NULL;
    db_stmt *s = grants_stmt(d, user_id, e);
    if (!s) return e->code;
    int st, cap = 0;
    dl_err rc = DL_OK;
    while ((st = db_step(s, e)) == DB_ROW) {
        dl_role role;
        if (role_from_key(db_col_text(s, 1), &role) != 0) continue;
        if (*n == cap) { /* the arena frees nothing one by one: doubling wastes at most as much again */
            int more = cap ? cap * 2 : AUTHZ_MAX_GRANTS;
            user_grant *bigger = arena_alloc(a, sizeof *bigger * (size_t)more);
            if (!bigger) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); break; }
            if (*n) memcpy(bigger, *out, sizeof *bigger * (size_t)*n);
            *out = bigger;
            cap = more;
        }
        read_grant(s, a, role, &(*out)[(*n)++]);
    }
    db_stmt_done(s);
    if (rc == DL_OK && st == DB_ERROR) rc = e->code;
    return rc;
}

dl_err user_lock_count_grants(db *d, int64_t user_id, int64_t *n, dl_error *e)
{
    /* A write to the row is the one row lock both stores take the same way
     * (SQLite's BEGIN IMMEDIATE holds the write lock already). */
    db_stmt *s = db_prepare(d, "UPDATE users SET id = id WHERE id = ? RETURNING id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, user_id);
    int st = db_step(s, e), found = st == DB_ROW;
    while (st == DB_ROW) st = db_step(s, e);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (!found) return dl_fail(e, DL_ENOTFOUND, "Användaren finns inte.");
    return db_query_int(d, "SELECT COUNT(*) FROM role_assignment WHERE user_id = ?", n, e, "i", user_id);
}

dl_err user_grant_role(db *d, int64_t user_id, dl_role role, int64_t node_id,
                       int64_t granted_by, int64_t *grant_id, dl_error *e)
{
    /* Each refusal its own sentence: a unit that is not there, a role held there already. */
    int64_t n = 0;
    dl_err rc = node_id ? db_query_int(d, "SELECT COUNT(*) FROM org_node WHERE id = ?", &n, e, "i", node_id) : DL_OK;
    if (rc != DL_OK) return rc;
    if (node_id && !n) return dl_fail(e, DL_ENOTFOUND, "Enheten finns inte. Välj en enhet i listan.");
    rc = db_query_int(d, "SELECT COUNT(*) FROM role_assignment WHERE user_id = ? AND role = ?"
                         " AND (node_id = ? OR (node_id IS NULL AND ? = 0))", &n, e, "itii", user_id, role_key(role),
                      node_id, node_id);
    if (rc != DL_OK) return rc;
    if (n) return dl_fail(e, DL_ECONFLICT, "Användaren har redan den rollen vid den enheten.");
    char now[32];
    clock_iso_utc(clock_now(), now);
    db_stmt *s = db_prepare(d, "INSERT INTO role_assignment(user_id, role, node_id, granted_by, granted_at)"
                               " VALUES (?,?,?,?,?) RETURNING id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, role_key(role));
    if (node_id) db_bind_int(s, 3, node_id); else db_bind_null(s, 3);
    if (granted_by) db_bind_int(s, 4, granted_by); else db_bind_null(s, 4);
    db_bind_text(s, 5, now);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        if (grant_id) *grant_id = db_col_int(s, 0);
        while (db_step(s, e) == DB_ROW) {}
    } else if (e->code == DL_ECONSTRAINT) { /* a grant or removal in between */
        rc = dl_fail(e, DL_ECONFLICT, "Rollen kunde inte ges eftersom användaren eller enheten just ändrades. "
                                      "Ladda om sidan och försök igen.");
    } else rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err user_revoke_grant(db *d, int64_t grant_id, int64_t *user_id, dl_error *e)
{
    dl_err rc = db_query_int(d, "SELECT user_id FROM role_assignment WHERE id = ?", user_id, e, "i", grant_id);
    if (rc != DL_OK) return rc == DL_ENOTFOUND ? dl_fail(e, DL_ENOTFOUND, "Rollen finns inte.") : rc;
    return db_run(d, "DELETE FROM role_assignment WHERE id = ?", e, "i", grant_id);
}

void user_grants_to_authz(const user_grant *g, int n, authz_grant *out)
{
    for (int i = 0; i < n; i++) {
        out[i].role = g[i].role;
        out[i].node_path = g[i].node_path;
    }
}
