/* dcat_model.c — builds the catalogue's triples (dcat_model.h). Every node
 * has an IRI under BASE; the shared vocabulary nodes (the health theme,
 * access rights, formats, languages, publisher types) are typed where they
 * are used, so that the SHACL shapes of DCAT-AP 3.0.1, which check a value's
 * class in the data itself, find it. The graph drops repeated triples. */
#include "rdf/dcat_model.h"
#include "rdf/rdf_vocab.h"
#include "core/content.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *const dcat_dataset_types[] = {"register", "quality-register", "dataset", NULL};

#define DCAT_CATALOG_TITLE_SV "Kunskapsguidens datakatalog"
#define DCAT_CATALOG_TITLE_EN "The knowledge guide's data catalogue"
#define DCAT_CATALOG_DESC_SV                                                                                   \
    "Hälsodataregister, nationella kvalitetsregister och andra datamängder med hälsodata i Sverige: vem som " \
    "håller dem, vilken tid och vilka personer de täcker, vilka lagar som styr dem och hur man ansöker om data."
#define DCAT_CATALOG_DESC_EN                                                                                    \
    "Health data registers, national quality registers and other health datasets in Sweden: who holds them, " \
    "which time and people they cover, which laws govern them and how to apply for data."

typedef struct builder {
    const dcat_input *in;
    rdf_graph *g;
    arena *a;
} builder;

static const char *iri(builder *b, const char *path, const char *id, const char *frag)
{
    return arena_printf(b->a, "%s%s%s%s%s", b->in->base, path, id ? id : "", frag ? "#" : "", frag ? frag : "");
}

static const guide_item *find(const guide_item *items, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(items[i].id, id) == 0) return &items[i];
    return NULL;
}

static void concept(builder *b, const char *c, const char *label_sv, const char *label_en)
{
    rdf_add_type(b->g, c, NS_SKOS "Concept");
    rdf_add_lit(b->g, c, NS_SKOS "prefLabel", label_sv, "sv");
    rdf_add_lit(b->g, c, NS_SKOS "prefLabel", label_en, "en");
}

static void health_theme(builder *b, const char *subject)
{
    rdf_add_iri(b->g, subject, NS_DCAT "theme", EU_THEME_HEALTH);
    concept(b, EU_THEME_HEALTH, "Hälsa", "Health");
    rdf_add_iri(b->g, EU_THEME_HEALTH, NS_SKOS "inScheme", EU_THEME_SCHEME);
    rdf_add_type(b->g, EU_THEME_SCHEME, NS_SKOS "ConceptScheme");
    rdf_add_lit(b->g, EU_THEME_SCHEME, NS_DCT "title", "Data theme", "en");
}

/* The publisher type of a holder by its item type (ADMS), or NULL. */
static const struct { const char *item_type, *concept, *sv, *en; } publisher_types[] = {
    {"agency", ADMS_PUBLISHER_TYPE "NationalAuthority", "Statlig myndighet", "National authority"},
    {"region", ADMS_PUBLISHER_TYPE "RegionalAuthority", "Region", "Regional authority"},
};

static const char *agent(builder *b, const guide_item *holder)
{
    const char *ag = iri(b, "/guide/", holder->id, "agent");
    rdf_add_type(b->g, ag, NS_FOAF "Agent");
    rdf_add_lit(b->g, ag, NS_FOAF "name", holder->title, "sv");
    rdf_add_lit(b->g, ag, NS_FOAF "name", holder->title_en, "en");
    for (size_t i = 0; i < sizeof publisher_types / sizeof publisher_types[0]; i++)
        if (holder->type && strcmp(holder->type, publisher_types[i].item_type) == 0) {
            rdf_add_iri(b->g, ag, NS_DCT "type", publisher_types[i].concept);
            concept(b, publisher_types[i].concept, publisher_types[i].sv, publisher_types[i].en);
        }
    return ag;
}

/* A contact point (vcard:Organization) at cp named name, reached at page
 * and, when the content gives one, at an e-mail address. */
static void contact(builder *b, const char *cp, const char *name, const char *page, const char *mail)
{
    rdf_add_type(b->g, cp, NS_VCARD "Organization");
    rdf_add_type(b->g, cp, NS_VCARD "Kind");
    rdf_add_lit(b->g, cp, NS_VCARD "fn", name, "sv");
    if (mail && *mail) rdf_add_iri(b->g, cp, NS_VCARD "hasEmail", arena_printf(b->a, "mailto:%s", mail));
    rdf_add_iri(b->g, cp, NS_VCARD "hasURL", page);
}

