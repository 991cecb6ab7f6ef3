/* guide_map.c — the knowledge guide's visual overview, /guide/map: the
 * regions as a tile map in inline SVG (web/tilemap.h; each square a link to
 * the region's page, reachable by keyboard) with the same regions as a
 * list beside it, and the path from research question to delivered data,
 * each step linking to the guide's pages that explain it and the request
 * form of this installation. Also what a holder holds, for the item pages
 * (guide_holdings_to_ctx, called from guide.c). */
#include "web/handlers/handlers.h"
#include "web/tilemap.h"
#include "core/content.h"
#include "store/guide.h"
#include "store/guide_facets.h"

#include <stdlib.h>
#include <string.h>

#define MAP_HOLDERS_MAX 2000 /* holders counted at most */
#define REGIONS_MAX 128 /* items of type region: the 21, and overviews without a tile */

static const char *title_of(const request *r, const guide_item *g)
{
    return r->lang == LANG_EN && *g->title_en ? g->title_en : g->title;
}
static const char *type_label(request *r, const char *type)
{
    const char *l = content_type_label_sv(type);
    return l ? tr(r, l) : type;
}

/* One step of the path from question to data: its guide items (ids,
 * comma-separated; one not published is left out) and a further link of
 * this installation (href NULL for none), which is a button when it is the
 * request form. */
static void add_step(request *r, tmpl_ctx *c, int number, const char *title, const char *text, const char *items,
                     const char *href, const char *label)
{
    tmpl_ctx *o = tmpl_list_append(c, "steps");
    if (!o) return;
    tmpl_set_int(o, "number", number);
    tmpl_set_str(o, "title", title);
    tmpl_set_str(o, "text", text);
    const char *p = items, *entry;
    size_t len;
    tmpl_set_list(o, "links");
    while (content_list_next(&p, &entry, &len)) {
        guide_item item;
        dl_error e = {0};
        const char *id = len ? arena_strndup(r->a, entry, len) : NULL;
        const guide_item *g = id && guide_brief(r->db, r->a, id, &item, &e) == DL_OK ? &item : NULL;
        tmpl_ctx *l = g ? tmpl_list_append(o, "links") : NULL;
        if (!l) continue;
        tmpl_set_str(l, "href", arena_printf(r->a, "/guide/%s", g->id));
        tmpl_set_str(l, "label", title_of(r, g));
    }
    tmpl_ctx *l = href ? tmpl_list_append(o, "links") : NULL;
    if (!l) return;
    tmpl_set_str(l, "href", href);
    tmpl_set_str(l, "label", label);
    tmpl_set_bool(l, "action", strncmp(href, "/cases/", 7) == 0);
}

static void path_to_ctx(request *r, tmpl_ctx *c)
{
    add_step(r, c, 1, tr(r, "Forskningsfråga"),
             tr(r, "Formulera frågan, populationen och perioden, och gör en plan för hur data ska hanteras."),
             "guide-fran-fraga-till-data, guide-datasakerhetsplan", NULL, NULL);
    add_step(r, c, 2, tr(r, "Etikprövning"),
             tr(r, "Forskning med känsliga personuppgifter behöver Etikprövningsmyndighetens godkännande."),
             "guide-etikprovning, etikprovningsmyndigheten", NULL, NULL);
    add_step(r, c, 3, tr(r, "Hitta data och datahållare"),
             tr(r, "Se vilka register och datamängder som finns och vem som lämnar ut dem."),
             "guide-kostnader-och-tider", "#regioner", tr(r, "Regionerna på kartan"));
    /* This installation is a holder that runs datalots: its request form. */
    add_step(r, c, 4, tr(r, "Ansökan"),
             tr(r, "Ansök hos varje datahållare. Där datahållaren använder datalots ansöker du i formuläret här."),
             "guide-ansokan-till-region, guide-ansokan-till-socialstyrelsen", "/cases/new", tr(r, "Ansök om data"));
    add_step(r, c, 5, tr(r, "Sekretessprövning och beslut"),
             tr(r, "Datahållaren prövar om uppgifterna kan lämnas ut och fattar ett beslut som går att överklaga."),
             "guide-sekretessprovning, overklagande-av-utlamnandebeslut", NULL, NULL);
    add_step(r, c, 6, tr(r, "Uttag och leverans"),
             tr(r, "Uppgifterna tas ut, samkörs och pseudonymiseras och levereras säkert."),
             "guide-samkorning-av-register, guide-pseudonymisering", NULL, NULL);
    add_step(r, c, 7, tr(r, "Analys"), tr(r, "Analysera i en säker miljö och spara eller gallra uppgifterna enligt planen."),
             "guide-datasakerhetsplan", NULL, NULL);
}

