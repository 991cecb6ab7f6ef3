/* followup_html.c — the follow-up figures as HTML: for each part a chart
 * (inline SVG, report/obstacle_chart.h, aria-hidden) beside a table of the
 * same figures (the table is what a screen reader reads). Every text from
 * the store is escaped. As a whole document (`datalots report followup
 * --format html`) it carries a small style sheet; as a fragment it goes
 * inside the page /uppfoljning and uses the site's. */
#include "report/followup_render.h"
#include "report/obstacle_chart.h"
#include "store/case_targets.h"
#include "web/template.h"

#include <stdio.h>
#include <string.h>

static void esc(strbuf *out, const char *s) { html_escape_append(out, s, strlen(s)); }

static void th_col(const followup_render *r, strbuf *out, const char *msgid, int numeric)
{
    sb_puts(out, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    esc(out, followup_tr(r, msgid));
    sb_puts(out, "</th>");
}

/* A wide table in a region that scrolls by itself on a narrow screen (focusable, named). */
static void wrap_start(const followup_render *r, strbuf *out, const char *label)
{
    sb_puts(out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
    esc(out, followup_tr(r, label));
    sb_puts(out, "\">\n");
}

/* A table's start up to its body: in a scrolling region named by its
 * caption when wrapped (close with "</div>"), the caption, and the column
 * heads, column i numeric when bit i of numeric is set. */
static void table_start(const followup_render *r, strbuf *out, int wrapped, const char *caption,
                        const char *const *cols, int n_cols, unsigned numeric)
{
    if (wrapped) wrap_start(r, out, caption);
    sb_puts(out, "<table class=\"report-table\"><caption>");
    esc(out, followup_tr(r, caption));
    sb_puts(out, "</caption>\n<thead><tr>");
    for (int i = 0; i < n_cols; i++) th_col(r, out, cols[i], (numeric >> i) & 1u);
    sb_puts(out, "</tr></thead>\n<tbody>\n");
}

/* A paragraph saying a list was cut. */
static void cut_note(const followup_render *r, strbuf *out, const char *msgid)
{
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, msgid));
    sb_puts(out, "</p>\n");
}

static void part_start(const followup_render *r, strbuf *out, const char *id, const char *heading)
{
    sb_printf(out, "<section class=\"report-part\" id=\"%s\">\n<h2>", id);
    esc(out, followup_tr(r, heading));
    sb_puts(out, "</h2>\n");
}

/* A two-column table (label, count) with the chart of the same rows beside it. */
static void count_table(const followup_render *r, strbuf *out, const char *caption, const char *col,
                        const char *const *labels, const int64_t *values, int n, int chart)
{
    sb_puts(out, "<div class=\"chart-pair\">\n");
    if (chart && n > 0) {
        obstacle_chart c; /* about 10 KiB */
        c.kind = CHART_BARS;
        c.title = followup_tr(r, caption);
        c.n = n < CHART_MAX_ITEMS ? n : CHART_MAX_ITEMS;
        for (int i = 0; i < c.n; i++) { c.labels[i] = labels[i]; c.values[i] = values[i]; }
        obstacle_chart_svg(&c, 460, out);
    }
    const char *const cols[] = {col, "Antal"};
    table_start(r, out, 0, caption, cols, 2, 0x2u);
    for (int i = 0; i < n; i++) {
        sb_puts(out, "<tr><th scope=\"row\">");
        esc(out, labels[i]);
        sb_printf(out, "</th><td class=\"num\">%lld</td></tr>\n", (long long)values[i]);
    }
    sb_puts(out, "</tbody></table>\n</div>\n");
}

static void cases_part(const followup_render *r, strbuf *out)
{
    const followup_summary *s = r->s;
    part_start(r, out, "cases", "Utlämnandeärenden");
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Ärenden som skapades under perioden:"));
    sb_printf(out, " <strong>%lld</strong></p>\n", (long long)s->cases);
    const char *labels[CASE_STATE__MAX];
    int64_t values[CASE_STATE__MAX];
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        labels[i] = followup_tr(r, case_state_label_sv((case_state)i));
        values[i] = s->by_state[i];
    }
    count_table(r, out, "Ärenden efter status", "Status", labels, values, CASE_STATE__MAX, 1);
    const char *pl[3] = {followup_tr(r, "Process inte vald"), followup_tr(r, "Process 1"), followup_tr(r, "Process 2")};
    count_table(r, out, "Ärenden efter process", "Process", pl, s->by_process, 3, 1);
    const char *dl[3] = {followup_tr(r, "Beviljade"), followup_tr(r, "Beviljade delvis"), followup_tr(r, "Avslagna")};
    int64_t dv[3] = {s->approved, s->approved_in_part, s->refused};
    count_table(r, out, "Beslut", "Utfall", dl, dv, 3, 1);
    sb_puts(out, "</section>\n");
}

