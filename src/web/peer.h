/* peer.h — the address at the other end of a connection, in a binary form
 * that compares by value (IPv4-mapped IPv6, ::ffff:a.b.c.d, is the IPv4
 * address; 0:0::1 is ::1), and the list of trusted proxies
 * (--trusted-proxy) in that form. The accept policy (conn_limit.c) and the
 * X-Forwarded-For rule (server.c) ask the same list. */
#ifndef DATALOTS_PEER_H
#define DATALOTS_PEER_H

#include <stdint.h>
#include <sys/socket.h>

#include "core/err.h"

typedef struct peer_addr {
    uint8_t family;   /* 4 or 6 */
    uint8_t ip[16];   /* IPv4: the first 4 bytes; the rest zero */
} peer_addr;

/* 1 and *out filled for an IPv4 or IPv6 socket address; 0 otherwise. */
int peer_addr_of(const struct sockaddr *sa, socklen_t len, peer_addr *out);
/* 1 when text is exactly an IPv4 or IPv6 address (no brackets, port,
 * prefix length or zone). */
int peer_addr_parse(const char *text, peer_addr *out);
int peer_addr_equal(const peer_addr *a, const peer_addr *b);

#define PEER_TRUST_MAX 32

typedef struct peer_trust {
    peer_addr addr[PEER_TRUST_MAX];
    int n;
} peer_trust;

/* Parses a comma- or space-separated list of addresses. DL_ECONFIG with a
 * sentence naming the entry when one is not an address (a host name, a
 * network) or there are more than PEER_TRUST_MAX. */
dl_err peer_trust_parse(const char *list, peer_trust *out, dl_error *e);
int peer_trust_has(const peer_trust *t, const peer_addr *a);

#endif
