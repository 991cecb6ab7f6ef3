/* guide_views.h — the knowledge guide's page views in the store
 * (guide_view_day, migration 0052): one count per guide item and local day.
 * The web layer counts in memory (web/guide_views.h) and hands its counts
 * here in batches; each is added to what is there (count = count + n), so
 * several servers sharing one store add up and a batch written twice is
 * the only way to count twice. Nothing about the reader is stored. */
#ifndef DATALOTS_STORE_GUIDE_VIEWS_H
#define DATALOTS_STORE_GUIDE_VIEWS_H

#include <stdint.h>
#include "core/err.h"
#include "db/db.h"

#define GUIDE_VIEW_ID_MAX 100 /* bytes of a guide item's id that is counted (longer ids are not items) */

typedef struct guide_view_count {
    char item_id[GUIDE_VIEW_ID_MAX + 1];
    char day[11]; /* YYYY-MM-DD, Europe/Stockholm */
    int64_t n;
} guide_view_count;

/* Adds each row's n to its (item, day) in one transaction: all or none. */
dl_err guide_views_add(db *d, const guide_view_count *rows, int n, dl_error *e);

#endif
