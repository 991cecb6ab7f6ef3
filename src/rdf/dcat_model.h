/* dcat_model.h — the knowledge guide's registers, quality registers and
 * datasets as a DCAT-AP 3.0.1 catalogue in the Swedish profile
 * (DCAT-AP-SE: absolute IRIs, no blank nodes, a licence on the catalogue,
 * a format on each distribution), with HealthDCAT-AP's health properties
 * where the content knows them. Pure: items in (store/guide.h's structs,
 * their front matter read with core/content.h), triples out (rdf_graph.h);
 * docs/catalog-rdf.md maps each front-matter key to its property.
 *
 * IRIs, under the installation's public address BASE:
 *   BASE/catalog                      the catalogue
 *   BASE/catalog#publisher            its publisher
 *   BASE/catalog.EXT?page=N           one page of it (Hydra paging)
 *   BASE/guide/ID#dataset             a dataset; BASE/guide/ID its landing page
 *   BASE/guide/ID#distribution        how to get it (the page saying how to apply)
 *   BASE/guide/ID#period              the time it covers
 *   BASE/guide/HOLDER#agent           the body that holds it (publisher, access body)
 *   BASE/guide/HOLDER#contact         whom to ask (vcard) */
#ifndef DATALOTS_DCAT_MODEL_H
#define DATALOTS_DCAT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "core/err.h"
#include "rdf/rdf_graph.h"
#include "store/guide.h"

#define DCAT_PAGE_SIZE 100 /* datasets on one page of the catalogue */

/* The item types that are datasets in the catalogue, NULL-terminated. */
extern const char *const dcat_dataset_types[];

typedef struct dcat_input {
    const char *base;             /* absolute http(s) address, no trailing '/' */
    const char *publisher_name;   /* the catalogue's publisher */
    const guide_item *datasets;   /* with their source (front matter) */
    size_t n_datasets;
    const guide_item *agents;     /* the holders the datasets name (no source needed) */
    size_t n_agents;
    const guide_item *laws;       /* the law items, with source (sfs, celex) */
    size_t n_laws;
    /* The catalogue's paging: page 1…, datasets per page, datasets in all,
     * and the extension of the document's own format ("ttl", "rdf", "jsonld"). */
    int page, page_size;
    int64_t total;
    const char *ext;
} dcat_input;

/* One page of the catalogue: the catalogue, the page's datasets and
 * everything they point to, and the Hydra view linking the pages.
 * DL_EINVAL for a base that is not an absolute IRI; DL_ENOMEM. */
dl_err dcat_catalog(const dcat_input *in, rdf_graph *g, dl_error *e);
/* One dataset's document: in->datasets[0] and what it points to. */
dl_err dcat_dataset(const dcat_input *in, rdf_graph *g, dl_error *e);

/* The law's IRI: ELI for an EU regulation or directive (celex), the
 * Government Offices' legal database for a Swedish SFS number; NULL when
 * the item has neither. In arena a. */
const char *dcat_law_iri(arena *a, const char *sfs, const char *celex);

#endif
