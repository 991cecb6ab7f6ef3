/* sockaddr_text.h — for the network tests: a socket address from text. */
#ifndef DATALOTS_TEST_SOCKADDR_TEXT_H
#define DATALOTS_TEST_SOCKADDR_TEXT_H

#include <sys/socket.h>

/* An IPv4 or IPv6 socket address from text, with port (one of 8 static
 * slots, reused in turn); NULL and *len 0 when text is no address. */
const struct sockaddr *sockaddr_from_text(const char *text, int port, socklen_t *len);

#endif
