/* catalog_rdf.c — the knowledge guide's registers, quality registers and
 * datasets as a DCAT-AP-SE / HealthDCAT-AP catalogue (docs/catalog-rdf.md):
 *   /catalog.ttl|.rdf|.jsonld?page=N   one page of the catalogue (Hydra links)
 *   /catalog                           the same by the Accept header (303)
 *   /guide/ID.ttl|.rdf|.jsonld         one dataset's document
 * and /guide/ID itself answers an Accept that prefers RDF with a 303 to its
 * document (router.c, ROUTE_RDF_CONNEG), before the page cache is asked,
 * so a browser never gets RDF and a harvester never the kept HTML.
 * Every IRI is under --public-url; without it the catalogue is refused
 * (503), since its IRIs must be absolute and stable. */
#include "web/handlers/handlers.h"
#include "web/handlers/catalog_fields.h"
#include "web/accept_media.h"
#include "web/app.h"
#include "core/alloc.h"
#include "rdf/dcat_document.h"

#include <string.h>

/* Page `page` of the catalogue, or the item only_id, in format f; the
 * public address unset or no http(s) address is 503 (dcat_document: EINVAL). */
static void catalog_document(request *r, rdf_format f, int page, const char *only_id)
{
    const char *base = r->app->cfg->public_url;
    char *text;
    size_t len;
    dl_error e = {0};
    dl_err rc = dcat_document(r->db, r->a, base, f, page, only_id, &text, &len, &e);
    if (rc == DL_ENOTFOUND && only_id) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan datamängd."); return; }
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Katalogen har inte så många sidor."); return; }
    if (rc == DL_EINVAL) {
        res_error(r, DL_ECONFIG, "Katalogen behöver installationens adress: starta datalots serve med --public-url.");
        return;
    }
    if (rc != DL_OK) { res_error(r, rc == DL_EDB || rc == DL_EBUSY ? rc : DL_EINTERNAL, "Katalogen kunde inte skrivas."); return; }
    res_text(r, 200, rdf_formats[f].content_type, text);
    dl_free(text);
}

/* The format named by the path's extension (".ttl" …), or -1. */
static int format_of_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return -1;
    return rdf_format_by_ext(dot + 1, strlen(dot + 1));
}

void h_catalog_rdf(request *r)
{
    int f = format_of_path(r->path);
    if (f < 0) { res_error(r, DL_ENOTFOUND, "Sidan finns inte."); return; }
    const form_value *page = query_at(r, CATALOG_Q_PAGE);
    catalog_document(r, (rdf_format)f, page->text ? (int)page->num : 1, NULL);
}

/* What /catalog and /guide/{id} offer, the first preferred on a tie. */
static const char *const catalog_offers[] = {"text/turtle", "application/rdf+xml", "application/ld+json", "text/html",
                                             NULL};

void h_catalog(request *r)
{
    int pick = accept_media_pick(req_header(r, "Accept"), catalog_offers);
    if (pick < 0) {
        res_error(r, DL_ENOTACCEPTABLE, "Katalogen finns som text/turtle, application/rdf+xml och application/ld+json, "
                          "och som webbsida (text/html) under /guide.");
        return;
    }
    if (pick == 3) { res_redirect(r, "/guide"); return; }
    const form_value *page = query_at(r, CATALOG_Q_PAGE);
    const char *to = page->text ? arena_printf(r->a, "/catalog.%s?page=%lld", rdf_formats[pick].ext, (long long)page->num)
                                : arena_printf(r->a, "/catalog.%s", rdf_formats[pick].ext);
    if (!to) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_redirect(r, to);
}

int guide_item_rdf(request *r, const char *id)
{
    const char *dot = strchr(id, '.');
    if (!dot) return 0;
    int f = rdf_format_by_ext(dot + 1, strlen(dot + 1));
    if (f < 0) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan sida i guiden."); return 1; }
    catalog_document(r, (rdf_format)f, 1, arena_strndup(r->a, id, (size_t)(dot - id)));
    return 1;
}

void rdf_alternates_to_ctx(request *r, struct tmpl_ctx *c, const char *path)
{
    tmpl_set_list(c, "alternates");
    for (int f = 0; f < RDF_FORMAT__MAX; f++) {
        tmpl_ctx *row = tmpl_list_append(c, "alternates");
        if (!row) return;
        tmpl_set_str(row, "type", rdf_formats[f].media_type);
        tmpl_set_str(row, "href", arena_printf(r->a, "%s.%s", path, rdf_formats[f].ext));
    }
}
