/* guide_edit.c — editing, history and publishing of guide items; see
 * guide_edit.h. */
#include "store/guide_edit.h"
#include "store/guide_facets.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/content_case.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err guide_versions(db *d, arena *a, const char *id, guide_version_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT v.version, v.created_at, v.origin, COALESCE(u.display_name, ''),"
                               " CASE WHEN v.version = i.published_version THEN 1 ELSE 0 END"
                               " FROM guide_version v JOIN guide_item i ON i.id = v.item_id"
                               " LEFT JOIN users u ON u.id = v.created_by WHERE v.item_id = ? ORDER BY v.version DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        guide_version_rec *v = &out[(*n)++];
        v->version = db_col_int(s, 0);
        v->created_at = dup(a, db_col_text(s, 1));
        v->origin = dup(a, db_col_text(s, 2));
        v->created_by = dup(a, db_col_text(s, 3));
        v->published = (int)db_col_int(s, 4);
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return *n ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan sida i guiden.");
}

dl_err guide_version_source(db *d, arena *a, const char *id, int64_t version, const char **source, dl_error *e)
{
    *source = NULL;
    db_stmt *s = db_prepare(d, "SELECT source FROM guide_version WHERE item_id = ? AND version = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, id);
    db_bind_int(s, 2, version);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) { if (!(*source = dup(a, db_col_text(s, 0)))) rc = dl_fail(e, DL_ENOMEM, "out of memory"); }
    else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Den versionen av sidan finns inte.") : e->code;
    db_stmt_done(s);
    return rc;
}

dl_err guide_latest(db *d, arena *a, const char *id, int64_t *version, const char **source, dl_error *e)
{
    *version = 0;
    dl_err rc = db_query_int(d, "SELECT latest_version FROM guide_item WHERE id = ?", version, e, "t", id);
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan sida i guiden.");
    return rc == DL_OK ? guide_version_source(d, a, id, *version, source, e) : rc;
}

struct counter {
    guide_problem_fn problem;
    void *ctx;
    int n;
};

static void count(void *ctx, const char *path, int line, const char *msg)
{
    struct counter *c = ctx;
    c->n++;
    if (c->problem) c->problem(c->ctx, path, line, msg);
}

/* The related and holder ids of it that no item has (the set rule of a file
 * import, checked against the store). */
static dl_err check_ids(db *d, const content_item *it, struct counter *c, dl_error *e)
{
    static const char *const keys[] = {"related", "holder"};
    for (size_t k = 0; k < 2; k++) {
        const char *p = content_get(it, keys[k]), *entry;
        size_t len;
        while (p && content_list_next(&p, &entry, &len)) {
            if (!len) continue;
            char idv[96];
            snprintf(idv, sizeof idv, "%.*s", (int)(len < 95 ? len : 95), entry);
            int64_t found = 0;
            dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM guide_item WHERE id = ?", &found, e, "t", idv);
            if (rc != DL_OK) return rc;
            if (!found) {
                char msg[200];
                snprintf(msg, sizeof msg, "%s names \"%s\", which is no item of the guide; correct the id or remove it.",
                         keys[k], idv);
                count(c, "", content_line_of(it, keys[k]), msg);
            }
        }
    }
    /* a case story's rules name law items (content_set.c's rule, against the store) */
    const char *rules = content_get(it, "rules"), *bad;
    content_rule r[CONTENT_MAX_RULES];
    int nr = rules ? content_case_rules(rules, r, CONTENT_MAX_RULES, &bad) : 0;
    for (int i = 0; i < nr; i++) {
        int64_t found = 0;
        dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM guide_item WHERE id = ? AND type = 'law'", &found, e, "t",
                                 r[i].law);
        if (rc != DL_OK) return rc;
        if (!found) {
            char msg[200];
            snprintf(msg, sizeof msg, "rules names \"%s\", which is no law of the guide; name a law item.", r[i].law);
            count(c, "", content_line_of(it, "rules"), msg);
        }
    }
    return DL_OK;
}

