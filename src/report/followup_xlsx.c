/* followup_xlsx.c — the follow-up figures as an XLSX workbook with
 * libxlsxwriter: one sheet whose rows are those of the CSV
 * (followup_render_rows), the figures (columns 4–8; the survey's mean with
 * its decimals) as numbers, every text
 * as a string (never a formula, whatever it begins with), the header in
 * bold and frozen. The rows are few (a few hundred at most). */
#include "report/followup_render.h"

#include <stdlib.h>
#include <xlsxwriter.h>

typedef struct xl {
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t row;
    lxw_error err;
} xl;

static int put_row(void *ud, const char *const cells[FOLLOWUP_ROW_CELLS])
{
    xl *x = ud;
    int header = x->row == 0;
    for (int c = 0; c < FOLLOWUP_ROW_CELLS; c++) {
        if (!cells[c] || !*cells[c]) continue;
        char *end = NULL;
        double v = c >= 3 && !header ? strtod(cells[c], &end) : 0; /* a count, or the survey's mean */
        lxw_error rc = c >= 3 && !header && end && !*end
                           ? worksheet_write_number(x->ws, x->row, (lxw_col_t)c, v, NULL)
                           : worksheet_write_string(x->ws, x->row, (lxw_col_t)c, cells[c], header ? x->bold : NULL);
        if (rc != LXW_NO_ERROR) { x->err = rc; return 1; }
    }
    x->row++;
    return 0;
}

dl_err followup_render_xlsx(const followup_render *r, const char *path, dl_error *e)
{
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) return dl_fail(e, DL_EIO, "Kalkylbladet kunde inte skapas.");
    xl x = {0};
    x.bold = workbook_add_format(wb);
    format_set_bold(x.bold);
    x.ws = workbook_add_worksheet(wb, followup_tr(r, "Uppföljning"));
    followup_render raw = *r;
    raw.xlsx = 1;
    dl_err rc = DL_OK;
    if (!x.ws) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    else {
        worksheet_set_column(x.ws, 0, 1, 18, NULL);
        worksheet_set_column(x.ws, 2, 2, 48, NULL);
        worksheet_set_column(x.ws, 3, 7, 14, NULL);
        worksheet_freeze_panes(x.ws, 1, 0);
        rc = followup_render_rows(&raw, put_row, &x, e);
    }
    if (rc == DL_OK && x.err != LXW_NO_ERROR)
        rc = dl_fail(e, x.err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? DL_ELIMIT : DL_EIO,
                     "the workbook refuses a value: %s", lxw_strerror(x.err));
    lxw_error closed = workbook_close(wb);
    if (rc == DL_OK && closed != LXW_NO_ERROR)
        rc = dl_fail(e, DL_EIO, "the workbook could not be written: %s", lxw_strerror(closed));
    return rc;
}
