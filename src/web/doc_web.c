/* doc_web.c — a document model (report/doc.h) as the context of the
 * document.html template; the template engine escapes every value. */
#include "web/doc_web.h"
#include "web/app.h"
#include "web/http.h"

#include <stdio.h>
#include <string.h>


/* A text as its list "segs" of pieces, each {t, keep}: keep marks a date,
 * diary number or range that the page keeps on one line (doc_each_keep);
 * the template wraps those in <span class="nowrap">. */
struct segs { arena *a; tmpl_ctx *row; const char *s; size_t done; int oom; };

static void add_seg(struct segs *g, size_t at, size_t len, int keep)
{
    if (!len || g->oom) return;
    tmpl_ctx *x = tmpl_list_append(g->row, "segs");
    char *t = x ? arena_strndup(g->a, g->s + at, len) : NULL; /* tmpl_set_str wants a C string */
    if (!t) { g->oom = 1; return; }
    tmpl_set_str(x, "t", t);
    tmpl_set_bool(x, "keep", keep);
}

static void keep_span(void *ud, size_t at, size_t len)
{
    struct segs *g = ud;
    add_seg(g, g->done, at - g->done, 0);
    add_seg(g, at, len, 1);
    g->done = at + len;
}

static int add_segs(arena *a, tmpl_ctx *row, const char *s, size_t n)
{
    struct segs g = {a, row, s, 0, 0};
    doc_each_keep(s, n, keep_span, &g);
    add_seg(&g, g.done, n - g.done, 0);
    return !g.oom;
}

struct para_list { arena *a; tmpl_ctx *c; const char *key; int oom; };

static void add_para(void *ud, const char *s, size_t n)
{
    struct para_list *p = ud;
    tmpl_ctx *row = tmpl_list_append(p->c, p->key);
    if (!row || !add_segs(p->a, row, s, n)) p->oom = 1;
}

/* Each non-empty line (or paragraph) of text as list key of c; 0 on OOM. */
static int add_paras(arena *a, tmpl_ctx *c, const char *key, const char *text)
{
    struct para_list p = {a, c, key, 0};
    doc_each_para(text, add_para, &p);
    return !p.oom;
}

static void set_kind(tmpl_ctx *b, doc_block_kind k)
{
    tmpl_set_bool(b, "is_heading", k == DOC_HEADING);
    tmpl_set_bool(b, "is_paragraph", k == DOC_PARAGRAPH);
    tmpl_set_bool(b, "is_list", k == DOC_LIST);
    tmpl_set_bool(b, "is_table", k == DOC_TABLE);
    tmpl_set_bool(b, "is_signature", k == DOC_SIGNATURE);
    tmpl_set_bool(b, "is_notice", k == DOC_NOTICE);
}

static int add_table(arena *a, tmpl_ctx *b, const doc_table *t)
{
    tmpl_set_list(b, "headers");
    for (size_t c = 0; c < t->ncols; c++) {
        tmpl_ctx *h = tmpl_list_append(b, "headers");
        if (!h) return 0;
        tmpl_set_str(h, "text", t->headers[c]);
        tmpl_set_str(h, "cls", (t->numeric >> c) & 1 ? "num" : "");
    }
    tmpl_set_list(b, "rows");
    for (size_t i = 0; i < t->n_rows; i++) {
        tmpl_ctx *row = tmpl_list_append(b, "rows");
        if (!row) return 0;
        tmpl_set_list(row, "cells");
        for (size_t c = 0; c < t->ncols; c++) {
            tmpl_ctx *cell = tmpl_list_append(row, "cells");
            if (!cell) return 0;
            const char *v = t->cells[i * t->ncols + c];
            if (!add_segs(a, cell, v, strlen(v))) return 0;
            tmpl_set_str(cell, "cls", (t->numeric >> c) & 1 ? "num" : "");
        }
    }
    return 1;
}

