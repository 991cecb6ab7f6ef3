/* capped_buf.h — a growing, NUL-terminated byte buffer with a ceiling, for
 * a body read from the network: an answer from a provider, a feed, a
 * harvested catalogue, a mail from the mailbox. capped_buf_write has the
 * shape of libcurl's CURLOPT_WRITEFUNCTION (it includes nothing of
 * libcurl): it appends, or answers 0 — which stops the transfer — when the
 * ceiling would be passed (then `over` is set) or memory ran out. Memory
 * from dl_realloc: free p with dl_free (or free). */
#ifndef DATALOTS_CAPPED_BUF_H
#define DATALOTS_CAPPED_BUF_H

#include <stddef.h>

typedef struct capped_buf {
    char *p;    /* NULL until the first byte; then always NUL-terminated */
    size_t len, cap;
    size_t max; /* the ceiling in bytes; 0: none */
    int over;   /* set when a write would have passed max */
} capped_buf;

size_t capped_buf_write(char *data, size_t size, size_t n, void *buf);

#endif
