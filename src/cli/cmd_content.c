/* cmd_content.c — `datalots content check [PATH]...`: reads every item of
 * the knowledge guide (content/<area>/<id>.md; format in docs/content.md)
 * and checks each one and the set (core/content.h). Prints one line per
 * problem, "FILE:LINE: sentence", then a summary with the count per type.
 * Exit status: 0 all items pass, 1 problems found (or a file could not be
 * read), 2 wrong usage. `datalots content unconfirmed [PATH]...`: the
 * editors' list of facts not yet confirmed (the key "unconfirmed"), one
 * "ID: fact (checked DATE)" line each, oldest check first. */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/content.h"
#include "cli/content_files.h"
#include "cli/content_media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void content_help(FILE *out)
{
    fprintf(out, "usage: datalots content check [--today YYYY-MM-DD] [PATH]...\n\n"
                 "Checks the knowledge guide's items: every *.md file under each PATH (a\n"
                 "folder, searched recursively, or a file; default: content/). Rules: the\n"
                 "front matter's required keys for the item's type, no unknown or repeated\n"
                 "keys, known types, ids that equal the file name and are unique, related\n"
                 "and holder ids that exist, ISO dates (reviewed not after today), well-\n"
                 "formed http(s) URLs in sources, Swedish and English titles and one-sentence\n"
                 "summaries, SFS/CELEX numbers, region codes and tiles, and a body that ends\n"
                 "with \"## Så går du vidare\". A case story's rules name steps that exist and\n"
                 "law items; its film, captions and poster are in the media folder (the\n"
                 "first PATH's media/, e.g. content/media) and the captions are WebVTT.\n"
                 "The format: docs/content.md.\n\n"
                 "  --today DATE   the date reviewed dates are compared with (default: today,\n"
                 "                 Europe/Stockholm)\n\n"
                 "Prints FILE:LINE: problem for each problem, then a summary.\n"
                 "Exit status: 0 every item passes; 1 problems found; 2 wrong usage.\n\n"
                 "usage: datalots content unconfirmed [PATH]...\n\n"
                 "Lists the facts the items mark as not yet confirmed (front-matter key\n"
                 "\"unconfirmed\"), one line each, \"ID: fact (checked DATE)\", the oldest\n"
                 "check first. Exit status: 0 listed (or none); 1 a file could not be read.\n");
}

static void print_problem(void *ctx, const char *path, int line, const char *msg)
{
    (void)ctx;
    if (line > 0)
        printf("%s:%d: %s\n", path, line, msg);
    else
        printf("%s: %s\n", path, msg);
}

static void print_summary(const content_item *items, size_t n, int problems)
{
    const char *const *types = content_types;
    printf("content check: %zu items, %d problem%s\n", n, problems, problems == 1 ? "" : "s");
    for (size_t t = 0; types[t]; t++) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            const char *type = items[i].parsed ? content_get(&items[i], "type") : NULL;
            if (type && strcmp(type, types[t]) == 0) count++;
        }
        if (count) printf("  %-22s %zu\n", types[t], count);
    }
}

static int content_check_cmd(int argc, char **argv)
{
    char today[16];
    clock_local_date(clock_now(), today);
    const char **roots = dl_calloc((size_t)argc + 1, sizeof *roots);
    if (!roots) { fprintf(stderr, "datalots content check: out of memory\n"); return 1; }
    int n_roots = 0, problems = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--today") == 0 || strncmp(argv[i], "--today=", 8) == 0) {
            const char *v = argv[i][7] == '=' ? argv[i] + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !content_is_iso_date(v)) {
                fprintf(stderr, "datalots content check: --today needs a date YYYY-MM-DD\n");
                dl_free(roots);
                return 2;
            }
            snprintf(today, sizeof today, "%s", v);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "datalots content check: unknown option %s (see datalots content check --help)\n", argv[i]);
            dl_free(roots);
            return 2;
        } else {
            roots[n_roots++] = argv[i];
        }
    }
    content_files files;
    char media[4200];
    content_media_dir_for(n_roots ? roots[0] : "content", media, sizeof media);
    int rc = content_files_load(roots, n_roots, "datalots content check", &files, &problems) == 0 ? 0 : 1;
    dl_free(roots);
    if (rc != 0) return rc;
    content_item *items = dl_calloc(files.n ? files.n : 1, sizeof *items);
    if (!items) { fprintf(stderr, "datalots content check: out of memory\n"); content_files_free(&files); return 1; }
    for (size_t i = 0; i < files.n; i++)
        if (files.f[i].text)
            problems += content_check_item(files.f[i].path, files.f[i].stem, files.f[i].text, files.f[i].len, today,
                                           &items[i], print_problem, NULL);
    problems += content_check_set(items, files.n, print_problem, NULL);
    problems += content_media_check(items, files.n, media, print_problem, NULL);
    if (files.n == 0) {
        printf("no *.md items were found: is the path right?\n");
        problems++;
    }
    print_summary(items, files.n, problems);
    for (size_t i = 0; i < files.n; i++) content_item_free(&items[i]);
    dl_free(items);
    content_files_free(&files);
    return problems ? 1 : 0;
}

