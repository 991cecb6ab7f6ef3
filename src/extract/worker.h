/* worker.h — the extraction worker of `datalots serve`: a thread with a
 * store connection of its own that, every --extract-interval seconds,
 * claims the oldest claimable run (queued, or running with its lease run
 * out: a server that died mid-run) and runs it to its end. Stopping the
 * server stops the run at its next batch; it stays claimable and the next
 * server (or `datalots extract --case N`) resumes it. */
#ifndef DATALOTS_EXTRACT_WORKER_H
#define DATALOTS_EXTRACT_WORKER_H

#include "core/err.h"

typedef struct extract_worker extract_worker;

dl_err extract_worker_start(const char *db_url, const char *extract_dir, int interval_seconds, extract_worker **out,
                            dl_error *e);
/* Stops and joins the thread (a run in progress stops at its next batch).
 * NULL is fine. */
void extract_worker_stop(extract_worker *w);

#endif
