/* utf8.c — strict UTF-8 validation (RFC 3629, Unicode table 3-7) and
 * code-point counting. Pure: no allocation, no I/O. */
#include "core/utf8.h"

size_t utf8_decode(const char *s, size_t n, unsigned long *cp)
{
    if (!s || n == 0) return 0;
    const unsigned char *p = (const unsigned char *)s;
    unsigned char b0 = p[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }
    size_t len;
    unsigned long v;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2; v = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3; v = b0 & 0x0Fu;
        if (b0 == 0xE0) lo = 0xA0;      /* overlong below U+0800 */
        else if (b0 == 0xED) hi = 0x9F; /* surrogates U+D800..U+DFFF */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4; v = b0 & 0x07u;
        if (b0 == 0xF0) lo = 0x90;      /* overlong below U+10000 */
        else if (b0 == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0; /* continuation byte, C0/C1 overlong lead, F5..FF */
    }
    if (n < len) return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    v = (v << 6) | (p[1] & 0x3Fu);
    for (size_t i = 2; i < len; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF) return 0;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    *cp = v;
    return len;
}

int utf8_valid(const char *s, size_t n)
{
    if (n == 0) return 1;
    if (!s) return 0;
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) return 0;
        i += len;
    }
    return 1;
}

size_t utf8_count(const char *s, size_t n)
{
    if (!s) return 0;
    size_t count = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++)
        if ((p[i] & 0xC0u) != 0x80u) count++; /* every non-continuation byte starts one */
    return count;
}
