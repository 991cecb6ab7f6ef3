/* dcat_document.c — dcat_document (dcat_document.h). */
#include "rdf/dcat_document.h"
#include "rdf/dcat_model.h"
#include "store/guide_catalog.h"

#include <string.h>

dl_err dcat_document(db *d, arena *a, const char *base, rdf_format f, int page, const char *only_id, char **out,
                     size_t *len, dl_error *e)
{
    *out = NULL;
    *len = 0;
    size_t n = base ? strlen(base) : 0;
    while (n && base[n - 1] == '/') n--;
    const char *b = base ? arena_strndup(a, base, n) : NULL;
    if (!b || !rdf_iri_ok(b))
        return dl_fail(e, DL_EINVAL, "the catalogue needs the installation's public address (--public-url https://…)");
    if (page < 1) return dl_fail(e, DL_EINVAL, "a page of the catalogue is a number from 1");
    guide_catalog_page cp;
    dl_err rc = guide_catalog_load(d, a, dcat_dataset_types, (page - 1) * DCAT_PAGE_SIZE, DCAT_PAGE_SIZE, only_id,
                                   &cp, e);
    if (rc != DL_OK) return rc;
    int64_t pages = cp.total ? (cp.total + DCAT_PAGE_SIZE - 1) / DCAT_PAGE_SIZE : 1;
    if (!only_id && page > pages)
        return dl_fail(e, DL_ENOTFOUND, "the catalogue has %lld page(s); there is no page %d", (long long)pages, page);
    dcat_input in = {
        .base = b, .publisher_name = arena_printf(a, "datalots (%s)", strstr(b, "://") + 3),
        .datasets = cp.datasets, .n_datasets = (size_t)cp.n_datasets,
        .agents = cp.agents, .n_agents = (size_t)cp.n_agents,
        .laws = cp.laws, .n_laws = (size_t)cp.n_laws,
        .page = page, .page_size = DCAT_PAGE_SIZE, .total = cp.total, .ext = rdf_formats[f].ext,
    };
    rdf_graph g;
    rdf_graph_init(&g, a);
    rc = only_id ? dcat_dataset(&in, &g, e) : dcat_catalog(&in, &g, e);
    if (rc == DL_OK) rc = rdf_write(&g, f, out, len, e);
    rdf_graph_free(&g);
    return rc;
}