const char *dcat_law_iri(arena *a, const char *sfs, const char *celex)
{
    if (celex && strlen(celex) == 10 && celex[0] == '3') {
        int ok = 1;
        for (int i = 1; i < 10; i++) ok &= i == 5 ? isupper((unsigned char)celex[i]) != 0 : isdigit((unsigned char)celex[i]) != 0;
        if (!ok) return NULL;
        const char *kind = celex[5] == 'R' ? "reg" : celex[5] == 'L' ? "dir" : celex[5] == 'D' ? "dec" : NULL;
        if (!kind) return arena_printf(a, "http://publications.europa.eu/resource/celex/%s", celex);
        const char *num = celex + 6;
        while (*num == '0' && num[1]) num++;
        return arena_printf(a, "http://data.europa.eu/eli/%s/%.4s/%s/oj", kind, celex + 1, num);
    }
    if (sfs && *sfs && strlen(sfs) < 20 && strspn(sfs, "0123456789:") == strlen(sfs))
        return arena_printf(a, "https://rkrattsbaser.gov.se/sfst?bet=%s", sfs);
    return NULL;
}

static void legislation(builder *b, const char *ds, const char *related)
{
    const char *p = related ? related : "", *entry;
    size_t len;
    while (content_list_next(&p, &entry, &len)) {
        char *id = arena_strndup(b->a, entry, len);
        const guide_item *law = find(b->in->laws, b->in->n_laws, id);
        if (!law || !law->source) continue;
        content_item c;
        if (content_parse(law->source, strlen(law->source), &c)) {
            const char *l = dcat_law_iri(b->a, content_get(&c, "sfs"), content_get(&c, "celex"));
            if (l) {
                rdf_add_iri(b->g, ds, NS_DCATAP "applicableLegislation", l);
                rdf_add_type(b->g, l, NS_ELI "LegalResource");
                rdf_add_lit(b->g, l, NS_DCT "title", law->title, "sv");
                rdf_add_iri(b->g, l, NS_FOAF "page", iri(b, "/guide/", law->id, NULL));
            }
        }
        content_item_free(&c);
    }
}

/* "1964" → xsd:gYear, "1964-01-01" → xsd:date; NULL for anything else. */
static const char *date_type(const char *v)
{
    if (!v) return NULL;
    if (strlen(v) == 4 && strspn(v, "0123456789") == 4) return NS_XSD "gYear";
    if (content_is_iso_date(v)) return NS_XSD "date";
    return NULL;
}

