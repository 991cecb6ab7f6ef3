/* embedded.h — files compiled into the binary by tools/embed.c: templates,
 * static assets, SQL migrations and the API's OpenAPI document. Each set ends with a {NULL} entry and is
 * sorted by name. */
#ifndef DATALOTS_EMBEDDED_H
#define DATALOTS_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;          /* path relative to its folder, e.g. "base.html" */
    const unsigned char *data; /* NUL-terminated for convenience */
    size_t len;                /* without the NUL */
};

extern const struct embedded_file embedded_templates[];
extern const struct embedded_file embedded_static[];
extern const struct embedded_file embedded_migrations[];
extern const struct embedded_file embedded_api_docs[]; /* openapi.json, from docs/openapi.yaml */

/* The file called name in set, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *set, const char *name);

#endif
