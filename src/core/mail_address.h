/* mail_address.h — the shape of what goes into a mail's headers: the
 * recipient's address and the subject line. Refuses anything that could
 * smuggle a header (CR, LF, other control characters) and addresses the
 * SMTP sender cannot give to a server without SMTPUTF8 (non-ASCII). Pure
 * checks: no I/O. */
#ifndef DATALOTS_MAIL_ADDRESS_H
#define DATALOTS_MAIL_ADDRESS_H

#include <stddef.h>

#include "core/err.h"

#define MAIL_ADDRESS_MAX 254    /* RFC 5321 path limit less the brackets */
#define MAIL_LOCAL_PART_MAX 64
#define MAIL_SUBJECT_MAX 250    /* bytes of UTF-8 */

/* An address such as kari.nordmann@region.se: one @, a local part of
 * RFC 5322 atext and dots (no leading, trailing or double dot), a domain of
 * at least two labels of letters, digits and hyphens. ASCII only. DL_EINVAL
 * with a Swedish sentence otherwise. */
dl_err mail_address_check(const char *addr, dl_error *e);

/* A subject line: 1..MAIL_SUBJECT_MAX bytes of valid UTF-8 with no control
 * characters (so no CR or LF). */
dl_err mail_subject_check(const char *subject, dl_error *e);

#endif
