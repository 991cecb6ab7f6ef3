/* pathparam.c — route patterns with {parameters} and strict id parsing for
 * the values they capture; see pathparam.h. */
#include "web/pathparam.h"

#include <string.h>

/* Length of the segment starting at s (up to the next '/' or end). */
static size_t seg_len(const char *s, const char *end)
{
    const char *p = s;
    while (p < end && *p != '/') p++;
    return (size_t)(p - s);
}

static int is_param_seg(const char *s, size_t n)
{
    if (n < 3 || s[0] != '{' || s[n - 1] != '}') return 0;
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '{' || s[i] == '}') return 0;
    return 1;
}

int path_match(const char *pattern, const char *path, const char **params,
               size_t *param_lens, int max_params)
{
    if (!pattern || !path || max_params < 0) return -1;
    if (max_params > 0 && (!params || !param_lens)) return -1;
    size_t plen = strnlen(pattern, PATH_MATCH_MAX_LEN + 1);
    size_t len = strnlen(path, PATH_MATCH_MAX_LEN + 1);
    if (plen > PATH_MATCH_MAX_LEN || len > PATH_MATCH_MAX_LEN) return -1;

    const char *pp = pattern, *pend = pattern + plen;
    const char *sp = path, *send = path + len;
    int n = 0;
    for (;;) {
        size_t pl = seg_len(pp, pend), sl = seg_len(sp, send);
        if (is_param_seg(pp, pl)) {
            if (sl == 0) return -1;
            if (n >= max_params) return -1;
            params[n] = sp;
            param_lens[n] = sl;
            n++;
        } else if (pl != sl || memcmp(pp, sp, pl) != 0) {
            return -1;
        }
        pp += pl;
        sp += sl;
        int pmore = pp < pend, smore = sp < send; /* each at a '/' if more */
        if (pmore != smore) return -1;
        if (!pmore) return n;
        pp++; /* skip the '/' in both */
        sp++;
    }
}

int path_param_id(const char *s, size_t n, int64_t *out)
{
    if (!s || !out || n == 0 || n > 18) return 0;
    if (s[0] == '0') return 0;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0'); /* 18 digits < 10^18 < INT64_MAX */
    }
    *out = v;
    return 1;
}
