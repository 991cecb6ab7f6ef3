/* peer.c — connection addresses and the trusted-proxy list; see peer.h. */
#include "web/peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void set_v4(peer_addr *out, const void *four)
{
    memset(out, 0, sizeof *out);
    out->family = 4;
    memcpy(out->ip, four, 4);
}

static void set_v6(peer_addr *out, const uint8_t sixteen[16])
{
    if (memcmp(sixteen, v4_mapped_prefix, sizeof v4_mapped_prefix) == 0) {
        set_v4(out, sixteen + 12);
        return;
    }
    out->family = 6;
    memcpy(out->ip, sixteen, 16);
}

int peer_addr_of(const struct sockaddr *sa, socklen_t len, peer_addr *out)
{
    if (!sa) return 0;
    if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        set_v4(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr);
        return 1;
    }
    if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        set_v6(out, ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr);
        return 1;
    }
    return 0;
}

int peer_addr_parse(const char *text, peer_addr *out)
{
    uint8_t buf[16];
    if (inet_pton(AF_INET, text, buf) == 1) { set_v4(out, buf); return 1; }
    if (inet_pton(AF_INET6, text, buf) == 1) { set_v6(out, buf); return 1; }
    return 0;
}

int peer_addr_equal(const peer_addr *a, const peer_addr *b)
{
    return a->family == b->family && memcmp(a->ip, b->ip, sizeof a->ip) == 0;
}

dl_err peer_trust_parse(const char *list, peer_trust *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, ", \t");
        if (n) {
            if (out->n == PEER_TRUST_MAX)
                return dl_fail(e, DL_ECONFIG, "--trusted-proxy lists more than %d addresses", PEER_TRUST_MAX);
            char entry[INET6_ADDRSTRLEN + 1];
            int ok = n < sizeof entry;
            if (ok) {
                memcpy(entry, p, n);
                entry[n] = '\0';
                ok = peer_addr_parse(entry, &out->addr[out->n]);
            }
            if (!ok)
                return dl_fail(e, DL_ECONFIG, "--trusted-proxy: \"%.*s\" is not an IP address; list the proxies' "
                               "addresses as datalots sees them, e.g. 127.0.0.1,::1", (int)(n < 64 ? n : 64), p);
            out->n++;
        }
        p += n;
        p += strspn(p, ", \t");
    }
    return DL_OK;
}

int peer_trust_has(const peer_trust *t, const peer_addr *a)
{
    for (int i = 0; i < t->n; i++)
        if (peer_addr_equal(&t->addr[i], a)) return 1;
    return 0;
}
