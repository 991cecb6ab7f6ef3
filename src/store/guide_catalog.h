/* guide_catalog.h — what the DCAT-AP catalogue (rdf/dcat_model.h) reads
 * from the knowledge guide: a page of the published items of the dataset
 * types, ordered by id (stable pages), how many there are in all, the
 * holders those items name and the law items (for their SFS or CELEX
 * number), all from one snapshot of the store. */
#ifndef DATALOTS_STORE_GUIDE_CATALOG_H
#define DATALOTS_STORE_GUIDE_CATALOG_H

#include <stdint.h>
#include "core/arena.h"
#include "db/db.h"
#include "store/guide.h"

typedef struct guide_catalog_page {
    guide_item *datasets; /* with source */
    int n_datasets;
    guide_item *agents;   /* without source */
    int n_agents;
    guide_item *laws;     /* with source */
    int n_laws;
    int64_t total;        /* items of the types in all */
} guide_catalog_page;

/* Items offset… (at most limit) of the types (NULL-terminated, 1 to 8), or
 * with only_id just that item: DL_ENOTFOUND when it is not one of them. In
 * arena a. */
dl_err guide_catalog_load(db *d, arena *a, const char *const types[], int offset, int limit, const char *only_id,
                          guide_catalog_page *out, dl_error *e);

#endif
