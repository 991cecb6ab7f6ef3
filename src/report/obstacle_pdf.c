/* obstacle_pdf.c — the compiled obstacle report as PDF with cairo and
 * pango: A4, DejaVu Sans, the key figures, then per dimension its chart
 * (drawn from the same description and geometry as the HTML's SVG,
 * report/obstacle_chart.h) and its table, the outcomes, and the first
 * OBSTACLE_PDF_TEXTS texts (all of them are in the CSV and XLSX: a PDF of
 * every text of 50,000 obstacles would be some 10,000 pages). "Sida N" and
 * the period at the foot of every page. Written straight to a descriptor.
 * Holds doc_pdf's lock while it draws (see doc_pdf.c on fontconfig). */
#include "report/doc_pdf.h"
#include "report/obstacle_chart.h"
#include "report/obstacle_render.h"

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

typedef struct pdf {
    const obstacle_render *r;
    cairo_t *cr;
    PangoContext *pc;
    PangoFontDescription *f_body, *f_bold, *f_small, *f_title, *f_heading;
    double y;
    int page;
    const char *foot;
} pdf;

static PangoLayout *lay(pdf *p, PangoFontDescription *f, const char *text, double width, PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(p->pc);
    pango_layout_set_font_description(l, f);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, al);
    pango_layout_set_text(l, text, -1);
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
    snprintf(num, sizeof num, "%s %d", obstacle_tr(p->r, "Sida"), p->page);
    cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
    PangoLayout *l = lay(p, p->f_small, p->foot, CONT_W / 2, PANGO_ALIGN_LEFT);
    draw_at(p, l, MARGIN, PAGE_H - MARGIN + 4);
    g_object_unref(l);
    l = lay(p, p->f_small, num, CONT_W / 2, PANGO_ALIGN_RIGHT);
    draw_at(p, l, MARGIN + CONT_W / 2, PAGE_H - MARGIN + 4);
    g_object_unref(l);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void new_page(pdf *p)
{
    if (p->page > 0) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = MARGIN;
}

static void need(pdf *p, double h)
{
    if (p->y + h > BOTTOM) new_page(p);
}

/* A paragraph at x, width w: on a new page when it does not fit. */
static void text(pdf *p, PangoFontDescription *f, const char *s, double after)
{
    PangoLayout *l = lay(p, f, s, CONT_W, PANGO_ALIGN_LEFT);
    double h = height_of(l);
    need(p, h);
    draw_at(p, l, MARGIN, p->y);
    p->y += h + after;
    g_object_unref(l);
}

static void chart(pdf *p, const obstacle_chart *c)
{
    chart_layout g;
    obstacle_chart_layout(c, c->kind == CHART_COLUMNS ? CONT_W : CONT_W * 0.9, &g);
    need(p, g.height + 6);
    double x0 = MARGIN, y0 = p->y;
    PangoLayout *t = lay(p, p->f_bold, c->title, g.width, PANGO_ALIGN_LEFT);
    draw_at(p, t, x0, y0);
    g_object_unref(t);
    int step = c->n > 24 ? (c->n + 11) / 12 : 1;
    for (int i = 0; i < c->n; i++) {
        double x, y, w, h;
        obstacle_chart_item(c, &g, i, &x, &y, &w, &h);
        cairo_set_source_rgb(p->cr, CHART_BAR_R, CHART_BAR_G, CHART_BAR_B);
        cairo_rectangle(p->cr, x0 + x, y0 + y, w, h);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)c->values[i]);
        if (c->kind == CHART_BARS) {
            PangoLayout *l = lay(p, p->f_small, c->labels[i], g.label_w - 6, PANGO_ALIGN_RIGHT);
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
            draw_at(p, l, x0, y0 + y + 1);
            g_object_unref(l);
            l = lay(p, p->f_small, num, 60, PANGO_ALIGN_LEFT);
            draw_at(p, l, x0 + x + w + 4, y0 + y + 1);
            g_object_unref(l);
        } else {
            if (c->values[i] == g.max) {
                PangoLayout *l = lay(p, p->f_small, num, 60, PANGO_ALIGN_CENTER);
                draw_at(p, l, x0 + x + w / 2 - 30, y0 + y - 11);
                g_object_unref(l);
            }
            if (i % step == 0) {
                PangoLayout *l = lay(p, p->f_small, c->labels[i], 60, PANGO_ALIGN_CENTER);
                draw_at(p, l, x0 + x + w / 2 - 30, y0 + g.plot_y + g.plot_h + 3);
                g_object_unref(l);
            }
        }
    }
    if (c->kind == CHART_COLUMNS) {
        cairo_set_line_width(p->cr, 0.5);
        cairo_move_to(p->cr, x0 + g.plot_x, y0 + g.plot_y + g.plot_h);
        cairo_line_to(p->cr, x0 + g.plot_x + g.plot_w, y0 + g.plot_y + g.plot_h);
        cairo_stroke(p->cr);
    }
    p->y += g.height + 6;
}

