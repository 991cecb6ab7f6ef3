/* test_server.c — web/server.c and web/http.c in process: a real server on
 * 127.0.0.1, spoken to over a socket. Out of memory: the allocator hook
 * (core/alloc.h) fails every allocation after the Nth, for N = 0, 1, 2, …
 * until the request goes through; each answer on the way must be the
 * expected one or a 500 "Servern fick slut på minne." — never a crash, a
 * dropped connection or a half-built page. */
#include "test.h"
#include "fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/config.h"
#include "core/alloc.h"
#include "core/embedded.h"
#include "web/accesslog.h"
#include "web/app.h"
#include "web/http.h"
#include "web/server.h"

#define OOM_SV "Servern fick slut p\xc3\xa5 minne."

struct test_server {
    struct config cfg;
    struct web_config web;
    struct app app;
    server *srv;
    int port;
};

static int test_server_start(struct test_server *t, const char *trusted_proxies)
{
    memset(t, 0, sizeof *t);
    dl_error e = {0};
    char *argv[] = {NULL};
    int argc = 0;
    if (config_load(&t->cfg, &argc, argv, &e) != DL_OK) { test_fail(__FILE__, __LINE__, "config: %s", e.msg); return 0; }
    snprintf(t->cfg.listen, sizeof t->cfg.listen, "127.0.0.1:0");
    t->cfg.max_body = 4096;
    snprintf(t->cfg.trusted_proxies, sizeof t->cfg.trusted_proxies, "%s", trusted_proxies);
    static int migrated;
    if (!migrated++) db_close(fixture_store());
    if (config_web(&t->cfg, &t->web, &e) != DL_OK) { test_fail(__FILE__, __LINE__, "config: %s", e.msg); return 0; }
    t->app.cfg = &t->web;
    if (db_pool_open(fixture_url(), 3, &t->app.pool, &e) != DL_OK ||
        tmpl_set_load(embedded_templates, &t->app.templates, &e) != DL_OK ||
        accesslog_open("off", &e) != DL_OK || server_start(&t->app, &t->srv, &t->port, &e) != DL_OK) {
        test_fail(__FILE__, __LINE__, "start: %s", e.msg);
        return 0;
    }
    snprintf(t->app.secret, sizeof t->app.secret, "%064d", 7);
    return 1;
}

static void test_server_stop(struct test_server *t)
{
    server_stop(t->srv, 2000);
    tmpl_set_free(t->app.templates);
    db_pool_close(t->app.pool);
}

/* Sends req on a new connection to 127.0.0.1:port and reads until the
 * server closes it (at most 10 s). Uses no dl_ allocation, so the hook
 * counts only the server's. Returns the status, 0 when there was none. */
static int roundtrip(int port, const char *req, char *out, size_t outsz)
{
    out[0] = '\0';
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    size_t len = 0;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        send(fd, req, strlen(req), MSG_NOSIGNAL) == (ssize_t)strlen(req)) {
        for (;;) {
            struct pollfd p = {fd, POLLIN, 0};
            if (poll(&p, 1, 10000) <= 0) break;
            ssize_t n = recv(fd, out + len, outsz - 1 - len, 0);
            if (n <= 0) break;
            len += (size_t)n;
            if (len == outsz - 1) break;
        }
    }
    out[len] = '\0';
    close(fd);
    int status = 0;
    if (strncmp(out, "HTTP/1.", 7) == 0 && len >= 12) status = (int)strtol(out + 9, NULL, 10);
    return status;
}

static const char *body_of(const char *resp)
{
    const char *b = strstr(resp, "\r\n\r\n");
    return b ? b + 4 : "";
}

/* Sends req with allocations failing after N = 0, 1, 2, … until it gets the
 * answer it gets without failures (twice, as the previous request may
 * still be finishing): every answer on the way must be the out-of-memory
 * 500 (in JSON when json), with no-store and nosniff. 1 when so and when
 * at least one failure was met; else the test fails. */
