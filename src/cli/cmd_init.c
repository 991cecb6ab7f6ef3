/* cmd_init.c — `datalots init [--demo]`: create or upgrade the store (the
 * migrations), create the server secret, and with --demo fill in the demo
 * region and one account per role. Safe to run again. */
#include "cli/cli.h"
#include "store/settings.h"

#include <stdio.h>
#include <string.h>

static void init_help(void)
{
    printf("usage: datalots init [--demo] [options]\n\n"
           "Creates the store or applies pending migrations, and the server secret.\n"
           "  --demo   also create the demo region \"Regionhälsan\" and one account per\n"
           "           role (printed), unless demo data is already there\n\n");
    config_print_help(stdout);
}

int cmd_init(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { init_help(); return 0; }
    struct config cfg;
    if (cli_load_config("init", &cfg, &argc, argv) != 0) return 2;
    dl_error e;
    dl_error_clear(&e);
    int demo = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--demo") == 0) demo = 1;
        else {
            fprintf(stderr, "datalots init: unknown option \"%s\"; see datalots init --help\n", argv[i]);
            return 2;
        }
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    char secret[65];
    int status = 0;
    if (settings_ensure_secret(d, secret, &e) != DL_OK) {
        fprintf(stderr, "datalots init: %s\n", e.msg);
        status = 1;
    } else if (demo) {
        status = demo_populate(d, stdout);
    }
    if (status == 0) printf("store ready\n");
    db_close(d);
    return status;
}
