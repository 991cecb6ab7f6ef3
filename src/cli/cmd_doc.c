/* cmd_doc.c — `datalots doc sample`: renders the sample decision letter
 * (report/doc_sample.h) as PDF (report/doc_pdf.h) or HTML (web/doc_web.h)
 * so developers can look at the case documents without a case. */
#include "cli/cli.h"
#include "core/embedded.h"
#include "core/strbuf.h"
#include "report/doc_pdf.h"
#include "report/doc_sample.h"
#include "web/doc_web.h"
#include "web/template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void doc_help(FILE *out)
{
    fprintf(out, "usage: datalots doc sample [--lang sv|en] [--rows N] [--date ISO8601] [--format pdf|html]\n"
                 "                           --out FILE\n\n"
                 "Renders a sample decision letter (\"Beslut om utlämnande av allmänna handlingar\")\n"
                 "with conditions, a table, a signature and the appeal instructions, so the case\n"
                 "documents can be looked at. See docs/documents.md.\n\n"
                 "  --lang sv|en     language of the letter (default sv)\n"
                 "  --rows N         N more table rows, to see a table span pages (default 0)\n"
                 "  --date DATE      the PDF's creation date (default 2026-03-16T10:00:00+01:00,\n"
                 "                   so the same sample gives the same bytes)\n"
                 "  --format F       pdf or html (default: from FILE's extension, else pdf)\n"
                 "  --out FILE       where to write it (- for standard output)\n\n"
                 "Prints pages, bytes and rendering time on standard error.\n"
                 "Exit status: 0 written; 1 rendering or writing failed; 2 wrong usage.\n");
}

static int write_out(const char *path, const char *data, size_t len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "datalots doc: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    int bad = fwrite(data, 1, len, f) != len;
    if (f != stdout) bad |= fclose(f) != 0;
    else bad |= fflush(f) != 0;
    if (bad) {
        fprintf(stderr, "datalots doc: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

/* The HTML fragment in a minimal page with the stylesheet inline, so the
 * file can be opened on its own. */
static int render_html(const doc *d, arena *a, strbuf *out, dl_error *e)
{
    tmpl_set *set = NULL;
    if (tmpl_set_load(embedded_templates, &set, e) != DL_OK) return 1;
    const struct embedded_file *css = embedded_find(embedded_static, "style.css");
    sb_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", d->lang);
    html_escape_append(out, d->title, strlen(d->title));
    sb_puts(out, "</title>\n<style>\n");
    if (css) sb_append(out, (const char *)css->data, css->len);
    sb_puts(out, "</style>\n</head>\n<body>\n<main><div class=\"wrap\">\n");
    dl_err rc = doc_render_html(set, a, d, out, e);
    sb_puts(out, "</div></main>\n</body>\n</html>\n");
    tmpl_set_free(set);
    if (rc == DL_OK && out->oom) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    return rc != DL_OK;
}

int cmd_doc(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { doc_help(stdout); return 0; }
    if (argc < 1 || strcmp(argv[0], "sample") != 0) {
        fprintf(stderr, "datalots doc: expected \"sample\"; see datalots doc --help\n");
        return 2;
    }
    const char *lang = "sv", *out_path = NULL, *date = "2026-03-16T10:00:00+01:00", *format = NULL;
    long rows = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc ||
            (strcmp(o, "--lang") != 0 && strcmp(o, "--out") != 0 && strcmp(o, "--rows") != 0 &&
             strcmp(o, "--date") != 0 && strcmp(o, "--format") != 0)) {
            fprintf(stderr, "datalots doc sample: unknown option or missing value: %s\n", o);
            return 2;
        }
        const char *v = argv[++i];
        if (strcmp(o, "--lang") == 0) lang = v;
        else if (strcmp(o, "--out") == 0) out_path = v;
        else if (strcmp(o, "--date") == 0) date = v;
        else if (strcmp(o, "--format") == 0) format = v;
        else {
            char *end;
            errno = 0;
            rows = strtol(v, &end, 10);
            if (errno || *end || end == v || rows < 0 || rows > DOC_MAX_ROWS - 20) {
                fprintf(stderr, "datalots doc sample: --rows wants 0 to %d\n", DOC_MAX_ROWS - 20);
                return 2;
            }
        }
    }
    if (!out_path) { fprintf(stderr, "datalots doc sample: --out FILE is required\n"); return 2; }
    if (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "datalots doc sample: --lang wants sv or en\n");
        return 2;
    }
    if (!format) {
        size_t n = strlen(out_path);
        format = n > 5 && strcmp(out_path + n - 5, ".html") == 0 ? "html" : "pdf";
    }
    if (strcmp(format, "pdf") != 0 && strcmp(format, "html") != 0) {
        fprintf(stderr, "datalots doc sample: --format wants pdf or html\n");
        return 2;
    }
    arena *a = arena_new(64 * 1024);
    dl_error e;
    dl_error_clear(&e);
    strbuf out;
    sb_init(&out, 0);
    int status = 1, pages = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    doc *d = a ? doc_sample(a, lang, (int)rows, &e) : NULL;
    if (!a) dl_fail(&e, DL_ENOMEM, "out of memory");
    if (d && strcmp(format, "pdf") == 0) {
        doc_pdf_opts o = {.create_date = date, .author = "datalots doc sample"};
        if (doc_pdf_render(d, &o, &out, &pages, &e) == DL_OK) status = 0;
    } else if (d) {
        status = render_html(d, a, &out, &e);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (status != 0) {
        fprintf(stderr, "datalots doc sample: %s\n", e.msg[0] ? e.msg : "rendering failed");
    } else {
        status = write_out(out_path, out.data, out.len);
        if (status == 0) {
            if (pages) fprintf(stderr, "%s: %d pages, %zu bytes, rendered in %.1f ms\n", out_path, pages, out.len, ms);
            else fprintf(stderr, "%s: %zu bytes, rendered in %.1f ms\n", out_path, out.len, ms);
        }
    }
    sb_free(&out);
    arena_free(a);
    doc_pdf_shutdown();
    return status;
}
