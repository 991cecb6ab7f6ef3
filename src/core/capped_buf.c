/* capped_buf.c — the growing buffer with a ceiling (see capped_buf.h). */
#include "core/capped_buf.h"
#include "core/alloc.h"

#include <string.h>

size_t capped_buf_write(char *data, size_t size, size_t n, void *buf)
{
    capped_buf *b = buf;
    if (n && size > (size_t)-1 / n) return 0;
    size_t add = size * n;
    if (b->max && (add > b->max || b->len > b->max - add)) {
        b->over = 1;
        return 0;
    }
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + add + 1) cap *= 2;
        char *more = dl_realloc(b->p, cap);
        if (!more) return 0;
        b->p = more;
        b->cap = cap;
    }
    if (add) memcpy(b->p + b->len, data, add);
    b->len += add;
    b->p[b->len] = '\0';
    return add;
}
