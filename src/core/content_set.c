/* content_set.c — the knowledge-guide rules that span items (see
 * content.h): ids are unique, every id in `related` and `holder` names an
 * existing item, and each region's county code and tile are used once. The
 * ids are sorted once so that each lookup is a binary search. */
#include "core/content.h"
#include "core/content_case.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct id_ref {
    const char *id;
    const content_item *item;
};

static int by_id(const void *a, const void *b)
{
    const struct id_ref *x = a, *y = b;
    int d = strcmp(x->id, y->id);
    if (d) return d;
    return strcmp(x->item->path, y->item->path); /* duplicates in file order, for stable messages */
}

static const content_item *find_id(const struct id_ref *refs, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(refs[mid].id, id);
        if (d == 0) return refs[mid].item;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

__attribute__((format(printf, 5, 6))) static void problem(content_report_fn report, void *ctx,
                                                          const content_item *item, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (report) report(ctx, item->path, line, msg);
}

/* The ids in `related` of item that name no item. */
static int check_related(const struct id_ref *refs, size_t n, const content_item *item, content_report_fn report,
                         void *ctx)
{
    const char *list = content_get(item, "related");
    int problems = 0;
    const char *p = list, *e;
    size_t len;
    while (content_list_next(&p, &e, &len)) {
        char id[96];
        if (len == 0 || len >= sizeof id) continue; /* reported by the item check */
        memcpy(id, e, len);
        id[len] = '\0';
        if (!find_id(refs, n, id)) {
            problem(report, ctx, item, content_line_of(item, "related"),
                    "related: no item has the id \"%s\"; fix the id or write that item.", id);
            problems++;
        }
    }
    return problems;
}

/* The ids in a case story's `rules` that name no item or an item that is
 * not a law. */
static int check_rules(const struct id_ref *refs, size_t n, const content_item *item, content_report_fn report,
                       void *ctx)
{
    const char *v = content_get(item, "rules"), *bad;
    content_rule rules[CONTENT_MAX_RULES];
    int nr = v ? content_case_rules(v, rules, CONTENT_MAX_RULES, &bad) : 0, problems = 0;
    for (int i = 0; i < nr; i++) {
        const content_item *law = find_id(refs, n, rules[i].law);
        const char *type = law && law->parsed ? content_get(law, "type") : NULL;
        if (!law) {
            problem(report, ctx, item, content_line_of(item, "rules"),
                    "rules: no item has the id \"%s\"; name a law item (content/laws/).", rules[i].law);
            problems++;
        } else if (law->parsed && (!type || strcmp(type, "law") != 0)) {
            problem(report, ctx, item, content_line_of(item, "rules"),
                    "rules: \"%s\" is a %s, not a law; name a law item (content/laws/).", rules[i].law,
                    type ? type : "item without a type");
            problems++;
        }
    }
    return problems;
}

/* A region's value of key (region_code, tile) used by an earlier region. */
static int check_unique_region_value(const content_item *items, size_t n, size_t i, const char *key,
                                     content_report_fn report, void *ctx)
{
    const char *v = content_get(&items[i], key);
    if (!v || !*v) return 0;
    for (size_t j = 0; j < i; j++) {
        const char *type = content_get(&items[j], "type"), *w = content_get(&items[j], key);
        if (items[j].parsed && type && strcmp(type, "region") == 0 && w && strcmp(v, w) == 0) {
            problem(report, ctx, &items[i], content_line_of(&items[i], key), "%s %s is already used by %s.", key, v,
                    items[j].path);
            return 1;
        }
    }
    (void)n;
    return 0;
}

int content_check_set(const content_item *items, size_t n, content_report_fn report, void *ctx)
{
    int problems = 0;
    /* refs: the ids of parsed items (for duplicates); known: those plus the
     * file names of items that could not be read, so that one broken file
     * does not make every item that names it fail too */
    struct id_ref *refs = dl_calloc(n ? n : 1, sizeof *refs), *known = dl_calloc(n ? n : 1, sizeof *known);
    if (!refs || !known) {
        dl_free(refs);
        dl_free(known);
        if (report) report(ctx, "(all)", 0, "out of memory");
        return 1;
    }
    size_t m = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = items[i].parsed ? content_get(&items[i], "id") : NULL;
        if (id && *id) refs[m++] = known[k++] = (struct id_ref){id, &items[i]};
        else if (!items[i].parsed && items[i].stem && items[i].path) known[k++] = (struct id_ref){items[i].stem, &items[i]};
    }
    qsort(refs, m, sizeof *refs, by_id);
    qsort(known, k, sizeof *known, by_id);
    for (size_t i = 1; i < m; i++)
        if (strcmp(refs[i].id, refs[i - 1].id) == 0) {
            problem(report, ctx, refs[i].item, content_line_of(refs[i].item, "id"),
                    "the id \"%s\" is already used by %s; ids must be unique.", refs[i].id, refs[i - 1].item->path);
            problems++;
        }
    for (size_t i = 0; i < n; i++) {
        if (!items[i].parsed) continue;
        problems += check_related(known, k, &items[i], report, ctx);
        problems += check_rules(known, k, &items[i], report, ctx);
        const char *holder = content_get(&items[i], "holder"), *id = content_get(&items[i], "id");
        if (holder && *holder && id && strcmp(holder, id) == 0) {
            problem(report, ctx, &items[i], content_line_of(&items[i], "holder"),
                    "holder: the item names itself; name the body responsible for it.");
            problems++;
        } else if (holder && *holder && !find_id(known, k, holder)) {
            problem(report, ctx, &items[i], content_line_of(&items[i], "holder"),
                    "holder: no item has the id \"%s\"; fix the id or write that item.", holder);
            problems++;
        }
        const char *type = content_get(&items[i], "type");
        if (type && strcmp(type, "region") == 0) {
            problems += check_unique_region_value(items, n, i, "region_code", report, ctx);
            problems += check_unique_region_value(items, n, i, "tile", report, ctx);
        }
    }
    dl_free(refs);
    dl_free(known);
    return problems;
}
