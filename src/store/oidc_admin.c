/* oidc_admin.c — an admin undoing what OpenID Connect sign-in set up (see
 * oidc_admin.h): unlinking an account's identity, removing a role map with
 * the grants it gave. One transaction each; every grant taken away is a
 * role.revoke audit row on its account, as a sign-in's own revocations are
 * (store/oidc.c). */
#include "store/oidc_admin.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define BATCH 256 /* grants read at a time: a map may have given thousands */

static dl_err commit_or_rollback(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* Which mapped grants to take away: the account's of any provider
 * (user_id set), or one provider's (source) of one role at one node. */
typedef struct grant_filter {
    int64_t user_id;
    const char *source;
    const char *role;
    int64_t node_id;
} grant_filter;

/* Deletes the grants the filter names, BATCH at a time (a deleted row is
 * not read again), each audited role.revoke on its account with why. */
static dl_err revoke_mapped(db *d, const audit_actor *who, const grant_filter *f, const char *why, int64_t *n,
                            dl_error *e)
{
    *n = 0;
    for (;;) {
        db_stmt *s = f->user_id
                         ? db_prepare(d, "SELECT id, user_id, role, COALESCE(node_id, 0) FROM role_assignment"
                                         " WHERE user_id = ? AND substr(source, 1, 5) = 'oidc:' ORDER BY id LIMIT ?", e)
                         : db_prepare(d, "SELECT id, user_id, role, COALESCE(node_id, 0) FROM role_assignment"
                                         " WHERE source = ? AND role = ? AND COALESCE(node_id, 0) = ? ORDER BY id LIMIT ?",
                                      e);
        if (!s) return e->code;
        if (f->user_id) {
            db_bind_int(s, 1, f->user_id);
            db_bind_int(s, 2, BATCH);
        } else {
            db_bind_text(s, 1, f->source);
            db_bind_text(s, 2, f->role);
            db_bind_int(s, 3, f->node_id);
            db_bind_int(s, 4, BATCH);
        }
        int64_t id[BATCH], uid[BATCH], node[BATCH];
        char role[BATCH][32];
        int k = 0, st;
        while ((st = db_step(s, e)) == DB_ROW && k < BATCH) {
            id[k] = db_col_int(s, 0);
            uid[k] = db_col_int(s, 1);
            snprintf(role[k], sizeof role[k], "%s", db_col_text(s, 2));
            node[k++] = db_col_int(s, 3);
        }
        db_stmt_done(s);
        if (st == DB_ERROR) return e->code;
        for (int i = 0; i < k; i++) {
            dl_err rc = db_run(d, "DELETE FROM role_assignment WHERE id = ?", e, "i", id[i]);
            char idt[24], detail[300];
            snprintf(idt, sizeof idt, "%" PRId64, uid[i]);
            snprintf(detail, sizeof detail, "%s at node %" PRId64 ", %s", role[i], node[i], why);
            if (rc == DL_OK) rc = audit_append(d, who, "role.revoke", "user", idt, NULL, NULL, detail, e);
            if (rc != DL_OK) return rc;
            (*n)++;
        }
        if (k < BATCH) return DL_OK;
    }
}

dl_err oidc_admin_unlink(db *d, const audit_actor *who, int64_t user_id, oidc_unlinked *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int linked = 0;
    db_stmt *s = db_prepare(d, "SELECT COALESCE(external_issuer, ''), COALESCE(external_subject, ''),"
                               " CASE WHEN external_subject IS NULL THEN 0 ELSE 1 END FROM users WHERE id = ?", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, user_id);
        int st = db_step(s, e);
        if (st == DB_ROW) {
            snprintf(out->issuer, sizeof out->issuer, "%s", db_col_text(s, 0));
            snprintf(out->subject, sizeof out->subject, "%s", db_col_text(s, 1));
            linked = (int)db_col_int(s, 2);
            while (db_step(s, e) == DB_ROW) {}
        } else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "no such account") : e->code;
        db_stmt_done(s);
    }
    if (rc == DL_OK && !linked)
        rc = dl_fail(e, DL_ECONFLICT, "the account has no identity linked; there is nothing to unlink");
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE users SET external_issuer = NULL, external_subject = NULL, version = version + 1"
                       " WHERE id = ?", e, "i", user_id);
    grant_filter f = {.user_id = user_id};
    if (rc == DL_OK) rc = revoke_mapped(d, who, &f, "the identity was unlinked", &out->grants_removed, e);
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM sessions WHERE user_id = ? AND oidc_provider_id IS NOT NULL",
                          &out->sessions_ended, e, "i", user_id);
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM sessions WHERE user_id = ? AND oidc_provider_id IS NOT NULL", e, "i", user_id);
    char idt[24], detail[1000];
    snprintf(idt, sizeof idt, "%" PRId64, user_id);
    snprintf(detail, sizeof detail, "issuer %s, subject %s; %" PRId64 " mapped grants taken away, %" PRId64
             " sessions ended", out->issuer, out->subject, out->grants_removed, out->sessions_ended);
    if (rc == DL_OK) rc = audit_append(d, who, "auth.oidc.unlink", "user", idt, NULL, NULL, detail, e);
    return commit_or_rollback(d, rc, e);
}

dl_err oidc_admin_unmap(db *d, const audit_actor *who, int64_t provider_id, const char *claim, const char *value,
                        dl_role role, int64_t node_id, int64_t *grants_removed, int64_t *others_giving,
                        dl_error *e)
{
    *grants_removed = *others_giving = 0;
    if ((unsigned)role >= ROLE__MAX) return dl_fail(e, DL_EINVAL, "no such role");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t map_id = 0;
    rc = db_query_int(d, "SELECT id FROM oidc_role_map WHERE provider_id = ? AND claim = ? AND value = ? AND role = ?"
                         " AND COALESCE(node_id, 0) = ?", &map_id, e, "ittti", provider_id, claim ? claim : "",
                      value ? value : "", role_key(role), node_id);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "no such role map");
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM oidc_role_map WHERE id = ?", e, "i", map_id);
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM oidc_role_map WHERE provider_id = ? AND role = ?"
                             " AND COALESCE(node_id, 0) = ?", others_giving, e, "iti", provider_id, role_key(role),
                          node_id);
    char source[40], why[300];
    snprintf(source, sizeof source, "oidc:%" PRId64, provider_id);
    snprintf(why, sizeof why, "its map %.100s = %.100s was removed", claim ? claim : "", value ? value : "");
    grant_filter f = {.source = source, .role = role_key(role), .node_id = node_id};
    if (rc == DL_OK) rc = revoke_mapped(d, who, &f, why, grants_removed, e);
    char idt[24], detail[400];
    snprintf(idt, sizeof idt, "%" PRId64, map_id);
    snprintf(detail, sizeof detail, "provider %" PRId64 ": %.100s = %.100s gave %s at node %" PRId64 "; %" PRId64
             " grants taken away", provider_id, claim ? claim : "", value ? value : "", role_key(role), node_id,
             *grants_removed);
    if (rc == DL_OK) rc = audit_append(d, who, "oidc.role_map.remove", "oidc_role_map", idt, NULL, NULL, detail, e);
    rc = commit_or_rollback(d, rc, e);
    if (rc != DL_OK) *grants_removed = *others_giving = 0;
    return rc;
}
