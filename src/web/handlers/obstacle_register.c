/* obstacle_register.c — the public register of published obstacles
 * (docs/obstacles.md, "The public register"):
 *   /hinder          the register: filters (category, actor type, status,
 *                    law, year, a word), counts per filter value, a page of
 *                    25, newest first
 *   /hinder/ID       one published obstacle: its public texts, keys, law,
 *                    status and public history (404 when not published),
 *                    and a section #bevaka linking to /hinder/ID/bevaka (the
 *                    form is a page of its own so that this one stays
 *                    cookie-free and cached: handlers/obstacle_subscribe.c)
 *   /hinder.atom     the newest 50 as an Atom 1.0 feed (RFC 4287)
 * Everything shown comes from store/obstacle_register.h, which reads only
 * the redacted public texts and the keys, never the report as sent. */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_fields.h"
#include "web/app.h"
#include "web/template.h"
#include "core/obstacle.h"
#include "core/strbuf.h"
#include "store/obstacle_register.h"
#include "store/obstacle_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 25
#define FEED_SIZE 50
#define EXCERPT_CHARS 240

/* The index of key in the NULL-terminated list keys, or -1. */
static int index_of(const char *const *keys, const char *key)
{
    for (int i = 0; key && keys[i]; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

static const char *category_label(request *r, const char *key) { return obstacle_category_label_of(r, key); }

static const char *actor_label(request *r, const char *key)
{
    int i = index_of(obstacle_actor_type_keys, key);
    return i < 0 ? (key && *key ? key : tr(r, "Inte angiven")) : tr(r, obstacle_actor_type_label_sv(i));
}

static const char *state_label(request *r, const char *key)
{
    obstacle_state s;
    return obstacle_state_from_key(key, &s) == 0 ? tr(r, obstacle_state_label_sv(s)) : key;
}

/* The first EXCERPT_CHARS characters of text, cut after a whole word, with
 * "…" when something was left out; newlines become spaces. */
static const char *excerpt(request *r, const char *text)
{
    size_t len = strlen(text), chars = 0, cut = len, last_space = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80) continue;
        if (chars == EXCERPT_CHARS) { cut = i; break; }
        if (text[i] == ' ' || text[i] == '\n') last_space = i;
        chars++;
    }
    int more = cut < len;
    if (more && last_space > EXCERPT_CHARS / 2) cut = last_space;
    char *out = arena_printf(r->a, "%.*s%s", (int)cut, text, more ? " …" : "");
    for (char *p = out; p && *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    return out;
}

/* The filter of the query; 0 (and a 400 with a sentence) for a value that
 * is in no list. */
static int read_filter(request *r, obstacle_register_filter *f)
{
    memset(f, 0, sizeof *f);
    f->category = query_at(r, OBSTACLE_REG_Q_CATEGORY)->text;
    f->actor_type = query_at(r, OBSTACLE_REG_Q_ACTOR_TYPE)->text;
    f->state = query_at(r, OBSTACLE_REG_Q_STATE)->text;
    f->law_id = query_at(r, OBSTACLE_REG_Q_LAW)->text;
    f->q = query_at(r, OBSTACLE_REG_Q_TEXT)->text;
    const char *year = query_at(r, OBSTACLE_REG_Q_YEAR)->text;
    obstacle_state st;
    if (f->category && *f->category && !obstacle_category_find(obstacle_categories_of(r), f->category)) {
        res_error(r, DL_EREQUEST, "Det finns ingen sådan kategori. Välj en kategori i listan.");
        return 0;
    }
    if (f->actor_type && *f->actor_type && index_of(obstacle_actor_type_keys, f->actor_type) < 0) {
        res_error(r, DL_EREQUEST, "Det finns ingen sådan aktörstyp. Välj en aktör i listan.");
        return 0;
    }
    if (f->state && *f->state && obstacle_state_from_key(f->state, &st) != 0) {
        res_error(r, DL_EREQUEST, "Det finns ingen sådan status. Välj en status i listan.");
        return 0;
    }
    if (year && *year) {
        int ok = strlen(year) == 4;
        for (int i = 0; ok && i < 4; i++) ok = year[i] >= '0' && year[i] <= '9';
        f->year = ok ? (year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 + (year[3] - '0') : 0;
        if (f->year < 2000 || f->year > 2100) {
            res_error(r, DL_EREQUEST, "Året ska skrivas med fyra siffror, till exempel 2025.");
            return 0;
        }
    }
    return 1;
}

/* The count of value among a facet's rows; 0 when absent. */
static int64_t count_of(const obstacle_register_facets *fc, obstacle_facet_dim dim, const char *value)
{
    for (int i = 0; i < fc->n_rows[dim]; i++)
        if (strcmp(fc->rows[dim][i].value, value) == 0) return fc->rows[dim][i].n;
    return 0;
}

/* One <select>'s options ("Alla" first, in the template): the values of
 * a list in its order, the others (laws, years) as the store gives them;
 * a value no published obstacle has is left out unless it is the chosen
 * one, and "none given" is no choice. */
static void facet_options(request *r, tmpl_ctx *c, const char *param, const char *label,
                          const obstacle_register_facets *fc, obstacle_facet_dim dim, const char *chosen)
{
    tmpl_ctx *sel = tmpl_list_append(c, "facets");
    if (!sel) return;
    tmpl_set_str(sel, "param", param);
    tmpl_set_str(sel, "label", tr(r, label));
    tmpl_set_list(sel, "options"); /* filled by facet_option() */
    if (dim == OF_CATEGORY || dim == OF_ACTOR_TYPE || dim == OF_STATE) {
        const obstacle_category_list *cats = obstacle_categories_of(r);
        int max = dim == OF_CATEGORY ? cats->n : dim == OF_ACTOR_TYPE ? OBSTACLE_ACTOR_TYPE__MAX : OBSTACLE_STATE__MAX;
        for (int i = 0; i < max; i++) {
            const char *key = dim == OF_CATEGORY     ? cats->v[i].key
                              : dim == OF_ACTOR_TYPE ? obstacle_actor_type_keys[i]
                                                     : obstacle_state_key((obstacle_state)i);
            int64_t n = count_of(fc, dim, key);
            if (n == 0 && !(chosen && strcmp(chosen, key) == 0)) continue;
            const char *name = dim == OF_CATEGORY     ? category_label(r, key)
                               : dim == OF_ACTOR_TYPE ? actor_label(r, key)
                                                      : state_label(r, key);
            facet_option(sel, key, name, n, chosen);
        }
        return;
    }
    for (int i = 0; i < fc->n_rows[dim]; i++) {
        const obstacle_facet *v = &fc->rows[dim][i];
        if (!*v->value) continue;
        facet_option(sel, v->value, dim == OF_LAW && *v->label ? v->label : v->value, v->n, chosen);
    }
}

static void set_common(request *r, tmpl_ctx *c, const obstacle_public *o)
{
    char ref[24];
    obstacle_reference(o->id, ref);
    tmpl_set_int(c, "id", o->id);
    tmpl_set_str(c, "reference", ref);
    tmpl_set_str(c, "date", arena_printf(r->a, "%.10s", o->created_at));
    tmpl_set_str(c, "published", arena_printf(r->a, "%.10s", o->published_at));
    tmpl_set_str(c, "category_label", category_label(r, o->category));
    tmpl_set_str(c, "actor_label", actor_label(r, o->actor_type));
    tmpl_set_str(c, "state_label", state_label(r, o->state));
}

void h_obstacle_register(request *r)
{
    obstacle_register_filter f;
    if (!read_filter(r, &f)) return;
    const form_value *pv = query_at(r, OBSTACLE_REG_Q_PAGE);
    int64_t page = pv->text ? pv->num : 1;
    obstacle_public *rows = arena_alloc(r->a, sizeof *rows * PAGE_SIZE);
    int n = 0;
    int64_t total = 0;
    obstacle_register_facets fc;
    dl_error e = {0};
    /* the counts first: they hold the total, so the list need not count */
    if (!rows || obstacle_register_facets_load(r->db, r->a, &f, &fc, &e) != DL_OK ||
        (total = fc.total) < 0 ||
        (total > (page - 1) * PAGE_SIZE &&
         obstacle_register_list(r->db, r->a, &f, PAGE_SIZE, (page - 1) * PAGE_SIZE, rows, &n, NULL, &e) != DL_OK)) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_list(c, "obstacles");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "obstacles");
        if (!row) break;
        set_common(r, row, &rows[i]);
        tmpl_set_str(row, "excerpt", excerpt(r, rows[i].public_text));
    }
    facet_options(r, c, "kategori", "Kategori", &fc, OF_CATEGORY, f.category);
    facet_options(r, c, "aktor", "Aktör", &fc, OF_ACTOR_TYPE, f.actor_type);
    facet_options(r, c, "status", "Status", &fc, OF_STATE, f.state);
    facet_options(r, c, "lag", "Lag", &fc, OF_LAW, f.law_id);
    facet_options(r, c, "ar", "År", &fc, OF_YEAR, f.year ? arena_printf(r->a, "%d", f.year) : NULL);
    int64_t pages = total ? (total + PAGE_SIZE - 1) / PAGE_SIZE : 1;
    tmpl_set_str(c, "category", f.category);
    tmpl_set_str(c, "actor_type", f.actor_type);
    tmpl_set_str(c, "state", f.state);
    tmpl_set_str(c, "law", f.law_id);
    tmpl_set_str(c, "year", f.year ? arena_printf(r->a, "%d", f.year) : "");
    tmpl_set_str(c, "q", f.q);
    int filtered = (f.category && *f.category) || (f.actor_type && *f.actor_type) || (f.state && *f.state) ||
                   (f.law_id && *f.law_id) || f.year || (f.q && *f.q);
    tmpl_set_bool(c, "filtered", filtered);
    tmpl_set_int(c, "total", total);
    tmpl_set_bool(c, "has_items", n > 0);
    tmpl_set_int(c, "first", n ? (page - 1) * PAGE_SIZE + 1 : 0);
    tmpl_set_int(c, "last", (page - 1) * PAGE_SIZE + n);
    tmpl_set_int(c, "page", page);
    tmpl_set_int(c, "pages", pages);
    tmpl_set_bool(c, "has_prev", page > 1 && page <= pages);
    tmpl_set_bool(c, "has_next", page < pages);
    tmpl_set_int(c, "prev_page", page - 1);
    tmpl_set_int(c, "next_page", page + 1);
    res_page(r, 200, "obstacle_register.html", "Hinderregistret", c);
}

