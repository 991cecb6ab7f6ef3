/* metrics.c — counters behind /metrics. Routes are the patterns of the route
 * table, so the label set is small and bounded. */
#include "web/metrics.h"
#include "db/db.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define MAX_SERIES 256

struct series { const char *route; int status; uint64_t count; };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series series[MAX_SERIES];
static int n_series;
static uint64_t dropped;

static const double bucket_seconds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define N_BUCKETS (sizeof bucket_seconds / sizeof bucket_seconds[0])
static _Atomic uint64_t bucket_counts[N_BUCKETS + 1];
static _Atomic uint64_t duration_sum_us;
static _Atomic uint64_t duration_count;
static _Atomic uint64_t connections_refused;

void metrics_connection_refused(void) { atomic_fetch_add(&connections_refused, 1); }

void metrics_observe(const char *route, int status, int64_t duration_ns)
{
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < n_series; i++)
        if (series[i].route == route && series[i].status == status) break;
    if (i == n_series) {
        if (n_series < MAX_SERIES) series[n_series++] = (struct series){route, status, 0};
        else i = -1;
    }
    if (i >= 0) series[i].count++;
    else dropped++;
    pthread_mutex_unlock(&lock);

    double secs = (double)duration_ns / 1e9;
    size_t b = 0;
    while (b < N_BUCKETS && secs > bucket_seconds[b]) b++;
    atomic_fetch_add(&bucket_counts[b], 1);
    atomic_fetch_add(&duration_sum_us, (uint64_t)(duration_ns / 1000));
    atomic_fetch_add(&duration_count, 1);
}

void metrics_render(strbuf *out)
{
    sb_puts(out, "# HELP datalots_http_requests_total HTTP requests by route pattern and status.\n"
                 "# TYPE datalots_http_requests_total counter\n");
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n_series; i++)
        sb_printf(out, "datalots_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                  series[i].route, series[i].status, (unsigned long long)series[i].count);
    uint64_t lost = dropped;
    pthread_mutex_unlock(&lock);
    sb_printf(out, "# HELP datalots_metrics_series_dropped_total Observations not counted because the series table was full.\n"
                   "# TYPE datalots_metrics_series_dropped_total counter\n"
                   "datalots_metrics_series_dropped_total %llu\n", (unsigned long long)lost);
    sb_puts(out, "# HELP datalots_http_request_duration_seconds Time from request line to response queued.\n"
                 "# TYPE datalots_http_request_duration_seconds histogram\n");
    uint64_t cumulative = 0;
    for (size_t b = 0; b < N_BUCKETS; b++) {
        cumulative += atomic_load(&bucket_counts[b]);
        sb_printf(out, "datalots_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                  bucket_seconds[b], (unsigned long long)cumulative);
    }
    cumulative += atomic_load(&bucket_counts[N_BUCKETS]);
    sb_printf(out, "datalots_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cumulative);
    sb_printf(out, "datalots_http_request_duration_seconds_sum %.6f\n", (double)atomic_load(&duration_sum_us) / 1e6);
    sb_printf(out, "datalots_http_request_duration_seconds_count %llu\n", (unsigned long long)atomic_load(&duration_count));
    sb_printf(out, "# HELP datalots_http_connections_refused_total Connections closed at accept: their address "
                   "already had --max-connections-per-address open.\n"
                   "# TYPE datalots_http_connections_refused_total counter\n"
                   "datalots_http_connections_refused_total %llu\n",
              (unsigned long long)atomic_load(&connections_refused));
    sb_printf(out, "# HELP datalots_db_errors_total Store errors since start.\n"
                   "# TYPE datalots_db_errors_total counter\n"
                   "datalots_db_errors_total %llu\n", (unsigned long long)db_error_count());
}
