/* anchor_file.h — audit anchor files, the copy of the audit log's head kept
 * outside the store (line format: core/audit_anchor.h). `datalots serve
 * --audit-anchor FILE` appends to one with an anchor_writer; `datalots audit
 * verify --anchor FILE` checks every line of one with anchor_file_verify(). */
#ifndef DATALOTS_ANCHOR_FILE_H
#define DATALOTS_ANCHOR_FILE_H

#include <stdint.h>

#include "core/audit_anchor.h"
#include "db/db.h"

/* --- writing (serve) --- */

typedef struct anchor_writer {
    const char *path; /* not owned; outlives the writer */
    int fd;
    int has_last;     /* a line was written: last is the head it recorded */
    audit_anchor last;
} anchor_writer;

/* Opens path for appending (created with mode 0640 if missing). */
dl_err anchor_writer_open(anchor_writer *w, const char *path, dl_error *e);

/* Reads the audit head from d and appends its line to the file (then
 * fsync) and to standard error, prefixed "datalots serve: audit head ".
 * With only_if_moved, does nothing when the head is the one last written.
 * On failure nothing counts as written, so the next call tries again. */
dl_err anchor_writer_note(anchor_writer *w, db *d, int only_if_moved, dl_error *e);

void anchor_writer_close(anchor_writer *w);

/* --- checking (audit verify) --- */

typedef struct anchor_file_report {
    int64_t lines;      /* anchor lines checked (blank and # lines are not anchors) */
    int64_t newest_seq; /* the highest seq anchored in the file */
    int broken;         /* 1: a line does not match the log; why says which */
    char why[1024];
} anchor_file_report;

/* Checks every line of path against the log of d, in one snapshot, and
 * stops at the first that does not match (r->broken, DL_OK). Errors: DL_EIO
 * when the file cannot be read, DL_EINVAL for a malformed line, an
 * over-long line or a file without anchors (e names path:line), the store's
 * error when it fails. */
dl_err anchor_file_verify(db *d, const char *path, anchor_file_report *r, dl_error *e);

#endif