static const char *step_label(request *r, const char *what)
{
    if (strcmp(what, "published") == 0) return tr(r, "Publicerat i registret");
    return state_label(r, what);
}

void h_obstacle_public(request *r)
{
    int64_t id = req_param_id(r, 0);
    obstacle_public o;
    dl_error e = {0};
    dl_err rc = id ? obstacle_register_get(r->db, r->a, id, &o, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant hinder i det publika registret."); return; }
    obstacle_public_step steps[OBSTACLE_PUBLIC_STEPS_MAX];
    int n_steps = 0;
    if (rc == DL_OK) rc = obstacle_register_history(r->db, r->a, &o, steps, &n_steps, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    set_common(r, c, &o);
    tmpl_set_str(c, "public_text", o.public_text);
    tmpl_set_str(c, "public_suggestion", o.public_suggestion);
    tmpl_set_str(c, "law_id", o.law_id);
    tmpl_set_str(c, "law_title", *o.law_title ? o.law_title : o.law_id);
    int q = index_of(obstacle_consequence_keys, o.consequence);
    tmpl_set_str(c, "consequence_label", q >= 0 ? tr(r, obstacle_consequence_label_sv(q)) : "");
    obstacle_state st;
    int outcome = obstacle_state_from_key(o.state, &st) == 0 && obstacle_state_is_outcome(st);
    tmpl_set_bool(c, "outcome", outcome);
    tmpl_set_list(c, "steps");
    for (int i = 0; i < n_steps; i++) {
        tmpl_ctx *s = tmpl_list_append(c, "steps");
        if (!s) break;
        tmpl_set_str(s, "date", arena_printf(r->a, "%.10s", steps[i].at));
        tmpl_set_str(s, "label", step_label(r, steps[i].what));
    }
    obstacle_measures_to_ctx(r, c, o.id, 1); /* the measures and their public timelines */
    char ref[24];
    obstacle_reference(o.id, ref);
    res_page(r, 200, "obstacle_public.html", arena_printf(r->a, "%s %s", tr(r, "Rapporterat hinder"), ref), c);
}

void h_obstacle_feed(request *r)
{
    obstacle_public *rows = arena_alloc(r->a, sizeof *rows * FEED_SIZE);
    int n = 0;
    dl_error e = {0};
    if (!rows || obstacle_register_newest(r->db, r->a, FEED_SIZE, rows, &n, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    /* Links are absolute under --public-url, else relative to the feed (RFC 4287 allows both). */
    const char *root = feed_root(r);
    const char *host = feed_tag_host(r, r->app->cfg->public_url);
    strbuf x;
    sb_init(&x, 4096 + (size_t)n * 1024);
    atom_feed_open(r, &x, host, "hinder", tr(r, "Hinderregistret"));
    sb_puts(&x, "<subtitle>");
    xml_text(&x, tr(r, "Publicerade hinder för användning av hälsodata, de senaste först."));
    sb_puts(&x, "</subtitle>\n<updated>");
    xml_text(&x, n ? rows[0].published_at : "2026-01-01T00:00:00Z");
    sb_puts(&x, "</updated>\n");
    atom_feed_links(&x, root, "hinder");
    for (int i = 0; i < n; i++) {
        const obstacle_public *o = &rows[i];
        char ref[24];
        obstacle_reference(o->id, ref);
        atom_entry_open(&x, host, "hinder", (long long)o->id,
                        arena_printf(r->a, "%s: %s", ref, category_label(r, o->category)), o->published_at,
                        o->published_at);
        atom_entry_link(&x, root, "hinder", (long long)o->id);
        sb_puts(&x, "<category term=\"");
        xml_text(&x, o->category);
        sb_puts(&x, "\" label=\"");
        xml_text(&x, category_label(r, o->category));
        sb_puts(&x, "\"/>\n<content type=\"text\">");
        xml_text(&x, o->public_text);
        sb_puts(&x, "</content>\n</entry>\n");
    }
    sb_puts(&x, "</feed>\n");
    if (x.oom) { sb_free(&x); res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char *body = arena_strdup(r->a, sb_cstr(&x));
    sb_free(&x);
    if (!body) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_text(r, 200, "application/atom+xml; charset=utf-8", body);
}
