/* open_data.c — the open data sets (issue 15 item 5; docs/open-data.md):
 * aggregate figures only, never a single case, as CSV and JSON at stable
 * URLs under /oppna-data, with small counts suppressed by the rule of
 * core/small_counts.h (a suppressed count is "<5" in CSV and null in JSON),
 * and a page listing the sets with their descriptions and licence (CC0).
 *
 *   arenden   organisation × year × process × outcome, and the total of each
 *             organisation × year (process and outcome "alla"): the group
 *             the complementary suppression protects;
 *   ledtider  organisation × year × process: the median lead time in days,
 *             only where it rests on at least SMALL_COUNT_MIN decided cases;
 *   hinder    obstacle category × year × status, with the total of each
 *             category × year. */
#include "web/handlers/handlers.h"
#include "core/small_counts.h"
#include "core/strbuf.h"
#include "store/open_data.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define LICENCE "CC0-1.0"
#define COLS_MAX 6

/* One data set being written: CSV into csv, or JSON rows into rows. */
typedef struct out_set {
    request *r;
    int json;
    strbuf csv;
    json_t *rows;
    const char *const *cols;
    int ncols;
} out_set;

/* A cell: text (s), a count (n, hidden when *hide), or a number (num, none when !has). */
typedef struct cell {
    enum { C_TEXT, C_COUNT, C_NUM } kind;
    const char *s;
    int64_t n;
    int hide;
    double num;
    int has;
} cell;

static void csv_text(strbuf *b, const char *s)
{
    /* every text quoted; a leading = + - @ made harmless for spreadsheets */
    sb_putc(b, '"');
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@') sb_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') sb_putc(b, '"');
        sb_putc(b, *s);
    }
    sb_putc(b, '"');
}

static void emit(out_set *o, const cell *c)
{
    if (o->json) {
        json_t *row = json_object();
        for (int i = 0; i < o->ncols && row; i++) {
            json_t *v;
            if (c[i].kind == C_TEXT) v = json_string(c[i].s);
            else if (c[i].kind == C_COUNT) v = c[i].hide ? json_null() : json_integer((json_int_t)c[i].n);
            else v = c[i].has ? json_real(c[i].num) : json_null();
            json_object_set_new(row, o->cols[i], v ? v : json_null());
        }
        if (row) json_array_append_new(o->rows, row);
        return;
    }
    for (int i = 0; i < o->ncols; i++) {
        if (i) sb_putc(&o->csv, ',');
        if (c[i].kind == C_TEXT) csv_text(&o->csv, c[i].s);
        else if (c[i].kind == C_COUNT) {
            if (c[i].hide) sb_puts(&o->csv, "<5");
            else sb_printf(&o->csv, "%lld", (long long)c[i].n);
        } else if (c[i].has) sb_printf(&o->csv, "%.1f", c[i].num);
    }
    sb_puts(&o->csv, "\r\n");
}

static const char *const case_cols[] = {"organisation", "ar", "process", "utfall", "antal"};
static const char *const lead_cols[] = {"organisation", "ar", "process", "median_dagar"};
static const char *const obstacle_cols[] = {"kategori", "ar", "status", "antal"};

static const char *process_text(int p) { return p == 1 ? "1" : p == 2 ? "2" : "ej_vald"; }

/* arenden: the groups of one organisation × year are g[from..to-1]. */
static void write_case_year(out_set *o, const open_case_group *g, int from, int to)
{
    int64_t count[3 * OUT__MAX];
    int hide[3 * OUT__MAX], idx[3 * OUT__MAX], n = 0;
    int64_t total = 0;
    for (int i = from; i < to; i++)
        for (int k = 0; k < OUT__MAX; k++)
            if (g[i].count[k] > 0 && n < 3 * OUT__MAX) {
                idx[n] = i * OUT__MAX + k;
                total += g[i].count[k];
                count[n++] = g[i].count[k];
            }
    int hide_total = small_counts_suppress(count, n, hide);
    int64_t year = g[from].year;
    for (int j = 0; j < n; j++) {
        const open_case_group *x = &g[idx[j] / OUT__MAX];
        cell c[] = {{.kind = C_TEXT, .s = x->org_name}, {.kind = C_COUNT, .n = year},
                    {.kind = C_TEXT, .s = process_text(x->process)},
                    {.kind = C_TEXT, .s = open_outcome_keys[idx[j] % OUT__MAX]},
                    {.kind = C_COUNT, .n = count[j], .hide = hide[j]}};
        emit(o, c);
    }
    cell t[] = {{.kind = C_TEXT, .s = g[from].org_name}, {.kind = C_COUNT, .n = year}, {.kind = C_TEXT, .s = "alla"},
                {.kind = C_TEXT, .s = "alla"}, {.kind = C_COUNT, .n = total, .hide = hide_total}};
    emit(o, t);
}

