/* common.c — helpers the subcommands share: help detection, opening the
 * store with migrations, reading a password without echo. */
#include "cli/cli.h"
#include "store/case_step_length.h"

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

int cli_wants_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return 1;
    return 0;
}

int cli_load_config(const char *name, struct config *cfg, int *argc, char **argv)
{
    dl_error e;
    dl_error_clear(&e);
    if (config_load(cfg, argc, argv, &e) == DL_OK) {
        db_pg_set_statement_timeout(cfg->statement_timeout * 1000);
        return 0;
    }
    fprintf(stderr, "datalots %s: %s\n", name, e.msg);
    return 2;
}

db *cli_open_store(const struct config *cfg)
{
    dl_error e;
    dl_error_clear(&e);
    db *d = NULL;
    char shown[600];
    if (db_open(cfg->db, &d, &e) != DL_OK) {
        fprintf(stderr, "datalots: %s\n", e.msg);
        return NULL;
    }
    int applied = 0;
    if (db_migrate(d, &applied, &e) != DL_OK) {
        fprintf(stderr, "datalots: cannot prepare the store %s: %s\n",
                config_db_display(cfg->db, shown, sizeof shown), e.msg);
        db_close(d);
        return NULL;
    }
    if (applied) fprintf(stderr, "datalots: applied %d migration(s) to %s\n", applied,
                         config_db_display(cfg->db, shown, sizeof shown));
    /* Once after migration 0054: the days of the steps of the history before it. */
    if (case_step_length_count_days(d, &e) != DL_OK) {
        fprintf(stderr, "datalots: cannot count the steps' days in %s: %s\n",
                config_db_display(cfg->db, shown, sizeof shown), e.msg);
        db_close(d);
        return NULL;
    }
    return d;
}

int cli_read_password(const char *prompt, char *out, size_t outsz)
{
    const char *env = getenv("DATALOTS_PASSWORD");
    if (env) {
        if (strlen(env) >= outsz) return -1;
        memcpy(out, env, strlen(env) + 1);
        return 0;
    }
    int tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *got = fgets(out, (int)outsz, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (!got) return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}
