/* accesslog.h — one JSON line per request: time, client, method, path
 * (without the query string, which may carry tokens), route, status, bytes,
 * milliseconds, user id. Never cookies, bodies or passwords. */
#ifndef DATALOTS_ACCESSLOG_H
#define DATALOTS_ACCESSLOG_H

#include <stdint.h>
#include "core/err.h"

struct request;

/* path: a file, "-" for standard error, "off" for none. */
dl_err accesslog_open(const char *path, dl_error *e);
void accesslog_write(struct request *r, int status, int64_t duration_ns, int aborted);
void accesslog_close(void);

#endif
