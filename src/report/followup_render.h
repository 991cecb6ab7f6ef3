/* followup_render.h — the follow-up figures (store/followup.h reads them)
 * written as HTML (followup_html.c: a whole document, or the part the page
 * /uppfoljning shows — charts as inline SVG by report/obstacle_chart.h with
 * a table of the same figures beside each) and as CSV (the rows of
 * followup_render_rows, RFC 4180; text cells through spreadsheet_safe_cell).
 * and as XLSX (followup_xlsx.c: the same rows in one sheet, the figures as
 * numbers, every text a string). Swedish, or English through the .mo.
 *
 * The rows: a header, then section, key, label, count, median days, 90th
 * percentile days, target days, within target — the last four empty where
 * they do not apply. Sections: cases, state, process, decision, step,
 * samrad, refusal (one per refused case: its diary number, day and text),
 * unit, unit_answer, obstacles, obstacle_category, obstacle_state,
 * search_miss, guide_views, guide_page, survey, survey_score,
 * survey_comment (the last five: followup_render.c's usage_rows),
 * question_member, question_all (followup_render.c's question_rows). */
#ifndef DATALOTS_FOLLOWUP_RENDER_H
#define DATALOTS_FOLLOWUP_RENDER_H

#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"
#include "report/obstacle_render.h" /* obstacle_format: the same four formats */
#include "store/followup.h"

typedef struct followup_render {
    const followup_summary *s;
    int english;
    const char *generated; /* "2026-12-07 05:00", local time */
    arena *a;              /* for the CSV's guarded cells */
    int xlsx;              /* set by followup_render_xlsx: text cells unguarded (never formulas there) */
    int csv;               /* set by followup_render_csv: a decimal point, whatever the language */
} followup_render;

const char *followup_tr(const followup_render *r, const char *msgid);
/* A viewed page's title in the report's language. */
const char *followup_page_title(const followup_render *r, const followup_page_views *v);
/* A chart's label: s cut after 32 characters with "…" (the table beside it has the whole). */
#define FOLLOWUP_SHORT_LABEL 160
void followup_short_label(const char *s, char out[FOLLOWUP_SHORT_LABEL]);
/* The survey's answers 1..5 in words (msgids). */
extern const char *const followup_score_labels[5];
/* The survey's mean with one decimal: a comma in Swedish on the page and in the PDF, else a point. */
void followup_mean_text(const followup_render *r, double mean, char out[16]);
/* A row of the questions' answer times named: the member function's name,
 * the coordinator's queue (member_id 0) or all together (member_id -1) in words. */
const char *followup_question_name(const followup_render *r, const question_answer_time *t);
/* The chart of the questions' answer times shows the medians of the first this many
 * members that answered any (by name); the table beside it has them all. */
#define FOLLOWUP_QUESTION_CHART 30

#define FOLLOWUP_ROW_CELLS 8
typedef int (*followup_row_fn)(void *ud, const char *const cells[FOLLOWUP_ROW_CELLS]);
dl_err followup_render_rows(const followup_render *r, followup_row_fn fn, void *ud, dl_error *e);

/* HTML into out: fragment 0 a whole document, 1 the part inside a page. */
void followup_render_html(const followup_render *r, int fragment, strbuf *out);
dl_err followup_render_csv(const followup_render *r, int fd, dl_error *e);
/* The PDF annual report (followup_pdf.c). */
dl_err followup_render_pdf(const followup_render *r, int fd, dl_error *e);
/* XLSX is written to a file path (libxlsxwriter's way). */
dl_err followup_render_xlsx(const followup_render *r, const char *path, dl_error *e);
/* Any format the follow-up is written in into fd (XLSX through a temporary
 * file in tmpdir); DL_EINVAL with a sentence for one it is not. */
int followup_format_offered(obstacle_format f);
dl_err followup_render_to_fd(const followup_render *r, obstacle_format f, int fd, const char *tmpdir, dl_error *e);

#endif
