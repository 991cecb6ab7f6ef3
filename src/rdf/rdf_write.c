/* rdf_write.c — the serialisers of rdf_write.h. raptor2 writes Turtle
 * ("turtle") and RDF/XML ("rdfxml-abbrev": one element per subject); its
 * world is made and freed per document under one lock, since its first
 * opening initialises libxml2, which is not safe to do from two threads. */
#include "rdf/rdf_write.h"
#include "rdf/rdf_vocab.h"
#include "core/alloc.h"

#include <jansson.h>
#include <pthread.h>
#include <raptor2.h>
#include <string.h>

const rdf_format_info rdf_formats[RDF_FORMAT__MAX] = {
    [RDF_TURTLE] = {"ttl", "text/turtle", "text/turtle; charset=utf-8"},
    [RDF_XML] = {"rdf", "application/rdf+xml", "application/rdf+xml; charset=utf-8"},
    [RDF_JSONLD] = {"jsonld", "application/ld+json", "application/ld+json; charset=utf-8"},
};

int rdf_format_by_ext(const char *ext, size_t len)
{
    for (int f = 0; f < RDF_FORMAT__MAX; f++)
        if (strlen(rdf_formats[f].ext) == len && memcmp(rdf_formats[f].ext, ext, len) == 0) return f;
    return -1;
}

static pthread_mutex_t raptor_lock = PTHREAD_MUTEX_INITIALIZER;

static raptor_term *term_of(raptor_world *w, const rdf_triple *t)
{
    if (t->kind == RDF_IRI) return raptor_new_term_from_uri_string(w, (const unsigned char *)t->o);
    raptor_uri *dt = t->datatype ? raptor_new_uri(w, (const unsigned char *)t->datatype) : NULL;
    raptor_term *term = raptor_new_term_from_literal(w, (const unsigned char *)t->o, dt,
                                                     (const unsigned char *)t->lang);
    if (dt) raptor_free_uri(dt);
    return term;
}

static dl_err write_raptor(const rdf_graph *g, const char *syntax, char **out, size_t *len, dl_error *e)
{
    pthread_mutex_lock(&raptor_lock);
    dl_err rc = DL_OK;
    unsigned char *str = NULL;
    size_t n = 0;
    raptor_world *w = raptor_new_world();
    raptor_serializer *ser = NULL;
    if (!w || raptor_world_open(w) != 0 || !(ser = raptor_new_serializer(w, syntax))) {
        rc = dl_fail(e, DL_ENOMEM, "the RDF writer could not start");
        goto out;
    }
    for (size_t i = 0; i < RDF_N_PREFIXES; i++) {
        raptor_uri *ns = raptor_new_uri(w, (const unsigned char *)rdf_prefixes[i].ns);
        if (ns) raptor_serializer_set_namespace(ser, ns, (const unsigned char *)rdf_prefixes[i].prefix);
        if (ns) raptor_free_uri(ns);
    }
    if (raptor_serializer_start_to_string(ser, NULL, (void **)&str, &n) != 0) {
        rc = dl_fail(e, DL_ENOMEM, "the RDF writer could not start");
        goto out;
    }
    for (size_t i = 0; i < g->n && rc == DL_OK; i++) {
        const rdf_triple *t = &g->t[i];
        raptor_term *s = raptor_new_term_from_uri_string(w, (const unsigned char *)t->s);
        raptor_term *p = raptor_new_term_from_uri_string(w, (const unsigned char *)t->p);
        raptor_term *o = term_of(w, t);
        raptor_statement *st = s && p && o ? raptor_new_statement_from_nodes(w, s, p, o, NULL) : NULL;
        if (!st) {
            if (s) raptor_free_term(s);
            if (p) raptor_free_term(p);
            if (o) raptor_free_term(o);
            rc = dl_fail(e, DL_EINTERNAL, "the RDF writer refused <%s> <%s>", t->s, t->p);
            break;
        }
        if (raptor_serializer_serialize_statement(ser, st) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "the RDF writer refused <%s> <%s>", t->s, t->p);
        raptor_free_statement(st);
    }
    raptor_serializer_serialize_end(ser);
    raptor_free_serializer(ser);
    ser = NULL;
    if (rc == DL_OK) {
        *out = dl_malloc(n + 1);
        if (!*out) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else {
            memcpy(*out, str ? (const char *)str : "", n);
            (*out)[n] = 0;
            *len = n;
        }
    }
out:
    if (str) raptor_free_memory(str);
    if (ser) raptor_free_serializer(ser);
    if (w) raptor_free_world(w);
    pthread_mutex_unlock(&raptor_lock);
    return rc;
}

