/* strbuf.c — growable buffer; see strbuf.h. */
#include "core/strbuf.h"
#include "core/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sb_init(strbuf *sb, size_t initial_cap)
{
    memset(sb, 0, sizeof *sb);
    if (initial_cap) {
        sb->data = dl_malloc(initial_cap);
        if (!sb->data) { sb->oom = 1; return; }
        sb->cap = initial_cap;
        sb->data[0] = '\0';
    }
}

void sb_free(strbuf *sb)
{
    dl_free(sb->data);
    memset(sb, 0, sizeof *sb);
}

static int sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->oom) return 0;
    if (extra > (size_t)-1 / 2 - sb->len) { sb->oom = 1; return 0; }
    size_t need = sb->len + extra + 1;
    if (sb->limit && need > sb->limit + 1) { sb->oom = 1; return 0; }
    if (need <= sb->cap) return 1;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < need) cap *= 2;
    char *d = dl_realloc(sb->data, cap);
    if (!d) { sb->oom = 1; return 0; }
    sb->data = d;
    sb->cap = cap;
    return 1;
}

void sb_append(strbuf *sb, const char *s, size_t n)
{
    if (!n || !sb_reserve(sb, n)) return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s) { if (s) sb_append(sb, s, strlen(s)); }
void sb_putc(strbuf *sb, char c) { sb_append(sb, &c, 1); }

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { sb->oom = 1; return; }
    if ((size_t)n < sizeof small) { sb_append(sb, small, (size_t)n); return; }
    if (!sb_reserve(sb, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

const char *sb_cstr(strbuf *sb)
{
    if (!sb->data) return "";
    return sb->data;
}

char *sb_steal(strbuf *sb, size_t *len)
{
    if (!sb->data) sb_reserve(sb, 0);
    char *d = sb->data;
    if (len) *len = sb->len;
    memset(sb, 0, sizeof *sb);
    return d;
}
