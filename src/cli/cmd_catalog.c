/* cmd_catalog.c — `datalots catalog import DIR...` and `datalots catalog
 * export DIR`: the knowledge guide between its files (content/<area>/<id>.md,
 * docs/content.md) and the store (store/guide.h). Import checks every file
 * first and writes nothing when one breaks a rule; it adds a version only
 * where a file changed. Export writes each item's published version to
 * DIR/<area>/<id>.md (each file written whole, then renamed into place), so
 * that import → export gives the same files. `catalog rdf` prints the
 * DCAT-AP-SE catalogue the web serves at /catalog.ttl (rdf/dcat_document.h). */
#include "cli/cli.h"
#include "cli/content_files.h"
#include "cli/content_media.h"
#include "cli/link_check.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/alloc.h"
#include "rdf/dcat_document.h"
#include "store/guide.h"
#include "store/org.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void catalog_help(void)
{
    printf("usage:\n"
           "  datalots catalog import [DIR|FILE]... [options]   load the knowledge guide's files into the store\n"
           "                                                    (default content/); a new version only where a\n"
           "                                                    file changed; nothing when a file breaks a rule\n"
           "  datalots catalog export DIR [options]             write the published items to DIR/<area>/<id>.md\n"
           "                                                    and the films they name to DIR/media/ (from\n"
           "                                                    --guide-media, default content/media)\n"
           "  datalots catalog holder ORGCODE ITEM [options]    the förvaltning ORGCODE is the guide's item ITEM (\"\" for\n"
           "                                                    none): its pages and its registers' pages offer this\n"
           "                                                    installation's request form\n"
           "  datalots catalog links [--timeout S] [options]    ask every source link of the published items;\n"
           "                                                    print the broken ones (exit 1 when there are any)\n"
           "  datalots catalog rdf [--format ttl|rdf|jsonld] [--page N | --dataset ID] --public-url URL [options]\n"
           "                                                    the registers, quality registers and datasets as a\n"
           "                                                    DCAT-AP-SE catalogue on stdout, as /catalog.ttl serves\n"
           "                                                    it (docs/catalog-rdf.md); IRIs under URL\n\n"
           "  datalots catalog harvest URL|FILE [--format turtle|rdfxml|ntriples] [--dry-run] [--max-pages N]\n"
           "                   [--max-bytes N] [--timeout S] [--holder ID] [options]\n"
           "                                                    read another catalogue's DCAT-AP (following Hydra\n"
           "                                                    pages) into unpublished versions of dataset items,\n"
           "                                                    matched by dct:identifier; prints what did not map.\n"
           "                                                    raptor2 reads no JSON-LD. Exit 0 all mapped, 1 imported\n"
           "                                                    with something not mapped, 2 nothing imported\n"
           "  datalots catalog drafts [options]                 the items with a version readers do not see yet\n"
           "  datalots catalog publish ID VERSION [options]     readers see that version of the item from now on\n"
           "  datalots catalog search [--type T] [--limit N] WORDS... [options]\n"
           "                                                    the guide's search as its page does it: the best hits\n"
           "                                                    (ID, type, title) and how many there are\n"
           "  datalots catalog search --latency QUERY... [options]\n"
           "                                                    each QUERY one search, timed in this process after a\n"
           "                                                    warm-up round: p50, p95 and slowest (bench/guide.sh)\n\n"
           "Import prints every problem as FILE:LINE: sentence, as `datalots content check` does, then\n"
           "\"catalog import: N added, N changed, N unchanged\". A case story's film, captions and poster\n"
           "must be in --guide-media (default: the media folder beside the files, e.g. content/media).\nExit status: 0 done, 1 problems or a\n"
           "failure (nothing imported), 2 wrong usage.\n\n");
    config_print_help(stdout);
}

static void print_problem(void *ctx, const char *path, int line, const char *msg)
{
    (void)ctx;
    if (line > 0) printf("%s:%d: %s\n", path, line, msg);
    else printf("%s: %s\n", path, msg);
}

