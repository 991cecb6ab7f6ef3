/* guide.c — the knowledge guide's public pages (store/guide.h): the
 * directory /guide, filtered by type and category and sorted by title or
 * review date, and one item /guide/{id}: its Markdown as HTML (markdown.h),
 * related items by name, sources, when it was reviewed and by whom it is
 * kept. Swedish text; on English pages the titles and summaries are
 * English and the body says it is in Swedish. */
#include "web/handlers/handlers.h"
#include "store/org.h"
#include "web/handlers/guide_case.h"
#include "web/handlers/guide_fields.h"
#include "web/markdown.h"
#include "core/content.h"
#include "core/spelling.h"
#include "rdf/dcat_model.h"
#include "store/guide.h"
#include "store/calls.h"
#include "store/questions.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define GUIDE_LIST_MAX 2000 /* items read at once where all are needed */
#define GUIDE_PAGE 50       /* items on a page of the list or of the hits */

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

/* Lower case for the letters of Swedish titles: ASCII, and Latin-1's
 * capitals (Å Ä Ö É …, two bytes in UTF-8) in place. */
static void fold_case(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') *p += 32;
        else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) { p[1] += 0x20; p++; }
    }
}

/* The distinct words (letters and digits, folded) of text into vocab. */
static void add_words(request *r, const char *text, const char **vocab, int *n, int max)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    while (*p && *n < max) {
        while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
        const unsigned char *start = p;
        while (*p && (isalnum(*p) || *p >= 0x80)) p++;
        if (p - start < 3) continue;
        char *w = arena_strndup(r->a, (const char *)start, (size_t)(p - start));
        if (!w) return;
        fold_case(w);
        int seen = 0;
        for (int i = 0; i < *n && !seen; i++) seen = strcmp(vocab[i], w) == 0;
        if (!seen) vocab[(*n)++] = w;
    }
}

/* "Did you mean": what was typed with each word that has a near
 * vocabulary word replaced by it; NULL when no word was replaced. */
static const char *suggestion(request *r, const char *typed, const guide_item *all, int n_all)
{
    enum { VOCAB_MAX = 8000 };
    const char **vocab = arena_alloc(r->a, sizeof *vocab * VOCAB_MAX);
    if (!vocab) return NULL;
    int nv = 0;
    for (int i = 0; i < n_all; i++) {
        add_words(r, all[i].title, vocab, &nv, VOCAB_MAX);
        add_words(r, all[i].categories, vocab, &nv, VOCAB_MAX);
    }
    strbuf out;
    sb_init(&out, 128);
    int replaced = 0;
    const char *words[16];
    int nw = 0;
    add_words(r, typed, words, &nw, 16);
    for (int i = 0; i < nw; i++) {
        const char *near = spelling_nearest(words[i], vocab, (size_t)nv);
        if (i) sb_putc(&out, ' ');
        sb_puts(&out, near ? near : words[i]);
        replaced |= near != NULL;
    }
    const char *s = replaced && !out.oom ? arena_strdup(r->a, sb_cstr(&out)) : NULL;
    sb_free(&out);
    return s;
}

/* The facets as choices of the search form: each facet with the values
 * among the hits (most hits first) and the one chosen (kept even when it
 * has none left); its parameter for the pager's links; whether any is. */
static void set_facets(request *r, tmpl_ctx *c, const guide_find_query *fq, const guide_facet_counts *facets)
{
    int any = 0;
    tmpl_set_list(c, "facets");
    for (int f = 0; f < GF__MAX; f++) {
        const char *chosen = fq->facet[f] && *fq->facet[f] ? fq->facet[f] : NULL;
        tmpl_set_str(c, guide_facet_param((guide_facet)f), chosen);
        any |= chosen != NULL;
        if (!facets->n[f] && !chosen) continue;
        tmpl_ctx *row = tmpl_list_append(c, "facets");
        if (!row) return;
        tmpl_set_str(row, "param", guide_facet_param((guide_facet)f));
        tmpl_set_str(row, "label", tr(r, guide_facet_label_sv((guide_facet)f)));
        tmpl_set_list(row, "options");
        int chosen_listed = 0;
        for (int i = 0; i < facets->n[f]; i++) {
            const guide_facet_value *v = &facets->values[f][i];
            const char *name = !*v->title ? v->value : r->lang == LANG_EN && *v->title_en ? v->title_en : v->title;
            chosen_listed |= chosen && strcmp(chosen, v->value) == 0;
            facet_option(row, v->value, name, v->count, chosen);
        }
        if (chosen && !chosen_listed) facet_option(row, chosen, chosen, 0, chosen);
    }
    tmpl_set_bool(c, "narrowed", any);
}

