/* obstacle_html.c — the compiled obstacle report as HTML: the key figures,
 * then for each dimension a chart (inline SVG, report/obstacle_chart.h)
 * beside a table of the same figures (the table is what a screen reader
 * reads; the SVG is aria-hidden), the outcomes, and the obstacles' texts.
 * Every text from the store is escaped. As a whole document (the file of
 * `datalots report obstacles --format html`) it carries its own small style
 * sheet; as a fragment it goes inside the page /hinder/rapport and uses the
 * site's (style.css: .obstacle-report). */
#include "report/obstacle_chart.h"
#include "report/obstacle_render.h"
#include "web/template.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define FLUSH_AT (1 << 20) /* the file writer empties the buffer past this */

static void esc(strbuf *out, const char *s) { html_escape_append(out, s, strlen(s)); }

/* The dimensions that get a chart, and its kind. */
static int charted(obstacle_dim d, chart_kind *kind)
{
    *kind = d == OD_MONTH ? CHART_COLUMNS : CHART_BARS;
    return d != OD_LAW;
}

static void chart_of(const obstacle_render *r, obstacle_dim dim, chart_kind kind, obstacle_chart *c)
{
    c->kind = kind;
    c->title = obstacle_tr(r, obstacle_dim_label_sv(dim));
    c->n = 0;
    for (int i = 0; i < r->s->n_rows[dim] && c->n < CHART_MAX_ITEMS; i++, c->n++) {
        c->labels[c->n] = obstacle_count_label(r, &r->s->rows[dim][i]);
        c->values[c->n] = r->s->rows[dim][i].n;
    }
}

static void percent(strbuf *out, int64_t n, int64_t total)
{
    if (total <= 0) { sb_puts(out, "–"); return; }
    sb_printf(out, "%.1f&nbsp;%%", 100.0 * (double)n / (double)total);
}

static void fact(strbuf *out, const char *label, int64_t n, const char *unit)
{
    sb_puts(out, "<dt>");
    esc(out, label);
    if (n < 0) sb_puts(out, "</dt><dd class=\"nowrap\">–</dd>\n");
    else sb_printf(out, "</dt><dd class=\"nowrap\">%lld%s%s</dd>\n", (long long)n, unit ? " " : "", unit ? unit : "");
}

static void dimension(const obstacle_render *r, obstacle_dim dim, strbuf *out)
{
    const obstacle_summary *s = r->s;
    sb_printf(out, "<section class=\"report-part\" id=\"by-%s\">\n<h2>", obstacle_dim_key(dim));
    esc(out, obstacle_tr(r, obstacle_dim_label_sv(dim)));
    sb_puts(out, "</h2>\n<div class=\"chart-pair\">\n");
    chart_kind kind;
    if (charted(dim, &kind) && s->n_rows[dim] > 0) {
        obstacle_chart chart; /* about 10 KiB */
        chart_of(r, dim, kind, &chart);
        obstacle_chart_svg(&chart, kind == CHART_COLUMNS ? 640 : 460, out);
    }
    sb_puts(out, "<table class=\"report-table\"><caption>");
    esc(out, obstacle_tr(r, obstacle_dim_label_sv(dim)));
    sb_puts(out, "</caption>\n<thead><tr><th scope=\"col\">");
    esc(out, obstacle_tr(r, obstacle_dim_label_sv(dim)));
    sb_puts(out, "</th><th scope=\"col\" class=\"num\">");
    esc(out, obstacle_tr(r, "Antal"));
    sb_puts(out, "</th><th scope=\"col\" class=\"num\">");
    esc(out, obstacle_tr(r, "Andel"));
    sb_puts(out, "</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < s->n_rows[dim]; i++) {
        const obstacle_count *c = &s->rows[dim][i];
        sb_puts(out, "<tr><th scope=\"row\">");
        esc(out, obstacle_count_label(r, c));
        sb_printf(out, "</th><td class=\"num\">%lld</td><td class=\"num\">", (long long)c->n);
        percent(out, c->n, s->total);
        sb_puts(out, "</td></tr>\n");
    }
    sb_puts(out, "</tbody></table>\n</div>\n</section>\n");
}

/* "Efter typ av utfall": a table of outcome type × status, then per type
 * the obstacles its measures address. */
