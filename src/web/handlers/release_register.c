/* release_register.c — the public register of decided release cases
 * (docs/release-register.md), issue 14 item 4:
 *   /beslut          the register: a word, outcome, organisation and year;
 *                    a page of 25, newest decision first
 *   /beslut/ID       one decision (404 until it is public)
 *   /beslut.csv      every decision matching the filters, as CSV
 *   /beslut.json     the same as JSON
 *   /beslut.atom     the newest 50 as an Atom 1.0 feed (RFC 4287)
 * A decision is public from the day --release-register-delay Swedish
 * working days after its date in Stockholm: the store is asked for the
 * decisions taken before the start of the first Stockholm day that is not
 * public yet (core/release_register.h). Everything shown comes from
 * store/release_register.h, which reads only the public columns. */
#include "web/handlers/handlers.h"
#include "web/handlers/download.h"
#include "web/handlers/release_register_fields.h"
#include "web/app.h"
#include "web/template.h"
#include "core/clock.h"
#include "core/release_register.h"
#include "core/strbuf.h"
#include "extract/csv_write.h"
#include "report/spreadsheet_cell.h"
#include "store/release_register.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_SIZE 25
#define FEED_SIZE 50

static const char *const outcome_keys[] = {"approved", "approved_in_part", "refused", NULL};
static const char *const outcome_labels_sv[] = {"Beviljat", "Beviljat i delar", "Avslag"};

static const char *outcome_label(request *r, const char *key)
{
    for (int i = 0; outcome_keys[i]; i++)
        if (strcmp(outcome_keys[i], key) == 0) return tr(r, outcome_labels_sv[i]);
    return key;
}

static const char *iso_utc(request *r, int64_t t)
{
    char out[32];
    clock_iso_utc(t, out);
    return arena_strdup(r->a, out);
}

/* The start (UTC) of the first Stockholm day whose decisions are not yet
 * public; *through the last decision date that is. */
static const char *cut_off(request *r, cal_date *through)
{
    cal_date today = stockholm_date(clock_now());
    *through = release_published_through(today, r->app->cfg->release_register_delay);
    return iso_utc(r, stockholm_midnight(cal_add_days(*through, 1)));
}

static const char *decision_date(request *r, const char *at)
{
    char out[11];
    cal_format_iso(stockholm_date(clock_parse_iso_utc(at)), out);
    return arena_strdup(r->a, out);
}

/* The day the decision became public (its date + the delay in working days). */
static const char *published_date(request *r, const char *at)
{
    char out[11];
    cal_format_iso(cal_add_working_days(stockholm_date(clock_parse_iso_utc(at)), r->app->cfg->release_register_delay),
                   out);
    return arena_strdup(r->a, out);
}

/* Process 1: the unit's verksamhetschef decides; Process 2: the
 * organisation's director or the area's chief (the organisation named). */
static const char *deciding_body(const release_public *p)
{
    return p->process == 1 && *p->unit_name ? p->unit_name : p->org_name;
}

static const char *categories_text(request *r, unsigned set)
{
    strbuf b;
    sb_init(&b, 128);
    for (int bit = 0; bit < 32; bit++) {
        if (!(set & (1u << bit))) continue;
        const char *label = release_category_label_sv(bit);
        if (!label) continue;
        if (b.len) sb_puts(&b, ", ");
        sb_puts(&b, tr(r, label));
    }
    const char *out = b.oom ? "" : arena_strdup(r->a, sb_cstr(&b));
    sb_free(&b);
    return out ? out : "";
}

