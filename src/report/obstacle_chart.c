/* obstacle_chart.c — see obstacle_chart.h: the geometry and the SVG. */
#include "report/obstacle_chart.h"
#include "web/template.h"

#include <string.h>

#define BAR_H 14.0
#define BAR_GAP 5.0
#define TITLE_H 18.0
#define VALUE_W 48.0
#define COLUMNS_H 140.0
#define AXIS_H 30.0

void obstacle_chart_layout(const obstacle_chart *c, double width, chart_layout *l)
{
    memset(l, 0, sizeof *l);
    l->width = width;
    l->max = 1;
    for (int i = 0; i < c->n; i++)
        if (c->values[i] > l->max) l->max = c->values[i];
    if (c->kind == CHART_BARS) {
        l->label_w = width * 0.38;
        l->bar_h = BAR_H;
        l->gap = BAR_GAP;
        l->plot_x = l->label_w;
        l->plot_y = TITLE_H;
        l->plot_w = width - l->label_w - VALUE_W;
        l->plot_h = c->n * (BAR_H + BAR_GAP);
        l->height = TITLE_H + l->plot_h + 2;
    } else {
        int n = c->n > 0 ? c->n : 1;
        l->plot_x = 4;
        l->plot_y = TITLE_H + 12; /* room for the largest value above its column */
        l->plot_w = width - 8;
        l->plot_h = COLUMNS_H;
        l->bar_h = l->plot_w / n * 0.75; /* a column's width */
        l->gap = l->plot_w / n * 0.25;
        l->height = l->plot_y + COLUMNS_H + AXIS_H;
    }
}

void obstacle_chart_item(const obstacle_chart *c, const chart_layout *l, int i, double *x, double *y, double *w,
                         double *h)
{
    double share = (double)c->values[i] / (double)l->max;
    if (c->kind == CHART_BARS) {
        *x = l->plot_x;
        *y = l->plot_y + i * (l->bar_h + l->gap);
        *w = share * l->plot_w;
        *h = l->bar_h;
    } else {
        *x = l->plot_x + i * (l->bar_h + l->gap) + l->gap / 2;
        *h = share * l->plot_h;
        *y = l->plot_y + l->plot_h - *h;
        *w = l->bar_h;
    }
}

static void esc(strbuf *out, const char *s) { html_escape_append(out, s, strlen(s)); }

void obstacle_chart_svg(const obstacle_chart *c, double width, strbuf *out)
{
    chart_layout l;
    obstacle_chart_layout(c, width, &l);
    sb_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%.0f\" height=\"%.0f\""
                   " viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-hidden=\"true\" font-family=\"DejaVu Sans, sans-serif\""
                   " font-size=\"10\"><title>",
              l.width, l.height, l.width, l.height);
    esc(out, c->title);
    sb_puts(out, "</title>\n<text x=\"0\" y=\"12\" font-weight=\"bold\" font-size=\"11\">");
    esc(out, c->title);
    sb_puts(out, "</text>\n");
    int step = c->n > 24 ? (c->n + 11) / 12 : 1; /* columns: every step-th label */
    for (int i = 0; i < c->n; i++) {
        double x, y, w, h;
        obstacle_chart_item(c, &l, i, &x, &y, &w, &h);
        sb_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"" CHART_BAR_HEX "\"/>", x, y,
                  w, h);
        if (c->kind == CHART_BARS) {
            sb_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", l.label_w - 6, y + l.bar_h - 3);
            esc(out, c->labels[i]);
            sb_printf(out, "</text><text x=\"%.1f\" y=\"%.1f\">%lld</text>\n", x + w + 4, y + l.bar_h - 3,
                      (long long)c->values[i]);
        } else {
            if (c->values[i] == l.max)
                sb_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%lld</text>", x + w / 2, y - 3,
                          (long long)c->values[i]);
            if (i % step == 0) {
                sb_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"8\">", x + w / 2,
                          l.plot_y + l.plot_h + 12);
                esc(out, c->labels[i]);
                sb_puts(out, "</text>");
            }
            sb_puts(out, "\n");
        }
    }
    if (c->kind == CHART_COLUMNS)
        sb_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", l.plot_x,
                  l.plot_y + l.plot_h, l.plot_x + l.plot_w, l.plot_y + l.plot_h);
    sb_puts(out, "</svg>\n");
}
