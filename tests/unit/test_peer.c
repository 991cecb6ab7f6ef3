/* test_peer.c — web/peer.c: connection addresses in a binary form that
 * compares by value (IPv4-mapped IPv6 is IPv4), and the --trusted-proxy
 * list, which takes IP addresses only. */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "web/peer.h"
#include "sockaddr_text.h"

static const struct sockaddr *sa_of(const char *text, socklen_t *len)
{
    return sockaddr_from_text(text, 0, len);
}

TEST(peer_addr_parses_and_normalises)
{
    peer_addr a, b;
    socklen_t len;
    CHECK(peer_addr_parse("127.0.0.1", &a));
    const struct sockaddr *sa = sa_of("127.0.0.1", &len);
    CHECK(peer_addr_of(sa, len, &b));
    CHECK(peer_addr_equal(&a, &b));
    sa = sa_of("::ffff:127.0.0.1", &len); /* IPv4 on an IPv6 socket */
    CHECK(peer_addr_of(sa, len, &b));
    CHECK(peer_addr_equal(&a, &b));
    CHECK(!peer_addr_of(sa, sizeof(struct sockaddr_in), &b)); /* too short for its family */
    CHECK(peer_addr_parse("::1", &a));
    CHECK(peer_addr_parse("0:0:0:0:0:0:0:1", &b));
    CHECK(peer_addr_equal(&a, &b));
    CHECK(peer_addr_parse("::ffff:10.0.0.1", &a));
    CHECK(peer_addr_parse("10.0.0.1", &b));
    CHECK(peer_addr_equal(&a, &b));
    CHECK(peer_addr_parse("10.0.0.2", &b));
    CHECK(!peer_addr_equal(&a, &b));
    static const char *const bad[] = {"", "localhost", "10.0.0.0/8", "10.0.0", "1.2.3.4 ", "[::1]", "::1%lo"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (peer_addr_parse(bad[i], &a)) test_fail(__FILE__, __LINE__, "\"%s\" parsed as an address", bad[i]);
    struct sockaddr un = {.sa_family = AF_UNIX};
    CHECK(!peer_addr_of(&un, sizeof un, &a));
    CHECK(!peer_addr_of(NULL, 0, &a));
}

TEST(peer_trust_list)
{
    peer_trust t;
    dl_error e = {0};
    CHECK_INT_EQ(peer_trust_parse("127.0.0.1, ::1,10.0.0.2", &t, &e), DL_OK);
    CHECK_INT_EQ(t.n, 3);
    peer_addr a;
    CHECK(peer_addr_parse("0:0::1", &a));
    CHECK(peer_trust_has(&t, &a));
    CHECK(peer_addr_parse("::ffff:10.0.0.2", &a));
    CHECK(peer_trust_has(&t, &a));
    CHECK(peer_addr_parse("10.0.0.3", &a));
    CHECK(!peer_trust_has(&t, &a));
    CHECK_INT_EQ(peer_trust_parse("", &t, &e), DL_OK);
    CHECK_INT_EQ(t.n, 0);
    CHECK(!peer_trust_has(&t, &a));
    CHECK_INT_EQ(peer_trust_parse("127.0.0.1,localhost", &t, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "\"localhost\"");
    CHECK_CONTAINS(e.msg, "--trusted-proxy");
    CHECK_INT_EQ(peer_trust_parse("10.0.0.0/8", &t, &e), DL_ECONFIG);
    CHECK_CONTAINS(e.msg, "10.0.0.0/8");
}
