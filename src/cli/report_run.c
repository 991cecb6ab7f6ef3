/* report_run.c — the option parsing and output of `datalots report
 * obstacles|followup` (see report_run.h). */
#include "cli/report_run.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "report/doc_pdf.h"
#include "web/i18n.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int report_run(const report_cmd *c, int argc, char **argv)
{
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
            fprintf(stderr, "datalots report %s: unknown option \"%s\"; see %s\n", c->name, o, c->help);
            return 2;
        }
        if (!v) { fprintf(stderr, "datalots report %s: %s needs a value\n", c->name, o); return 2; }
        *slot = v;
        i++;
    }
    obstacle_format f;
    if (!format || obstacle_format_parse(format, &f) != 0 || (c->offered && !c->offered(f))) {
        fprintf(stderr, "datalots report %s: give --format html, pdf, csv or xlsx%s%s%s\n", c->name,
                format ? " (not \"" : "", format ? format : "", format ? "\")" : "");
        return 2;
    }
    if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "datalots report %s: --lang is sv or en\n", c->name);
        return 2;
    }
    obstacle_period p;
    dl_error e;
    dl_error_clear(&e);
    if (obstacle_period_parse(from, to, &p, &e) != DL_OK) {
        fprintf(stderr, "datalots report %s: %s\n", c->name, e.msg);
        return 2;
    }
    int english = strcmp(lang, "en") == 0;
    cli_default_locale_dir(&cfg);
    if (english && i18n_init(cfg.locale_dir, &e) != DL_OK) {
        fprintf(stderr, "datalots report %s: %s\n", c->name, e.msg);
        return 1;
    }
    db *d = cli_open_store(&cfg);
    if (!d) return 1;
    int fd = STDOUT_FILENO;
    if (out_path && strcmp(out_path, "-") != 0) {
        fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            fprintf(stderr, "datalots report %s: cannot write %s\n", c->name, out_path);
            db_close(d);
            return 1;
        }
    }
    arena *a = arena_new(64 * 1024);
    int64_t now = clock_now();
    char generated[32];
    clock_local_minute(now, generated);
    dl_err rc = a ? c->write(d, a, &p, now, generated, english, f, fd, &e) : dl_fail(&e, DL_ENOMEM, "out of memory");
    if (f == OF_PDF) doc_pdf_shutdown(); /* fontconfig's caches, for the leak checker */
    if (rc != DL_OK) fprintf(stderr, "datalots report %s: %s\n", c->name, e.msg);
    if (fd != STDOUT_FILENO && close(fd) != 0 && rc == DL_OK) {
        fprintf(stderr, "datalots report %s: cannot write %s\n", c->name, out_path);
        rc = DL_EIO;
    }
    if (rc != DL_OK && fd != STDOUT_FILENO) unlink(out_path);
    arena_free(a);
    db_close(d);
    return rc == DL_OK ? 0 : 1;
}
