/* doc_web.h — the HTML side of the case documents: turns a document model
 * (report/doc.h) into a template context for src/web/templates/document.html,
 * which the auto-escaping template engine renders (every text of the model is
 * escaped there; nothing here builds HTML). The template is a fragment for a
 * page's {{content}}; its print rules are in static/style.css (@media print).
 *
 *     tmpl_ctx *c = doc_to_tmpl(r->arena, d, &e);
 *     if (!c) … e …
 *     tmpl_render(templates, "document.html", c, NULL, NULL, &out, &e);
 *
 * Context keys: lang, title, marking, org_name, letterhead[line],
 * fields[label, lines[text]], footer_text, blocks[is_heading | is_paragraph |
 * is_list | is_table | is_signature | is_notice, text, paras[text],
 * items[text], headers[text, cls], rows[cells[text, cls]], sig_name,
 * sig_title, sig_date, notice_title]. */
#ifndef DATALOTS_DOC_WEB_H
#define DATALOTS_DOC_WEB_H

#include "core/arena.h"
#include "core/err.h"
#include "report/doc.h"
#include "web/template.h"

/* The context for document.html, in a; NULL with e set when the document
 * has an error (doc_status) or on out-of-memory. */
tmpl_ctx *doc_to_tmpl(arena *a, const doc *d, dl_error *e);

/* Renders d with document.html of set into out (appending). */
dl_err doc_render_html(const tmpl_set *set, arena *a, const doc *d, strbuf *out, dl_error *e);

/* A page context for r (page_ctx) holding d rendered as "document", for a
 * page that shows a letter; NULL after answering 500 when it fails. */
struct request;
tmpl_ctx *doc_page_ctx(struct request *r, const doc *d);

#endif
