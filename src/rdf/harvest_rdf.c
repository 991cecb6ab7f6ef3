/* harvest_rdf.c — one page of another catalogue fetched and parsed; see
 * harvest_rdf.h. */
#include "rdf/harvest_rdf.h"
#include "core/alloc.h"
#include "core/capped_buf.h"

#include <curl/curl.h>
#include <errno.h>
#include <raptor2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const struct { const char *name, *raptor; } formats[] = {
    {"turtle", "turtle"}, {"rdfxml", "rdfxml"}, {"ntriples", "ntriples"},
};

const char *harvest_format_known(const char *name)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(name, formats[i].name) == 0) return formats[i].name;
    return NULL;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcasecmp(s + n - m, tail) == 0;
}

const char *harvest_format_guess(const char *content_type, const char *where)
{
    static const struct { const char *mime, *format; } by_type[] = {
        {"text/turtle", "turtle"},           {"application/x-turtle", "turtle"},
        {"application/rdf+xml", "rdfxml"},   {"application/xml", "rdfxml"},
        {"text/xml", "rdfxml"},              {"application/n-triples", "ntriples"},
    };
    for (size_t i = 0; content_type && i < sizeof by_type / sizeof by_type[0]; i++)
        if (strncasecmp(content_type, by_type[i].mime, strlen(by_type[i].mime)) == 0) return by_type[i].format;
    char path[2048];
    snprintf(path, sizeof path, "%s", where ? where : "");
    path[strcspn(path, "?#")] = '\0';
    if (ends_with(path, ".rdf") || ends_with(path, ".xml") || ends_with(path, ".owl")) return "rdfxml";
    if (ends_with(path, ".nt")) return "ntriples";
    return "turtle";
}

int harvest_is_http(const char *where)
{
    return strncasecmp(where, "http://", 7) == 0 || strncasecmp(where, "https://", 8) == 0;
}

static int fetch_http(const char *url, const harvest_limits *lim, capped_buf *s, char *ct, size_t ctsz, char *why,
                      size_t whysz)
{
    CURL *h = curl_easy_init();
    if (!h) { snprintf(why, whysz, "libcurl could not start"); return -1; }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, lim->timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, lim->timeout < 10 ? lim->timeout : 10L);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_bytes);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "datalots-harvest/1");
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    struct curl_slist *hdr = curl_slist_append(NULL, "Accept: text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.8");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, capped_buf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
    CURLcode rc = curl_easy_perform(h);
    long code = 0;
    char *type = NULL;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    snprintf(ct, ctsz, "%s", type ? type : "");
    int ret = 0;
    if (s->over || rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(why, whysz, "the page is larger than %zu bytes (--max-bytes)", lim->max_bytes);
        ret = -1;
    } else if (rc != CURLE_OK) {
        snprintf(why, whysz, "%s", curl_easy_strerror(rc));
        ret = -1;
    } else if (code < 200 || code >= 300) {
        snprintf(why, whysz, "the server answered HTTP %ld", code);
        ret = -1;
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return ret;
}

static int fetch_file(const char *path, const harvest_limits *lim, capped_buf *s, char *why, size_t whysz)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, whysz, "%s", f ? "not a regular file" : strerror(errno));
        if (f) fclose(f);
        return -1;
    }
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (capped_buf_write(chunk, 1, got, s) != got) break;
    int bad = ferror(f);
    fclose(f);
    if (s->over) { snprintf(why, whysz, "the file is larger than %zu bytes (--max-bytes)", lim->max_bytes); return -1; }
    if (bad) { snprintf(why, whysz, "the file could not be read"); return -1; }
    return 0;
}

int harvest_fetch(const char *where, const harvest_limits *lim, char **buf, size_t *len, char *content_type,
                  size_t ctsz, char *why, size_t whysz)
{
    capped_buf s = {.max = lim->max_bytes};
    *buf = NULL;
    *len = 0;
    content_type[0] = '\0';
    int rc;
    if (harvest_is_http(where)) rc = fetch_http(where, lim, &s, content_type, ctsz, why, whysz);
    else if (strstr(where, "://")) {
        snprintf(why, whysz, "only http:// and https:// addresses or a local file can be harvested");
        rc = -1;
    } else rc = fetch_file(where, lim, &s, why, whysz);
    if (rc == 0 && !s.p) s.p = dl_calloc(1, 1);
    if (rc != 0 || !s.p) {
        if (rc == 0) snprintf(why, whysz, "out of memory");
        dl_free(s.p);
        return -1;
    }
    *buf = s.p;
    *len = s.len;
    return 0;
}

/* --- parsing ------------------------------------------------------------ */

struct parse_ctx {
    hv_graph *g;
    raptor_parser *parser;
    const harvest_limits *lim;
    int page;
    char *why;
    size_t whysz;
    int failed;
};

static void fail(struct parse_ctx *c, const char *msg, int line)
{
    if (c->failed) return;
    c->failed = 1;
    if (line > 0) snprintf(c->why, c->whysz, "line %d: %s", line, msg);
    else snprintf(c->why, c->whysz, "%s", msg);
    if (c->parser) raptor_parser_parse_abort(c->parser);
}

static void on_log(void *ctx, raptor_log_message *m)
{
    struct parse_ctx *c = ctx;
    if (m->level < RAPTOR_LOG_LEVEL_ERROR) return;
    int line = m->locator ? m->locator->line : 0;
    fail(c, m->text ? m->text : "the RDF cannot be read", line);
}

