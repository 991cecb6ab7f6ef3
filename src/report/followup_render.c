/* followup_render.c — see followup_render.h: the language, the rows of the
 * CSV (every figure of the follow-up, one a row) and the CSV writer. */
#include "report/followup_render.h"
#include "extract/csv_write.h"
#include "report/spreadsheet_cell.h"
#include "store/case_targets.h"
#include "web/i18n.h"

#include <stdio.h>
#include <string.h>

const char *followup_tr(const followup_render *r, const char *msgid)
{
    return r->english ? i18n_english(msgid) : msgid;
}

typedef struct rows {
    const followup_render *r;
    followup_row_fn fn;
    void *ud;
    int stopped;
    char num[5][24];
} rows;

static const char *num(rows *w, int slot, int64_t v, int show)
{
    if (!show || v < 0) return "";
    snprintf(w->num[slot], sizeof w->num[slot], "%lld", (long long)v);
    return w->num[slot];
}

/* A text cell: guarded for CSV (spreadsheet_cell.h); as it is for XLSX, whose strings are never formulas. */
static const char *text_cell(const followup_render *r, const char *s)
{
    if (!s) return "";
    if (r->xlsx) return s;
    const char *g = spreadsheet_safe_cell(r->a, s);
    return g ? g : "";
}

static void row(rows *w, const char *section, const char *key, const char *label, int64_t n, int64_t median,
                int64_t p90, int64_t target, int64_t within, int step)
{
    if (w->stopped) return;
    const char *cells[FOLLOWUP_ROW_CELLS] = {section,
                                             text_cell(w->r, key),
                                             text_cell(w->r, label),
                                             num(w, 0, n, 1),
                                             num(w, 1, median, step),
                                             num(w, 2, p90, step),
                                             num(w, 3, target, step && target > 0),
                                             num(w, 4, within, step)};
    if (w->fn(w->ud, cells) != 0) w->stopped = 1;
}

const char *followup_page_title(const followup_render *r, const followup_page_views *v)
{
    return r->english && v->title_en && *v->title_en ? v->title_en : v->title;
}

void followup_short_label(const char *s, char out[FOLLOWUP_SHORT_LABEL])
{
    size_t i = 0, cps = 0;
    while (s[i] && cps < 32) {
        size_t n = 1;
        while (s[i + n] && ((unsigned char)s[i + n] & 0xc0) == 0x80) n++; /* the rest of this character */
        i += n;
        cps++;
    }
    if (!s[i]) { snprintf(out, FOLLOWUP_SHORT_LABEL, "%s", s); return; }
    snprintf(out, FOLLOWUP_SHORT_LABEL, "%.*s…", (int)i, s);
}

const char *const followup_score_labels[5] = {"Mycket missnöjd", "Ganska missnöjd", "Varken nöjd eller missnöjd",
                                               "Ganska nöjd", "Mycket nöjd"};

void followup_mean_text(const followup_render *r, double mean, char out[16])
{
    snprintf(out, 16, "%.1f", mean);
    if (!r->english && !r->xlsx && !r->csv) {
        char *dot = strchr(out, '.');
        if (dot) *dot = ','; /* a Swedish decimal comma on the page and in the PDF */
    }
}

/* The guide's page views and the survey (store/followup_usage.h): guide_views
 * (total, pages), guide_page (one a page: its id, its title, its views),
 * survey (sent, answered, answer_rate_percent, mean, median), survey_score
 * (1–5) and survey_comment (the day answered, the comment, its score). */
