/* cases_export.c — GET /cases?format=csv|xlsx (issue 14 item 10): the
 * staff queue with the page's filter (the state, the viewer's
 * organisation, only the cases a role of theirs covers) as a file, every
 * matching case rather than one page. The columns are the queue's. The
 * CSV's text cells are made safe for spreadsheets (report/spreadsheet_cell.h);
 * the XLSX (libxlsxwriter) writes every text as a string, never a formula,
 * the ids as numbers, the header bold and frozen. Each download is audited
 * (case.list_export: the format, the filter and how many rows), as the
 * obstacle report's downloads are, since the list names applicants. */
#include "web/handlers/handlers.h"
#include "web/handlers/download.h"
#include "core/case_flow.h"
#include "extract/csv_write.h"
#include "report/spreadsheet_cell.h"
#include "store/audit.h"
#include "store/case_due.h"
#include "core/clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define BATCH 500
#define COLUMNS 12

static const char *const headers_sv[COLUMNS] = {
    "Ärende-id", "Diarienummer", "Titel", "Sökande", "Läge", "Process", "Organisation", "Enhet eller område",
    "Inkommen", "Senast ändrad", "Stegets sista dag", "Mål för steget",
};

/* The due state's words, as the queue shows them (store/case_due.h). */
static const char *due_words(request *r, const case_due *x)
{
    if (!x->has_target) return "";
    if (x->waiting) return tr(r, "Väntar på den sökande");
    return x->status == DUE_OVERDUE ? tr(r, "Försenad") : x->status == DUE_THIS_WEEK ? tr(r, "Förfaller denna vecka") : tr(r, "I tid");
}

/* One row's cells (the id as text; the writers decide its type). */
static void cells_of(request *r, const case_rec *c, const char *out[COLUMNS])
{
    out[0] = arena_printf(r->a, "%lld", (long long)c->id);
    out[1] = c->diary_number;
    out[2] = c->req.v[REQ_TITLE];
    out[3] = c->req.v[REQ_APPLICANT_NAME];
    out[4] = tr(r, case_state_label_sv(c->state));
    out[5] = c->process == PROCESS_1 ? "1" : c->process == PROCESS_2 ? "2" : "";
    out[6] = c->org_name;
    out[7] = c->target_name;
    out[8] = *c->submitted_at ? local_time(r, c->submitted_at) : "";
    out[9] = local_time(r, c->updated_at);
    case_due x;
    dl_error ignored;
    char day[11] = "";
    if (case_due_of(r->db, c, clock_now(), &x, &ignored) != DL_OK) x.has_target = 0;
    if (x.has_target) cal_format_iso(x.due, day);
    out[10] = arena_strdup(r->a, day);
    out[11] = due_words(r, &x);
    for (int i = 0; i < COLUMNS; i++)
        if (!out[i]) out[i] = "";
}

typedef int (*row_fn)(void *ud, request *r, const char *cells[COLUMNS], int header);

/* Every visible case under q, in the queue's order, to fn; *n_rows counted. */
static dl_err each_case(request *r, const case_filter *q, row_fn fn, void *ud, int64_t *n_rows, dl_error *e)
{
    const char *head[COLUMNS];
    for (int i = 0; i < COLUMNS; i++) head[i] = tr(r, headers_sv[i]);
    if (fn(ud, r, head, 1)) return dl_fail(e, DL_EIO, "Filen kunde inte skrivas.");
    case_rec *rows = arena_alloc(r->a, sizeof *rows * BATCH);
    if (!rows) return dl_fail(e, DL_ENOMEM, "out of memory");
    case_filter f = *q;
    f.limit = BATCH;
    *n_rows = 0;
    /* A batch at a time from the store; the strings stay in the request's
     * arena (a few hundred bytes a case: some MB for 10,000). */
    for (f.offset = 0;; f.offset += BATCH) {
        int n = 0;
        int64_t total = 0;
        dl_err rc = case_list(r->db, r->a, &f, rows, &n, &total, e);
        for (int i = 0; rc == DL_OK && i < n; i++) {
            if (!cases_row_visible(r, &rows[i])) continue;
            const char *cells[COLUMNS];
            cells_of(r, &rows[i], cells);
            if (fn(ud, r, cells, 0)) rc = dl_fail(e, DL_EIO, "Filen kunde inte skrivas.");
            (*n_rows)++;
        }
        if (rc != DL_OK) return rc;
        if (n < BATCH) return DL_OK;
    }
}

