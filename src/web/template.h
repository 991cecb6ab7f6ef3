/* template.h — the auto-escaping template engine. Templates are compiled into
 * the binary (the .html files of src/web/templates, embedded at build time) and parsed
 * once at start-up into an op list; a render walks the ops. Every {{value}}
 * is escaped for the HTML context it stands in, decided when the template is
 * parsed, not when it is rendered:
 *   text            & < > " ' escaped as entities
 *   quoted attribute  same escaping; an unquoted attribute value, a tag or
 *                     attribute name, <script>, <style> or a comment holding
 *                     {{…}} is a parse error naming file:line
 *   URL attribute   (href, src, action, formaction) at the start of the value:
 *                     only http:, https:, mailto: or a relative URL pass, else
 *                     "#"; after a '?' or '=' inside the URL: percent-encoded
 * Syntax:
 *   {{name}}                 a value (looked up in the context, then parents)
 *   {{_ "Svensk text"}}      translated with the render's translate function
 *   {{#if name}}…{{else}}…{{/if}}   truthy: non-empty string, non-zero int,
 *                                   true bool, non-empty list
 *   {{#unless name}}…{{/unless}}
 *   {{#each name}}…{{/each}} once per child context of list `name`
 *   {{> other.html}}         include another template of the same set
 *   {{{name}}} is not supported; vetted HTML goes through tmpl_set_raw().
 *
 * Strict and lenient sets. A key a template uses but the handler never set
 * is a typo or a forgotten tmpl_set_*() call, so in a strict set:
 *   {{name}}, {{#each name}}  the key must be set in the context or one of
 *                             its parents, else tmpl_render() fails with
 *                             DL_EINVAL "template FILE:LINE uses {{name}},
 *                             which the handler never set" (res_page() then
 *                             answers 500 and logs that line to stderr);
 *                             an empty list is declared with tmpl_set_list()
 *   {{#if name}}, {{#unless name}}  may test an unset key: it is falsy. They
 *                             are how a template asks "is there one?", and
 *                             making every handler set every optional flag to
 *                             false would only add noise; what they guard is
 *                             still checked when it is rendered.
 * The check is made while rendering, so only what a test renders is checked:
 * a typo in a branch no test takes passes. The e2e and browser runners fail
 * on the log line even where a test checks no status.
 * A lenient set renders an unset {{name}} as empty text and an unset
 * {{#each name}} as an empty list (its {{else}}), and logs nothing.
 * Sets are strict when built with -DDATALOTS_STRICT_TEMPLATES — the Makefile's
 * sanitized test build (build/san: unit, e2e and browser tests) — and lenient
 * in the release build; tmpl_set_strict() switches one set (unit tests). */
#ifndef DATALOTS_TEMPLATE_H
#define DATALOTS_TEMPLATE_H

#include <stdint.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "core/err.h"
#include "core/strbuf.h"

#ifdef DATALOTS_STRICT_TEMPLATES
#define TMPL_STRICT_DEFAULT 1
#else
#define TMPL_STRICT_DEFAULT 0
#endif

typedef struct tmpl_set tmpl_set;
typedef struct tmpl_ctx tmpl_ctx;

/* Parses every file of the set; on a syntax error returns DL_EINVAL with
 * "FILE:LINE: what is wrong" in e. Free with tmpl_set_free(). */
dl_err tmpl_set_load(const struct embedded_file *files, tmpl_set **out, dl_error *e);
void tmpl_set_free(tmpl_set *set);
int tmpl_set_has(const tmpl_set *set, const char *name);
/* Strict (on != 0) or lenient rendering, see the top of this file; a new set
 * is TMPL_STRICT_DEFAULT. Call before the set is shared between threads. */
void tmpl_set_strict(tmpl_set *set, int on);

/* A context lives in an arena: nothing to free. Values are copied. */
tmpl_ctx *tmpl_ctx_new(arena *a);
void tmpl_set_str(tmpl_ctx *c, const char *key, const char *value); /* NULL = "" */
void tmpl_set_int(tmpl_ctx *c, const char *key, int64_t value);
void tmpl_set_bool(tmpl_ctx *c, const char *key, int value);
/* html_raw: output without escaping. Only for HTML produced by this engine
 * or by another reviewed escaping function; never for user input. */
void tmpl_set_raw(tmpl_ctx *c, const char *key, const char *vetted_html);
/* Appends a new child context to list `key` (creating the list) and returns
 * it; lookups in the child fall back to c. NULL on out-of-memory. */
tmpl_ctx *tmpl_list_append(tmpl_ctx *c, const char *key);
/* Sets `key` to a list with no children yet unless it is a list already, so
 * that {{#each key}} of a strict set renders its {{else}} when nothing is
 * appended. Call it before a loop that appends to `key`. */
void tmpl_set_list(tmpl_ctx *c, const char *key);

typedef const char *(*tmpl_translate_fn)(void *userdata, const char *msgid);

/* Renders template `name` with ctx into out. translate may be NULL (msgid is
 * used as is). Returns DL_ENOTFOUND for an unknown template, DL_ENOMEM, and
 * in a strict set DL_EINVAL for a key the context never set. */
dl_err tmpl_render(const tmpl_set *set, const char *name, const tmpl_ctx *ctx,
                   tmpl_translate_fn translate, void *translate_data,
                   strbuf *out, dl_error *e);

/* The escaping functions the engine uses, for other reviewed output. */
void html_escape_append(strbuf *out, const char *s, size_t n);
void url_component_escape_append(strbuf *out, const char *s, size_t n);

#endif
