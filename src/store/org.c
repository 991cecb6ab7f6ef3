/* org.c — SQL for the organisation tree (see org.h). */
#include "store/org.h"
#include "core/clock.h"
#include "core/diary_number.h"
#include "core/strbuf.h"
#include "store/versioned.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define ORG_COLS "id, COALESCE(parent_id, 0), kind, name, code, path, diary_format, version"

static void read_org(db_stmt *s, arena *a, org_node_rec *o)
{
    o->id = db_col_int(s, 0);
    o->parent_id = db_col_int(s, 1);
    if (org_kind_from_key(db_col_text(s, 2), &o->kind) != 0) o->kind = ORG_VARDENHET;
    o->name = arena_strdup(a, db_col_text(s, 3));
    o->code = arena_strdup(a, db_col_text(s, 4));
    o->path = arena_strdup(a, db_col_text(s, 5));
    o->diary_format = arena_strdup(a, db_col_text(s, 6));
    o->version = db_col_int(s, 7);
    int slashes = 0;
    for (const char *p = o->path ? o->path : ""; *p; p++) slashes += *p == '/';
    o->depth = slashes > 1 ? slashes - 2 : 0;
}

static int code_ok(const char *code)
{
    size_t n = strlen(code);
    if (n < 1 || n > ORG_CODE_MAX) return 0;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

dl_err org_expand_diary_format(const char *fmt, const char *code, char *out, size_t outsz, dl_error *e)
{
    strbuf sb;
    sb_init(&sb, 64);
    for (const char *p = fmt; *p;) {
        if (strncmp(p, "{code}", 6) == 0) { sb_puts(&sb, code); p += 6; }
        else sb_putc(&sb, *p++);
    }
    dl_err rc = DL_OK;
    if (sb.oom || sb.len >= outsz) rc = dl_fail(e, DL_EINVAL, "Diarienummerformatet blir för långt.");
    else snprintf(out, outsz, "%s", sb_cstr(&sb));
    sb_free(&sb);
    return rc;
}

dl_err org_insert(db *d, int64_t parent_id, org_kind kind, const char *name, const char *code,
                  const char *diary_format, int64_t *id_out, dl_error *e)
{
    if (!name || !*name || strlen(name) > ORG_NAME_MAX)
        return dl_fail(e, DL_EINVAL, "Ange ett namn på högst %d tecken.", ORG_NAME_MAX);
    if (!code || !code_ok(code))
        return dl_fail(e, DL_EINVAL, "Koden får bara innehålla bokstäver a–z, siffror, - och _ (högst %d tecken).", ORG_CODE_MAX);
    char parent_path[256] = "/";
    int parent_kind = -1;
    if (parent_id) {
        arena *a = arena_new(512);
        if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
        org_node_rec p;
        dl_err rc = org_get(d, a, parent_id, &p, e);
        if (rc == DL_OK) {
            parent_kind = (int)p.kind;
            snprintf(parent_path, sizeof parent_path, "%s", p.path);
        }
        arena_free(a);
        if (rc != DL_OK) return rc == DL_ENOTFOUND ? dl_fail(e, DL_EINVAL, "Den överordnade enheten finns inte.") : rc;
    }
    if (!org_kind_may_nest(parent_kind, kind))
        return dl_fail(e, DL_EINVAL, "En %s kan inte ligga %s.", dl_tr(org_kind_label_sv(kind)),
                       parent_kind < 0 ? dl_tr("överst i trädet") : dl_tr("direkt under den valda enheten"));
    /* {code} is resolved now, so the stored format is what numbers use. */
    char fmt[DIARY_NUMBER_MAX];
    if (org_expand_diary_format(diary_format && *diary_format ? diary_format : DIARY_DEFAULT_FORMAT,
                                code, fmt, sizeof fmt, e) != DL_OK ||
        diary_format_validate(fmt, e) != DL_OK)
        return e->code;

    char now[32];
    clock_iso_utc(clock_now(), now);
    db_stmt *s = db_prepare(d, "INSERT INTO org_node(parent_id, kind, name, code, diary_format, created_at)"
                               " VALUES (?,?,?,?,?,?) RETURNING id", e);
    if (!s) return e->code;
    if (parent_id) db_bind_int(s, 1, parent_id); else db_bind_null(s, 1);
    db_bind_text(s, 2, org_kind_key(kind));
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, code);
    db_bind_text(s, 5, fmt);
    db_bind_text(s, 6, now);
    int st = db_step(s, e);
    int64_t id = 0;
    if (st == DB_ROW) { id = db_col_int(s, 0); while (db_step(s, e) == DB_ROW) {} }
    db_stmt_done(s);
    if (st != DB_ROW)
        return e->code == DL_ECONSTRAINT ? dl_fail(e, DL_ECONFLICT, "Koden %s används redan av en annan enhet.", code) : e->code;
    char path[300];
    snprintf(path, sizeof path, "%s%" PRId64 "/", parent_path, id);
    dl_err rc = db_run(d, "UPDATE org_node SET path = ? WHERE id = ?", e, "ti", path, id);
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

dl_err org_update(db *d, int64_t id, int64_t expected_version, const char *name,
                  const char *diary_format, dl_error *e)
{
    if (!name || !*name || strlen(name) > ORG_NAME_MAX)
        return dl_fail(e, DL_EINVAL, "Ange ett namn på högst %d tecken.", ORG_NAME_MAX);
    arena *a = arena_new(512);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    org_node_rec cur;
    dl_err rc = org_get(d, a, id, &cur, e);
    char fmt[DIARY_NUMBER_MAX] = "";
    if (rc == DL_OK) snprintf(fmt, sizeof fmt, "%s", cur.diary_format);
    if (rc == DL_OK && cur.parent_id == 0 && diary_format && *diary_format &&
        (org_expand_diary_format(diary_format, cur.code, fmt, sizeof fmt, e) != DL_OK ||
         diary_format_validate(fmt, e) != DL_OK))
        rc = e->code;
    arena_free(a);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "UPDATE org_node SET name = ?, diary_format = ?, version = version + 1"
                               " WHERE id = ? AND version = ? RETURNING version", e);
    if (!s) return e->code;
    db_bind_text(s, 1, name);
    db_bind_text(s, 2, fmt);
    db_bind_int(s, 3, id);
    db_bind_int(s, 4, expected_version);
    return versioned_finish(d, s, "SELECT COUNT(*) FROM org_node WHERE id = ?", id, e);
}

