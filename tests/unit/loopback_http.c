/* loopback_http.c — see loopback_http.h. */
#include "loopback_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* The request of one connection into s->request; 0 when it broke off. */
static int read_request(loopback_http *s, int c)
{
    size_t len = 0, want = 0;
    int have_head = 0;
    s->request_len = 0;
    s->request[0] = '\0';
    for (;;) {
        if (len >= sizeof s->request - 1) return 0;
        ssize_t got = recv(c, s->request + len, sizeof s->request - 1 - len, 0);
        if (got <= 0) return 0;
        len += (size_t)got;
        s->request[len] = '\0';
        s->request_len = len;
        if (!have_head) {
            char *end = strstr(s->request, "\r\n\r\n");
            if (!end) continue;
            have_head = 1;
            size_t body_len = 0;
            for (char *line = strstr(s->request, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n"))
                if (strncasecmp(line + 2, "Content-Length:", 15) == 0) body_len = strtoul(line + 17, NULL, 10);
            want = (size_t)(end + 4 - s->request) + body_len;
        }
        if (len >= want) return 1;
    }
}

static void *serve(void *arg)
{
    loopback_http *s = arg;
    while (s->conns < s->max_conns) {
        int c = accept(s->fd, NULL, NULL);
        if (c < 0) break;
        s->conns++;
        struct timeval tv = {20, 0}; /* a client that hangs cannot hold the test longer */
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        int ok = read_request(s, c);
        if (ok && s->silent) {
            char sink[256];
            while (recv(c, sink, sizeof sink, 0) > 0) {} /* until the client gives up */
        } else if (ok) {
            size_t off = 0;
            while (off < s->answer_len) {
                ssize_t n = send(c, s->answer + off, s->answer_len - off, MSG_NOSIGNAL);
                if (n <= 0) break; /* the client hung up (it may refuse a long answer) */
                off += (size_t)n;
            }
            shutdown(c, SHUT_WR);
        }
        close(c);
    }
    return NULL;
}

int loopback_http_start(loopback_http *s, const char *answer, size_t answer_len, int silent, int max_conns)
{
    memset(s, 0, sizeof *s);
    s->answer = answer;
    s->answer_len = answer_len;
    s->silent = silent;
    s->max_conns = max_conns;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->fd, 8) != 0 ||
        getsockname(s->fd, (struct sockaddr *)&a, &alen) != 0) {
        close(s->fd);
        return -1;
    }
    s->port = ntohs(a.sin_port);
    if (pthread_create(&s->thread, NULL, serve, s) != 0) {
        close(s->fd);
        return -1;
    }
    s->running = 1;
    return 0;
}

void loopback_http_stop(loopback_http *s)
{
    if (!s->running) return;
    shutdown(s->fd, SHUT_RDWR); /* wakes accept() */
    pthread_join(s->thread, NULL);
    close(s->fd);
    s->running = 0;
}

const char *loopback_http_url(const loopback_http *s, const char *path)
{
    static char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
    return url;
}

int loopback_closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    int port = 0;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &alen) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0) close(fd);
    return port;
}
