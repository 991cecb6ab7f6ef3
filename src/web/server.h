/* server.h — the HTTP server on libmicrohttpd: a pool of worker threads on
 * epoll, limits on header, body and idle time, an access log line and
 * metrics per request, and a graceful stop (stop accepting, let requests in
 * flight finish, then close). */
#ifndef DATALOTS_SERVER_H
#define DATALOTS_SERVER_H

#include "core/err.h"

struct app;
typedef struct server server;

/* Binds and starts serving; *bound_port receives the real port (useful with
 * port 0). DL_ECONFIG with a sentence when the address is taken. */
dl_err server_start(struct app *app, server **out, int *bound_port, dl_error *e);
/* Stops accepting, waits up to grace_ms for requests in flight, then stops. */
void server_stop(server *s, int grace_ms);

#endif
