/* harvest_map.c — DCAT-AP triples as guide items; see harvest_map.h. */
#include "rdf/harvest_map.h"
#include "core/strbuf.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define DCAT "http://www.w3.org/ns/dcat#"
#define DCT "http://purl.org/dc/terms/"
#define FOAF "http://xmlns.com/foaf/0.1/"
#define HYDRA "http://www.w3.org/ns/hydra/core#"
#define SCHEMA "http://schema.org/"
#define SKOS "http://www.w3.org/2004/02/skos/core#"

const char harvest_placeholder[] = "Uppgift saknas i den skördade katalogen; se källan.";

static const struct { const char *prefix, *iri; } prefixes[] = {
    {"rdf:", RDF},   {"rdfs:", RDFS},     {"dcat:", DCAT},   {"dct:", DCT}, {"foaf:", FOAF},
    {"hydra:", HYDRA}, {"schema:", SCHEMA}, {"skos:", SKOS},
    {"adms:", "http://www.w3.org/ns/adms#"}, {"vcard:", "http://www.w3.org/2006/vcard/ns#"},
    {"owl:", "http://www.w3.org/2002/07/owl#"}, {"prov:", "http://www.w3.org/ns/prov#"},
};

/* Predicates a rule reads, or that only carry the structure (paging, the
 * catalogue's list of datasets, labels of the nodes a rule follows). */
static const char *const known_predicates[] = {
    RDF "type", DCT "identifier", DCT "title", DCT "description", DCAT "keyword", DCT "publisher",
    DCAT "landingPage", FOAF "page", DCT "temporal", DCAT "startDate", SCHEMA "startDate", DCAT "endDate",
    SCHEMA "endDate", DCT "issued", DCT "accessRights", DCT "license", FOAF "name", SKOS "prefLabel", RDFS "label",
    DCAT "dataset", NULL,
};

/* Classes a rule reads (the others are counted as not mapped). */
static const char *const known_classes[] = {
    DCAT "Dataset", DCAT "Catalog", FOAF "Organization", FOAF "Agent", DCT "PeriodOfTime", DCT "RightsStatement",
    DCT "LicenseDocument", HYDRA "PartialCollectionView", HYDRA "PagedCollection", HYDRA "Collection", NULL,
};

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0) return 1;
    return 0;
}

static const char *shorten(arena *a, const char *iri)
{
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i].iri);
        if (strncmp(iri, prefixes[i].iri, n) == 0) return arena_printf(a, "%s%s", prefixes[i].prefix, iri + n);
    }
    return arena_printf(a, "<%s>", iri);
}

static int count(arena *a, harvest_count *c, int *n, int *more, const char *iri, int mapped)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(c[i].iri, iri) == 0) { c[i].n++; return 0; }
    if (*n == HARVEST_MAX_COUNTS) { if (more) (*more)++; return 0; }
    const char *key = shorten(a, iri);
    if (!key) return -1;
    c[(*n)++] = (harvest_count){key, iri, 1, mapped};
    return 0;
}

/* --- an subject_index by subject ------------------------------------------------ */

typedef struct subject_index {
    const hv_graph *g;
    size_t *by_s; /* triple numbers ordered by subject */
} subject_index;

static int cmp_subject(const void *x, const void *y, void *ctx)
{
    const hv_graph *g = ctx;
    const hv_triple *a = &g->t[*(const size_t *)x], *b = &g->t[*(const size_t *)y];
    int c = strcmp(a->s.value, b->s.value);
    return c ? c : (*(const size_t *)x < *(const size_t *)y ? -1 : 1);
}

