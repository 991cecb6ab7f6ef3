/* age_armor.c — the ASCII armor of age files: a streaming, table-driven
 * base64 encoder that wraps at 64 columns, and a strict streaming decoder
 * that checks the armor line by line (the rules are in age_armor.h). */
#include "crypto/age_armor.h"
#include "core/alloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define COLUMNS 64                 /* base64 characters a full line */
#define LINE_BYTES 48              /* bytes a full line encodes */
#define BEGIN_LEN (sizeof AGE_ARMOR_BEGIN - 1)
#define END_LEN (sizeof AGE_ARMOR_END - 1)

/* ---- whitespace, as Go's unicode.IsSpace over UTF-8 ---- */

/* The length of the whitespace character at p, or 0 if p does not start
 * with one (invalid or overlong UTF-8 is not whitespace). */
static size_t space_len(const uint8_t *p, size_t n)
{
    if (n == 0) return 0;
    uint8_t c = p[0];
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (n >= 2 && c == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0)) return 2;   /* U+0085, U+00A0 */
    if (n < 3) return 0;
    if (c == 0xE1 && p[1] == 0x9A && p[2] == 0x80) return 3;               /* U+1680 */
    if (c == 0xE2 && p[1] == 0x80 &&
        ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
        return 3;                                      /* U+2000..200A, 2028, 2029, 202F */
    if (c == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) return 3;               /* U+205F */
    if (c == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;               /* U+3000 */
    return 0;
}

static int all_space(const uint8_t *p, size_t n)
{
    while (n > 0) {
        size_t k = space_len(p, n);
        if (k == 0) return 0;
        p += k;
        n -= k;
    }
    return 1;
}

int age_armor_detect(const uint8_t *buf, size_t n)
{
    size_t i = 0, k;
    while (i < n && (k = space_len(buf + i, n - i)) > 0) i += k;
    return n - i >= BEGIN_LEN && memcmp(buf + i, AGE_ARMOR_BEGIN, BEGIN_LEN) == 0;
}

/* ---- base64 tables ---- */

static const char b64_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Character → 6-bit value, 0xFF for anything else (including '='). */
static const uint8_t b64_value[256] = {
#define X 0xFF
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, 62, X, X, X, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X, X, X, X, X, X,
    X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X, X, X, X, X,
    X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
#undef X
};

/* Encodes n bytes (n <= 48) as one line: padded base64, then '\n'.
 * Returns the number of characters written. */
static size_t encode_line(const uint8_t *in, size_t n, char *o)
{
    char *start = o;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        o[0] = b64_alphabet[v >> 18];
        o[1] = b64_alphabet[(v >> 12) & 63];
        o[2] = b64_alphabet[(v >> 6) & 63];
        o[3] = b64_alphabet[v & 63];
        o += 4;
    }
    if (n - i == 1) {
        o[0] = b64_alphabet[in[i] >> 2];
        o[1] = b64_alphabet[(in[i] & 3) << 4];
        o[2] = '=';
        o[3] = '=';
        o += 4;
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 8 | in[i + 1];
        o[0] = b64_alphabet[v >> 10];
        o[1] = b64_alphabet[(v >> 4) & 63];
        o[2] = b64_alphabet[(v << 2) & 63];
        o[3] = '=';
        o += 4;
    }
    *o++ = '\n';
    return (size_t)(o - start);
}

/* Two base64 characters for every 12 bits (built per writer: 8 KiB). */
typedef char b64_pairs[4096][2];

static void build_pairs(b64_pairs pairs)
{
    for (int i = 0; i < 4096; i++) {
        pairs[i][0] = b64_alphabet[i >> 6];
        pairs[i][1] = b64_alphabet[i & 63];
    }
}