static dl_err finish(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

dl_err org_create_audited(db *d, const audit_actor *who, int64_t parent_id, org_kind kind, const char *name,
                          const char *code, const char *diary_format, int64_t *id_out, dl_error *e)
{
    int64_t id = 0;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = org_insert(d, parent_id, kind, name, code, diary_format, &id, e);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    if (rc == DL_OK) rc = audit_append(d, who, "org.create", "org_node", idt, NULL, NULL, code, e);
    rc = finish(d, rc, e);
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

dl_err org_update_audited(db *d, const audit_actor *who, int64_t id, int64_t expected_version,
                          const char *name, const char *diary_format, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    arena *a = arena_new(512);
    org_node_rec o = {0};
    if (!a) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    else rc = org_get(d, a, id, &o, e);
    if (rc == DL_OK) rc = org_update(d, id, expected_version, name, diary_format, e);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    if (rc == DL_OK) rc = audit_append(d, who, "org.update", "org_node", idt, NULL, NULL, o.code, e);
    arena_free(a);
    return finish(d, rc, e);
}

dl_err org_set_guide_id(db *d, const audit_actor *who, const char *code, const char *guide_id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0, known = 1;
    rc = db_query_int(d, "SELECT id FROM org_node WHERE code = ? AND parent_id IS NULL", &id, e, "t", code);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen förvaltning med koden %s.", code);
    if (rc == DL_OK && *guide_id) rc = db_query_int(d, "SELECT COUNT(*) FROM guide_item WHERE id = ?", &known, e, "t", guide_id);
    if (rc == DL_OK && !known) rc = dl_fail(e, DL_ENOTFOUND, "Kunskapsguiden har ingen sida %s.", guide_id);
    if (rc == DL_OK) rc = db_run(d, "UPDATE org_node SET guide_id = ? WHERE id = ?", e, "ti", guide_id, id);
    if (rc == DL_OK) rc = audit_append(d, who, "org.guide_link", "org_node", code, NULL, NULL, guide_id, e);
    return finish(d, rc, e);
}

dl_err org_get(db *d, arena *a, int64_t id, org_node_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " ORG_COLS " FROM org_node WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) read_org(s, a, out);
    else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "no such organisation unit") : e->code;
    db_stmt_done(s);
    return rc;
}

dl_err org_list(db *d, arena *a, org_node_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " ORG_COLS " FROM org_node ORDER BY path", e);
    if (!s) return e->code;
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        if (*n < max) read_org(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err org_root_of(db *d, arena *a, int64_t id, org_node_rec *out, dl_error *e)
{
    dl_err rc = org_get(d, a, id, out, e);
    if (rc != DL_OK || out->parent_id == 0) return rc;
    int64_t root = 0;
    if (sscanf(out->path, "/%" SCNd64 "/", &root) != 1 || root <= 0)
        return dl_fail(e, DL_EDB, "organisation unit %" PRId64 " has a broken path", id);
    return org_get(d, a, root, out, e);
}
