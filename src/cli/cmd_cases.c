/* cmd_cases.c — `datalots cases remind`: the reminders before the units'
 * deadline in Process 2 (store/case_notify.h) and the reminders to destroy
 * delivered data (store/delivery.h, on core/destroy_reminder.h's schedule),
 * after removing the files of expired delivery links; for a daily timer or
 * cron (deploy/datalots-remind.timer). Queues the mails in the outbox; the
 * sender of `datalots serve` (or `datalots mail send`) sends them. */
#include "cli/cli.h"
#include "core/clock.h"
#include "store/case_notify.h"
#include "store/delivery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cases_help(void)
{
    printf("usage:\n"
           "  datalots cases remind [--days N] [options]   remind the area's chiefs of Process 2 unit rounds\n"
           "                                               whose deadline is at most N working days away\n"
           "                                               (default %d), once per round; remove the files\n"
           "                                               of expired delivery links; remind recipients to\n"
           "                                               destroy delivered data (30 days before the date,\n"
           "                                               on it, then weekly until they confirm)\n\n"
           "Run it daily (deploy/datalots-remind.timer). It prints how many cases were reminded.\n\n",
           CASE_REMIND_WORKING_DAYS);
    config_print_help(stdout);
}

int cmd_cases(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { cases_help(); return 0; }
    struct config cfg;
    if (cli_load_config("cases", &cfg, &argc, argv) != 0) return 2;
    if (argc < 1 || strcmp(argv[0], "remind") != 0) {
        fprintf(stderr, "datalots cases: say remind; see datalots cases --help\n");
        return 2;
    }
    int days = CASE_REMIND_WORKING_DAYS;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
            char *end = NULL;
            long v = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || v < 0 || v > 60) {
                fprintf(stderr, "datalots cases: --days takes 0 to 60 working days\n");
                return 2;
            }
            days = (int)v;
        } else {
            fprintf(stderr, "datalots cases: unknown option or argument \"%s\"; see datalots cases --help\n", argv[i]);
            return 2;
        }
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    char today[16];
    clock_local_date(clock_now(), today);
    dl_error e;
    dl_error_clear(&e);
    int n = 0;
    int removed = 0, destroy = 0;
    dl_err rc = case_send_unit_reminders(d, today, days, cfg.public_url, &n, &e);
    if (rc == DL_OK) rc = delivery_sweep(d, clock_now(), &removed, &e);
    if (rc == DL_OK) rc = delivery_send_destroy_reminders(d, today, cfg.public_url, &destroy, &e);
    db_close(d);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots cases remind: %s\n", e.msg);
        return 1;
    }
    printf("reminded %d case%s\n", n, n == 1 ? "" : "s");
    printf("removed %d expired deliver%s\n", removed, removed == 1 ? "y" : "ies");
    printf("reminded %d recipient%s to destroy delivered data\n", destroy, destroy == 1 ? "" : "s");
    return 0;
}
