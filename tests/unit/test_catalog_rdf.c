/* test_catalog_rdf.c — the catalogue's pieces without a server: content
 * negotiation (web/accept_media.c), law IRIs, the triple set's duplicate
 * check and IRI rule (rdf/rdf_graph.c), the DCAT model from hand-made
 * items (rdf/dcat_model.c) and its writers (rdf/rdf_write.c): the same
 * graph gives the same bytes, hostile text is escaped in each format,
 * and a catalogue without an absolute address is refused. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "rdf/dcat_model.h"
#include "rdf/rdf_write.h"
#include "web/accept_media.h"

TEST(accept_media_picks_by_q_and_specificity)
{
    const char *const offers[] = {"text/turtle", "application/rdf+xml", "application/ld+json", "text/html", NULL};
    CHECK_INT_EQ(accept_media_pick(NULL, offers), 0);
    CHECK_INT_EQ(accept_media_pick("", offers), 0);
    CHECK_INT_EQ(accept_media_pick("*/*", offers), 0);
    CHECK_INT_EQ(accept_media_pick("application/rdf+xml", offers), 1);
    CHECK_INT_EQ(accept_media_pick("Application/LD+JSON", offers), 2);
    CHECK_INT_EQ(accept_media_pick("text/turtle;q=0.5, application/rdf+xml", offers), 1);
    CHECK_INT_EQ(accept_media_pick("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", offers), 3);
    CHECK_INT_EQ(accept_media_pick("text/*;q=0.3, text/html;q=0.2", offers), 0); /* text/turtle by the text range */
    CHECK_INT_EQ(accept_media_pick("image/png", offers), -1);
    CHECK_INT_EQ(accept_media_pick("text/turtle;q=0", offers), -1);
    CHECK_INT_EQ(accept_media_pick("*/*;q=0.1, text/turtle;q=0", offers), 1); /* the specific q=0 wins for turtle */
    CHECK_INT_EQ(accept_media_pick(",,;;/, garbage", offers), 0);             /* nothing readable: anything */
    const char *const page[] = {"text/html", "text/turtle", NULL};
    CHECK_INT_EQ(accept_media_pick("text/turtle, text/html", page), 0); /* a tie: the server's order */
}

TEST(law_iris_from_sfs_and_celex)
{
    arena *a = arena_new(4096);
    CHECK_STR_EQ(dcat_law_iri(a, NULL, "32016R0679"), "http://data.europa.eu/eli/reg/2016/679/oj");
    CHECK_STR_EQ(dcat_law_iri(a, NULL, "32025R0327"), "http://data.europa.eu/eli/reg/2025/327/oj");
    CHECK_STR_EQ(dcat_law_iri(a, NULL, "31995L0046"), "http://data.europa.eu/eli/dir/1995/46/oj");
    CHECK_STR_EQ(dcat_law_iri(a, NULL, "32012Q0001"), "http://publications.europa.eu/resource/celex/32012Q0001");
    CHECK_STR_EQ(dcat_law_iri(a, "2008:355", NULL), "https://rkrattsbaser.gov.se/sfst?bet=2008:355");
    CHECK(dcat_law_iri(a, "2008:355 <x>", NULL) == NULL);
    CHECK(dcat_law_iri(a, NULL, "3201xR0679") == NULL);
    CHECK(dcat_law_iri(a, NULL, NULL) == NULL);
    arena_free(a);
}

TEST(graph_keeps_each_triple_once_and_names_only_absolute_iris)
{
    arena *a = arena_new(1 << 16);
    rdf_graph g;
    rdf_graph_init(&g, a);
    for (int i = 0; i < 3; i++) {
        rdf_add_iri(&g, "https://x.se/a", "https://x.se/p", "https://x.se/b");
        rdf_add_lit(&g, "https://x.se/a", "https://x.se/p", "b", "sv");
        rdf_add_lit(&g, "https://x.se/a", "https://x.se/p", "b", "en");
        rdf_add_typed(&g, "https://x.se/a", "https://x.se/p", "b", "http://www.w3.org/2001/XMLSchema#string");
    }
    rdf_add_lit(&g, "https://x.se/a", "https://x.se/p", "", "sv"); /* empty: not added */
    CHECK_INT_EQ(g.n, 4);
    for (int i = 0; i < 5000; i++) { /* through several growths of the index */
        char o[32];
        snprintf(o, sizeof o, "v%d", i % 2500);
        rdf_add_lit(&g, "https://x.se/a", "https://x.se/q", o, NULL);
    }
    CHECK_INT_EQ(g.n, 4 + 2500);
    CHECK(!g.oom);
    rdf_graph_free(&g);
    CHECK(rdf_iri_ok("https://example.org/a?b=1"));
    CHECK(!rdf_iri_ok("/guide/x"));
    CHECK(!rdf_iri_ok("https:///x"));
    CHECK(!rdf_iri_ok("https://x.se/a b"));
    CHECK(!rdf_iri_ok("https://x.se/<script>"));
    CHECK(!rdf_iri_ok("javascript:alert(1)"));
    arena_free(a);
}