static void dataset(builder *b, const guide_item *it)
{
    rdf_graph *g = b->g;
    content_item c;
    int parsed = content_parse(it->source ? it->source : "", it->source ? strlen(it->source) : 0, &c);
    const char *ds = iri(b, "/guide/", it->id, "dataset"), *landing = iri(b, "/guide/", it->id, NULL);
    const char *dist = iri(b, "/guide/", it->id, "distribution");
    rdf_add_type(g, ds, NS_DCAT "Dataset");
    rdf_add_lit(g, ds, NS_DCT "identifier", ds, NULL);
    rdf_add_lit(g, ds, NS_DCT "title", it->title, "sv");
    rdf_add_lit(g, ds, NS_DCT "title", it->title_en, "en");
    rdf_add_lit(g, ds, NS_DCT "description", it->summary, "sv");
    rdf_add_lit(g, ds, NS_DCT "description", it->summary_en, "en");
    const char *p = it->categories ? it->categories : "", *entry;
    size_t len;
    while (content_list_next(&p, &entry, &len))
        if (len) rdf_add_lit(g, ds, NS_DCAT "keyword", arena_strndup(b->a, entry, len), "sv");
    health_theme(b, ds);
    rdf_add_iri(g, ds, NS_DCAT "landingPage", landing);
    rdf_add_type(g, landing, NS_FOAF "Document");
    /* Released only after a secrecy review (OSL): never open data. */
    rdf_add_iri(g, ds, NS_DCT "accessRights", EU_ACCESS_NON_PUBLIC);
    rdf_add_type(g, EU_ACCESS_NON_PUBLIC, NS_DCT "RightsStatement");
    rdf_add_iri(g, ds, NS_DCT "spatial", EU_COUNTRY_SWEDEN);
    rdf_add_type(g, EU_COUNTRY_SWEDEN, NS_DCT "Location");
    if (date_type(it->reviewed)) rdf_add_typed(g, ds, NS_DCT "modified", it->reviewed, date_type(it->reviewed));

    rdf_add_iri(g, ds, NS_DCAT "distribution", dist);
    rdf_add_type(g, dist, NS_DCAT "Distribution");
    rdf_add_iri(g, dist, NS_DCAT "accessURL", landing);
    rdf_add_iri(g, dist, NS_DCT "format", EU_FILE_TYPE_HTML);
    rdf_add_type(g, EU_FILE_TYPE_HTML, NS_DCT "MediaTypeOrExtent");
    rdf_add_lit(g, dist, NS_DCT "title", "Så ansöker du om data", "sv");
    rdf_add_lit(g, dist, NS_DCT "title", "How to apply for data", "en");

    if (parsed) {
        rdf_add_lit(g, dist, NS_DCT "description", content_get(&c, "how_to_apply"), "sv");
        const guide_item *holder = find(b->in->agents, b->in->n_agents, content_get(&c, "holder"));
        /* The contact point: the dataset's own where the item names an
         * address for requests (DCAT-AP-SE asks for an e-mail address),
         * else the holder's page. */
        const char *mail = content_get(&c, "contact_email");
        if (holder) {
            const char *ag = agent(b, holder);
            rdf_add_iri(g, ds, NS_DCT "publisher", ag);
            rdf_add_iri(g, ds, NS_HEALTHDCATAP "hdab", ag);
        }
        if (mail && *mail) {
            const char *cp = iri(b, "/guide/", it->id, "contact");
            rdf_add_iri(g, ds, NS_DCAT "contactPoint", cp);
            contact(b, cp, holder ? holder->title : it->title, landing, mail);
        } else if (holder) {
            const char *cp = iri(b, "/guide/", holder->id, "contact");
            rdf_add_iri(g, ds, NS_DCAT "contactPoint", cp);
            contact(b, cp, holder->title, iri(b, "/guide/", holder->id, NULL), NULL);
        }
        const char *from = content_get(&c, "coverage_from");
        if (date_type(from)) {
            const char *period = iri(b, "/guide/", it->id, "period");
            rdf_add_iri(g, ds, NS_DCT "temporal", period);
            rdf_add_type(g, period, NS_DCT "PeriodOfTime");
            rdf_add_typed(g, period, NS_DCAT "startDate", from, date_type(from));
        }
        rdf_add_lit(g, ds, NS_HEALTHDCATAP "populationCoverage", content_get(&c, "population"), "sv");
        /* The sources are pages about the dataset; a Swedish register's
         * variables are described in RUT (rut.registerforskning.se), linked
         * here when the item names it, never copied. */
        p = content_get(&c, "sources");
        if (!p) p = "";
        while (content_list_next(&p, &entry, &len)) {
            char *url = arena_strndup(b->a, entry, len);
            if (!rdf_iri_ok(url)) continue;
            rdf_add_iri(g, ds, NS_FOAF "page", url);
            rdf_add_type(g, url, NS_FOAF "Document");
        }
        legislation(b, ds, content_get(&c, "related"));
    }
    content_item_free(&c);
}

static dl_err start(builder *b, const dcat_input *in, rdf_graph *g, dl_error *e)
{
    b->in = in;
    b->g = g;
    b->a = g->a;
    if (!rdf_iri_ok(in->base) || in->base[strlen(in->base) - 1] == '/')
        return dl_fail(e, DL_EINVAL, "the catalogue needs the installation's public address (--public-url https://…)");
    return DL_OK;
}

static dl_err finish(const rdf_graph *g, dl_error *e)
{
    return g->oom ? dl_fail(e, DL_ENOMEM, "out of memory") : DL_OK;
}

