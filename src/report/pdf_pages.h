/* pdf_pages.h — the page helpers the obstacle and follow-up PDF reports
 * share (report/obstacle_pdf.c, report/followup_pdf.c): an A4 cairo PDF
 * surface written straight to a descriptor, a pango context with the five
 * DejaVu Sans fonts, a cursor (y, page), paragraphs that move to a new page
 * when they do not fit, the footer ("<foot>" left, "<Sida> N" right) and a
 * bar or column chart drawn from report/obstacle_chart.h's geometry.
 *
 *     pdf_pages p;
 *     pdf_pages_open(&p, fd, title, english, foot, tr("Sida"), r);
 *     pdf_text(&p, p.f_title, title, 6);
 *     …
 *     pdf_footer(&p);
 *     rc = pdf_pages_close(&p, "my_pdf", e);
 *
 * The caller holds doc_pdf's lock while it draws (see doc_pdf.c). */
#ifndef DATALOTS_REPORT_PDF_PAGES_H
#define DATALOTS_REPORT_PDF_PAGES_H

#include "core/err.h"
#include "report/obstacle_chart.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#define PDF_PAGE_W 595.28
#define PDF_PAGE_H 841.89
#define PDF_MARGIN 56.0
#define PDF_CONT_W (PDF_PAGE_W - 2 * PDF_MARGIN)
#define PDF_BOTTOM (PDF_PAGE_H - PDF_MARGIN - 10)
#define PDF_ROW_H 13.0

typedef struct pdf_pages {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    PangoFontDescription *f_body, *f_bold, *f_small, *f_title, *f_heading;
    double y;
    int page;
    const char *foot; /* left in the footer */
    const char *sida; /* the translated "Sida" */
    const void *user; /* the report's own state */
    int fd, failed;   /* the sink */
} pdf_pages;

/* Starts the document on page 1 with the title and creator metadata. */
void pdf_pages_open(pdf_pages *p, int fd, const char *title, int english, const char *foot, const char *sida,
                    const void *user);
/* Frees everything; DL_EIO when the descriptor refused the bytes, DL_EINTERNAL
 * on a cairo error (the message names who). */
dl_err pdf_pages_close(pdf_pages *p, const char *who, dl_error *e);

PangoLayout *pdf_lay(pdf_pages *p, PangoFontDescription *f, const char *text, double width, PangoAlignment al);
double pdf_height_of(PangoLayout *l);
void pdf_draw_at(pdf_pages *p, PangoLayout *l, double x, double y);
void pdf_footer(pdf_pages *p);
/* A new page (with the footer of the one before) when h does not fit. */
void pdf_need(pdf_pages *p, double h);
/* A paragraph across the page, on a new page when it does not fit. */
void pdf_text(pdf_pages *p, PangoFontDescription *f, const char *s, double after);
/* The light rule under a table row at p->y. */
void pdf_row_rule(pdf_pages *p);
/* A chart at the cursor: columns across the page, bars across 90 %. */
void pdf_chart(pdf_pages *p, const obstacle_chart *c);

#endif
