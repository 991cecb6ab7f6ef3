/* cmd_report_followup.c — `datalots report followup --from DAY --to DAY
 * --format html|pdf|csv|xlsx [--out FILE] [--lang sv|en]`: the follow-up figures of
 * a period (store/followup.h reads them, report/followup_render.h writes
 * them), to a file or standard output. */
#include "cli/cli.h"
#include "cli/report_run.h"
#include "report/followup_render.h"

#include <stdio.h>
#include <stdlib.h>

static void help(FILE *out)
{
    fprintf(out, "usage: datalots report followup --from YYYY-MM-DD --to YYYY-MM-DD --format html|pdf|csv|xlsx\n"
                 "                                [--out FILE] [--lang sv|en] [options]\n\n"
                 "The follow-up figures of the support for the release cases created in a period\n"
                 "(both days included): cases by state, process and decision; the days each step\n"
                 "took (median and 90th percentile) against the organisations' targets; the\n"
                 "refusals with their texts; the units' answers in Process 2; the obstacles by\n"
                 "category and status with the open ones' ages; the knowledge guide's searches\n"
                 "that found nothing and its page views (counted privately); the satisfaction\n"
                 "survey sent when a case closes; the answer times of the questions to the\n"
                 "network per member function (answered in the period; open and overdue now).\n"
                 "html: a page with charts (inline SVG) and a table beside each; pdf: the annual\n"
                 "report, A4, the same charts drawn in; csv (RFC 4180, UTF-8) and xlsx: one row\n"
                 "per figure (docs/followup.md).\n\n"
                 "  --from, --to   the period's first and last day\n"
                 "  --format       html, pdf, csv or xlsx\n"
                 "  --out FILE     where to write (replaced if it exists)\n"
                 "  --lang sv|en   the language of the report (default sv)\n\n");
    config_print_help(out);
}

static dl_err write_followup(db *d, arena *a, const obstacle_period *p, int64_t now, const char *generated,
                             int english, obstacle_format f, int fd, dl_error *e)
{
    followup_summary s;
    dl_err rc = followup_summary_load(d, a, p, now, &s, e);
    if (rc != DL_OK) return rc;
    followup_render r = {.s = &s, .english = english, .generated = generated, .a = a};
    return followup_render_to_fd(&r, f, fd, getenv("TMPDIR"), e);
}

int cmd_report_followup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { help(stdout); return 0; }
    static const report_cmd c = {"followup", "datalots report followup --help", followup_format_offered, write_followup};
    return report_run(&c, argc, argv);
}
