/* doc_web.c — a document model (report/doc.h) as the context of the
 * document.html template; the template engine escapes every value. */
#include "web/doc_web.h"
#include "web/app.h"
#include "web/http.h"


struct para_list { arena *a; tmpl_ctx *c; const char *key; int oom; };

static void add_para(void *ud, const char *s, size_t n)
{
    struct para_list *p = ud;
    tmpl_ctx *row = tmpl_list_append(p->c, p->key);
    if (!row) { p->oom = 1; return; }
    char *t = arena_strndup(p->a, s, n); /* tmpl_set_str wants a C string */
    if (!t) { p->oom = 1; return; }
    tmpl_set_str(row, "text", t);
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

static int add_table(tmpl_ctx *b, const doc_table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        tmpl_ctx *h = tmpl_list_append(b, "headers");
        if (!h) return 0;
        tmpl_set_str(h, "text", t->headers[c]);
        tmpl_set_str(h, "cls", (t->numeric >> c) & 1 ? "num" : "");
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        tmpl_ctx *row = tmpl_list_append(b, "rows");
        if (!row) return 0;
        for (size_t c = 0; c < t->ncols; c++) {
            tmpl_ctx *cell = tmpl_list_append(row, "cells");
            if (!cell) return 0;
            tmpl_set_str(cell, "text", t->cells[i * t->ncols + c]);
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
        for (size_t i = 0; i < b->n_items; i++) {
            tmpl_ctx *it = tmpl_list_append(x, "items");
            if (!it) return 0;
            tmpl_set_str(it, "text", b->items[i]);
        }
        return 1;
    case DOC_TABLE:
        return add_table(x, &b->table);
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
    for (size_t i = 0; ok && i < d->n_letterhead; i++) {
        tmpl_ctx *l = tmpl_list_append(c, "letterhead");
        if (!l) ok = 0;
        else tmpl_set_str(l, "line", d->letterhead[i]);
    }
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

tmpl_ctx *doc_page_ctx(struct request *r, const doc *d)
{
    strbuf html;
    sb_init(&html, 8192);
    dl_error e;
    if (doc_render_html(r->app->templates, r->a, d, &html, &e) != DL_OK || html.oom) {
        sb_free(&html);
        res_error(r, 500, "Sidan kunde inte visas.");
        return NULL;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { sb_free(&html); res_error(r, 500, "Servern fick slut på minne."); return NULL; }
    tmpl_set_raw(c, "document", sb_cstr(&html)); /* rendered by the escaping engine */
    sb_free(&html);
    return c;
}
