/* markdown.c — Markdown to HTML with cmark-gfm; see markdown.h. */
#include "web/markdown.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t registered = PTHREAD_ONCE_INIT;
static void register_extensions(void) { cmark_gfm_core_extensions_ensure_registered(); }

static const char *const extensions[] = {"table", "strikethrough", "autolink", "tagfilter"};

char *markdown_to_html(arena *a, const char *md, size_t len)
{
    pthread_once(&registered, register_extensions);
    /* Not CMARK_OPT_UNSAFE: raw HTML and dangerous URLs are left out. */
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
    cmark_parser *p = cmark_parser_new(options);
    if (!p) return NULL;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
        if (ext) cmark_parser_attach_syntax_extension(p, ext);
    }
    cmark_parser_feed(p, md ? md : "", md ? len : 0);
    cmark_node *doc = cmark_parser_finish(p);
    char *html = doc ? cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(p)) : NULL;
    char *out = html ? arena_strdup(a, html) : NULL;
    if (html) cmark_get_default_mem_allocator()->free(html);
    if (doc) cmark_node_free(doc);
    cmark_parser_free(p);
    return out;
}
