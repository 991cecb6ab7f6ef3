/* conn_limit.h — at most N open connections per client address
 * (--max-connections-per-address), decided when libmicrohttpd accepts a
 * connection, before it costs more than the socket: one slow client can no
 * longer fill the server's whole connection limit. Trusted proxies
 * (--trusted-proxy) are exempt — every client behind one shares its
 * address; the proxy limits them itself (deploy/OPERATIONS.md).
 *
 * libmicrohttpd calls, all in the worker thread that accepted:
 *   accept policy       → conn_limit_admit(): reserve a place, or refuse
 *   NOTIFY_STARTED      → conn_limit_started(): the connection takes the
 *                         reservation; keep the token in socket_context
 *   NOTIFY_CLOSED       → conn_limit_closed(): give it back
 * libmicrohttpd can still drop a connection between the first two (its
 * own out-of-memory, no NOTIFY at all); the reservation that thread holds
 * is then given back at its next accept. */
#ifndef DATALOTS_CONN_LIMIT_H
#define DATALOTS_CONN_LIMIT_H

#include <sys/socket.h>

#include "core/err.h"
#include "web/peer.h"

typedef struct conn_limit conn_limit;

/* per_address: 1 or more; max_connections: the server's limit on all
 * connections, which bounds the number of addresses to keep (the table is
 * sized for it). trusted is copied. Free with conn_limit_free(). */
dl_err conn_limit_new(int per_address, int max_connections, const peer_trust *trusted, conn_limit **out,
                      dl_error *e);
void conn_limit_free(conn_limit *cl);

/* 1: accept (a place is reserved unless the address is a trusted proxy, or
 * not an IP address); 0: refuse — the address has per_address open. */
int conn_limit_admit(conn_limit *cl, const struct sockaddr *sa, socklen_t len);
/* The token for the connection this thread just admitted: non-NULL when it
 * holds a place, NULL when it is not counted. */
void *conn_limit_started(conn_limit *cl);
/* Gives the place back; sa is the connection's address (token NULL: nothing). */
void conn_limit_closed(conn_limit *cl, void *token, const struct sockaddr *sa, socklen_t len);

#endif
