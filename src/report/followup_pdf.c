/* followup_pdf.c — the follow-up figures as a PDF annual report with cairo
 * and pango, in the manner of report/obstacle_pdf.c: A4, DejaVu Sans, each
 * part's chart (the geometry of report/obstacle_chart.h, the same as the
 * HTML's SVG) above its table, "Sida N" and the period at the foot of every
 * page, the first FOLLOWUP_PDF_REFUSALS refusals' grounds and survey comments
 * (the CSV and XLSX have up to the store's limit). Written straight to a descriptor, holding doc_pdf's lock
 * while it draws (see doc_pdf.c on fontconfig). The page helpers are
 * report/pdf_pages.h's. */
#include "report/doc_pdf.h"
#include "report/pdf_pages.h"
#include "report/followup_render.h"
#include "report/obstacle_chart.h"
#include "store/case_targets.h"

#include <stdio.h>
#include <string.h>

#define FOLLOWUP_PDF_REFUSALS 100

typedef pdf_pages pdf;

static const followup_render *rend(const pdf *p) { return p->user; }

/* A table row: the first cell wide and left, the others right-aligned. */
static void cols(pdf *p, PangoFontDescription *f, const char *const *cells, int n)
{
    double first = n > 2 ? PDF_CONT_W * 0.34 : PDF_CONT_W * 0.7, rest = (PDF_CONT_W - first) / (n > 1 ? n - 1 : 1);
    PangoLayout *l = pdf_lay(p, f, cells[0], first - 4, PANGO_ALIGN_LEFT);
    double h = pdf_height_of(l);
    if (h < PDF_ROW_H) h = PDF_ROW_H;
    pdf_need(p, h + 2);
    pdf_draw_at(p, l, PDF_MARGIN, p->y);
    g_object_unref(l);
    for (int i = 1; i < n; i++) {
        l = pdf_lay(p, f, cells[i], rest - 2, PANGO_ALIGN_RIGHT);
        pdf_draw_at(p, l, PDF_MARGIN + first + rest * (i - 1), p->y);
        g_object_unref(l);
    }
    p->y += h + 2;
    pdf_row_rule(p);
}

static void fact(pdf *p, const char *label, int64_t n)
{
    char v[24];
    if (n < 0) snprintf(v, sizeof v, "–");
    else snprintf(v, sizeof v, "%lld", (long long)n);
    const char *cells[2] = {label, v};
    cols(p, p->f_body, cells, 2);
}

/* A heading, the chart of the rows and their table (label, count). */
static void counts(pdf *p, const char *heading, const char *col, const char *const *labels, const int64_t *values,
                   int n)
{
    obstacle_chart c; /* about 10 KiB */
    c.kind = CHART_BARS;
    c.title = followup_tr(rend(p), heading);
    c.n = n < CHART_MAX_ITEMS ? n : CHART_MAX_ITEMS;
    for (int i = 0; i < c.n; i++) { c.labels[i] = labels[i]; c.values[i] = values[i]; }
    chart_layout g;
    obstacle_chart_layout(&c, PDF_CONT_W * 0.9, &g);
    pdf_need(p, g.height + 30);
    if (c.n > 0) pdf_chart(p, &c);
    const char *head[2] = {followup_tr(rend(p), col), followup_tr(rend(p), "Antal")};
    cols(p, p->f_bold, head, 2);
    for (int i = 0; i < n; i++) fact(p, labels[i], values[i]);
    p->y += 8;
}

static void heading(pdf *p, const char *msgid)
{
    pdf_need(p, 60);
    p->y += 6;
    pdf_text(p, p->f_heading, followup_tr(rend(p), msgid), 6);
}

static void steps(pdf *p)
{
    const followup_render *r = rend(p);
    const followup_summary *s = r->s;
    heading(p, "Handläggningstid per steg");
    pdf_text(p, p->f_small, followup_tr(r, "Dagar räknas som organisationen räknar stegets mål (arbetsdagar eller "
                                           "kalenderdagar). Median och 90:e percentil enligt närmaste rang."), 6);
    const char *head[6] = {followup_tr(r, "Steg"), followup_tr(r, "Antal"), followup_tr(r, "Median (dagar)"),
                           followup_tr(r, "90:e percentilen (dagar)"), followup_tr(r, "Mål (dagar)"),
                           followup_tr(r, "Inom målet")};
    cols(p, p->f_bold, head, 6);
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        if (!case_target_applies(i)) continue;
        const followup_step *st = &s->steps[i];
        char n[24], med[24], p90[24], target[64], within[64];
        snprintf(n, sizeof n, "%lld", (long long)st->n);
        snprintf(med, sizeof med, st->n > 0 ? "%lld" : "–", (long long)st->median);
        snprintf(p90, sizeof p90, st->n > 0 ? "%lld" : "–", (long long)st->p90);
        if (st->target_days > 0) snprintf(target, sizeof target, "%d", st->target_days);
        else snprintf(target, sizeof target, "%s",
                      followup_tr(r, st->target_days < 0 ? "olika per organisation" : "inget mål"));
        if (st->with_target > 0)
            snprintf(within, sizeof within, "%lld / %lld", (long long)st->within_target, (long long)st->with_target);
        else snprintf(within, sizeof within, "–");
        const char *cells[6] = {followup_tr(r, case_state_label_sv((case_state)i)), n, med, p90, target, within};
        cols(p, p->f_body, cells, 6);
    }
}