/* The filter of the query (the cut-off set); 0 after a 400 with a sentence. */
static int read_filter(request *r, release_register_filter *f, int *year, cal_date *through)
{
    memset(f, 0, sizeof *f);
    *year = 0;
    f->before = cut_off(r, through);
    f->q = query_at(r, RELEASE_REG_Q_TEXT)->text;
    f->outcome = query_at(r, RELEASE_REG_Q_OUTCOME)->text;
    const char *org = query_at(r, RELEASE_REG_Q_ORG)->text;
    const char *y = query_at(r, RELEASE_REG_Q_YEAR)->text;
    if (f->outcome && *f->outcome) {
        int known = 0;
        for (int i = 0; outcome_keys[i]; i++) known |= strcmp(outcome_keys[i], f->outcome) == 0;
        if (!known) { res_error(r, DL_EREQUEST, "Det finns inget sådant utfall. Välj ett utfall i listan."); return 0; }
    }
    if (org && *org) {
        char *end = NULL;
        long long id = strtoll(org, &end, 10);
        if (!end || *end || id <= 0 || org[0] < '0' || org[0] > '9') {
            res_error(r, DL_EREQUEST, "Organisationen anges med sitt nummer. Välj en organisation i listan.");
            return 0;
        }
        f->org_id = id;
    }
    if (y && *y) {
        int ok = strlen(y) == 4;
        for (int i = 0; ok && i < 4; i++) ok = y[i] >= '0' && y[i] <= '9';
        *year = ok ? (int)strtol(y, NULL, 10) : 0;
        if (*year < 2000 || *year > 2100) {
            res_error(r, DL_EREQUEST, "Året ska skrivas med fyra siffror, till exempel 2025.");
            return 0;
        }
        f->from = iso_utc(r, stockholm_midnight((cal_date){*year, 1, 1}));
        f->to = iso_utc(r, stockholm_midnight((cal_date){*year + 1, 1, 1}));
    }
    return 1;
}

static void set_row(request *r, tmpl_ctx *c, const release_public *p)
{
    tmpl_set_int(c, "id", p->id);
    tmpl_set_str(c, "number", p->diary_number);
    tmpl_set_str(c, "title", p->title);
    tmpl_set_str(c, "applicant_org", p->applicant_org);
    tmpl_set_str(c, "purpose", p->purpose_brief);
    tmpl_set_str(c, "categories", categories_text(r, p->categories));
    tmpl_set_str(c, "org_name", p->org_name);
    tmpl_set_str(c, "deciding_body", deciding_body(p));
    tmpl_set_str(c, "date", decision_date(r, p->decided_at));
    tmpl_set_str(c, "published", published_date(r, p->decided_at));
    tmpl_set_str(c, "outcome", p->outcome);
    tmpl_set_str(c, "outcome_label", outcome_label(r, p->outcome));
    tmpl_set_bool(c, "refused", strcmp(p->outcome, "refused") == 0);
    tmpl_set_str(c, "reasons", p->reasons);
}

static tmpl_ctx *facet(request *r, tmpl_ctx *c, const char *param, const char *label)
{
    tmpl_ctx *sel = tmpl_list_append(c, "facets");
    if (sel) {
        tmpl_set_str(sel, "param", param);
        tmpl_set_str(sel, "label", tr(r, label));
        tmpl_set_list(sel, "options"); /* filled by facet_option() */
    }
    return sel;
}

