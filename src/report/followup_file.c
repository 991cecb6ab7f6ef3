/* followup_file.c — the follow-up figures written to a file descriptor in
 * one of the formats of report/obstacle_render.h (see followup_render.h). */
#include "report/followup_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int followup_format_offered(obstacle_format f) { return (unsigned)f < OF__MAX; }

static dl_err html_fd(const followup_render *r, int fd, dl_error *e)
{
    strbuf out;
    sb_init(&out, 64 * 1024);
    followup_render_html(r, 0, &out);
    const char *p = sb_cstr(&out);
    size_t left = strlen(p);
    dl_err rc = DL_OK;
    while (left > 0 && rc == DL_OK) {
        ssize_t w = write(fd, p, left);
        if (w <= 0) rc = dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
        else { p += w; left -= (size_t)w; }
    }
    sb_free(&out);
    return rc;
}

dl_err followup_render_to_fd(const followup_render *r, obstacle_format f, int fd, const char *tmpdir, dl_error *e)
{
    switch (f) {
    case OF_HTML: return html_fd(r, fd, e);
    case OF_CSV: return followup_render_csv(r, fd, e);
    case OF_XLSX: {
        char path[512];
        snprintf(path, sizeof path, "%s/datalots-followup-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
        int t = mkstemp(path);
        if (t < 0) return dl_fail(e, DL_EIO, "Ingen tillfällig fil kunde skapas för kalkylbladet.");
        close(t);
        dl_err rc = followup_render_xlsx(r, path, e);
        if (rc == DL_OK) rc = report_copy_file(path, fd, e);
        unlink(path);
        return rc;
    }
    case OF_PDF: return followup_render_pdf(r, fd, e);
    case OF__MAX: break;
    }
    return dl_fail(e, DL_EINVAL, "Uppföljningen finns som html, pdf, csv eller xlsx.");
}