static int add_block(arena *a, tmpl_ctx *c, const doc_block *b)
{
    tmpl_ctx *x = tmpl_list_append(c, "blocks");
    if (!x) return 0;
    set_kind(x, b->kind);
    switch (b->kind) {
    case DOC_HEADING:
        tmpl_set_str(x, "text", b->text);
        return 1;
    case DOC_PARAGRAPH:
        return add_paras(a, x, "paras", b->text);
    case DOC_LIST:
        tmpl_set_list(x, "items");
        for (size_t i = 0; i < b->n_items; i++) {
            tmpl_ctx *it = tmpl_list_append(x, "items");
            if (!it) return 0;
            if (!add_segs(a, it, b->items[i], strlen(b->items[i]))) return 0;
        }
        return 1;
    case DOC_TABLE:
        return add_table(a, x, &b->table);
    case DOC_SIGNATURE:
        tmpl_set_str(x, "sig_name", b->name);
        tmpl_set_str(x, "sig_title", b->title);
        tmpl_set_str(x, "sig_date", b->date);
        return 1;
    case DOC_NOTICE:
        tmpl_set_str(x, "notice_title", b->title);
        return add_paras(a, x, "paras", b->text);
    }
    return 1;
}

tmpl_ctx *doc_to_tmpl(arena *a, const doc *d, dl_error *e)
{
    if (doc_status(d, e) != DL_OK) return NULL;
    tmpl_ctx *c = tmpl_ctx_new(a);
    if (!c) { dl_fail(e, DL_ENOMEM, "doc_web: out of memory"); return NULL; }
    tmpl_set_str(c, "lang", d->lang);
    tmpl_set_str(c, "title", d->title);
    tmpl_set_str(c, "marking", d->marking);
    tmpl_set_str(c, "org_name", d->org_name);
    tmpl_set_str(c, "footer_text", d->footer_text);
    int ok = 1;
    tmpl_set_list(c, "letterhead");
    for (size_t i = 0; ok && i < d->n_letterhead; i++) {
        tmpl_ctx *l = tmpl_list_append(c, "letterhead");
        if (!l) ok = 0;
        else tmpl_set_str(l, "line", d->letterhead[i]);
    }
    tmpl_set_list(c, "fields");
    for (size_t i = 0; ok && i < d->n_fields; i++) {
        tmpl_ctx *f = tmpl_list_append(c, "fields");
        if (!f) { ok = 0; break; }
        tmpl_set_str(f, "label", d->fields[i].label);
        ok = add_paras(a, f, "lines", d->fields[i].value);
    }
    for (size_t i = 0; ok && i < d->n_blocks; i++) ok = add_block(a, c, &d->blocks[i]);
    if (!ok) { dl_fail(e, DL_ENOMEM, "doc_web: out of memory"); return NULL; }
    return c;
}

dl_err doc_render_html(const tmpl_set *set, arena *a, const doc *d, strbuf *out, dl_error *e)
{
    dl_err rc = doc_status(d, e);
    if (rc != DL_OK) return rc;
    tmpl_ctx *c = doc_to_tmpl(a, d, e);
    if (!c) return DL_ENOMEM;
    return tmpl_render(set, "document.html", c, NULL, NULL, out, e);
}

/* The request's path for a log line; a path holding a secret as its route. */
static const char *log_path(const struct request *r)
{
    const char *p = r->secret_path ? r->route_name : r->path;
    return p ? p : "?";
}

tmpl_ctx *doc_page_ctx(struct request *r, const doc *d)
{
    strbuf html;
    sb_init(&html, 8192);
    dl_error e = {0};
    if (doc_render_html(r->app->templates, r->a, d, &html, &e) != DL_OK || html.oom) {
        fprintf(stderr, "datalots serve: %.200s: %s\n", log_path(r), html.oom ? "out of memory" : e.msg);
        sb_free(&html);
        res_error(r, DL_EINTERNAL, "Sidan kunde inte visas.");
        return NULL;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { sb_free(&html); res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return NULL; }
    tmpl_set_raw(c, "document", sb_cstr(&html)); /* rendered by the escaping engine */
    sb_free(&html);
    return c;
}
