/* server.c — libmicrohttpd glue. Per request:
 *   uri_log callback  → a request with its own arena (a spare of this thread,
 *                       arena_spare.h) and the raw URI
 *   access handler    → 1st call: check Host (400) and Content-Length (413),
 *                       else return (queueing now would make MHD close the
 *                       connection: see shared/design/performance.md,
 *                       pitfall 1);
 *                       upload calls: append the body within the limit;
 *                       last call: route, render, queue the response
 *   completed         → access log, metrics, the arena back to the spares
 * Per connection: the accept policy refuses an address that already has
 * --max-connections-per-address open (conn_limit.c), before libmicrohttpd
 * spends anything on it; the connection notifications count it in and out.
 * Out of memory anywhere on the way is a 500 built without the allocator
 * (queue_out_of_memory), never a crash or a half-built page.
 * The socket is bound here, before MHD starts, so "address in use" is a
 * clear error and port 0 works for tests. */
#include "web/server.h"
#include "web/accesslog.h"
#include "web/app.h"
#include "web/conn_limit.h"
#include "web/http.h"
#include "web/metrics.h"
#include "web/peer.h"
#include "web/i18n.h"
#include "web/router.h"
#include "core/alloc.h"
#include "core/arena_spare.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct server {
    struct MHD_Daemon *daemon;
    struct app *app;
    int fd;
    _Atomic int in_flight;
    peer_trust trusted;   /* --trusted-proxy */
    conn_limit *limit;    /* --max-connections-per-address */
};

#define MAX_CONNECTIONS 4096 /* all clients together */

/* Request line + headers per connection. MHD zeroes this pool between
 * keep-alive requests, so it is a per-request cost: keep it modest. */
#define HEADER_MEMORY_LIMIT (16 * 1024)
#define DRAIN_LIMIT ((size_t)64 << 20) /* bytes of an oversized body read and dropped */

int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    server *s = cls;
    arena *a = arena_spare_take(16384);
    if (!a) return NULL; /* on_request answers 500 without a request */
    request *r = arena_alloc(a, sizeof *r);
    if (!r) { arena_spare_give(a); return NULL; }
    r->a = a;
    r->app = s->app;
    r->mhd_conn = conn;
    r->started_ns = mono_ns();
    r->path = arena_strdup(a, uri ? uri : "/"); /* raw until the router decodes it */
    if (!r->path) r->res.oom = 1;
    atomic_fetch_add(&s->in_flight, 1);
    return r;
}

/* The method, and its name as a string that outlives the request (NULL
 * for an unknown method: the caller copies it). */
static http_method method_of(const char *m, const char **name)
{
    static const struct { const char *name; http_method m; } methods[] = {
        {"GET", HTTP_GET}, {"HEAD", HTTP_HEAD}, {"POST", HTTP_POST}, {"PUT", HTTP_PUT},
        {"DELETE", HTTP_DELETE}, {"PATCH", HTTP_PATCH}, {"OPTIONS", HTTP_OPTIONS},
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(m, methods[i].name) == 0) {
            *name = methods[i].name;
            return methods[i].m;
        }
    *name = NULL;
    return HTTP_OTHER;
}

static const char *peer_address(struct MHD_Connection *conn, arena *a)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char buf[INET6_ADDRSTRLEN] = "unknown";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, sizeof buf);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, sizeof buf);
    }
    return arena_strdup(a, buf); /* NULL: out of memory */
}

static socklen_t sockaddr_len(const struct sockaddr *sa)
{
    if (!sa) return 0;
    return sa->sa_family == AF_INET6 ? (socklen_t)sizeof(struct sockaddr_in6) : (socklen_t)sizeof(struct sockaddr_in);
}

static const struct sockaddr *peer_sockaddr(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return ci ? ci->client_addr : NULL;
}

static enum MHD_Result last_forwarded_for(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0) *(const char **)cls = value;
    return MHD_YES;
}

/* The client's address: the peer, or — when the peer is a trusted proxy —
 * the rightmost X-Forwarded-For entry, which that proxy appended itself
 * (entries further left are whatever the client claimed). Sign-in
 * throttling and the access log depend on it. NULL: out of memory. */