/* A full line (48 bytes → 64 characters and '\n'), two characters a lookup. */
static void encode_full_line(const b64_pairs pairs, const uint8_t *in, char *o)
{
    for (int i = 0; i < LINE_BYTES; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        memcpy(o, pairs[v >> 12], 2);
        memcpy(o + 2, pairs[v & 0xFFF], 2);
        o += 4;
    }
    *o = '\n';
}

/* For decoding full lines: each character's 6 bits already shifted into
 * place for its position in a group of 4; 0xFF000000 for a bad character. */
typedef uint32_t b64_shifted[4][256];

static void build_shifted(b64_shifted t)
{
    for (int c = 0; c < 256; c++)
        for (int k = 0; k < 4; k++)
            t[k][c] = b64_value[c] > 63 ? 0xFF000000u : (uint32_t)b64_value[c] << (18 - 6 * k);
}

/* A 64-column line without padding (the common case) → 48 bytes; 0 if any
 * character is bad (then decode_line says which). */
static int decode_full_line(const b64_shifted t, const uint8_t *s, uint8_t *out)
{
    uint32_t bad = 0;
    for (int i = 0; i < COLUMNS; i += 4) {
        uint32_t v = t[0][s[i]] | t[1][s[i + 1]] | t[2][s[i + 2]] | t[3][s[i + 3]];
        bad |= v;
        out[0] = (uint8_t)(v >> 16);
        out[1] = (uint8_t)(v >> 8);
        out[2] = (uint8_t)v;
        out += 3;
    }
    return (bad >> 24) == 0;
}

typedef enum b64_status {
    B64_OK = 0,
    B64_LENGTH,      /* not a multiple of 4 characters */
    B64_CHARACTER,   /* a character outside the alphabet, or '=' not at the end */
    B64_STRAY_BITS,  /* the bits under the padding are not zero: not canonical */
} b64_status;

/* Strict, canonical, padded base64 of one line (len > 0, len <= 64).
 * *bad receives the offset of the offending character. */
static b64_status decode_line(const uint8_t *s, size_t len, uint8_t *out, size_t *out_len, size_t *bad)
{
    if (len % 4 != 0) {
        for (size_t i = 0; i < len; i++)   /* a bad character is the better diagnosis */
            if (b64_value[s[i]] > 63 && s[i] != '=') { *bad = i; return B64_CHARACTER; }
        *bad = len;
        return B64_LENGTH;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        uint32_t a = b64_value[s[i]], b = b64_value[s[i + 1]];
        uint32_t c = b64_value[s[i + 2]], d = b64_value[s[i + 3]];
        if ((a | b | c | d) <= 63) {
            uint32_t v = a << 18 | b << 12 | c << 6 | d;
            out[o] = (uint8_t)(v >> 16);
            out[o + 1] = (uint8_t)(v >> 8);
            out[o + 2] = (uint8_t)v;
            o += 3;
            continue;
        }
        /* Padding: only in the last group, "xx==" or "xxx=". */
        int last = i + 4 == len;
        if (a > 63) { *bad = i; return B64_CHARACTER; }
        if (b > 63) { *bad = i + 1; return B64_CHARACTER; }
        if (last && s[i + 2] == '=' && s[i + 3] == '=') {
            if (b & 0x0F) { *bad = i + 1; return B64_STRAY_BITS; }
            out[o++] = (uint8_t)(a << 2 | b >> 4);
        } else if (last && c <= 63 && s[i + 3] == '=') {
            if (c & 0x03) { *bad = i + 2; return B64_STRAY_BITS; }
            uint32_t v = a << 10 | b << 4 | c >> 2;
            out[o++] = (uint8_t)(v >> 8);
            out[o++] = (uint8_t)v;
        } else {
            *bad = c > 63 ? i + 2 : i + 3;
            return B64_CHARACTER;
        }
    }
    *out_len = o;
    return B64_OK;
}

/* ---- writer ---- */

#define OUT_CAP (256 * (COLUMNS + 1))   /* 256 full lines, 16640 bytes */

