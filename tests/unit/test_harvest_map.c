/* test_harvest_map.c — rdf/harvest_rdf.c's parser (in memory) and
 * rdf/harvest_map.c's mapping and rendering, by hand: the fields a dataset
 * gives, the classes and predicates counted, Hydra's next page, slugs, the
 * placeholders and what an editor's version keeps, and the parser's limits
 * (literal, triples, XML entities, a syntax error's line). */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include "core/content.h"
#include "rdf/harvest_map.h"
#include "rdf/harvest_rdf.h"

static const char catalogue[] =
    "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
    "@prefix dct: <http://purl.org/dc/terms/> .\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
    "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .\n"
    "@prefix ex: <https://ex.example/ns#> .\n"
    "<view> a hydra:PartialCollectionView ; hydra:next <page2> .\n"
    "<d1> a dcat:Dataset ; dct:identifier \"id-1\" ;\n"
    "  dct:title \"Astma hos barn\"@sv, \"Asthma in children\"@en, \"Untagged\" ;\n"
    "  dct:description \"Barn med astma.\\nFler rader här.\"@sv ;\n"
    "  dcat:keyword \"astma\"@sv, \"barn, unga\", \"asthma\"@en ;\n"
    "  dct:publisher [ foaf:name \"Region Skåne\" ] ;\n"
    "  dcat:landingPage <https://ex.example/d1>, <ftp://ex.example/no> ;\n"
    "  foaf:page <https://ex.example/d1>, <https://ex.example/more> ;\n"
    "  dct:temporal [ dcat:startDate \"2003-04-05\" ] ;\n"
    "  ex:score 3, 4 .\n"
    "<d2> a dcat:Dataset, ex:Odd ; dct:title \"Utan id\" ; dct:issued \"2011-06-01T10:00:00Z\" .\n";

static int parse(hv_graph *g, const char *ttl, const harvest_limits *lim, char *why, size_t n)
{
    return harvest_parse(g, "turtle", "https://ex.example/page1", 1, ttl, strlen(ttl), lim, why, n);
}

static int count_of(const harvest_count *c, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].key, key) == 0) return c[i].n;
    return 0;
}

TEST(harvest_map_dataset_fields)
{
    hv_graph g = {0};
    harvest_limits lim = HARVEST_DEFAULT_LIMITS;
    char why[300] = "";
    CHECK_INT_EQ(parse(&g, catalogue, &lim, why, sizeof why), 0);
    arena *a = arena_new(1 << 16);
    harvest_mapping m;
    CHECK_INT_EQ(harvest_map(a, &g, &m), 0);
    CHECK_INT_EQ(m.n_ds, 2);
    const harvest_dataset *d = &m.ds[0];
    CHECK_STR_EQ(d->uri, "https://ex.example/d1");
    CHECK_STR_EQ(d->identifier, "id-1");
    CHECK_STR_EQ(d->title, "Astma hos barn");
    CHECK_STR_EQ(d->title_en, "Asthma in children");
    CHECK_STR_EQ(d->keywords, "astma, barn unga");          /* sv and untagged; a comma cannot split a word */
    CHECK_STR_EQ(d->pages, "https://ex.example/d1, https://ex.example/more"); /* http(s) only, each once */
    CHECK_STR_EQ(d->publisher, "Region Skåne");
    CHECK_STR_EQ(d->coverage_from, "2003-04-05");
    CHECK_INT_EQ(d->coverage_from_issued, 0);
    CHECK(m.ds[1].identifier == NULL);
    CHECK_STR_EQ(m.ds[1].coverage_from, "2011");             /* dct:issued's year, flagged */
    CHECK_INT_EQ(m.ds[1].coverage_from_issued, 1);
    CHECK_INT_EQ(count_of(m.classes, m.n_classes, "dcat:Dataset"), 2);
    CHECK_INT_EQ(count_of(m.classes, m.n_classes, "<https://ex.example/ns#Odd>"), 1);
    CHECK_INT_EQ(count_of(m.unmapped, m.n_unmapped, "<https://ex.example/ns#score>"), 2);
    CHECK_INT_EQ(count_of(m.unmapped, m.n_unmapped, "dct:title"), 0);
    CHECK_INT_EQ(count_of(m.unmapped, m.n_unmapped, "hydra:next"), 0);
    CHECK_STR_EQ(harvest_next_page(&g, 0), "https://ex.example/page2");
    arena_free(a);
    harvest_graph_free(&g);
}

