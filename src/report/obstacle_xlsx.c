/* obstacle_xlsx.c — the compiled obstacle report as an XLSX workbook with
 * libxlsxwriter: one sheet whose rows are those of the CSV
 * (obstacle_render_rows), the counts as numbers, everything else as strings
 * (never formulas, whatever a text begins with), the header in bold and
 * frozen. A sheet holds 1,048,576 rows; past that a further sheet follows. */
#include "report/obstacle_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define ROWS_PER_SHEET 1048576

typedef struct xl {
    const obstacle_render *r;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t row;
    int sheets;
    lxw_error err;
} xl;

static lxw_worksheet *new_sheet(xl *x)
{
    char name[48];
    const char *base = obstacle_tr(x->r, "Hinder");
    if (x->sheets == 0) snprintf(name, sizeof name, "%.28s", base);
    else snprintf(name, sizeof name, "%.20s (%d)", base, x->sheets % 1000 + 1);
    x->sheets++;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws) {
        worksheet_set_column(ws, 0, 0, 12, NULL);
        worksheet_set_column(ws, 1, 1, 22, NULL);
        worksheet_set_column(ws, 2, 2, 40, NULL);
        worksheet_set_column(ws, 3, 5, 12, NULL);
        worksheet_set_column(ws, 6, 6, 80, NULL);
        worksheet_freeze_panes(ws, 1, 0);
    }
    x->row = 0;
    return ws;
}

static int put_row(void *ud, const char *const cells[OBSTACLE_ROW_CELLS])
{
    xl *x = ud;
    if (x->row == ROWS_PER_SHEET) {
        x->ws = new_sheet(x);
        if (!x->ws) { x->err = LXW_ERROR_MEMORY_MALLOC_FAILED; return 1; }
    }
    int header = x->row == 0 && x->sheets == 1;
    for (int c = 0; c < OBSTACLE_ROW_CELLS; c++) {
        if (!cells[c] || !*cells[c]) continue;
        char *end = NULL;
        long long v = c == 3 && !header ? strtoll(cells[c], &end, 10) : 0;
        lxw_error rc = c == 3 && !header && end && !*end
                           ? worksheet_write_number(x->ws, x->row, (lxw_col_t)c, (double)v, NULL)
                           : worksheet_write_string(x->ws, x->row, (lxw_col_t)c, cells[c], header ? x->bold : NULL);
        if (rc != LXW_NO_ERROR) { x->err = rc; return 1; }
    }
    x->row++;
    return 0;
}

dl_err obstacle_render_xlsx(const obstacle_render *r, const char *path, dl_error *e)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    xl x = {.r = r};
    x.wb = workbook_new_opt(path, &opt);
    if (!x.wb) return dl_fail(e, DL_EIO, "Kalkylbladet kunde inte skapas.");
    x.bold = workbook_add_format(x.wb);
    format_set_bold(x.bold);
    x.ws = new_sheet(&x);
    dl_err rc = x.ws ? obstacle_render_rows(r, put_row, &x, e) : dl_fail(e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK && x.err != LXW_NO_ERROR)
        rc = dl_fail(e, x.err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? DL_ELIMIT : DL_EIO,
                     "the workbook refuses a value: %s", lxw_strerror(x.err));
    lxw_error closed = workbook_close(x.wb);
    if (rc == DL_OK && closed != LXW_NO_ERROR)
        rc = dl_fail(e, DL_EIO, "the workbook could not be written: %s", lxw_strerror(closed));
    return rc;
}