static int write_obstacle_year(out_set *o, const open_obstacle_count *x, int from, int to)
{
    int n = to - from;
    int64_t *count = arena_alloc(o->r->a, sizeof *count * (size_t)n), total = 0;
    int *hide = arena_alloc(o->r->a, sizeof *hide * (size_t)n);
    if (!count || !hide) return -1;
    for (int j = 0; j < n; j++) total += count[j] = x[from + j].count;
    int hide_total = small_counts_suppress(count, n, hide);
    int64_t year = x[from].year;
    for (int j = 0; j < n; j++) {
        cell c[] = {{.kind = C_TEXT, .s = x[from + j].category}, {.kind = C_COUNT, .n = year},
                    {.kind = C_TEXT, .s = x[from + j].state}, {.kind = C_COUNT, .n = count[j], .hide = hide[j]}};
        emit(o, c);
    }
    cell t[] = {{.kind = C_TEXT, .s = x[from].category}, {.kind = C_COUNT, .n = year}, {.kind = C_TEXT, .s = "alla"},
                {.kind = C_COUNT, .n = total, .hide = hide_total}};
    emit(o, t);
    return 0;
}

typedef enum open_set_kind { SET_CASES, SET_LEADS, SET_OBSTACLES } open_set_kind;

static dl_err fill(out_set *o, open_set_kind kind, dl_error *e)
{
    if (kind == SET_OBSTACLES) {
        open_obstacle_count *x;
        int n;
        dl_err rc = open_obstacle_counts(o->r->db, o->r->a, &x, &n, e);
        for (int i = 0, j; rc == DL_OK && i < n; i = j) {
            for (j = i + 1; j < n && x[j].year == x[i].year && strcmp(x[j].category, x[i].category) == 0; j++) {}
            if (write_obstacle_year(o, x, i, j)) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        }
        return rc;
    }
    open_case_group *g;
    int n;
    dl_err rc = open_case_groups(o->r->db, o->r->a, &g, &n, e);
    for (int i = 0, j; rc == DL_OK && i < n; i = j) {
        for (j = i + 1; j < n && g[j].org_id == g[i].org_id && g[j].year == g[i].year; j++) {}
        if (kind == SET_CASES) { write_case_year(o, g, i, j); continue; }
        int64_t year = g[i].year;
        for (int k = i; k < j; k++) {
            if (!g[k].n_decided) continue;
            cell c[] = {{.kind = C_TEXT, .s = g[k].org_name}, {.kind = C_COUNT, .n = year},
                        {.kind = C_TEXT, .s = process_text(g[k].process)},
                        {.kind = C_NUM, .num = g[k].median_days, .has = g[k].n_decided >= SMALL_COUNT_MIN}};
            emit(o, c);
        }
    }
    return rc;
}

static const char *const set_names[] = {"arenden", "ledtider", "hinder"};

static void serve_set(request *r, open_set_kind kind, int json)
{
    out_set o = {.r = r, .json = json};
    o.cols = kind == SET_CASES ? case_cols : kind == SET_LEADS ? lead_cols : obstacle_cols;
    o.ncols = kind == SET_CASES ? 5 : 4;
    dl_error e = {0};
    dl_err rc;
    if (json) {
        o.rows = json_array();
        rc = o.rows ? fill(&o, kind, &e) : DL_ENOMEM;
        json_t *cols = json_array();
        for (int i = 0; i < o.ncols && cols; i++) json_array_append_new(cols, json_string(o.cols[i]));
        json_t *doc = rc == DL_OK ? json_pack("{s:s, s:s, s:i, s:s, s:o, s:o}", "dataset", set_names[kind], "license", LICENCE,
                                              "suppressed_below", SMALL_COUNT_MIN, "suppression",
                                              "counts 1-4 are null; one more cell per group is null when only one would be",
                                              "columns", cols, "rows", o.rows)
                                  : NULL;
        if (!doc) { json_decref(cols); json_decref(o.rows); }
        char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
        json_decref(doc);
        char *body = text ? arena_strdup(r->a, text) : NULL;
        free(text);
        if (!body) { res_error(r, rc == DL_OK ? DL_ENOMEM : rc, "Siffrorna kunde inte tas fram just nu. Försök igen om en stund."); return; }
        res_json(r, 200, body);
    } else {
        sb_init(&o.csv, 4096);
        for (int i = 0; i < o.ncols; i++) {
            if (i) sb_putc(&o.csv, ',');
            sb_puts(&o.csv, o.cols[i]);
        }
        sb_puts(&o.csv, "\r\n");
        rc = fill(&o, kind, &e);
        char *body = rc == DL_OK ? arena_strdup(r->a, sb_cstr(&o.csv)) : NULL;
        sb_free(&o.csv);
        if (!body) { res_error(r, rc == DL_OK ? DL_ENOMEM : rc, "Siffrorna kunde inte tas fram just nu. Försök igen om en stund."); return; }
        res_header(r, "Content-Disposition", arena_printf(r->a, "inline; filename=\"%s.csv\"", set_names[kind]));
        res_text(r, 200, "text/csv; charset=utf-8", body);
    }
    res_header(r, "Access-Control-Allow-Origin", "*");
}

void h_open_cases_csv(request *r) { serve_set(r, SET_CASES, 0); }
void h_open_cases_json(request *r) { serve_set(r, SET_CASES, 1); }
void h_open_leads_csv(request *r) { serve_set(r, SET_LEADS, 0); }
void h_open_leads_json(request *r) { serve_set(r, SET_LEADS, 1); }
void h_open_obstacles_csv(request *r) { serve_set(r, SET_OBSTACLES, 0); }
void h_open_obstacles_json(request *r) { serve_set(r, SET_OBSTACLES, 1); }

/* GET /oppna-data: the sets, what each holds, the licence, the rule. */
void h_open_data(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "min", SMALL_COUNT_MIN);
    res_page(r, 200, "open_data.html", "Öppna data", c);
}