static const char *const src_register =
    "---\nid: reg\ntype: register\ntitle: Registret\ntitle_en: The register\nsummary: Ett register.\n"
    "summary_en: A register.\ncategories: register, diagnoser, register\nrelated: pdl, osl, osl-kap\n"
    "sources: https://example.org/a, https://rut.registerforskning.se/metadatakatalog/register/x/, not a url, "
    "https://example.org/a b\nreviewed: 2026-01-02\nresponsible: redaktör\nholder: myndigheten\n"
    "coverage_from: 1987\npopulation: Alla i Sverige\nhow_to_apply: Beställ\nlead_time: lång\nfee: dyr\n---\n\nText\n";
static const char *const src_hostile =
    "---\nid: ond\ntype: dataset\ntitle: x\ntitle_en: x\nsummary: x.\nsummary_en: x.\ncategories: x\n"
    "sources: https://example.org/\nreviewed: 2026-01-02\nresponsible: r\nholder: saknas\n"
    "coverage_from: aldrig\npopulation: p\nhow_to_apply: h\nlead_time: l\nfee: f\n---\n\nText\n";

static void fixture(dcat_input *in, guide_item ds[2], guide_item *agent, guide_item laws[3])
{
    memset(ds, 0, 2 * sizeof *ds);
    ds[0] = (guide_item){.id = "reg", .type = "register", .title = "Registret", .title_en = "The register",
                         .summary = "Ett register.", .summary_en = "A register.",
                         .categories = "register, diagnoser, register", .reviewed = "2026-01-02", .source = src_register};
    ds[1] = (guide_item){.id = "ond", .type = "dataset", .title = "Titel med \"citat\" & </rdf:RDF> <script>",
                         .title_en = "x\ny\\z", .summary = "]]> --> ", .summary_en = "'", .categories = "x",
                         .reviewed = "inte ett datum", .source = src_hostile};
    *agent = (guide_item){.id = "myndigheten", .type = "agency", .title = "Myndigheten", .title_en = "The Agency"};
    laws[0] = (guide_item){.id = "pdl", .type = "law", .title = "PDL",
                           .source = "---\nid: pdl\ntype: law\nsfs: 2008:355\n---\n"};
    laws[1] = (guide_item){.id = "osl", .type = "law", .title = "OSL",
                           .source = "---\nid: osl\ntype: law\nsfs: 2009:400\n---\n"};
    laws[2] = (guide_item){.id = "osl-kap", .type = "law", .title = "OSL 24 kap.",
                           .source = "---\nid: osl-kap\ntype: law\nsfs: 2009:400\n---\n"};
    *in = (dcat_input){.base = "https://data.example.se", .publisher_name = "datalots (data.example.se)",
                       .datasets = ds, .n_datasets = 2, .agents = agent, .n_agents = 1, .laws = laws, .n_laws = 3,
                       .page = 1, .page_size = 100, .total = 2, .ext = "ttl"};
}

static int has(const rdf_graph *g, const char *s, const char *p, const char *o)
{
    for (size_t i = 0; i < g->n; i++)
        if (strcmp(g->t[i].s, s) == 0 && strcmp(g->t[i].p, p) == 0 && strcmp(g->t[i].o, o) == 0) return 1;
    return 0;
}

static size_t count_p(const rdf_graph *g, const char *s, const char *p)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++) n += strcmp(g->t[i].s, s) == 0 && strcmp(g->t[i].p, p) == 0;
    return n;
}

