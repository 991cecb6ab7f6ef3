/* report_run.h — what `datalots report obstacles` and `datalots report
 * followup` share (cmd_report.c, cmd_report_followup.c): the options
 * --from/--to/--format/--out/--lang, the period, the English catalogue, the
 * store, the output file (replaced; removed again on failure) or standard
 * output. Each report gives only its name and how it writes itself. */
#ifndef DATALOTS_CLI_REPORT_RUN_H
#define DATALOTS_CLI_REPORT_RUN_H

#include "db/db.h"
#include "report/obstacle_render.h"

typedef struct report_cmd {
    const char *name;                   /* "obstacles": in the messages */
    const char *help;                   /* "datalots report --help" */
    int (*offered)(obstacle_format f);  /* NULL: every format */
    dl_err (*write)(db *d, arena *a, const obstacle_period *p, int64_t now, const char *generated, int english,
                    obstacle_format f, int fd, dl_error *e);
} report_cmd;

/* argv: the options after the report's name. Exit status: 0, 1 (failed), 2 (usage). */
int report_run(const report_cmd *c, int argc, char **argv);

#endif
