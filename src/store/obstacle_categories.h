/* obstacle_categories.h — the editable list of obstacle categories in the
 * store (core/obstacle_category.h says what a category is; migration 0029
 * its table and the nine seeded ones). Pages load the list once per
 * request; the analysts add and edit categories on /hinder/kategorier
 * (handlers/obstacle_categories.c), each change audited. */
#ifndef DATALOTS_STORE_OBSTACLE_CATEGORIES_H
#define DATALOTS_STORE_OBSTACLE_CATEGORIES_H

#include <stdint.h>

#include "core/arena.h"
#include "core/obstacle_category.h"
#include "db/db.h"
#include "store/audit.h"

/* Every category, active or not, in position order (texts in a). */
dl_err obstacle_categories_load(db *d, arena *a, obstacle_category_list *out, dl_error *e);

/* Adds a category (create 1: DL_ECONFLICT when the key is taken, DL_ELIMIT
 * when the list is full) or changes one (create 0: DL_ENOTFOUND when the
 * key is unknown; the key itself never changes). Checked first
 * (obstacle_category_check): DL_EINVAL with a sentence, nothing written.
 * One transaction with an audit row "obstacle_category.create" / ".edit". */
dl_err obstacle_category_save(db *d, const audit_actor *who, const obstacle_category_def *c, int create, int64_t now,
                              dl_error *e);

/* Inside the caller's transaction: DL_OK when a new report may have this
 * category (it exists and is active), else DL_EINVAL with a sentence. */
dl_err obstacle_category_usable_in_tx(db *d, const char *key, dl_error *e);

#endif
