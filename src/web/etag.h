/* etag.h — entity tags for pages that may be revalidated: the tag of a
 * body (a digest of its bytes, so an unchanged page keeps its tag across
 * renderings and servers) and the If-None-Match test (RFC 9110 13.1.2:
 * weak comparison, a list of tags or "*"). Pure: no I/O. */
#ifndef DATALOTS_ETAG_H
#define DATALOTS_ETAG_H

#include <stddef.h>

#define ETAG_SIZE 35 /* '"' + 32 hex digits + '"' + NUL */

/* Writes the quoted tag of body[0..len) into out. */
void etag_of_body(const char *body, size_t len, char out[ETAG_SIZE]);

/* 1 when the If-None-Match header value names etag (W/ ignored: the weak
 * comparison the standard asks for on GET), or is "*"; 0 when not, or when
 * the header is NULL, empty or malformed. */
int etag_none_match(const char *if_none_match, const char *etag);

#endif
