/* obstacle_chart.h — one chart of the compiled obstacle report, described
 * once and drawn twice: as inline SVG written by hand (obstacle_chart_svg,
 * for the HTML page and file) and with cairo and pango into the PDF
 * (report/obstacle_pdf.c), from the same geometry (obstacle_chart_layout).
 * A chart is bars (one a row, label left, count right) or columns (one per
 * period, for months). The HTML puts the same figures in a table beside
 * each chart; the SVG is aria-hidden, its title says what it shows. */
#ifndef DATALOTS_OBSTACLE_CHART_H
#define DATALOTS_OBSTACLE_CHART_H

#include <stdint.h>

#include "core/strbuf.h"

#define CHART_MAX_ITEMS 400

typedef enum chart_kind { CHART_BARS, CHART_COLUMNS } chart_kind;

typedef struct obstacle_chart {
    chart_kind kind;
    const char *title;               /* shown above; also the SVG's <title> */
    int n;
    const char *labels[CHART_MAX_ITEMS];
    int64_t values[CHART_MAX_ITEMS];
} obstacle_chart;

/* The geometry both renderers draw, in points (1/72 inch; SVG user units). */
typedef struct chart_layout {
    double width, height;      /* the whole chart */
    double label_w;            /* bars: the label column's width */
    double plot_x, plot_y, plot_w, plot_h; /* where bars or columns go */
    double bar_h, gap;         /* bars: the height of a bar and the space between; columns: width and space */
    int64_t max;               /* the largest value (1 when all are 0) */
} chart_layout;

/* The layout of c drawn width points wide. */
void obstacle_chart_layout(const obstacle_chart *c, double width, chart_layout *out);
/* The extent of bar or column i: x, y, w, h. */
void obstacle_chart_item(const obstacle_chart *c, const chart_layout *l, int i, double *x, double *y, double *w,
                         double *h);
/* Appends c as an <svg> element (labels and title escaped). */
void obstacle_chart_svg(const obstacle_chart *c, double width, strbuf *out);

/* The chart's colours (RGB 0..1), the same in SVG and PDF. */
#define CHART_BAR_R 0.106
#define CHART_BAR_G 0.369
#define CHART_BAR_B 0.557
#define CHART_BAR_HEX "#1b5e8e"

#endif
