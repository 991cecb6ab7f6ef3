/* byte_range.c — one byte range of a Range header (see byte_range.h). */
#include "web/byte_range.h"

#include <string.h>

/* Digits at *p into *v (at most 18, so no overflow); 0 if there are none or too many. */
static int number(const char **p, int64_t *v)
{
    int n = 0;
    *v = 0;
    while (**p >= '0' && **p <= '9') {
        if (++n > 18) return 0;
        *v = *v * 10 + (**p - '0');
        (*p)++;
    }
    return n > 0;
}

byte_range_kind byte_range_parse(const char *header, int64_t size, int64_t *first, int64_t *last)
{
    *first = 0;
    *last = size - 1;
    if (!header || strncmp(header, "bytes=", 6) != 0) return BYTE_RANGE_WHOLE;
    const char *p = header + 6;
    while (*p == ' ') p++;
    int64_t a = -1, b = -1;
    if (*p == '-') { /* suffix: the last b bytes */
        p++;
        if (!number(&p, &b)) return BYTE_RANGE_WHOLE;
    } else {
        if (!number(&p, &a) || *p++ != '-') return BYTE_RANGE_WHOLE;
        if (*p >= '0' && *p <= '9' && !number(&p, &b)) return BYTE_RANGE_WHOLE;
    }
    while (*p == ' ') p++;
    if (*p) return BYTE_RANGE_WHOLE; /* several ranges or trailing garbage */
    if (a < 0) {                     /* suffix */
        if (b == 0 || size == 0) return BYTE_RANGE_UNSATISFIABLE;
        *first = b >= size ? 0 : size - b;
        return BYTE_RANGE_PART;
    }
    if (b >= 0 && b < a) return BYTE_RANGE_WHOLE; /* invalid: ignored */
    if (a >= size) return BYTE_RANGE_UNSATISFIABLE;
    *first = a;
    *last = b >= 0 && b < size ? b : size - 1;
    return BYTE_RANGE_PART;
}
