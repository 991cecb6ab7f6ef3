/* markdown.h — the knowledge guide's Markdown to HTML with Debian's
 * cmark-gfm (GitHub Flavored Markdown: tables, strikethrough, autolinks).
 * Safe by construction: raw HTML in the Markdown is never passed through
 * (cmark-gfm's default leaves it out), links and images with javascript:,
 * vbscript:, file: or data: addresses are dropped, and the tagfilter
 * extension is on as a second guard. The result is vetted HTML for
 * tmpl_set_raw(). */
#ifndef DATALOTS_MARKDOWN_H
#define DATALOTS_MARKDOWN_H

#include <stddef.h>
#include "core/arena.h"

/* The HTML of md (len bytes, UTF-8; invalid bytes are replaced) in arena
 * a; NULL on out-of-memory. Thread-safe. */
char *markdown_to_html(arena *a, const char *md, size_t len);

#endif