static int csv_put(void *ud, request *r, const char *cells[COLUMNS], int header)
{
    const char *safe[COLUMNS];
    for (int i = 0; i < COLUMNS; i++) safe[i] = header ? cells[i] : spreadsheet_safe_cell(r->a, cells[i]);
    return csv_write_row(ud, safe, COLUMNS) != DL_OK;
}

typedef struct xl {
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t row;
} xl;

static int xlsx_put(void *ud, request *r, const char *cells[COLUMNS], int header)
{
    (void)r;
    xl *x = ud;
    if (x->row >= LXW_ROW_MAX) return 1;
    for (int c = 0; c < COLUMNS; c++) {
        lxw_error rc = !header && c == 0 ? worksheet_write_number(x->ws, x->row, 0, strtod(cells[0], NULL), NULL)
                                         : worksheet_write_string(x->ws, x->row, (lxw_col_t)c, cells[c],
                                                                  header ? x->bold : NULL);
        if (rc != LXW_NO_ERROR) return 1;
    }
    x->row++;
    return 0;
}

static const char *filter_text(request *r, const case_filter *q)
{
    const char *state = q->state == -2 ? "open" : q->state == -1 ? "all" : case_state_key((case_state)q->state);
    if (!q->due) return state;
    return arena_printf(r->a, "%s-%s", state, q->due == CASE_DUE_OVERDUE ? "overdue" : "week");
}

static void audit_download(request *r, const case_filter *q, const char *format, int64_t n)
{
    audit_actor who = actor_of(r);
    dl_error ignored;
    (void)audit_append_tx(r->db, &who, "case.list_export", "case", "",
                          arena_printf(r->a, "%s state=%s org=%lld rows=%lld", format, filter_text(r, q),
                                       (long long)q->org_id, (long long)n),
                          &ignored);
}

static void export_csv(request *r, const case_filter *q)
{
    int fd = download_temp_fd();
    csv_writer *w = fd >= 0 ? csv_writer_open(fd) : NULL;
    if (!w) {
        if (fd >= 0) close(fd);
        res_error(r, DL_EINTERNAL, "Filen kunde inte skapas. Försök igen.");
        return;
    }
    dl_error e = {0};
    int64_t n = 0;
    dl_err rc = each_case(r, q, csv_put, w, &n, &e);
    if (rc == DL_OK) rc = csv_writer_status(w, &e);
    if (rc == DL_OK) rc = csv_writer_flush(w, &e);
    csv_writer_free(w);
    if (rc != DL_OK) {
        close(fd);
        res_error_from(r, rc, &e);
        return;
    }
    audit_download(r, q, "csv", n);
    download_send(r, fd, "text/csv; charset=utf-8", arena_printf(r->a, "arenden-%s.csv", filter_text(r, q)));
}

static void export_xlsx(request *r, const case_filter *q)
{
    const char *path = download_temp_path(r);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = path ? workbook_new_opt(path, &opt) : NULL;
    if (!wb) {
        if (path) unlink(path);
        res_error(r, DL_EINTERNAL, "Filen kunde inte skapas. Försök igen.");
        return;
    }
    xl x = {.ws = workbook_add_worksheet(wb, tr(r, "Ärenden")), .bold = workbook_add_format(wb)};
    dl_error e = {0};
    int64_t n = 0;
    dl_err rc = x.ws && x.bold ? DL_OK : dl_fail(&e, DL_ENOMEM, "out of memory");
    if (rc == DL_OK) {
        format_set_bold(x.bold);
        worksheet_set_column(x.ws, 0, 1, 14, NULL);
        worksheet_set_column(x.ws, 2, 2, 50, NULL);
        worksheet_set_column(x.ws, 3, 11, 20, NULL);
        worksheet_freeze_panes(x.ws, 1, 0);
        rc = each_case(r, q, xlsx_put, &x, &n, &e);
    }
    lxw_error closed = workbook_close(wb);
    if (rc == DL_OK && closed != LXW_NO_ERROR) rc = dl_fail(&e, DL_EIO, "Filen kunde inte skrivas.");
    int fd = rc == DL_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    unlink(path);
    if (fd < 0) {
        res_error(r, rc == DL_OK ? DL_EIO : rc, "Filen kunde inte skapas. Försök igen.");
        return;
    }
    audit_download(r, q, "xlsx", n);
    download_send(r, fd, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  arena_printf(r->a, "arenden-%s.xlsx", filter_text(r, q)));
}

void cases_export(request *r, const case_filter *q, int format)
{
    if (format == 1) export_xlsx(r, q);
    else export_csv(r, q);
}
