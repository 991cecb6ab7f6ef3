/* case_attachments.h — files attached to a case in the store: checked
 * (core/attachment.h), kept with their SHA-256, listed and read back. */
#ifndef DATALOTS_STORE_CASE_ATTACHMENTS_H
#define DATALOTS_STORE_CASE_ATTACHMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

/* A file as it arrived. */
typedef struct case_upload {
    const char *kind;               /* "ethics_decision" */
    const char *filename;           /* as the browser sent it; made safe here */
    const unsigned char *data;
    size_t len;
} case_upload;

/* size and sha256 are of the version the call returns: the redacted one
 * where the attachment is redacted, except from
 * case_attachment_read_original(); original_* are always the original's. */
typedef struct case_attachment_rec {
    int64_t id, case_id, size, original_size;
    const char *kind, *filename, *content_type, *sha256, *created_at, *original_sha256;
    int redacted;                         /* a redacted version stands in for the original */
    const char *redaction_reason, *redacted_at, *redacted_by; /* "" when not redacted */
    const char *disposed_at;              /* "" unless disposed of (store/retention.h) */
} case_attachment_rec;

/* Checks the file and attaches it to case_id in the caller's open
 * transaction (audited as case.attach). DL_EINVAL with a sentence for a
 * file that is not an acceptable PDF. */
dl_err case_attach_in_tx(db *d, int64_t case_id, const audit_actor *who, const case_upload *u, int64_t *id_out,
                         dl_error *e);
/* The case's attachments, oldest first (at most max). */
dl_err case_attachments(db *d, arena *a, int64_t case_id, case_attachment_rec *out, int max, int *n, dl_error *e);
/* One attachment of case_id with the bytes everyone sees (in arena a): the
 * redacted version where there is one. DL_ENOTFOUND when there is none of
 * that id on that case; DL_EGONE with a sentence (and out->disposed_at
 * set) when it was disposed of. */
dl_err case_attachment_read(db *d, arena *a, int64_t case_id, int64_t id, case_attachment_rec *out,
                            const unsigned char **data, size_t *len, dl_error *e);
/* The same with the original's bytes, for those who may read the
 * registry's confidential parts (the caller checks); every read audited
 * (case.attachment_original_read) in the same transaction. */
dl_err case_attachment_read_original(db *d, arena *a, int64_t case_id, int64_t id, const audit_actor *who,
                                     case_attachment_rec *out, const unsigned char **data, size_t *len, dl_error *e);

#endif