/* In the alphabet's order of the short names: Västra Götaland among the V. */
static int by_name(const void *a, const void *b)
{
    return tilemap_name_cmp(((const tilemap_tile *)a)->label, ((const tilemap_tile *)b)->label);
}

static int by_place(const void *a, const void *b)
{
    const tilemap_tile *x = a, *y = b;
    return x->row != y->row ? x->row - y->row : x->col - y->col;
}

void h_guide_map(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    guide_item *regions = arena_alloc(r->a, sizeof *regions * REGIONS_MAX);
    guide_facet_value *held = arena_alloc(r->a, sizeof *held * MAP_HOLDERS_MAX);
    tilemap_tile *tiles = arena_alloc(r->a, sizeof *tiles * REGIONS_MAX);
    if (!c || !regions || !held || !tiles) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    static const char *const region_type[] = {"region", NULL};
    int n_regions = 0, n_held = 0;
    dl_error e = {0};
    dl_err rc = guide_list_sources(r->db, r->a, region_type, regions, REGIONS_MAX, &n_regions, &e);
    /* How many registers, datasets … each holder has (its facet rows). */
    if (rc == DL_OK)
        rc = guide_facet_totals(r->db, r->a, GF_HOLDER, guide_holding_types, held, MAP_HOLDERS_MAX, &n_held, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    int n = 0;
    for (int i = 0; i < n_regions; i++) {
        content_item parsed;
        int col, row;
        if (content_parse(regions[i].source, strlen(regions[i].source), &parsed) &&
            tilemap_parse_tile(content_get(&parsed, "tile"), &col, &row) == 0) {
            const char *code = content_get(&parsed, "region_code");
            tiles[n] = (tilemap_tile){.id = regions[i].id, .name = title_of(r, &regions[i]),
                                      .code = arena_strdup(r->a, code ? code : ""), .col = col, .row = row};
            tiles[n].label = tilemap_short_name(r->a, tiles[n].name);
            if (!tiles[n].label || !tiles[n].code) {
                content_item_free(&parsed);
                res_error(r, DL_ENOMEM, "Servern fick slut på minne.");
                return;
            }
            n++;
        }
        content_item_free(&parsed); /* an item without a tile (sjukvårdsregioner …) is not on the map */
    }
    /* The squares in reading order (north to south, west to east): the
     * order Tab visits them; the list in the alphabet's. */
    tilemap_tile *placed = arena_alloc(r->a, sizeof *placed * (size_t)(n ? n : 1));
    if (!placed) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (n) memcpy(placed, tiles, sizeof *tiles * (size_t)n);
    qsort(placed, (size_t)n, sizeof *placed, by_place);
    tilemap_to_ctx(r->a, c, placed, n);
    qsort(tiles, (size_t)n, sizeof *tiles, by_name);
    tmpl_set_list(c, "regions");
    for (int i = 0; i < n; i++) {
        int holdings = 0;
        for (int k = 0; k < n_held; k++)
            if (strcmp(held[k].value, tiles[i].id) == 0) holdings = held[k].count;
        tmpl_ctx *o = tmpl_list_append(c, "regions");
        if (!o) break;
        tmpl_set_str(o, "id", tiles[i].id);
        tmpl_set_str(o, "name", tiles[i].name);
        tmpl_set_str(o, "code", tiles[i].code);
        tmpl_set_int(o, "holdings", holdings);
    }
    tmpl_set_int(c, "n_regions", n);
    path_to_ctx(r, c);
    res_page(r, 200, "guide_map.html", "Karta och vägen till data", c);
}

void guide_holdings_to_ctx(request *r, tmpl_ctx *c, const guide_item *g)
{
    enum { HOLDINGS_MAX = 500 };
    guide_item *held = arena_alloc(r->a, sizeof *held * HOLDINGS_MAX);
    int n = 0;
    dl_error e = {0};
    if (!held || guide_holdings(r->db, r->a, g->id, held, HOLDINGS_MAX, &n, &e) != DL_OK) {
        r->res.not_for_page_cache = 1; /* shown without the list this once; not kept */
        return;
    }
    int region = strcmp(g->type, "region") == 0;
    tmpl_set_bool(c, "is_region", region);
    if (!n) return;
    tmpl_set_str(c, "holdings_heading", tr(r, region ? "Data hos regionen" : "Data hos datahållaren"));
    tmpl_set_list(c, "holdings");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *o = tmpl_list_append(c, "holdings");
        if (!o) return;
        tmpl_set_str(o, "id", held[i].id);
        tmpl_set_str(o, "title", title_of(r, &held[i]));
        tmpl_set_str(o, "type_label", type_label(r, held[i].type));
    }
}