static const char *client_address(struct MHD_Connection *conn, arena *a, const char *peer,
                                  const peer_trust *trusted)
{
    if (!peer || !trusted->n) return peer;
    const struct sockaddr *sa = peer_sockaddr(conn);
    peer_addr pa;
    if (!peer_addr_of(sa, sockaddr_len(sa), &pa) || !peer_trust_has(trusted, &pa)) return peer;
    /* The last X-Forwarded-For line: a proxy that adds a line of its own
     * rather than appending to the client's must not let the client's
     * first line name the address. */
    const char *xff = NULL;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, last_forwarded_for, &xff);
    if (!xff) return peer;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ' || *last == '\t') last++;
    char addr[INET6_ADDRSTRLEN + 1];
    size_t n = strcspn(last, " \t");
    if (n == 0 || n >= sizeof addr) return peer;
    memcpy(addr, last, n);
    addr[n] = '\0';
    unsigned char buf[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, addr, buf) != 1 && inet_pton(AF_INET6, addr, buf) != 1) return peer;
    return arena_strdup(a, addr);
}

/* The out-of-memory answer's format, with no request to ask: JSON when the
 * client asks for it or for the API (as router_reject_early decides). */
static int early_wants_json(struct MHD_Connection *conn, const char *path)
{
    const char *accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");
    if (accept && strstr(accept, "application/json") && !strstr(accept, "text/html")) return 1;
    return path && strncmp(path, "/api/", 5) == 0;
}

/* The answer when an allocation failed (r is NULL when not even the request
 * could be made; url is libmicrohttpd's then). It asks nothing of the
 * allocator that just failed: the text is built on the stack and
 * libmicrohttpd copies it with its own malloc. The connection is closed
 * after it, to give memory back. */
static enum MHD_Result queue_out_of_memory(struct MHD_Connection *conn, request *r, const char *url)
{
    const char *msg = r ? tr(r, "Servern fick slut på minne.") : "Servern fick slut på minne.";
    int json = r && r->wants_json ? 1 : early_wants_json(conn, r ? r->path : url);
    char body[512];
    if (json) {
        size_t n = (size_t)snprintf(body, sizeof body, "{\"error\":{\"status\":%d,\"code\":%d,\"name\":\"%s\",\"message\":\"",
                                    http_status_of(DL_ENOMEM), (int)DL_ENOMEM, dl_err_name(DL_ENOMEM));
        for (const char *p = msg; *p && n + 8 < sizeof body; p++) {
            if (*p == '"' || *p == '\\') body[n++] = '\\';
            body[n++] = *p;
        }
        snprintf(body + n, sizeof body - n, "\"}}");
    } else {
        snprintf(body, sizeof body, "%d %s\n", http_status_of(DL_ENOMEM), msg);
    }
    if (r) r->res.status = 500;
    struct MHD_Response *mr = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_COPY);
    if (!mr) return MHD_NO;
    enum MHD_Result ok = MHD_NO;
    if (MHD_add_response_header(mr, "Content-Type", json ? "application/json" : "text/plain; charset=utf-8") &&
        MHD_add_response_header(mr, "Cache-Control", "no-store") &&
        MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff") &&
        MHD_add_response_header(mr, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'") &&
        MHD_add_response_header(mr, "Connection", "close"))
        ok = MHD_queue_response(conn, (unsigned)http_status_of(DL_ENOMEM), mr);
    MHD_destroy_response(mr);
    return ok;
}

/* Sends r's response. When any part of it could not be allocated — the
 * body, a header value, libmicrohttpd's copy of a header (it refuses one
 * only then, or for a CR/LF in it, which no handler sends) — the answer is
 * the 500 above instead: never a page without its security headers or
 * cookies. */
static enum MHD_Result queue(struct MHD_Connection *conn, request *r)
{
    response *res = &r->res;
    router_finish_headers(r);
    if (res->oom || res->body.oom) {
        if (res->has_file) { close(res->file_fd); res->has_file = 0; }
        return queue_out_of_memory(conn, r, NULL);
    }
    struct MHD_Response *mr = NULL;
    if (res->has_file) {
        /* libmicrohttpd owns the fd from here: it closes it when the response is destroyed. */
        res->has_file = 0;
        mr = MHD_create_response_from_fd64(res->file_size, res->file_fd);
        if (!mr) { close(res->file_fd); return queue_out_of_memory(conn, r, NULL); }
    } else {
        size_t len = 0;
        char *body = sb_steal(&res->body, &len); /* NULL for an empty body when even that failed */
        mr = MHD_create_response_from_buffer(len, body ? body : (char *)"",
                                             body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!mr) { dl_free(body); return queue_out_of_memory(conn, r, NULL); }
    }
    int complete = MHD_add_response_header(mr, "Content-Type", res->content_type ? res->content_type
                                                                                  : "text/html; charset=utf-8") == MHD_YES;
    for (int i = 0; i < res->n_headers && complete; i++)
        complete = MHD_add_response_header(mr, res->header_names[i], res->header_values[i]) == MHD_YES;
    enum MHD_Result ok = complete ? MHD_queue_response(conn, (unsigned)res->status, mr) : queue_out_of_memory(conn, r, NULL);
    MHD_destroy_response(mr);
    return ok;
}

