/* submit_limit.c — the flood limit's arithmetic (submit_limit.h). */
#include "core/submit_limit.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int64_t submit_limit_refused_until(int64_t window_start, int64_t sent, int limit)
{
    if (limit <= 0 || sent <= limit) return 0;
    return window_start > INT64_MAX - SUBMIT_WINDOW_SECONDS ? INT64_MAX : window_start + SUBMIT_WINDOW_SECONDS;
}

int submit_limit_minutes_left(int64_t until, int64_t now)
{
    int64_t s = until - now;
    if (s <= 60) return 1;
    int64_t m = (s + 59) / 60;
    return m > 1000000 ? 1000000 : (int)m;
}

void submit_limit_address_key(const char *client, char out[SUBMIT_ADDRESS_KEY_SIZE])
{
    unsigned char a[16];
    if (!client || !strchr(client, ':') || inet_pton(AF_INET6, client, a) != 1) {
        snprintf(out, SUBMIT_ADDRESS_KEY_SIZE, "%s", client ? client : "");
        return;
    }
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(a, mapped, sizeof mapped) == 0) {
        snprintf(out, SUBMIT_ADDRESS_KEY_SIZE, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
        return;
    }
    memset(a + 8, 0, 8);
    char text[INET6_ADDRSTRLEN];
    if (!inet_ntop(AF_INET6, a, text, sizeof text)) {
        snprintf(out, SUBMIT_ADDRESS_KEY_SIZE, "%s", client);
        return;
    }
    snprintf(out, SUBMIT_ADDRESS_KEY_SIZE, "%s/64", text);
}