void h_guide(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    guide_item *shown = arena_alloc(r->a, sizeof *shown * (GUIDE_PAGE + 1));
    if (!c || !shown) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const form_value *type_q = query_at(r, GUIDE_Q_TYPE);
    /* content_type_filters: 0 "all", then content_types */
    const char *type = type_q->text && type_q->num > 0 ? content_types[type_q->num - 1] : NULL;
    const char *q = query_at(r, GUIDE_Q_Q)->text;
    int searching = q && *q;
    int sort = query_at(r, GUIDE_Q_SORT)->text ? (int)query_at(r, GUIDE_Q_SORT)->num
                                                : searching ? GUIDE_SORT_RELEVANCE : GUIDE_SORT_TITLE;
    if (!searching && sort == GUIDE_SORT_RELEVANCE) sort = GUIDE_SORT_TITLE;
    int64_t page = query_at(r, GUIDE_Q_PAGE)->text ? query_at(r, GUIDE_Q_PAGE)->num : 1;
    int offset = (int)((page - 1) * GUIDE_PAGE);
    guide_find_query fq = {.typed = q, .type = type, .offset = offset,
                           .order = sort == GUIDE_SORT_DATE ? GUIDE_BY_DATE
                                    : sort == GUIDE_SORT_TITLE ? GUIDE_BY_TITLE : GUIDE_BY_RELEVANCE};
    for (int f = 0; f < GF__MAX; f++) fq.facet[f] = query_at(r, guide_facet_query[f])->text;
    guide_facet_counts *facets = arena_alloc(r->a, sizeof *facets);
    if (!facets) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    /* One more than a page: whether there is a next one. */
    int n = 0, words = 0, count_of[32] = {0};
    int64_t total = 0, all_types = 0; /* what matches; what the type list counts */
    dl_error e = {0};
    dl_err rc = guide_find(r->db, r->a, &fq, shown, GUIDE_PAGE + 1, &n, count_of, facets, &words, &total, &e);
    for (int t = 0; content_types[t]; t++) all_types += count_of[t];
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    int has_next = n > GUIDE_PAGE;
    if (has_next) n = GUIDE_PAGE;
    /* A search with very many hits ranks and counts the first ones only. */
    int capped = searching && total > GUIDE_RANKED_MAX;
    if (capped && offset + n >= GUIDE_RANKED_MAX) has_next = 0;
    tmpl_set_bool(c, "capped", capped);
    tmpl_set_int(c, "ranked_max", GUIDE_RANKED_MAX);
    tmpl_set_int(c, "total_all", all_types);
    tmpl_set_list(c, "types");
    for (int t = 0; content_types[t]; t++) {
        if (!count_of[t] && !(type && strcmp(type, content_types[t]) == 0)) continue;
        tmpl_ctx *o = tmpl_list_append(c, "types");
        if (!o) break;
        tmpl_set_str(o, "key", content_types[t]);
        tmpl_set_str(o, "label", type_label(r, content_types[t]));
        tmpl_set_int(o, "count", count_of[t]);
        tmpl_set_bool(o, "selected", type && strcmp(type, content_types[t]) == 0);
    }
    tmpl_set_list(c, "items");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "items");
        if (!row) break;
        tmpl_set_str(row, "id", shown[i].id);
        tmpl_set_str(row, "title", title_of(r, &shown[i]));
        tmpl_set_str(row, "summary", summary_of(r, &shown[i]));
        tmpl_set_str(row, "type_label", type_label(r, shown[i].type));
        tmpl_set_str(row, "reviewed", shown[i].reviewed);
    }
    if (searching && words && total == 0) {
        /* Counted for the editors' follow-up, so this answer is rendered
         * every time (not kept by the page cache). */
        if (guide_search_missed(r->db, q, &e) != DL_OK) { res_error_from(r, e.code, &e); return; }
        r->res.not_for_page_cache = 1;
        /* "Did you mean": the words of the first GUIDE_LIST_MAX titles by name. */
        guide_item *all = arena_alloc(r->a, sizeof *all * GUIDE_LIST_MAX);
        guide_filter everything = {0};
        int n_all = 0;
        if (all && guide_list(r->db, r->a, &everything, all, GUIDE_LIST_MAX, &n_all, &e) == DL_OK)
            tmpl_set_str(c, "did_you_mean", suggestion(r, q, all, n_all));
    }
    /* The pager keeps the query, type, category and order (the template
     * percent-encodes them in its links). */
    tmpl_set_str(c, "type_key", type ? type : "all");
    tmpl_set_str(c, "sort_key", guide_sort_values[sort]);
    tmpl_set_int(c, "page", page);
    tmpl_set_bool(c, "has_prev", page > 1);
    tmpl_set_bool(c, "has_next", has_next);
    tmpl_set_int(c, "prev_page", page - 1);
    tmpl_set_int(c, "next_page", page + 1);
    tmpl_set_int(c, "first", n ? offset + 1 : 0);
    tmpl_set_int(c, "last", offset + n);
    tmpl_set_str(c, "q", q);
    tmpl_set_bool(c, "searching", searching);
    tmpl_set_int(c, "count", n);
    tmpl_set_int(c, "total", total);
    tmpl_set_bool(c, "has_items", n > 0);
    tmpl_set_bool(c, "sort_date", sort == GUIDE_SORT_DATE);
    tmpl_set_bool(c, "sort_title", sort == GUIDE_SORT_TITLE);
    tmpl_set_bool(c, "sort_relevance", sort == GUIDE_SORT_RELEVANCE);
    set_facets(r, c, &fq, facets);
    /* The filters stay open while they are in use. */
    int filtered = type || query_at(r, GUIDE_Q_SORT)->text;
    for (int f = 0; f < GF__MAX; f++) filtered |= fq.facet[f] && *fq.facet[f];
    tmpl_set_bool(c, "filtered", filtered);
    rdf_alternates_to_ctx(r, c, "/catalog"); /* the catalogue of the guide's datasets */
    res_page(r, 200, "guide.html", "Kunskapsguiden", c);
}

