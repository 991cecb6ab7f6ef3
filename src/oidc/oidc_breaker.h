/* oidc_breaker.h — a circuit breaker per provider, in this process's
 * memory: a provider that did not answer in time (DL_EBUSY from
 * oidc_client.c) is not called again for OIDC_BREAKER_SECONDS, and every
 * sign-in through it meanwhile is refused at once as provider_down. A
 * call to a provider holds the worker thread that makes it (libmicrohttpd
 * serves every connection of a thread from that thread), so without this
 * a provider that hangs would hold a worker for OIDC_HTTP_SECONDS at every
 * sign-in; with it, at most once per OIDC_BREAKER_SECONDS per server.
 * Thread-safe. */
#ifndef DATALOTS_OIDC_BREAKER_H
#define DATALOTS_OIDC_BREAKER_H

#include <stdint.h>

#define OIDC_BREAKER_SECONDS 30

/* Seconds until provider_id may be called again; 0 when it may now. */
int64_t oidc_breaker_wait(int64_t provider_id, int64_t now);
/* The provider did not answer in time. */
void oidc_breaker_trip(int64_t provider_id, int64_t now);
/* The provider answered. */
void oidc_breaker_reset(int64_t provider_id);

#endif
