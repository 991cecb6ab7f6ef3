/* pdf_pages.c — the page helpers shared by the obstacle and follow-up PDF
 * reports: surface and fonts, paragraphs, page breaks, footer, charts (see
 * pdf_pages.h). */
#include "report/pdf_pages.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <unistd.h>

static cairo_status_t write_fd(void *closure, const unsigned char *data, unsigned int len)
{
    pdf_pages *k = closure;
    for (unsigned off = 0; off < len && !k->failed;) {
        ssize_t w = write(k->fd, data + off, len - off);
        if (w <= 0) k->failed = 1;
        else off += (unsigned)w;
    }
    return k->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

void pdf_pages_open(pdf_pages *p, int fd, const char *title, int english, const char *foot, const char *sida,
                    const void *user)
{
    *p = (pdf_pages){.fd = fd, .foot = foot, .sida = sida, .user = user, .page = 1, .y = PDF_MARGIN};
    p->surf = cairo_pdf_surface_create_for_stream(write_fd, p, PDF_PAGE_W, PDF_PAGE_H);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "datalots");
    p->cr = cairo_create(p->surf);
    p->pc = pango_cairo_create_context(p->cr);
    pango_context_set_language(p->pc, pango_language_from_string(english ? "en" : "sv"));
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->pc, fo);
    cairo_font_options_destroy(fo);
    p->f_body = pango_font_description_from_string("DejaVu Sans 8.5");
    p->f_bold = pango_font_description_from_string("DejaVu Sans Bold 8.5");
    p->f_small = pango_font_description_from_string("DejaVu Sans 7.5");
    p->f_title = pango_font_description_from_string("DejaVu Sans Bold 14");
    p->f_heading = pango_font_description_from_string("DejaVu Sans Bold 12");
}

dl_err pdf_pages_close(pdf_pages *p, const char *who, dl_error *e)
{
    PangoFontDescription *fonts[] = {p->f_body, p->f_bold, p->f_small, p->f_title, p->f_heading};
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) pango_font_description_free(fonts[i]);
    g_object_unref(p->pc);
    cairo_status_t st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(p->surf);
    cairo_surface_destroy(p->surf);
    if (p->failed) return dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
    if (st != CAIRO_STATUS_SUCCESS) return dl_fail(e, DL_EINTERNAL, "%s: cairo: %s", who, cairo_status_to_string(st));
    return DL_OK;
}

PangoLayout *pdf_lay(pdf_pages *p, PangoFontDescription *f, const char *text, double width, PangoAlignment al)
{
    PangoLayout *l = pango_layout_new(p->pc);
    pango_layout_set_font_description(l, f);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, al);
    pango_layout_set_text(l, text, -1);
    return l;
}

double pdf_height_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

void pdf_draw_at(pdf_pages *p, PangoLayout *l, double x, double y)
{
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}

void pdf_footer(pdf_pages *p)
{
    char num[48];
    snprintf(num, sizeof num, "%s %d", p->sida, p->page);
    cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
    PangoLayout *l = pdf_lay(p, p->f_small, p->foot, PDF_CONT_W / 2, PANGO_ALIGN_LEFT);
    pdf_draw_at(p, l, PDF_MARGIN, PDF_PAGE_H - PDF_MARGIN + 4);
    g_object_unref(l);
    l = pdf_lay(p, p->f_small, num, PDF_CONT_W / 2, PANGO_ALIGN_RIGHT);
    pdf_draw_at(p, l, PDF_MARGIN + PDF_CONT_W / 2, PDF_PAGE_H - PDF_MARGIN + 4);
    g_object_unref(l);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

void pdf_need(pdf_pages *p, double h)
{
    if (p->y + h <= PDF_BOTTOM) return;
    pdf_footer(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = PDF_MARGIN;
}

void pdf_text(pdf_pages *p, PangoFontDescription *f, const char *s, double after)
{
    PangoLayout *l = pdf_lay(p, f, s, PDF_CONT_W, PANGO_ALIGN_LEFT);
    double h = pdf_height_of(l);
    pdf_need(p, h);
    pdf_draw_at(p, l, PDF_MARGIN, p->y);
    p->y += h + after;
    g_object_unref(l);
}

void pdf_row_rule(pdf_pages *p)
{
    cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(p->cr, 0.4);
    cairo_move_to(p->cr, PDF_MARGIN, p->y - 1);
    cairo_line_to(p->cr, PDF_MARGIN + PDF_CONT_W, p->y - 1);
    cairo_stroke(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

void pdf_chart(pdf_pages *p, const obstacle_chart *c)
{
    chart_layout g;
    obstacle_chart_layout(c, c->kind == CHART_COLUMNS ? PDF_CONT_W : PDF_CONT_W * 0.9, &g);
    pdf_need(p, g.height + 6);
    double x0 = PDF_MARGIN, y0 = p->y;
    PangoLayout *t = pdf_lay(p, p->f_bold, c->title, g.width, PANGO_ALIGN_LEFT);
    pdf_draw_at(p, t, x0, y0);
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
            PangoLayout *l = pdf_lay(p, p->f_small, c->labels[i], g.label_w - 6, PANGO_ALIGN_RIGHT);
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
            pdf_draw_at(p, l, x0, y0 + y + 1);
            g_object_unref(l);
            l = pdf_lay(p, p->f_small, num, 60, PANGO_ALIGN_LEFT);
            pdf_draw_at(p, l, x0 + x + w + 4, y0 + y + 1);
            g_object_unref(l);
        } else {
            if (c->values[i] == g.max) {
                PangoLayout *l = pdf_lay(p, p->f_small, num, 60, PANGO_ALIGN_CENTER);
                pdf_draw_at(p, l, x0 + x + w / 2 - 30, y0 + y - 11);
                g_object_unref(l);
            }
            if (i % step == 0) {
                PangoLayout *l = pdf_lay(p, p->f_small, c->labels[i], 60, PANGO_ALIGN_CENTER);
                pdf_draw_at(p, l, x0 + x + w / 2 - 30, y0 + g.plot_y + g.plot_h + 3);
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
