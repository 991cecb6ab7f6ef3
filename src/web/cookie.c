/* cookie.c — bounded Cookie header parsing and Set-Cookie formatting; see
 * cookie.h. */
#include "web/cookie.h"

#include <stddef.h>
#include <strings.h>
#include <string.h>

/* cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E */
static int is_cookie_octet(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
           (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

/* tchar of RFC 9110 token */
static int is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_ws(char c) { return c == ' ' || c == '\t'; }

const char *cookie_get(arena *a, const char *cookie_header, const char *name)
{
    if (!a || !cookie_header || !name) return NULL;
    size_t name_len = strnlen(name, 257);
    if (name_len == 0 || name_len > 256) return NULL;

    size_t len = strnlen(cookie_header, COOKIE_HEADER_MAX + 1);
    if (len > COOKIE_HEADER_MAX) {
        /* Drop the pair the bound cuts through. */
        len = COOKIE_HEADER_MAX;
        if (cookie_header[len] != ';')
            while (len > 0 && cookie_header[len - 1] != ';') len--;
    }

    const char *h = cookie_header;
    size_t i = 0;
    int pairs = 0;
    while (i < len && pairs < COOKIE_MAX_PAIRS) {
        size_t start = i;
        while (i < len && h[i] != ';') i++;
        size_t end = i;
        if (i < len) i++; /* skip ';' */

        while (start < end && is_ws(h[start])) start++;
        while (end > start && is_ws(h[end - 1])) end--;
        if (start == end) continue; /* empty element, e.g. "a=1;;b=2" */
        pairs++;

        const char *eq = memchr(h + start, '=', end - start);
        if (!eq) continue;
        size_t ns = start, ne = (size_t)(eq - h);
        while (ne > ns && is_ws(h[ne - 1])) ne--;
        if (ne - ns != name_len || memcmp(h + ns, name, name_len) != 0) continue;

        size_t vs = (size_t)(eq - h) + 1, ve = end;
        while (vs < ve && is_ws(h[vs])) vs++;
        if (ve - vs >= 2 && h[vs] == '"' && h[ve - 1] == '"') {
            vs++;
            ve--;
        }
        int ok = 1;
        for (size_t k = vs; k < ve; k++)
            if (!is_cookie_octet((unsigned char)h[k])) { ok = 0; break; }
        if (!ok) continue;
        return arena_strndup(a, h + vs, ve - vs);
    }
    return NULL;
}

void cookie_format(strbuf *out, const char *name, const char *value, int max_age,
                   int secure, int http_only, const char *same_site)
{
    if (!out || !name) return;
    if (!value) value = "";
    size_t nl = strnlen(name, 257), vl = strnlen(value, 4001);
    if (nl == 0 || nl > 256 || vl > 4000) return;
    for (size_t i = 0; i < nl; i++)
        if (!is_tchar((unsigned char)name[i])) return;
    for (size_t i = 0; i < vl; i++)
        if (!is_cookie_octet((unsigned char)value[i])) return;
    const char *ss = NULL;
    if (same_site) {
        if (strcasecmp(same_site, "strict") == 0) ss = "Strict";
        else if (strcasecmp(same_site, "lax") == 0) ss = "Lax";
        else if (strcasecmp(same_site, "none") == 0) ss = "None";
        else return;
    }

    sb_append(out, name, nl);
    sb_putc(out, '=');
    sb_append(out, value, vl);
    sb_puts(out, "; Path=/");
    if (max_age == 0)
        sb_puts(out, "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    else if (max_age > 0)
        sb_printf(out, "; Max-Age=%d", max_age);
    if (secure) sb_puts(out, "; Secure");
    if (http_only) sb_puts(out, "; HttpOnly");
    if (ss) {
        sb_puts(out, "; SameSite=");
        sb_puts(out, ss);
    }
}