dl_err guide_save(db *d, const char *id, int64_t expected, const char *source, const char *today,
                  const audit_actor *who, guide_problem_fn problem, void *ctx, int64_t *saved, dl_error *e)
{
    *saved = 0;
    struct counter c = {problem, ctx, 0};
    content_item it;
    content_check_item("", id, source, strlen(source), today, &it, count, &c);
    dl_err rc = it.parsed ? check_ids(d, &it, &c, e) : DL_OK;
    content_item_free(&it);
    if (rc != DL_OK) return rc;
    if (c.n) return dl_fail(e, DL_EINVAL, "Sidan följer inte reglerna för guiden; se felen nedan. Inget sparades.");
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t latest = 0;
    rc = db_query_int(d, "SELECT latest_version FROM guide_item WHERE id = ?", &latest, e, "t", id);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan sida i guiden.");
    if (rc == DL_OK && latest != expected)
        rc = dl_fail(e, DL_ECONFLICT, "Någon annan har sparat sidan sedan du började. Skillnaden mot din text visas nedan.");
    char sha[TOKEN_HEX_SIZE], now[32], idt[120];
    sha256_hex(source, strlen(source), sha);
    clock_iso_utc(clock_now(), now);
    int64_t v = latest + 1;
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO guide_version(item_id, version, source, sha256, origin, created_at, created_by)"
                       " VALUES (?, ?, ?, ?, 'web', ?, NULLIF(?, 0))",
                    e, "tittti", id, v, source, sha, now, who ? who->user_id : (int64_t)0);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE guide_item SET latest_version = ? WHERE id = ?", e, "it", v, id);
    snprintf(idt, sizeof idt, "%s v%" PRId64, id, v);
    if (rc == DL_OK) rc = audit_append(d, who, "guide.save", "guide", id, NULL, sha, idt, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) *saved = v;
    return rc;
}

static const char *field(const content_item *it, const char *key)
{
    const char *v = content_get(it, key);
    return v ? v : "";
}

dl_err guide_publish(db *d, const char *id, int64_t version, const audit_actor *who, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    arena *a = arena_new(8192);
    const char *source = NULL;
    rc = a ? guide_version_source(d, a, id, version, &source, e) : dl_fail(e, DL_ENOMEM, "out of memory");
    content_item it = {0};
    if (rc == DL_OK && !content_parse(source, strlen(source), &it))
        rc = dl_fail(e, DL_EINVAL, "Versionen går inte att läsa och kan inte publiceras.");
    char now[32], detail[120];
    clock_iso_utc(clock_now(), now);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE guide_item SET type = ?, title = ?, title_en = ?, summary = ?, summary_en = ?,"
                       " categories = ?, reviewed = ?, responsible = ?, body = ?, published_version = ?, updated_at = ?"
                       " WHERE id = ?",
                    e, "tttttttttitt", field(&it, "type"), field(&it, "title"), field(&it, "title_en"),
                    field(&it, "summary"), field(&it, "summary_en"), field(&it, "categories"), field(&it, "reviewed"),
                    field(&it, "responsible"), it.body ? it.body : "", version, now, id);
    if (rc == DL_OK) rc = guide_facets_set_in_tx(d, id, &it, e);
    snprintf(detail, sizeof detail, "%s v%" PRId64, id, version);
    if (rc == DL_OK) rc = audit_append(d, who, "guide.publish", "guide", id, NULL, NULL, detail, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    content_item_free(&it);
    arena_free(a);
    return rc;
}

struct first_problem {
    char text[300];
    int n;
};

static void keep_first_problem(void *ctx, const char *path, int line, const char *msg)
{
    (void)path;
    (void)line;
    struct first_problem *p = ctx;
    if (!p->n++) snprintf(p->text, sizeof p->text, "%s", msg);
}

dl_err guide_draft_insert_in_tx(db *d, const char *id, const char *source, const char *today, const char *at,
                                int64_t user_id, const char *what_sv, dl_error *e)
{
    int64_t there = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM guide_item WHERE id = ?", &there, e, "t", id);
    if (rc != DL_OK) return rc;
    if (there) return dl_fail(e, DL_ECONFLICT, "Det finns redan en text med id %s i kunskapsguiden.", id);
    struct first_problem pr = {"", 0};
    content_item it;
    content_check_item("", id, source, strlen(source), today, &it, keep_first_problem, &pr);
    content_item_free(&it);
    if (pr.n) return dl_fail(e, DL_EINVAL, "%s: %s", what_sv, pr.text);
    rc = db_run(d, "INSERT INTO guide_item(id, area, type, title, title_en, summary, summary_en, categories, reviewed,"
                   " responsible, body, latest_version, published_version, updated_at)"
                   " VALUES (?, 'guides', 'guide', '', '', '', '', '', '', '', '', 1, 0, ?)",
                e, "tt", id, at);
    if (rc != DL_OK) return rc;
    char sha[TOKEN_HEX_SIZE];
    sha256_hex(source, strlen(source), sha);
    return db_run(d, "INSERT INTO guide_version(item_id, version, source, sha256, origin, created_at, created_by)"
                     " VALUES (?, 1, ?, ?, 'web', ?, NULLIF(?, 0))",
                  e, "tttti", id, source, sha, at, user_id);
}