/* One line of `content unconfirmed`: sorted by the check date, then id, then
 * the order in the file. */
struct unconfirmed_line {
    const char *date, *id;
    size_t order;
    char *text;
};

static int unconfirmed_cmp(const void *a, const void *b)
{
    const struct unconfirmed_line *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    if (!c) c = strcmp(x->id, y->id);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int content_unconfirmed_cmd(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "datalots content unconfirmed: unknown option %s (see datalots content --help)\n", argv[i]);
            return 2;
        }
    content_files files;
    int problems = 0;
    if (content_files_load((const char *const *)argv, argc, "datalots content unconfirmed", &files, &problems) != 0)
        return 1;
    content_item *items = dl_calloc(files.n ? files.n : 1, sizeof *items);
    size_t n = 0, cap = 0;
    struct unconfirmed_line *lines = NULL;
    int rc = items ? 0 : 1;
    for (size_t i = 0; rc == 0 && i < files.n; i++) {
        if (!files.f[i].text || !content_parse(files.f[i].text, files.f[i].len, &items[i])) continue;
        const char *v = content_get(&items[i], "unconfirmed"), *d = content_get(&items[i], "unconfirmed_checked");
        const char *id = content_get(&items[i], "id");
        const char *p = v, *e;
        size_t len;
        while (v && rc == 0 && content_unconfirmed_next(&p, &e, &len)) {
            if (len == 0) continue;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                struct unconfirmed_line *nl = dl_realloc(lines, ncap * sizeof *nl);
                if (!nl) { rc = 1; break; }
                lines = nl, cap = ncap;
            }
            char *text = dl_malloc(len + 1);
            if (!text) { rc = 1; break; }
            memcpy(text, e, len);
            text[len] = '\0';
            lines[n] = (struct unconfirmed_line){d ? d : "", id ? id : files.f[i].stem, n, text};
            n++;
        }
    }
    if (rc) fprintf(stderr, "datalots content unconfirmed: out of memory\n");
    else {
        if (n) qsort(lines, n, sizeof *lines, unconfirmed_cmp);
        for (size_t i = 0; i < n; i++)
            printf("%s: %s (checked %s)\n", lines[i].id, lines[i].text, *lines[i].date ? lines[i].date : "never");
    }
    for (size_t i = 0; i < n; i++) dl_free(lines[i].text);
    dl_free(lines);
    for (size_t i = 0; items && i < files.n; i++) content_item_free(&items[i]);
    dl_free(items);
    content_files_free(&files);
    return rc ? 1 : problems ? 1 : 0;
}

int cmd_content(int argc, char **argv)
{
    const char *sub = argc >= 1 ? argv[0] : NULL;
    if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        content_help(sub ? stdout : stderr);
        return sub ? 0 : 2;
    }
    if (strcmp(sub, "check") != 0 && strcmp(sub, "unconfirmed") != 0) {
        fprintf(stderr, "datalots content: unknown subcommand \"%s\"; expected check or unconfirmed\n", sub);
        return 2;
    }
    if (cli_wants_help(argc - 1, argv + 1)) {
        content_help(stdout);
        return 0;
    }
    if (strcmp(sub, "unconfirmed") == 0) return content_unconfirmed_cmd(argc - 1, argv + 1);
    return content_check_cmd(argc - 1, argv + 1);
}
