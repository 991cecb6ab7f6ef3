/* mem_io.h — in-memory readers and writers for the fuzz targets of the age
 * code (fuzz_age_armor.c, fuzz_age_header.c): an age_read_fn over a byte
 * array that hands out at most `chunk` bytes a call (so the parsers' refill
 * paths run), and an age_write_fn appending to a strbuf. */
#ifndef DATALOTS_FUZZ_MEM_IO_H
#define DATALOTS_FUZZ_MEM_IO_H

#include <string.h>
#include <sys/types.h>

#include "core/strbuf.h"

struct mem_in {
    const uint8_t *data;
    size_t len, pos, chunk;
};

static inline ssize_t mem_read(void *ctx, uint8_t *buf, size_t n)
{
    struct mem_in *m = ctx;
    size_t left = m->len - m->pos;
    if (n > left) n = left;
    if (m->chunk && n > m->chunk) n = m->chunk;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

static inline int mem_write(void *ctx, const uint8_t *buf, size_t n)
{
    strbuf *sb = ctx;
    sb_append(sb, (const char *)buf, n);
    return sb->oom ? -1 : 0;
}

#endif
