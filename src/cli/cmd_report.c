/* cmd_report.c — `datalots report obstacles --from DAY --to DAY --format
 * html|pdf|csv|xlsx [--out FILE] [--lang sv|en]`: the compiled obstacle
 * report of a period (store/obstacle_report.h reads it,
 * report/obstacle_render.h writes it), to a file or standard output. */
#include "cli/cli.h"
#include "core/clock.h"
#include "report/doc_pdf.h"
#include "report/obstacle_render.h"
#include "web/i18n.h"

#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

int cmd_report(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "followup") == 0) return cmd_report_followup(argc - 1, argv + 1);
    if (cli_wants_help(argc, argv) || argc < 1) { help(argc < 1 ? stderr : stdout); return argc < 1 ? 2 : 0; }
    if (strcmp(argv[0], "obstacles") != 0) {
        fprintf(stderr, "datalots report: unknown report \"%s\"; the ones there are: obstacles, followup\n", argv[0]);
        return 2;
    }
    argc--;
    argv++;
    struct config cfg;
    if (cli_load_config("report", &cfg, &argc, argv) != 0) return 2;
    const char *from = NULL, *to = NULL, *format = NULL, *out_path = NULL, *lang = "sv";
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = strcmp(o, "--from") == 0     ? &from
                            : strcmp(o, "--to") == 0     ? &to
                            : strcmp(o, "--format") == 0 ? &format
                            : strcmp(o, "--out") == 0    ? &out_path
                            : strcmp(o, "--lang") == 0   ? &lang
                                                         : NULL;
        if (!slot) {
            fprintf(stderr, "datalots report obstacles: unknown option \"%s\"; see datalots report --help\n", o);
            return 2;
        }
        if (!v) { fprintf(stderr, "datalots report obstacles: %s needs a value\n", o); return 2; }
        *slot = v;
        i++;
    }
    obstacle_format f;
    if (!format || obstacle_format_parse(format, &f) != 0) {
        fprintf(stderr, "datalots report obstacles: give --format html, pdf, csv or xlsx%s%s%s\n",
                format ? " (not \"" : "", format ? format : "", format ? "\")" : "");
        return 2;
    }
    if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "datalots report obstacles: --lang is sv or en\n");
        return 2;
    }
    obstacle_period p;
    dl_error e;
    dl_error_clear(&e);
    if (obstacle_period_parse(from, to, &p, &e) != DL_OK) {
        fprintf(stderr, "datalots report obstacles: %s\n", e.msg);
        return 2;
    }
    int english = strcmp(lang, "en") == 0;
    cli_default_locale_dir(&cfg);
    if (english && i18n_init(cfg.locale_dir, &e) != DL_OK) {
        fprintf(stderr, "datalots report obstacles: %s\n", e.msg);
        return 1;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int fd = STDOUT_FILENO;
    if (out_path && strcmp(out_path, "-") != 0) {
        fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            fprintf(stderr, "datalots report obstacles: cannot write %s\n", out_path);
            db_close(d);
            return 1;
        }
    }
    arena *a = arena_new(64 * 1024);
    int64_t now = clock_now();
    char generated[32];
    clock_local_minute(now, generated);
    obstacle_summary s;
    dl_err rc = a ? obstacle_summary_load(d, a, &p, now, &s, &e) : dl_fail(&e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) {
        obstacle_render r = {.d = d, .s = &s, .english = english, .text_limit = 0, .generated = generated};
        rc = obstacle_render_to_fd(&r, f, fd, getenv("TMPDIR"), &e);
    }
    if (f == OF_PDF) doc_pdf_shutdown(); /* fontconfig's caches, for the leak checker */
    if (rc != DL_OK) fprintf(stderr, "datalots report obstacles: %s\n", e.msg);
    if (fd != STDOUT_FILENO && close(fd) != 0 && rc == DL_OK) {
        fprintf(stderr, "datalots report obstacles: cannot write %s\n", out_path);
        rc = DL_EIO;
    }
    if (rc != DL_OK && fd != STDOUT_FILENO) unlink(out_path);
    arena_free(a);
    db_close(d);
    return rc == DL_OK ? 0 : 1;
}
