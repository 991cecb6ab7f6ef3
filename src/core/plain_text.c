/* plain_text.c — see plain_text.h. */
#include "core/plain_text.h"

#include <string.h>

#include "core/utf8.h"

int text_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

int text_fits(const char *s, size_t max, int multiline)
{
    if (!s) return 1;
    size_t n = strlen(s);
    if (!utf8_valid(s, n) || utf8_count(s, n) > max) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == 0x7f) return 0;
        if (*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) return 0;
    }
    return 1;
}
