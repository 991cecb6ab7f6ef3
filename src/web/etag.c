/* etag.c — see etag.h. */
#include "web/etag.h"

#include <sodium.h>
#include <string.h>

void etag_of_body(const char *body, size_t len, char out[ETAG_SIZE])
{
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)(body ? body : ""), len, NULL, 0);
    static const char hex[] = "0123456789abcdef";
    out[0] = '"';
    for (size_t i = 0; i < sizeof digest; i++) {
        out[1 + 2 * i] = hex[digest[i] >> 4];
        out[2 + 2 * i] = hex[digest[i] & 15];
    }
    out[ETAG_SIZE - 2] = '"';
    out[ETAG_SIZE - 1] = '\0';
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

int etag_none_match(const char *h, const char *etag)
{
    if (!h || !etag) return 0;
    size_t want = strlen(etag);
    const char *p = skip_blanks(h);
    if (*p == '*') return *skip_blanks(p + 1) == '\0';
    while (*p) {
        if (p[0] == 'W' && p[1] == '/') p += 2;
        if (*p != '"') return 0;                 /* not a list of quoted tags */
        const char *end = strchr(p + 1, '"');
        if (!end) return 0;
        size_t len = (size_t)(end - p) + 1;
        if (len == want && memcmp(p, etag, len) == 0) return 1;
        p = skip_blanks(end + 1);
        if (*p == '\0') return 0;
        if (*p != ',') return 0;
        p = skip_blanks(p + 1);
        while (*p == ',') p = skip_blanks(p + 1); /* empty list elements are allowed */
    }
    return 0;
}
