/* cmd_content.c — `datalots content check [PATH]...`: reads every item of
 * the knowledge guide (content/<area>/<id>.md; format in docs/content.md)
 * and checks each one and the set (core/content.h). Prints one line per
 * problem, "FILE:LINE: sentence", then a summary with the count per type.
 * Exit status: 0 all items pass, 1 problems found (or a file could not be
 * read), 2 wrong usage. */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/content.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 8

struct path_list {
    char **paths;
    size_t n, cap;
};

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
                 "with \"## Så går du vidare\". The format: docs/content.md.\n\n"
                 "  --today DATE   the date reviewed dates are compared with (default: today,\n"
                 "                 Europe/Stockholm)\n\n"
                 "Prints FILE:LINE: problem for each problem, then a summary.\n"
                 "Exit status: 0 every item passes; 1 problems found; 2 wrong usage.\n");
}

static int add_path(struct path_list *l, const char *path)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        char **p = dl_realloc(l->paths, cap * sizeof *p);
        if (!p) return -1;
        l->paths = p;
        l->cap = cap;
    }
    if (!(l->paths[l->n] = dl_strdup(path))) return -1;
    l->n++;
    return 0;
}

static int ends_with_md(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Collects the *.md files under dir (hidden entries skipped). Symbolic
 * links are not followed (no loops, no item read twice): each is reported
 * as a problem, as is an entry that cannot be read; *problems counts them.
 * 0, or -1 after printing why the walk had to stop. */
static int collect(const char *dir, int depth, struct path_list *l, int *problems)
{
    if (depth > MAX_DEPTH) {
        printf("%s: folders nested deeper than %d are not read; flatten the tree\n", dir, MAX_DEPTH);
        ++*problems;
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        printf("%s: cannot read the folder: %s\n", dir, strerror(errno));
        ++*problems;
        return 0;
    }
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.') continue;
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        if (n < 0 || (size_t)n >= sizeof path) {
            printf("%s: a path in this folder is too long\n", dir);
            ++*problems;
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0) {
            printf("%s: cannot read: %s\n", path, strerror(errno));
            ++*problems;
        } else if (S_ISLNK(st.st_mode)) {
            printf("%s: is a symbolic link, which is not followed; keep items as plain files\n", path);
            ++*problems;
        } else if (S_ISDIR(st.st_mode)) {
            rc = collect(path, depth + 1, l, problems);
        } else if (S_ISREG(st.st_mode) && ends_with_md(ent->d_name)) {
            if (add_path(l, path) != 0) {
                fprintf(stderr, "datalots content check: out of memory\n");
                rc = -1;
            }
        }
    }
    closedir(d);
    return rc;
}

/* Reads at most max + 1 bytes of path (one more shows it is too large). */
static char *read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = dl_malloc(max + 2);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        dl_free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void print_problem(void *ctx, const char *path, int line, const char *msg)
{
    (void)ctx;
    if (line > 0)
        printf("%s:%d: %s\n", path, line, msg);
    else
        printf("%s: %s\n", path, msg);
}

static int by_string(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The file name without folders and ".md". */
static void file_stem(const char *path, char *out, size_t outsz)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, ".md") == 0) n -= 3;
    if (n >= outsz) n = outsz - 1;
    memcpy(out, name, n);
    out[n] = '\0';
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
    struct path_list files = {0};
    int n_roots = 0, rc = 0, problems = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--today") == 0 || strncmp(argv[i], "--today=", 8) == 0) {
            const char *v = argv[i][7] == '=' ? argv[i] + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !content_is_iso_date(v)) {
                fprintf(stderr, "datalots content check: --today needs a date YYYY-MM-DD\n");
                return 2;
            }
            snprintf(today, sizeof today, "%s", v);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "datalots content check: unknown option %s (see datalots content check --help)\n", argv[i]);
            return 2;
        } else {
            n_roots++;
        }
    }
    for (int i = 0; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "--today") == 0) { i++; continue; }
        if (strncmp(argv[i], "--today=", 8) == 0) continue;
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "datalots content check: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            char root[4096];
            size_t n = strlen(argv[i]);
            while (n > 1 && argv[i][n - 1] == '/') n--; /* "content/" lists as content/x.md */
            snprintf(root, sizeof root, "%.*s", (int)n, argv[i]);
            if (collect(root, 0, &files, &problems) != 0) rc = 1;
        } else if (!S_ISREG(st.st_mode)) {
            fprintf(stderr, "datalots content check: %s is neither a folder nor a regular file\n", argv[i]);
            rc = 1;
        } else if (add_path(&files, argv[i]) != 0) {
            rc = 1;
        }
    }
    if (rc == 0 && n_roots == 0 && collect("content", 0, &files, &problems) != 0) rc = 1;
    if (rc != 0) goto out;
    if (files.n > 1) qsort(files.paths, files.n, sizeof *files.paths, by_string);
    /* a file named twice (content and content/laws) is read once */
    size_t kept = 0;
    for (size_t i = 0; i < files.n; i++) {
        if (kept && strcmp(files.paths[kept - 1], files.paths[i]) == 0) { dl_free(files.paths[i]); continue; }
        files.paths[kept++] = files.paths[i];
    }
    files.n = kept;

    content_item *items = dl_calloc(files.n ? files.n : 1, sizeof *items);
    if (!items) { fprintf(stderr, "datalots content check: out of memory\n"); rc = 1; goto out; }
    for (size_t i = 0; i < files.n; i++) {
        size_t len = 0;
        char *text = read_file(files.paths[i], CONTENT_MAX_FILE, &len);
        if (!text) {
            printf("%s: cannot read the file: %s\n", files.paths[i], strerror(errno));
            problems++;
            continue;
        }
        char stem[256];
        file_stem(files.paths[i], stem, sizeof stem);
        problems += content_check_item(files.paths[i], stem, text, len, today, &items[i], print_problem, NULL);
        dl_free(text);
    }
    problems += content_check_set(items, files.n, print_problem, NULL);
    if (files.n == 0) {
        printf("no *.md items were found: is the path right?\n");
        problems++;
    }
    print_summary(items, files.n, problems);
    for (size_t i = 0; i < files.n; i++) content_item_free(&items[i]);
    dl_free(items);
    rc = problems ? 1 : 0;
out:
    for (size_t i = 0; i < files.n; i++) dl_free(files.paths[i]);
    dl_free(files.paths);
    return rc;
}

int cmd_content(int argc, char **argv)
{
    const char *sub = argc >= 1 ? argv[0] : NULL;
    if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        content_help(sub ? stdout : stderr);
        return sub ? 0 : 2;
    }
    if (strcmp(sub, "check") != 0) {
        fprintf(stderr, "datalots content: unknown subcommand \"%s\"; expected check\n", sub);
        return 2;
    }
    if (cli_wants_help(argc - 1, argv + 1)) {
        content_help(stdout);
        return 0;
    }
    return content_check_cmd(argc - 1, argv + 1);
}