static void body(pdf *p)
{
    const followup_render *r = rend(p);
    const followup_summary *s = r->s;
    heading(p, "Utlämnandeärenden");
    fact(p, followup_tr(r, "Ärenden som skapades under perioden:"), s->cases);
    const char *labels[CHART_MAX_ITEMS];
    int64_t values[CHART_MAX_ITEMS];
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        labels[i] = followup_tr(r, case_state_label_sv((case_state)i));
        values[i] = s->by_state[i];
    }
    p->y += 6;
    counts(p, "Ärenden efter status", "Status", labels, values, CASE_STATE__MAX);
    const char *pl[3] = {followup_tr(r, "Process inte vald"), followup_tr(r, "Process 1"), followup_tr(r, "Process 2")};
    counts(p, "Ärenden efter process", "Process", pl, s->by_process, 3);
    const char *dl[3] = {followup_tr(r, "Beviljade"), followup_tr(r, "Beviljade delvis"), followup_tr(r, "Avslagna")};
    int64_t dv[3] = {s->approved, s->approved_in_part, s->refused};
    counts(p, "Beslut", "Utfall", dl, dv, 3);
    steps(p);
    heading(p, "Avslag");
    fact(p, followup_tr(r, "Beslut om avslag"), s->refused);
    fact(p, followup_tr(r, "Samrådet rekommenderade avslag"), s->samrad_refusals);
    pdf_text(p, p->f_small, followup_tr(r, "Ingen kategori för skälen registreras; här listas varje avslags egen motivering."), 6);
    for (int i = 0; i < s->n_refusals && i < FOLLOWUP_PDF_REFUSALS; i++) {
        char head[160];
        snprintf(head, sizeof head, "%s · %.10s", s->refusals[i].diary_number, s->refusals[i].decided_at);
        pdf_need(p, 30);
        pdf_text(p, p->f_bold, head, 1);
        pdf_text(p, p->f_body, *s->refusals[i].text ? s->refusals[i].text : "–", 6);
    }
    heading(p, "Enheternas svar i Process 2");
    const char *al[3] = {followup_tr(r, "Enheter som sa ja"), followup_tr(r, "Enheter som sa nej"),
                         followup_tr(r, "Enheter som inte svarat")};
    int64_t av[3] = {s->unit_accept, s->unit_refuse, s->unit_pending};
    counts(p, "Enheternas svar", "Svar", al, av, 3);
    int n = 0;
    for (int i = 0; i < s->n_units && n < CHART_MAX_ITEMS; i++)
        if (s->units[i].refuse > 0) { labels[n] = s->units[i].name; values[n++] = s->units[i].refuse; }
    if (n > 0) counts(p, "Nej per enhet", "Enhet", labels, values, n);
    const obstacle_summary *o = &s->obstacles;
    heading(p, "Hinder");
    fact(p, followup_tr(r, "Rapporterade hinder"), o->total);
    fact(p, followup_tr(r, "Öppna"), o->open);
    fact(p, followup_tr(r, "Öppna hindrens medianålder (dagar)"), o->median_age_days);
    fact(p, followup_tr(r, "Det äldsta öppna hindrets ålder (dagar)"), o->oldest_age_days);
    p->y += 6;
    static const obstacle_dim dims[2] = {OD_CATEGORY, OD_STATE};
    static const char *const caps[2] = {"Hinder efter kategori", "Hinder efter status"};
    static const char *const colh[2] = {"Kategori", "Status"};
    for (int k = 0; k < 2; k++) {
        n = o->n_rows[dims[k]] < CHART_MAX_ITEMS ? o->n_rows[dims[k]] : CHART_MAX_ITEMS;
        for (int i = 0; i < n; i++) {
            const obstacle_count *c = &o->rows[dims[k]][i];
            labels[i] = r->english && c->label_en && *c->label_en ? c->label_en
                        : c->translate                       ? followup_tr(r, c->label)
                                                             : c->label;
            values[i] = c->n;
        }
        counts(p, caps[k], colh[k], labels, values, n);
    }
    heading(p, "Kunskapsguiden");
    fact(p, followup_tr(r, "Sökningar utan träff (sedan början; tabellen sparar inga dagar):"), s->misses_total);
    for (int i = 0; i < s->n_misses; i++) fact(p, s->misses[i].query, s->misses[i].n);
}

