/* dcat_document.h — one document of the catalogue, from the store to bytes:
 * reads a page of the guide's datasets (store/guide_catalog.h), builds its
 * triples (dcat_model.h) and writes them (rdf_write.h). The web's
 * /catalog.ttl and /guide/ID.ttl (handlers/catalog_rdf.c) and
 * `datalots catalog rdf` share it. */
#ifndef DATALOTS_DCAT_DOCUMENT_H
#define DATALOTS_DCAT_DOCUMENT_H

#include <stddef.h>
#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "rdf/rdf_write.h"

/* Page `page` (from 1) of the catalogue, or with only_id the dataset's own
 * document, under base (the public address: absolute, a trailing '/' is
 * dropped). *out is freed with dl_free. DL_EINVAL when base is not an
 * absolute http(s) address; DL_ENOTFOUND for a page past the last (page 1
 * always exists) or an id that is no dataset; DL_EDB, DL_ENOMEM. */
dl_err dcat_document(db *d, arena *a, const char *base, rdf_format f, int page, const char *only_id, char **out,
                     size_t *len, dl_error *e);

#endif