static int catalog_import(db *d, const struct config *cfg, int argc, char **argv)
{
    content_files files;
    char media[4200];
    if (cfg->guide_media[0]) snprintf(media, sizeof media, "%s", cfg->guide_media);
    else content_media_dir_for(argc ? argv[0] : "content", media, sizeof media);
    int problems = 0;
    if (content_files_load((const char *const *)argv, argc, "datalots catalog import", &files, &problems) != 0) return 1;
    if (files.n == 0) {
        printf("no *.md items were found: is the path right?\n");
        content_files_free(&files);
        return 1;
    }
    guide_file *gf = dl_calloc(files.n, sizeof *gf);
    if (!gf) { content_files_free(&files); fprintf(stderr, "datalots catalog import: out of memory\n"); return 1; }
    const char **paths = dl_calloc(files.n, sizeof *paths), **texts = dl_calloc(files.n, sizeof *texts);
    size_t *lens = dl_calloc(files.n, sizeof *lens);
    size_t n = 0;
    for (size_t i = 0; paths && texts && lens && i < files.n; i++)
        if (files.f[i].text) {
            gf[n] = (guide_file){files.f[i].path, files.f[i].area, files.f[i].stem, files.f[i].text, files.f[i].len};
            paths[n] = files.f[i].path, texts[n] = files.f[i].text, lens[n] = files.f[i].len;
            n++;
        }
    /* the films' files first: an item whose film is missing is not imported either */
    int media_problems = paths && texts && lens
                             ? content_media_check_texts(paths, texts, lens, n, media, print_problem, NULL) : 1;
    dl_free(paths);
    dl_free(texts);
    dl_free(lens);
    char today[16];
    clock_local_date(clock_now(), today);
    audit_actor who = {0, "system"};
    guide_import_report rep;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = problems || media_problems ? DL_EINVAL
                                           : guide_import(d, gf, n, today, &who, print_problem, NULL, &rep, &e);
    dl_free(gf);
    content_files_free(&files);
    if (problems) {
        printf("catalog import: %d file%s could not be read; nothing was imported\n", problems, problems == 1 ? "" : "s");
        return 1;
    }
    if (media_problems) {
        printf("catalog import: %d problem%s with the films' files; nothing was imported\n", media_problems,
               media_problems == 1 ? "" : "s");
        return 1;
    }
    if (rc != DL_OK) {
        printf("catalog import: %s\n", e.msg);
        return 1;
    }
    printf("catalog import: %d added, %d changed, %d unchanged\n", rep.added, rep.changed, rep.unchanged);
    return 0;
}

/* mkdir -p for the folders of path (not the last component). */
static int make_parents(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return 0;
}

static int write_whole(const char *path, const char *text)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) return -1;
    size_t len = strlen(text);
    int bad = fwrite(text, 1, len, f) != len;
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) { unlink(tmp); return -1; }
    return 0;
}

static int catalog_export(db *d, const struct config *cfg, const char *dir)
{
    const char *media_from = cfg->guide_media[0] ? cfg->guide_media : "content/media";
    char media_to[4200];
    snprintf(media_to, sizeof media_to, "%s/media", dir);
    arena *a = arena_new(1 << 20);
    if (!a) { fprintf(stderr, "datalots catalog export: out of memory\n"); return 1; }
    guide_source *items = NULL;
    size_t n = 0;
    dl_error e;
    dl_error_clear(&e);
    if (guide_published_sources(d, a, &items, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots catalog export: %s\n", e.msg);
        arena_free(a);
        return 1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[4096];
        int len = snprintf(path, sizeof path, "%s/%s%s%s.md", dir, items[i].area, *items[i].area ? "/" : "", items[i].id);
        if (len < 0 || (size_t)len >= sizeof path || strstr(items[i].area, "..") || strchr(items[i].id, '/')) {
            fprintf(stderr, "datalots catalog export: %s: the item's folder or id cannot be a path here\n", items[i].id);
            rc = 1;
        } else if (make_parents(path) != 0 || write_whole(path, items[i].source) != 0) {
            fprintf(stderr, "datalots catalog export: %s: %s\n", path, strerror(errno));
            rc = 1;
        } else if (content_media_copy(items[i].source, media_from, media_to, "datalots catalog export") != 0) {
            rc = 1;
        }
    }
    if (rc == 0) printf("catalog export: %zu items written to %s\n", n, dir);
    arena_free(a);
    return rc;
}

/* `datalots catalog rdf`: one document of the catalogue on stdout. */
static int catalog_rdf(const struct config *cfg, int argc, char **argv)
{
    int format = RDF_TURTLE;
    long page = 1;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--format") == 0 && v && (format = rdf_format_by_ext(v, strlen(v))) >= 0) { i++; continue; }
        if (strcmp(argv[i], "--page") == 0 && v && (page = strtol(v, &end, 10)) >= 1 && page <= 100000 && !*end) {
            i++;
            continue;
        }
        if (strcmp(argv[i], "--dataset") == 0 && v && *v) { only = v; i++; continue; }
        fprintf(stderr, "datalots catalog rdf: \"%s\" is not understood (--format ttl, rdf or jsonld; --page 1 to "
                        "100000; --dataset ID)\n", argv[i]);
        return 2;
    }
    if (!cfg->public_url[0]) {
        fprintf(stderr, "datalots catalog rdf: the IRIs need the installation's address: give --public-url https://…\n");
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    arena *a = arena_new(1 << 20);
    char *text = NULL;
    size_t len = 0;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = a ? dcat_document(d, a, cfg->public_url, (rdf_format)format, (int)page, only, &text, &len, &e)
                  : dl_fail(&e, DL_ENOMEM, "out of memory");
    db_close(d);
    arena_free(a);
    if (rc == DL_ENOTFOUND && only)
        fprintf(stderr, "datalots catalog rdf: no published register, quality register or dataset is called %s\n", only);
    else if (rc != DL_OK) fprintf(stderr, "datalots catalog rdf: %s\n", e.msg);
    if (rc != DL_OK) return 1;
    int ok = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0;
    dl_free(text);
    if (!ok) { fprintf(stderr, "datalots catalog rdf: stdout could not be written\n"); return 1; }
    return 0;
}

/* `catalog holder CODE ID`: which item of the guide an organisation is. */
static int catalog_holder(const struct config *cfg, int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "datalots catalog holder: name the förvaltning's code and the guide's item id\n");
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    audit_actor who = {0, "system"};
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = org_set_guide_id(d, &who, argv[1], argv[2], &e);
    db_close(d);
    if (rc != DL_OK) { fprintf(stderr, "datalots catalog holder: %s\n", e.msg); return 1; }
    printf("catalog holder: %s is %s\n", argv[1], *argv[2] ? argv[2] : "no item of the guide");
    return 0;
}