static void hydra_view(builder *b)
{
    const dcat_input *in = b->in;
    int size = in->page_size > 0 ? in->page_size : DCAT_PAGE_SIZE;
    int64_t last = in->total > 0 ? (in->total + size - 1) / size : 1;
    const char *ext = in->ext ? in->ext : "ttl";
    const char *view = arena_printf(b->a, "%s/catalog.%s?page=%d", in->base, ext, in->page);
    char num[32];
    rdf_add_type(b->g, view, NS_HYDRA "PartialCollectionView");
    rdf_add_type(b->g, view, NS_HYDRA "PagedCollection");
    snprintf(num, sizeof num, "%lld", (long long)in->total);
    rdf_add_typed(b->g, view, NS_HYDRA "totalItems", num, NS_XSD "integer");
    snprintf(num, sizeof num, "%d", size);
    rdf_add_typed(b->g, view, NS_HYDRA "itemsPerPage", num, NS_XSD "integer");
    /* Hydra core's links (IRIs), and ckanext-dcat's (strings) that harvesters read. */
    struct { const char *link, *ckan; int64_t page; int show; } links[] = {
        {"first", "firstPage", 1, 1},
        {"last", "lastPage", last, 1},
        {"next", "nextPage", in->page + 1, in->page < last},
        {"previous", "previousPage", in->page - 1, in->page > 1 && in->page <= last + 1},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (!links[i].show) continue;
        const char *to = arena_printf(b->a, "%s/catalog.%s?page=%lld", in->base, ext, (long long)links[i].page);
        rdf_add_iri(b->g, view, arena_printf(b->a, NS_HYDRA "%s", links[i].link), to);
        rdf_add_lit(b->g, view, arena_printf(b->a, NS_HYDRA "%s", links[i].ckan), to, NULL);
    }
    rdf_add_iri(b->g, iri(b, "/catalog", NULL, NULL), NS_HYDRA "view", view);
}

dl_err dcat_catalog(const dcat_input *in, rdf_graph *g, dl_error *e)
{
    builder b;
    dl_err rc = start(&b, in, g, e);
    if (rc != DL_OK) return rc;
    const char *cat = iri(&b, "/catalog", NULL, NULL), *pub = iri(&b, "/catalog", NULL, "publisher");
    const char *home = iri(&b, "/guide", NULL, NULL);
    rdf_add_type(g, cat, NS_DCAT "Catalog");
    rdf_add_lit(g, cat, NS_DCT "title", DCAT_CATALOG_TITLE_SV, "sv");
    rdf_add_lit(g, cat, NS_DCT "title", DCAT_CATALOG_TITLE_EN, "en");
    rdf_add_lit(g, cat, NS_DCT "description", DCAT_CATALOG_DESC_SV, "sv");
    rdf_add_lit(g, cat, NS_DCT "description", DCAT_CATALOG_DESC_EN, "en");
    rdf_add_iri(g, cat, NS_DCT "publisher", pub);
    rdf_add_type(g, pub, NS_FOAF "Agent");
    rdf_add_lit(g, pub, NS_FOAF "name", in->publisher_name && *in->publisher_name ? in->publisher_name : "datalots",
                NULL);
    rdf_add_iri(g, cat, NS_DCT "license", LICENSE_CC0);
    rdf_add_type(g, LICENSE_CC0, NS_DCT "LicenseDocument");
    rdf_add_iri(g, cat, NS_FOAF "homepage", home);
    rdf_add_type(g, home, NS_FOAF "Document");
    rdf_add_iri(g, cat, NS_DCT "language", EU_LANGUAGE_SWEDISH);
    rdf_add_iri(g, cat, NS_DCT "language", EU_LANGUAGE_ENGLISH);
    rdf_add_type(g, EU_LANGUAGE_SWEDISH, NS_DCT "LinguisticSystem");
    rdf_add_type(g, EU_LANGUAGE_ENGLISH, NS_DCT "LinguisticSystem");
    rdf_add_iri(g, cat, NS_DCAT "themeTaxonomy", EU_THEME_SCHEME);
    rdf_add_type(g, EU_THEME_SCHEME, NS_SKOS "ConceptScheme");
    rdf_add_lit(g, EU_THEME_SCHEME, NS_DCT "title", "Data theme", "en");
    for (size_t i = 0; i < in->n_datasets; i++) {
        rdf_add_iri(g, cat, NS_DCAT "dataset", iri(&b, "/guide/", in->datasets[i].id, "dataset"));
        dataset(&b, &in->datasets[i]);
    }
    hydra_view(&b);
    return finish(g, e);
}

dl_err dcat_dataset(const dcat_input *in, rdf_graph *g, dl_error *e)
{
    builder b;
    dl_err rc = start(&b, in, g, e);
    if (rc != DL_OK) return rc;
    if (in->n_datasets != 1) return dl_fail(e, DL_EINVAL, "dcat_dataset: one dataset");
    dataset(&b, &in->datasets[0]);
    rdf_add_iri(g, iri(&b, "/catalog", NULL, NULL), NS_DCAT "dataset", iri(&b, "/guide/", in->datasets[0].id, "dataset"));
    return finish(g, e);
}
