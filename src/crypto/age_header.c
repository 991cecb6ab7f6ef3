/* age_header.c — parsing and writing the age header (spec: "Header"):
 *   age-encryption.org/v1
 *   -> TYPE ARG…          one or more stanzas, each with a body in base64
 *   BODY (64 columns)…    wrapped at 64 columns, ending with a shorter line
 *   --- MAC               HMAC-SHA-256 over everything up to "---"
 * Everything not exactly so is a header failure: CR, empty arguments,
 * non-canonical base64, a body line over 64 columns, a missing final line. */
#include "crypto/age_internal.h"
#include "core/alloc.h"

#include <string.h>

static int is_b64(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* The next line (including its LF) from s, at most AGE_MAX_LINE bytes, also
 * appended to the MAC input. 1: line and len set; 0: failure (e set). */
static int next_line(age_src *s, age_header *h, const char **line, size_t *len, age_failure *why, dl_error *e)
{
    size_t avail = age_src_fill(s, 1);
    size_t scanned = 0;
    for (;;) {
        const uint8_t *start = s->buf + s->pos;
        const uint8_t *lf = memchr(start + scanned, '\n', avail - scanned);
        if (lf) {
            *line = (const char *)start;
            *len = (size_t)(lf - start) + 1;
            s->pos += *len;
            sb_append(&h->mac_input, *line, *len);
            if (h->mac_input.len > AGE_MAX_HEADER) {
                *why = AGE_FAIL_HEADER;
                dl_fail(e, DL_EINVAL, "the header is larger than %u bytes", AGE_MAX_HEADER);
                return 0;
            }
            return 1;
        }
        scanned = avail;
        if (avail >= AGE_MAX_LINE) {
            *why = AGE_FAIL_HEADER;
            dl_fail(e, DL_EINVAL, "a header line is longer than %d bytes", AGE_MAX_LINE);
            return 0;
        }
        size_t more = age_src_fill(s, avail + 1);
        if (more <= avail) {
            *why = s->error ? AGE_FAIL_IO : AGE_FAIL_HEADER;
            dl_fail(e, s->error ? DL_EIO : DL_EINVAL, s->error ? "reading the file failed"
                                                              : "the file ends inside the header");
            return 0;
        }
        avail = more;
    }
}

static age_failure bad(dl_error *e, const char *msg)
{
    dl_fail(e, DL_EINVAL, "malformed header: %s", msg);
    return AGE_FAIL_HEADER;
}

static age_failure parse_stanza(age_src *s, age_header *h, const char *line, size_t len, dl_error *e)
{
    if (h->n_stanzas >= AGE_MAX_STANZAS) return bad(e, "too many recipient stanzas");
    age_stanza *st = &h->stanzas[h->n_stanzas++];
    /* "-> " arguments separated by single spaces, each 1*VCHAR */
    const char *p = line + 3, *end = line + len - 1;
    if (p >= end) return bad(e, "a stanza has no arguments");
    while (p < end) {
        const char *q = p;
        while (q < end && *q != ' ') {
            if ((unsigned char)*q < 0x21 || (unsigned char)*q > 0x7e) return bad(e, "a stanza argument has an invalid character");
            q++;
        }
        if (q == p) return bad(e, "a stanza has an empty argument");
        if (st->n_args >= AGE_MAX_ARGS) return bad(e, "a stanza has too many arguments");
        st->args[st->n_args] = dl_strndup(p, (size_t)(q - p));
        if (!st->args[st->n_args]) return bad(e, "out of memory");
        st->n_args++;
        p = q < end ? q + 1 : q;
        if (q < end && p == end) return bad(e, "a stanza line ends with a space");
    }
    /* body: full 64-column lines, then one shorter (maybe empty) line */
    strbuf text;
    sb_init(&text, 64);
    age_failure why = AGE_OK;
    for (;;) {
        const char *l;
        size_t n;
        if (!next_line(s, h, &l, &n, &why, e)) { sb_free(&text); return why; }
        size_t cols = n - 1;
        for (size_t i = 0; i < cols; i++)
            if (!is_b64(l[i])) { sb_free(&text); return bad(e, "a stanza body line is not base64 (or the body is missing)"); }
        if (cols > 64) { sb_free(&text); return bad(e, "a stanza body line is longer than 64 columns"); }
        sb_append(&text, l, cols);
        if (cols < 64) break;
        if (text.len > 64 * 1024) { sb_free(&text); return bad(e, "a stanza body is too long"); }
    }
    size_t maxlen = text.len * 3 / 4 + 3;
    st->body = dl_malloc(maxlen ? maxlen : 1);
    int rc = st->body ? age_b64_decode(text.data ? text.data : "", text.len, st->body, maxlen, (size_t)-1, &st->body_len) : -1;
    sb_free(&text);
    if (rc != 0) return bad(e, "a stanza body is not canonical base64");
    return AGE_OK;
}

age_failure age_header_parse(age_src *s, age_header *h, dl_error *e)
{
    memset(h, 0, sizeof *h);
    sb_init(&h->mac_input, 512);
    const char *line;
    size_t len;
    age_failure why = AGE_OK;
    if (!next_line(s, h, &line, &len, &why, e)) return why;
    if (len != strlen(AGE_VERSION_LINE) || memcmp(line, AGE_VERSION_LINE, len) != 0) {
        if (len > 19 && memcmp(line, "age-encryption.org/", 19) == 0)
            return bad(e, "unsupported version (only age-encryption.org/v1 is known)");
        return bad(e, "this is not an age file (no age-encryption.org/v1 line)");
    }
    for (;;) {
        if (!next_line(s, h, &line, &len, &why, e)) return why;
        if (len >= 3 && memcmp(line, "-> ", 3) == 0) {
            why = parse_stanza(s, h, line, len, e);
            if (why != AGE_OK) return why;
            continue;
        }
        if (len >= 3 && memcmp(line, "---", 3) == 0) {
            /* "--- " + 43 base64 characters + LF; the MAC covers up to "---" */
            h->mac_input.len -= len - 3;
            h->mac_input.data[h->mac_input.len] = '\0';
            if (len != 4 + 43 + 1 || line[3] != ' ' || age_b64_decode(line + 4, 43, h->mac, sizeof h->mac, 32, NULL) != 0)
                return bad(e, "the MAC line is not \"--- \" and 43 characters of canonical base64");
            if (h->n_stanzas == 0) return bad(e, "there is no recipient stanza");
            if (h->mac_input.oom) return bad(e, "out of memory");
            return AGE_OK;
        }
        return bad(e, "a line is neither a stanza nor the MAC line");
    }
}

void age_header_free(age_header *h)
{
    for (int i = 0; i < h->n_stanzas; i++) {
        for (int k = 0; k < h->stanzas[i].n_args; k++) dl_free(h->stanzas[i].args[k]);
        dl_free(h->stanzas[i].body);
    }
    sb_free(&h->mac_input);
    memset(h, 0, sizeof *h);
}

void age_stanza_encode(strbuf *out, const char *const *args, int n_args, const uint8_t *body, size_t n)
{
    sb_puts(out, "->");
    for (int i = 0; i < n_args; i++) {
        sb_putc(out, ' ');
        sb_puts(out, args[i]);
    }
    sb_putc(out, '\n');
    strbuf b;
    sb_init(&b, 64);
    age_b64_encode(&b, body, n);
    const char *t = sb_cstr(&b);
    size_t len = b.len, i = 0;
    for (; len - i >= 64; i += 64) { sb_append(out, t + i, 64); sb_putc(out, '\n'); }
    sb_append(out, t + i, len - i); /* the final short line, maybe empty */
    sb_putc(out, '\n');
    if (b.oom) out->oom = 1;
    sb_free(&b);
}
