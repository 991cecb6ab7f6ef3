/* guide_rows.h — the columns of an item as lists show it, and reading one
 * such row, shared by store/guide.c and store/guide_find.c. */
#ifndef DATALOTS_STORE_GUIDE_ROWS_H
#define DATALOTS_STORE_GUIDE_ROWS_H

#include "store/guide.h"

#define ITEM_COLS                                                                                        \
    "i.id, i.area, i.type, i.title, i.title_en, i.summary, i.summary_en, i.categories, i.reviewed,"     \
    " i.responsible, i.published_version, i.latest_version, i.updated_at"

/* The row's ITEM_COLS (from column 0) into g, copied into a. */
void guide_read_item(db_stmt *s, arena *a, guide_item *g);

#endif
