/* loopback_http.h — for the tests of HTTP clients (oidc/oidc_client.c): a
 * tiny HTTP/1.1 server on 127.0.0.1, in a thread, that takes connections
 * one after another, keeps each request as it came (request line, headers,
 * body by Content-Length) and answers with bytes the test wrote — or, in
 * silent mode, accepts and never answers. It stops after max_conns
 * connections or when loopback_http_stop() is called. */
#ifndef DATALOTS_TEST_LOOPBACK_HTTP_H
#define DATALOTS_TEST_LOOPBACK_HTTP_H

#include <pthread.h>
#include <stddef.h>

#define LOOPBACK_REQ_MAX 65536

typedef struct loopback_http {
    int fd, port, silent, max_conns, conns;
    const char *answer; /* the whole answer: status line, headers, body */
    size_t answer_len;
    char request[LOOPBACK_REQ_MAX]; /* the last request, NUL-terminated */
    size_t request_len;
    pthread_t thread;
    int running;
} loopback_http;

/* Starts the server answering every request with answer (answer_len bytes;
 * NULL with silent set). 0 on success. */
int loopback_http_start(loopback_http *s, const char *answer, size_t answer_len, int silent, int max_conns);
/* Waits for the thread (closing the listening socket first). */
void loopback_http_stop(loopback_http *s);
/* "http://127.0.0.1:PORT" + path, in a static buffer. */
const char *loopback_http_url(const loopback_http *s, const char *path);
/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
int loopback_closed_port(void);

#endif
