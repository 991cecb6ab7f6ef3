/* doc_pdf.c — typesets a document model (report/doc.h) as an A4 PDF with
 * cairo + pango into a strbuf. Two passes over the same layout code: the
 * first only measures (it counts the pages, for "Sida N av M"), the second
 * draws. Text is laid out by pango (line breaking, shaping, åäö) and drawn
 * line by line, so a long paragraph, list item or notice flows onto the next
 * page; a table breaks between rows and repeats its header row. */
#include "report/doc_pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Geometry in PDF points (1/72 inch). */
#define PAGE_W    595.276 /* A4 */
#define PAGE_H    841.890
#define M_LEFT    68.0    /* 24 mm */
#define M_RIGHT   62.0
#define CONT_W    (PAGE_W - M_LEFT - M_RIGHT)
#define TOP       64.0    /* content starts here, or lower under a long marking */
#define BOTTOM    (PAGE_H - 66.0) /* content ends here (the footer is below) */
#define PS        ((double)PANGO_SCALE)
#define CELL_PAD_X 4.0
#define CELL_PAD_Y 2.5
#define BOX_PAD   8.0

typedef struct rend {
    const doc *d;
    cairo_t *cr;
    PangoContext *pc;
    int draw;          /* 0: measuring pass */
    int page, pages;   /* current page (1-based), total (known when drawing) */
    double y;          /* next free y on the current page */
    double top;        /* where content starts on a page (below the marking) */
    int boxing;        /* inside a notice: its frame is drawn per page */
    double box_top;
    PangoFontDescription *f_body, *f_body_bold, *f_small, *f_table, *f_table_bold,
        *f_heading, *f_title, *f_org, *f_mark, *f_notice_title, *f_notice;
} rend;

/* No line break inside a date, diary number or range (doc_each_keep). Pango
 * 1.50 still breaks after an en dash in a long paragraph ("2023–" / "2025"),
 * which a reader tolerates; hyphens and spaces hold. */
static void keep_attr(void *ud, size_t at, size_t len)
{
    PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
    a->start_index = (guint)at;
    a->end_index = (guint)(at + len);
    pango_attr_list_insert(ud, a);
}

static PangoLayout *lay(rend *r, const PangoFontDescription *f, const char *text, int len,
                        double width, PangoAlignment align)
{
    PangoLayout *l = pango_layout_new(r->pc);
    pango_layout_set_font_description(l, f);
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text, len);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PS));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        PangoAttrList *al = pango_attr_list_new();
        /* A word broken because it is wider than the line (an age key, an
         * address) gets no hyphen that is not in it. */
        pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
        doc_each_keep(text, len < 0 ? strlen(text) : (size_t)len, keep_attr, al);
        pango_layout_set_attributes(l, al);
        pango_attr_list_unref(al);
    }
    return l;
}

static double lay_h(PangoLayout *l)
{
    PangoRectangle lg;
    pango_layout_get_extents(l, NULL, &lg);
    return lg.height / PS;
}

static double lay_w(PangoLayout *l)
{
    PangoRectangle lg;
    pango_layout_get_extents(l, NULL, &lg);
    return (lg.x + lg.width) / PS;
}

/* Height of the first n lines of l (all when it has fewer). */
static double lay_head_h(PangoLayout *l, int n)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int y0 = 0, y1 = 0;
    for (int i = 0; i < n; i++) {
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        if (!pango_layout_iter_next_line(it)) break;
    }
    pango_layout_iter_free(it);
    return y1 / PS;
}

static void show_at(rend *r, PangoLayout *l, double x, double y)
{
    if (!r->draw) return;
    cairo_move_to(r->cr, x, y);
    pango_cairo_show_layout(r->cr, l);
}

static void ink(rend *r, double g) { cairo_set_source_rgb(r->cr, g, g, g); }

