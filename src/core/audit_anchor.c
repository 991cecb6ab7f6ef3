/* audit_anchor.c — formats and parses audit anchor lines (format in
 * audit_anchor.h). The parser is strict: an anchor that does not parse is
 * reported, never skipped, since a skipped line would be an anchor that is
 * silently not checked. */
#include "core/audit_anchor.h"
#include "core/clock.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SHAPE "\"YYYY-MM-DDTHH:MM:SSZ seq=N hash=<64 hex digits>\""

void audit_anchor_format(const audit_anchor *a, char out[AUDIT_ANCHOR_LINE_MAX + 1])
{
    char at[32];
    clock_iso_utc(a->at, at);
    snprintf(out, AUDIT_ANCHOR_LINE_MAX + 1, "%s seq=%" PRId64 " hash=%.64s", at, a->seq, a->hash);
}

/* A short, printable copy of untrusted text for an error message: at most
 * 24 bytes, anything but printable ASCII shown as '?'. */
static const char *excerpt(const char *s, char out[32])
{
    size_t n = 0;
    for (; s[n] && n < 24; n++) out[n] = (s[n] >= 0x20 && s[n] < 0x7f) ? s[n] : '?';
    snprintf(out + n, 32 - n, "%s", s[n] ? "..." : "");
    return out;
}

static dl_err parse_time(const char *s, int64_t *at, dl_error *e)
{
    char back[32], shown[32];
    *at = clock_parse_iso_utc(s);
    if (*at >= 0) clock_iso_utc(*at, back);
    if (*at < 0 || strcmp(back, s) != 0)
        return dl_fail(e, DL_EINVAL, "the time \"%s\" is not a UTC time YYYY-MM-DDTHH:MM:SSZ", excerpt(s, shown));
    return DL_OK;
}

/* "seq=" and 1 to 18 decimal digits, no sign, no leading zero. */
static dl_err parse_seq(const char *s, int64_t *seq, dl_error *e)
{
    char shown[32];
    size_t n = strncmp(s, "seq=", 4) == 0 ? strlen(s + 4) : 0;
    int ok = n >= 1 && n <= 18 && strspn(s + 4, "0123456789") == n && (s[4] != '0' || n == 1);
    if (!ok) return dl_fail(e, DL_EINVAL, "expected seq=N with N a row number, not \"%s\"", excerpt(s, shown));
    *seq = 0;
    for (const char *p = s + 4; *p; p++) *seq = *seq * 10 + (*p - '0');
    return DL_OK;
}

static dl_err parse_hash(const char *s, char hash[65], dl_error *e)
{
    char shown[32];
    if (strncmp(s, "hash=", 5) != 0 || strlen(s + 5) != 64 || strspn(s + 5, "0123456789abcdef") != 64)
        return dl_fail(e, DL_EINVAL, "expected hash= and 64 lowercase hex digits, not \"%s\"", excerpt(s, shown));
    memcpy(hash, s + 5, 65);
    return DL_OK;
}

dl_err audit_anchor_parse(const char *line, size_t len, audit_anchor *out, dl_error *e)
{
    if (len && line[len - 1] == '\r') len--;
    if (len > AUDIT_ANCHOR_LINE_MAX)
        return dl_fail(e, DL_EINVAL, "the line is %zu bytes long, an anchor line at most %d; expected " SHAPE,
                       len, AUDIT_ANCHOR_LINE_MAX);
    if (memchr(line, '\0', len)) return dl_fail(e, DL_EINVAL, "the line holds a NUL byte; expected " SHAPE);
    char buf[AUDIT_ANCHOR_LINE_MAX + 1];
    memcpy(buf, line, len);
    buf[len] = '\0';
    char *seq = strchr(buf, ' ');
    char *hash = seq ? strchr(seq + 1, ' ') : NULL;
    if (!hash || strchr(hash + 1, ' ')) {
        char shown[32];
        return dl_fail(e, DL_EINVAL, "expected " SHAPE ", not \"%s\"", excerpt(buf, shown));
    }
    *seq++ = '\0';
    *hash++ = '\0';
    memset(out, 0, sizeof *out);
    dl_err rc = parse_time(buf, &out->at, e);
    if (rc == DL_OK) rc = parse_seq(seq, &out->seq, e);
    if (rc == DL_OK) rc = parse_hash(hash, out->hash, e);
    return rc;
}
