/* package_pdf.c — paper delivery (Process 1): the extract as a print-ready
 * PDF through the project's document model (report/doc.h) and its cairo +
 * pango renderer (report/doc_pdf.c): A4, the README's facts on page 1, each
 * table under a heading with its header row repeated on every page, "Sida
 * N av M" and the diary number in the footer. Small-cell suppression as in
 * the age package. Paper is for small extracts: above PACKAGE_PDF_MAX_ROWS
 * rows the build is refused before anything is drawn. The PDF is written to
 * a temporary file next to out_path and renamed. */
#include "extract/package_internal.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strbuf.h"
#include "report/doc.h"
#include "report/doc_pdf.h"

static const char *nz(const char *s) { return s && *s ? s : "-"; }

static void add_facts(doc *d, const package_info *p)
{
    doc_letterhead(d, nz(p->organisation), NULL);
    doc_field(d, "Diarienummer", nz(p->diary_number));
    doc_field(d, "Ärende", nz(p->case_title));
    doc_field(d, "Beslutsdatum", nz(p->decided_at));
    doc_field(d, "Mottagare", nz(p->recipient));
    doc_field(d, "Framställd", nz(p->generated_at));
    doc_field(d, "Förstörs senast", nz(p->destroy_by));
    doc_marking(d, "Innehåller känsliga personuppgifter – förvaras inlåst och förstörs senast angivet datum");
    char footer[160];
    snprintf(footer, sizeof footer, "Dnr %s", nz(p->diary_number));
    doc_footer(d, footer, "Sida", "av");
    doc_title(d, "Leverans av uppgifter");
    doc_heading(d, "Villkor i beslutet");
    doc_paragraph(d, nz(p->decision_conditions));
    doc_heading(d, "Så har uppgifterna behandlats");
    char text[600];
    snprintf(text, sizeof text, "%s Datum anges per %s (%s). %s",
             p->pseudonymised ? "Personnummer har ersatts av en pseudonym (HMAC-SHA-256 med ärendets kodnyckel)."
                              : "Uppgifterna är inte pseudonymiserade.",
             date_precision_labels_sv[p->dates], date_precision_formats_sv[p->dates],
             p->small_cell_min > 0 ? "Värden i indirekt identifierande kolumner som färre patienter än gränsen "
                                     "har, har ersatts med \"*\"."
                                   : "Inga värden har undertryckts.");
    doc_paragraph(d, text);
    if (p->small_cell_min > 0) {
        snprintf(text, sizeof text, "Gräns för små celler: %d patienter.", p->small_cell_min);
        doc_paragraph(d, text);
    }
}

/* A cell as the document model takes it: CR LF and lone CR become a
 * newline, other control characters a space. */
static const char *printable(arena *a, const char *v, size_t n)
{
    char *out = arena_strndup(a, v, n);
    if (!out) return "";
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\r' && i + 1 < n && v[i + 1] == '\n') continue;
        out[k++] = c == '\r' ? '\n' : (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? ' ' : (char)c;
    }
    out[k] = '\0';
    return out;
}

static dl_err add_table(doc *d, arena *a, const package_info *p, const package_table *t, dl_error *e)
{
    package_suppression s = {0};
    dl_err err = package_suppress_count(p, t, &s, e);
    if (err != DL_OK) return err;
    int fd;
    csv_reader *r;
    if ((err = package_csv_open(p, t, &fd, &r, e)) != DL_OK) {
        package_suppress_free(&s);
        return err;
    }
    const source_table *st = &source_tables[t->table];
    char heading[200];
    snprintf(heading, sizeof heading, "%s (%s.csv) – %lld rader", st->label_sv, st->name, (long long)t->rows);
    doc_heading(d, heading);
    const char *headers[PACKAGE_MAX_COLS], *row[PACKAGE_MAX_COLS];
    for (int c = 0; c < t->n_cols; c++) headers[c] = package_column_name(p, t->table, t->cols[c]);
    int64_t in_table = 0;
    int open = 0, got, n;
    const char *const *cells;
    const size_t *lens;
    while ((got = csv_read_row(r, &cells, &lens, &n, e)) == 1) {
        if (n != t->n_cols) {
            err = dl_fail(e, DL_EINVAL, "%s: row %lld has %d fields, the header %d", t->csv_path,
                          (long long)csv_reader_rows(r), n, t->n_cols);
            break;
        }
        if (in_table == DOC_MAX_ROWS) {  /* a long table continues as the next block */
            doc_table_end(d);
            open = 0;
            in_table = 0;
        }
        if (!open) {
            doc_table_begin_v(d, (size_t)t->n_cols, headers);
            for (int c = 0; c < t->n_cols; c++)
                if (t->cols[c] != PACKAGE_PSEUDONYM_COLUMN &&
                    (st->columns[t->cols[c]].type == SRC_INT || st->columns[t->cols[c]].type == SRC_REAL))
                    doc_table_numeric(d, (size_t)c);
            open = 1;
        }
        for (int c = 0; c < n; c++) {
            size_t vn;
            const char *v = package_suppress_value(&s, c, cells[c], lens[c], &vn);
            row[c] = v ? printable(a, v, vn) : "";
        }
        doc_table_row_v(d, row);
        in_table++;
    }
    if (open) doc_table_end(d);
    if (err == DL_OK && got < 0) err = e ? e->code : DL_EINVAL;
    package_csv_close(fd, r);
    package_suppress_free(&s);
    return err;
}