/* The marking at the top and the footer at the bottom of the current page. */
static void furniture(rend *r)
{
    const doc *d = r->d;
    cairo_t *cr = r->cr;
    if (*d->marking) {
        PangoLayout *l = lay(r, r->f_mark, d->marking, -1, CONT_W - 16, PANGO_ALIGN_CENTER);
        double h = lay_h(l);
        cairo_set_source_rgb(cr, 0.62, 0.05, 0.07);
        cairo_set_line_width(cr, 1.2);
        cairo_rectangle(cr, M_LEFT, 24, CONT_W, h + 8);
        cairo_stroke(cr);
        show_at(r, l, M_LEFT + 8, 28);
        g_object_unref(l);
    }
    double fy = PAGE_H - 50;
    ink(r, 0.55);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, M_LEFT, fy);
    cairo_line_to(cr, M_LEFT + CONT_W, fy);
    cairo_stroke(cr);
    ink(r, 0.25);
    if (*d->footer_text) {
        PangoLayout *l = lay(r, r->f_small, d->footer_text, -1, CONT_W * 0.7, PANGO_ALIGN_LEFT);
        show_at(r, l, M_LEFT, fy + 5);
        g_object_unref(l);
    }
    if (*d->page_word) {
        char buf[200];
        snprintf(buf, sizeof buf, "%s %d %s %d", d->page_word, r->page, d->of_word, r->pages);
        PangoLayout *l = lay(r, r->f_small, buf, -1, 0, PANGO_ALIGN_LEFT);
        show_at(r, l, M_LEFT + CONT_W - lay_w(l), fy + 5);
        g_object_unref(l);
    }
    ink(r, 0);
}

/* Closes the current notice frame at r->y (a page break or its end). */
static void close_box(rend *r)
{
    if (!r->draw) return;
    cairo_t *cr = r->cr;
    cairo_set_source_rgb(cr, 0.05, 0.23, 0.36);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, M_LEFT, r->box_top, CONT_W, r->y + BOX_PAD - r->box_top);
    cairo_stroke(cr);
    cairo_rectangle(cr, M_LEFT, r->box_top, 3.5, r->y + BOX_PAD - r->box_top);
    cairo_fill(cr);
    ink(r, 0);
}

static void page_begin(rend *r)
{
    if (r->boxing) close_box(r);
    r->page++;
    if (r->draw) {
        if (r->page > 1) cairo_show_page(r->cr);
        furniture(r);
    }
    r->y = r->top;
    if (r->boxing) {
        r->box_top = r->top;
        r->y += BOX_PAD;
    }
}

/* Starts a new page unless h more points fit (or we are at the top). */
static void need(rend *r, double h)
{
    double top = r->top + (r->boxing ? BOX_PAD : 0);
    if (r->y + h > BOTTOM && r->y > top + 0.01) page_begin(r);
}

