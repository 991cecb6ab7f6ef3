/* guide_views.c — see guide_views.h: a batch of page-view counts added to
 * guide_view_day with one upsert per row, in one transaction. */
#include "store/guide_views.h"

dl_err guide_views_add(db *d, const guide_view_count *rows, int n, dl_error *e)
{
    if (n <= 0) return DL_OK;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    for (int i = 0; i < n && rc == DL_OK; i++) {
        if (rows[i].n <= 0) continue;
        rc = db_run(d, "INSERT INTO guide_view_day(item_id, day, views) VALUES (?, ?, ?)"
                       " ON CONFLICT (item_id, day) DO UPDATE SET views = guide_view_day.views + excluded.views",
                    e, "tti", rows[i].item_id, rows[i].day, rows[i].n);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
