/* obstacle_categories.c — see obstacle_categories.h. */
#include "store/obstacle_categories.h"

#include <string.h>

#include "core/clock.h"

static const char *dup_col(arena *a, db_stmt *s, int col, int *oom)
{
    const char *v = arena_strdup(a, db_col_text(s, col));
    if (!v) *oom = 1;
    return v ? v : "";
}

dl_err obstacle_categories_load(db *d, arena *a, obstacle_category_list *out, dl_error *e)
{
    out->n = 0;
    db_stmt *s = db_prepare(d, "SELECT key, label_sv, label_en, guidance_sv, guidance_en, policy_area, position, active"
                               " FROM obstacle_category ORDER BY position, key", e);
    if (!s) return e->code ? e->code : DL_EDB;
    int st, oom = 0;
    while ((st = db_step(s, e)) == DB_ROW && out->n < OBSTACLE_CATEGORIES_MAX && !oom) {
        obstacle_category_def *c = &out->v[out->n++];
        c->key = dup_col(a, s, 0, &oom);
        c->label_sv = dup_col(a, s, 1, &oom);
        c->label_en = dup_col(a, s, 2, &oom);
        c->guidance_sv = dup_col(a, s, 3, &oom);
        c->guidance_en = dup_col(a, s, 4, &oom);
        c->policy_area = dup_col(a, s, 5, &oom);
        c->position = (int)db_col_int(s, 6);
        c->active = db_col_int(s, 7) != 0;
    }
    db_stmt_done(s);
    if (oom) return dl_fail(e, DL_ENOMEM, "out of memory");
    if (st == DB_ERROR) return e->code ? e->code : DL_EDB;
    return DL_OK;
}

dl_err obstacle_category_usable_in_tx(db *d, const char *key, dl_error *e)
{
    int64_t active = 0;
    dl_err rc = db_query_int(d, "SELECT active FROM obstacle_category WHERE key = ?", &active, e, "t", key ? key : "");
    if (rc == DL_ENOTFOUND || (rc == DL_OK && !active))
        return dl_fail(e, DL_EINVAL, "Välj en av kategorierna i listan.");
    return rc;
}

static dl_err write_category(db *d, const audit_actor *who, const obstacle_category_def *c, int create,
                             const char *at, dl_error *e)
{
    int64_t n = 0;
    dl_err rc;
    if (create) {
        rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle_category WHERE key = ?", &n, e, "t", c->key);
        if (rc == DL_OK && n) return dl_fail(e, DL_ECONFLICT, "Det finns redan en kategori med nyckeln %s.", c->key);
        if (rc == DL_OK) rc = db_query_int(d, "SELECT COUNT(*) FROM obstacle_category", &n, e, "");
        if (rc == DL_OK && n >= OBSTACLE_CATEGORIES_MAX)
            return dl_fail(e, DL_ELIMIT, "Listan har redan %d kategorier, det största antalet. Ändra en som finns "
                                         "i stället.", OBSTACLE_CATEGORIES_MAX);
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO obstacle_category(key, label_sv, label_en, guidance_sv, guidance_en, policy_area,"
                           " position, active, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e,
                        "ttttttiiti", c->key, c->label_sv, c->label_en ? c->label_en : "",
                        c->guidance_sv ? c->guidance_sv : "", c->guidance_en ? c->guidance_en : "", c->policy_area,
                        (int64_t)c->position, (int64_t)(c->active != 0), at, who ? who->user_id : 0);
    } else {
        rc = db_query_int(d, "UPDATE obstacle_category SET label_sv = ?, label_en = ?, guidance_sv = ?, guidance_en = ?,"
                             " policy_area = ?, position = ?, active = ?, updated_at = ?, updated_by = ? WHERE key = ?"
                             " RETURNING 1", &n, e, "tttttiitit", c->label_sv, c->label_en ? c->label_en : "",
                          c->guidance_sv ? c->guidance_sv : "", c->guidance_en ? c->guidance_en : "", c->policy_area,
                          (int64_t)c->position, (int64_t)(c->active != 0), at, who ? who->user_id : 0, c->key);
        if (rc == DL_ENOTFOUND || (rc == DL_OK && !n)) return dl_fail(e, DL_ENOTFOUND, "Kategorin finns inte.");
    }
    if (rc == DL_OK)
        rc = audit_append(d, who, create ? "obstacle_category.create" : "obstacle_category.edit", "obstacle_category",
                          c->key, NULL, NULL, "", e);
    return rc;
}

dl_err obstacle_category_save(db *d, const audit_actor *who, const obstacle_category_def *c, int create, int64_t now,
                              dl_error *e)
{
    dl_err rc = obstacle_category_check(c, e);
    if (rc != DL_OK) return rc;
    char at[32];
    clock_iso_utc(now, at);
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = write_category(d, who, c, create, at, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