struct host_headers { unsigned n; const char *value; };

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    struct host_headers *h = cls;
    if (key && strcasecmp(key, "Host") == 0) {
        h->n++;
        h->value = value ? value : "";
    }
    return MHD_YES;
}

/* uri-host [":" port] (RFC 3986): reg-name, IPv4 or [IP-literal] characters. */
static int host_value_ok(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        int alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
        if (!alnum && !strchr("-._~%!$&'()*+,;=:[]", *p)) return 0;
    }
    return 1;
}

/* RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without a
 * Host header, and to any request with more than one or with an invalid
 * value (HTTP/1.0 may leave it out). libmicrohttpd 0.9.75 checks only the
 * first, and only in its strict mode with its own bare page: done here, so
 * the answer is the usual error page or JSON. NULL when Host is fine,
 * otherwise the sentence for the client. */
static const char *host_problem(struct MHD_Connection *conn, const char *version)
{
    struct host_headers h = {0, NULL};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_host, &h);
    if (h.n > 1) return "Begäran har mer än ett Host-huvud.";
    if (h.n == 1) return host_value_ok(h.value) ? NULL : "Host-huvudet ska vara ett värdnamn eller en adress, med eller utan port.";
    int http10 = version && (strcmp(version, MHD_HTTP_VERSION_1_0) == 0 || strncmp(version, "HTTP/1.", 7) != 0);
    return http10 ? NULL : "En HTTP/1.1-begäran måste ha ett Host-huvud.";
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    server *s = cls;
    request *r = *con_cls;
    if (!r) { /* out of memory in on_uri: no request to log or route */
        metrics_observe("out-of-memory", 500, 0);
        return queue_out_of_memory(conn, NULL, url);
    }
    if (!r->method_text) { /* first call: headers are in */
        r->method = method_of(method, &r->method_text);
        if (!r->method_text) r->method_text = arena_strdup(r->a, method);
        if (!r->method_text) { r->method_text = "-"; r->res.oom = 1; }
        r->client = client_address(conn, r->a, peer_address(conn, r->a), &s->trusted);
        if (!r->client) r->res.oom = 1;
        if (r->res.oom) return queue_out_of_memory(conn, r, NULL);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end = NULL;
            errno = 0;
            unsigned long long n = strtoull(cl, &end, 10);
            if (errno || end == cl || *end || n > (unsigned long long)s->app->cfg->max_body) r->body_too_large = 1;
        }
        const char *bad_host = host_problem(conn, version);
        if (bad_host) {
            router_reject_early(r, "bad-host", DL_EREQUEST, bad_host);
            return queue(conn, r);
        }
        if (r->body_too_large) {
            router_reject_body(r);
            return queue(conn, r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        /* An oversized body (chunked, so no Content-Length to refuse up
         * front) is read and dropped so the client gets a clean 413 at its
         * end — closing with unread data would make the kernel reset the
         * connection and lose the answer. Past DRAIN_LIMIT, cut it off. */
        if (r->body_too_large || r->res.oom) {
            r->discarded += *upload_data_size;
            *upload_data_size = 0;
            return r->discarded > DRAIN_LIMIT ? MHD_NO : MHD_YES;
        }
        /* The body grows in a doubling buffer (freed when the request
         * completes), bounded by --max-body; a failed allocation on the
         * way is a 500, not "too large". */
        size_t limit = (size_t)s->app->cfg->max_body;
        r->body_buf.limit = limit;
        if (*upload_data_size > limit - r->body_buf.len) {
            r->body_too_large = 1;
            r->discarded = *upload_data_size;
        } else {
            sb_append(&r->body_buf, upload_data, *upload_data_size);
            if (r->body_buf.oom) {
                r->res.oom = 1;
                r->discarded = *upload_data_size;
            } else {
                r->body = r->body_buf.data;
                r->body_len = r->body_buf.len;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->res.oom) return queue_out_of_memory(conn, r, NULL);
    if (r->body_too_large) router_reject_body(r);
    else {
        /* dl_fail() formats its sentences in the request's language while
         * the request is handled, and only then (core/err.h). */
        dl_error_translate_with(i18n_translate_cb, r);
        router_dispatch(r);
        dl_error_translate_with(NULL, NULL);
    }
    return queue(conn, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    server *s = cls;
    request *r = *con_cls;
    if (!r) return;
    int64_t dur = mono_ns() - r->started_ns;
    if (r->method_text) {
        int status = r->res.status ? r->res.status : 500;
        metrics_observe(r->route_name ? r->route_name : "unmatched", status, dur);
        accesslog_write(r, status, dur, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
    }
    sb_free(&r->res.body);
    sb_free(&r->body_buf);
    arena_spare_give(r->a);
    *con_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

/* Accept policy: refuse an address with its limit of connections open. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    server *s = cls;
    if (conn_limit_admit(s->limit, addr, addrlen)) return MHD_YES;
    metrics_connection_refused();
    return MHD_NO;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    server *s = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = conn_limit_started(s->limit);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        const struct sockaddr *sa = peer_sockaddr(conn);
        conn_limit_closed(s->limit, *socket_context, sa, sockaddr_len(sa));
        *socket_context = NULL;
    }
}

static int bind_socket(const char *host, int port, int *bound_port, dl_error *e)
{
    struct sockaddr_in6 a6;
    struct sockaddr_in a4;
    memset(&a6, 0, sizeof a6);
    memset(&a4, 0, sizeof a4);
    int family = AF_INET;
    const char *h = host;
    char buf[128];
    if (h[0] == '[') { /* [::1] */
        snprintf(buf, sizeof buf, "%s", h + 1);
        char *close_br = strchr(buf, ']');
        if (close_br) *close_br = '\0';
        h = buf;
    }
    if (inet_pton(AF_INET, h, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, h, &a6.sin6_addr) == 1) {
        family = AF_INET6;
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
    } else if (strcmp(h, "localhost") == 0) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    } else {
        dl_fail(e, DL_ECONFIG, "cannot listen on \"%s\": give an IP address such as 127.0.0.1 or [::1]", host);
        return -1;
    }
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { dl_fail(e, DL_EIO, "cannot create a socket: %s", strerror(errno)); return -1; }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const struct sockaddr *sa = family == AF_INET ? (const struct sockaddr *)&a4 : (const struct sockaddr *)&a6;
    socklen_t salen = family == AF_INET ? sizeof a4 : sizeof a6;
    if (bind(fd, sa, salen) != 0) {
        int err = errno;
        close(fd);
        if (err == EADDRINUSE)
            dl_fail(e, DL_ECONFIG, "port %d on %s is already in use: stop the other program or choose another with --listen", port, host);
        else
            dl_fail(e, DL_ECONFIG, "cannot listen on %s:%d: %s", host, port, strerror(err));
        return -1;
    }
    if (listen(fd, 1024) != 0) {
        dl_fail(e, DL_EIO, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        close(fd);
        return -1;
    }
    struct sockaddr_storage got;
    socklen_t gotlen = sizeof got;
    getsockname(fd, (struct sockaddr *)&got, &gotlen);
    *bound_port = got.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&got)->sin_port)
                                           : ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
    return fd;
}

dl_err server_start(struct app *app, server **out, int *bound_port, dl_error *e)
{
    server *s = dl_calloc(1, sizeof *s);
    if (!s) return dl_fail(e, DL_ENOMEM, "out of memory");
    s->app = app;
    s->fd = -1;
    /* libmicrohttpd's own MHD_OPTION_PER_IP_CONNECTION_LIMIT cannot exempt
     * trusted proxies, hence conn_limit. */
    dl_err rc = peer_trust_parse(app->cfg->trusted_proxies, &s->trusted, e);
    if (rc == DL_OK)
        rc = conn_limit_new(app->cfg->max_connections_per_address, MAX_CONNECTIONS, &s->trusted, &s->limit, e);
    if (rc != DL_OK) goto out;
    s->fd = bind_socket(app->cfg->listen_host, app->cfg->listen_port, bound_port, e);
    if (s->fd < 0) { rc = e->code; goto out; }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO;
    s->daemon = MHD_start_daemon(flags, 0, on_accept, s, on_request, s,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)s->fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)app->cfg->workers,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY_LIMIT,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)app->cfg->request_timeout,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_END);
    if (!s->daemon) rc = dl_fail(e, DL_EIO, "the HTTP server could not start on %s", app->cfg->listen);
out:
    if (rc != DL_OK) {
        if (s->fd >= 0) close(s->fd);
        conn_limit_free(s->limit);
        dl_free(s);
        return rc;
    }
    *out = s;
    return DL_OK;
}

void server_stop(server *s, int grace_ms)
{
    if (!s) return;
    MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
    if (listen_fd != MHD_INVALID_SOCKET) close(listen_fd);
    for (int waited = 0; atomic_load(&s->in_flight) > 0 && waited < grace_ms; waited += 10) {
        struct timespec ts = {0, 10 * 1000000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(s->daemon);
    conn_limit_free(s->limit);
    dl_free(s);
}