/* `catalog links [--timeout S]`: the published items' source links checked. */
static int catalog_links(const struct config *cfg, int argc, char **argv)
{
    long timeout = 15;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc && (timeout = strtol(argv[i + 1], &end, 10)) >= 1 &&
            timeout <= 300 && !*end) { i++; continue; }
        fprintf(stderr, "datalots catalog links: --timeout takes 1 to 300 seconds; \"%s\" is not understood\n", argv[i]);
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    int rc = link_check_run(d, timeout, stdout);
    db_close(d);
    return rc < 0 ? 1 : rc;
}

/* Options are not taken by import and export (only their folders). */
static int no_options(const char *sub, int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "datalots catalog %s: unknown option %s; see datalots catalog --help\n", sub, argv[i]);
            return 0;
        }
    return 1;
}

static int catalog_import_cmd(const struct config *cfg, int argc, char **argv)
{
    if (!no_options("import", argc, argv)) return 2;
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    int rc = catalog_import(d, cfg, argc - 1, argv + 1);
    db_close(d);
    return rc;
}

static int catalog_export_cmd(const struct config *cfg, int argc, char **argv)
{
    if (!no_options("export", argc, argv)) return 2;
    if (argc != 2) {
        fprintf(stderr, "datalots catalog export: name one folder to write to; see datalots catalog --help\n");
        return 2;
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    int rc = catalog_export(d, cfg, argv[1]);
    db_close(d);
    return rc;
}

/* The subcommands, once: each gets its own name as argv[0]. */
static const struct {
    const char *name;
    int (*run)(const struct config *cfg, int argc, char **argv);
} subcommands[] = {
    {"import", catalog_import_cmd},   {"export", catalog_export_cmd}, {"holder", catalog_holder},
    {"links", catalog_links},         {"rdf", catalog_rdf},           {"harvest", catalog_harvest},
    {"drafts", catalog_drafts},       {"publish", catalog_publish},   {"search", catalog_search},
};

int cmd_catalog(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { catalog_help(); return 0; }
    struct config cfg;
    if (cli_load_config("catalog", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc >= 1 ? argv[0] : NULL;
    for (size_t i = 0; sub && i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(sub, subcommands[i].name) == 0) return subcommands[i].run(&cfg, argc, argv);
    fprintf(stderr, "datalots catalog: say");
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        fprintf(stderr, "%s %s", i ? (i + 1 == sizeof subcommands / sizeof subcommands[0] ? " or" : ",") : "",
                subcommands[i].name);
    fprintf(stderr, "; see datalots catalog --help\n");
    return 2;
}
