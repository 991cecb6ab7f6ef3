/* byte_range.h — the Range request header (RFC 9110, 14.2) for a file of
 * known size, as far as the knowledge guide's films need it: one range
 * "bytes=FIRST-LAST", "bytes=FIRST-" or a suffix "bytes=-N". A header that
 * is not one well-formed byte range (another unit, several ranges, FIRST
 * after LAST, garbage) is ignored, as the RFC allows: the whole file is
 * sent. A well-formed range that starts at or past the end cannot be
 * satisfied (416). */
#ifndef DATALOTS_BYTE_RANGE_H
#define DATALOTS_BYTE_RANGE_H

#include <stdint.h>

typedef enum byte_range_kind {
    BYTE_RANGE_WHOLE = 0,     /* no usable Range: 200 with the whole file */
    BYTE_RANGE_PART = 1,      /* 206: bytes *first..*last (inclusive) */
    BYTE_RANGE_UNSATISFIABLE = 2, /* 416 with Content-Range: bytes * /size */
} byte_range_kind;

byte_range_kind byte_range_parse(const char *header, int64_t size, int64_t *first, int64_t *last);

#endif