/* A row of a two- or three-column table: label, count, share. */
static void row(pdf *p, PangoFontDescription *f, const char *label, const char *count, const char *share)
{
    PangoLayout *l = lay(p, f, label, CONT_W * 0.62, PANGO_ALIGN_LEFT);
    double h = height_of(l);
    if (h < ROW_H) h = ROW_H;
    need(p, h + 2);
    draw_at(p, l, MARGIN, p->y);
    g_object_unref(l);
    l = lay(p, f, count, CONT_W * 0.16, PANGO_ALIGN_RIGHT);
    draw_at(p, l, MARGIN + CONT_W * 0.62, p->y);
    g_object_unref(l);
    if (share) {
        l = lay(p, f, share, CONT_W * 0.2, PANGO_ALIGN_RIGHT);
        draw_at(p, l, MARGIN + CONT_W * 0.78, p->y);
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

static void dimension(pdf *p, obstacle_dim dim)
{
    const obstacle_render *r = p->r;
    const obstacle_summary *s = r->s;
    obstacle_chart c;
    c.kind = dim == OD_MONTH ? CHART_COLUMNS : CHART_BARS;
    c.title = obstacle_tr(r, obstacle_dim_label_sv(dim));
    c.n = 0;
    for (int i = 0; dim != OD_LAW && i < s->n_rows[dim] && c.n < CHART_MAX_ITEMS; i++, c.n++) {
        c.labels[c.n] = obstacle_count_label(r, &s->rows[dim][i]);
        c.values[c.n] = s->rows[dim][i].n;
    }
    chart_layout g;
    obstacle_chart_layout(&c, c.kind == CHART_COLUMNS ? CONT_W : CONT_W * 0.9, &g);
    /* The heading never alone at the foot of a page: with its chart, or
     * the table's first rows. */
    need(p, c.n > 0 ? 24 + g.height + 6 : 60);
    text(p, p->f_heading, obstacle_tr(r, obstacle_dim_label_sv(dim)), 6);
    if (c.n > 0) chart(p, &c);
    row(p, p->f_bold, obstacle_tr(r, obstacle_dim_label_sv(dim)), obstacle_tr(r, "Antal"), obstacle_tr(r, "Andel"));
    for (int i = 0; i < s->n_rows[dim]; i++) {
        char n[24], share[24];
        snprintf(n, sizeof n, "%lld", (long long)s->rows[dim][i].n);
        if (s->total > 0) snprintf(share, sizeof share, "%.1f %%", 100.0 * (double)s->rows[dim][i].n / (double)s->total);
        else snprintf(share, sizeof share, "–");
        row(p, p->f_body, obstacle_count_label(r, &s->rows[dim][i]), n, share);
    }
    p->y += 10;
}

static const char *label_in(const obstacle_render *r, obstacle_dim dim, const char *key)
{
    for (int i = 0; i < r->s->n_rows[dim]; i++)
        if (strcmp(r->s->rows[dim][i].key, key) == 0) return obstacle_count_label(r, &r->s->rows[dim][i]);
    return key;
}

static int text_item(void *ud, const obstacle_text_row *o)
{
    pdf *p = ud;
    char ref[24], head[256];
    obstacle_reference(o->id, ref);
    snprintf(head, sizeof head, "%s · %.10s · %s · %s", ref, o->created_at, label_in(p->r, OD_CATEGORY, o->category),
             label_in(p->r, OD_STATE, o->state));
    need(p, 40);
    text(p, p->f_bold, head, 1);
    text(p, p->f_body, o->what_happened, 8);
    return cairo_status(p->cr) != CAIRO_STATUS_SUCCESS;
}

static void fact(pdf *p, const char *label, int64_t n)
{
    char v[24];
    if (n < 0) snprintf(v, sizeof v, "–");
    else snprintf(v, sizeof v, "%lld", (long long)n);
    row(p, p->f_body, label, v, NULL);
}

/* "Efter typ av utfall": per type its total and a row per status, then
 * the obstacles its measures address. */
static void by_outcome_type(pdf *p)
{
    const obstacle_render *r = p->r;
    const obstacle_summary *s = r->s;
    need(p, 60);
    text(p, p->f_heading, obstacle_tr(r, "Efter typ av utfall"), 6);
    fact(p, obstacle_tr(r, "Åtgärder registrerade i perioden"), s->measures_total);
    for (int o = 0; o < MEASURE_OUTCOME__MAX; o++) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)obstacle_measures_of(s, o));
        need(p, 5 * ROW_H + 20);
        row(p, p->f_bold, obstacle_tr(r, measure_outcome_label_sv(o)), n, NULL);
        for (int st = 0; st < MEASURE_STATUS__MAX; st++) {
            char label[160];
            snprintf(label, sizeof label, "    %s", obstacle_tr(r, measure_status_label_sv(st)));
            snprintf(n, sizeof n, "%lld", (long long)s->measures[o][st]);
            row(p, p->f_body, label, n, NULL);
        }
        /* The obstacles, as one wrapped line of references. */
        char refs[4096];
        size_t used = (size_t)snprintf(refs, sizeof refs, "%s: ", obstacle_tr(r, "Hinder som åtgärderna gäller"));
        int any = 0;
        for (int i = 0; i < s->n_addressed && used + 24 < sizeof refs; i++) {
            if ((int)s->addressed[i].outcome != o) continue;
            char ref[24];
            obstacle_reference(s->addressed[i].obstacle_id, ref);
            used += (size_t)snprintf(refs + used, sizeof refs - used, "%s%s", any++ ? ", " : "", ref);
        }
        if (!any) snprintf(refs + used, sizeof refs - used, "–");
        text(p, p->f_small, refs, 8);
    }
    p->y += 12;
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

