/* attachment.h — what a file attached to a case must be: today the ethics
 * decision, a PDF. The rules are pure (no I/O): the size, that the bytes are
 * a PDF from its header to its end marker (not just a name ending in .pdf
 * or a PDF header in front of something else), and a file name safe to
 * store and to give back in a Content-Disposition header. */
#ifndef DATALOTS_ATTACHMENT_H
#define DATALOTS_ATTACHMENT_H

#include <stddef.h>

#define ATTACHMENT_MAX_BYTES (10u << 20) /* 10 MiB; --max-body bounds an upload too */
#define ATTACHMENT_NAME_MAX 120          /* bytes of the stored file name */

/* NULL when data[0..len) is an acceptable PDF; else a Swedish sentence. */
const char *attachment_check_pdf(const unsigned char *data, size_t len);

/* The file name a browser sent, made safe: the last path component, control
 * characters, quotes, backslashes and slashes replaced by '_', cut to
 * ATTACHMENT_NAME_MAX bytes on a UTF-8 boundary; "bilaga.pdf" when nothing
 * is left. */
void attachment_safe_name(const char *sent, char out[ATTACHMENT_NAME_MAX + 1]);

#endif
