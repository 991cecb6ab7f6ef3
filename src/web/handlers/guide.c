/* guide.c — the knowledge guide's public pages (store/guide.h): the
 * directory /guide, filtered by type and category and sorted by title or
 * review date, and one item /guide/{id}: its Markdown as HTML (markdown.h),
 * related items by name, sources, when it was reviewed and by whom it is
 * kept. Swedish text; on English pages the titles and summaries are
 * English and the body says it is in Swedish. */
#include "web/handlers/handlers.h"
#include "web/handlers/guide_fields.h"
#include "web/markdown.h"
#include "core/content.h"
#include "store/guide.h"

#include <string.h>

#define GUIDE_LIST_MAX 2000

static const char *title_of(const request *r, const guide_item *g) { return r->lang == LANG_EN ? g->title_en : g->title; }
static const char *summary_of(const request *r, const guide_item *g)
{
    return r->lang == LANG_EN ? g->summary_en : g->summary;
}
static const char *type_label(request *r, const char *type)
{
    const char *l = content_type_label_sv(type);
    return l ? tr(r, l) : type;
}

void h_guide(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    guide_item *all = arena_alloc(r->a, sizeof *all * GUIDE_LIST_MAX);
    if (!c || !all) { res_error(r, 500, "Servern fick slut på minne."); return; }
    const form_value *type_q = query_at(r, GUIDE_Q_TYPE), *cat = query_at(r, GUIDE_Q_CATEGORY);
    /* content_type_filters: 0 "all", then content_types */
    const char *type = type_q->text && type_q->num > 0 ? content_types[type_q->num - 1] : NULL;
    int by_date = query_at(r, GUIDE_Q_SORT)->text && query_at(r, GUIDE_Q_SORT)->num == 1;
    /* Every item once, for the counts per type; then the ones shown. */
    guide_filter everything = {0};
    int n_all = 0;
    dl_error e;
    dl_err rc = guide_list(r->db, r->a, &everything, all, GUIDE_LIST_MAX, &n_all, &e);
    if (rc != DL_OK) { res_error(r, status_for(rc), error_message(r, rc, &e)); return; }
    for (int t = 0; content_types[t]; t++) {
        int count = 0;
        for (int i = 0; i < n_all; i++) count += strcmp(all[i].type, content_types[t]) == 0;
        if (!count) continue;
        tmpl_ctx *o = tmpl_list_append(c, "types");
        if (!o) break;
        tmpl_set_str(o, "key", content_types[t]);
        tmpl_set_str(o, "label", type_label(r, content_types[t]));
        tmpl_set_int(o, "count", count);
        tmpl_set_bool(o, "selected", type && strcmp(type, content_types[t]) == 0);
    }
    guide_filter f = {.type = type, .category = cat->text, .by_date = by_date};
    guide_item *shown = arena_alloc(r->a, sizeof *shown * GUIDE_LIST_MAX);
    int n = 0;
    rc = shown ? guide_list(r->db, r->a, &f, shown, GUIDE_LIST_MAX, &n, &e) : DL_ENOMEM;
    if (rc != DL_OK) { res_error(r, status_for(rc), error_message(r, rc, &e)); return; }
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "items");
        if (!row) break;
        tmpl_set_str(row, "id", shown[i].id);
        tmpl_set_str(row, "title", title_of(r, &shown[i]));
        tmpl_set_str(row, "summary", summary_of(r, &shown[i]));
        tmpl_set_str(row, "type_label", type_label(r, shown[i].type));
        tmpl_set_str(row, "reviewed", shown[i].reviewed);
    }
    tmpl_set_int(c, "count", n);
    tmpl_set_int(c, "total", n_all);
    tmpl_set_bool(c, "has_items", n > 0);
    tmpl_set_bool(c, "sort_date", by_date);
    tmpl_set_str(c, "category", cat->text);
    res_page(r, 200, "guide.html", "Kunskapsguiden", c);
}

/* Each entry of a comma-separated list into list `key` as {value}; related
 * ids become {id, title, type_label} from all. */
static void list_to_ctx(request *r, tmpl_ctx *c, const char *key, const char *list, const guide_item *all, int n_all)
{
    const char *p = list ? list : "", *entry;
    size_t len;
    while (content_list_next(&p, &entry, &len)) {
        if (!len) continue;
        char *v = arena_strndup(r->a, entry, len);
        if (!v) return;
        if (all) {
            const guide_item *g = NULL;
            for (int i = 0; i < n_all && !g; i++)
                if (strcmp(all[i].id, v) == 0) g = &all[i];
            if (!g) continue; /* an item not published (any more) is left out */
            tmpl_ctx *row = tmpl_list_append(c, key);
            if (!row) return;
            tmpl_set_str(row, "id", g->id);
            tmpl_set_str(row, "title", title_of(r, g));
            tmpl_set_str(row, "type_label", type_label(r, g->type));
        } else {
            tmpl_ctx *row = tmpl_list_append(c, key);
            if (!row) return;
            /* "%2C" stands for a comma inside a URL (docs/content.md) */
            tmpl_set_str(row, "url", v);
        }
    }
}

void h_guide_item(request *r)
{
    const char *id = arena_strndup(r->a, r->params[0], r->param_lens[0]);
    tmpl_ctx *c = page_ctx(r);
    guide_item *all = arena_alloc(r->a, sizeof *all * GUIDE_LIST_MAX);
    if (!c || !id || !all) { res_error(r, 500, "Servern fick slut på minne."); return; }
    guide_item g;
    dl_error e;
    dl_err rc = guide_get(r->db, r->a, id, &g, &e);
    if (rc != DL_OK) { res_error(r, status_for(rc), error_message(r, rc, &e)); return; }
    content_item parsed;
    const char *html = NULL;
    if (content_parse(g.source, strlen(g.source), &parsed) && parsed.body)
        html = markdown_to_html(r->a, parsed.body, strlen(parsed.body));
    if (!html) { content_item_free(&parsed); res_error(r, 500, "Sidan kunde inte visas."); return; }
    guide_filter everything = {0};
    int n_all = 0;
    rc = guide_list(r->db, r->a, &everything, all, GUIDE_LIST_MAX, &n_all, &e);
    if (rc != DL_OK) { content_item_free(&parsed); res_error(r, status_for(rc), error_message(r, rc, &e)); return; }
    tmpl_set_str(c, "id", g.id);
    tmpl_set_str(c, "type", g.type);
    tmpl_set_str(c, "type_label", type_label(r, g.type));
    tmpl_set_str(c, "item_title", title_of(r, &g));
    tmpl_set_str(c, "summary", summary_of(r, &g));
    tmpl_set_raw(c, "body", html); /* cmark-gfm without raw HTML: markdown.h */
    tmpl_set_bool(c, "english", r->lang == LANG_EN);
    tmpl_set_str(c, "reviewed", g.reviewed);
    tmpl_set_str(c, "responsible", g.responsible);
    list_to_ctx(r, c, "related", content_get(&parsed, "related"), all, n_all);
    list_to_ctx(r, c, "sources", content_get(&parsed, "sources"), NULL, 0);
    content_item_free(&parsed);
    res_page(r, 200, "guide_item.html", title_of(r, &g), c);
}
