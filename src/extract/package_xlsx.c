/* package_xlsx.c — data.xlsx: one sheet per table from the (suppressed)
 * CSVs, written with libxlsxwriter in constant_memory mode (each row goes
 * to a scratch file as it is written; memory stays flat). A table over
 * PACKAGE_XLSX_ROWS_PER_SHEET rows continues on sheets "name (2)", "name
 * (3)" … Each sheet starts with the header row (bold, frozen).
 *
 * Types: integer and decimal columns become number cells when the whole
 * value parses as a number (an integer only within ±2^53, where a double
 * is exact), else text; dates are text "YYYY-MM-DD" (or "YYYY-MM", "YYYY"
 * when coarsened — a date cell could not hold those); everything else is a
 * string cell, always through worksheet_write_string, so "=HYPERLINK(…)" or
 * "+1" stays text and never becomes a formula. Empty values are blank
 * cells. The workbook's creation time is generated_at, so identical inputs
 * give an identical file. */
#include "extract/package_internal.h"

#include <errno.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>


typedef enum cell_kind { CELL_TEXT, CELL_INT, CELL_REAL } cell_kind;

static cell_kind kind_of(const package_table *t, int c)
{
    if (t->cols[c] == PACKAGE_PSEUDONYM_COLUMN) return CELL_TEXT;
    switch (source_tables[t->table].columns[t->cols[c]].type) {
    case SRC_INT: return CELL_INT;
    case SRC_REAL: return CELL_REAL;
    default: return CELL_TEXT;
    }
}

/* 1 and *v when the NUL-terminated s is a number fit for a number cell. */
static int as_number(cell_kind k, const char *s, double *v)
{
    char *end;
    errno = 0;
    if (k == CELL_INT) {
        long long x = strtoll(s, &end, 10);
        if (errno || *end || end == s || x > (1LL << 53) || x < -(1LL << 53)) return 0;
        *v = (double)x;
        return 1;
    }
    double x = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(x) || s[0] == ' ') return 0;
    *v = x;
    return 1;
}

static lxw_worksheet *new_sheet(const package_info *p, lxw_workbook *wb, const package_table *t, int part, lxw_format *bold)
{
    char name[40];
    const char *base = source_tables[t->table].name;
    if (part == 1) snprintf(name, sizeof name, "%.31s", base);
    else snprintf(name, sizeof name, "%.24s (%d)", base, part);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws) return NULL;
    for (int c = 0; c < t->n_cols; c++)
        if (worksheet_write_string(ws, 0, (lxw_col_t)c, package_column_name(p, t->table, t->cols[c]), bold) !=
            LXW_NO_ERROR)
            return NULL;
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, (lxw_col_t)(t->n_cols - 1), 14, NULL);
    return ws;
}

static dl_err write_table(const package_info *p, lxw_workbook *wb, const package_table *t, const char *csv_path, lxw_format *bold,
                          dl_error *e)
{
    package_table at = *t;
    at.csv_path = csv_path;
    int fd;
    csv_reader *r;
    dl_err err = package_csv_open(p, &at, &fd, &r, e);
    if (err != DL_OK) return err;
    cell_kind kinds[PACKAGE_MAX_COLS];
    for (int c = 0; c < t->n_cols; c++) kinds[c] = kind_of(t, c);
    int part = 1;
    lxw_worksheet *ws = new_sheet(p, wb, t, part, bold);
    lxw_row_t row = 0;
    const char *const *cells;
    const size_t *lens;
    int n, got;
    while (ws && (got = csv_read_row(r, &cells, &lens, &n, e)) == 1) {
        if (n != t->n_cols) {
            err = dl_fail(e, DL_EINVAL, "%s: row %lld has %d fields, the header %d", csv_path,
                          (long long)csv_reader_rows(r), n, t->n_cols);
            break;
        }
        if (row == PACKAGE_XLSX_ROWS_PER_SHEET) {
            ws = new_sheet(p, wb, t, ++part, bold);
            row = 0;
            if (!ws) break;
        }
        row++;
        for (int c = 0; c < n; c++) {
            if (!cells[c] || lens[c] == 0) continue;
            double v;
            lxw_error rc = kinds[c] != CELL_TEXT && as_number(kinds[c], cells[c], &v)
                               ? worksheet_write_number(ws, row, (lxw_col_t)c, v, NULL)
                               : worksheet_write_string(ws, row, (lxw_col_t)c, cells[c], NULL);
            if (rc != LXW_NO_ERROR) {
                err = dl_fail(e, rc == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? DL_ELIMIT : DL_EIO,
                              "%s row %lld, column %s: the workbook refuses the value: %s", csv_path,
                              (long long)csv_reader_rows(r), package_column_name(p, t->table, t->cols[c]),
                              lxw_strerror(rc));
                break;
            }
        }
        if (err != DL_OK) break;
    }
    if (err == DL_OK && !ws) err = dl_fail(e, DL_ENOMEM, "the workbook cannot add a sheet for %s", csv_path);
    else if (err == DL_OK && got < 0) err = e ? e->code : DL_EINVAL;
    else if (err == DL_OK && csv_reader_rows(r) - 1 != t->rows)
        err = dl_fail(e, DL_EINVAL, "%s has %lld rows, the runner counted %lld", csv_path,
                      (long long)(csv_reader_rows(r) - 1), (long long)t->rows);
    package_csv_close(fd, r);
    return err;
}

dl_err package_write_xlsx(const package_info *p, const char *const *csv_paths, const char *tmpdir,
                          const char *path, dl_error *e)
{
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = (char *)tmpdir, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &opts);
    if (!wb) return dl_fail(e, DL_EIO, "cannot start the workbook %s", path);
    lxw_doc_properties props = {.title = (char *)(p->case_title ? p->case_title : ""),
                                .company = (char *)(p->organisation ? p->organisation : ""),
                                .created = (time_t)package_parse_time(p->generated_at)};
    workbook_set_properties(wb, &props);
    lxw_format *bold = workbook_add_format(wb);
    if (bold) format_set_bold(bold);
    dl_err err = DL_OK;
    for (int i = 0; i < p->n_tables && err == DL_OK; i++) err = write_table(p, wb, &p->tables[i], csv_paths[i], bold, e);
    lxw_error rc = workbook_close(wb); /* frees wb, also after an error */
    if (err == DL_OK && rc != LXW_NO_ERROR)
        err = dl_fail(e, DL_EIO, "cannot write the workbook %s: %s", path, lxw_strerror(rc));
    return err;
}