/* GET /api/v1/search?q=…[&type=…]: the items in rank order, each with id,
 * type, title (Swedish and English) and its page. */
void h_api_search(request *r)
{
    const char *q = query_at(r, SEARCH_Q_Q)->text;
    const form_value *type_q = query_at(r, SEARCH_Q_TYPE);
    const char *type = type_q->text && type_q->num > 0 ? content_types[type_q->num - 1] : NULL;
    enum { API_MAX = 100 };
    guide_item *hits = arena_alloc(r->a, sizeof *hits * API_MAX);
    int n = 0, words = 0, count_of[32] = {0};
    dl_error e = {0};
    dl_err rc = hits ? guide_search(r->db, r->a, q, type, hits, API_MAX, &n, count_of, &words, &e) : DL_ENOMEM;
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (words && n == 0) {
        if (guide_search_missed(r->db, q, &e) != DL_OK) { res_error_from(r, e.code, &e); return; }
    }
    json_t *doc = json_object(), *items = json_array();
    int total = 0;
    for (int t = 0; content_types[t]; t++) total += count_of[t];
    json_object_set_new(doc, "query", json_string(q));
    json_object_set_new(doc, "total", json_integer(type ? n : total));
    for (int i = 0; i < n; i++) {
        json_t *it = json_object();
        json_object_set_new(it, "id", json_string(hits[i].id));
        json_object_set_new(it, "type", json_string(hits[i].type));
        json_object_set_new(it, "title", json_string(hits[i].title));
        json_object_set_new(it, "title_en", json_string(hits[i].title_en));
        json_object_set_new(it, "url", json_string(arena_printf(r->a, "/guide/%s", hits[i].id)));
        json_array_append_new(items, it);
    }
    json_object_set_new(doc, "items", items);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(doc);
    if (!text) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, 200, text);
    free(text);
}

