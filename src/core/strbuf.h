/* strbuf.h — a growable byte buffer for building responses and SQL-free text.
 * Out of memory is sticky: after a failed append, sb->oom is set, later
 * appends do nothing, and the caller checks sb->oom once at the end. */
#ifndef DATALOTS_STRBUF_H
#define DATALOTS_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
    char *data;   /* NUL-terminated when len > 0 or after sb_cstr() */
    size_t len;
    size_t cap;
    size_t limit; /* 0 = unlimited; appends past it set oom */
    int oom;
} strbuf;

void sb_init(strbuf *sb, size_t initial_cap);
void sb_free(strbuf *sb);
void sb_append(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_putc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *sb_cstr(strbuf *sb); /* never NULL */
/* Hands the buffer to the caller (free with dl_free) and resets sb. */
char *sb_steal(strbuf *sb, size_t *len);

#endif
