/* harvest.h — a harvested catalogue (rdf/harvest_map.h) written into the
 * knowledge guide, all of it in one transaction.
 *
 * Matching: a dataset's dct:identifier is looked up in harvest_identifier
 * (migration 0018: what earlier harvests made of it); failing that, an
 * identifier that is the id of an item of the guide, or a datalots
 * catalogue's "BASE/guide/ID#dataset" for such an id, names that item (so a
 * catalogue exported from another datalots, or this one, matches its items). Anything
 * else is a new item of type dataset in the folder `datasets`, its id made
 * from the title.
 *
 * Nothing harvested is published: a new item gets version 1 unpublished
 * (readers do not see it, lists and search skip it; `datalots catalog
 * publish ID 1` or, for an item readers already see, the history page
 * publishes it); a known item gets a new unpublished version only when the
 * source changed since the last harvest and the text differs from its
 * newest version. What the source does not say is kept from the newest
 * version (an editor's how_to_apply stays). Each version passes the rules of
 * docs/content.md or the dataset is reported and left out.
 *
 * The publisher is matched by name (foaf:name) to the title of a published
 * item of type holder, agency or region; fallback_holder (an id) is used
 * for one that matches none, otherwise the dataset is reported and left
 * out. */
#ifndef DATALOTS_STORE_HARVEST_H
#define DATALOTS_STORE_HARVEST_H

#include "db/db.h"
#include "rdf/harvest_map.h"
#include "store/audit.h"

typedef struct harvest_store_report {
    int added, changed, unchanged, left_out, problems;
} harvest_store_report;

/* One problem of a dataset: its identifier (or node) and a sentence. */
typedef void (*harvest_problem_fn)(void *ctx, const char *dataset, const char *msg);

/* Writes m's datasets (dry_run: everything checked and counted, then
 * rolled back). On an error of the store nothing is written and rep is
 * zero. */
dl_err harvest_store(db *d, const harvest_mapping *m, const char *catalogue, const char *fallback_holder,
                     const char *today, int dry_run, const audit_actor *who, harvest_problem_fn problem, void *ctx,
                     harvest_store_report *rep, dl_error *e);

/* Items with a version newer than the published one (drafts), by id:
 * version 0 published means readers have never seen the item. */
typedef struct harvest_draft { const char *id, *title; int64_t latest, published; } harvest_draft;
dl_err harvest_drafts(db *d, arena *a, harvest_draft *out, int max, int *n, dl_error *e);

#endif
