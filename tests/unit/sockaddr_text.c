/* sockaddr_text.c — a socket address from text, for the network tests. */
#include "sockaddr_text.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

const struct sockaddr *sockaddr_from_text(const char *text, int port, socklen_t *len)
{
    static struct sockaddr_storage slots[8];
    static int next;
    struct sockaddr_storage *ss = &slots[next++ % 8];
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((unsigned short)port);
        *len = sizeof *s4;
    } else if (inet_pton(AF_INET6, text, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((unsigned short)port);
        *len = sizeof *s6;
    } else {
        *len = 0;
        return NULL;
    }
    return (const struct sockaddr *)ss;
}
