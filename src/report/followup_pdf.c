/* followup_pdf.c — the follow-up figures as a PDF annual report with cairo
 * and pango, in the manner of report/obstacle_pdf.c: A4, DejaVu Sans, each
 * part's chart (the geometry of report/obstacle_chart.h, the same as the
 * HTML's SVG) above its table, "Sida N" and the period at the foot of every
 * page, the first FOLLOWUP_PDF_REFUSALS refusals' grounds (all are in the
 * CSV and XLSX). Written straight to a descriptor, holding doc_pdf's lock
 * while it draws (see doc_pdf.c on fontconfig). */
#include "report/doc_pdf.h"
#include "report/followup_render.h"
#include "report/obstacle_chart.h"
#include "store/case_targets.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 56.0
#define CONT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 10)
#define ROW_H 13.0
#define FOLLOWUP_PDF_REFUSALS 100

typedef struct pdf {
    const followup_render *r;
    cairo_t *cr;
    PangoContext *pc;
    PangoFontDescription *f_body, *f_bold, *f_small, *f_title, *f_heading;
    double y;
    int page;
    const char *foot;
} pdf;

static PangoLayout *lay(pdf *p, PangoFontDescription *f, const char *s, double width, PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(p->pc);
    pango_layout_set_font_description(l, f);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, al);
    pango_layout_set_text(l, s, -1);
    return l;
}

static double height_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void draw_at(pdf *p, PangoLayout *l, double x, double y)
{
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

static void footer(pdf *p)
{
    char num[48];
    snprintf(num, sizeof num, "%s %d", followup_tr(p->r, "Sida"), p->page);
    cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
    PangoLayout *l = lay(p, p->f_small, p->foot, CONT_W / 2, PANGO_ALIGN_LEFT);
    draw_at(p, l, MARGIN, PAGE_H - MARGIN + 4);
    g_object_unref(l);
    l = lay(p, p->f_small, num, CONT_W / 2, PANGO_ALIGN_RIGHT);
    draw_at(p, l, MARGIN + CONT_W / 2, PAGE_H - MARGIN + 4);
    g_object_unref(l);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void need(pdf *p, double h)
{
    if (p->y + h <= BOTTOM) return;
    footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
}

static void text(pdf *p, PangoFontDescription *f, const char *s, double after)
{
    PangoLayout *l = lay(p, f, s, CONT_W, PANGO_ALIGN_LEFT);
    double h = height_of(l);
    need(p, h);
    draw_at(p, l, MARGIN, p->y);
    p->y += h + after;
    g_object_unref(l);
}

/* A table row: the first cell wide and left, the others right-aligned. */
static void cols(pdf *p, PangoFontDescription *f, const char *const *cells, int n)
{
    double first = n > 2 ? CONT_W * 0.34 : CONT_W * 0.7, rest = (CONT_W - first) / (n > 1 ? n - 1 : 1);
    PangoLayout *l = lay(p, f, cells[0], first - 4, PANGO_ALIGN_LEFT);
    double h = height_of(l);
    if (h < ROW_H) h = ROW_H;
    need(p, h + 2);
    draw_at(p, l, MARGIN, p->y);
    g_object_unref(l);
    for (int i = 1; i < n; i++) {
        l = lay(p, f, cells[i], rest - 2, PANGO_ALIGN_RIGHT);
        draw_at(p, l, MARGIN + first + rest * (i - 1), p->y);
        g_object_unref(l);
    }
    p->y += h + 2;
    cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(p->cr, 0.4);
    cairo_move_to(p->cr, MARGIN, p->y - 1);
    cairo_line_to(p->cr, MARGIN + CONT_W, p->y - 1);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void fact(pdf *p, const char *label, int64_t n)
{
    char v[24];
    if (n < 0) snprintf(v, sizeof v, "–");
    else snprintf(v, sizeof v, "%lld", (long long)n);
    const char *cells[2] = {label, v};
    cols(p, p->f_body, cells, 2);
}

static void chart(pdf *p, const obstacle_chart *c)
{
    chart_layout g;
    obstacle_chart_layout(c, CONT_W * 0.9, &g);
    need(p, g.height + 6);
    double x0 = MARGIN, y0 = p->y;
    PangoLayout *t = lay(p, p->f_bold, c->title, g.width, PANGO_ALIGN_LEFT);
    draw_at(p, t, x0, y0);
    g_object_unref(t);
    for (int i = 0; i < c->n; i++) {
        double x, y, w, h;
        obstacle_chart_item(c, &g, i, &x, &y, &w, &h);
        cairo_set_source_rgb(p->cr, CHART_BAR_R, CHART_BAR_G, CHART_BAR_B);
        cairo_rectangle(p->cr, x0 + x, y0 + y, w, h);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)c->values[i]);
        PangoLayout *l = lay(p, p->f_small, c->labels[i], g.label_w - 6, PANGO_ALIGN_RIGHT);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        draw_at(p, l, x0, y0 + y + 1);
        g_object_unref(l);
        l = lay(p, p->f_small, num, 60, PANGO_ALIGN_LEFT);
        draw_at(p, l, x0 + x + w + 4, y0 + y + 1);
        g_object_unref(l);
    }
    p->y += g.height + 6;
}

/* A heading, the chart of the rows and their table (label, count). */
static void counts(pdf *p, const char *heading, const char *col, const char *const *labels, const int64_t *values,
                   int n)
{
    obstacle_chart c; /* about 10 KiB */
    c.kind = CHART_BARS;
    c.title = followup_tr(p->r, heading);
    c.n = n < CHART_MAX_ITEMS ? n : CHART_MAX_ITEMS;
    for (int i = 0; i < c.n; i++) { c.labels[i] = labels[i]; c.values[i] = values[i]; }
    chart_layout g;
    obstacle_chart_layout(&c, CONT_W * 0.9, &g);
    need(p, g.height + 30);
    if (c.n > 0) chart(p, &c);
    const char *head[2] = {followup_tr(p->r, col), followup_tr(p->r, "Antal")};
    cols(p, p->f_bold, head, 2);
    for (int i = 0; i < n; i++) fact(p, labels[i], values[i]);
    p->y += 8;
}

static void heading(pdf *p, const char *msgid)
{
    need(p, 60);
    p->y += 6;
    text(p, p->f_heading, followup_tr(p->r, msgid), 6);
}

static void steps(pdf *p)
{
    const followup_summary *s = p->r->s;
    heading(p, "Handläggningstid per steg");
    text(p, p->f_small, followup_tr(p->r, "Dagar räknas som organisationen räknar stegets mål (arbetsdagar eller "
                                           "kalenderdagar). Median och 90:e percentil enligt närmaste rang."), 6);
    const char *head[6] = {followup_tr(p->r, "Steg"), followup_tr(p->r, "Antal"), followup_tr(p->r, "Median (dagar)"),
                           followup_tr(p->r, "90:e percentilen (dagar)"), followup_tr(p->r, "Mål (dagar)"),
                           followup_tr(p->r, "Inom målet")};
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
                      followup_tr(p->r, st->target_days < 0 ? "olika per organisation" : "inget mål"));
        if (st->with_target > 0)
            snprintf(within, sizeof within, "%lld / %lld", (long long)st->within_target, (long long)st->with_target);
        else snprintf(within, sizeof within, "–");
        const char *cells[6] = {followup_tr(p->r, case_state_label_sv((case_state)i)), n, med, p90, target, within};
        cols(p, p->f_body, cells, 6);
    }
}

