/* download.h — a file made for one download: written to an unnamed
 * temporary file (O_TMPFILE in $TMPDIR, else a file unlinked at once) and
 * sent from it, so a large export never sits in memory. Used by the case
 * list's exports (cases_export.c) and the release register's CSV. */
#ifndef DATALOTS_DOWNLOAD_H
#define DATALOTS_DOWNLOAD_H

#include "web/http.h"

/* A new temporary file open for reading and writing; -1 on failure. */
int download_temp_fd(void);
/* A path for a writer that wants a name (libxlsxwriter): "$TMPDIR/…XXXXXX"
 * created empty; the caller unlinks it. NULL on failure. */
const char *download_temp_path(request *r);
/* Sends fd (rewound) as an attachment named file_name; closes fd on
 * failure (answering 500), else the response owns it. */
void download_send(request *r, int fd, const char *mime, const char *file_name);

#endif