TEST(harvest_next_page_old_and_new_hydra)
{
    hv_graph g = {0};
    harvest_limits lim = HARVEST_DEFAULT_LIMITS;
    char why[300];
    CHECK_INT_EQ(parse(&g, "<a> <http://www.w3.org/ns/hydra/core#nextPage> <?page=2> .\n", &lim, why, sizeof why), 0);
    CHECK_STR_EQ(harvest_next_page(&g, 0), "https://ex.example/page1?page=2");
    size_t from = g.n;
    CHECK_INT_EQ(parse(&g, "<a> <http://www.w3.org/ns/hydra/core#first> <p1> .\n", &lim, why, sizeof why), 0);
    CHECK(harvest_next_page(&g, from) == NULL); /* only the page just read counts */
    harvest_graph_free(&g);
}

TEST(harvest_slugs)
{
    arena *a = arena_new(4096);
    CHECK_STR_EQ(harvest_slug(a, "Diabetesvård i Region Skåne"), "diabetesvard-i-region-skane");
    CHECK_STR_EQ(harvest_slug(a, "  ÅÄÖ!! (x) "), "aao-x");
    CHECK_STR_EQ(harvest_slug(a, "Ωμέγα"), "");
    CHECK_STR_EQ(harvest_slug(a, ""), "");
    CHECK_INT_EQ((long long)strlen(harvest_slug(a, "ett mycket långt namn som fortsätter och fortsätter och fortsätter länge")) <= 60, 1);
    arena_free(a);
}

static int problems;
static void count_problem(void *ctx, const char *path, int line, const char *msg)
{
    (void)ctx, (void)path, (void)line;
    fprintf(stderr, "  rule: %s\n", msg);
    problems++;
}

TEST(harvest_render_placeholders_and_prior)
{
    arena *a = arena_new(1 << 16);
    char longdesc[2000];
    memset(longdesc, 0, sizeof longdesc);
    for (int i = 0; i < 80; i++) strcat(longdesc, "ordet ");
    strcat(longdesc, "slut. Andra meningen.");
    harvest_dataset d = {.uri = "https://ex.example/d", .identifier = "x`1", .title = "Prov", .desc = longdesc,
                         .keywords = "", .pages = "https://ex.example/d", .coverage_from = "1999"};
    harvest_target t = {"prov", "socialstyrelsen", "2026-01-02", "https://ex.example/", NULL};
    const char *src = harvest_render(a, &d, &t);
    CHECK(src != NULL);
    problems = 0;
    content_item it;
    content_check_item("", "prov", src, strlen(src), "2026-01-02", &it, count_problem, NULL);
    CHECK_INT_EQ(problems, 0);
    const char *summary = content_get(&it, "summary");
    CHECK(summary && strlen(summary) <= 300 && summary[strlen(summary) - 1] == '.');
    CHECK_STR_EQ(content_get(&it, "title_en"), "Prov");                 /* no English: the Swedish, flagged */
    CHECK_STR_EQ(content_get(&it, "categories"), "datamängd");
    CHECK_STR_EQ(content_get(&it, "how_to_apply"), harvest_placeholder);
    CHECK_CONTAINS(content_get(&it, "unconfirmed"), "den engelska titeln (saknas i den skördade katalogen)");
    CHECK_CONTAINS(content_get(&it, "unconfirmed"), "avgiften (saknas");
    CHECK_CONTAINS(it.body, "identifierare `x1`");                        /* no backtick breaks the code span */
    CHECK_CONTAINS(it.body, "## Så går du vidare");
    /* An editor's version: their how_to_apply, type, related and own unconfirmed fact stay. */
    const char *edited =
        "---\nid: prov\ntype: register\ntitle: Prov\ntitle_en: Test\nsummary: S.\nsummary_en: S.\ncategories: a\n"
        "sources: https://ex.example/d\nreviewed: 2025-01-01\nresponsible: registerhållare\nholder: socialstyrelsen\n"
        "coverage_from: 1999\npopulation: Alla.\nhow_to_apply: Skriv till oss.\nlead_time: " "Uppgift saknas i den skördade katalogen; se källan.\n"
        "fee: Ingen.\nrelated: gdpr\nunconfirmed: egen uppgift ; avgiften (saknas i den skördade katalogen)\n"
        "unconfirmed_checked: 2025-01-01\n---\n\nText.\n\n## Så går du vidare\n\nX.\n";
    content_item prior;
    CHECK(content_parse(edited, strlen(edited), &prior));
    t.prior = &prior;
    const char *merged = harvest_render(a, &d, &t);
    content_item m2;
    CHECK(content_parse(merged, strlen(merged), &m2));
    CHECK_STR_EQ(content_get(&m2, "type"), "register");
    CHECK_STR_EQ(content_get(&m2, "how_to_apply"), "Skriv till oss.");
    CHECK_STR_EQ(content_get(&m2, "title_en"), "Test");
    CHECK_STR_EQ(content_get(&m2, "responsible"), "registerhållare");
    CHECK_STR_EQ(content_get(&m2, "related"), "gdpr");
    CHECK_STR_EQ(content_get(&m2, "lead_time"), harvest_placeholder);    /* still missing: still flagged */
    CHECK_STR_EQ(content_get(&m2, "unconfirmed"), "egen uppgift ; handläggningstiden (saknas i den skördade katalogen)");
    content_item_free(&m2);
    content_item_free(&prior);
    content_item_free(&it);
    arena_free(a);
}

