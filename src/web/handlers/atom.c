/* atom.c — the parts the Atom 1.0 feeds (RFC 4287) share: /nyheter.atom,
 * /hinder.atom and /beslut.atom write their head and each entry's first
 * elements through these, so the escaping and the tag: ids are one code. */
#include "web/handlers/handlers.h"
#include "web/app.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "web/template.h"

#include <string.h>

/* What XML 1.0 (Char) does not allow is left out rather than escaped, since
 * no escape can carry it: the C0 controls but tab, LF and CR; U+FFFE and
 * U+FFFF; and bytes that are not well-formed UTF-8. */
void xml_text(strbuf *out, const char *s)
{
    size_t n = strlen(s), run = 0, i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)s[i];
        size_t len = 1;
        int keep = ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r';
        if (ch >= 0x80) {
            unsigned long cp = 0;
            len = utf8_decode(s + i, n - i, &cp);
            keep = len > 0 && cp != 0xFFFE && cp != 0xFFFF;
            if (!len) len = 1;
        }
        if (!keep) {
            html_escape_append(out, s + run, i - run);
            run = i + len;
        }
        i += len;
    }
    html_escape_append(out, s + run, n - run);
}

const char *feed_root(request *r)
{
    const char *base = r->app->cfg->public_url;
    size_t bl = strlen(base);
    while (bl && base[bl - 1] == '/') bl--;
    return arena_printf(r->a, "%.*s", (int)bl, base);
}

void atom_feed_open(request *r, strbuf *x, const char *host, const char *name, const char *title)
{
    sb_printf(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                 "xml:lang=\"%s\">\n<id>tag:", r->lang == LANG_EN ? "en" : "sv");
    xml_text(x, host);
    sb_printf(x, ",2026:%s</id>\n<title>", name);
    xml_text(x, title);
    sb_puts(x, "</title>\n");
}

void atom_feed_links(strbuf *x, const char *root, const char *name)
{
    sb_puts(x, "<author><name>datalots</name></author>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"");
    xml_text(x, root);
    sb_printf(x, "/%s.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"", name);
    xml_text(x, root);
    sb_printf(x, "/%s\"/>\n", name);
}

void atom_entry_open(strbuf *x, const char *host, const char *name, long long id, const char *title,
                     const char *published, const char *updated)
{
    sb_puts(x, "<entry>\n<id>tag:");
    xml_text(x, host);
    sb_printf(x, ",2026:%s/%lld</id>\n<title>", name, id);
    xml_text(x, title);
    sb_puts(x, "</title>\n<published>");
    xml_text(x, published);
    sb_puts(x, "</published>\n<updated>");
    xml_text(x, updated);
    sb_puts(x, "</updated>\n");
}

void atom_entry_link(strbuf *x, const char *root, const char *name, long long id)
{
    sb_puts(x, "<link rel=\"alternate\" type=\"text/html\" href=\"");
    xml_text(x, root);
    sb_printf(x, "/%s/%lld\"/>\n", name, id);
}
