/* download.h — a file made for one download: written to an unnamed
 * temporary file (O_TMPFILE in $TMPDIR, else a file unlinked at once) and
 * sent from it, so a large export never sits in memory. Used by the case
 * list's exports (cases_export.c), the release register's CSV and the
 * obstacle and follow-up reports (obstacle_report.c, followup.c). */
#ifndef DATALOTS_DOWNLOAD_H
#define DATALOTS_DOWNLOAD_H

#include "core/err.h"
#include "store/obstacle_report.h"
#include "web/http.h"

/* A new temporary file open for reading and writing; -1 on failure. */
int download_temp_fd(void);
/* A path for a writer that wants a name (libxlsxwriter): "$TMPDIR/…XXXXXX"
 * created empty; the caller unlinks it. NULL on failure. */
const char *download_temp_path(request *r);
/* Sends fd (rewound) as an attachment named file_name; closes fd on
 * failure (answering 500) and returns -1, else the response owns it: 0. */
int download_send(request *r, int fd, const char *mime, const char *file_name);
/* A report made for one download (the obstacle report, the follow-up
 * figures): write(ctx, fd, e) fills a temporary file, then it is sent as
 * file_name. 0 when sent; -1 when an error was answered (the writer's
 * failure with its status and "Rapporten kunde inte skapas …"). */
int download_report(request *r, dl_err (*write)(const void *ctx, int fd, dl_error *e), const void *ctx,
                    const char *mime, const char *file_name);

/* A report's period from its query's from and to (either NULL: the twelve
 * months up to today, Europe/Stockholm): 1, or 0 when a 400 was answered
 * with the sentence of obstacle_period_parse(). */
int report_period_of(request *r, const char *from, const char *to, int64_t now, obstacle_period *out);

#endif
