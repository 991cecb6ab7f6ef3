/* followup_render.h — the follow-up figures (store/followup.h reads them)
 * written as HTML (followup_html.c: a whole document, or the part the page
 * /uppfoljning shows — charts as inline SVG by report/obstacle_chart.h with
 * a table of the same figures beside each) and as CSV (the rows of
 * followup_render_rows, RFC 4180; text cells through spreadsheet_safe_cell).
 * Swedish, or English through the .mo (english 1).
 *
 * The rows: a header, then section, key, label, count, median days, 90th
 * percentile days, target days, within target — the last four empty where
 * they do not apply. Sections: cases, state, process, decision, step,
 * samrad, refusal (one per refused case: its diary number, day and text),
 * unit, unit_answer, obstacles, obstacle_category, obstacle_state,
 * search_miss. */
#ifndef DATALOTS_FOLLOWUP_RENDER_H
#define DATALOTS_FOLLOWUP_RENDER_H

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"
#include "store/followup.h"

typedef struct followup_render {
    const followup_summary *s;
    int english;
    const char *generated; /* "2026-12-07 05:00", local time */
    arena *a;              /* for the CSV's guarded cells */
} followup_render;

const char *followup_tr(const followup_render *r, const char *msgid);

#define FOLLOWUP_ROW_CELLS 8
typedef int (*followup_row_fn)(void *ud, const char *const cells[FOLLOWUP_ROW_CELLS]);
dl_err followup_render_rows(const followup_render *r, followup_row_fn fn, void *ud, dl_error *e);

/* HTML into out: fragment 0 a whole document, 1 the part inside a page. */
void followup_render_html(const followup_render *r, int fragment, strbuf *out);
dl_err followup_render_csv(const followup_render *r, int fd, dl_error *e);

#endif