static void steps_part(const followup_render *r, strbuf *out)
{
    const followup_summary *s = r->s;
    part_start(r, out, "lead-times", "Handläggningstid per steg");
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Dagar räknas som organisationen räknar stegets mål (arbetsdagar eller kalenderdagar). "
                            "Median och 90:e percentil enligt närmaste rang."));
    sb_puts(out, "</p>\n");
    static const char *const heads[] = {"Steg", "Antal", "Median (dagar)", "90:e percentilen (dagar)", "Mål (dagar)", "Inom målet"};
    table_start(r, out, 1, "Handläggningstid per steg", heads, 6, 0x3eu);
    for (int i = 0; i < CASE_STATE__MAX; i++) {
        if (!case_target_applies(i)) continue;
        const followup_step *st = &s->steps[i];
        sb_puts(out, "<tr><th scope=\"row\">");
        esc(out, followup_tr(r, case_state_label_sv((case_state)i)));
        sb_printf(out, "</th><td class=\"num\">%lld</td>", (long long)st->n);
        if (st->n > 0) sb_printf(out, "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>", (long long)st->median,
                                 (long long)st->p90);
        else sb_puts(out, "<td class=\"num\">–</td><td class=\"num\">–</td>");
        sb_puts(out, "<td class=\"num\">");
        if (st->target_days > 0)
            sb_printf(out, "%d %s", st->target_days,
                      followup_tr(r, st->target_calendar ? "kalenderdagar" : "arbetsdagar"));
        else esc(out, followup_tr(r, st->target_days < 0 ? "olika per organisation" : "inget mål"));
        sb_puts(out, "</td><td class=\"num\">");
        if (st->with_target > 0)
            sb_printf(out, "%lld / %lld (%.0f&nbsp;%%)", (long long)st->within_target, (long long)st->with_target,
                      100.0 * (double)st->within_target / (double)st->with_target);
        else sb_puts(out, "–");
        sb_puts(out, "</td></tr>\n");
    }
    sb_puts(out, "</tbody></table>\n</div>\n</section>\n");
}

static void refusals_part(const followup_render *r, strbuf *out)
{
    const followup_summary *s = r->s;
    part_start(r, out, "refusals", "Avslag");
    sb_puts(out, "<dl class=\"facts\">\n<dt>");
    esc(out, followup_tr(r, "Beslut om avslag"));
    sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)s->refused);
    esc(out, followup_tr(r, "Samrådet rekommenderade avslag"));
    sb_printf(out, "</dt><dd>%lld</dd>\n</dl>\n<p>", (long long)s->samrad_refusals);
    esc(out, followup_tr(r, "Ingen kategori för skälen registreras; här listas varje avslags egen motivering."));
    sb_puts(out, "</p>\n");
    if (s->n_refusals > 0) {
        static const char *const heads[] = {"Diarienummer", "Beslutad", "Motivering"};
        table_start(r, out, 1, "Avslagens motiveringar", heads, 3, 0x0u);
        for (int i = 0; i < s->n_refusals; i++) {
            sb_puts(out, "<tr><th scope=\"row\">");
            esc(out, s->refusals[i].diary_number);
            sb_printf(out, "</th><td>%.10s</td><td>", s->refusals[i].decided_at);
            esc(out, s->refusals[i].text);
            sb_puts(out, "</td></tr>\n");
        }
        sb_puts(out, "</tbody></table>\n</div>\n");
        if (s->refusals_cut) {
            cut_note(r, out, "Listan är avkortad; hela listan finns i CSV-filen.");
        }
    }
    sb_puts(out, "</section>\n");
}

static void units_part(const followup_render *r, strbuf *out)
{
    const followup_summary *s = r->s;
    part_start(r, out, "units", "Enheternas svar i Process 2");
    const char *al[3] = {followup_tr(r, "Enheter som sa ja"), followup_tr(r, "Enheter som sa nej"),
                         followup_tr(r, "Enheter som inte svarat")};
    int64_t av[3] = {s->unit_accept, s->unit_refuse, s->unit_pending};
    count_table(r, out, "Enheternas svar", "Svar", al, av, 3, 1);
    int n = 0;
    const char *labels[CHART_MAX_ITEMS];
    int64_t values[CHART_MAX_ITEMS];
    for (int i = 0; i < s->n_units && n < CHART_MAX_ITEMS; i++)
        if (s->units[i].refuse > 0) { labels[n] = s->units[i].name; values[n++] = s->units[i].refuse; }
    if (n > 0) count_table(r, out, "Nej per enhet", "Enhet", labels, values, n, 1);
    sb_puts(out, "</section>\n");
}

