/* rdf_write.h — an rdf_graph written as Turtle or RDF/XML (Debian's raptor2
 * library) or as JSON-LD (by hand with jansson: raptor2 has no JSON-LD
 * writer, and no Debian library does): a context with the prefixes of
 * rdf_vocab.h, then the graph's nodes, one object per subject. The same
 * graph gives the same bytes. */
#ifndef DATALOTS_RDF_WRITE_H
#define DATALOTS_RDF_WRITE_H

#include <stddef.h>
#include "core/err.h"
#include "rdf/rdf_graph.h"

typedef enum rdf_format { RDF_TURTLE, RDF_XML, RDF_JSONLD, RDF_FORMAT__MAX } rdf_format;

typedef struct rdf_format_info {
    const char *ext;          /* "ttl" */
    const char *media_type;   /* "text/turtle" (for Accept) */
    const char *content_type; /* with its charset */
} rdf_format_info;
extern const rdf_format_info rdf_formats[RDF_FORMAT__MAX];

/* The format of a file extension ("ttl", "rdf", "jsonld"), or -1. */
int rdf_format_by_ext(const char *ext, size_t len);

/* The graph in format f: *out (NUL-terminated, *len bytes) is freed with
 * dl_free. DL_ENOMEM, or DL_EINTERNAL when raptor2 refuses a triple. */
dl_err rdf_write(const rdf_graph *g, rdf_format f, char **out, size_t *len, dl_error *e);

#endif