/* The first position in by_s of subject s (or g->n when none). */
static size_t first_of(const subject_index *ix, const char *s)
{
    size_t lo = 0, hi = ix->g->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(ix->g->t[ix->by_s[mid]].s.value, s) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

#define EACH(ix, subj, pred, t)                                                                              \
    for (size_t at_ = first_of(ix, subj); at_ < (ix)->g->n && strcmp((ix)->g->t[(ix)->by_s[at_]].s.value, subj) == 0; at_++) \
        if (strcmp((t = &(ix)->g->t[(ix)->by_s[at_]])->p, pred) == 0)

static int lang_is(const char *lang, const char *want)
{
    size_t n = strlen(want);
    return strncmp(lang, want, n) == 0 && (lang[n] == '\0' || lang[n] == '-');
}

/* A literal of subj's pred: lang "sv" takes sv, else untagged; "en" takes
 * only en; "" takes untagged, sv, then any. NULL when none. */
static const char *literal(const subject_index *ix, const char *subj, const char *pred, const char *want)
{
    const hv_triple *t;
    const char *untagged = NULL, *sv = NULL, *en = NULL, *any = NULL;
    EACH(ix, subj, pred, t) {
        if (t->o.kind != HV_LITERAL) continue;
        if (!*t->o.lang && !untagged) untagged = t->o.value;
        else if (lang_is(t->o.lang, "sv") && !sv) sv = t->o.value;
        else if (lang_is(t->o.lang, "en") && !en) en = t->o.value;
        if (!any) any = t->o.value;
    }
    if (strcmp(want, "en") == 0) return en;
    if (strcmp(want, "sv") == 0) return sv ? sv : untagged;
    return untagged ? untagged : sv ? sv : any;
}

static const char *object(const subject_index *ix, const char *subj, const char *pred)
{
    const hv_triple *t;
    EACH(ix, subj, pred, t) if (t->o.kind != HV_LITERAL) return t->o.value;
    return NULL;
}

/* One line of text: controls and line breaks become blanks, runs of
 * blanks one, trimmed; sep (if not 0) also becomes a blank. */
static char *one_line(arena *a, const char *s, char sep)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    if (!out) return NULL;
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int blank = *p <= 0x20 || *p == 0x7f || (sep && *p == (unsigned char)sep);
        if (blank) { if (k && out[k - 1] != ' ') out[k++] = ' '; }
        else out[k++] = (char)*p;
    }
    while (k && out[k - 1] == ' ') k--;
    out[k] = '\0';
    return out;
}

/* 1 for an http(s) URL that can stand in a list and a Markdown autolink. */
static int usable_url(const char *u)
{
    if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) return 0;
    if (strlen(u) > 2000) return 0;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= 0x20 || *p == '<' || *p == '>' || *p == '"' || *p == '`' || *p == 0x7f || *p == ',') return 0;
    return 1;
}

static int year_ok(const char *s) { return s[0] >= '1' && s[0] <= '2' && strspn(s, "0123456789") >= 4; }

/* YYYY-MM-DD or YYYY from an xsd date, dateTime or gYear. */
static const char *date_of(arena *a, const char *v)
{
    if (!v || !year_ok(v)) return NULL;
    if (strlen(v) >= 10 && v[4] == '-' && v[7] == '-' && strspn(v + 5, "0123456789") == 2 &&
        strspn(v + 8, "0123456789") == 2) {
        char *d = arena_strndup(a, v, 10);
        if (d && content_is_iso_date(d)) return d;
    }
    if (strspn(v, "0123456789") == 4) return arena_strndup(a, v, 4);
    return NULL;
}

static const char *label_or_iri(arena *a, const subject_index *ix, const char *node)
{
    const char *l = literal(ix, node, SKOS "prefLabel", "sv");
    if (!l) l = literal(ix, node, RDFS "label", "sv");
    if (!l) l = literal(ix, node, SKOS "prefLabel", "");
    if (!l) l = literal(ix, node, RDFS "label", "");
    if (l) return one_line(a, l, 0);
    return usable_url(node) ? node : NULL;
}