static void obstacles_part(const followup_render *r, int fragment, strbuf *out)
{
    const obstacle_summary *o = &r->s->obstacles;
    part_start(r, out, "obstacles", "Hinder");
    sb_puts(out, "<dl class=\"facts\">\n<dt>");
    esc(out, followup_tr(r, "Rapporterade hinder"));
    sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)o->total);
    esc(out, followup_tr(r, "Öppna"));
    sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)o->open);
    esc(out, followup_tr(r, "Öppna hindrens medianålder (dagar)"));
    if (o->median_age_days < 0) sb_puts(out, "</dt><dd>–</dd>\n<dt>");
    else sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)o->median_age_days);
    esc(out, followup_tr(r, "Det äldsta öppna hindrets ålder (dagar)"));
    if (o->oldest_age_days < 0) sb_puts(out, "</dt><dd>–</dd>\n</dl>\n");
    else sb_printf(out, "</dt><dd>%lld</dd>\n</dl>\n", (long long)o->oldest_age_days);
    static const obstacle_dim dims[2] = {OD_CATEGORY, OD_STATE};
    static const char *const caps[2] = {"Hinder efter kategori", "Hinder efter status"};
    static const char *const cols[2] = {"Kategori", "Status"};
    for (int k = 0; k < 2; k++) {
        int n = o->n_rows[dims[k]] < CHART_MAX_ITEMS ? o->n_rows[dims[k]] : CHART_MAX_ITEMS;
        const char *labels[CHART_MAX_ITEMS];
        int64_t values[CHART_MAX_ITEMS];
        for (int i = 0; i < n; i++) {
            const obstacle_count *c = &o->rows[dims[k]][i];
            labels[i] = r->english && c->label_en && *c->label_en ? c->label_en
                        : c->translate                       ? followup_tr(r, c->label)
                                                             : c->label;
            values[i] = c->n;
        }
        count_table(r, out, caps[k], cols[k], labels, values, n, 1);
    }
    if (fragment) {
        sb_printf(out, "<p><a href=\"/hinder/rapport?fran=%s&amp;till=%s\">", r->s->period.from, r->s->period.to);
        esc(out, followup_tr(r, "Hela sammanställningen av hinder för perioden"));
        sb_puts(out, "</a></p>\n");
    }
    sb_puts(out, "</section>\n");
}

static void guide_part(const followup_render *r, strbuf *out)
{
    const followup_summary *s = r->s;
    part_start(r, out, "guide", "Kunskapsguiden");
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Sökningar utan träff (sedan början; tabellen sparar inga dagar):"));
    sb_printf(out, " <strong>%lld</strong></p>\n", (long long)s->misses_total);
    if (s->n_misses > 0) {
        static const char *const heads[] = {"Sökning", "Antal", "Senast"};
        table_start(r, out, 1, "Vanligaste sökningarna utan träff", heads, 3, 0x2u);
        for (int i = 0; i < s->n_misses; i++) {
            sb_puts(out, "<tr><th scope=\"row\">");
            esc(out, s->misses[i].query);
            sb_printf(out, "</th><td class=\"num\">%lld</td><td>%.10s</td></tr>\n", (long long)s->misses[i].n,
                      s->misses[i].last_at);
        }
        sb_puts(out, "</tbody></table>\n</div>\n");
    }
    sb_puts(out, "</section>\n");
}

/* "Kunskapsguidens användning": the period's page views, the most viewed
 * pages by title with the total (store/followup_usage.h). */
