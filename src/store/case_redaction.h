/* case_redaction.h — redacting an attached file that holds data that
 * should not be there: a redacted PDF (made outside datalots, e.g. by
 * blacking out in a PDF tool) stands in for the original from then on for
 * the applicant, the API and every role; the original is kept under the
 * registry's rules, read only through case_attachment_read_original()
 * (store/case_attachments.h), every read audited. A new redaction replaces
 * the previous redacted version; the original is never changed. */
#ifndef DATALOTS_STORE_CASE_REDACTION_H
#define DATALOTS_STORE_CASE_REDACTION_H

#include <stdint.h>

#include "db/db.h"
#include "store/audit.h"
#include "store/case_attachments.h"

#define REDACTION_REASON_MAX 1000 /* bytes of the reason */

/* Puts the redacted PDF u (its kind and file name are ignored) in place of
 * attachment_id of case_id, with reason (why: what was removed, under which
 * rule), in one transaction with its audit row (case.attachment_redact).
 * DL_ENOTFOUND when the attachment is not the case's; DL_EINVAL with a
 * sentence for a file that is not an acceptable PDF, the same bytes as the
 * original, or a missing or too long reason; DL_ECONFLICT when it was
 * disposed of. Nothing is written on an error. */
dl_err case_attachment_redact(db *d, int64_t case_id, int64_t attachment_id, const case_upload *u, const char *reason,
                              const audit_actor *who, dl_error *e);

#endif
