/* harvest_rdf.h — reading another catalogue's RDF for `datalots catalog
 * harvest`: one page fetched (libcurl for http/https, or a local file) with
 * a size cap and a timeout, then parsed with Debian's raptor2 into triples
 * held in memory. Turtle, RDF/XML and N-Triples; raptor2 reads no JSON-LD.
 *
 * Hardening: raptor may not fetch anything itself (RAPTOR_OPTION_NO_NET,
 * NO_FILE, LOAD_EXTERNAL_ENTITIES off); an RDF/XML page that declares XML
 * entities (<!ENTITY …>: billion laughs, external entities) is refused
 * before parsing; a literal longer than max_literal and more than
 * max_triples triples in all stop the parse. Every refusal is a sentence
 * with the page and, where raptor knows it, the line. */
#ifndef DATALOTS_RDF_HARVEST_RDF_H
#define DATALOTS_RDF_HARVEST_RDF_H

#include <stddef.h>
#include "core/arena.h"

typedef struct harvest_limits {
    size_t max_bytes;   /* of one page */
    int max_pages;
    size_t max_triples; /* over all pages */
    size_t max_literal; /* bytes of one literal */
    long timeout;       /* seconds for one page */
} harvest_limits;

#define HARVEST_DEFAULT_LIMITS {8u << 20, 100, 200000u, 65536u, 30L}

enum { HV_IRI, HV_BNODE, HV_LITERAL };

typedef struct hv_term {
    int kind;
    const char *value;            /* IRI, blank node label (unique over pages), literal text */
    const char *lang, *datatype;  /* literals only; "" when none */
} hv_term;

typedef struct hv_triple {
    hv_term s, o;
    const char *p;
} hv_triple;

typedef struct hv_graph {
    hv_triple *t;
    size_t n, cap;
    arena *a; /* every string */
} hv_graph;

/* Formats by name: "turtle", "rdfxml", "ntriples"; NULL for another. */
const char *harvest_format_known(const char *name);
/* The format a page's Content-Type or name suggests ("turtle" when unsure). */
const char *harvest_format_guess(const char *content_type, const char *where);

/* 1 for an http:// or https:// URL; 0 for anything else. */
int harvest_is_http(const char *where);

/* Reads one page: an http(s) URL with libcurl (only http and https, also
 * on redirects) or a local file (where without "scheme://"). Fills *buf
 * (dl_free it), *len and content_type (may be ""). 0, or -1 with why. */
int harvest_fetch(const char *where, const harvest_limits *lim, char **buf, size_t *len, char *content_type,
                  size_t ctsz, char *why, size_t whysz);

/* Parses len bytes as format with base (an absolute URI) into g, blank
 * nodes labelled with page so that pages do not share them. 0, or -1 with
 * why (a sentence with the line where raptor gives one); g then holds what
 * came before (the caller discards the whole harvest). */
int harvest_parse(hv_graph *g, const char *format, const char *base, int page, const char *buf, size_t len,
                  const harvest_limits *lim, char *why, size_t whysz);

void harvest_graph_free(hv_graph *g);

#endif