static void usage_rows(rows *w)
{
    const followup_render *r = w->r;
    const followup_usage *u = &r->s->views;
    row(w, "guide_views", "total", followup_tr(r, "Visningar av kunskapsguidens sidor"), u->views_total, -1, -1, 0, 0, 0);
    row(w, "guide_views", "pages", followup_tr(r, "Sidor som visats"), u->pages_viewed, -1, -1, 0, 0, 0);
    for (int i = 0; i < u->n_pages; i++)
        row(w, "guide_page", u->pages[i].item_id, followup_page_title(r, &u->pages[i]), u->pages[i].n, -1, -1, 0, 0, 0);
    const followup_survey *v = &r->s->survey;
    row(w, "survey", "sent", followup_tr(r, "Skickade enkäter"), v->sent, -1, -1, 0, 0, 0);
    row(w, "survey", "answered", followup_tr(r, "Besvarade enkäter"), v->answered, -1, -1, 0, 0, 0);
    row(w, "survey", "answer_rate_percent", followup_tr(r, "Svarsfrekvens (%)"), followup_survey_rate(v), -1, -1, 0, 0, 0);
    char mean[16] = "";
    if (v->answered > 0) followup_mean_text(r, v->mean, mean);
    if (!w->stopped) {
        const char *cells[FOLLOWUP_ROW_CELLS] = {"survey", "mean", text_cell(r, followup_tr(r, "Medelvärde")), mean,
                                                 "", "", "", ""};
        if (w->fn(w->ud, cells) != 0) w->stopped = 1;
    }
    row(w, "survey", "median", followup_tr(r, "Median"), v->median, -1, -1, 0, 0, 0);
    static const char *const keys[5] = {"1", "2", "3", "4", "5"};
    for (int k = 0; k < 5; k++)
        row(w, "survey_score", keys[k], followup_tr(r, followup_score_labels[k]), v->by_score[k], -1, -1, 0, 0, 0);
    for (int i = 0; i < v->n_comments; i++)
        row(w, "survey_comment", v->comments[i].answered_on, v->comments[i].text, v->comments[i].score, -1, -1, 0, 0, 0);
}

const char *followup_question_name(const followup_render *r, const question_answer_time *t)
{
    if (t->member_id < 0) return followup_tr(r, "Alla");
    if (t->member_id == 0) return followup_tr(r, "Koordinatorns kö");
    return t->member_name;
}

/* The answer times of the questions to the network (store/followup_questions.h):
 * question_member per member function by name (and the coordinator's queue),
 * question_all for all together, each with three rows — answered (count,
 * median and 90th percentile in working days; empty when none), open and
 * overdue (count, now). */
static void question_time_rows(rows *w, const char *section, const question_answer_time *t)
{
    const char *name = followup_question_name(w->r, t);
    row(w, section, "answered", name, t->n, t->n > 0 ? t->median_days : -1, t->n > 0 ? t->p90_days : -1, 0, -1, 1);
    row(w, section, "open", name, t->open, -1, -1, 0, 0, 0);
    row(w, section, "overdue", name, t->overdue, -1, -1, 0, 0, 0);
}

static void question_rows(rows *w)
{
    const followup_questions *q = &w->r->s->questions;
    for (int i = 0; i < q->n_members; i++) question_time_rows(w, "question_member", &q->members[i]);
    question_time_rows(w, "question_all", &q->all);
}