/* The guide's page views and the satisfaction survey (store/followup_usage.h). */
static void usage(pdf *p)
{
    const followup_render *r = rend(p);
    const followup_usage *u = &r->s->views;
    heading(p, "Kunskapsguidens användning");
    pdf_text(p, p->f_small, followup_tr(r, "Sidvisningar räknas på servern utan kakor och utan att adresser sparas; "
                                           "robotar, HEAD-anrop och redaktörernas egna visningar räknas inte."), 6);
    fact(p, followup_tr(r, "Visningar av kunskapsguidens sidor"), u->views_total);
    fact(p, followup_tr(r, "Sidor som visats"), u->pages_viewed);
    p->y += 6;
    if (u->n_pages > 0) {
        const char *labels[FOLLOWUP_PAGES_MAX];
        char shortened[FOLLOWUP_PAGES_MAX][FOLLOWUP_SHORT_LABEL]; /* about 8 KiB */
        int64_t values[FOLLOWUP_PAGES_MAX];
        for (int i = 0; i < u->n_pages; i++) {
            followup_short_label(followup_page_title(r, &u->pages[i]), shortened[i]);
            labels[i] = shortened[i];
            values[i] = u->pages[i].n;
        }
        counts(p, "Mest visade sidor", "Sida", labels, values, u->n_pages < 10 ? u->n_pages : 10);
        fact(p, followup_tr(r, "Totalt, alla sidor"), u->views_total);
    }
    const followup_survey *v = &r->s->survey;
    heading(p, "Nöjdhet");
    pdf_text(p, p->f_small, followup_tr(r, "Enkäten ”Hur nöjd är du med hanteringen av ditt ärende?” (1–5) skickas "
                                           "till den sökande när ett ärende avslutas. Enkäter som skickades under "
                                           "perioden."), 6);
    fact(p, followup_tr(r, "Skickade enkäter"), v->sent);
    fact(p, followup_tr(r, "Besvarade enkäter"), v->answered);
    char rate[24], mean[16] = "–";
    int64_t pct = followup_survey_rate(v);
    if (pct < 0) snprintf(rate, sizeof rate, "–");
    else snprintf(rate, sizeof rate, "%lld %%", (long long)pct);
    if (v->answered > 0) followup_mean_text(r, v->mean, mean);
    const char *rc[2] = {followup_tr(r, "Svarsfrekvens"), rate};
    cols(p, p->f_body, rc, 2);
    const char *mc[2] = {followup_tr(r, "Medelvärde"), mean};
    cols(p, p->f_body, mc, 2);
    fact(p, followup_tr(r, "Median"), v->median);
    p->y += 6;
    const char *labels[5];
    char buf[5][96];
    for (int k = 0; k < 5; k++) {
        snprintf(buf[k], sizeof buf[k], "%d – %s", k + 1, followup_tr(r, followup_score_labels[k]));
        labels[k] = buf[k];
    }
    counts(p, "Svaren", "Svar", labels, v->by_score, 5);
    if (v->n_comments > 0) heading(p, "Kommentarer");
    for (int i = 0; i < v->n_comments && i < FOLLOWUP_PDF_REFUSALS; i++) {
        char head[64];
        snprintf(head, sizeof head, "%s · %d", v->comments[i].answered_on, v->comments[i].score);
        pdf_need(p, 30);
        pdf_text(p, p->f_bold, head, 1);
        pdf_text(p, p->f_body, v->comments[i].text, 6);
    }
}

/* A row of the questions' table: the name in the first 38 %, five figures
 * right-aligned in the rest; as high as its highest cell (a long name wraps). */
