/* accept_media.h — content negotiation on the Accept header (RFC 9110,
 * 12.5.1): which of the media types a route offers the client prefers. */
#ifndef DATALOTS_ACCEPT_MEDIA_H
#define DATALOTS_ACCEPT_MEDIA_H

/* The index in offered (NULL-terminated, "type/subtype", in the server's
 * order of preference) of the type with the highest q in accept, judged by
 * the most specific range that matches it (type/subtype over type/any over
 * any/any, written with stars); a tie goes to the earlier type. A missing or empty header accepts
 * anything (0). -1 when accept refuses every offered type. Parameters other
 * than q are ignored; at most 32 ranges are read. */
int accept_media_pick(const char *accept, const char *const offered[]);

#endif
