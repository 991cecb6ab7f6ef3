/* webvtt.c — the WebVTT captions check (see webvtt.h). The file is read
 * line by line (LF or CR LF) into blocks separated by blank lines; each
 * block is a comment or style/region definition (skipped) or a cue, whose
 * timing line is parsed strictly by the W3C syntax. The first problem ends
 * the check with its line and a sentence; nothing is allocated. */
#include "core/webvtt.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct reader {
    const char *p, *end;
    int line; /* of the line last returned */
};

/* The next line (without its LF or CR LF) into *s, *n; 0 at the end. */
static int next_line(struct reader *r, const char **s, size_t *n)
{
    if (r->p >= r->end) return 0;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *stop = nl ? nl : r->end;
    *s = r->p;
    *n = (size_t)(stop - r->p);
    if (*n && (*s)[*n - 1] == '\r') (*n)--;
    r->p = nl ? nl + 1 : r->end;
    r->line++;
    return 1;
}

__attribute__((format(printf, 4, 5))) static int fail(int *err_line, int line, char *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, 256, fmt, ap);
    va_end(ap);
    *err_line = line;
    return -1;
}

static int digits_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int64_t number(const char *s, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

int webvtt_timestamp(const char *s, size_t n, int64_t *ms)
{
    /* mm:ss.ttt is 9 bytes; hours add 2-5 digits and a colon */
    if (n < 9 || n > 15) return -1;
    const char *t = s + n - 9; /* mm:ss.ttt */
    if (t[2] != ':' || t[5] != '.' || !digits_at(t, 2) || !digits_at(t + 3, 2) || !digits_at(t + 6, 3)) return -1;
    int64_t hours = 0;
    if (n > 9) {
        size_t hn = n - 10;
        if (s[hn] != ':' || hn < 2 || !digits_at(s, hn)) return -1;
        hours = number(s, hn);
    }
    int64_t min = number(t, 2), sec = number(t + 3, 2), milli = number(t + 6, 3);
    if (min > 59 || sec > 59) return -1;
    *ms = ((hours * 60 + min) * 60 + sec) * 1000 + milli;
    return 0;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t'; }

/* "start --> end[ settings]": 0 and the times, or -1. */
static int parse_timing(const char *s, size_t n, int64_t *start, int64_t *end)
{
    const char *arrow = NULL;
    for (size_t i = 0; i + 3 <= n && !arrow; i++)
        if (memcmp(s + i, "-->", 3) == 0) arrow = s + i;
    if (!arrow) return -1;
    const char *a_end = arrow;
    while (a_end > s && is_blank(a_end[-1])) a_end--;
    if (a_end == arrow || webvtt_timestamp(s, (size_t)(a_end - s), start) != 0) return -1;
    const char *b = arrow + 3, *stop = s + n;
    if (b >= stop || !is_blank(*b)) return -1;
    while (b < stop && is_blank(*b)) b++;
    const char *b_end = b;
    while (b_end < stop && !is_blank(*b_end)) b_end++;
    return webvtt_timestamp(b, (size_t)(b_end - b), end);
}

/* 1 if line (n bytes) is word alone or word followed by a blank. */
static int starts_block(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && memcmp(s, word, w) == 0 && (n == w || is_blank(s[w]));
}

static int has_arrow(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (memcmp(s + i, "-->", 3) == 0) return 1;
    return 0;
}

int webvtt_check(const char *text, size_t len, webvtt_cue_fn cue_fn, void *ctx, int *err_line, char *err,
                 size_t errsz)
{
    char msg[256];
    int rc = -1, cues = 0;
    *err_line = 0;
    msg[0] = '\0';
    if (len > WEBVTT_MAX_FILE) {
        rc = fail(err_line, 0, msg, "the captions file is larger than %u KiB.", WEBVTT_MAX_FILE / 1024);
        goto out;
    }
    if (!utf8_valid(text, len) || memchr(text, '\0', len)) {
        rc = fail(err_line, 0, msg, "the captions file is not UTF-8 text (or holds a NUL byte); save it as UTF-8.");
        goto out;
    }
    struct reader r = {text, text + len, 0};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) r.p += 3;
    const char *s;
    size_t n;
    if (!next_line(&r, &s, &n) || !starts_block(s, n, "WEBVTT")) {
        rc = fail(err_line, 1, msg, "a WebVTT file must start with the line \"WEBVTT\".");
        goto out;
    }
    /* header lines up to the first blank line */
    while (next_line(&r, &s, &n) && n > 0)
        if (has_arrow(s, n)) {
            rc = fail(err_line, r.line, msg, "a blank line must follow the \"WEBVTT\" header before the first cue.");
            goto out;
        }
    int64_t prev_start = -1;
    for (;;) {
        int got;
        while ((got = next_line(&r, &s, &n)) && n == 0) {}
        if (!got) break;
        if (starts_block(s, n, "NOTE") || starts_block(s, n, "STYLE") || starts_block(s, n, "REGION")) {
            while (next_line(&r, &s, &n) && n > 0) {}
            continue;
        }
        if (!has_arrow(s, n)) { /* an identifier; the timing line follows */
            if (!next_line(&r, &s, &n) || !has_arrow(s, n)) {
                rc = fail(err_line, r.line, msg, "expected a cue timing line \"00:00:01.000 --> 00:00:04.000\" here.");
                goto out;
            }
        }
        int64_t start, end;
        int tline = r.line;
        if (parse_timing(s, n, &start, &end) != 0) {
            rc = fail(err_line, tline, msg,
                      "the cue timing must be \"[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt\" (minutes and seconds 00-59).");
            goto out;
        }
        if (end <= start) {
            rc = fail(err_line, tline, msg, "the cue ends before or when it starts; the end time must be later.");
            goto out;
        }
        if (start < prev_start) {
            rc = fail(err_line, tline, msg, "the cue starts before the cue above it; keep the cues in time order.");
            goto out;
        }
        prev_start = start;
        const char *body = r.p, *body_end = r.p;
        int lines = 0;
        while (next_line(&r, &s, &n) && n > 0) {
            if (has_arrow(s, n)) {
                rc = fail(err_line, r.line, msg, "a cue's text may not contain \"-->\"; is a blank line missing?");
                goto out;
            }
            body_end = s + n;
            lines++;
        }
        if (!lines) {
            rc = fail(err_line, tline, msg, "the cue has no text; write the words said under its timing line.");
            goto out;
        }
        if (++cues > WEBVTT_MAX_CUES) {
            rc = fail(err_line, tline, msg, "more than %d cues; split the film.", WEBVTT_MAX_CUES);
            goto out;
        }
        webvtt_cue cue = {start, end, body, (size_t)(body_end - body), tline};
        if (cue_fn && cue_fn(ctx, &cue)) break;
    }
    rc = cues;
out:
    if (rc < 0 && err && errsz) snprintf(err, errsz, "%s", msg);
    return rc;
}
