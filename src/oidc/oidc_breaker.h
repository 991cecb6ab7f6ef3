/* oidc_breaker.h — a circuit breaker per provider, in this process's
 * memory: a provider that did not answer in time (a call that failed after
 * OIDC_CONNECT_SECONDS or more) is not called again for hold_off seconds
 * (serve --oidc-hold-off, default OIDC_BREAKER_SECONDS), and every sign-in
 * through it meanwhile is refused at once as provider_down. A call to a
 * provider holds the worker thread that makes it (libmicrohttpd serves
 * every connection of a thread from that thread), so without this a
 * provider that hangs would hold a worker for OIDC_HTTP_SECONDS at every
 * sign-in; with it, at most once per hold-off per server. A provider that
 * refuses connections at once holds nothing and trips nothing. Thread-safe. */
#ifndef DATALOTS_OIDC_BREAKER_H
#define DATALOTS_OIDC_BREAKER_H

#include <stdint.h>

#define OIDC_BREAKER_SECONDS 30

/* Seconds until provider_id may be called again; 0 when it may now. */
int64_t oidc_breaker_wait(int64_t provider_id, int64_t now, int hold_off);
/* The provider did not answer in time. */
void oidc_breaker_trip(int64_t provider_id, int64_t now);
/* The provider answered. */
void oidc_breaker_reset(int64_t provider_id);

#endif