struct age_armor_writer {
    age_write_fn out;
    void *out_ctx;
    uint8_t pend[LINE_BYTES];   /* input not yet making a full line */
    size_t n_pend;
    size_t n_buf;
    int finished, failed;
    b64_pairs pairs;
    char buf[OUT_CAP];
};

static int writer_flush(age_armor_writer *w)
{
    if (w->n_buf > 0 && w->out(w->out_ctx, (const uint8_t *)w->buf, w->n_buf) != 0) {
        w->failed = 1;
        return -1;
    }
    w->n_buf = 0;
    return 0;
}

/* Makes room for n more output bytes. */
static int writer_room(age_armor_writer *w, size_t n)
{
    return OUT_CAP - w->n_buf >= n ? 0 : writer_flush(w);
}

age_armor_writer *age_armor_writer_new(age_write_fn out, void *out_ctx)
{
    age_armor_writer *w = dl_malloc(sizeof *w);
    if (!w) return NULL;
    w->out = out;
    w->out_ctx = out_ctx;
    w->n_pend = 0;
    w->finished = w->failed = 0;
    build_pairs(w->pairs);
    memcpy(w->buf, AGE_ARMOR_BEGIN "\n", BEGIN_LEN + 1);
    w->n_buf = BEGIN_LEN + 1;
    return w;
}

int age_armor_write(void *writer, const uint8_t *buf, size_t n)
{
    age_armor_writer *w = writer;
    if (w->failed || w->finished) return -1;
    if (w->n_pend > 0) {
        size_t take = LINE_BYTES - w->n_pend < n ? LINE_BYTES - w->n_pend : n;
        memcpy(w->pend + w->n_pend, buf, take);
        w->n_pend += take;
        buf += take;
        n -= take;
        if (w->n_pend < LINE_BYTES) return 0;
        if (writer_room(w, COLUMNS + 1) != 0) return -1;
        encode_full_line((const char (*)[2])w->pairs, w->pend, w->buf + w->n_buf);
        w->n_buf += COLUMNS + 1;
        w->n_pend = 0;
    }
    while (n >= LINE_BYTES) {
        if (writer_room(w, COLUMNS + 1) != 0) return -1;
        /* As many whole lines as fit in the buffer, straight from buf. */
        size_t lines = (OUT_CAP - w->n_buf) / (COLUMNS + 1);
        if (lines > n / LINE_BYTES) lines = n / LINE_BYTES;
        char *o = w->buf + w->n_buf;
        for (size_t i = 0; i < lines; i++) {
            encode_full_line((const char (*)[2])w->pairs, buf, o);
            o += COLUMNS + 1;
            buf += LINE_BYTES;
        }
        w->n_buf = (size_t)(o - w->buf);
        n -= lines * LINE_BYTES;
    }
    memcpy(w->pend, buf, n);
    w->n_pend = n;
    return 0;
}

int age_armor_writer_finish(age_armor_writer *w)
{
    if (w->failed || w->finished) return -1;
    w->finished = 1;
    if (w->n_pend > 0) {
        if (writer_room(w, COLUMNS + 1) != 0) return -1;
        w->n_buf += encode_line(w->pend, w->n_pend, w->buf + w->n_buf);
        w->n_pend = 0;
    }
    if (writer_room(w, END_LEN + 1) != 0) return -1;
    memcpy(w->buf + w->n_buf, AGE_ARMOR_END "\n", END_LEN + 1);
    w->n_buf += END_LEN + 1;
    return writer_flush(w);
}

void age_armor_writer_free(age_armor_writer *w)
{
    dl_free(w);
}

/* ---- reader ---- */

#define IN_CAP 16384
/* Longest raw line (without "\n") worth buffering before deciding: before
 * the BEGIN line, a whitespace line this long already breaks the 1024-byte
 * limit and anything else is not the BEGIN line; after it, 64 columns and
 * a "\r". */
