/* token.c — the format of datalots' tokens: 64 lowercase hex digits (they
 * are made by crypto/token.c). */
#include "core/token.h"

int hex_is_token(const char *s)
{
    if (!s) return 0;
    for (int i = 0; i < 64; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0; /* NUL stops here */
    }
    return s[64] == '\0';
}
