/* obstacle_render.h — the compiled obstacle report (store/obstacle_report.h
 * reads its figures) written as HTML (obstacle_html.c: a whole page, or the
 * part the web page /hinder/rapport shows), PDF (obstacle_pdf.c: A4, the
 * charts drawn in, "Sida N" on every page), CSV (obstacle_csv.c) and XLSX
 * (obstacle_xlsx.c). Swedish, or English through the .mo (lang "en"). The
 * texts of the obstacles are read a page at a time while they are written.
 *
 * The CSV and the XLSX's sheet have the same rows (obstacle_render_rows):
 * a header, then one row per figure — section (a dimension's key, "total",
 * "age", "outcome"), key, label, count — then one row per obstacle —
 * "obstacle", its reference, its category's label, its age in days, its
 * day, its state's label, what happened. */
#ifndef DATALOTS_OBSTACLE_RENDER_H
#define DATALOTS_OBSTACLE_RENDER_H

#include <stdint.h>

#include "core/err.h"
#include "core/strbuf.h"
#include "db/db.h"
#include "store/obstacle_report.h"

typedef enum obstacle_format { OF_HTML, OF_PDF, OF_CSV, OF_XLSX, OF__MAX } obstacle_format;

/* "html", "pdf", "csv", "xlsx" → *out; -1 for another word. */
int obstacle_format_parse(const char *s, obstacle_format *out);
const char *obstacle_format_key(obstacle_format f);
const char *obstacle_format_mime(obstacle_format f);

/* At most this many texts in the PDF (the whole list is in the other
 * formats); the web page shows OBSTACLE_PAGE_TEXTS. */
#define OBSTACLE_PDF_TEXTS 300
#define OBSTACLE_PAGE_TEXTS 100

typedef struct obstacle_render {
    db *d;                      /* where the texts are read from */
    const obstacle_summary *s;
    int english;                /* 0 Swedish, 1 English */
    int64_t text_limit;         /* 0: every text */
    const char *generated;      /* "2026-12-06 21:15", local time */
} obstacle_render;

/* The UI text for msgid in the report's language. */
const char *obstacle_tr(const obstacle_render *r, const char *msgid);
/* A count's label in the report's language. */
const char *obstacle_count_label(const obstacle_render *r, const obstacle_count *c);

/* Every row of the CSV and XLSX, 7 cells each: fn returns 0 to go on. */
#define OBSTACLE_ROW_CELLS 7
typedef int (*obstacle_row_fn)(void *ud, const char *const cells[OBSTACLE_ROW_CELLS]);
dl_err obstacle_render_rows(const obstacle_render *r, obstacle_row_fn fn, void *ud, dl_error *e);

/* HTML into out: fragment 0 a whole document, 1 the part inside a page. */
dl_err obstacle_render_html(const obstacle_render *r, int fragment, strbuf *out, dl_error *e);
/* Writers to a file descriptor (not closed). */
dl_err obstacle_render_html_fd(const obstacle_render *r, int fd, dl_error *e);
dl_err obstacle_render_pdf(const obstacle_render *r, int fd, int *pages, dl_error *e);
dl_err obstacle_render_csv(const obstacle_render *r, int fd, dl_error *e);
/* XLSX is written to a file path (libxlsxwriter's way). */
dl_err obstacle_render_xlsx(const obstacle_render *r, const char *path, dl_error *e);
/* Any format into fd; XLSX through a temporary file in tmpdir. */
dl_err obstacle_render_to_fd(const obstacle_render *r, obstacle_format f, int fd, const char *tmpdir, dl_error *e);
/* Copies the file at path to fd (the XLSX written by name, then sent); also the follow-up report's. */
dl_err report_copy_file(const char *path, int fd, dl_error *e);

#endif
