/* test_conn_limit.c — web/conn_limit.c, open connections per client
 * address, decided at accept: the limit is exact, trusted proxies are
 * exempt, a reservation libmicrohttpd never started is given back, the
 * table stays right through thousands of addresses coming and going and
 * under threads. */
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "web/conn_limit.h"
#include "web/peer.h"
#include "sockaddr_text.h"

static const struct sockaddr *sa_of(const char *text, socklen_t *len)
{
    return sockaddr_from_text(text, 40000, len);
}

/* admit + started, as libmicrohttpd calls them for one accepted connection:
 * returns the token (NULL when not counted), or (void *)-1 when refused. */
static void *open_from(conn_limit *cl, const char *ip)
{
    socklen_t len;
    const struct sockaddr *sa = sa_of(ip, &len);
    if (!conn_limit_admit(cl, sa, len)) return (void *)-1;
    return conn_limit_started(cl);
}

static void close_from(conn_limit *cl, void *token, const char *ip)
{
    socklen_t len;
    const struct sockaddr *sa = sa_of(ip, &len);
    conn_limit_closed(cl, token, sa, len);
}

TEST(conn_limit_is_exact_per_address)
{
    peer_trust none = {0};
    conn_limit *cl = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(conn_limit_new(2, 4096, &none, &cl, &e), DL_OK);
    void *a1 = open_from(cl, "192.0.2.1");
    void *a2 = open_from(cl, "192.0.2.1");
    CHECK(a1 != NULL && a1 != (void *)-1);
    CHECK(a2 != NULL && a2 != (void *)-1);
    CHECK(open_from(cl, "192.0.2.1") == (void *)-1);
    CHECK(open_from(cl, "::ffff:192.0.2.1") == (void *)-1); /* the same address */
    void *b1 = open_from(cl, "192.0.2.2");
    CHECK(b1 != (void *)-1);
    void *c1 = open_from(cl, "2001:db8::1");
    void *c2 = open_from(cl, "2001:db8::1");
    CHECK(c1 != (void *)-1 && c2 != (void *)-1);
    CHECK(open_from(cl, "2001:db8::1") == (void *)-1);
    CHECK(open_from(cl, "2001:db8::2") != (void *)-1); /* per address, not per /64 */
    close_from(cl, a1, "192.0.2.1");
    void *a3 = open_from(cl, "192.0.2.1");
    CHECK(a3 != (void *)-1);
    CHECK(open_from(cl, "192.0.2.1") == (void *)-1);
    close_from(cl, a2, "192.0.2.1");
    close_from(cl, a3, "192.0.2.1");
    CHECK(open_from(cl, "192.0.2.1") != (void *)-1);
    CHECK(open_from(cl, "192.0.2.1") != (void *)-1);
    conn_limit_free(cl);
}

TEST(conn_limit_exempts_trusted_proxies)
{
    peer_trust t;
    dl_error e = {0};
    CHECK_INT_EQ(peer_trust_parse("127.0.0.1", &t, &e), DL_OK);
    conn_limit *cl = NULL;
    CHECK_INT_EQ(conn_limit_new(1, 4096, &t, &cl, &e), DL_OK);
    for (int i = 0; i < 100; i++) {
        void *tok = open_from(cl, "127.0.0.1");
        CHECK(tok == NULL); /* accepted, not counted */
    }
    close_from(cl, NULL, "127.0.0.1"); /* no-op */
    CHECK(open_from(cl, "127.0.0.2") != (void *)-1);
    CHECK(open_from(cl, "127.0.0.2") == (void *)-1);
    conn_limit_free(cl);
}

TEST(conn_limit_gives_back_a_reservation_never_started)
{
    /* libmicrohttpd can drop a connection between the accept policy and
     * the start notification (its own out-of-memory): the reservation
     * that thread made is given back at its next accept. */
    peer_trust none = {0};
    conn_limit *cl = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(conn_limit_new(1, 4096, &none, &cl, &e), DL_OK);
    socklen_t len;
    const struct sockaddr *sa = sa_of("198.51.100.7", &len);
    CHECK(conn_limit_admit(cl, sa, len));
    CHECK(conn_limit_admit(cl, sa, len)); /* the first never started */
    void *tok = conn_limit_started(cl);
    CHECK(tok != NULL);
    CHECK(conn_limit_started(cl) == NULL); /* one reservation, taken once */
    CHECK(!conn_limit_admit(cl, sa, len));
    conn_limit_closed(cl, tok, sa, len);
    CHECK(conn_limit_admit(cl, sa, len));
    conn_limit_free(cl);
}