static void by_outcome_type(const obstacle_render *r, strbuf *out)
{
    const obstacle_summary *s = r->s;
    sb_puts(out, "<section class=\"report-part\" id=\"by-outcome-type\">\n<h2>");
    esc(out, obstacle_tr(r, "Efter typ av utfall"));
    sb_puts(out, "</h2>\n<p>");
    esc(out, obstacle_tr(r, "Åtgärder registrerade i perioden"));
    sb_printf(out, ": <span class=\"nowrap\">%lld</span>.</p>\n", (long long)s->measures_total);
    /* wider than a phone: a region the keyboard can scroll */
    sb_puts(out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
    esc(out, obstacle_tr(r, "Åtgärder efter typ av utfall och status"));
    sb_puts(out, "\"><table class=\"report-table\"><caption>");
    esc(out, obstacle_tr(r, "Åtgärder efter typ av utfall och status"));
    sb_puts(out, "</caption>\n<thead><tr><th scope=\"col\">");
    esc(out, obstacle_tr(r, "Typ av utfall"));
    for (int st = 0; st < MEASURE_STATUS__MAX; st++) {
        sb_puts(out, "</th><th scope=\"col\" class=\"num\">");
        esc(out, obstacle_tr(r, measure_status_label_sv(st)));
    }
    sb_puts(out, "</th><th scope=\"col\" class=\"num\">");
    esc(out, obstacle_tr(r, "Totalt"));
    sb_puts(out, "</th></tr></thead>\n<tbody>\n");
    for (int o = 0; o < MEASURE_OUTCOME__MAX; o++) {
        sb_puts(out, "<tr><th scope=\"row\">");
        esc(out, obstacle_tr(r, measure_outcome_label_sv(o)));
        sb_puts(out, "</th>");
        for (int st = 0; st < MEASURE_STATUS__MAX; st++)
            sb_printf(out, "<td class=\"num\">%lld</td>", (long long)s->measures[o][st]);
        sb_printf(out, "<td class=\"num\">%lld</td></tr>\n", (long long)obstacle_measures_of(s, o));
    }
    sb_puts(out, "</tbody></table></div>\n<h3>");
    esc(out, obstacle_tr(r, "Hinder som åtgärderna gäller"));
    sb_puts(out, "</h3>\n<dl class=\"addressed\">\n");
    for (int o = 0; o < MEASURE_OUTCOME__MAX; o++) {
        sb_puts(out, "<dt>");
        esc(out, obstacle_tr(r, measure_outcome_label_sv(o)));
        sb_puts(out, "</dt><dd>");
        int any = 0;
        for (int i = 0; i < s->n_addressed; i++) {
            if ((int)s->addressed[i].outcome != o) continue;
            char ref[24];
            obstacle_reference(s->addressed[i].obstacle_id, ref);
            sb_printf(out, "%s<span class=\"nowrap\">%s</span>", any++ ? ", " : "", ref);
        }
        sb_puts(out, any ? "</dd>\n" : "–</dd>\n");
    }
    sb_puts(out, "</dl>\n");
    if (s->addressed_cut) {
        sb_puts(out, "<p>");
        esc(out, obstacle_tr(r, "Listan är avkortad. Alla finns i CSV- och XLSX-filen."));
        sb_puts(out, "</p>\n");
    }
    sb_puts(out, "</section>\n");
}

typedef struct texts_walk {
    const obstacle_render *r;
    strbuf *out;
    int fd;          /* -1: keep everything in out */
    int failed;
    int64_t shown;
} texts_walk;

static int flush_to(strbuf *out, int fd)
{
    size_t off = 0;
    while (off < out->len) {
        ssize_t w = write(fd, out->data + off, out->len - off);
        if (w <= 0) return -1;
        off += (size_t)w;
    }
    out->len = 0;
    if (out->data) out->data[0] = '\0';
    return 0;
}

static const char *label_in(const obstacle_render *r, obstacle_dim dim, const char *key)
{
    for (int i = 0; i < r->s->n_rows[dim]; i++)
        if (strcmp(r->s->rows[dim][i].key, key) == 0) return obstacle_count_label(r, &r->s->rows[dim][i]);
    return key;
}

static int text_item(void *ud, const obstacle_text_rec *o)
{
    texts_walk *w = ud;
    strbuf *out = w->out;
    char ref[24];
    obstacle_reference(o->id, ref);
    sb_printf(out, "<article class=\"obstacle-text\"><h3><span class=\"nowrap\">%s</span> · <span class=\"nowrap\">%.10s</span></h3>\n<p class=\"meta\">",
              ref, o->created_at);
    esc(out, label_in(w->r, OD_CATEGORY, o->category));
    sb_puts(out, " · ");
    esc(out, label_in(w->r, OD_STATE, o->state));
    if (*o->actor_type) {
        sb_puts(out, " · ");
        esc(out, label_in(w->r, OD_ACTOR_TYPE, o->actor_type));
    }
    if (*o->law_id) {
        sb_puts(out, " · ");
        esc(out, *o->law_title ? o->law_title : o->law_id);
    }
    sb_puts(out, "</p>\n<p class=\"pre-wrap\">");
    esc(out, o->what_happened);
    sb_puts(out, "</p>\n");
    if (*o->suggestion) {
        sb_puts(out, "<p><em>");
        esc(out, obstacle_tr(w->r, "Förslag till lösning"));
        sb_puts(out, ":</em> ");
        esc(out, o->suggestion);
        sb_puts(out, "</p>\n");
    }
    sb_puts(out, "</article>\n");
    w->shown++;
    if (w->fd >= 0 && out->len > FLUSH_AT && flush_to(out, w->fd) != 0) { w->failed = 1; return 1; }
    return out->oom;
}

static const char *style =
    "<style>body{font-family:'DejaVu Sans',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:0.5rem 0}th,td{border-bottom:1px solid #ccc;padding:0.2rem 0.6rem;"
    "text-align:left}.num{text-align:right;white-space:nowrap}.nowrap{white-space:nowrap}"
    ".chart-pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}caption{text-align:left;"
    "font-weight:bold}.pre-wrap{white-space:pre-wrap}.meta{color:#555;margin:0}dl.facts{display:grid;"
    "grid-template-columns:max-content max-content;gap:0.2rem 1rem}dd{margin:0}</style>\n";

/* Everything up to the texts, and the texts (to fd when fd >= 0). */
static dl_err render(const obstacle_render *r, int fragment, strbuf *out, int fd, dl_error *e)
{
    const obstacle_summary *s = r->s;
    if (!fragment) {
        sb_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                  r->english ? "en" : "sv");
        esc(out, obstacle_tr(r, "Sammanställning av rapporterade hinder"));
        sb_printf(out, " %s – %s</title>\n%s</head>\n<body>\n<h1>", s->period.from, s->period.to, style);
        esc(out, obstacle_tr(r, "Sammanställning av rapporterade hinder"));
        sb_puts(out, "</h1>\n");
    }
    sb_puts(out, "<div class=\"obstacle-report\">\n<p>");
    esc(out, obstacle_tr(r, "Period"));
    sb_printf(out, ": <span class=\"nowrap\">%s</span> – <span class=\"nowrap\">%s</span>. ", s->period.from,
              s->period.to);
    esc(out, obstacle_tr(r, "Sammanställd"));
    sb_printf(out, " <span class=\"nowrap\">%s</span>.</p>\n<dl class=\"facts\">\n", r->generated ? r->generated : "");
    fact(out, obstacle_tr(r, "Hinder i perioden"), s->total, NULL);
    fact(out, obstacle_tr(r, "Öppna hinder"), s->open, NULL);
    fact(out, obstacle_tr(r, "Avslutade hinder"), s->closed, NULL);
    fact(out, obstacle_tr(r, "Medianålder för öppna hinder, dagar"), s->median_age_days, NULL);
    fact(out, obstacle_tr(r, "Äldsta öppna hindret, dagar"), s->oldest_age_days, NULL);
    sb_puts(out, "</dl>\n");
    for (int dim = 0; dim < OD__MAX; dim++) dimension(r, (obstacle_dim)dim, out);
    sb_puts(out, "<section class=\"report-part\" id=\"outcomes\">\n<h2>");
    esc(out, obstacle_tr(r, "Utfall"));
    sb_puts(out, "</h2>\n<table class=\"report-table\"><thead><tr><th scope=\"col\">");
    esc(out, obstacle_tr(r, "Utfall"));
    sb_puts(out, "</th><th scope=\"col\" class=\"num\">");
    esc(out, obstacle_tr(r, "Antal"));
    sb_puts(out, "</th></tr></thead>\n<tbody>\n");
    for (int st = 0; st < OBSTACLE_STATE__MAX; st++)
        if (obstacle_state_is_outcome((obstacle_state)st)) {
            sb_puts(out, "<tr><th scope=\"row\">");
            esc(out, obstacle_tr(r, obstacle_state_label_sv((obstacle_state)st)));
            sb_printf(out, "</th><td class=\"num\">%lld</td></tr>\n", (long long)s->outcome[st]);
        }
    sb_puts(out, "<tr><th scope=\"row\">");
    esc(out, obstacle_tr(r, "Ännu inte avslutade"));
    sb_printf(out, "</th><td class=\"num\">%lld</td></tr>\n</tbody></table>\n</section>\n", (long long)s->open);
    by_outcome_type(r, out);
    sb_puts(out, "<section class=\"report-part\" id=\"texts\">\n<h2>");
    esc(out, obstacle_tr(r, "Hindren"));
    sb_puts(out, "</h2>\n");
    if (r->text_limit > 0 && s->total > r->text_limit) {
        sb_puts(out, "<p>");
        esc(out, obstacle_tr(r, "Här visas de äldsta hindren i perioden. Alla finns i CSV- och XLSX-filen."));
        sb_printf(out, " (%lld / %lld)</p>\n", (long long)r->text_limit, (long long)s->total);
    }
    texts_walk w = {r, out, fd, 0, 0};
    dl_err rc = obstacle_texts_each(r->d, &s->period, r->text_limit, text_item, &w, e);
    if (rc == DL_OK && w.failed) rc = dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
    sb_puts(out, "</section>\n</div>\n");
    if (!fragment) sb_puts(out, "</body>\n</html>\n");
    if (rc == DL_OK && out->oom) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    return rc;
}

dl_err obstacle_render_html(const obstacle_render *r, int fragment, strbuf *out, dl_error *e)
{
    return render(r, fragment, out, -1, e);
}

dl_err obstacle_render_html_fd(const obstacle_render *r, int fd, dl_error *e)
{
    strbuf out;
    sb_init(&out, FLUSH_AT + 65536);
    dl_err rc = render(r, 0, &out, fd, e);
    if (rc == DL_OK && flush_to(&out, fd) != 0) rc = dl_fail(e, DL_EIO, "Rapporten kunde inte skrivas.");
    sb_free(&out);
    return rc;
}
