/* cmd_audit.c — `datalots audit verify`: recompute the audit hash chain and
 * name the first row that does not fit. Exit 0 whole, 1 broken or error. */
#include "cli/cli.h"
#include "store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void audit_help(void)
{
    printf("usage: datalots audit verify [options]\n\n"
           "Recomputes the SHA-256 chain of the audit log and reports the first row\n"
           "that was changed, removed or inserted. Exit status 0: the chain is whole;\n"
           "1: it is broken (or the store could not be read).\n\n");
    config_print_help(stdout);
}

int cmd_audit(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { audit_help(); return 0; }
    struct config cfg;
    if (cli_load_config("audit", &cfg, &argc, argv) != 0) return 2;
    dl_error e;
    dl_error_clear(&e);
    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-') {
            fprintf(stderr, "datalots audit: unknown option \"%s\"; see datalots audit --help\n", argv[i]);
            return 2;
        }
    if (argc != 1 || strcmp(argv[0], "verify") != 0) {
        fprintf(stderr, "datalots audit: expected \"verify\"%s%s%s; see datalots audit --help\n",
                argc ? ", not \"" : "", argc ? argv[0] : "", argc ? "\"" : "");
        return 2;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    audit_verdict v;
    int status = 1;
    if (audit_verify(d, &v, &e) != DL_OK) {
        fprintf(stderr, "datalots audit: cannot read the audit log: %s\n", e.msg);
    } else if (v.first_bad_seq) {
        printf("audit log BROKEN at row %" PRId64 ": %s (%" PRId64 " rows checked)\n", v.first_bad_seq, v.why, v.rows);
    } else {
        printf("audit log intact: %" PRId64 " rows\n", v.rows);
        status = 0;
    }
    db_close(d);
    return status;
}
