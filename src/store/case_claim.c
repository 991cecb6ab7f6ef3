/* case_claim.c — claims, handovers and internal notes on a release case;
 * see case_claim.h. */
#include "store/case_claim.h"
#include "core/case_flow.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

static void id_text(int64_t id, char out[24]) { snprintf(out, 24, "%" PRId64, id); }

/* The holder of the case (0: none) and their name, in the open transaction. */
static dl_err holder_of(db *d, int64_t case_id, int64_t *user_id, char *name, size_t name_size, dl_error *e)
{
    *user_id = 0;
    name[0] = '\0';
    db_stmt *s = db_prepare(d, "SELECT k.user_id, u.display_name FROM case_claim k JOIN users u ON u.id = k.user_id"
                               " WHERE k.case_id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *user_id = db_col_int(s, 0);
        snprintf(name, name_size, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_claim_get(db *d, arena *a, int64_t case_id, case_claim_rec *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    out->name = out->claimed_at = "";
    db_stmt *s = db_prepare(d, "SELECT k.user_id, u.display_name, k.claimed_at FROM case_claim k"
                               " JOIN users u ON u.id = k.user_id WHERE k.case_id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        out->user_id = db_col_int(s, 0);
        out->name = dup(a, db_col_text(s, 1));
        out->claimed_at = dup(a, db_col_text(s, 2));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err note_check(const char *body, int required, dl_error *e)
{
    size_t n = body ? strlen(body) : 0;
    if (required && n == 0) return dl_fail(e, DL_EINVAL, "Skriv anteckningen innan du sparar den.");
    if (n > CASE_NOTE_MAX)
        return dl_fail(e, DL_EINVAL, "Anteckningen är för lång. Korta den till högst %d tecken.", CASE_NOTE_MAX);
    if (n && !utf8_valid(body, n)) return dl_fail(e, DL_EINVAL, "Anteckningen innehåller tecken som inte går att läsa.");
    return DL_OK;
}

static dl_err insert_note(db *d, int64_t case_id, const audit_actor *who, const char *kind, int64_t from, int64_t to,
                          const char *body, dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    db_stmt *s = db_prepare(d, "INSERT INTO case_note(case_id, author_id, kind, from_user_id, to_user_id, body, created_at)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    if (who->user_id > 0) db_bind_int(s, 2, who->user_id); else db_bind_null(s, 2);
    db_bind_text(s, 3, kind);
    if (from > 0) db_bind_int(s, 4, from); else db_bind_null(s, 4);
    if (to > 0) db_bind_int(s, 5, to); else db_bind_null(s, 5);
    db_bind_text(s, 6, body ? body : "");
    db_bind_text(s, 7, now);
    int st = db_step(s, e);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err finish(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) rc = db_commit(d, e);
    if (rc != DL_OK) db_rollback(d);
    return rc;
}

/* The case must be open and sent (staff never work on a draft). */
static dl_err case_open(db *d, int64_t case_id, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT state FROM cases WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    case_state state = CASE_DRAFT;
    int known = st == DB_ROW && case_state_from_key(db_col_text(s, 0), &state) == 0;
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (st != DB_ROW) return dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant ärende.");
    if (!known || state == CASE_DRAFT || !case_state_is_open(state))
        return dl_fail(e, DL_ECONFLICT, "Ärendet är avslutat eller inte inskickat, så det finns inget att ta.");
    return DL_OK;
}

/* The last person who had the case and let it go (0: nobody before). */
static dl_err previous_holder(db *d, int64_t case_id, int64_t *user_id, dl_error *e)
{
    *user_id = 0;
    db_stmt *s = db_prepare(d, "SELECT COALESCE(from_user_id, 0) FROM case_note WHERE case_id = ? AND kind = 'release'"
                               " ORDER BY id DESC LIMIT 1", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    int st = db_step(s, e);
    if (st == DB_ROW) *user_id = db_col_int(s, 0);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_claim_take(db *d, int64_t case_id, const audit_actor *who, const char *note, dl_error *e)
{
    if (!who || who->user_id <= 0) return dl_fail(e, DL_EDENIED, "Logga in för att ta ärendet.");
    dl_err rc = note_check(note, 0, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = case_open(d, case_id, e);
    char now[32], idt[24], holder_name[256];
    clock_iso_utc(clock_now(), now);
    id_text(case_id, idt);
    int64_t holder = 0, before = 0;
    /* Of two claims at once the key lets one row in; the other finds it taken. */
    if (rc == DL_OK) rc = holder_of(d, case_id, &before, holder_name, sizeof holder_name, e);
    if (rc == DL_OK && before == who->user_id) return finish(d, DL_OK, e);
    if (rc == DL_OK && !before)
        rc = db_run(d, "INSERT INTO case_claim(case_id, user_id, claimed_at) VALUES (?, ?, ?)"
                       " ON CONFLICT (case_id) DO NOTHING", e, "iit", case_id, who->user_id, now);
    if (rc == DL_OK) rc = holder_of(d, case_id, &holder, holder_name, sizeof holder_name, e);
    if (rc == DL_OK && holder != who->user_id)
        rc = dl_fail(e, DL_ECONFLICT, "%s har redan tagit ärendet. Be %s eller en administratör att släppa det.",
                     holder_name, holder_name);
    int64_t prev = 0;
    if (rc == DL_OK) rc = previous_holder(d, case_id, &prev, e);
    if (rc == DL_OK && prev > 0 && prev != who->user_id)
        rc = insert_note(d, case_id, who, "handover", prev, who->user_id,
                         note && *note ? note : "Ärendet har bytt handläggare.", e);
    if (rc == DL_OK) rc = audit_append(d, who, "case.claim", "case", idt, NULL, NULL, "claimed", e);
    return finish(d, rc, e);
}

dl_err case_claim_release(db *d, int64_t case_id, const audit_actor *who, int as_admin, int64_t to_user_id,
                          const char *note, dl_error *e)
{
    if (!who || who->user_id <= 0) return dl_fail(e, DL_EDENIED, "Logga in för att släppa ärendet.");
    dl_err rc = note_check(note, to_user_id > 0, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char idt[24], holder_name[256], now[32];
    id_text(case_id, idt);
    clock_iso_utc(clock_now(), now);
    int64_t holder = 0;
    rc = holder_of(d, case_id, &holder, holder_name, sizeof holder_name, e);
    if (rc == DL_OK && !holder) rc = dl_fail(e, DL_ECONFLICT, "Ingen har tagit ärendet, så det finns inget att släppa.");
    if (rc == DL_OK && holder != who->user_id && !as_admin)
        rc = dl_fail(e, DL_EDENIED, "%s har tagit ärendet. Bara %s eller en administratör kan släppa det.", holder_name,
                     holder_name);
    if (rc == DL_OK && to_user_id > 0) {
        if (to_user_id == holder) rc = dl_fail(e, DL_EINVAL, "Välj en annan kollega än den som redan har ärendet.");
        int64_t ok = 0;
        if (rc == DL_OK)
            rc = db_query_int(d, "SELECT COUNT(*) FROM role_assignment r JOIN users u ON u.id = r.user_id"
                                 " JOIN org_node o ON o.id = r.node_id JOIN cases c ON c.id = ?"
                                 " LEFT JOIN org_node t ON t.id = c.target_node_id JOIN org_node g ON g.id = c.org_id"
                                 " WHERE r.user_id = ? AND u.disabled = 0 AND r.role IN ('registrar', 'coordinator')"
                                 " AND substr(COALESCE(t.path, g.path), 1, length(o.path)) = o.path",
                              &ok, e, "ii", case_id, to_user_id);
        if (rc == DL_OK && !ok)
            rc = dl_fail(e, DL_EINVAL, "Den du vill lämna över till kan inte handlägga ärendet. Välj en kollega i listan.");
        if (rc == DL_OK)
            rc = db_run(d, "UPDATE case_claim SET user_id = ?, claimed_at = ? WHERE case_id = ? AND user_id = ?", e,
                        "itii", to_user_id, now, case_id, holder);
        if (rc == DL_OK) rc = insert_note(d, case_id, who, "handover", holder, to_user_id, note, e);
        char detail[64];
        snprintf(detail, sizeof detail, "to user %" PRId64, to_user_id);
        if (rc == DL_OK) rc = audit_append(d, who, "case.handover", "case", idt, NULL, NULL, detail, e);
        return finish(d, rc, e);
    }
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM case_claim WHERE case_id = ? AND user_id = ?", e, "ii", case_id, holder);
    if (rc == DL_OK) rc = insert_note(d, case_id, who, "release", holder, 0, note, e);
    if (rc == DL_OK)
        rc = audit_append(d, who, holder == who->user_id ? "case.release" : "case.release_other", "case", idt, NULL,
                          NULL, holder == who->user_id ? "released" : "released another's claim", e);
    return finish(d, rc, e);
}

dl_err case_claim_colleagues(db *d, arena *a, const char *node_path, case_colleague *out, int max, int *n,
                             dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT DISTINCT u.id, u.display_name FROM role_assignment r"
                               " JOIN users u ON u.id = r.user_id JOIN org_node o ON o.id = r.node_id"
                               " WHERE r.role IN ('registrar', 'coordinator') AND u.disabled = 0"
                               " AND substr(?, 1, length(o.path)) = o.path ORDER BY u.display_name, u.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, node_path ? node_path : "");
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        out[*n].id = db_col_int(s, 0);
        out[*n].name = dup(a, db_col_text(s, 1));
        (*n)++;
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_claim_names(db *d, arena *a, const int64_t *ids, int n, const char **names, dl_error *e)
{
    for (int i = 0; i < n; i++) names[i] = "";
    if (n <= 0) return DL_OK;
    /* One statement for the page: "k.case_id IN (?, ?, …)", every id bound. */
    strbuf sql;
    sb_init(&sql, 160 + (size_t)n * 3);
    sb_puts(&sql, "SELECT k.case_id, u.display_name FROM case_claim k JOIN users u ON u.id = k.user_id"
                  " WHERE k.case_id IN (");
    for (int i = 0; i < n; i++) sb_puts(&sql, i ? ", ?" : "?");
    sb_puts(&sql, ")");
    db_stmt *s = db_prepare(d, sb_cstr(&sql), e);
    sb_free(&sql);
    if (!s) return e->code;
    for (int i = 0; i < n; i++) db_bind_int(s, i + 1, ids[i]);
    int st;
    while ((st = db_step(s, e)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        for (int i = 0; i < n; i++)
            if (ids[i] == id) names[i] = dup(a, db_col_text(s, 1));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_claims_held(db *d, arena *a, case_claim_held_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT k.case_id, c.diary_number, COALESCE(t.path, o.path), u.display_name, k.claimed_at"
                               " FROM case_claim k JOIN cases c ON c.id = k.case_id JOIN org_node o ON o.id = c.org_id"
                               " LEFT JOIN org_node t ON t.id = c.target_node_id JOIN users u ON u.id = k.user_id"
                               " ORDER BY k.claimed_at, k.case_id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        case_claim_held_rec *r = &out[(*n)++];
        r->case_id = db_col_int(s, 0);
        r->diary_number = dup(a, db_col_text(s, 1));
        r->node_path = dup(a, db_col_text(s, 2));
        r->holder = dup(a, db_col_text(s, 3));
        r->claimed_at = dup(a, db_col_text(s, 4));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_note_add(db *d, int64_t case_id, const audit_actor *who, const char *body, dl_error *e)
{
    if (!who || who->user_id <= 0) return dl_fail(e, DL_EDENIED, "Logga in för att skriva en anteckning.");
    dl_err rc = note_check(body, 1, e);
    if (rc != DL_OK) return rc;
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    char idt[24];
    id_text(case_id, idt);
    rc = insert_note(d, case_id, who, "note", 0, 0, body, e);
    if (rc == DL_OK) rc = audit_append(d, who, "case.note", "case", idt, NULL, NULL, "internal note", e);
    return finish(d, rc, e);
}

dl_err case_notes(db *d, arena *a, int64_t case_id, case_note_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT x.id, x.kind, COALESCE(au.display_name, ''), COALESCE(fu.display_name, ''),"
                               " COALESCE(tu.display_name, ''), x.body, x.created_at FROM ("
                               " SELECT * FROM case_note WHERE case_id = ? ORDER BY id DESC LIMIT ?) x"
                               " LEFT JOIN users au ON au.id = x.author_id LEFT JOIN users fu ON fu.id = x.from_user_id"
                               " LEFT JOIN users tu ON tu.id = x.to_user_id ORDER BY x.id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        case_note_rec *r = &out[(*n)++];
        r->id = db_col_int(s, 0);
        r->kind = dup(a, db_col_text(s, 1));
        r->author = dup(a, db_col_text(s, 2));
        r->from_name = dup(a, db_col_text(s, 3));
        r->to_name = dup(a, db_col_text(s, 4));
        r->body = dup(a, db_col_text(s, 5));
        r->created_at = dup(a, db_col_text(s, 6));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}
