/* cmd_harvest.c — `datalots catalog harvest URL|FILE`: another catalogue's
 * DCAT-AP (Turtle, RDF/XML or N-Triples; raptor2 reads no JSON-LD) read page
 * by page along its Hydra links (hydra:next, or the older hydra:nextPage),
 * all of it parsed and mapped in memory (rdf/harvest_rdf.h,
 * rdf/harvest_map.h), then written in one transaction (store/harvest.h),
 * unpublished. A page that cannot be fetched or read, a paging loop, or a
 * limit passed stops the harvest before anything is written.
 *
 * `datalots catalog drafts` lists the items with a version readers do not
 * see yet; `datalots catalog publish ID VERSION` publishes one (for an item
 * readers have never seen, which the web's history page does not open).
 *
 * Exit status: 0 every dataset and predicate mapped; 1 imported, but
 * something was not mapped (the report says what); 2 wrong usage, or a
 * fetch, parse, limit or store error (nothing imported). */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "rdf/harvest_map.h"
#include "rdf/harvest_rdf.h"
#include "store/guide_edit.h"
#include "store/harvest.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct opts {
    const char *where, *format, *holder;
    int dry_run;
    harvest_limits lim;
};

static int number(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
    *o = (struct opts){0};
    o->lim = (harvest_limits)HARVEST_DEFAULT_LIMITS;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n = 0;
        if (strcmp(a, "--dry-run") == 0) o->dry_run = 1;
        else if (strcmp(a, "--format") == 0 && v) {
            if (!(o->format = harvest_format_known(v))) {
                fprintf(stderr, "datalots catalog harvest: --format is turtle, rdfxml or ntriples%s\n",
                        strcmp(v, "jsonld") == 0 ? " (raptor2 reads no JSON-LD: ask the catalogue for Turtle or RDF/XML)" : "");
                return -1;
            }
            i++;
        } else if (strcmp(a, "--max-pages") == 0 && v && number(v, 1, 10000, &n) == 0) o->lim.max_pages = (int)n, i++;
        else if (strcmp(a, "--max-bytes") == 0 && v && number(v, 1024, 1L << 30, &n) == 0) o->lim.max_bytes = (size_t)n, i++;
        else if (strcmp(a, "--timeout") == 0 && v && number(v, 1, 600, &n) == 0) o->lim.timeout = n, i++;
        else if (strcmp(a, "--holder") == 0 && v) o->holder = v, i++;
        else if (a[0] != '-' && !o->where) o->where = a;
        else {
            fprintf(stderr, "datalots catalog harvest: \"%s\" is not understood; see datalots catalog --help\n", a);
            return -1;
        }
    }
    if (!o->where) {
        fprintf(stderr, "datalots catalog harvest: name the catalogue's URL or file; see datalots catalog --help\n");
        return -1;
    }
    return 0;
}

/* The base URI of a page: the URL, or file:// and the file's full path. */
static char *base_of(const char *where)
{
    if (harvest_is_http(where)) return dl_strdup(where);
    char *full = realpath(where, NULL);
    if (!full) return NULL;
    size_t n = strlen(full) + 8;
    char *b = dl_malloc(n);
    if (b) snprintf(b, n, "file://%s", full);
    free(full);
    return b;
}

/* Every page into g; 0, or -1 with the reason printed (nothing written). */
static int read_pages(const struct opts *o, hv_graph *g, int *pages)
{
    char *visited[10001] = {0};
    int n = 0, rc = 0;
    const char *next = o->where;
    while (next && rc == 0) {
        if (n >= o->lim.max_pages) {
            printf("catalog harvest: the catalogue has more than %d pages (--max-pages); nothing was imported\n",
                   o->lim.max_pages);
            rc = -1;
            break;
        }
        for (int k = 0; k < n; k++)
            if (strcmp(visited[k], next) == 0) {
                printf("catalog harvest: page %d links back to page %d (%s): a paging loop; nothing was imported\n", n,
                       k + 1, next);
                rc = -1;
            }
        if (rc) break;
        if (n > 0 && !harvest_is_http(next)) {
            printf("catalog harvest: page %d names a next page that is not http or https (%s); nothing was imported\n", n,
                   next);
            rc = -1;
            break;
        }
        if (!(visited[n] = dl_strdup(next))) { rc = -1; break; }
        n++;
        char *buf = NULL, ct[128], why[600];
        size_t len = 0;
        if (harvest_fetch(visited[n - 1], &o->lim, &buf, &len, ct, sizeof ct, why, sizeof why) != 0) {
            printf("catalog harvest: page %d (%s): %s; nothing was imported\n", n, visited[n - 1], why);
            rc = -1;
            break;
        }
        char *base = n == 1 ? base_of(visited[0]) : dl_strdup(visited[n - 1]);
        const char *format = o->format ? o->format : harvest_format_guess(ct, visited[n - 1]);
        size_t from = g->n;
        if (!base) { printf("catalog harvest: page %d: its address cannot be a base URI\n", n); rc = -1; }
        else if (harvest_parse(g, format, base, n, buf, len, &o->lim, why, sizeof why) != 0) {
            printf("catalog harvest: page %d (%s, read as %s): %s; nothing was imported\n", n, visited[n - 1], format, why);
            rc = -1;
        }
        dl_free(buf);
        dl_free(base);
        if (rc == 0) next = harvest_next_page(g, from);
    }
    for (int k = 0; k < n; k++) dl_free(visited[k]);
    *pages = n;
    return rc;
}

