/* link_check.h — `datalots catalog links`: every source link of the
 * knowledge guide's published items asked for over HTTP(S) with libcurl,
 * one at a time, each within a time limit; the broken ones (an HTTP status
 * of 400 or more after redirects, or no answer) are printed. Run from the
 * shell or a timer — never inside a request. */
#ifndef DATALOTS_CLI_LINK_CHECK_H
#define DATALOTS_CLI_LINK_CHECK_H

#include <stdio.h>
#include "db/db.h"

/* Prints "ID: URL: why" per broken link and a summary line to out.
 * Returns 0 when every link answered, 1 when some did not, -1 on a store
 * error (printed). */
int link_check_run(db *d, long timeout_seconds, FILE *out);

#endif
