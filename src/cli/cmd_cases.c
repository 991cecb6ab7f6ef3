/* cmd_cases.c — `datalots cases remind`: the reminders before the units'
 * deadline in Process 2 (store/case_notify.h) and the reminders to destroy
 * delivered data (store/delivery.h, on core/destroy_reminder.h's schedule),
 * after removing the files of expired delivery links; for a daily timer or
 * cron (deploy/datalots-remind.timer). Queues the mails in the outbox; the
 * sender of `datalots serve` (or `datalots mail send`) sends them.
 * `datalots cases digest`: each coordinator's daily e-mail of the cases
 * past their step's target (store/case_digest.h), once a day. */
#include "cli/cli.h"
#include "core/clock.h"
#include "store/case_digest.h"
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
           "  datalots cases digest [--dry-run] [options]  e-mail each coordinator the cases under their node\n"
           "                                               that are past their step's target time (at most\n"
           "                                               once a coordinator and day; none when nothing is\n"
           "                                               overdue); --dry-run counts without queueing\n\n"
           "Run them daily (deploy/datalots-remind.timer). They print what they did.\n\n",
           CASE_REMIND_WORKING_DAYS);
    config_print_help(stdout);
}

static int cases_digest(struct config *cfg, int argc, char **argv)
{
    int dry_run = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dry-run") == 0) dry_run = 1;
        else {
            fprintf(stderr, "datalots cases digest: unknown option or argument \"%s\"; see datalots cases --help\n",
                    argv[i]);
            return 2;
        }
    }
    db *d = cli_open_store(cfg);
    if (!d) return 1;
    dl_error e;
    dl_error_clear(&e);
    case_digest_result res;
    dl_err rc = case_digest_send(d, clock_now(), cfg->public_url, dry_run, &res, &e);
    db_close(d);
    if (rc != DL_OK) {
        fprintf(stderr, "datalots cases digest: %s\n", e.msg);
        return 1;
    }
    printf("%s %d digest%s\n", dry_run ? "would queue" : "queued", res.mailed, res.mailed == 1 ? "" : "s");
    printf("%d coordinator%s already had today's\n", res.already, res.already == 1 ? "" : "s");
    printf("%d coordinator%s with nothing overdue\n", res.none_overdue, res.none_overdue == 1 ? "" : "s");
    return 0;
}

int cmd_cases(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { cases_help(); return 0; }
    struct config cfg;
    if (cli_load_config("cases", &cfg, &argc, argv) != 0) return 2;
    if (argc >= 1 && strcmp(argv[0], "digest") == 0) return cases_digest(&cfg, argc, argv);
    if (argc < 1 || strcmp(argv[0], "remind") != 0) {
        fprintf(stderr, "datalots cases: say remind or digest; see datalots cases --help\n");
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