dl_err followup_render_rows(const followup_render *r, followup_row_fn fn, void *ud, dl_error *e)
{
    const followup_summary *s = r->s;
    rows w = {.r = r, .fn = fn, .ud = ud};
    const char *header[FOLLOWUP_ROW_CELLS] = {
        followup_tr(r, "Del"),          followup_tr(r, "Nyckel"),       followup_tr(r, "Benämning"),
        followup_tr(r, "Antal"),        followup_tr(r, "Median (dagar)"), followup_tr(r, "90:e percentilen (dagar)"),
        followup_tr(r, "Mål (dagar)"),  followup_tr(r, "Inom målet")};
    if (fn(ud, header) != 0) return DL_OK;
    row(&w, "cases", "total", followup_tr(r, "Ärenden"), s->cases, -1, -1, 0, 0, 0);
    for (int i = 0; i < CASE_STATE__MAX; i++)
        row(&w, "state", case_state_key((case_state)i), followup_tr(r, case_state_label_sv((case_state)i)),
            s->by_state[i], -1, -1, 0, 0, 0);
    static const char *const proc_key[3] = {"none", "1", "2"};
    static const char *const proc_label[3] = {"Process inte vald", "Process 1", "Process 2"};
    for (int i = 0; i < 3; i++) row(&w, "process", proc_key[i], followup_tr(r, proc_label[i]), s->by_process[i], -1, -1, 0, 0, 0);
    row(&w, "decision", "approved", followup_tr(r, "Beviljade"), s->approved, -1, -1, 0, 0, 0);
    row(&w, "decision", "approved_in_part", followup_tr(r, "Beviljade delvis"), s->approved_in_part, -1, -1, 0, 0, 0);
    row(&w, "decision", "refused", followup_tr(r, "Avslagna"), s->refused, -1, -1, 0, 0, 0);
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        if (!case_target_applies(i)) continue;
        const followup_step *st = &s->steps[i];
        row(&w, "step", case_state_key((case_state)i), followup_tr(r, case_state_label_sv((case_state)i)), st->n,
            st->median, st->p90, st->target_days, st->within_target, 1);
    }
    row(&w, "samrad", "recommend_refusal", followup_tr(r, "Samrådet rekommenderade avslag"), s->samrad_refusals, -1,
        -1, 0, 0, 0);
    for (int i = 0; i < s->n_refusals; i++) {
        const followup_refusal *f = &s->refusals[i];
        char label[64];
        snprintf(label, sizeof label, "%s %.10s", f->diary_number, f->decided_at);
        if (w.stopped) break;
        const char *cells[FOLLOWUP_ROW_CELLS] = {"refusal", text_cell(r, label), text_cell(r, f->text), "1", "", "", "", ""};
        if (fn(ud, cells) != 0) w.stopped = 1;
    }
    for (int i = 0; i < s->n_units; i++) {
        const followup_unit *u = &s->units[i];
        row(&w, "unit", "refuse", u->name, u->refuse, -1, -1, 0, 0, 0);
        row(&w, "unit", "accept", u->name, u->accept, -1, -1, 0, 0, 0);
    }
    row(&w, "unit_answer", "accept", followup_tr(r, "Enheter som sa ja"), s->unit_accept, -1, -1, 0, 0, 0);
    row(&w, "unit_answer", "refuse", followup_tr(r, "Enheter som sa nej"), s->unit_refuse, -1, -1, 0, 0, 0);
    row(&w, "unit_answer", "pending", followup_tr(r, "Enheter som inte svarat"), s->unit_pending, -1, -1, 0, 0, 0);
    const obstacle_summary *o = &s->obstacles;
    row(&w, "obstacles", "total", followup_tr(r, "Rapporterade hinder"), o->total, -1, -1, 0, 0, 0);
    row(&w, "obstacles", "open", followup_tr(r, "Öppna"), o->open, -1, -1, 0, 0, 0);
    row(&w, "obstacles", "median_age_days", followup_tr(r, "Öppna hindrens medianålder (dagar)"), o->median_age_days,
        -1, -1, 0, 0, 0);
    row(&w, "obstacles", "oldest_age_days", followup_tr(r, "Det äldsta öppna hindrets ålder (dagar)"),
        o->oldest_age_days, -1, -1, 0, 0, 0);
    static const obstacle_dim dims[2] = {OD_CATEGORY, OD_STATE};
    static const char *const dim_section[2] = {"obstacle_category", "obstacle_state"};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < o->n_rows[dims[k]]; i++) {
            const obstacle_count *c = &o->rows[dims[k]][i];
            const char *label = r->english && c->label_en && *c->label_en ? c->label_en
                                : c->translate                       ? followup_tr(r, c->label)
                                                                     : c->label;
            row(&w, dim_section[k], c->key, label, c->n, -1, -1, 0, 0, 0);
        }
    for (int i = 0; i < s->n_misses; i++)
        row(&w, "search_miss", "", s->misses[i].query, s->misses[i].n, -1, -1, 0, 0, 0);
    usage_rows(&w);
    question_rows(&w);
    (void)e;
    return DL_OK;
}

static int put_row(void *ud, const char *const cells[FOLLOWUP_ROW_CELLS])
{
    return csv_write_row(ud, cells, FOLLOWUP_ROW_CELLS) != DL_OK;
}

dl_err followup_render_csv(const followup_render *r, int fd, dl_error *e)
{
    csv_writer *w = csv_writer_open(fd);
    if (!w) return dl_fail(e, DL_ENOMEM, "out of memory");
    followup_render plain = *r;
    plain.csv = 1;
    dl_err rc = followup_render_rows(&plain, put_row, w, e);
    if (rc == DL_OK) rc = csv_writer_status(w, e);
    if (rc == DL_OK) rc = csv_writer_flush(w, e);
    csv_writer_free(w);
    return rc;
}