static void views_part(const followup_render *r, strbuf *out)
{
    const followup_usage *u = &r->s->views;
    part_start(r, out, "guide-use", "Kunskapsguidens användning");
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Sidvisningar räknas på servern utan kakor och utan att adresser sparas; robotar, "
                            "HEAD-anrop och redaktörernas egna visningar räknas inte."));
    sb_puts(out, "</p>\n<dl class=\"facts\">\n<dt>");
    esc(out, followup_tr(r, "Visningar av kunskapsguidens sidor"));
    sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)u->views_total);
    esc(out, followup_tr(r, "Sidor som visats"));
    sb_printf(out, "</dt><dd>%lld</dd>\n</dl>\n", (long long)u->pages_viewed);
    if (u->n_pages > 0) {
        sb_puts(out, "<div class=\"chart-pair\">\n");
        obstacle_chart c; /* about 10 KiB */
        c.kind = CHART_BARS;
        c.title = followup_tr(r, "Mest visade sidor");
        c.n = u->n_pages < 10 ? u->n_pages : 10;
        char shortened[10][FOLLOWUP_SHORT_LABEL];
        for (int i = 0; i < c.n; i++) {
            followup_short_label(followup_page_title(r, &u->pages[i]), shortened[i]);
            c.labels[i] = shortened[i];
            c.values[i] = u->pages[i].n;
        }
        obstacle_chart_svg(&c, 460, out);
        static const char *const heads[] = {"Sida", "Visningar"};
        table_start(r, out, 0, "Mest visade sidor", heads, 2, 0x2u);
        for (int i = 0; i < u->n_pages; i++) {
            sb_printf(out, "<tr><th scope=\"row\"><a href=\"/guide/");
            url_component_escape_append(out, u->pages[i].item_id, strlen(u->pages[i].item_id));
            sb_puts(out, "\">");
            esc(out, followup_page_title(r, &u->pages[i]));
            sb_printf(out, "</a></th><td class=\"num\">%lld</td></tr>\n", (long long)u->pages[i].n);
        }
        sb_puts(out, "</tbody>\n<tfoot><tr><th scope=\"row\">");
        esc(out, followup_tr(r, "Totalt, alla sidor"));
        sb_printf(out, "</th><td class=\"num\">%lld</td></tr></tfoot></table>\n</div>\n", (long long)u->views_total);
        if (u->pages_viewed > u->n_pages) {
            cut_note(r, out, "Bara de 50 mest visade sidorna listas; totalen räknar alla.");
        }
    }
    sb_puts(out, "</section>\n");
}

/* "Nöjdhet": the survey sent when a case closes (store/case_survey.h). */
static void survey_part(const followup_render *r, strbuf *out)
{
    const followup_survey *v = &r->s->survey;
    part_start(r, out, "satisfaction", "Nöjdhet");
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Enkäten ”Hur nöjd är du med hanteringen av ditt ärende?” (1–5) skickas till den "
                            "sökande när ett ärende avslutas. Enkäter som skickades under perioden."));
    sb_puts(out, "</p>\n<dl class=\"facts\">\n<dt>");
    esc(out, followup_tr(r, "Skickade enkäter"));
    sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)v->sent);
    esc(out, followup_tr(r, "Besvarade enkäter"));
    sb_printf(out, "</dt><dd>%lld</dd>\n<dt>", (long long)v->answered);
    esc(out, followup_tr(r, "Svarsfrekvens"));
    int64_t rate = followup_survey_rate(v);
    if (rate < 0) sb_puts(out, "</dt><dd>–</dd>\n<dt>");
    else sb_printf(out, "</dt><dd>%lld&nbsp;%%</dd>\n<dt>", (long long)rate);
    esc(out, followup_tr(r, "Medelvärde"));
    char mean[16] = "–";
    if (v->answered > 0) followup_mean_text(r, v->mean, mean);
    sb_printf(out, "</dt><dd>%s</dd>\n<dt>", mean);
    esc(out, followup_tr(r, "Median"));
    if (v->median < 0) sb_puts(out, "</dt><dd>–</dd>\n</dl>\n");
    else sb_printf(out, "</dt><dd>%lld</dd>\n</dl>\n", (long long)v->median);
    const char *labels[5];
    char buf[5][96];
    for (int k = 0; k < 5; k++) {
        snprintf(buf[k], sizeof buf[k], "%d – %s", k + 1, followup_tr(r, followup_score_labels[k]));
        labels[k] = buf[k];
    }
    count_table(r, out, "Svaren", "Svar", labels, v->by_score, 5, 1);
    if (v->n_comments > 0) {
        static const char *const heads[] = {"Besvarad", "Svar", "Kommentar"};
        table_start(r, out, 1, "Kommentarer", heads, 3, 0x2u);
        for (int i = 0; i < v->n_comments; i++) {
            sb_puts(out, "<tr><th scope=\"row\" class=\"date\">");
            esc(out, v->comments[i].answered_on);
            sb_printf(out, "</th><td class=\"num\">%d</td><td>", v->comments[i].score);
            esc(out, v->comments[i].text);
            sb_puts(out, "</td></tr>\n");
        }
        sb_puts(out, "</tbody></table>\n</div>\n");
        if (v->comments_cut) {
            cut_note(r, out, "Bara de 200 första kommentarerna listas.");
        }
    }
    sb_puts(out, "</section>\n");
}

/* One row of the questions' answer times: the name, answered, median,
 * 90th percentile ("–" when none answered), open, overdue. */