#define LEAD_MAX_RAW (AGE_ARMOR_MAX_WHITESPACE + 2)
#define DATA_MAX_RAW (COLUMNS + 1)

typedef enum rd_state {
    RD_START,   /* before the BEGIN line */
    RD_DATA,    /* full lines so far; next: a data line or the END line */
    RD_LAST,    /* a short line was the last; next: the END line */
    RD_DRAIN,   /* after the END line: checking the trailing whitespace */
    RD_DONE,
    RD_ERROR,
} rd_state;

struct age_armor_reader {
    age_read_fn in;
    void *in_ctx;
    rd_state state;
    int eof, malformed;
    size_t pos, len;            /* unread input: in_buf[pos, len) */
    size_t leading;             /* whitespace counted before the BEGIN line */
    unsigned long long line_no; /* of the last line read, from 1 */
    size_t out_pos, out_len;    /* decoded bytes not yet returned: out[out_pos, out_len) */
    uint8_t out[LINE_BYTES];
    char error[256];
    b64_shifted shifted;
    uint8_t in_buf[IN_CAP];
};

age_armor_reader *age_armor_reader_new(age_read_fn in, void *in_ctx)
{
    age_armor_reader *r = dl_malloc(sizeof *r);
    if (!r) return NULL;
    r->in = in;
    r->in_ctx = in_ctx;
    r->state = RD_START;
    r->eof = r->malformed = 0;
    r->pos = r->len = 0;
    r->leading = 0;
    r->line_no = 0;
    r->out_pos = r->out_len = 0;
    r->error[0] = '\0';
    build_shifted(r->shifted);
    return r;
}

void age_armor_reader_free(age_armor_reader *r)
{
    dl_free(r);
}

int age_armor_reader_malformed(const age_armor_reader *r)
{
    return r->state == RD_ERROR && r->malformed;
}

const char *age_armor_reader_error(const age_armor_reader *r)
{
    return r->error;
}

__attribute__((format(printf, 3, 4)))
static void reader_fail(age_armor_reader *r, int malformed, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    r->malformed = malformed;
    r->state = RD_ERROR;
}

/* A printable excerpt of a line for messages: at most 40 characters,
 * anything outside printable ASCII as '?'. */
static const char *excerpt(const uint8_t *s, size_t n, char out[48])
{
    size_t k = n > 40 ? 40 : n, i;
    for (i = 0; i < k; i++) out[i] = s[i] >= 0x20 && s[i] < 0x7F ? (char)s[i] : '?';
    if (n > k) { memcpy(out + k, "...", 3); k += 3; }
    out[k] = '\0';
    return out;
}

enum { LINE_OK = 1, LINE_EOF = 0, LINE_IO = -1, LINE_LONG = -2, LINE_WAIT = -3 };

