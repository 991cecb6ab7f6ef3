/* catalog_fields.h — the query table of the catalogue's routes
 * (handlers/catalog_rdf.c), enum-indexed like fields.h. */
#ifndef DATALOTS_CATALOG_FIELDS_H
#define DATALOTS_CATALOG_FIELDS_H

#include "web/form.h"

/* GET /catalog, /catalog.ttl|.rdf|.jsonld */
enum { CATALOG_Q_PAGE, CATALOG_Q__MAX };
static const field_spec catalog_query[CATALOG_Q__MAX] = {
    [CATALOG_Q_PAGE] = {.name = "page", .type = FIELD_INT, .min = 1, .max = 100000, .label_sv = "Sida"},
};

#endif
