/* harvest_map.h — DCAT-AP triples (rdf/harvest_rdf.h) as the knowledge
 * guide's items (docs/content.md). Pure: no I/O, no store.
 *
 * Each dcat:Dataset becomes one item of type `dataset`:
 *   dct:identifier            the key a later harvest matches it by
 *   dct:title                 title (sv, else untagged), title_en (@en)
 *   dct:description           summary (its first sentence) and the body
 *   dcat:keyword              categories (sv or untagged)
 *   dct:publisher foaf:name   holder: the guide's item of that name (store)
 *   dcat:landingPage, foaf:page   sources (http/https only)
 *   dct:temporal start        coverage_from (dcat:startDate, schema:startDate)
 *   dct:issued                coverage_from when there is no period (flagged)
 *   dct:accessRights, dct:license   a line of the body
 * Fields the source has no word for (population, how_to_apply, lead_time,
 * fee, and English text it lacks) get a "see the source" placeholder and
 * are listed in `unconfirmed`, so that once published the item says so and
 * the editors' worklist (/guide/review) keeps them; reviewed is the harvest's date and responsible "redaktör".
 * Every predicate not in the table and every class not known is counted
 * for the report. */
#ifndef DATALOTS_RDF_HARVEST_MAP_H
#define DATALOTS_RDF_HARVEST_MAP_H

#include "core/arena.h"
#include "core/content.h"
#include "rdf/harvest_rdf.h"

typedef struct harvest_dataset {
    const char *uri;                       /* the subject (IRI or blank node label) */
    const char *identifier;                /* NULL when it has none: not imported */
    const char *title, *title_en, *desc, *desc_en;
    const char *keywords;                  /* comma list, "" when none */
    const char *publisher, *publisher_uri; /* foaf:name (sv or untagged), the node */
    const char *pages;                     /* comma list of http(s) URLs, "" when none */
    const char *coverage_from;             /* YYYY or YYYY-MM-DD, or NULL */
    int coverage_from_issued;              /* coverage_from is dct:issued's year */
    const char *access_rights, *license;   /* labels or IRIs, or NULL */
    int repeated_identifier;               /* a dataset before it has the same identifier */
} harvest_dataset;

typedef struct harvest_count {
    const char *key; /* a class or predicate, shortened with a known prefix */
    const char *iri; /* in full */
    int n;
    int mapped;
} harvest_count;

#define HARVEST_MAX_COUNTS 200

typedef struct harvest_mapping {
    harvest_dataset *ds;
    int n_ds;
    harvest_count classes[HARVEST_MAX_COUNTS];
    int n_classes;
    harvest_count unmapped[HARVEST_MAX_COUNTS]; /* predicates no rule reads */
    int n_unmapped, more_unmapped;              /* more_unmapped: kinds past the table */
    int triples;
} harvest_mapping;

/* The datasets of g, and the counts; in arena a. 0, or -1 when out of memory. */
int harvest_map(arena *a, const hv_graph *g, harvest_mapping *m);

/* The next page a Hydra view names (hydra:next or the older
 * hydra:nextPage) on the page just read: NULL when none. The triples of
 * that page are g->t[from..g->n). */
const char *harvest_next_page(const hv_graph *g, size_t from);

/* A slug for a new item's id from a title ("Diabetes i Skåne" →
 * "diabetes-i-skane"), at most 60 characters; "" when nothing is left. */
const char *harvest_slug(arena *a, const char *title);

typedef struct harvest_target {
    const char *id, *holder;    /* the item's id; the holder's id */
    const char *today;          /* YYYY-MM-DD */
    const char *catalogue;      /* where the harvest started */
    const content_item *prior;  /* the item's newest version, or NULL */
} harvest_target;

/* The item's source (front matter and Markdown) in arena a, or NULL when
 * out of memory. With t->prior, what the source does not say is kept from
 * it (an editor's how_to_apply, the item's type, its other keys); without,
 * the text depends on the catalogue only (a harvest compares it with the
 * last one to see whether the source changed). */
const char *harvest_render(arena *a, const harvest_dataset *d, const harvest_target *t);

/* The placeholder text of a field the source does not give. */
extern const char harvest_placeholder[];

#endif