static int map_dataset(arena *a, const subject_index *ix, const char *subj, harvest_dataset *d)
{
    const hv_triple *t;
    memset(d, 0, sizeof *d);
    d->uri = subj;
    const char *v = literal(ix, subj, DCT "identifier", "");
    if (!v) v = object(ix, subj, DCT "identifier");
    d->identifier = v ? one_line(a, v, 0) : NULL;
    if (d->identifier && !*d->identifier) d->identifier = NULL;
    if ((v = literal(ix, subj, DCT "title", "sv"))) d->title = one_line(a, v, 0);
    if ((v = literal(ix, subj, DCT "title", "en"))) d->title_en = one_line(a, v, 0);
    if (!d->title && (v = literal(ix, subj, DCT "title", ""))) d->title = one_line(a, v, 0);
    d->desc = literal(ix, subj, DCT "description", "sv");
    d->desc_en = literal(ix, subj, DCT "description", "en");
    if (!d->desc) d->desc = literal(ix, subj, DCT "description", "");
    strbuf kw, pages;
    sb_init(&kw, 128);
    sb_init(&pages, 128);
    EACH(ix, subj, DCAT "keyword", t) {
        if (t->o.kind != HV_LITERAL || (*t->o.lang && !lang_is(t->o.lang, "sv"))) continue;
        const char *w = one_line(a, t->o.value, ',');
        if (w && *w && utf8_count(w, strlen(w)) <= 60) { if (kw.len) sb_puts(&kw, ", "); sb_puts(&kw, w); }
    }
    static const char *const page_preds[] = {DCAT "landingPage", FOAF "page", NULL};
    for (const char *const *pp = page_preds; *pp; pp++)
        EACH(ix, subj, *pp, t) {
            if (t->o.kind != HV_IRI || !usable_url(t->o.value) || strstr(pages.data ? pages.data : "", t->o.value)) continue;
            if (pages.len) sb_puts(&pages, ", ");
            sb_puts(&pages, t->o.value);
        }
    d->keywords = arena_strdup(a, sb_cstr(&kw));
    d->pages = arena_strdup(a, sb_cstr(&pages));
    int oom = kw.oom || pages.oom;
    sb_free(&kw);
    sb_free(&pages);
    if ((d->publisher_uri = object(ix, subj, DCT "publisher"))) {
        v = literal(ix, d->publisher_uri, FOAF "name", "sv");
        if (!v) v = literal(ix, d->publisher_uri, FOAF "name", "");
        d->publisher = v ? one_line(a, v, 0) : NULL;
    }
    const char *period = object(ix, subj, DCT "temporal");
    if (period) {
        v = literal(ix, period, DCAT "startDate", "");
        if (!v) v = literal(ix, period, SCHEMA "startDate", "");
        d->coverage_from = date_of(a, v);
    }
    if (!d->coverage_from && (d->coverage_from = date_of(a, literal(ix, subj, DCT "issued", ""))))
        d->coverage_from = arena_strndup(a, d->coverage_from, 4), d->coverage_from_issued = 1;
    if ((v = object(ix, subj, DCT "accessRights"))) d->access_rights = label_or_iri(a, ix, v);
    else if ((v = literal(ix, subj, DCT "accessRights", "sv"))) d->access_rights = one_line(a, v, 0);
    if ((v = object(ix, subj, DCT "license"))) d->license = label_or_iri(a, ix, v);
    return oom || !d->keywords || !d->pages ? -1 : 0;
}

typedef struct keyed { const char *key; int pos; } keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

