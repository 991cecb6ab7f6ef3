/* rdf_graph.h — a set of RDF triples in memory, kept in the order they were
 * first added (so the same input gives the same bytes when written out);
 * adding a triple already there does nothing. Subjects and predicates are
 * absolute IRIs; objects are IRIs or literals (with a language tag or a
 * datatype). No blank nodes: DCAT-AP-SE wants every node named. Strings
 * are copied into the graph's arena. */
#ifndef DATALOTS_RDF_GRAPH_H
#define DATALOTS_RDF_GRAPH_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"

typedef enum rdf_kind { RDF_IRI, RDF_LITERAL } rdf_kind;

typedef struct rdf_triple {
    const char *s, *p, *o;
    rdf_kind kind;        /* of o */
    const char *lang;     /* literal: "sv", "en" or NULL */
    const char *datatype; /* literal: an IRI or NULL (a plain string) */
} rdf_triple;

typedef struct rdf_graph {
    arena *a;
    rdf_triple *t;
    size_t n, cap;
    uint32_t *index; /* open addressing over t, 0 empty, else position + 1 */
    size_t index_cap;
    int oom;         /* an addition failed for want of memory */
} rdf_graph;

void rdf_graph_init(rdf_graph *g, arena *a);
void rdf_graph_free(rdf_graph *g); /* the arena's strings stay with the arena */

void rdf_add_iri(rdf_graph *g, const char *s, const char *p, const char *o);
void rdf_add_type(rdf_graph *g, const char *s, const char *class_iri);
/* A literal; nothing is added when value is NULL or empty. */
void rdf_add_lit(rdf_graph *g, const char *s, const char *p, const char *value, const char *lang);
void rdf_add_typed(rdf_graph *g, const char *s, const char *p, const char *value, const char *datatype);

/* 1 when s is an absolute http(s) IRI that the serialisers may write as it
 * is: no blanks, no control characters, none of <>"{}|\^` . */
int rdf_iri_ok(const char *s);

#endif