static dl_err render_locked(const obstacle_render *r, int fd, int *pages, dl_error *e)
{
    const obstacle_summary *s = r->s;
    struct sink sink = {fd, 0};
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_fd, &sink, PAGE_W, PAGE_H);
    const char *title = obstacle_tr(r, "Sammanställning av rapporterade hinder");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "datalots");
    pdf p = {.r = r, .cr = cairo_create(surf)};
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
    snprintf(foot, sizeof foot, "%s %s – %s", obstacle_tr(r, "Hinder"), s->period.from, s->period.to);
    p.foot = foot;
    new_page(&p);
    text(&p, p.f_title, title, 6);
    snprintf(line, sizeof line, "%s: %s – %s. %s %s.", obstacle_tr(r, "Period"), s->period.from, s->period.to,
             obstacle_tr(r, "Sammanställd"), r->generated ? r->generated : "");
    text(&p, p.f_body, line, 10);
    fact(&p, obstacle_tr(r, "Hinder i perioden"), s->total);
    fact(&p, obstacle_tr(r, "Öppna hinder"), s->open);
    fact(&p, obstacle_tr(r, "Avslutade hinder"), s->closed);
    fact(&p, obstacle_tr(r, "Medianålder för öppna hinder, dagar"), s->median_age_days);
    fact(&p, obstacle_tr(r, "Äldsta öppna hindret, dagar"), s->oldest_age_days);
    p.y += 12;
    for (int dim = 0; dim < OD__MAX; dim++) dimension(&p, (obstacle_dim)dim);
    need(&p, 60);
    text(&p, p.f_heading, obstacle_tr(r, "Utfall"), 6);
    for (int st = 0; st < OBSTACLE_STATE__MAX; st++)
        if (obstacle_state_is_outcome((obstacle_state)st))
            fact(&p, obstacle_tr(r, obstacle_state_label_sv((obstacle_state)st)), s->outcome[st]);
    fact(&p, obstacle_tr(r, "Ännu inte avslutade"), s->open);
    p.y += 12;
    by_outcome_type(&p);
    need(&p, 60);
    text(&p, p.f_heading, obstacle_tr(r, "Hindren"), 6);
    int64_t limit = r->text_limit > 0 && r->text_limit < OBSTACLE_PDF_TEXTS ? r->text_limit : OBSTACLE_PDF_TEXTS;
    if (s->total > limit) {
        snprintf(line, sizeof line, "%s (%lld / %lld)",
                 obstacle_tr(r, "Här visas de äldsta hindren i perioden. Alla finns i CSV- och XLSX-filen."),
                 (long long)limit, (long long)s->total);
        text(&p, p.f_body, line, 8);
    }
    dl_err rc = obstacle_texts_each(r->d, &s->period, limit, text_item, &p, e);
    footer(&p);
    if (pages) *pages = p.page;
    PangoFontDescription *fonts[] = {p.f_body, p.f_bold, p.f_small, p.f_title, p.f_heading};
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) pango_font_description_free(fonts[i]);
    g_object_unref(p.pc);
    cairo_status_t st = cairo_status(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (rc != DL_OK) return rc;
    if (sink.failed) return dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
    if (st != CAIRO_STATUS_SUCCESS) return dl_fail(e, DL_EINTERNAL, "obstacle_pdf: cairo: %s", cairo_status_to_string(st));
    return DL_OK;
}

dl_err obstacle_render_pdf(const obstacle_render *r, int fd, int *pages, dl_error *e)
{
    doc_pdf_lock();
    dl_err rc = render_locked(r, fd, pages, e);
    doc_pdf_unlock();
    return rc;
}
