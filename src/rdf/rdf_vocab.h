/* rdf_vocab.h — the RDF namespaces and the few fixed IRIs datalots uses in
 * its DCAT-AP-SE / HealthDCAT-AP catalogue (docs/catalog-rdf.md): one list,
 * so the exporter and the harvester spell every IRI alike. Each namespace
 * is a string literal, so NS_DCAT "Dataset" is one IRI. */
#ifndef DATALOTS_RDF_VOCAB_H
#define DATALOTS_RDF_VOCAB_H

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NS_DCAT "http://www.w3.org/ns/dcat#"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_DCATAP "http://data.europa.eu/r5r/"
#define NS_FOAF "http://xmlns.com/foaf/0.1/"
#define NS_VCARD "http://www.w3.org/2006/vcard/ns#"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_HYDRA "http://www.w3.org/ns/hydra/core#"
#define NS_ELI "http://data.europa.eu/eli/ontology#"
#define NS_HEALTHDCATAP "http://healthdataportal.eu/ns/health#"

#define RDF_TYPE NS_RDF "type"

/* The EU Publications Office's authority tables (DCAT-AP's controlled vocabularies). */
#define EU_AUTHORITY "http://publications.europa.eu/resource/authority/"
#define EU_THEME_SCHEME EU_AUTHORITY "data-theme"
#define EU_THEME_HEALTH EU_AUTHORITY "data-theme/HEAL"
#define EU_ACCESS_NON_PUBLIC EU_AUTHORITY "access-right/NON_PUBLIC"
#define EU_FILE_TYPE_HTML EU_AUTHORITY "file-type/HTML"
#define EU_COUNTRY_SWEDEN EU_AUTHORITY "country/SWE"
#define EU_LANGUAGE_SWEDISH EU_AUTHORITY "language/SWE"
#define EU_LANGUAGE_ENGLISH EU_AUTHORITY "language/ENG"
/* ADMS publisher types (dct:type of a publisher). */
#define ADMS_PUBLISHER_TYPE "http://purl.org/adms/publishertype/"
/* The catalogue's own metadata is free to reuse. */
#define LICENSE_CC0 "http://creativecommons.org/publicdomain/zero/1.0/"

/* One prefix and its namespace, for Turtle, RDF/XML and the JSON-LD context. */
typedef struct rdf_prefix { const char *prefix, *ns; } rdf_prefix;
static const rdf_prefix rdf_prefixes[] = {
    {"rdf", NS_RDF},   {"rdfs", NS_RDFS},   {"xsd", NS_XSD},       {"dcat", NS_DCAT},
    {"dct", NS_DCT},   {"dcatap", NS_DCATAP}, {"foaf", NS_FOAF},   {"vcard", NS_VCARD},
    {"skos", NS_SKOS}, {"hydra", NS_HYDRA}, {"eli", NS_ELI},       {"healthdcatap", NS_HEALTHDCATAP},
};
#define RDF_N_PREFIXES (sizeof rdf_prefixes / sizeof rdf_prefixes[0])

#endif