static void print_problem(void *ctx, const char *dataset, const char *msg)
{
    (void)ctx;
    printf("  %s: %s\n", dataset, msg);
}

static void print_counts(const char *heading, const harvest_count *c, int n, int show_mapped)
{
    if (!n) return;
    printf("%s\n", heading);
    for (int i = 0; i < n; i++)
        printf("  %s %d%s\n", c[i].key, c[i].n, show_mapped && !c[i].mapped ? " (not mapped)" : "");
}

int catalog_harvest(const struct config *cfg, int argc, char **argv)
{
    struct opts o;
    if (parse_opts(argc, argv, &o) != 0) return 2;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    hv_graph g = {0};
    int pages = 0;
    int rc = read_pages(&o, &g, &pages) == 0 ? 0 : 2;
    arena *a = rc == 0 ? arena_new(1 << 20) : NULL;
    harvest_mapping *m = a ? arena_alloc(a, sizeof *m) : NULL;
    if (rc == 0 && (!m || harvest_map(a, &g, m) != 0)) {
        printf("catalog harvest: out of memory; nothing was imported\n");
        rc = 2;
    }
    db *d = rc == 0 ? cli_open_store(cfg) : NULL;
    if (rc == 0 && !d) rc = 2;
    if (rc == 0) {
        printf("catalog harvest: %d page%s, %d triples, %d dataset%s\n", pages, pages == 1 ? "" : "s", m->triples,
               m->n_ds, m->n_ds == 1 ? "" : "s");
        print_counts("classes:", m->classes, m->n_classes, 1);
        print_counts("predicates not mapped:", m->unmapped, m->n_unmapped, 0);
        if (m->more_unmapped) printf("  … and %d more\n", m->more_unmapped);
        int unmapped_classes = 0;
        for (int i = 0; i < m->n_classes; i++) unmapped_classes += !m->classes[i].mapped;
        char today[16];
        clock_local_date(clock_now(), today);
        audit_actor who = {0, "system"};
        harvest_store_report rep;
        dl_error e;
        dl_error_clear(&e);
        printf("datasets:\n");
        dl_err st = harvest_store(d, m, o.where, o.holder, today, o.dry_run, &who, print_problem, NULL, &rep, &e);
        if (st != DL_OK) {
            printf("catalog harvest: %s; nothing was imported\n", e.msg);
            rc = 2;
        } else {
            if (!rep.problems) printf("  every dataset mapped\n");
            printf("catalog harvest%s: %d added, %d changed, %d unchanged, %d left out%s\n", o.dry_run ? " (dry run)" : "",
                   rep.added, rep.changed, rep.unchanged, rep.left_out,
                   o.dry_run ? "; nothing was written" : rep.added + rep.changed ? "; not published: see datalots catalog drafts" : "");
            rc = rep.problems || m->n_unmapped || unmapped_classes ? 1 : 0;
        }
    }
    if (d) db_close(d);
    arena_free(a);
    harvest_graph_free(&g);
    curl_global_cleanup();
    return rc;
}

int catalog_drafts(const struct config *cfg, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) { fprintf(stderr, "datalots catalog drafts: takes no arguments\n"); return 2; }
    db *d = cli_open_store(cfg);
    arena *a = arena_new(1 << 16);
    enum { MAX = 2000 };
    harvest_draft *v = a ? arena_alloc(a, sizeof *v * MAX) : NULL;
    int n = 0, rc = 1;
    dl_error e;
    dl_error_clear(&e);
    if (d && v && harvest_drafts(d, a, v, MAX, &n, &e) == DL_OK) {
        for (int i = 0; i < n; i++)
            printf("%s: version %" PRId64 " %s\n", v[i].id, v[i].latest,
                   v[i].published ? "not published" : "not published (readers have never seen the item)");
        printf("catalog drafts: %d item%s\n", n, n == 1 ? "" : "s");
        rc = 0;
    } else if (d) fprintf(stderr, "datalots catalog drafts: %s\n", v ? e.msg : "out of memory");
    if (d) db_close(d);
    arena_free(a);
    return rc;
}

int catalog_publish(const struct config *cfg, int argc, char **argv)
{
    long version = 0;
    if (argc != 3 || number(argv[2], 1, LONG_MAX, &version) != 0) {
        fprintf(stderr, "datalots catalog publish: name the item's id and the version to publish\n");
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    audit_actor who = {0, "system"};
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = guide_publish(d, argv[1], version, &who, &e);
    db_close(d);
    if (rc != DL_OK) { fprintf(stderr, "datalots catalog publish: %s\n", e.msg); return 1; }
    printf("catalog publish: %s version %ld is what readers see\n", argv[1], version);
    return 0;
}
