/* accept_media.c — accept_media_pick (accept_media.h). */
#include "web/accept_media.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RANGES 32

typedef struct range {
    const char *type, *sub; /* not NUL-terminated */
    size_t type_len, sub_len;
    int q;                  /* 0…1000 */
} range;

static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

/* q=0.5 → 500; a malformed q counts as 1 (RFC: "should" ignore). */
static int parse_q(const char *p, const char *end)
{
    if (p >= end || (*p != '0' && *p != '1')) return 1000;
    int q = (*p - '0') * 1000, scale = 100;
    p++;
    if (p < end && *p == '.') {
        for (p++; p < end && isdigit((unsigned char)*p) && scale > 0; p++, scale /= 10) q += (*p - '0') * scale;
    }
    return q > 1000 ? 1000 : q;
}

static int parse(const char *accept, range *out)
{
    int n = 0;
    const char *p = accept;
    while (*p && n < MAX_RANGES) {
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *s = skip_ws(p);
        const char *slash = memchr(s, '/', (size_t)(end - s));
        if (slash) {
            range *r = &out[n];
            r->type = s;
            r->type_len = (size_t)(slash - s);
            r->sub = slash + 1;
            const char *sub_end = r->sub;
            while (sub_end < end && *sub_end != ';' && *sub_end != ' ' && *sub_end != '\t') sub_end++;
            r->sub_len = (size_t)(sub_end - r->sub);
            r->q = 1000;
            for (const char *param = memchr(sub_end, ';', (size_t)(end - sub_end)); param;
                 param = memchr(param + 1, ';', (size_t)(end - param - 1))) {
                const char *k = skip_ws(param + 1);
                if ((k[0] == 'q' || k[0] == 'Q') && k[1] == '=') r->q = parse_q(k + 2, end);
            }
            if (r->type_len && r->sub_len) n++;
        }
        p = *end ? end + 1 : end;
    }
    return n;
}

static int part_eq(const char *x, size_t xl, const char *y, size_t yl)
{
    return xl == yl && strncasecmp(x, y, xl) == 0;
}

/* The q of offered type t by the most specific matching range; -1 if none. */
static int quality(const range *rs, int n, const char *t)
{
    const char *slash = strchr(t, '/');
    size_t tl = (size_t)(slash - t);
    const char *sub = slash + 1;
    int best_spec = -1, q = -1;
    for (int i = 0; i < n; i++) {
        const range *r = &rs[i];
        int spec;
        if (part_eq(r->type, r->type_len, "*", 1) && part_eq(r->sub, r->sub_len, "*", 1)) spec = 0;
        else if (!part_eq(r->type, r->type_len, t, tl)) continue;
        else if (part_eq(r->sub, r->sub_len, "*", 1)) spec = 1;
        else if (part_eq(r->sub, r->sub_len, sub, strlen(sub))) spec = 2;
        else continue;
        if (spec > best_spec) { best_spec = spec; q = r->q; }
    }
    return q;
}

int accept_media_pick(const char *accept, const char *const offered[])
{
    if (!accept || !*skip_ws(accept)) return offered[0] ? 0 : -1;
    range rs[MAX_RANGES];
    int n = parse(accept, rs);
    if (n == 0) return offered[0] ? 0 : -1;
    int best = -1, best_q = 0;
    for (int i = 0; offered[i]; i++) {
        int q = quality(rs, n, offered[i]);
        if (q > best_q) { best = i; best_q = q; }
    }
    return best;
}