static dl_err write_atomically(const char *out_path, const char *data, size_t n, dl_error *e)
{
    size_t tn = strlen(out_path) + 16;
    char *tmp = dl_malloc(tn);
    if (!tmp) return dl_fail(e, DL_ENOMEM, "out of memory");
    snprintf(tmp, tn, "%s.tmp-XXXXXX", out_path);
    int fd = mkstemp(tmp);
    dl_err err = DL_OK;
    if (fd < 0) {
        err = dl_fail(e, DL_EIO, "cannot create the PDF next to %s: %s", out_path, strerror(errno));
        dl_free(tmp);
        return err;
    }
    while (n > 0 && err == DL_OK) {
        ssize_t k = write(fd, data, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) err = dl_fail(e, DL_EIO, "cannot write %s: %s", out_path, strerror(errno));
        else {
            data += k;
            n -= (size_t)k;
        }
    }
    if (err == DL_OK && fsync(fd) != 0) err = dl_fail(e, DL_EIO, "cannot write %s: %s", out_path, strerror(errno));
    if (close(fd) != 0 && err == DL_OK) err = dl_fail(e, DL_EIO, "cannot write %s: %s", out_path, strerror(errno));
    if (err == DL_OK && rename(tmp, out_path) != 0)
        err = dl_fail(e, DL_EIO, "cannot move the PDF to %s: %s", out_path, strerror(errno));
    if (err != DL_OK) unlink(tmp);
    dl_free(tmp);
    return err;
}

dl_err package_build_pdf(const package_info *p, const char *out_path, dl_error *e)
{
    if (!p || p->n_tables < 1 || p->n_tables > SRC_TABLE__MAX || !out_path)
        return dl_fail(e, DL_EINVAL, "a paper delivery needs 1 to %d tables and an output path", SRC_TABLE__MAX);
    if ((unsigned)p->dates >= DATE_PRECISION__MAX) return dl_fail(e, DL_EINVAL, "unknown date precision");
    int64_t rows = 0;
    for (int i = 0; i < p->n_tables; i++) {
        const package_table *t = &p->tables[i];
        if ((unsigned)t->table >= SRC_TABLE__MAX || !t->cols || !t->csv_path || t->n_cols < 1)
            return dl_fail(e, DL_EINVAL, "table %d of the paper delivery is incomplete", i);
        if (t->n_cols > DOC_MAX_COLS)
            return dl_fail(e, DL_ELIMIT, "table %s has %d columns; a printed page takes at most %d",
                           source_tables[t->table].name, t->n_cols, DOC_MAX_COLS);
        for (int c = 0; c < t->n_cols; c++)
            if (!package_column_name(p, t->table, t->cols[c]))
                return dl_fail(e, DL_EINVAL, "table %s: column %d is not in the source schema",
                               source_tables[t->table].name, t->cols[c]);
        rows += t->rows;
    }
    if (rows > PACKAGE_PDF_MAX_ROWS)
        return dl_fail(e, DL_ELIMIT,
                       "the extract has %lld rows; paper delivery is for at most %d — deliver it as an age file",
                       (long long)rows, PACKAGE_PDF_MAX_ROWS);
    arena *a = arena_new(1 << 16);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    doc *d = doc_new(a);
    dl_err err = d ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    if (err == DL_OK) add_facts(d, p);
    for (int i = 0; i < p->n_tables && err == DL_OK; i++) err = add_table(d, a, p, &p->tables[i], e);
    if (err == DL_OK) err = doc_status(d, e);
    strbuf pdf;
    sb_init(&pdf, 0);
    if (err == DL_OK) {
        doc_pdf_opts o = {.create_date = p->generated_at, .author = p->organisation, .subject = p->diary_number};
        err = doc_pdf_render(d, &o, &pdf, NULL, e);
    }
    if (err == DL_OK) err = write_atomically(out_path, pdf.data, pdf.len, e);
    sb_free(&pdf);
    arena_free(a);
    return err;
}