static int cmp_place(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

int harvest_map(arena *a, const hv_graph *g, harvest_mapping *m)
{
    memset(m, 0, sizeof *m);
    m->triples = (int)g->n;
    subject_index ix = {g, arena_alloc(a, sizeof(size_t) * (g->n ? g->n : 1))};
    if (!ix.by_s) return -1;
    for (size_t i = 0; i < g->n; i++) ix.by_s[i] = i;
    qsort_r(ix.by_s, g->n, sizeof *ix.by_s, cmp_subject, (void *)g);
    int n_ds = 0;
    for (size_t i = 0; i < g->n; i++) {
        const hv_triple *t = &g->t[i];
        if (strcmp(t->p, RDF "type") == 0 && t->o.kind == HV_IRI) {
            if (count(a, m->classes, &m->n_classes, NULL, t->o.value, in_list(known_classes, t->o.value)) != 0) return -1;
            if (strcmp(t->o.value, DCAT "Dataset") == 0) n_ds++;
        }
        if (!in_list(known_predicates, t->p) && strncmp(t->p, HYDRA, strlen(HYDRA)) != 0 &&
            count(a, m->unmapped, &m->n_unmapped, &m->more_unmapped, t->p, 0) != 0)
            return -1;
    }
    /* Each dataset once, in the order the catalogue first types it, even
     * when pages repeat a dataset's type: sorted by subject (then place),
     * the first of each run kept, then put back in place order. */
    keyed *k = arena_alloc(a, sizeof *k * (size_t)(n_ds ? n_ds : 1));
    m->ds = arena_alloc(a, sizeof *m->ds * (size_t)(n_ds ? n_ds : 1));
    if (!k || !m->ds) return -1;
    int nk = 0;
    for (size_t i = 0; i < g->n; i++) {
        const hv_triple *t = &g->t[i];
        if (strcmp(t->p, RDF "type") == 0 && t->o.kind == HV_IRI && strcmp(t->o.value, DCAT "Dataset") == 0)
            k[nk++] = (keyed){t->s.value, (int)i};
    }
    qsort(k, (size_t)nk, sizeof *k, cmp_keyed);
    int kept = 0;
    for (int i = 0; i < nk; i++)
        if (i == 0 || strcmp(k[i].key, k[i - 1].key) != 0) k[kept++] = k[i];
    qsort(k, (size_t)kept, sizeof *k, cmp_place);
    for (int i = 0; i < kept; i++)
        if (map_dataset(a, &ix, k[i].key, &m->ds[m->n_ds++]) != 0) return -1;
    /* A repeated identifier: every dataset after the first that has it. */
    nk = 0;
    for (int i = 0; i < m->n_ds; i++)
        if (m->ds[i].identifier) k[nk++] = (keyed){m->ds[i].identifier, i};
    qsort(k, (size_t)nk, sizeof *k, cmp_keyed);
    for (int i = 1; i < nk; i++)
        if (strcmp(k[i].key, k[i - 1].key) == 0) m->ds[k[i].pos].repeated_identifier = 1;
    return 0;
}

const char *harvest_next_page(const hv_graph *g, size_t from)
{
    for (size_t i = from; i < g->n; i++)
        if ((strcmp(g->t[i].p, HYDRA "next") == 0 || strcmp(g->t[i].p, HYDRA "nextPage") == 0) && g->t[i].o.kind == HV_IRI)
            return g->t[i].o.value;
    return NULL;
}

const char *harvest_slug(arena *a, const char *title)
{
    static const struct { const char *from, *to; } fold[] = {
        {"å", "a"}, {"ä", "a"}, {"ö", "o"}, {"é", "e"}, {"è", "e"}, {"ü", "u"}, {"Å", "a"}, {"Ä", "a"}, {"Ö", "o"},
        {"É", "e"}, {"Ü", "u"}, {"æ", "ae"}, {"ø", "o"}, {"Æ", "ae"}, {"Ø", "o"},
    };
    char *out = arena_alloc(a, 64);
    if (!out) return NULL;
    size_t k = 0;
    for (const char *p = title ? title : ""; *p && k < 60;) {
        const char *add = NULL;
        size_t skip = 1;
        for (size_t f = 0; f < sizeof fold / sizeof fold[0] && !add; f++)
            if (strncmp(p, fold[f].from, strlen(fold[f].from)) == 0) add = fold[f].to, skip = strlen(fold[f].from);
        char c = *p;
        char one[2] = {0};
        if (!add && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) one[0] = c, add = one;
        else if (!add && c >= 'A' && c <= 'Z') one[0] = (char)(c + 32), add = one;
        p += skip;
        if (!add) {
            if (k && out[k - 1] != '-') out[k++] = '-';
            while ((unsigned char)*p >= 0x80 && ((unsigned char)*p & 0xC0) == 0x80) p++; /* the rest of a character */
            continue;
        }
        for (; *add && k < 60; add++) out[k++] = *add;
    }
    while (k && out[k - 1] == '-') k--;
    out[k] = '\0';
    return out;
}
