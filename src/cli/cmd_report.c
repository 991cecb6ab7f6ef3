/* cmd_report.c — `datalots report obstacles --from DAY --to DAY --format
 * html|pdf|csv|xlsx [--out FILE] [--lang sv|en]`: the compiled obstacle
 * report of a period (store/obstacle_report.h reads it,
 * report/obstacle_render.h writes it), to a file or standard output. */
#include "cli/cli.h"
#include "cli/report_run.h"
#include "report/obstacle_render.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out, "usage: datalots report obstacles --from YYYY-MM-DD --to YYYY-MM-DD --format html|pdf|csv|xlsx\n"
                 "                                [--out FILE] [--lang sv|en] [options]\n\n"
                 "The compiled report of the obstacles reported in a period (both days included):\n"
                 "counts by category, actor type, status, consequence, law, year and month; the\n"
                 "ages of the open ones (median and oldest, in days); the outcomes; and the\n"
                 "obstacles' texts. html: a page with charts (inline SVG) and a table beside each;\n"
                 "pdf: A4 with the same charts drawn in and the first %d texts; csv (RFC 4180,\n"
                 "UTF-8) and xlsx: one row per figure, then one per obstacle with its text. The\n"
                 "report is written to FILE, or to standard output without --out.\n\n"
                 "  --from, --to   the period's first and last day\n"
                 "  --format       html, pdf, csv or xlsx\n"
                 "  --out FILE     where to write (replaced if it exists)\n"
                 "  --lang sv|en   the language of the report (default sv)\n\n"
                 "datalots report followup --help: the follow-up figures of the support.\n\n",
            OBSTACLE_PDF_TEXTS);
    config_print_help(out);
}

static dl_err write_obstacles(db *d, arena *a, const obstacle_period *p, int64_t now, const char *generated,
                              int english, obstacle_format f, int fd, dl_error *e)
{
    obstacle_summary s;
    dl_err rc = obstacle_summary_load(d, a, p, now, &s, e);
    if (rc != DL_OK) return rc;
    obstacle_render r = {.d = d, .s = &s, .english = english, .text_limit = 0, .generated = generated};
    return obstacle_render_to_fd(&r, f, fd, getenv("TMPDIR"), e);
}

int cmd_report(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "followup") == 0) return cmd_report_followup(argc - 1, argv + 1);
    if (cli_wants_help(argc, argv) || argc < 1) { help(argc < 1 ? stderr : stdout); return argc < 1 ? 2 : 0; }
    if (strcmp(argv[0], "obstacles") != 0) {
        fprintf(stderr, "datalots report: unknown report \"%s\"; the ones there are: obstacles, followup\n", argv[0]);
        return 2;
    }
    static const report_cmd c = {"obstacles", "datalots report --help", NULL, write_obstacles};
    return report_run(&c, argc - 1, argv + 1);
}
