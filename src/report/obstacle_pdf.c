/* obstacle_pdf.c — the compiled obstacle report as PDF with cairo and
 * pango: A4, DejaVu Sans, the key figures, then per dimension its chart
 * (drawn from the same description and geometry as the HTML's SVG,
 * report/obstacle_chart.h) and its table, the outcomes, and the first
 * OBSTACLE_PDF_TEXTS texts (all of them are in the CSV and XLSX: a PDF of
 * every text of 50,000 obstacles would be some 10,000 pages). "Sida N" and
 * the period at the foot of every page. Written straight to a descriptor.
 * Holds doc_pdf's lock while it draws (see doc_pdf.c on fontconfig). The
 * page helpers it shares with followup_pdf.c are in report/pdf_pages.h. */
#include "report/doc_pdf.h"
#include "report/pdf_pages.h"
#include "report/obstacle_chart.h"
#include "report/obstacle_render.h"

#include <stdio.h>
#include <string.h>

typedef pdf_pages pdf;

static const obstacle_render *rend(const pdf *p) { return p->user; }

/* A row of a two- or three-column table: label, count, share. */
static void row(pdf *p, PangoFontDescription *f, const char *label, const char *count, const char *share)
{
    PangoLayout *l = pdf_lay(p, f, label, PDF_CONT_W * 0.62, PANGO_ALIGN_LEFT);
    double h = pdf_height_of(l);
    if (h < PDF_ROW_H) h = PDF_ROW_H;
    pdf_need(p, h + 2);
    pdf_draw_at(p, l, PDF_MARGIN, p->y);
    g_object_unref(l);
    l = pdf_lay(p, f, count, PDF_CONT_W * 0.16, PANGO_ALIGN_RIGHT);
    pdf_draw_at(p, l, PDF_MARGIN + PDF_CONT_W * 0.62, p->y);
    g_object_unref(l);
    if (share) {
        l = pdf_lay(p, f, share, PDF_CONT_W * 0.2, PANGO_ALIGN_RIGHT);
        pdf_draw_at(p, l, PDF_MARGIN + PDF_CONT_W * 0.78, p->y);
        g_object_unref(l);
    }
    p->y += h + 2;
    pdf_row_rule(p);
}

static void dimension(pdf *p, obstacle_dim dim)
{
    const obstacle_render *r = rend(p);
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
    obstacle_chart_layout(&c, c.kind == CHART_COLUMNS ? PDF_CONT_W : PDF_CONT_W * 0.9, &g);
    /* The heading never alone at the foot of a page: with its chart, or
     * the table's first rows. */
    pdf_need(p, c.n > 0 ? 24 + g.height + 6 : 60);
    pdf_text(p, p->f_heading, obstacle_tr(r, obstacle_dim_label_sv(dim)), 6);
    if (c.n > 0) pdf_chart(p, &c);
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

static int text_item(void *ud, const obstacle_text_rec *o)
{
    pdf *p = ud;
    char ref[24], head[256];
    obstacle_reference(o->id, ref);
    snprintf(head, sizeof head, "%s · %.10s · %s · %s", ref, o->created_at, label_in(rend(p), OD_CATEGORY, o->category),
             label_in(rend(p), OD_STATE, o->state));
    pdf_need(p, 40);
    pdf_text(p, p->f_bold, head, 1);
    pdf_text(p, p->f_body, o->what_happened, 8);
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
    const obstacle_render *r = rend(p);
    const obstacle_summary *s = r->s;
    pdf_need(p, 60);
    pdf_text(p, p->f_heading, obstacle_tr(r, "Efter typ av utfall"), 6);
    fact(p, obstacle_tr(r, "Åtgärder registrerade i perioden"), s->measures_total);
    for (int o = 0; o < MEASURE_OUTCOME__MAX; o++) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)obstacle_measures_of(s, o));
        pdf_need(p, 5 * PDF_ROW_H + 20);
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
        pdf_text(p, p->f_small, refs, 8);
    }
    p->y += 12;
}

static dl_err render_locked(const obstacle_render *r, int fd, int *pages, dl_error *e)
{
    const obstacle_summary *s = r->s;
    const char *title = obstacle_tr(r, "Sammanställning av rapporterade hinder");
    char foot[160], line[320];
    snprintf(foot, sizeof foot, "%s %s – %s", obstacle_tr(r, "Hinder"), s->period.from, s->period.to);
    pdf p;
    pdf_pages_open(&p, fd, title, r->english, foot, obstacle_tr(r, "Sida"), r);
    pdf_text(&p, p.f_title, title, 6);
    snprintf(line, sizeof line, "%s: %s – %s. %s %s.", obstacle_tr(r, "Period"), s->period.from, s->period.to,
             obstacle_tr(r, "Sammanställd"), r->generated ? r->generated : "");
    pdf_text(&p, p.f_body, line, 10);
    fact(&p, obstacle_tr(r, "Hinder i perioden"), s->total);
    fact(&p, obstacle_tr(r, "Öppna hinder"), s->open);
    fact(&p, obstacle_tr(r, "Avslutade hinder"), s->closed);
    fact(&p, obstacle_tr(r, "Medianålder för öppna hinder, dagar"), s->median_age_days);
    fact(&p, obstacle_tr(r, "Äldsta öppna hindret, dagar"), s->oldest_age_days);
    p.y += 12;
    for (int dim = 0; dim < OD__MAX; dim++) dimension(&p, (obstacle_dim)dim);
    pdf_need(&p, 60);
    pdf_text(&p, p.f_heading, obstacle_tr(r, "Utfall"), 6);
    for (int st = 0; st < OBSTACLE_STATE__MAX; st++)
        if (obstacle_state_is_outcome((obstacle_state)st))
            fact(&p, obstacle_tr(r, obstacle_state_label_sv((obstacle_state)st)), s->outcome[st]);
    fact(&p, obstacle_tr(r, "Ännu inte avslutade"), s->open);
    p.y += 12;
    by_outcome_type(&p);
    pdf_need(&p, 60);
    pdf_text(&p, p.f_heading, obstacle_tr(r, "Hindren"), 6);
    int64_t limit = r->text_limit > 0 && r->text_limit < OBSTACLE_PDF_TEXTS ? r->text_limit : OBSTACLE_PDF_TEXTS;
    if (s->total > limit) {
        snprintf(line, sizeof line, "%s (%lld / %lld)",
                 obstacle_tr(r, "Här visas de äldsta hindren i perioden. Alla finns i CSV- och XLSX-filen."),
                 (long long)limit, (long long)s->total);
        pdf_text(&p, p.f_body, line, 8);
    }
    dl_err rc = obstacle_texts_each(r->d, &s->period, limit, text_item, &p, e);
    pdf_footer(&p);
    if (pages) *pages = p.page;
    dl_error ignored;
    dl_err closed = pdf_pages_close(&p, "obstacle_pdf", rc == DL_OK ? e : &ignored);
    return rc != DL_OK ? rc : closed;
}

dl_err obstacle_render_pdf(const obstacle_render *r, int fd, int *pages, dl_error *e)
{
    doc_pdf_lock();
    dl_err rc = render_locked(r, fd, pages, e);
    doc_pdf_unlock();
    return rc;
}