static void question_row(const followup_render *r, strbuf *out, const question_answer_time *t)
{
    sb_puts(out, "<tr><th scope=\"row\">");
    esc(out, followup_question_name(r, t));
    sb_printf(out, "</th><td class=\"num\">%d</td>", t->n);
    if (t->n > 0) sb_printf(out, "<td class=\"num\">%d</td><td class=\"num\">%d</td>", t->median_days, t->p90_days);
    else sb_puts(out, "<td class=\"num\">–</td><td class=\"num\">–</td>");
    sb_printf(out, "<td class=\"num\">%d</td><td class=\"num\">%d</td></tr>\n", t->open, t->overdue);
}

/* "Frågor till nätverket": the answer times of the questions routed to the
 * network's member functions (store/followup_questions.h) — the figures of
 * /fragor's answer-time section for the questions answered in the period —
 * the members' medians as a chart beside the table with the line for all. */
static void questions_part(const followup_render *r, strbuf *out)
{
    const followup_questions *q = &r->s->questions;
    part_start(r, out, "questions", "Frågor till nätverket");
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Från att frågan kom in till att svaret skickades, i arbetsdagar (helger och helgdagar "
                            "räknas inte), för frågor som besvarades under perioden. Median och 90:e percentil "
                            "enligt närmaste rang."));
    sb_puts(out, " ");
    esc(out, followup_tr(r, "Öppna och försenade frågor räknas när rapporten skapas. En öppen fråga är försenad efter"));
    sb_printf(out, " %d ", q->target_days);
    esc(out, followup_tr(r, "arbetsdagar."));
    sb_puts(out, "</p>\n<div class=\"chart-pair\">\n");
    obstacle_chart c; /* about 10 KiB */
    c.kind = CHART_BARS;
    c.title = followup_tr(r, "Median till svar per stödfunktion (arbetsdagar)");
    c.n = 0;
    char shortened[FOLLOWUP_QUESTION_CHART][FOLLOWUP_SHORT_LABEL]; /* about 5 KiB */
    for (int i = 0; i < q->n_members && c.n < FOLLOWUP_QUESTION_CHART; i++) {
        if (q->members[i].n <= 0) continue;
        followup_short_label(followup_question_name(r, &q->members[i]), shortened[c.n]);
        c.labels[c.n] = shortened[c.n];
        c.values[c.n++] = q->members[i].median_days;
    }
    if (c.n > 0) obstacle_chart_svg(&c, 460, out);
    static const char *const heads[] = {"Stödfunktion", "Besvarade", "Median (arbetsdagar)", "90:e percentilen (arbetsdagar)", "Öppna", "Försenade"};
    table_start(r, out, 1, "Svarstider per stödfunktion", heads, 6, 0x3eu);
    for (int i = 0; i < q->n_members; i++) question_row(r, out, &q->members[i]);
    sb_puts(out, "</tbody>\n<tfoot>");
    question_row(r, out, &q->all);
    sb_puts(out, "</tfoot></table>\n</div>\n</div>\n");
    if (q->members_cut) {
        cut_note(r, out, "Bara de 500 första stödfunktionerna listas; raden Alla räknar alla.");
    }
    sb_puts(out, "</section>\n");
}

void followup_render_html(const followup_render *r, int fragment, strbuf *out)
{
    if (!fragment) {
        sb_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                  r->english ? "en" : "sv");
        esc(out, followup_tr(r, "Uppföljning av stödet"));
        sb_puts(out, "</title>\n<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto}"
                     "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #999;padding:.2rem .4rem;"
                     "text-align:left}.num{text-align:right}.chart-pair{display:flex;flex-wrap:wrap;gap:1rem}"
                     "</style>\n</head>\n<body>\n<h1>");
        esc(out, followup_tr(r, "Uppföljning av stödet"));
        sb_puts(out, "</h1>\n");
    }
    sb_puts(out, "<p>");
    esc(out, followup_tr(r, "Period"));
    sb_printf(out, ": %s – %s", r->s->period.from, r->s->period.to);
    if (r->generated) {
        sb_puts(out, ". ");
        esc(out, followup_tr(r, "Skapad"));
        sb_puts(out, " ");
        esc(out, r->generated);
    }
    sb_puts(out, ".</p>\n");
    cases_part(r, out);
    steps_part(r, out);
    refusals_part(r, out);
    units_part(r, out);
    obstacles_part(r, fragment, out);
    guide_part(r, out);
    views_part(r, out);
    survey_part(r, out);
    questions_part(r, out);
    if (!fragment) sb_puts(out, "</body>\n</html>\n");
}
