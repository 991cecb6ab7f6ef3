/* api_openapi.c — GET /api/v1/openapi.json: the API's OpenAPI document,
 * docs/openapi.yaml converted to JSON at build time (Makefile) and
 * compiled into the binary, so what is served is what docs/ says. */
#include "web/handlers/handlers.h"
#include "core/embedded.h"

void h_api_openapi(request *r)
{
    const struct embedded_file *f = embedded_find(embedded_api_docs, "openapi.json");
    if (!f) { res_error(r, DL_EINTERNAL, "API-beskrivningen saknas i programmet."); return; }
    res_json(r, 200, (const char *)f->data);
}
