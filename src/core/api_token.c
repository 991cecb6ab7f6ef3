/* api_token.c — an API token's form, header, name and expiry (see
 * api_token.h). */
#include "core/api_token.h"
#include "core/calendar.h"
#include "core/utf8.h"
#include "crypto/token.h"

#include <string.h>
#include <strings.h>

void api_token_new(char out[API_TOKEN_SIZE])
{
    char hex[TOKEN_HEX_SIZE];
    token_random_hex(hex);
    memcpy(out, API_TOKEN_PREFIX, 3);
    memcpy(out + 3, hex, TOKEN_HEX_SIZE); /* with its NUL */
}

int api_token_well_formed(const char *s)
{
    return s && strncmp(s, API_TOKEN_PREFIX, 3) == 0 && hex_is_token(s + 3);
}

void api_token_hash(const char *token, char out[TOKEN_HEX_SIZE])
{
    sha256_hex(token, strlen(token), out);
}

api_bearer api_token_from_header(const char *header, const char **token)
{
    *token = NULL;
    if (!header) return API_BEARER_NONE;
    if (strlen(header) > API_TOKEN_HEADER_MAX) return API_BEARER_MALFORMED;
    if (strncasecmp(header, "Bearer ", 7) != 0) return API_BEARER_MALFORMED;
    const char *p = header + 7;
    while (*p == ' ') p++;
    if (!api_token_well_formed(p)) return API_BEARER_MALFORMED; /* also anything after it */
    *token = p;
    return API_BEARER_TOKEN;
}

const char *api_token_check_expiry(const char *date, int64_t now, int64_t *expires_at)
{
    cal_date d;
    if (!date || !cal_parse_iso(date, strlen(date), 1970, 9999, &d))
        return "Ange sista giltighetsdag som ÅÅÅÅ-MM-DD, till exempel 2027-06-30.";
    int64_t today = (now >= 0 ? now : now - 86399) / 86400, day = cal_to_days(d);
    if (day <= today) return "Sista giltighetsdagen måste ligga efter i dag.";
    if (day > today + API_TOKEN_MAX_DAYS) return "En API-nyckel får gälla högst 365 dagar framåt.";
    *expires_at = (day + 1) * 86400;
    return NULL;
}

const char *api_token_check_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0) return "Ge API-nyckeln ett namn, till exempel systemet som ska använda den.";
    if (n > API_TOKEN_NAME_MAX) return "Namnet får vara högst 80 tecken.";
    if (!utf8_valid(name, n)) return "Namnet innehåller ogiltiga tecken.";
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch < 0x20 || ch == 0x7f) return "Namnet får inte innehålla radbrytningar eller styrtecken.";
        if (ch != ' ') seen = 1;
    }
    return seen ? NULL : "Ge API-nyckeln ett namn, till exempel systemet som ska använda den.";
}
