/* rdf_graph.c — the triple set of rdf_graph.h: an array in insertion order
 * and an open-addressing index over it for the duplicate check. */
#include "rdf/rdf_graph.h"
#include "core/alloc.h"

#include <string.h>

void rdf_graph_init(rdf_graph *g, arena *a)
{
    memset(g, 0, sizeof *g);
    g->a = a;
}

void rdf_graph_free(rdf_graph *g)
{
    dl_free(g->t);
    dl_free(g->index);
    g->t = NULL;
    g->index = NULL;
    g->n = g->cap = g->index_cap = 0;
}

static uint64_t mix(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) h = (h ^ *p) * 1099511628211u;
    return (h ^ 0xff) * 1099511628211u; /* a separator: parts can't run together */
}

static uint64_t hash_of(const rdf_triple *t)
{
    uint64_t h = 14695981039346656037u;
    h = mix(h, t->s);
    h = mix(h, t->p);
    h = mix(h, t->o);
    h = mix(h, t->kind == RDF_IRI ? "i" : "l");
    h = mix(h, t->lang);
    return mix(h, t->datatype);
}

static int same_str(const char *x, const char *y) { return (!x && !y) || (x && y && strcmp(x, y) == 0); }

static int same(const rdf_triple *x, const rdf_triple *y)
{
    return x->kind == y->kind && strcmp(x->s, y->s) == 0 && strcmp(x->p, y->p) == 0 && strcmp(x->o, y->o) == 0 &&
           same_str(x->lang, y->lang) && same_str(x->datatype, y->datatype);
}

static int grow_index(rdf_graph *g)
{
    size_t cap = g->index_cap ? g->index_cap * 2 : 1024;
    uint32_t *ix = dl_calloc(cap, sizeof *ix);
    if (!ix) return 0;
    for (size_t i = 0; i < g->n; i++) {
        size_t k = (size_t)hash_of(&g->t[i]) & (cap - 1);
        while (ix[k]) k = (k + 1) & (cap - 1);
        ix[k] = (uint32_t)(i + 1);
    }
    dl_free(g->index);
    g->index = ix;
    g->index_cap = cap;
    return 1;
}

static void add(rdf_graph *g, const rdf_triple *t)
{
    if (g->oom) return;
    if ((g->n + 1) * 2 > g->index_cap && !grow_index(g)) { g->oom = 1; return; }
    size_t k = (size_t)hash_of(t) & (g->index_cap - 1);
    while (g->index[k]) {
        if (same(&g->t[g->index[k] - 1], t)) return;
        k = (k + 1) & (g->index_cap - 1);
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 256;
        rdf_triple *nt = dl_realloc(g->t, cap * sizeof *nt);
        if (!nt) { g->oom = 1; return; }
        g->t = nt;
        g->cap = cap;
    }
    rdf_triple c = {
        .s = arena_strdup(g->a, t->s), .p = arena_strdup(g->a, t->p), .o = arena_strdup(g->a, t->o),
        .kind = t->kind, .lang = t->lang ? arena_strdup(g->a, t->lang) : NULL,
        .datatype = t->datatype ? arena_strdup(g->a, t->datatype) : NULL,
    };
    if (!c.s || !c.p || !c.o || (t->lang && !c.lang) || (t->datatype && !c.datatype)) { g->oom = 1; return; }
    g->t[g->n] = c;
    g->index[k] = (uint32_t)(++g->n);
}

void rdf_add_iri(rdf_graph *g, const char *s, const char *p, const char *o)
{
    if (!s || !p || !o) return;
    rdf_triple t = {.s = s, .p = p, .o = o, .kind = RDF_IRI};
    add(g, &t);
}

void rdf_add_type(rdf_graph *g, const char *s, const char *class_iri)
{
    rdf_add_iri(g, s, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", class_iri);
}

void rdf_add_lit(rdf_graph *g, const char *s, const char *p, const char *value, const char *lang)
{
    if (!s || !p || !value || !*value) return;
    rdf_triple t = {.s = s, .p = p, .o = value, .kind = RDF_LITERAL, .lang = lang};
    add(g, &t);
}

void rdf_add_typed(rdf_graph *g, const char *s, const char *p, const char *value, const char *datatype)
{
    if (!s || !p || !value || !*value) return;
    rdf_triple t = {.s = s, .p = p, .o = value, .kind = RDF_LITERAL, .datatype = datatype};
    add(g, &t);
}

int rdf_iri_ok(const char *s)
{
    if (!s) return 0;
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0) return 0;
    const char *host = strstr(s, "://") + 3;
    if (!*host || *host == '/') return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("<>\"{}|\\^`", *p)) return 0;
    return 1;
}