TEST(harvest_parse_limits)
{
    harvest_limits lim = HARVEST_DEFAULT_LIMITS;
    char why[300] = "";
    hv_graph g = {0};
    lim.max_literal = 10;
    CHECK_INT_EQ(parse(&g, "<a> <b> \"elva tecken\" .\n", &lim, why, sizeof why), -1);
    CHECK_CONTAINS(why, "a literal of 11 bytes is longer than the harvest allows");
    harvest_graph_free(&g);
    lim = (harvest_limits)HARVEST_DEFAULT_LIMITS;
    lim.max_triples = 2;
    CHECK_INT_EQ(parse(&g, "<a> <b> 1, 2, 3 .\n", &lim, why, sizeof why), -1);
    CHECK_CONTAINS(why, "more than 2 triples");
    harvest_graph_free(&g);
    lim = (harvest_limits)HARVEST_DEFAULT_LIMITS;
    CHECK_INT_EQ(parse(&g, "<a> <b> <c> .\n<a> <b> <c>\n<d> <e> <f> .\n", &lim, why, sizeof why), -1);
    CHECK_CONTAINS(why, "line 3: ");
    harvest_graph_free(&g);
    const char *xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e \"x\">]><r/>";
    CHECK_INT_EQ(harvest_parse(&g, "rdfxml", "https://ex.example/", 1, xml, strlen(xml), &lim, why, sizeof why), -1);
    CHECK_CONTAINS(why, "declares XML entities");
    harvest_graph_free(&g);
    static const char utf16[] = "<\0?\0x\0m\0l\0";
    CHECK_INT_EQ(harvest_parse(&g, "rdfxml", "https://ex.example/", 1, utf16, sizeof utf16 - 1, &lim, why, sizeof why), -1);
    CHECK_CONTAINS(why, "not UTF-8");
    harvest_graph_free(&g);
    /* blank nodes of two pages are two nodes */
    CHECK_INT_EQ(harvest_parse(&g, "turtle", "https://ex.example/", 1, "_:b <p> 1 .", 11, &lim, why, sizeof why), 0);
    CHECK_INT_EQ(harvest_parse(&g, "turtle", "https://ex.example/", 2, "_:b <p> 1 .", 11, &lim, why, sizeof why), 0);
    CHECK(strcmp(g.t[0].s.value, g.t[1].s.value) != 0);
    harvest_graph_free(&g);
}

TEST(harvest_format_guess_by_type_and_name)
{
    CHECK_STR_EQ(harvest_format_guess("application/rdf+xml; charset=utf-8", "x"), "rdfxml");
    CHECK_STR_EQ(harvest_format_guess("text/turtle", "x.rdf"), "turtle");
    CHECK_STR_EQ(harvest_format_guess("", "https://e/x.rdf?y=1"), "rdfxml");
    CHECK_STR_EQ(harvest_format_guess(NULL, "x.nt"), "ntriples");
    CHECK_STR_EQ(harvest_format_guess("application/octet-stream", "x"), "turtle");
    CHECK(harvest_format_known("jsonld") == NULL);
    CHECK(!harvest_is_http("file:///etc/passwd"));
    CHECK(harvest_is_http("HTTPS://e/"));
}