/* Draws l at x from r->y line by line, breaking pages between lines. */
static void flow(rend *r, PangoLayout *l, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double off = r->y;
    do {
        int y0, y1;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        if (off + y1 / PS > BOTTOM && off + y0 / PS > r->top + (r->boxing ? BOX_PAD : 0) + 0.01) {
            page_begin(r);
            off = r->y - y0 / PS;
        }
        if (r->draw) {
            PangoRectangle lg;
            pango_layout_iter_get_line_extents(it, NULL, &lg);
            cairo_move_to(r->cr, x + lg.x / PS, off + pango_layout_iter_get_baseline(it) / PS);
            pango_cairo_show_layout_line(r->cr, pango_layout_iter_get_line_readonly(it));
        }
        r->y = off + y1 / PS;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

struct para_ctx { rend *r; const PangoFontDescription *f; double x, w, after; };

static void one_para(void *ud, const char *s, size_t n)
{
    struct para_ctx *p = ud;
    PangoLayout *l = lay(p->r, p->f, s, (int)n, p->w, PANGO_ALIGN_LEFT);
    need(p->r, lay_head_h(l, 2)); /* no lone first line at a page's foot */
    flow(p->r, l, p->x);
    p->r->y += p->after;
    g_object_unref(l);
}

static void paragraphs(rend *r, const PangoFontDescription *f, const char *text, double x, double w,
                       double after)
{
    struct para_ctx p = {r, f, x, w, after};
    doc_each_para(text, one_para, &p);
}

/* Letterhead on the left, the header fields on the right, then the title. */
static void first_page_head(rend *r)
{
    const doc *d = r->d;
    double left_w = CONT_W * 0.44, right_x = M_LEFT + CONT_W * 0.47, right_w = CONT_W * 0.53;
    double ly = r->y;
    PangoLayout *l = lay(r, r->f_org, d->org_name, -1, left_w, PANGO_ALIGN_LEFT);
    show_at(r, l, M_LEFT, ly);
    ly += lay_h(l) + 2;
    g_object_unref(l);
    ink(r, 0.3);
    for (size_t i = 0; i < d->n_letterhead; i++) {
        l = lay(r, r->f_small, d->letterhead[i], -1, left_w, PANGO_ALIGN_LEFT);
        show_at(r, l, M_LEFT, ly);
        ly += lay_h(l);
        g_object_unref(l);
    }
    double ry = r->y, label_w = 0;
    for (size_t i = 0; i < d->n_fields; i++) {
        l = lay(r, r->f_small, d->fields[i].label, -1, right_w * 0.45, PANGO_ALIGN_LEFT);
        if (lay_w(l) > label_w) label_w = lay_w(l);
        g_object_unref(l);
    }
    label_w += 8;
    for (size_t i = 0; i < d->n_fields; i++) {
        ink(r, 0.3);
        PangoLayout *lb = lay(r, r->f_small, d->fields[i].label, -1, label_w - 8, PANGO_ALIGN_LEFT);
        PangoLayout *v = lay(r, r->f_table, d->fields[i].value, -1, right_w - label_w, PANGO_ALIGN_LEFT);
        show_at(r, lb, right_x, ry);
        ink(r, 0);
        show_at(r, v, right_x + label_w, ry);
        double h = lay_h(v) > lay_h(lb) ? lay_h(v) : lay_h(lb);
        ry += h + 1.5;
        g_object_unref(lb);
        g_object_unref(v);
    }
    ink(r, 0);
    r->y = (ly > ry ? ly : ry) + 14;
    ink(r, 0.55);
    if (r->draw) {
        cairo_set_line_width(r->cr, 0.5);
        cairo_move_to(r->cr, M_LEFT, r->y);
        cairo_line_to(r->cr, M_LEFT + CONT_W, r->y);
        cairo_stroke(r->cr);
    }
    ink(r, 0);
    r->y += 16;
    l = lay(r, r->f_title, d->title, -1, CONT_W, PANGO_ALIGN_LEFT);
    flow(r, l, M_LEFT);
    g_object_unref(l);
    r->y += 10;
}

static double lead_h(rend *r, const doc_block *b);

/* A heading stays on the page of the start of the block after it (next). */
static void heading(rend *r, const doc_block *b, const doc_block *next)
{
    PangoLayout *l = lay(r, r->f_heading, b->text, -1, CONT_W, PANGO_ALIGN_LEFT);
    r->y += 6;
    need(r, lay_h(l) + 3 + (next ? lead_h(r, next) : 0));
    flow(r, l, M_LEFT);
    r->y += 3;
    g_object_unref(l);
}

static void bullets(rend *r, const doc_block *b)
{
    const double indent = 16;
    for (size_t i = 0; i < b->n_items; i++) {
        PangoLayout *l = lay(r, r->f_body, b->items[i], -1, CONT_W - indent, PANGO_ALIGN_LEFT);
        need(r, lay_head_h(l, 2));
        if (r->draw) {
            PangoLayout *dot = lay(r, r->f_body, "\xe2\x80\xa2", -1, 0, PANGO_ALIGN_LEFT);
            cairo_move_to(r->cr, M_LEFT + 4, r->y + (pango_layout_get_baseline(l) - pango_layout_get_baseline(dot)) / PS);
            pango_cairo_show_layout(r->cr, dot);
            g_object_unref(dot);
        }
        flow(r, l, M_LEFT + indent);
        r->y += 2.5;
        g_object_unref(l);
    }
    r->y += 4;
}

/* Column widths from content: natural (unwrapped) widths when they fit,
 * widened to the full width; else narrow columns keep theirs and the wide
 * ones share the rest in proportion to their natural widths. */
static void column_widths(rend *r, const doc_table *t, double *w)
{
    double nat[DOC_MAX_COLS];
    int fixed[DOC_MAX_COLS] = {0};
    for (size_t c = 0; c < t->ncols; c++) {
        PangoLayout *l = lay(r, r->f_table_bold, t->headers[c], -1, 0, PANGO_ALIGN_LEFT);
        nat[c] = lay_w(l);
        g_object_unref(l);
        for (size_t i = 0; i < t->n_rows; i++) {
            l = lay(r, r->f_table, t->cells[i * t->ncols + c], -1, 0, PANGO_ALIGN_LEFT);
            if (lay_w(l) > nat[c]) nat[c] = lay_w(l);
            g_object_unref(l);
        }
        nat[c] += 2 * CELL_PAD_X + 1;
        if (nat[c] < 28) nat[c] = 28;
    }
    double sum = 0;
    for (size_t c = 0; c < t->ncols; c++) sum += nat[c];
    if (sum <= CONT_W) {
        for (size_t c = 0; c < t->ncols; c++) w[c] = nat[c] * CONT_W / sum;
        return;
    }
    double left = CONT_W;
    size_t open = t->ncols;
    for (int changed = 1; changed && open > 0;) {
        changed = 0;
        double share = left / (double)open;
        for (size_t c = 0; c < t->ncols; c++)
            if (!fixed[c] && nat[c] <= share) {
                fixed[c] = 1;
                w[c] = nat[c];
                left -= nat[c];
                open--;
                changed = 1;
            }
    }
    double rest = 0;
    for (size_t c = 0; c < t->ncols; c++) if (!fixed[c]) rest += nat[c];
    for (size_t c = 0; c < t->ncols; c++) if (!fixed[c]) w[c] = nat[c] * left / rest;
}

/* One row: cells[ncols]; header rows are bold on a grey band. */
static void table_row(rend *r, const doc_table *t, const char *const *cells, const double *w, int header)
{
    PangoLayout *l[DOC_MAX_COLS];
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        PangoAlignment al = (t->numeric >> c) & 1 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
        l[c] = lay(r, header ? r->f_table_bold : r->f_table, cells[c], -1, w[c] - 2 * CELL_PAD_X, al);
        if (lay_h(l[c]) > h) h = lay_h(l[c]);
    }
    h += 2 * CELL_PAD_Y;
    if (r->draw) {
        cairo_t *cr = r->cr;
        if (header) {
            cairo_set_source_rgb(cr, 0.91, 0.93, 0.95);
            cairo_rectangle(cr, M_LEFT, r->y, CONT_W, h);
            cairo_fill(cr);
        }
        double x = M_LEFT;
        ink(r, 0);
        for (size_t c = 0; c < t->ncols; c++) {
            show_at(r, l[c], x + CELL_PAD_X, r->y + CELL_PAD_Y);
            x += w[c];
        }
        ink(r, header ? 0.35 : 0.75);
        cairo_set_line_width(cr, header ? 0.8 : 0.4);
        cairo_move_to(cr, M_LEFT, r->y + h);
        cairo_line_to(cr, M_LEFT + CONT_W, r->y + h);
        cairo_stroke(cr);
        ink(r, 0);
    }
    for (size_t c = 0; c < t->ncols; c++) g_object_unref(l[c]);
    r->y += h;
}

/* Height of a row without drawing it. */
static double row_h(rend *r, const doc_table *t, const char *const *cells, const double *w, int header)
{
    int draw = r->draw;
    double y = r->y;
    r->draw = 0;
    table_row(r, t, cells, w, header);
    double h = r->y - y;
    r->y = y;
    r->draw = draw;
    return h;
}

static void table(rend *r, const doc_block *b)
{
    const doc_table *t = &b->table;
    double w[DOC_MAX_COLS];
    column_widths(r, t, w);
    double hh = row_h(r, t, t->headers, w, 1);
    double first = 0; /* at least three rows (or all) under the header */
    for (size_t i = 0; i < t->n_rows && i < 3; i++) first += row_h(r, t, t->cells + i * t->ncols, w, 0);
    r->y += 2;
    need(r, hh + first);
    table_row(r, t, t->headers, w, 1);
    for (size_t i = 0; i < t->n_rows; i++) {
        const char *const *row = t->cells + i * t->ncols;
        if (r->y + row_h(r, t, row, w, 0) > BOTTOM) { /* a row taller than a page overflows */
            page_begin(r);
            table_row(r, t, t->headers, w, 1);
        }
        table_row(r, t, row, w, 0);
    }
    r->y += 10;
}

static void signature(rend *r, const doc_block *b)
{
    PangoLayout *dt = lay(r, r->f_body, b->date, -1, CONT_W, PANGO_ALIGN_LEFT);
    PangoLayout *nm = lay(r, r->f_body_bold, b->name, -1, CONT_W, PANGO_ALIGN_LEFT);
    PangoLayout *ti = lay(r, r->f_body, b->title, -1, CONT_W, PANGO_ALIGN_LEFT);
    double gap = 30;
    double h = (*b->date ? lay_h(dt) : 0) + gap + lay_h(nm) + (*b->title ? lay_h(ti) : 0);
    r->y += 8;
    need(r, h);
    if (*b->date) { show_at(r, dt, M_LEFT, r->y); r->y += lay_h(dt); }
    r->y += gap;
    show_at(r, nm, M_LEFT, r->y);
    r->y += lay_h(nm);
    if (*b->title) { show_at(r, ti, M_LEFT, r->y); r->y += lay_h(ti); }
    r->y += 12;
    g_object_unref(dt);
    g_object_unref(nm);
    g_object_unref(ti);
}

struct measure_ctx { rend *r; double h; };

static void measure_para(void *ud, const char *s, size_t n)
{
    struct measure_ctx *m = ud;
    PangoLayout *l = lay(m->r, m->r->f_notice, s, (int)n, CONT_W - 2 * BOX_PAD - 6, PANGO_ALIGN_LEFT);
    m->h += lay_h(l) + 4;
    g_object_unref(l);
}

/* A framed notice; kept on one page when it fits on one, else its frame is
 * drawn per page. */
static void notice(rend *r, const doc_block *b)
{
    double x = M_LEFT + BOX_PAD + 6, w = CONT_W - 2 * BOX_PAD - 6;
    PangoLayout *tl = lay(r, r->f_notice_title, b->title, -1, w, PANGO_ALIGN_LEFT);
    struct measure_ctx m = {r, 0};
    doc_each_para(b->text, measure_para, &m);
    double h = 2 * BOX_PAD + lay_h(tl) + 4 + m.h;
    r->y += 6;
    need(r, h <= BOTTOM - r->top ? h : lay_h(tl) + 40);
    r->boxing = 1;
    r->box_top = r->y;
    r->y += BOX_PAD;
    flow(r, tl, x);
    r->y += 4;
    paragraphs(r, r->f_notice, b->text, x, w, 4);
    r->y -= 4;
    close_box(r);
    r->boxing = 0;
    r->y += BOX_PAD + 10;
    g_object_unref(tl);
}

struct first_para { rend *r; double h; int done; };

static void first_para(void *ud, const char *s, size_t n)
{
    struct first_para *f = ud;
    if (f->done) return;
    PangoLayout *l = lay(f->r, f->r->f_body, s, (int)n, CONT_W, PANGO_ALIGN_LEFT);
    f->h = lay_head_h(l, 2);
    f->done = 1;
    g_object_unref(l);
}

/* The least height of b that should not be parted from a heading above it. */
static double lead_h(rend *r, const doc_block *b)
{
    switch (b->kind) {
    case DOC_HEADING: {
        PangoLayout *l = lay(r, r->f_heading, b->text, -1, CONT_W, PANGO_ALIGN_LEFT);
        double h = lay_h(l) + 9;
        g_object_unref(l);
        return h;
    }
    case DOC_PARAGRAPH: {
        struct first_para f = {r, 0, 0};
        doc_each_para(b->text, first_para, &f);
        return f.h;
    }
    case DOC_LIST: {
        PangoLayout *l = lay(r, r->f_body, b->items[0], -1, CONT_W - 16, PANGO_ALIGN_LEFT);
        double h = lay_head_h(l, 2);
        g_object_unref(l);
        return h;
    }
    case DOC_TABLE: {
        const doc_table *t = &b->table;
        double w[DOC_MAX_COLS];
        column_widths(r, t, w);
        double h = 2 + row_h(r, t, t->headers, w, 1);
        for (size_t i = 0; i < t->n_rows && i < 3; i++) h += row_h(r, t, t->cells + i * t->ncols, w, 0);
        return h;
    }
    case DOC_SIGNATURE:
    case DOC_NOTICE:
        return 60;
    }
    return 0;
}

static void render_pass(rend *r)
{
    r->page = 0;
    page_begin(r);
    first_page_head(r);
    for (size_t i = 0; i < r->d->n_blocks; i++) {
        const doc_block *b = &r->d->blocks[i];
        switch (b->kind) {
        case DOC_HEADING: heading(r, b, i + 1 < r->d->n_blocks ? b + 1 : NULL); break;
        case DOC_PARAGRAPH: paragraphs(r, r->f_body, b->text, M_LEFT, CONT_W, 6); break;
        case DOC_LIST: bullets(r, b); break;
        case DOC_TABLE: table(r, b); break;
        case DOC_SIGNATURE: signature(r, b); break;
        case DOC_NOTICE: notice(r, b); break;
        }
    }
}

struct sink { strbuf *sb; int over_limit; };

static cairo_status_t write_sb(void *closure, const unsigned char *data, unsigned int len)
{
    struct sink *k = closure;
    if (k->sb->limit && len > k->sb->limit - (k->sb->len < k->sb->limit ? k->sb->len : k->sb->limit))
        k->over_limit = 1;
    if (k->over_limit) return CAIRO_STATUS_WRITE_ERROR;
    sb_append(k->sb, (const char *)data, len);
    return k->sb->oom ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static PangoFontDescription *font(const char *s) { return pango_font_description_from_string(s); }

/* One render at a time in the process. Pango gives each thread its own
 * font map, but under it fontconfig's configuration and cache, cairo's FreeType
 * font cache and the FT_Library it shares are one per process, and their
 * thread safety has varied between versions (races were fixed in fontconfig and
 * cairo releases as recent as Debian 12's). The server renders PDFs from
 * libmicrohttpd's thread pool; a render takes some 40–90 ms, so serialising
 * costs little and removes the question. */
static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;

static dl_err render_locked(const doc *d, const doc_pdf_opts *o, strbuf *out, int *pages, dl_error *e);

void doc_pdf_lock(void) { pthread_mutex_lock(&render_lock); }
void doc_pdf_unlock(void) { pthread_mutex_unlock(&render_lock); }

dl_err doc_pdf_render(const doc *d, const doc_pdf_opts *o, strbuf *out, int *pages, dl_error *e)
{
    dl_err rc = doc_status(d, e);
    if (rc != DL_OK) return rc;
    pthread_mutex_lock(&render_lock);
    rc = render_locked(d, o, out, pages, e);
    pthread_mutex_unlock(&render_lock);
    return rc;
}

static dl_err render_locked(const doc *d, const doc_pdf_opts *o, strbuf *out, int *pages, dl_error *e)
{
    size_t start_len = out->len;
    struct sink sink = {out, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_sb, &sink, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "datalots");
    if (o && o->author) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, o->author);
    if (o && o->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, o->subject);
    if (o && o->create_date) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, o->create_date);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, o->create_date);
    }
    cairo_t *cr = cairo_create(s);
    rend r = {.d = d, .cr = cr};
    r.pc = pango_cairo_create_context(cr);
    pango_context_set_language(r.pc, pango_language_from_string(d->lang));
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(r.pc, fo);
    cairo_font_options_destroy(fo);
    r.f_body = font("DejaVu Serif 9.5");
    r.f_body_bold = font("DejaVu Serif Bold 9.5");
    r.f_small = font("DejaVu Sans 8");
    r.f_table = font("DejaVu Sans 8.5");
    r.f_table_bold = font("DejaVu Sans Bold 8.5");
    r.f_heading = font("DejaVu Sans Bold 11.5");
    r.f_title = font("DejaVu Sans Bold 14");
    r.f_org = font("DejaVu Sans Bold 13");
    r.f_mark = font("DejaVu Sans Bold 9");
    r.f_notice_title = font("DejaVu Sans Bold 10");
    r.f_notice = font("DejaVu Serif 9");

    r.top = TOP;
    if (*d->marking) {
        PangoLayout *l = lay(&r, r.f_mark, d->marking, -1, CONT_W - 16, PANGO_ALIGN_CENTER);
        if (24 + lay_h(l) + 8 + 14 > r.top) r.top = 24 + lay_h(l) + 8 + 14;
        g_object_unref(l);
    }
    render_pass(&r);          /* measure: count the pages */
    r.pages = r.page;
    r.draw = 1;
    r.y = 0;
    render_pass(&r);          /* draw */
    if (pages) *pages = r.pages;

    PangoFontDescription *fonts[] = {r.f_body, r.f_body_bold, r.f_small, r.f_table,
                                     r.f_table_bold, r.f_heading, r.f_title, r.f_org, r.f_mark,
                                     r.f_notice_title, r.f_notice};
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) pango_font_description_free(fonts[i]);
    g_object_unref(r.pc);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (sink.over_limit) return dl_fail(e, DL_ELIMIT, "doc_pdf: the PDF is larger than %zu bytes", out->limit);
    if (out->oom) return dl_fail(e, DL_ENOMEM, "doc_pdf: out of memory");
    if (st != CAIRO_STATUS_SUCCESS)
        return dl_fail(e, DL_EINTERNAL, "doc_pdf: cairo: %s", cairo_status_to_string(st));
    if (out->len == start_len) return dl_fail(e, DL_EINTERNAL, "doc_pdf: cairo wrote nothing");
    return DL_OK;
}

void doc_pdf_shutdown(void)
{
    pthread_mutex_lock(&render_lock);
    /* Only the font map: cairo_debug_reset_static_data() asserts that no
     * font is alive, and pango's fontconfig loader thread may still hold
     * one at exit (a report's PDF aborted 3 times in 100 that way). What
     * cairo keeps in its static caches stays reachable, which LeakSanitizer
     * does not report. */
    pango_cairo_font_map_set_default(NULL);
    pthread_mutex_unlock(&render_lock);
}
