/* utf8.h — a strict UTF-8 validator and code-point counter shared by the
 * password policy and the HTTP form parser. Strict means RFC 3629: no
 * overlong encodings, no UTF-16 surrogates (U+D800..U+DFFF), nothing above
 * U+10FFFF, no truncated sequences. NUL bytes inside the range are valid
 * UTF-8 (U+0000); callers that forbid control characters check separately. */
#ifndef DATALOTS_UTF8_H
#define DATALOTS_UTF8_H

#include <stddef.h>

/* 1 if the n bytes at s are well-formed UTF-8, else 0. s may be NULL only
 * when n is 0. */
int utf8_valid(const char *s, size_t n);

/* Number of code points in the n bytes at s. Call only on input that
 * utf8_valid() accepted; on invalid input the result is meaningless (but
 * never reads past s + n). */
size_t utf8_count(const char *s, size_t n);

/* Decodes the code point starting at s[0] (of at most n bytes). On success
 * stores it in *cp and returns its length in bytes (1..4); returns 0 when the
 * bytes there are not a well-formed sequence or n is 0. */
size_t utf8_decode(const char *s, size_t n, unsigned long *cp);

#endif
