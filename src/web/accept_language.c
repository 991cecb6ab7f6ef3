/* accept_language.c — picks the best supported language for an
 * Accept-Language header with bounded work; see accept_language.h. */
#include "web/accept_language.h"

#include <stddef.h>
#include <string.h>

typedef struct lang_range {
    const char *tag; /* points into the header; "*" for the wildcard */
    size_t len;
    int q;           /* weight in thousandths, 0..1000 */
} lang_range;

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_ows(char c) { return c == ' ' || c == '\t'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

/* language-range = (1*8ALPHA *("-" 1*8alphanum)) / "*" */
static int valid_range(const char *s, size_t n)
{
    if (n == 1 && s[0] == '*') return 1;
    size_t i = 0, sub = 0;
    int first = 1;
    while (i < n) {
        size_t k = 0;
        while (i < n && s[i] != '-') {
            if (!(is_alpha(s[i]) || (!first && is_digit(s[i])))) return 0;
            i++;
            k++;
        }
        if (k < 1 || k > 8) return 0;
        sub++;
        first = 0;
        if (i < n) { /* at '-' */
            i++;
            if (i == n) return 0; /* trailing '-' */
        }
    }
    return sub > 0;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ); -1 if bad. */
static int parse_qvalue(const char *s, size_t n)
{
    if (n == 0 || (s[0] != '0' && s[0] != '1')) return -1;
    int whole = s[0] - '0';
    if (n == 1) return whole * 1000;
    if (s[1] != '.' || n > 5) return -1;
    int frac = 0, scale = 100;
    for (size_t i = 2; i < n; i++) {
        if (!is_digit(s[i])) return -1;
        frac += (s[i] - '0') * scale;
        scale /= 10;
    }
    if (whole == 1 && frac != 0) return -1;
    return whole * 1000 + frac;
}

/* Parses one list element s[0..n) into r. Returns 1 if well-formed. */
static int parse_entry(const char *s, size_t n, lang_range *r)
{
    size_t i = 0;
    while (i < n && is_ows(s[i])) i++;
    size_t start = i;
    while (i < n && s[i] != ';' && !is_ows(s[i])) i++;
    r->tag = s + start;
    r->len = i - start;
    r->q = 1000;
    if (!valid_range(r->tag, r->len)) return 0;
    while (i < n && is_ows(s[i])) i++;
    if (i == n) return 1;
    if (s[i] != ';') return 0;
    i++;
    while (i < n && is_ows(s[i])) i++;
    if (n - i < 2 || lower(s[i]) != 'q' || s[i + 1] != '=') return 0;
    i += 2;
    size_t qs = i;
    while (i < n && !is_ows(s[i]) && s[i] != ';') i++;
    int q = parse_qvalue(s + qs, i - qs);
    if (q < 0) return 0;
    while (i < n && is_ows(s[i])) i++;
    if (i != n) return 0; /* a second parameter or junk */
    r->q = q;
    return 1;
}

/* How specifically range r matches tag: 3 equal, 2 r is a prefix of tag,
 * 1 tag is a prefix of r, 0 no match. The wildcard is handled by the caller. */
static int match_level(const lang_range *r, const char *tag)
{
    size_t tl = strnlen(tag, 64);
    size_t m = r->len < tl ? r->len : tl;
    for (size_t i = 0; i < m; i++)
        if (lower(r->tag[i]) != lower(tag[i])) return 0;
    if (r->len == tl) return 3;
    if (r->len < tl) return tag[r->len] == '-' ? 2 : 0;
    return r->tag[tl] == '-' ? 1 : 0;
}

const char *accept_language_pick(const char *header, const char *const *supported,
                                 const char *fallback)
{
    if (!header || !supported) return fallback;

    size_t len = strnlen(header, ACCEPT_LANGUAGE_MAX_BYTES + 1);
    if (len > ACCEPT_LANGUAGE_MAX_BYTES) {
        /* Cut at the last comma inside the window: the entry the window
         * splits could read as a different, valid range ("en-G" of "en-GB"). */
        len = ACCEPT_LANGUAGE_MAX_BYTES;
        if (header[len] != ',') {
            while (len > 0 && header[len - 1] != ',') len--;
        }
    }

    lang_range ranges[ACCEPT_LANGUAGE_MAX_ENTRIES];
    int nr = 0, n_entries = 0;
    size_t i = 0;
    while (i < len && n_entries < ACCEPT_LANGUAGE_MAX_ENTRIES) {
        size_t start = i;
        while (i < len && header[i] != ',') i++;
        size_t elen = i - start;
        if (i < len) i++; /* skip ',' */
        /* Empty elements ("a,,b", " , ") are allowed by the list syntax. */
        size_t k = 0;
        while (k < elen && is_ows(header[start + k])) k++;
        if (k == elen) continue;
        n_entries++;
        if (parse_entry(header + start, elen, &ranges[nr])) nr++;
    }

    const char *best = NULL;
    int best_q = 0, best_pos = 0;
    for (size_t s = 0; supported[s] && s < 64; s++) {
        int level = 0, q = 0, pos = -1, wild = -1;
        for (int r = 0; r < nr; r++) {
            if (ranges[r].len == 1 && ranges[r].tag[0] == '*') {
                if (wild < 0) wild = r;
                continue;
            }
            int l = match_level(&ranges[r], supported[s]);
            if (l > level) {
                level = l;
                q = ranges[r].q;
                pos = r;
            }
        }
        if (pos < 0 && wild >= 0) {
            q = ranges[wild].q;
            pos = wild;
        }
        if (pos < 0 || q <= 0) continue;
        if (!best || q > best_q || (q == best_q && pos < best_pos)) {
            best = supported[s];
            best_q = q;
            best_pos = pos;
        }
    }
    return best ? best : fallback;
}
