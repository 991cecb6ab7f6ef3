/* anchor_files.h — for the audit-anchor tests (test_audit_log.c,
 * test_anchor_file.c): writing an anchor file and checking it. */
#ifndef DATALOTS_TEST_ANCHOR_FILES_H
#define DATALOTS_TEST_ANCHOR_FILES_H

#include <stddef.h>

#include "cli/anchor_file.h"
#include "db/db.h"

/* Writes len bytes of text to <tmpdir>/name; returns its path (static buffer). */
const char *anchor_test_file(const char *name, const char *text, size_t len);
/* anchor_file_verify, expecting want (a test failure otherwise, with
 * broken = -1); on an error its message is in why. */
anchor_file_report anchor_test_check(db *d, const char *path, dl_err want);

#endif
