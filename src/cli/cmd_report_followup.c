/* cmd_report_followup.c — `datalots report followup --from DAY --to DAY
 * --format html|pdf|csv|xlsx [--out FILE] [--lang sv|en]`: the follow-up figures of
 * a period (store/followup.h reads them, report/followup_render.h writes
 * them), to a file or standard output. */
#include "cli/cli.h"
#include "core/clock.h"
#include "report/doc_pdf.h"
#include "report/followup_render.h"
#include "web/i18n.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *out)
{
    fprintf(out, "usage: datalots report followup --from YYYY-MM-DD --to YYYY-MM-DD --format html|pdf|csv|xlsx\n"
                 "                                [--out FILE] [--lang sv|en] [options]\n\n"
                 "The follow-up figures of the support for the release cases created in a period\n"
                 "(both days included): cases by state, process and decision; the days each step\n"
                 "took (median and 90th percentile) against the organisations' targets; the\n"
                 "refusals with their texts; the units' answers in Process 2; the obstacles by\n"
                 "category and status with the open ones' ages; the knowledge guide's searches\n"
                 "that found nothing. html: a page with charts (inline SVG) and a table beside\n"
                 "each; pdf: the annual report, A4, the same charts drawn in; csv (RFC 4180,\n"
                 "UTF-8) and xlsx: one row per figure (docs/followup.md).\n\n"
                 "  --from, --to   the period's first and last day\n"
                 "  --format       html, pdf, csv or xlsx\n"
                 "  --out FILE     where to write (replaced if it exists)\n"
                 "  --lang sv|en   the language of the report (default sv)\n\n");
    config_print_help(out);
}

int cmd_report_followup(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { help(stdout); return 0; }
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
            fprintf(stderr, "datalots report followup: unknown option \"%s\"; see datalots report followup --help\n", o);
            return 2;
        }
        if (!v) { fprintf(stderr, "datalots report followup: %s needs a value\n", o); return 2; }
        *slot = v;
        i++;
    }
    obstacle_format f;
    if (!format || obstacle_format_parse(format, &f) != 0 || !followup_format_offered(f)) {
        fprintf(stderr, "datalots report followup: give --format html, pdf, csv or xlsx%s%s%s\n", format ? " (not \"" : "",
                format ? format : "", format ? "\")" : "");
        return 2;
    }
    if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "datalots report followup: --lang is sv or en\n");
        return 2;
    }
    obstacle_period p;
    dl_error e;
    dl_error_clear(&e);
    if (obstacle_period_parse(from, to, &p, &e) != DL_OK) {
        fprintf(stderr, "datalots report followup: %s\n", e.msg);
        return 2;
    }
    int english = strcmp(lang, "en") == 0;
    cli_default_locale_dir(&cfg);
    if (english && i18n_init(cfg.locale_dir, &e) != DL_OK) {
        fprintf(stderr, "datalots report followup: %s\n", e.msg);
        return 1;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int fd = STDOUT_FILENO;
    if (out_path && strcmp(out_path, "-") != 0) {
        fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            fprintf(stderr, "datalots report followup: cannot write %s\n", out_path);
            db_close(d);
            return 1;
        }
    }
    arena *a = arena_new(64 * 1024);
    int64_t now = clock_now();
    char generated[32];
    clock_local_minute(now, generated);
    followup_summary s;
    dl_err rc = a ? followup_summary_load(d, a, &p, now, &s, &e) : dl_fail(&e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) {
        followup_render r = {.s = &s, .english = english, .generated = generated, .a = a};
        rc = followup_render_to_fd(&r, f, fd, getenv("TMPDIR"), &e);
    }
    if (f == OF_PDF) doc_pdf_shutdown(); /* fontconfig's caches, for the leak checker */
    if (rc != DL_OK) fprintf(stderr, "datalots report followup: %s\n", e.msg);
    if (fd != STDOUT_FILENO && close(fd) != 0 && rc == DL_OK) {
        fprintf(stderr, "datalots report followup: cannot write %s\n", out_path);
        rc = DL_EIO;
    }
    if (rc != DL_OK && fd != STDOUT_FILENO) unlink(out_path);
    arena_free(a);
    db_close(d);
    return rc == DL_OK ? 0 : 1;
}
