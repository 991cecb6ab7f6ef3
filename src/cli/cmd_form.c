/* cmd_form.c — `datalots form list|new-version`: the versions of the
 * request form (store/form_version.h; docs/case-copy.md). new-version makes
 * the next version from the one in force, without the fields named with
 * --drop; a copy of an earlier request ("Kopiera som ny ansökan") then
 * carries over only the fields the new version has, and says which it did
 * not. Every case keeps the version it was written on. */
#include "cli/cli.h"
#include "store/form_version.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const audit_actor cli_actor = {0, "cli"};

#define DROP_MAX REQ__MAX

static void form_help(void)
{
    printf("usage:\n"
           "  datalots form list\n"
           "  datalots form new-version [--drop FIELD]... [--note TEXT]\n\n"
           "list prints each version of the request form and its fields (version,\n"
           "field key, label), tab-separated. new-version makes the next version from\n"
           "the one in force without the fields named by --drop (keys such as icd10,\n"
           "as list shows them); new requests and copies of earlier ones are written on\n"
           "it, and a copy tells the applicant which fields did not follow. The change\n"
           "is in the audit log. See docs/case-copy.md.\n");
}

static int list(db *d)
{
    int64_t cur = 1;
    dl_error e;
    dl_error_clear(&e);
    if (form_version_current(d, &cur, &e) != DL_OK) { fprintf(stderr, "datalots form list: %s\n", e.msg); return 1; }
    arena *a = arena_new(8192);
    if (!a) return 1;
    for (int64_t v = 1; v <= cur; v++) {
        form_fields f;
        const char *labels[REQ__MAX];
        if (form_version_fields(d, a, v, &f, labels, &e) != DL_OK) continue;
        for (int k = 0; k < REQ__MAX; k++)
            if (f.present[k]) printf("%" PRId64 "\t%s\t%s\n", v, case_request_fields[k].key, labels[k]);
    }
    arena_free(a);
    return 0;
}

static int new_version(db *d, int argc, char **argv)
{
    const char *drop[DROP_MAX];
    int n_drop = 0;
    const char *note = "";
    for (int i = 0; i < argc; i++) {
        int is_drop = strcmp(argv[i], "--drop") == 0, is_note = strcmp(argv[i], "--note") == 0;
        if (!is_drop && !is_note) {
            fprintf(stderr, "datalots form new-version: unknown argument \"%s\"\n", argv[i]);
            return 2;
        }
        if (i + 1 >= argc) { fprintf(stderr, "datalots form new-version: option %s needs a value\n", argv[i]); return 2; }
        if (is_note) { note = argv[++i]; continue; }
        if (n_drop >= DROP_MAX) { fprintf(stderr, "datalots form new-version: too many --drop\n"); return 2; }
        drop[n_drop++] = argv[++i];
    }
    dl_error e;
    dl_error_clear(&e);
    int64_t v = 0;
    if (form_version_add(d, &cli_actor, drop, n_drop, note, &v, &e) != DL_OK) {
        fprintf(stderr, "datalots form new-version: %s\n", e.msg);
        return 1;
    }
    printf("%" PRId64 "\n", v);
    return 0;
}

int cmd_form(int argc, char **argv)
{
    if (argc == 0 || cli_wants_help(argc, argv)) { form_help(); return argc == 0 ? 2 : 0; }
    struct config cfg;
    if (cli_load_config("form", &cfg, &argc, argv) != 0) return 2;
    const char *sub = argc ? argv[0] : "";
    if (strcmp(sub, "list") != 0 && strcmp(sub, "new-version") != 0) {
        fprintf(stderr, "datalots form: expected list or new-version, not \"%s\"; see datalots form --help\n", sub);
        return 2;
    }
    if (strcmp(sub, "list") == 0 && argc > 1) {
        fprintf(stderr, "datalots form list: unexpected argument \"%s\"\n", argv[1]);
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int status = strcmp(sub, "list") == 0 ? list(d) : new_version(d, argc - 1, argv + 1);
    db_close(d);
    return status;
}