/* Reads more input after compacting the buffer; -1 on an I/O error. */
static int reader_fill(age_armor_reader *r)
{
    if (r->pos > 0) {
        memmove(r->in_buf, r->in_buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    ssize_t k = r->in(r->in_ctx, r->in_buf + r->len, IN_CAP - r->len);
    if (k < 0) return -1;
    if (k == 0) r->eof = 1;
    else r->len += (size_t)k;
    return 0;
}

/* The next line, without its "\n" and then one "\r" (as Go's reader strips
 * them); the last line may lack the "\n". LINE_LONG when the line, "\r"
 * included, is longer than max_raw; LINE_WAIT when more input is needed
 * and may_read is 0. */
static int next_line(age_armor_reader *r, size_t max_raw, int may_read,
                     const uint8_t **line, size_t *len)
{
    size_t raw, used;
    for (;;) {
        const uint8_t *p = r->in_buf + r->pos;
        size_t avail = r->len - r->pos;
        const uint8_t *nl = memchr(p, '\n', avail > max_raw + 1 ? max_raw + 1 : avail);
        if (nl) { raw = (size_t)(nl - p); used = raw + 1; break; }
        if (avail > max_raw) return LINE_LONG;
        if (r->eof) {
            if (avail == 0) return LINE_EOF;
            raw = used = avail;
            break;
        }
        if (!may_read) return LINE_WAIT;
        if (reader_fill(r) != 0) return LINE_IO;
    }
    *line = r->in_buf + r->pos;
    if (raw > 0 && (*line)[raw - 1] == '\r') raw--;
    *len = raw;
    r->pos += used;
    r->line_no++;
    return LINE_OK;
}

static int is_line(const uint8_t *s, size_t n, const char *text, size_t text_len)
{
    return n == text_len && memcmp(s, text, n) == 0;
}

/* After the END line: less than 1024 bytes of whitespace, then EOF. */
static int reader_drain(age_armor_reader *r, int may_read)
{
    while (r->len - r->pos < AGE_ARMOR_MAX_WHITESPACE && !r->eof) {
        if (!may_read) return LINE_WAIT;
        if (reader_fill(r) != 0) {
            reader_fail(r, 0, "reading the armored input failed");
            return LINE_IO;
        }
    }
    size_t n = r->len - r->pos;
    if (n > AGE_ARMOR_MAX_WHITESPACE) n = AGE_ARMOR_MAX_WHITESPACE;
    if (!all_space(r->in_buf + r->pos, n))
        reader_fail(r, 1, "invalid armor: data after the END line (only whitespace may follow it)");
    else if (n == AGE_ARMOR_MAX_WHITESPACE)
        reader_fail(r, 1, "invalid armor: %d bytes or more of whitespace after the END line",
                    AGE_ARMOR_MAX_WHITESPACE);
    else
        r->state = RD_DONE;
    r->pos += n;
    return LINE_OK;
}

/* Reads one line and acts on it; decoded bytes (at most 48) go to dst and
 * their count to *produced. Returns LINE_WAIT if input is needed and
 * may_read is 0; otherwise LINE_OK (the state says whether it failed). */
static int reader_step(age_armor_reader *r, int may_read, uint8_t *dst, size_t *produced)
{
    const uint8_t *line = NULL;
    size_t len = 0;
    char ex[48];
    *produced = 0;

    if (r->state == RD_DRAIN) return reader_drain(r, may_read);

    int rc = next_line(r, r->state == RD_START ? LEAD_MAX_RAW : DATA_MAX_RAW, may_read, &line, &len);
    if (rc == LINE_WAIT) return LINE_WAIT;
    if (rc == LINE_IO) {
        reader_fail(r, 0, "reading the armored input failed");
        return LINE_OK;
    }
    /* The number of the line just looked at (read whole, or not). */
    unsigned long long no = rc == LINE_OK ? r->line_no : r->line_no + 1;

    switch (r->state) {
    case RD_START:
        if (rc == LINE_EOF) {
            reader_fail(r, 1, "invalid armor: the input ends before the line " AGE_ARMOR_BEGIN);
        } else if (rc == LINE_LONG) {
            reader_fail(r, 1, "invalid armor: line %llu is not the line " AGE_ARMOR_BEGIN
                        " (nor a line of whitespace shorter than %d bytes)", no,
                        AGE_ARMOR_MAX_WHITESPACE);
        } else if (all_space(line, len)) {
            r->leading += len + 1;
            if (r->leading > AGE_ARMOR_MAX_WHITESPACE)
                reader_fail(r, 1, "invalid armor: more than %d bytes of whitespace before the line "
                            AGE_ARMOR_BEGIN, AGE_ARMOR_MAX_WHITESPACE);
        } else if (is_line(line, len, AGE_ARMOR_BEGIN, BEGIN_LEN)) {
            r->state = RD_DATA;
        } else {
            reader_fail(r, 1, "invalid armor: line %llu \"%s\" is not the line " AGE_ARMOR_BEGIN,
                        no, excerpt(line, len, ex));
        }
        return LINE_OK;

    case RD_DATA:
        if (rc == LINE_EOF) {
            reader_fail(r, 1, "invalid armor: the input ends without the line " AGE_ARMOR_END);
        } else if (rc == LINE_LONG || len > COLUMNS) {
            reader_fail(r, 1, "invalid armor: line %llu is longer than %d columns", no, COLUMNS);
        } else if (is_line(line, len, AGE_ARMOR_END, END_LEN)) {
            r->state = RD_DRAIN;
            return reader_drain(r, may_read);
        } else if (len == 0) {
            reader_fail(r, 1, "invalid armor: line %llu is empty", no);
        } else if (len == COLUMNS && decode_full_line((const uint32_t (*)[256])r->shifted, line, dst)) {
            *produced = LINE_BYTES;
        } else {
            size_t bad = 0;
            switch (decode_line(line, len, dst, produced, &bad)) {
            case B64_OK:
                if (*produced < LINE_BYTES) r->state = RD_LAST;
                break;
            case B64_LENGTH:
                reader_fail(r, 1, "invalid armor: line %llu has %zu base64 characters, not a multiple of 4"
                            " (is the padding missing?)", no, len);
                break;
            case B64_CHARACTER:
                if (line[bad] == '=')
                    reader_fail(r, 1, "invalid armor: line %llu has misplaced padding '=' at column %zu",
                                no, bad + 1);
                else if (line[bad] > 0x20 && line[bad] < 0x7F)
                    reader_fail(r, 1, "invalid armor: line %llu has '%c', not base64, at column %zu",
                                no, line[bad], bad + 1);
                else
                    reader_fail(r, 1, "invalid armor: line %llu has the byte 0x%02X, not base64, at column %zu",
                                no, line[bad], bad + 1);
                break;
            case B64_STRAY_BITS:
                reader_fail(r, 1, "invalid armor: line %llu is not canonical base64 (stray bits before the padding)",
                            no);
                break;
            }
            if (r->state == RD_ERROR) *produced = 0;
        }
        return LINE_OK;

    case RD_LAST:
        if (rc == LINE_EOF) {
            reader_fail(r, 1, "invalid armor: the input ends without the line " AGE_ARMOR_END);
        } else if (rc == LINE_OK && is_line(line, len, AGE_ARMOR_END, END_LEN)) {
            r->state = RD_DRAIN;
            return reader_drain(r, may_read);
        } else {
            /* Only the last base64 line may be short. */
            reader_fail(r, 1, "invalid armor: line %llu follows a line shorter than %d columns, so it must be "
                        AGE_ARMOR_END ", not \"%s\"", no, COLUMNS,
                        rc == LINE_OK ? excerpt(line, len, ex) : "(a long line)");
        }
        return LINE_OK;

    default:
        return LINE_OK;
    }
}

ssize_t age_armor_read(void *reader, uint8_t *buf, size_t n)
{
    age_armor_reader *r = reader;
    if (n > (size_t)SSIZE_MAX) n = (size_t)SSIZE_MAX;
    size_t got = 0;
    while (got < n) {
        if (r->out_pos < r->out_len) {
            size_t k = r->out_len - r->out_pos;
            if (k > n - got) k = n - got;
            memcpy(buf + got, r->out + r->out_pos, k);
            r->out_pos += k;
            got += k;
            continue;
        }
        if (r->state == RD_DONE || r->state == RD_ERROR) break;
        /* Decode straight into buf when a whole line fits. */
        int direct = n - got >= LINE_BYTES;
        size_t produced = 0;
        /* Once some bytes are ready, return them rather than wait for input. */
        if (reader_step(r, got == 0, direct ? buf + got : r->out, &produced) == LINE_WAIT) break;
        if (direct) {
            got += produced;
        } else {
            r->out_pos = 0;
            r->out_len = produced;
        }
    }
    if (got > 0) return (ssize_t)got;
    return r->state == RD_ERROR ? -1 : 0;
}