/* Thousands of addresses opening and closing in a shuffled order, against
 * a plain array of expected counts: removal from the hash table must keep
 * every other address findable. */
TEST(conn_limit_table_stays_right_under_churn)
{
    enum { ADDRS = 5000, LIMIT = 3, ROUNDS = 60000 };
    static int expect[ADDRS];
    static void *tokens[ADDRS][LIMIT];
    memset(expect, 0, sizeof expect);
    peer_trust none = {0};
    conn_limit *cl = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(conn_limit_new(LIMIT, 4096, &none, &cl, &e), DL_OK);
    srand(12345);
    char ip[64];
    int open_now = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int i = rand() % ADDRS;
        if (i % 2) snprintf(ip, sizeof ip, "10.%d.%d.1", i / 256, i % 256);
        else snprintf(ip, sizeof ip, "2001:db8::%x", i);
        int want_open = open_now < 4000 && (expect[i] == 0 || rand() % 2);
        if (want_open) {
            void *tok = open_from(cl, ip);
            if (expect[i] == LIMIT) {
                if (tok != (void *)-1) { test_fail(__FILE__, __LINE__, "%s: over the limit accepted", ip); break; }
            } else {
                if (tok == (void *)-1 || tok == NULL) { test_fail(__FILE__, __LINE__, "%s: refused at %d", ip, expect[i]); break; }
                tokens[i][expect[i]++] = tok;
                open_now++;
            }
        } else if (expect[i] > 0) {
            close_from(cl, tokens[i][--expect[i]], ip);
            open_now--;
        }
    }
    /* Close everything; then every address has its full allowance again. */
    for (int i = 0; i < ADDRS; i++) {
        if (i % 2) snprintf(ip, sizeof ip, "10.%d.%d.1", i / 256, i % 256);
        else snprintf(ip, sizeof ip, "2001:db8::%x", i);
        while (expect[i] > 0) close_from(cl, tokens[i][--expect[i]], ip);
    }
    for (int i = 0; i < 3000; i++) {
        snprintf(ip, sizeof ip, "10.%d.%d.1", i / 256, i % 256);
        for (int k = 0; k < LIMIT; k++) CHECK(open_from(cl, ip) != (void *)-1);
        CHECK(open_from(cl, ip) == (void *)-1);
    }
    conn_limit_free(cl);
}

struct worker { conn_limit *cl; _Atomic int *inside; _Atomic int *max_inside; int refused; };

static void *hammer(void *arg)
{
    struct worker *w = arg;
    socklen_t len;
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "203.0.113.9", &sa.sin_addr);
    len = sizeof sa;
    for (int i = 0; i < 20000; i++) {
        if (!conn_limit_admit(w->cl, (struct sockaddr *)&sa, len)) { w->refused++; continue; }
        void *tok = conn_limit_started(w->cl);
        int now = atomic_fetch_add(w->inside, 1) + 1;
        int seen = atomic_load(w->max_inside);
        while (now > seen && !atomic_compare_exchange_weak(w->max_inside, &seen, now)) {}
        atomic_fetch_sub(w->inside, 1);
        conn_limit_closed(w->cl, tok, (struct sockaddr *)&sa, len);
    }
    return NULL;
}

TEST(conn_limit_holds_under_threads)
{
    peer_trust none = {0};
    conn_limit *cl = NULL;
    dl_error e = {0};
    CHECK_INT_EQ(conn_limit_new(3, 4096, &none, &cl, &e), DL_OK);
    _Atomic int inside = 0, max_inside = 0;
    pthread_t th[6];
    struct worker w[6];
    for (int i = 0; i < 6; i++) {
        w[i] = (struct worker){cl, &inside, &max_inside, 0};
        pthread_create(&th[i], NULL, hammer, &w[i]);
    }
    int refused = 0;
    for (int i = 0; i < 6; i++) {
        pthread_join(th[i], NULL);
        refused += w[i].refused;
    }
    CHECK(atomic_load(&max_inside) <= 3);
    /* All closed: the address has its 3 again, and no more. */
    for (int k = 0; k < 3; k++) CHECK(open_from(cl, "203.0.113.9") != (void *)-1);
    CHECK(open_from(cl, "203.0.113.9") == (void *)-1);
    (void)refused;
    conn_limit_free(cl);
}