static int oom_sweep(struct test_server *t, const char *name, const char *req, int json)
{
    static char resp[65536];
    int expected = roundtrip(t->port, req, resp, sizeof resp);
    if (expected == 0 || expected == 500) {
        test_fail(__FILE__, __LINE__, "%s: status %d without failures: %.300s", name, expected, resp);
        return 0;
    }
    int oom = 0, ok = 0;
    long n;
    for (n = 0; n < 5000 && ok < 2; n++) {
        dl_alloc_fail_after(n);
        int status = roundtrip(t->port, req, resp, sizeof resp);
        dl_alloc_fail_after(-1);
        if (status == expected) { ok++; continue; }
        const char *body = body_of(resp);
        if (status != 500 || !strstr(body, OOM_SV) || (json && !strstr(body, "{\"error\":{\"status\":500,")) ||
            !strstr(resp, "Cache-Control: no-store") || !strstr(resp, "X-Content-Type-Options: nosniff")) {
            test_fail(__FILE__, __LINE__, "%s, allocations failing after %ld: status %d (not %d or the 500): %.300s",
                      name, n, status, expected, resp);
            return 0;
        }
        oom++;
    }
    if (!oom || !ok) {
        test_fail(__FILE__, __LINE__, "%s: %d out-of-memory answers, %d normal ones in %ld rounds", name, oom, ok, n);
        return 0;
    }
    return 1;
}

TEST(server_out_of_memory_is_500_not_a_crash)
{
    static const struct { const char *name, *req; int json; } cases[] = {
        {"GET /healthz", "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 0},
        {"GET /metrics", "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 0},
        {"404 page", "GET /no/such HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 0},
        {"404 JSON", "GET /no/such?x=1 HTTP/1.1\r\nHost: t\r\nAccept: application/json\r\nConnection: close\r\n\r\n", 1},
        {"redirect (Location header)", "GET /account/password HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 0},
        {"POST with a body", "POST /login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                             "Content-Length: 21\r\nConnection: close\r\n\r\nusername=a&password=b", 0},
        {"POST, chunked body", "POST /login HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                               "15\r\nusername=a&password=b\r\n0\r\n\r\n", 0},
        {"unknown method", "FOO /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 0},
        {"no Host", "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", 0},
        {"no Host, JSON", "GET /api/v1/org HTTP/1.1\r\nConnection: close\r\n\r\n", 1},
        {"body too large", "POST /login HTTP/1.1\r\nHost: t\r\nContent-Length: 999999\r\nConnection: close\r\n\r\nx", 0},
    };
    static const char proxied[] = "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Forwarded-For: 10.1.2.3\r\nConnection: close\r\n\r\n";
    struct test_server t, behind;
    if (!test_server_start(&t, "")) return;
    if (!test_server_start(&behind, "127.0.0.1")) { test_server_stop(&t); return; }
    int whole = 1;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0] && whole; c++)
        whole = oom_sweep(&t, cases[c].name, cases[c].req, cases[c].json);
    if (whole) whole = oom_sweep(&behind, "via a trusted proxy", proxied, 0);

    /* The copies of the path, the method, the peer's and the forwarded
     * address usually fit in the request's first arena block (8192 bytes in
     * server.c). A path that fills that block to within a few bytes makes
     * each of them ask the allocator for a new block, which then fails. */
    size_t room = 8192 - ((sizeof(request) + 15) & ~(size_t)15);
    static char req[16384], name[64];
    for (size_t len = room - 48; len <= room + 16 && whole; len++) {
        for (int variant = 0; variant < 3 && whole; variant++) {
            int n = snprintf(req, sizeof req, "%s /", variant == 1 ? "FOO" : "GET");
            memset(req + n, 'a', len - 1);
            snprintf(req + n + len - 1, sizeof req - n - len + 1, " HTTP/1.1\r\nHost: t\r\n%sConnection: close\r\n\r\n",
                     variant == 2 ? "X-Forwarded-For: 10.1.2.3\r\n" : "");
            snprintf(name, sizeof name, "%zu-byte path, %s", len, variant == 0 ? "GET" : variant == 1 ? "FOO" : "via proxy");
            whole = oom_sweep(variant == 2 ? &behind : &t, name, req, 0);
        }
    }
    /* And the servers are whole afterwards. */
    static char resp[4096];
    int after = roundtrip(t.port, cases[0].req, resp, sizeof resp), behind_after = roundtrip(behind.port, proxied, resp, sizeof resp);
    test_server_stop(&t);
    test_server_stop(&behind);
    CHECK(whole);
    CHECK_INT_EQ(after, 200);
    CHECK_INT_EQ(behind_after, 200);
    CHECK(fixture_no_leaks());
}