/* Each entry of a comma-separated list into list `key`: with ids 1, each
 * an item's {id, title, type_label} (an id not published is left out);
 * else each a {url}. */
static void list_to_ctx(request *r, tmpl_ctx *c, const char *key, const char *list, int ids)
{
    const char *p = list ? list : "", *entry;
    size_t len;
    tmpl_set_list(c, key);
    while (content_list_next(&p, &entry, &len)) {
        if (!len) continue;
        char *v = arena_strndup(r->a, entry, len);
        if (!v) return;
        if (ids) {
            guide_item g;
            dl_error e = {0};
            if (guide_brief(r->db, r->a, v, &g, &e) != DL_OK) continue;
            tmpl_ctx *row = tmpl_list_append(c, key);
            if (!row) return;
            tmpl_set_str(row, "id", g.id);
            tmpl_set_str(row, "title", title_of(r, &g));
            tmpl_set_str(row, "type_label", type_label(r, g.type));
        } else {
            tmpl_ctx *row = tmpl_list_append(c, key);
            if (!row) return;
            /* "%2C" stands for a comma inside a URL (docs/content.md) */
            tmpl_set_str(row, "url", v);
        }
    }
}

/* The facts the item marks as not yet confirmed (key "unconfirmed", ';'
 * between them) and when they were last tried: one box on the page. */
static void unconfirmed_to_ctx(request *r, tmpl_ctx *c, const content_item *parsed)
{
    const char *p = content_get(parsed, "unconfirmed"), *entry;
    size_t len;
    tmpl_set_list(c, "unconfirmed");
    while (p && content_unconfirmed_next(&p, &entry, &len)) {
        char *v = len ? arena_strndup(r->a, entry, len) : NULL;
        tmpl_ctx *row = v ? tmpl_list_append(c, "unconfirmed") : NULL;
        if (row) tmpl_set_str(row, "fact", v);
    }
    const char *checked = content_get(parsed, "unconfirmed_checked");
    tmpl_set_str(c, "unconfirmed_checked", checked ? checked : "");
}

/* "Ansök om data" on a page about data or its holder: this installation's
 * request form where one of its organisations is the holder
 * (org_node.guide_id), and the holder's own instructions from the item. */
static void apply_to_ctx(request *r, tmpl_ctx *c, const guide_item *g, const content_item *parsed)
{
    static const char *const data_types[] = {"register", "quality-register", "dataset", "biobank", "holder", "region"};
    int offers = 0;
    for (size_t i = 0; i < sizeof data_types / sizeof data_types[0]; i++) offers |= strcmp(g->type, data_types[i]) == 0;
    if (!offers) return;
    const char *holder = content_get(parsed, "holder");
    if (!holder || !*holder) holder = g->id;
    int64_t org = 0;
    dl_error e = {0};
    if (guide_holder_org(r->db, holder, &org, &e) != DL_OK) org = 0;
    tmpl_set_bool(c, "apply_here", org > 0);
    tmpl_set_int(c, "apply_org", org);
    org_node_rec holder_org;
    tmpl_set_str(c, "apply_org_code", org > 0 && org_get(r->db, r->a, org, &holder_org, &e) == DL_OK ? holder_org.code : "");
    tmpl_set_str(c, "how_to_apply", content_get(parsed, "how_to_apply"));
    tmpl_set_str(c, "lead_time", content_get(parsed, "lead_time"));
    tmpl_set_str(c, "contact_email", content_get(parsed, "contact_email"));
    tmpl_set_str(c, "fee", content_get(parsed, "fee"));
    guide_item h;
    int has_holder = strcmp(holder, g->id) != 0 && guide_brief(r->db, r->a, holder, &h, &e) == DL_OK;
    if (has_holder) {
        tmpl_set_str(c, "holder_id", h.id);
        tmpl_set_str(c, "holder_title", title_of(r, &h));
    }
    /* The section only when it has something to offer. */
    tmpl_set_bool(c, "offers_apply", org > 0 || has_holder || content_get(parsed, "how_to_apply"));
}