static int term_of(struct parse_ctx *c, raptor_term *t, hv_term *out)
{
    arena *a = c->g->a;
    memset(out, 0, sizeof *out);
    out->lang = out->datatype = "";
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
        out->kind = HV_IRI;
        out->value = arena_strdup(a, (const char *)raptor_uri_as_string(t->value.uri));
        break;
    case RAPTOR_TERM_TYPE_BLANK:
        out->kind = HV_BNODE;
        out->value = arena_printf(a, "_:p%d-%s", c->page, (const char *)t->value.blank.string);
        break;
    case RAPTOR_TERM_TYPE_LITERAL:
        out->kind = HV_LITERAL;
        if (t->value.literal.string_len > c->lim->max_literal) {
            char msg[160];
            snprintf(msg, sizeof msg, "a literal of %u bytes is longer than the harvest allows (%zu)",
                     t->value.literal.string_len, c->lim->max_literal);
            fail(c, msg, 0);
            return -1;
        }
        out->value = arena_strndup(a, (const char *)t->value.literal.string, t->value.literal.string_len);
        if (t->value.literal.language) out->lang = arena_strdup(a, (const char *)t->value.literal.language);
        if (t->value.literal.datatype)
            out->datatype = arena_strdup(a, (const char *)raptor_uri_as_string(t->value.literal.datatype));
        break;
    default:
        fail(c, "a term of an unknown kind", 0);
        return -1;
    }
    if (!out->value || !out->lang || !out->datatype) { fail(c, "out of memory", 0); return -1; }
    return 0;
}

static void on_statement(void *ctx, raptor_statement *st)
{
    struct parse_ctx *c = ctx;
    hv_graph *g = c->g;
    if (c->failed) return;
    if (g->n >= c->lim->max_triples) {
        char msg[160];
        snprintf(msg, sizeof msg, "the catalogue has more than %zu triples, more than the harvest allows", c->lim->max_triples);
        fail(c, msg, 0);
        return;
    }
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 1024;
        hv_triple *nt = dl_realloc(g->t, cap * sizeof *nt);
        if (!nt) { fail(c, "out of memory", 0); return; }
        g->t = nt;
        g->cap = cap;
    }
    hv_triple *t = &g->t[g->n];
    hv_term p;
    if (term_of(c, st->subject, &t->s) != 0 || term_of(c, st->predicate, &p) != 0 || term_of(c, st->object, &t->o) != 0)
        return;
    t->p = p.value;
    g->n++;
}

/* XML entity declarations are what billion-laughs and external-entity
 * attacks need; a DCAT-AP catalogue needs none. A NUL byte means UTF-16 or
 * UTF-32 (or no XML at all), where the search for "<!ENTITY" would not see
 * them: such pages are refused too. */
static int declares_entities(const char *buf, size_t len)
{
    return memmem(buf, len, "<!ENTITY", 8) != NULL;
}

int harvest_parse(hv_graph *g, const char *format, const char *base, int page, const char *buf, size_t len,
                  const harvest_limits *lim, char *why, size_t whysz)
{
    if (!g->a && !(g->a = arena_new(1 << 20))) { snprintf(why, whysz, "out of memory"); return -1; }
    if (strcmp(format, "rdfxml") == 0 && declares_entities(buf, len)) {
        snprintf(why, whysz, "the RDF/XML declares XML entities (<!ENTITY …>), which a catalogue does not need and "
                             "the harvest refuses (entity expansion, external files)");
        return -1;
    }
    if (strcmp(format, "rdfxml") == 0 && memchr(buf, '\0', len)) {
        snprintf(why, whysz, "the RDF/XML is not UTF-8 (it has NUL bytes: UTF-16?); the harvest reads UTF-8 only");
        return -1;
    }
    struct parse_ctx c = {g, NULL, lim, page, why, whysz, 0};
    raptor_world *w = raptor_new_world();
    if (!w || raptor_world_open(w) != 0) {
        if (w) raptor_free_world(w);
        snprintf(why, whysz, "raptor2 could not start");
        return -1;
    }
    raptor_world_set_log_handler(w, &c, on_log);
    raptor_parser *p = raptor_new_parser(w, format);
    raptor_uri *u = raptor_new_uri(w, (const unsigned char *)base);
    int rc = -1;
    if (p && u) {
        c.parser = p;
        raptor_parser_set_option(p, RAPTOR_OPTION_NO_NET, NULL, 1);
        raptor_parser_set_option(p, RAPTOR_OPTION_NO_FILE, NULL, 1);
        raptor_parser_set_option(p, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL, 0);
        raptor_parser_set_statement_handler(p, &c, on_statement);
        if (raptor_parser_parse_start(p, u) == 0) {
            int bad = raptor_parser_parse_chunk(p, (const unsigned char *)buf, len, 1);
            if (bad && !c.failed) fail(&c, "the RDF cannot be read", 0);
            rc = c.failed ? -1 : 0;
        } else fail(&c, "raptor2 could not start parsing", 0);
    } else snprintf(why, whysz, "raptor2 could not start a %s parser", format);
    if (u) raptor_free_uri(u);
    if (p) raptor_free_parser(p);
    raptor_free_world(w);
    return rc;
}

void harvest_graph_free(hv_graph *g)
{
    dl_free(g->t);
    arena_free(g->a);
    memset(g, 0, sizeof *g);
}