/* prefix:local when iri is in a namespace of rdf_vocab.h (local part
 * without '/' or '#'), else the IRI itself; in a caller's buffer. */
static const char *compact(const char *iri, char *buf, size_t bufsz)
{
    for (size_t i = 0; i < RDF_N_PREFIXES; i++) {
        size_t nl = strlen(rdf_prefixes[i].ns);
        if (strncmp(iri, rdf_prefixes[i].ns, nl) != 0) continue;
        const char *local = iri + nl;
        if (!*local || strpbrk(local, "/#?:")) break;
        snprintf(buf, bufsz, "%s:%s", rdf_prefixes[i].prefix, local);
        if (strlen(buf) < bufsz - 1) return buf;
        break;
    }
    return iri;
}

static int add_value(json_t *node, const rdf_triple *t)
{
    char key[256];
    const char *k = compact(t->p, key, sizeof key);
    json_t *v;
    if (t->kind == RDF_IRI) v = json_pack("{s:s}", "@id", t->o);
    else if (t->lang) v = json_pack("{s:s,s:s}", "@value", t->o, "@language", t->lang);
    else if (t->datatype) v = json_pack("{s:s,s:s}", "@value", t->o, "@type", t->datatype);
    else v = json_pack("{s:s}", "@value", t->o);
    if (!v) return -1;
    json_t *list = json_object_get(node, k);
    if (!list) {
        list = json_array();
        if (!list || json_object_set_new(node, k, list) != 0) { json_decref(v); return -1; }
    }
    return json_array_append_new(list, v);
}

static dl_err write_jsonld(const rdf_graph *g, char **out, size_t *len, dl_error *e)
{
    json_t *root = json_object(), *ctx = json_object(), *graph = json_array();
    json_t *by_subject = json_object(); /* subject → its node in graph */
    int bad = !root || !ctx || !graph || !by_subject;
    for (size_t i = 0; !bad && i < RDF_N_PREFIXES; i++)
        bad = json_object_set_new(ctx, rdf_prefixes[i].prefix, json_string(rdf_prefixes[i].ns)) != 0;
    for (size_t i = 0; !bad && i < g->n; i++) {
        const rdf_triple *t = &g->t[i];
        json_t *node = json_object_get(by_subject, t->s);
        if (!node) {
            node = json_pack("{s:s}", "@id", t->s);
            bad = !node || json_array_append_new(graph, node) != 0 || json_object_set(by_subject, t->s, node) != 0;
            if (bad) break;
        }
        if (t->kind == RDF_IRI && strcmp(t->p, RDF_TYPE) == 0) {
            char buf[256];
            json_t *types = json_object_get(node, "@type");
            if (!types) {
                types = json_array();
                bad = !types || json_object_set_new(node, "@type", types) != 0;
            }
            if (!bad) bad = json_array_append_new(types, json_string(compact(t->o, buf, sizeof buf))) != 0;
        } else {
            bad = add_value(node, t) != 0;
        }
    }
    if (!bad) bad = json_object_set_new(root, "@context", ctx) != 0 || json_object_set_new(root, "@graph", graph) != 0;
    else { json_decref(ctx); json_decref(graph); }
    char *s = bad ? NULL : json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(by_subject);
    json_decref(root);
    if (!s) return dl_fail(e, DL_ENOMEM, "out of memory");
    *len = strlen(s);
    *out = dl_malloc(*len + 2);
    if (*out) {
        memcpy(*out, s, *len);
        (*out)[(*len)++] = '\n';
        (*out)[*len] = 0;
    }
    free(s);
    return *out ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
}

dl_err rdf_write(const rdf_graph *g, rdf_format f, char **out, size_t *len, dl_error *e)
{
    *out = NULL;
    *len = 0;
    if (g->oom) return dl_fail(e, DL_ENOMEM, "out of memory");
    switch (f) {
    case RDF_TURTLE: return write_raptor(g, "turtle", out, len, e);
    case RDF_XML: return write_raptor(g, "rdfxml-abbrev", out, len, e);
    case RDF_JSONLD: return write_jsonld(g, out, len, e);
    default: return dl_fail(e, DL_EINVAL, "unknown RDF format");
    }
}