static void question_cells(pdf *p, PangoFontDescription *f, const char *const cells[6])
{
    double first = PDF_CONT_W * 0.38, rest = (PDF_CONT_W - first) / 5, h = PDF_ROW_H;
    PangoLayout *l[6];
    for (int i = 0; i < 6; i++) {
        l[i] = pdf_lay(p, f, cells[i], i ? rest - 2 : first - 4, i ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        if (pdf_height_of(l[i]) > h) h = pdf_height_of(l[i]);
    }
    pdf_need(p, h + 2);
    for (int i = 0; i < 6; i++) {
        pdf_draw_at(p, l[i], i ? PDF_MARGIN + first + rest * (i - 1) : PDF_MARGIN, p->y);
        g_object_unref(l[i]);
    }
    p->y += h + 2;
    pdf_row_rule(p);
}

static void question_line(pdf *p, PangoFontDescription *f, const question_answer_time *t)
{
    const followup_render *r = rend(p);
    char n[16], med[16], p90[16], open[16], late[16];
    snprintf(n, sizeof n, "%d", t->n);
    snprintf(med, sizeof med, t->n > 0 ? "%d" : "–", t->median_days);
    snprintf(p90, sizeof p90, t->n > 0 ? "%d" : "–", t->p90_days);
    snprintf(open, sizeof open, "%d", t->open);
    snprintf(late, sizeof late, "%d", t->overdue);
    const char *cells[6] = {followup_question_name(r, t), n, med, p90, open, late};
    question_cells(p, f, cells);
}

/* "Frågor till nätverket": the answer times of the questions to the network
 * (store/followup_questions.h), the members' medians as a chart above the
 * table, the line for all last, in bold. */
static void questions(pdf *p)
{
    const followup_render *r = rend(p);
    const followup_questions *q = &r->s->questions;
    obstacle_chart c; /* about 10 KiB */
    c.kind = CHART_BARS;
    c.title = followup_tr(r, "Median till svar per stödfunktion (arbetsdagar)");
    c.n = 0;
    char shortened[FOLLOWUP_QUESTION_CHART][FOLLOWUP_SHORT_LABEL];
    for (int i = 0; i < q->n_members && c.n < FOLLOWUP_QUESTION_CHART; i++) {
        if (q->members[i].n <= 0) continue;
        followup_short_label(followup_question_name(r, &q->members[i]), shortened[c.n]);
        c.labels[c.n] = shortened[c.n];
        c.values[c.n++] = q->members[i].median_days;
    }
    chart_layout g = {0};
    if (c.n > 0) obstacle_chart_layout(&c, PDF_CONT_W * 0.9, &g);
    /* The heading, its paragraph, the chart and the table's head with the first rows on one page. */
    pdf_need(p, g.height + 160 < 500 ? g.height + 160 : 500);
    heading(p, "Frågor till nätverket");
    char note[640];
    snprintf(note, sizeof note, "%s %s %d %s",
             followup_tr(r, "Från att frågan kom in till att svaret skickades, i arbetsdagar (helger och helgdagar "
                            "räknas inte), för frågor som besvarades under perioden. Median och 90:e percentil "
                            "enligt närmaste rang."),
             followup_tr(r, "Öppna och försenade frågor räknas när rapporten skapas. En öppen fråga är försenad efter"),
             q->target_days, followup_tr(r, "arbetsdagar."));
    pdf_text(p, p->f_small, note, 6);
    if (c.n > 0) {
        pdf_need(p, g.height + 30);
        pdf_chart(p, &c);
    }
    /* The columns are narrow: the days' unit is in the paragraph above, not in the head. */
    const char *head[6] = {followup_tr(r, "Stödfunktion"), followup_tr(r, "Besvarade"), followup_tr(r, "Median"),
                           followup_tr(r, "90:e percentil"), followup_tr(r, "Öppna"), followup_tr(r, "Försenade")};
    pdf_need(p, 60); /* the head with the first rows */
    question_cells(p, p->f_small, head);
    for (int i = 0; i < q->n_members; i++) question_line(p, p->f_body, &q->members[i]);
    question_line(p, p->f_bold, &q->all);
}

static dl_err render_locked(const followup_render *r, int fd, dl_error *e)
{
    const followup_summary *s = r->s;
    const char *title = followup_tr(r, "Uppföljning av stödet");
    char foot[160], line[320];
    snprintf(foot, sizeof foot, "%s %s – %s", followup_tr(r, "Uppföljning"), s->period.from, s->period.to);
    pdf p;
    pdf_pages_open(&p, fd, title, r->english, foot, followup_tr(r, "Sida"), r);
    pdf_text(&p, p.f_title, title, 6);
    snprintf(line, sizeof line, "%s: %s – %s. %s %s.", followup_tr(r, "Period"), s->period.from, s->period.to,
             followup_tr(r, "Skapad"), r->generated ? r->generated : "");
    pdf_text(&p, p.f_body, line, 10);
    body(&p);
    usage(&p);
    questions(&p);
    pdf_footer(&p);
    return pdf_pages_close(&p, "followup_pdf", e);
}

dl_err followup_render_pdf(const followup_render *r, int fd, dl_error *e)
{
    doc_pdf_lock();
    dl_err rc = render_locked(r, fd, e);
    doc_pdf_unlock();
    return rc;
}