TEST(dcat_model_from_items)
{
    arena *a = arena_new(1 << 16);
    dcat_input in;
    guide_item ds[2], agent, laws[3];
    fixture(&in, ds, &agent, laws);
    rdf_graph g;
    rdf_graph_init(&g, a);
    dl_error e;
    CHECK_INT_EQ(dcat_catalog(&in, &g, &e), DL_OK);
    const char *D = "https://data.example.se/guide/reg#dataset";
    CHECK(has(&g, "https://data.example.se/catalog", "http://www.w3.org/ns/dcat#dataset", D));
    CHECK(has(&g, "https://data.example.se/catalog", "http://purl.org/dc/terms/license",
              "http://creativecommons.org/publicdomain/zero/1.0/"));
    CHECK_INT_EQ(count_p(&g, D, "http://www.w3.org/ns/dcat#keyword"), 2); /* "register" once */
    CHECK_INT_EQ(count_p(&g, D, "http://xmlns.com/foaf/0.1/page"), 2);    /* the two real URLs */
    CHECK(has(&g, D, "http://xmlns.com/foaf/0.1/page", "https://rut.registerforskning.se/metadatakatalog/register/x/"));
    CHECK_INT_EQ(count_p(&g, D, "http://data.europa.eu/r5r/applicableLegislation"), 2); /* OSL's two items: one law */
    CHECK(has(&g, D, "http://purl.org/dc/terms/publisher", "https://data.example.se/guide/myndigheten#agent"));
    CHECK(has(&g, D, "http://healthdataportal.eu/ns/health#hdab", "https://data.example.se/guide/myndigheten#agent"));
    CHECK(has(&g, "https://data.example.se/guide/myndigheten#agent", "http://purl.org/dc/terms/type",
              "http://purl.org/adms/publishertype/NationalAuthority"));
    CHECK(has(&g, "https://data.example.se/guide/reg#period", "http://www.w3.org/ns/dcat#startDate", "1987"));
    CHECK(has(&g, D, "http://healthdataportal.eu/ns/health#populationCoverage", "Alla i Sverige"));
    CHECK_INT_EQ(count_p(&g, D, "http://healthdataportal.eu/ns/health#numberOfRecords"), 0); /* not known: not said */
    /* The hostile item: a holder that is not there, a coverage that is no year, no date. */
    const char *O = "https://data.example.se/guide/ond#dataset";
    CHECK_INT_EQ(count_p(&g, O, "http://purl.org/dc/terms/publisher"), 0);
    CHECK_INT_EQ(count_p(&g, O, "http://purl.org/dc/terms/temporal"), 0);
    CHECK_INT_EQ(count_p(&g, O, "http://purl.org/dc/terms/modified"), 0);
    CHECK(has(&g, "https://data.example.se/catalog.ttl?page=1", "http://www.w3.org/ns/hydra/core#totalItems", "2"));
    CHECK_INT_EQ(count_p(&g, "https://data.example.se/catalog.ttl?page=1", "http://www.w3.org/ns/hydra/core#next"), 0);
    for (size_t i = 0; i < g.n; i++) { /* every subject a named, absolute IRI */
        CHECK(rdf_iri_ok(g.t[i].s));
        CHECK(g.t[i].kind == RDF_LITERAL || rdf_iri_ok(g.t[i].o));
    }
    rdf_graph_free(&g);

    in.total = 250; /* page 2 of 3 */
    in.page = 2;
    rdf_graph_init(&g, a);
    CHECK_INT_EQ(dcat_catalog(&in, &g, &e), DL_OK);
    const char *view = "https://data.example.se/catalog.ttl?page=2";
    CHECK(has(&g, view, "http://www.w3.org/ns/hydra/core#next", "https://data.example.se/catalog.ttl?page=3"));
    CHECK(has(&g, view, "http://www.w3.org/ns/hydra/core#previous", "https://data.example.se/catalog.ttl?page=1"));
    CHECK(has(&g, view, "http://www.w3.org/ns/hydra/core#lastPage", "https://data.example.se/catalog.ttl?page=3"));
    rdf_graph_free(&g);

    in.base = "data.example.se"; /* no scheme: not absolute */
    rdf_graph_init(&g, a);
    CHECK_INT_EQ(dcat_catalog(&in, &g, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "--public-url");
    rdf_graph_free(&g);
    in.base = "https://data.example.se/";
    rdf_graph_init(&g, a);
    CHECK_INT_EQ(dcat_catalog(&in, &g, &e), DL_EINVAL);
    rdf_graph_free(&g);
    arena_free(a);
}

TEST(rdf_writers_are_deterministic_and_escape)
{
    arena *a = arena_new(1 << 16);
    dcat_input in;
    guide_item ds[2], agent, laws[3];
    fixture(&in, ds, &agent, laws);
    for (int f = 0; f < RDF_FORMAT__MAX; f++) {
        char *out[2] = {NULL, NULL};
        size_t len[2];
        for (int k = 0; k < 2; k++) {
            rdf_graph g;
            rdf_graph_init(&g, a);
            dl_error e;
            CHECK_INT_EQ(dcat_catalog(&in, &g, &e), DL_OK);
            CHECK_INT_EQ(rdf_write(&g, (rdf_format)f, &out[k], &len[k], &e), DL_OK);
            rdf_graph_free(&g);
        }
        int same = len[0] == len[1] && memcmp(out[0], out[1], len[0]) == 0;
        CHECK(same);
        CHECK(strlen(out[0]) == len[0]);
        CHECK(!strstr(out[0], "_:"));         /* no blank node */
        if (f == RDF_TURTLE) {
            CHECK_CONTAINS(out[0], "@prefix dcat: <http://www.w3.org/ns/dcat#>");
            CHECK_CONTAINS(out[0], "\\\"citat\\\"");
        } else if (f == RDF_XML) {
            CHECK_CONTAINS(out[0], "&lt;script&gt;");
            CHECK(!strstr(out[0], "<script>"));    /* markup in a title stays text */
            CHECK(!strstr(out[0], "</rdf:RDF> ")); /* and cannot end the document early */
        } else {
            CHECK_CONTAINS(out[0], "\"@context\"");
            CHECK_CONTAINS(out[0], "\"dcat:Dataset\"");
            CHECK_CONTAINS(out[0], "x\\ny\\\\z");
        }
        dl_free(out[0]);
        dl_free(out[1]);
    }
    CHECK_INT_EQ(rdf_format_by_ext("ttl", 3), RDF_TURTLE);
    CHECK_INT_EQ(rdf_format_by_ext("jsonld", 6), RDF_JSONLD);
    CHECK_INT_EQ(rdf_format_by_ext("json", 4), -1);
    CHECK_INT_EQ(rdf_format_by_ext("", 0), -1);
    arena_free(a);
}
