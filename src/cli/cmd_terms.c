/* cmd_terms.c — `datalots terms list|add`: the versioned terms of use that
 * project members accept before a delivery reaches them
 * (store/case_members.h; docs/applicant-portal.md). add makes the next
 * version from two UTF-8 text files, Swedish and English. */
#include "cli/cli.h"
#include "store/case_members.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const audit_actor cli_actor = {0, "cli"};

static void terms_help(void)
{
    printf("usage:\n"
           "  datalots terms list\n"
           "  datalots terms add --sv FILE --en FILE\n\n"
           "The terms of use a project member accepts before the delivery of a case\n"
           "reaches them. list prints each version (newest first) with its date and the\n"
           "start of its Swedish text, tab-separated. add makes the next version from\n"
           "two UTF-8 text files (at most %d characters each); from then on every member\n"
           "must accept the new version before a delivery goes to them. Audited as\n"
           "terms.add. See docs/applicant-portal.md.\n",
           TERMS_TEXT_MAX);
}

/* The file's text (NUL-terminated, malloc'd), or NULL with a message. */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "datalots terms add: cannot open %s\n", path); return NULL; }
    size_t cap = (size_t)TERMS_TEXT_MAX * 4 + 2, len = 0;
    char *buf = malloc(cap);
    if (buf) len = fread(buf, 1, cap - 1, f);
    int too_long = buf && len == cap - 1;
    fclose(f);
    if (!buf) { fprintf(stderr, "datalots terms add: out of memory\n"); return NULL; }
    if (too_long) {
        fprintf(stderr, "datalots terms add: %s is too long (at most %d characters)\n", path, TERMS_TEXT_MAX);
        free(buf);
        return NULL;
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) len--;
    buf[len] = '\0';
    return buf;
}

static int add(db *d, int argc, char **argv)
{
    const char *sv = NULL, *en = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--sv") == 0 ? &sv : strcmp(argv[i], "--en") == 0 ? &en : NULL;
        if (!slot) { fprintf(stderr, "datalots terms add: unknown argument \"%s\"\n", argv[i]); return 2; }
        if (i + 1 >= argc) { fprintf(stderr, "datalots terms add: option %s needs a value\n", argv[i]); return 2; }
        *slot = argv[++i];
    }
    if (!sv || !en) { fprintf(stderr, "datalots terms add: --sv and --en are required; see --help\n"); return 2; }
    char *tsv = read_text(sv), *ten = tsv ? read_text(en) : NULL;
    int status = 1;
    if (tsv && ten) {
        dl_error e;
        dl_error_clear(&e);
        int64_t version = 0;
        if (terms_add(d, &cli_actor, tsv, ten, &version, &e) != DL_OK)
            fprintf(stderr, "datalots terms add: %s\n", e.msg);
        else {
            printf("terms version %" PRId64 " added\n", version);
            status = 0;
        }
    }
    free(tsv);
    free(ten);
    return status;
}

static int list(db *d)
{
    arena *a = arena_new(4096);
    if (!a) return 1;
    terms_rec rows[100];
    int n = 0;
    dl_error e;
    dl_error_clear(&e);
    int status = 0;
    if (terms_list(d, a, rows, 100, &n, &e) != DL_OK) {
        fprintf(stderr, "datalots terms list: %s\n", e.msg);
        status = 1;
    }
    for (int i = 0; i < n; i++) printf("%" PRId64 "\t%.10s\t%.60s\n", rows[i].version, rows[i].created_at, rows[i].body_sv);
    arena_free(a);
    return status;
}

int cmd_terms(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { terms_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("terms", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc ? argv[0] : "";
    if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0) {
        fprintf(stderr, "datalots terms: expected add or list, not \"%s\"; see datalots terms --help\n", sub);
        return 2;
    }
    if (strcmp(sub, "list") == 0 && argc > 1) {
        fprintf(stderr, "datalots terms list: unexpected argument \"%s\"\n", argv[1]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = strcmp(sub, "add") == 0 ? add(d, argc - 1, argv + 1) : list(d);
    db_close(d);
    return status;
}