/* A joint project's results published as this item: the link back to the project. */
static void project_of_item_to_ctx(request *r, tmpl_ctx *c, const char *id)
{
    int64_t project = 0;
    const char *title = NULL;
    dl_error e = {0};
    if (call_project_of_guide(r->db, r->a, id, &project, &title, &e) != DL_OK) return;
    tmpl_set_int(c, "project_id", project);
    tmpl_set_str(c, "project_title", title);
}

/* A general answer to a question published as this item: the link back to
 * the question, for those who see the question queue (store/questions.h). */
static void question_of_item_to_ctx(request *r, tmpl_ctx *c, const char *id)
{
    int64_t question = 0;
    int coord = 0, n = 0;
    int64_t members[8];
    dl_error e = {0};
    if (question_of_guide(r->db, id, &question, &e) != DL_OK) return;
    question_actor who = {&r->subject, actor_of(r), NULL, 0};
    if (!question_queue_access(r->db, &who, &coord, members, 8, &n)) return;
    tmpl_set_int(c, "question_id", question);
}

void h_guide_item(request *r)
{
    const char *id = arena_strndup(r->a, r->params[0], r->param_lens[0]);
    if (id && guide_item_rdf(r, id)) return; /* /guide/ID.ttl …: catalog_rdf.c */
    tmpl_ctx *c = page_ctx(r);
    if (!c || !id) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    guide_item g;
    dl_error e = {0};
    dl_err rc = guide_get(r->db, r->a, id, &g, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    content_item parsed;
    const char *html = NULL, *md = NULL, *after_film = NULL, *html_after = NULL;
    if (content_parse(g.source, strlen(g.source), &parsed) && parsed.body)
        md = strcmp(g.type, "case-story") == 0 ? guide_case_to_ctx(r, c, &parsed, &after_film) : parsed.body;
    if (md) html = markdown_to_html(r->a, md, strlen(md));
    if (after_film) html_after = markdown_to_html(r->a, after_film, strlen(after_film));
    if (!html || (after_film && !html_after)) {
        content_item_free(&parsed);
        res_error(r, DL_EINTERNAL, "Sidan kunde inte visas.");
        return;
    }
    if (html_after) tmpl_set_raw(c, "body_after_film", html_after); /* as body below */
    tmpl_set_str(c, "id", g.id);
    tmpl_set_str(c, "type", g.type);
    tmpl_set_str(c, "type_label", type_label(r, g.type));
    tmpl_set_str(c, "item_title", title_of(r, &g));
    tmpl_set_str(c, "summary", summary_of(r, &g));
    tmpl_set_raw(c, "body", html); /* cmark-gfm without raw HTML: markdown.h */
    tmpl_set_bool(c, "english", r->lang == LANG_EN);
    tmpl_set_bool(c, "may_edit", authz_may_somewhere(&r->subject, ACT_GUIDE_EDIT));
    tmpl_set_str(c, "reviewed", g.reviewed);
    tmpl_set_str(c, "responsible", g.responsible);
    list_to_ctx(r, c, "related", content_get(&parsed, "related"), 1);
    list_to_ctx(r, c, "sources", content_get(&parsed, "sources"), 0);
    unconfirmed_to_ctx(r, c, &parsed);
    apply_to_ctx(r, c, &g, &parsed);
    guide_holdings_to_ctx(r, c, &g); /* "Data hos regionen" (guide_map.c) */
    project_of_item_to_ctx(r, c, g.id); /* "Resultat av projektet X" (store/calls.h) */
    question_of_item_to_ctx(r, c, g.id); /* "Svar på fråga N" (store/questions.h) */
    for (int k = 0; dcat_dataset_types[k]; k++)
        if (strcmp(g.type, dcat_dataset_types[k]) == 0) rdf_alternates_to_ctx(r, c, arena_printf(r->a, "/guide/%s", g.id));
    content_item_free(&parsed);
    res_page(r, 200, "guide_item.html", title_of(r, &g), c);
}
