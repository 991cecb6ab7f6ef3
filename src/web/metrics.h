/* metrics.h — Prometheus text for /metrics: requests by route and status, a
 * latency histogram, connections refused at accept, store errors. Per
 * process (each app server is scraped on its own). */
#ifndef DATALOTS_METRICS_H
#define DATALOTS_METRICS_H

#include <stdint.h>
#include "core/strbuf.h"

/* route must be a string that lives for the whole run (a route pattern). */
void metrics_observe(const char *route, int status, int64_t duration_ns);
/* A connection closed at accept: its address had --max-connections-per-address open. */
void metrics_connection_refused(void);
void metrics_render(strbuf *out);

#endif
