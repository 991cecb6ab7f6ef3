/* cmd_catalog_search.c — `datalots catalog search`: the knowledge guide's
 * search from the shell, as the search page does it in the store
 * (store/guide.h guide_find: ranked hits, counts per type and facet). With
 * QUERY words it prints the best hits, one "ID<TAB>TYPE<TAB>TITLE" a line,
 * then "N hits" (or "more than 1000 hits": see guide_find). With --latency, each argument is one search: all are run
 * once to warm the store's caches, then once more timed, and the p50, p95
 * and slowest times are printed — the store's part of a search, without
 * HTTP (bench/guide.sh prints it). */
#include "cli/cli.h"
#include "core/arena.h"
#include "core/content.h"
#include "core/strbuf.h"
#include "store/guide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SEARCH_SHOWN_MAX 50

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* One search as the search page does it: its first page and every count. */
static dl_err find(db *d, arena *a, const char *typed, const char *type, guide_item *out, int max, int *n,
                   int64_t *total, dl_error *e)
{
    guide_facet_counts *facets = arena_alloc(a, sizeof *facets);
    if (!facets) return dl_fail(e, DL_ENOMEM, "out of memory");
    guide_find_query q = {.typed = typed, .type = type, .order = GUIDE_BY_RELEVANCE};
    int by_type[64], words = 0;
    return guide_find(d, a, &q, out, max, n, by_type, facets, &words, total, e);
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static int latency(db *d, char **queries, int n_queries)
{
    double *ms = calloc((size_t)n_queries, sizeof *ms);
    arena *a = arena_new(1 << 20);
    guide_item *out = a ? arena_alloc(a, sizeof *out * SEARCH_SHOWN_MAX) : NULL;
    if (!ms || !out) { free(ms); arena_free(a); fprintf(stderr, "datalots catalog search: out of memory\n"); return 1; }
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < n_queries; i++) {
            arena_reset(a);
            out = arena_alloc(a, sizeof *out * SEARCH_SHOWN_MAX);
            int n = 0;
            int64_t total = 0;
            dl_error e;
            double t0 = now_ms();
            dl_err rc = out ? find(d, a, queries[i], NULL, out, SEARCH_SHOWN_MAX, &n, &total, &e) : DL_ENOMEM;
            ms[i] = now_ms() - t0;
            if (rc != DL_OK) {
                fprintf(stderr, "datalots catalog search: \"%s\": %s\n", queries[i], rc == DL_ENOMEM ? "out of memory" : e.msg);
                free(ms);
                arena_free(a);
                return 1;
            }
        }
    qsort(ms, (size_t)n_queries, sizeof *ms, by_value);
    int p95 = (int)((n_queries * 95 + 99) / 100) - 1;
    printf("catalog search: %d searches, p50 %.2f ms, p95 %.2f ms, slowest %.2f ms (in the store, this process)\n",
           n_queries, ms[(n_queries - 1) / 2], ms[p95 < 0 ? 0 : p95], ms[n_queries - 1]);
    free(ms);
    arena_free(a);
    return 0;
}

int catalog_search(const struct config *cfg, int argc, char **argv)
{
    const char *type = NULL;
    long limit = 10;
    int timed = 0, first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1] == '-'; first++) {
        char *end = NULL;
        const char *v = first + 1 < argc ? argv[first + 1] : NULL;
        if (strcmp(argv[first], "--latency") == 0) { timed = 1; continue; }
        if (strcmp(argv[first], "--limit") == 0 && v && (limit = strtol(v, &end, 10)) >= 1 && limit <= SEARCH_SHOWN_MAX &&
            !*end) { first++; continue; }
        if (strcmp(argv[first], "--type") == 0 && v && content_type_label_sv(v)) { type = v; first++; continue; }
        fprintf(stderr, "datalots catalog search: \"%s\" is not understood (--limit 1 to %d, --type TYPE, --latency); "
                        "see datalots catalog --help\n", argv[first], SEARCH_SHOWN_MAX);
        return 2;
    }
    if (first >= argc) {
        fprintf(stderr, "datalots catalog search: say what to search for; see datalots catalog --help\n");
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    if (timed) {
        int rc = latency(d, argv + first, argc - first);
        db_close(d);
        return rc;
    }
    /* The words, as one search box would take them. */
    strbuf words;
    sb_init(&words, 64);
    for (int i = first; i < argc; i++) {
        if (i > first) sb_putc(&words, ' ');
        sb_puts(&words, argv[i]);
    }
    arena *a = arena_new(1 << 20);
    guide_item *out = a ? arena_alloc(a, sizeof *out * SEARCH_SHOWN_MAX) : NULL;
    const char *typed = words.oom ? NULL : sb_cstr(&words);
    if (!typed || !out) { sb_free(&words); arena_free(a); db_close(d); fprintf(stderr, "datalots catalog search: out of memory\n"); return 1; }
    int n = 0;
    int64_t total = 0;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = find(d, a, typed, type, out, (int)limit, &n, &total, &e);
    if (rc == DL_OK) {
        for (int i = 0; i < n; i++) printf("%s\t%s\t%s\n", out[i].id, out[i].type, out[i].title);
        if (total > GUIDE_RANKED_MAX) printf("more than %d hits (the first %d in the guide ranked)\n", GUIDE_RANKED_MAX, GUIDE_RANKED_MAX);
        else printf("%lld hits\n", (long long)total);
    } else {
        fprintf(stderr, "datalots catalog search: %s\n", e.msg);
    }
    sb_free(&words);
    arena_free(a);
    db_close(d);
    return rc == DL_OK ? 0 : 1;
}