static void body(pdf *p)
{
    const followup_render *r = p->r;
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
    text(p, p->f_small, followup_tr(r, "Ingen kategori för skälen registreras; här listas varje avslags egen motivering."), 6);
    for (int i = 0; i < s->n_refusals && i < FOLLOWUP_PDF_REFUSALS; i++) {
        char head[160];
        snprintf(head, sizeof head, "%s · %.10s", s->refusals[i].diary_number, s->refusals[i].decided_at);
        need(p, 30);
        text(p, p->f_bold, head, 1);
        text(p, p->f_body, *s->refusals[i].text ? s->refusals[i].text : "–", 6);
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

struct sink { int fd, failed; };

static cairo_status_t write_fd(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *k = closure;
    for (unsigned off = 0; off < len && !k->failed;) {
        ssize_t w = write(k->fd, data + off, len - off);
        if (w <= 0) k->failed = 1;
        else off += (unsigned)w;
    }
    return k->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static dl_err render_locked(const followup_render *r, int fd, dl_error *e)
{
    const followup_summary *s = r->s;
    struct sink sink = {fd, 0};
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_fd, &sink, PAGE_W, PAGE_H);
    const char *title = followup_tr(r, "Uppföljning av stödet");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "datalots");
    pdf p = {.r = r, .cr = cairo_create(surf), .page = 1, .y = MARGIN};
    p.pc = pango_cairo_create_context(p.cr);
    pango_context_set_language(p.pc, pango_language_from_string(r->english ? "en" : "sv"));
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p.pc, fo);
    cairo_font_options_destroy(fo);
    p.f_body = pango_font_description_from_string("DejaVu Sans 8.5");
    p.f_bold = pango_font_description_from_string("DejaVu Sans Bold 8.5");
    p.f_small = pango_font_description_from_string("DejaVu Sans 7.5");
    p.f_title = pango_font_description_from_string("DejaVu Sans Bold 14");
    p.f_heading = pango_font_description_from_string("DejaVu Sans Bold 12");
    char foot[160], line[320];
    snprintf(foot, sizeof foot, "%s %s – %s", followup_tr(r, "Uppföljning"), s->period.from, s->period.to);
    p.foot = foot;
    text(&p, p.f_title, title, 6);
    snprintf(line, sizeof line, "%s: %s – %s. %s %s.", followup_tr(r, "Period"), s->period.from, s->period.to,
             followup_tr(r, "Skapad"), r->generated ? r->generated : "");
    text(&p, p.f_body, line, 10);
    body(&p);
    footer(&p);
    PangoFontDescription *fonts[] = {p.f_body, p.f_bold, p.f_small, p.f_title, p.f_heading};
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) pango_font_description_free(fonts[i]);
    g_object_unref(p.pc);
    cairo_status_t st = cairo_status(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (sink.failed) return dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
    if (st != CAIRO_STATUS_SUCCESS) return dl_fail(e, DL_EINTERNAL, "followup_pdf: cairo: %s", cairo_status_to_string(st));
    return DL_OK;
}

dl_err followup_render_pdf(const followup_render *r, int fd, dl_error *e)
{
    doc_pdf_lock();
    dl_err rc = render_locked(r, fd, e);
    doc_pdf_unlock();
    return rc;
}
