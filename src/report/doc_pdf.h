/* doc_pdf.h — renders a document model (report/doc.h) to PDF with cairo and
 * pango: A4, DejaVu Serif for the text and DejaVu Sans for headings, tables
 * and page furniture (fontconfig names; Debian's fonts-dejavu-core), lines
 * wrapped by pango, paragraphs, lists and tables flowing onto new pages (a
 * table repeats its header row), the confidentiality marking at the top and
 * the footer ("Dnr …", "Sida N av M") at the bottom of every page.
 *
 *     doc_pdf_opts o = {.create_date = "2026-03-16T10:00:00+01:00"};
 *     strbuf pdf;
 *     sb_init(&pdf, 0);
 *     pdf.limit = 8 << 20;                    // optional: refuse bigger output
 *     int pages;
 *     if (doc_pdf_render(d, &o, &pdf, &pages, &e) == DL_OK) … send pdf.data, pdf.len …
 *     sb_free(&pdf);
 *
 * With the same model and create_date the output is byte-for-byte the same
 * (same fonts and cairo version assumed). Rendering uses the calling thread's
 * pango font map; it may be called from several threads at once, and renders
 * one document at a time in the process (a mutex: fontconfig's and cairo's
 * font caches under the font maps are shared; see doc_pdf.c). */
#ifndef DATALOTS_DOC_PDF_H
#define DATALOTS_DOC_PDF_H

#include "core/err.h"
#include "core/strbuf.h"
#include "report/doc.h"

typedef struct doc_pdf_opts {
    /* The PDF's creation and modification date, ISO 8601
     * ("2026-03-16T10:00:00+01:00" or "…Z"); NULL: the time of rendering. */
    const char *create_date;
    const char *author;   /* NULL: none */
    const char *subject;  /* NULL: none */
} doc_pdf_opts;

/* Appends the PDF of d to out. o may be NULL. pages (may be NULL) gets the
 * page count. Errors: the model's first error (doc_status), DL_ELIMIT when
 * out->limit was reached, DL_ENOMEM, DL_EINTERNAL when cairo fails. On error
 * out may hold part of a PDF: discard it. */
dl_err doc_pdf_render(const doc *d, const doc_pdf_opts *o, strbuf *out, int *pages, dl_error *e);

/* Releases the calling thread's pango font map (cairo's static caches stay
 * reachable), so a short-lived program ends with next to nothing for LeakSanitizer to
 * report (fontconfig keeps a few hundred bytes; tests/lsan.supp). For the end of
 * a command-line tool only: no other thread may be rendering, and none may
 * render afterwards. */
void doc_pdf_shutdown(void);
/* The lock doc_pdf_render holds: other cairo/pango renderers of this
 * process (report/obstacle_pdf.c) take it too. */
void doc_pdf_lock(void);
void doc_pdf_unlock(void);

#endif