void h_release_register(request *r)
{
    release_register_filter f;
    int year;
    cal_date through;
    if (!read_filter(r, &f, &year, &through)) return;
    const form_value *pv = query_at(r, RELEASE_REG_Q_PAGE);
    int64_t page = pv->text ? pv->num : 1, total = 0;
    release_public *rows = arena_alloc(r->a, sizeof *rows * PAGE_SIZE);
    release_org_count *orgs = arena_alloc(r->a, sizeof *orgs * RELEASE_ORGS_MAX);
    int n = 0, n_orgs = 0;
    const char *oldest = "";
    dl_error e = {0};
    if (!rows || !orgs ||
        release_register_list(r->db, r->a, &f, PAGE_SIZE, (page - 1) * PAGE_SIZE, rows, &n, &total, &e) != DL_OK ||
        release_register_orgs(r->db, r->a, f.before, orgs, &n_orgs, &oldest, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_list(c, "decisions");
    for (int i = 0; i < n; i++) set_row(r, tmpl_list_append(c, "decisions"), &rows[i]);
    tmpl_ctx *sel = facet(r, c, "utfall", "Utfall");
    for (int i = 0; sel && outcome_keys[i]; i++) facet_option(sel, outcome_keys[i], tr(r, outcome_labels_sv[i]), -1, f.outcome);
    const char *org_text = f.org_id ? arena_printf(r->a, "%lld", (long long)f.org_id) : "";
    sel = facet(r, c, "org", "Organisation");
    for (int i = 0; sel && i < n_orgs; i++)
        facet_option(sel, arena_printf(r->a, "%lld", (long long)orgs[i].org_id), orgs[i].name, -1, org_text);
    const char *year_text = year ? arena_printf(r->a, "%d", year) : "";
    sel = facet(r, c, "ar", "År");
    int first_year = *oldest ? stockholm_date(clock_parse_iso_utc(oldest)).year : through.year;
    for (int y = through.year; sel && y >= first_year && y >= through.year - 50; y--) {
        const char *v = arena_printf(r->a, "%d", y);
        facet_option(sel, v, v, -1, year_text);
    }
    int filtered = (f.q && *f.q) || (f.outcome && *f.outcome) || f.org_id || year;
    tmpl_set_str(c, "q", f.q);
    tmpl_set_str(c, "outcome", f.outcome);
    tmpl_set_str(c, "org", org_text);
    tmpl_set_str(c, "year", year_text);
    tmpl_set_bool(c, "filtered", filtered);
    tmpl_set_int(c, "delay", r->app->cfg->release_register_delay);
    tmpl_set_int(c, "total", total);
    tmpl_set_bool(c, "has_items", n > 0);
    tmpl_set_int(c, "first", n ? (page - 1) * PAGE_SIZE + 1 : 0);
    tmpl_set_int(c, "last", (page - 1) * PAGE_SIZE + n);
    pager_to_ctx(c, "", page, total, PAGE_SIZE);
    res_page(r, 200, "release_register.html", "Register över beslut om utlämnande", c);
}

void h_release_public(request *r)
{
    int64_t id = req_param_id(r, 0);
    cal_date through;
    release_register_filter f = {.before = cut_off(r, &through)};
    release_public p;
    dl_error e = {0};
    dl_err rc = id ? release_register_get(r->db, r->a, &f, id, &p, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant beslut i det publika registret."); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    set_row(r, c, &p);
    res_page(r, 200, "release_public.html", arena_printf(r->a, "%s %s", tr(r, "Beslut"), p.diary_number), c);
}

/* ---- the downloads ---------------------------------------------------------- */

#define CSV_COLUMNS 11
typedef struct csv_out {
    request *r;
    csv_writer *w;
} csv_out;

static int csv_row(void *ud, const release_public *p)
{
    csv_out *x = ud;
    request *r = x->r;
    const char *cells[CSV_COLUMNS] = {
        p->diary_number, decision_date(r, p->decided_at), p->outcome, outcome_label(r, p->outcome), p->org_name,
        deciding_body(p), p->applicant_org, p->title, p->purpose_brief, categories_text(r, p->categories),
        p->reasons,
    };
    for (int i = 0; i < CSV_COLUMNS; i++) cells[i] = spreadsheet_safe_cell(r->a, cells[i] ? cells[i] : "");
    return csv_write_row(x->w, cells, CSV_COLUMNS) != DL_OK;
}

void h_release_csv(request *r)
{
    release_register_filter f;
    int year;
    cal_date through;
    if (!read_filter(r, &f, &year, &through)) return;
    int fd = download_temp_fd();
    csv_out x = {r, fd >= 0 ? csv_writer_open(fd) : NULL};
    if (!x.w) {
        if (fd >= 0) close(fd);
        res_error(r, DL_EINTERNAL, "Filen kunde inte skapas. Försök igen.");
        return;
    }
    const char *head[CSV_COLUMNS] = {tr(r, "Diarienummer"), tr(r, "Beslutsdatum"), tr(r, "Utfall (kod)"),
                                     tr(r, "Utfall"), tr(r, "Organisation"), tr(r, "Beslutande"),
                                     tr(r, "Sökandens organisation"), tr(r, "Projektets titel"),
                                     tr(r, "Syfte i korthet"), tr(r, "Datakategorier"), tr(r, "Skäl för avslag")};
    dl_error e = {0};
    dl_err rc = csv_write_row(x.w, head, CSV_COLUMNS);
    if (rc == DL_OK) rc = release_register_each(r->db, r->a, &f, csv_row, &x, &e);
    if (rc == DL_OK) rc = csv_writer_status(x.w, &e);
    if (rc == DL_OK) rc = csv_writer_flush(x.w, &e);
    csv_writer_free(x.w);
    if (rc != DL_OK) {
        close(fd);
        res_error_from(r, rc, &e);
        return;
    }
    download_send(r, fd, "text/csv; charset=utf-8", "beslut.csv");
}

static json_t *json_row(request *r, const release_public *p)
{
    json_t *cats = json_array();
    for (int bit = 0; cats && bit < 32; bit++) {
        const char *label = (p->categories & (1u << bit)) ? release_category_label_sv(bit) : NULL;
        if (label) json_array_append_new(cats, json_string(tr(r, label)));
    }
    const char *base = r->app->cfg->public_url;
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "id", (json_int_t)p->id,
                     "diary_number", p->diary_number, "decision_date", decision_date(r, p->decided_at),
                     "published_date", published_date(r, p->decided_at), "outcome", p->outcome, "organisation",
                     p->org_name, "deciding_body", deciding_body(p), "applicant_organisation", p->applicant_org,
                     "title", p->title, "purpose", p->purpose_brief, "data_categories", cats ? cats : json_array(),
                     "refusal_reasons", p->reasons,
                     "url", arena_printf(r->a, "%s/beslut/%lld", base ? base : "", (long long)p->id));
}

typedef struct json_out {
    request *r;
    json_t *list;
} json_out;

static int json_add(void *ud, const release_public *p)
{
    json_out *x = ud;
    json_t *o = json_row(x->r, p);
    return !o || json_array_append_new(x->list, o) != 0;
}

void h_release_json(request *r)
{
    release_register_filter f;
    int year;
    cal_date through;
    if (!read_filter(r, &f, &year, &through)) return;
    json_out x = {r, json_array()};
    dl_error e = {0};
    char through_text[11];
    cal_format_iso(through, through_text);
    if (!x.list || release_register_each(r->db, r->a, &f, json_add, &x, &e) != DL_OK) {
        json_decref(x.list);
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    json_t *doc = json_pack("{s:s, s:i, s:I, s:o}", "published_through", through_text, "delay_working_days",
                            r->app->cfg->release_register_delay, "total", (json_int_t)json_array_size(x.list),
                            "decisions", x.list);
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    char *body = text ? arena_strdup(r->a, text) : NULL;
    free(text);
    if (!body) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, 200, body);
}

typedef struct feed_out {
    request *r;
    strbuf *x;
    const char *root, *host;
    int n;
} feed_out;

static int feed_entry(void *ud, const release_public *p)
{
    feed_out *f = ud;
    request *r = f->r;
    strbuf *x = f->x;
    const char *published = published_date(r, p->decided_at);
    cal_date pd;
    cal_parse_iso(published, 10, 1, 9999, &pd);
    const char *at = iso_utc(r, stockholm_midnight(pd));
    if (f->n == 0) {
        sb_puts(x, "<updated>");
        xml_text(x, at);
        sb_puts(x, "</updated>\n");
    }
    atom_entry_open(x, f->host, "beslut", (long long)p->id,
                    arena_printf(r->a, "%s: %s – %s", p->diary_number, outcome_label(r, p->outcome), p->title), at,
                    at);
    atom_entry_link(x, f->root, "beslut", (long long)p->id);
    sb_puts(x, "<category term=\"");
    xml_text(x, p->outcome);
    sb_puts(x, "\" label=\"");
    xml_text(x, outcome_label(r, p->outcome));
    sb_puts(x, "\"/>\n<content type=\"text\">");
    xml_text(x, arena_printf(r->a, "%s. %s: %s. %s: %s. %s", p->applicant_org, tr(r, "Beslutande"), deciding_body(p),
                             tr(r, "Beslutsdatum"), decision_date(r, p->decided_at), p->purpose_brief));
    sb_puts(x, "</content>\n</entry>\n");
    return ++f->n >= FEED_SIZE;
}

void h_release_feed(request *r)
{
    cal_date through;
    release_register_filter f = {.before = cut_off(r, &through)};
    strbuf x;
    sb_init(&x, 64 * 1024);
    feed_out out = {r, &x, feed_root(r), feed_tag_host(r, r->app->cfg->public_url), 0};
    atom_feed_open(r, &x, out.host, "beslut", tr(r, "Register över beslut om utlämnande"));
    atom_feed_links(&x, out.root, "beslut");
    dl_error e = {0};
    if (release_register_each(r->db, r->a, &f, feed_entry, &out, &e) != DL_OK) {
        sb_free(&x);
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    if (out.n == 0) sb_puts(&x, "<updated>2026-01-01T00:00:00Z</updated>\n");
    sb_puts(&x, "</feed>\n");
    char *body = x.oom ? NULL : arena_strdup(r->a, sb_cstr(&x));
    sb_free(&x);
    if (!body) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_text(r, 200, "application/atom+xml; charset=utf-8", body);
}
