/* test_age_armor.c — the age ASCII armor (src/crypto/age_armor.c): round
 * trips at awkward lengths and I/O patterns, the exact output format (against
 * an independent encoding with libsodium and against `age -a`, when the age
 * tool is installed), the Go reader's edge cases, and every armored vector
 * of the age testkit (C2SP/CCTV), decoded by the armor reader alone. */
#include "test.h"

#include <dirent.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "crypto/age_armor.h"

/* zlib, if the binary is linked with it (a few testkit vectors are
 * compressed); the Makefile does not link it by default, so weak. */
extern int uncompress(unsigned char *dest, unsigned long *dest_len,
                      const unsigned char *src, unsigned long src_len) __attribute__((weak));

#define INTRO "age-encryption.org/v1\n"
#define BEGIN AGE_ARMOR_BEGIN
#define END AGE_ARMOR_END

/* ---- memory sinks and sources ---- */

typedef struct sink {
    uint8_t *p;
    size_t len, cap;
    long fail_after;   /* fail the write call after this many succeed; -1: never */
    long calls;
} sink;

static int sink_write(void *ctx, const uint8_t *buf, size_t n)
{
    sink *s = ctx;
    if (s->fail_after >= 0 && s->calls >= s->fail_after) return -1;
    s->calls++;
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n + 1) cap *= 2;
        uint8_t *p = realloc(s->p, cap);
        if (!p) return -1;
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->len, buf, n);
    s->len += n;
    s->p[s->len] = 0;   /* handy for text */
    return 0;
}

static sink sink_new(void) { return (sink){NULL, 0, 0, -1, 0}; }

typedef struct source {
    const uint8_t *p;
    size_t len, pos;
    size_t chunk;      /* at most this much a read call */
    int fail_at_end;   /* -1 instead of 0 at the end */
} source;

static ssize_t source_read(void *ctx, uint8_t *buf, size_t n)
{
    source *s = ctx;
    size_t k = s->len - s->pos;
    if (k > n) k = n;
    if (k > s->chunk) k = s->chunk;
    if (k == 0) return s->fail_at_end ? -1 : 0;
    memcpy(buf, s->p + s->pos, k);
    s->pos += k;
    return (ssize_t)k;
}

/* Armors data, writing it in pieces of the given sizes (cycled). 0 on success. */
static int armor_data(const uint8_t *data, size_t n, const size_t *pieces, size_t n_pieces, sink *out)
{
    age_armor_writer *w = age_armor_writer_new(sink_write, out);
    if (!w) return -1;
    size_t off = 0, i = 0;
    int rc = 0;
    while (off < n && rc == 0) {
        size_t k = pieces[i++ % n_pieces];
        if (k > n - off) k = n - off;
        rc = age_armor_write(w, data + off, k);
        off += k;
    }
    if (rc == 0) rc = age_armor_writer_finish(w);
    age_armor_writer_free(w);
    return rc;
}

typedef struct decoded {
    int ok;            /* reached a clean 0 */
    int malformed;     /* after a -1 */
    char error[256];
    size_t before_error;   /* bytes returned before the -1 */
    long calls;
} decoded;

/* Runs the armor reader over text, the source giving in_chunk bytes a call
 * and the caller asking for read_size; decoded bytes go to out. */
static decoded dearmor(const uint8_t *text, size_t len, size_t in_chunk, size_t read_size,
                       int fail_at_end, sink *out)
{
    decoded d = {0};
    source src = {text, len, 0, in_chunk, fail_at_end};
    age_armor_reader *r = age_armor_reader_new(source_read, &src);
    if (!r) { snprintf(d.error, sizeof d.error, "out of memory"); return d; }
    uint8_t *buf = malloc(read_size);
    for (;;) {
        ssize_t k = age_armor_read(r, buf, read_size);
        d.calls++;
        if (k > 0) {
            if ((size_t)k > read_size) { snprintf(d.error, sizeof d.error, "read too much"); break; }
            sink_write(out, buf, (size_t)k);
            continue;
        }
        if (k == 0) {
            d.ok = 1;
            /* Stays at the end. */
            if (age_armor_read(r, buf, read_size) != 0) { d.ok = 0; snprintf(d.error, sizeof d.error, "not sticky"); }
        } else {
            d.malformed = age_armor_reader_malformed(r);
            snprintf(d.error, sizeof d.error, "%s", age_armor_reader_error(r));
            d.before_error = out->len;
            /* Stays failed. */
            if (age_armor_read(r, buf, read_size) != -1) snprintf(d.error, sizeof d.error, "error not sticky");
        }
        break;
    }
    free(buf);
    age_armor_reader_free(r);
    return d;
}

/* What the armor of data must be, built independently: libsodium's padded
 * base64 of the whole, cut every 64 columns. */
static char *expected_armor(const uint8_t *data, size_t n)
{
    size_t b64_cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64_cap);
    sodium_bin2base64(b64, b64_cap, data, n, sodium_base64_VARIANT_ORIGINAL);
    size_t b64_len = strlen(b64);
    char *out = malloc(b64_len + b64_len / 64 + 200);
    size_t o = 0;
    o += (size_t)sprintf(out + o, "%s\n", BEGIN);
    for (size_t i = 0; i < b64_len; i += 64) {
        size_t k = b64_len - i < 64 ? b64_len - i : 64;
        memcpy(out + o, b64 + i, k);
        o += k;
        out[o++] = '\n';
    }
    sprintf(out + o, "%s\n", END);
    free(b64);
    return out;
}

/* Checks the shape line by line: BEGIN, lines of 64 but the last (1..64),
 * END, "\n" at the end, no empty line. Returns NULL or what is wrong. */
static const char *check_shape(const char *text, size_t n_bytes)
{
    size_t blen = strlen(BEGIN), elen = strlen(END);
    if (strncmp(text, BEGIN "\n", blen + 1) != 0) return "no BEGIN line";
    const char *p = text + blen + 1;
    size_t lines = 0, last = 64;
    for (;;) {
        const char *nl = strchr(p, '\n');
        if (!nl) return "a line without \\n";
        size_t len = (size_t)(nl - p);
        if (len == elen && strncmp(p, END, elen) == 0) {
            if (nl[1] != '\0') return "something after END";
            break;
        }
        if (last != 64) return "a short line that is not the last";
        if (len == 0 || len > 64) return "an empty or long line";
        last = len;
        lines++;
        p = nl + 1;
    }
    if (lines != (n_bytes + 47) / 48) return "wrong number of lines";
    return NULL;
}

static void fill_random(uint8_t *p, size_t n)
{
    if (sodium_init() < 0) abort();
    randombytes_buf(p, n);
}

/* ---- round trips ---- */

TEST(agearmor_roundtrip_lengths_and_io_patterns)
{
    static const size_t lengths[] = {0, 1, 2, 3, 47, 48, 49, 95, 96, 97, 65536, (1u << 20) + 3};
    static const size_t pieces_a[] = {1 << 30};               /* all at once */
    static const size_t pieces_b[] = {1, 47, 48, 49, 4095, 65536, 3};
    static const struct { size_t in_chunk, read_size; } pats[] = {
        {1 << 30, 65536}, {65, 48}, {7, 3}, {16384, 47}, {100000, 1 << 20}, {1, 1},
    };
    for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
        size_t n = lengths[li];
        uint8_t *data = malloc(n + 1);
        fill_random(data, n);

        sink a = sink_new(), b = sink_new();
        CHECK_INT_EQ(armor_data(data, n, pieces_a, 1, &a), 0);
        CHECK_INT_EQ(armor_data(data, n, pieces_b, 7, &b), 0);
        char *want = expected_armor(data, n);
        CHECK_STR_EQ((const char *)a.p, want);
        CHECK_STR_EQ((const char *)b.p, want);
        const char *bad = check_shape((const char *)a.p, n);
        if (bad) test_fail(__FILE__, __LINE__, "length %zu: %s", n, bad);
        CHECK(bad == NULL);

        for (size_t pi = 0; pi < sizeof pats / sizeof pats[0]; pi++) {
            if (pats[pi].in_chunk < 7 && n > 100000) continue;   /* slow under ASan; 7/3 covers it */
            sink d = sink_new();
            decoded r = dearmor(a.p, a.len, pats[pi].in_chunk, pats[pi].read_size, 0, &d);
            if (!r.ok) test_fail(__FILE__, __LINE__, "length %zu, pattern %zu: %s", n, pi, r.error);
            CHECK(r.ok);
            CHECK_INT_EQ(d.len, n);
            CHECK(n == 0 || memcmp(d.p, data, n) == 0);
            free(d.p);
        }
        free(want);
        free(a.p);
        free(b.p);
        free(data);
    }
}

TEST(agearmor_empty_input_armors_to_begin_end)
{
    sink s = sink_new();
    CHECK_INT_EQ(armor_data(NULL, 0, (const size_t[]){1}, 1, &s), 0);
    CHECK_STR_EQ((const char *)s.p, BEGIN "\n" END "\n");
    sink d = sink_new();
    decoded r = dearmor(s.p, s.len, 100, 100, 0, &d);
    CHECK(r.ok);
    CHECK_INT_EQ(d.len, 0);
    free(s.p);
}

TEST(agearmor_writer_errors_are_sticky)
{
    uint8_t data[100000];
    memset(data, 7, sizeof data);
    sink s = sink_new();
    s.fail_after = 0;   /* the first flush fails */
    age_armor_writer *w = age_armor_writer_new(sink_write, &s);
    CHECK(w);
    int rc = 0;
    for (int i = 0; i < 10 && rc == 0; i++) rc = age_armor_write(w, data, sizeof data);
    CHECK_INT_EQ(rc, -1);
    CHECK_INT_EQ(age_armor_write(w, data, 10), -1);
    CHECK_INT_EQ(age_armor_writer_finish(w), -1);
    age_armor_writer_free(w);

    /* A failing flush in finish. */
    sink t = sink_new();
    t.fail_after = 0;
    w = age_armor_writer_new(sink_write, &t);
    CHECK_INT_EQ(age_armor_write(w, data, 10), 0);   /* buffered */
    CHECK_INT_EQ(age_armor_writer_finish(w), -1);
    age_armor_writer_free(w);

    /* finish twice; write after finish. */
    sink u = sink_new();
    w = age_armor_writer_new(sink_write, &u);
    CHECK_INT_EQ(age_armor_writer_finish(w), 0);
    CHECK_INT_EQ(age_armor_writer_finish(w), -1);
    CHECK_INT_EQ(age_armor_write(w, data, 1), -1);
    age_armor_writer_free(w);
    CHECK_STR_EQ((const char *)u.p, BEGIN "\n" END "\n");
    free(u.p);
}

TEST(agearmor_out_of_memory)
{
    dl_alloc_fail_after(0);
    CHECK(age_armor_writer_new(sink_write, NULL) == NULL);
    CHECK(age_armor_reader_new(source_read, NULL) == NULL);
    dl_alloc_fail_after(-1);
}

/* ---- the reader's rules, case by case ---- */

/* The armor of 100 bytes 0..99: two full lines and "…==". */
static char L1[65], L2[65], L3[9];

static void make_lines(void)
{
    uint8_t data[100];
    for (int i = 0; i < 100; i++) data[i] = (uint8_t)i;
    char b64[200];
    sodium_bin2base64(b64, sizeof b64, data, sizeof data, sodium_base64_VARIANT_ORIGINAL);
    memcpy(L1, b64, 64);
    memcpy(L2, b64 + 64, 64);
    memcpy(L3, b64 + 128, 8);
}

__attribute__((format(printf, 1, 2)))
static char *text(const char *fmt, ...)
{
    static char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

static char *spaces(size_t n, char c)
{
    static char buf[2][4096];
    static int which;
    char *b = buf[which++ & 1];
    memset(b, c, n);
    b[n] = 0;
    return b;
}

/* Decodes t with several I/O patterns; checks the result is the same in
 * all, and returns it (ok, and the decoded length in *len). */
static int check_case(const char *name, const char *t, size_t tlen, int want_ok, long want_len)
{
    static const struct { size_t in_chunk, read_size; } pats[] = {{1 << 20, 1 << 20}, {1, 1}, {13, 48}, {64, 49}};
    int good = 1;
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        sink d = sink_new();
        decoded r = dearmor((const uint8_t *)t, tlen, pats[i].in_chunk, pats[i].read_size, 0, &d);
        if (r.ok != want_ok || (want_ok && want_len >= 0 && (long)d.len != want_len) ||
            (!want_ok && !r.malformed) || (!want_ok && strncmp(r.error, "invalid armor: ", 15) != 0)) {
            test_fail(__FILE__, __LINE__, "case %s, pattern %zu: ok %d (want %d), %zu bytes, malformed %d, \"%s\"",
                      name, i, r.ok, want_ok, d.len, r.malformed, r.error);
            good = 0;
        }
        free(d.p);
    }
    return good;
}

#define OK_CASE(name, len, ...) do { char *t_ = text(__VA_ARGS__); ok &= check_case(name, t_, strlen(t_), 1, len); } while (0)
#define BAD_CASE(name, ...) do { char *t_ = text(__VA_ARGS__); ok &= check_case(name, t_, strlen(t_), 0, -1); } while (0)

TEST(agearmor_reader_accepts_what_go_accepts)
{
    make_lines();
    int ok = 1;
    OK_CASE("canonical", 100, "%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    OK_CASE("crlf", 100, "%s\r\n%s\r\n%s\r\n%s\r\n%s\r\n", BEGIN, L1, L2, L3, END);
    OK_CASE("mixed eol", 100, "%s\r\n%s\n%s\r\n%s\n%s\r\n", BEGIN, L1, L2, L3, END);
    OK_CASE("no eol at end", 100, "%s\n%s\n%s\n%s\n%s", BEGIN, L1, L2, L3, END);
    OK_CASE("cr at end", 100, "%s\n%s\n%s\n%s\n%s\r", BEGIN, L1, L2, L3, END);
    OK_CASE("whitespace around", 100, "\n \t\r\n\v\f\n%s\n%s\n%s\n%s\n%s\n \n\t\r\n\n", BEGIN, L1, L2, L3, END);
    OK_CASE("whitespace line without eol after", 100, "%s\n%s\n%s\n%s\n%s\n   ", BEGIN, L1, L2, L3, END);
    OK_CASE("unicode whitespace", 100, "\xc2\xa0\xe3\x80\x80\xe2\x80\x8a\n%s\n%s\n%s\n%s\n%s\n\xc2\x85\xe2\x80\xa8\xe1\x9a\x80",
            BEGIN, L1, L2, L3, END);
    OK_CASE("1024 leading", 100, "%s\n%s\n%s\n%s\n%s\n%s\n", spaces(1023, ' '), BEGIN, L1, L2, L3, END);
    OK_CASE("1024 leading, two lines", 100, "%s\n%s\r\n%s\n%s\n%s\n%s\n%s\n",
            spaces(500, '\t'), spaces(522, ' '), BEGIN, L1, L2, L3, END);
    OK_CASE("1023 trailing", 100, "%s\n%s\n%s\n%s\n%s\n%s", BEGIN, L1, L2, L3, END, spaces(1023, '\n'));
    OK_CASE("full last line", 96, "%s\n%s\n%s\n%s\n", BEGIN, L1, L2, END);
    OK_CASE("one full line", 48, "%s\n%s\n%s\n", BEGIN, L1, END);
    OK_CASE("empty", 0, "%s\n%s\n", BEGIN, END);
    OK_CASE("one pad", 2, "%s\nAAA=\n%s\n", BEGIN, END);
    OK_CASE("two pads", 1, "%s\nAA==\n%s\n", BEGIN, END);
    OK_CASE("short only", 3, "%s\n/+/+\n%s\n", BEGIN, END);
    OK_CASE("padded 64 columns", 46, "%s\n%.60sAA==\n%s\n", BEGIN, L1, END);
    CHECK(ok);
}

TEST(agearmor_reader_rejects_malformed_armor)
{
    make_lines();
    int ok = 1;
    BAD_CASE("empty input", "%s", "");
    BAD_CASE("only whitespace", "%s", " \n\n\t");
    BAD_CASE("1025 leading", "%s\n%s\n%s\n%s\n%s\n%s\n", spaces(1024, ' '), BEGIN, L1, L2, L3, END);
    BAD_CASE("1025 leading, two lines", "%s\n%s\n%s\n%s\n%s\n%s\n%s\n", spaces(500, ' '), spaces(523, ' '), BEGIN, L1, L2, L3, END);
    BAD_CASE("huge leading line", "%s%s\n%s\n%s\n%s\n%s\n", spaces(3000, ' '), BEGIN, L1, L2, L3, END);
    BAD_CASE("1024 trailing", "%s\n%s\n%s\n%s\n%s\n%s", BEGIN, L1, L2, L3, END, spaces(1024, '\n'));
    BAD_CASE("garbage before", "x\n%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("space before BEGIN", " %s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("space after BEGIN", "%s \n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("space after END", "%s\n%s\n%s\n%s\n%s \n", BEGIN, L1, L2, L3, END);
    BAD_CASE("bad utf-8 whitespace", "\xc2\n%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("overlong nbsp", "\xc1\xa0\n%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    {
        char *t = text("%s\n%s\n%s\n%s\n%s\n \n", BEGIN, L1, L2, L3, END);
        size_t n = strlen(t);
        t[n - 2] = '\0';   /* a NUL is not whitespace */
        ok &= check_case("nul after", t, n, 0, -1);
    }
    BAD_CASE("second block", "%s\n%s\n%s\n%s\n%s\n%s\n%s\n", BEGIN, L3, END, BEGIN, L3, END, "");
    BAD_CASE("no END", "%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3);
    BAD_CASE("no END after full lines", "%s\n%s\n%s\n", BEGIN, L1, L2);
    BAD_CASE("only BEGIN", "%s\n", BEGIN);
    BAD_CASE("only BEGIN without eol", "%s", BEGIN);
    BAD_CASE("eof inside the last line", "%s\n%s\n%s\n%.6s", BEGIN, L1, L2, L3);
    BAD_CASE("empty line first", "%s\n\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("empty line inside", "%s\n%s\n\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("empty line last", "%s\n%s\n%s\n\n%s\n", BEGIN, L1, L2, END);
    BAD_CASE("empty line before END", "%s\n%s\n%s\n%s\n\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("short line first", "%s\n%s\n%s\n%s\n%s\n", BEGIN, L3, L1, L2, END);
    BAD_CASE("65 columns", "%s\n%sA\n%s\n", BEGIN, L1, END);
    BAD_CASE("long line", "%s\n%s%s\n%s\n", BEGIN, L1, L2, END);
    BAD_CASE("huge line", "%s\n%s%s\n%s\n", BEGIN, spaces(3000, 'A'), "A", END);
    BAD_CASE("space at end of line", "%s\n%s \n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("space at start of line", "%s\n %s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("cr cr lf", "%s\n%s\r\r\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);       /* Go skips the \r */
    BAD_CASE("cr inside", "%s\n%s\n%s\n%.4s\r%s\n%s\n", BEGIN, L1, L2, L3, L3 + 4, END); /* Go skips the \r */
    BAD_CASE("tab inside", "%s\n%s\n%s\n%.4s\t%s\n%s\n", BEGIN, L1, L2, L3, L3 + 4, END);
    BAD_CASE("bad character", "%s\n%s\n%s\n*%s\n%s\n", BEGIN, L1, L2, L3 + 1, END);
    BAD_CASE("urlsafe", "%s\nAA-_\n%s\n", BEGIN, END);
    BAD_CASE("no padding", "%s\n%s\n%s\n%.6s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("one pad missing", "%s\n%s\n%s\n%.7s\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("five characters", "%s\nAAAAA\n%s\n", BEGIN, END);
    BAD_CASE("stray bits ==", "%s\nAB==\n%s\n", BEGIN, END);
    BAD_CASE("stray bits =", "%s\nAAB=\n%s\n", BEGIN, END);
    BAD_CASE("pad in the middle", "%s\nAA==AAAA\n%s\n", BEGIN, END);
    BAD_CASE("pad then data", "%s\nAA=A\n%s\n", BEGIN, END);
    BAD_CASE("three pads", "%s\nA===\n%s\n", BEGIN, END);
    BAD_CASE("only pads", "%s\n====\n%s\n", BEGIN, END);
    BAD_CASE("padding after the line", "%s\n%s\n%s\n%s\n=\n%s\n", BEGIN, L1, L2, L3, END);
    BAD_CASE("data after short", "%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L3, L2, END);
    BAD_CASE("two short lines", "%s\n%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, L3, END);
    BAD_CASE("lowercase", "-----BEGIN age ENCRYPTED FILE-----\n%s\n-----END age ENCRYPTED FILE-----\n", L3);
    BAD_CASE("wrong END", "%s\n%s\n-----END AGE ENCRYPTED MESSAGE-----\n", BEGIN, L3);
    BAD_CASE("pem headers", "%s\nProc-Type: 4\n\n%s\n%s\n", BEGIN, L3, END);
    BAD_CASE("binary age file", "%s", INTRO "-> X25519 abc\n");
    CHECK(ok);
}

TEST(agearmor_reader_reports_the_problem_where_it_is)
{
    make_lines();
    /* 5 good full lines, then a bad one: 240 bytes come out, then -1. */
    char t[2048];
    int o = sprintf(t, "%s\n", BEGIN);
    for (int i = 0; i < 5; i++) o += sprintf(t + o, "%s\n", L1);
    sprintf(t + o, "%.63s*\n%s\n%s\n", L2, L3, END);
    static const size_t reads[] = {48, 1, 100, 1 << 16};
    for (size_t i = 0; i < 4; i++) {
        sink d = sink_new();
        decoded r = dearmor((const uint8_t *)t, strlen(t), 1 << 16, reads[i], 0, &d);
        CHECK(!r.ok);
        CHECK(r.malformed);
        CHECK_INT_EQ(r.before_error, 240);
        CHECK_CONTAINS(r.error, "line 7");
        CHECK_CONTAINS(r.error, "column 64");
        free(d.p);
    }
    /* The reader's input ends early: all the data, then an armor failure. */
    sink d = sink_new();
    t[o] = 0;
    decoded r = dearmor((const uint8_t *)t, strlen(t), 10, 1 << 16, 0, &d);
    CHECK(!r.ok);
    CHECK(r.malformed);
    CHECK_INT_EQ(d.len, 240);
    CHECK_CONTAINS(r.error, "without the line " END);
    free(d.p);
    /* Lines are read one at a time: a bad line is found without reading on. */
    sprintf(t, "%s\n%s\n%s\n", BEGIN, L1, "!!!!");
    sink e = sink_new();
    r = dearmor((const uint8_t *)t, strlen(t), 1 << 16, 1 << 16, 0, &e);
    CHECK(r.malformed);
    CHECK_INT_EQ(r.before_error, 48);
    CHECK_CONTAINS(r.error, "line 3");
    free(e.p);
}

TEST(agearmor_reader_io_errors_are_not_malformed)
{
    make_lines();
    char *t = text("%s\n%s\n%s\n%s\n%s\n", BEGIN, L1, L2, L3, END);
    size_t len = strlen(t);
    /* Cut anywhere, and the source fails instead of ending: I/O error. */
    for (size_t cut = 0; cut <= len; cut += 7) {
        sink d = sink_new();
        decoded r = dearmor((const uint8_t *)t, cut, 5, 64, 1, &d);
        CHECK(!r.ok);
        CHECK_INT_EQ(r.malformed, 0);
        CHECK_STR_EQ(r.error, "reading the armored input failed");
        free(d.p);
    }
    /* Before any failure: not malformed, no message. */
    source src = {(const uint8_t *)t, len, 0, 1, 0};
    age_armor_reader *rd = age_armor_reader_new(source_read, &src);
    CHECK_INT_EQ(age_armor_reader_malformed(rd), 0);
    CHECK_STR_EQ(age_armor_reader_error(rd), "");
    age_armor_reader_free(rd);
}

TEST(agearmor_detect)
{
    const char *yes[] = {BEGIN "\n", BEGIN, "\n\n  \r\n\t" BEGIN "\nAAAA", "\xc2\xa0" BEGIN "\r\n"};
    const char *no[] = {"", "-----BEGIN AGE ENCRYPTED FIL", INTRO, "x" BEGIN, "-----BEGIN AGE ENCRYPTED FILE----",
                        "-----BEGIN age ENCRYPTED FILE-----\n", "\xc2" BEGIN};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        CHECK_INT_EQ(age_armor_detect((const uint8_t *)yes[i], strlen(yes[i])), 1);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        CHECK_INT_EQ(age_armor_detect((const uint8_t *)no[i], strlen(no[i])), 0);
    CHECK_INT_EQ(age_armor_detect(NULL, 0), 0);
}

/* ---- against the age tool ---- */

static int have_age(void)
{
    return system("command -v age >/dev/null 2>&1 && command -v age-keygen >/dev/null 2>&1") == 0;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) { fclose(f); return NULL; }
    uint8_t *p = malloc((size_t)st.st_size + 1);
    size_t n = fread(p, 1, (size_t)st.st_size, f);
    fclose(f);
    p[n] = 0;
    *len = n;
    return p;
}

static int spit(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int rc = fwrite(p, 1, n, f) == n ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

/* The testkit's identity (public test data) and its recipient. */
#define TK_IDENTITY "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define TK_RECIPIENT "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"

TEST(agearmor_matches_age_cli)
{
    if (!have_age()) {
        fprintf(stderr, "    SKIP: the age tool is not installed\n");
        return;
    }
    const char *dir = test_tmpdir();
    char plain[512], bin[512], arm[512], ours[512], back[512], id[512], cmd[4096];
    snprintf(plain, sizeof plain, "%s/plain", dir);
    snprintf(bin, sizeof bin, "%s/bin.age", dir);
    snprintf(arm, sizeof arm, "%s/arm.age", dir);
    snprintf(ours, sizeof ours, "%s/ours.age", dir);
    snprintf(back, sizeof back, "%s/back", dir);
    snprintf(id, sizeof id, "%s/id", dir);
    CHECK_INT_EQ(spit(id, (const uint8_t *)TK_IDENTITY "\n", strlen(TK_IDENTITY) + 1), 0);

    /* Plaintext lengths 0..48 give binary files of every length mod 48. */
    size_t sizes[52];
    size_t n_sizes = 0;
    for (size_t i = 0; i <= 48; i++) sizes[n_sizes++] = i;
    sizes[n_sizes++] = 65536;
    sizes[n_sizes++] = 200003;
    int residues[48] = {0};
    for (size_t si = 0; si < n_sizes; si++) {
        size_t n = sizes[si];
        uint8_t *data = malloc(n + 1);
        fill_random(data, n);
        CHECK_INT_EQ(spit(plain, data, n), 0);

        /* age -a's armor: ours decodes it, and armoring the result again
         * gives the same bytes. */
        snprintf(cmd, sizeof cmd, "age -a -r %s -o '%s' '%s'", TK_RECIPIENT, arm, plain);
        CHECK_INT_EQ(system(cmd), 0);
        size_t alen = 0;
        uint8_t *a = slurp(arm, &alen);
        CHECK(a);
        sink d = sink_new();
        decoded r = dearmor(a, alen, 4096, 65536, 0, &d);
        if (!r.ok) test_fail(__FILE__, __LINE__, "size %zu: %s", n, r.error);
        CHECK(r.ok);
        CHECK(d.len > strlen(INTRO) && memcmp(d.p, INTRO, strlen(INTRO)) == 0);
        residues[d.len % 48] = 1;
        sink again = sink_new();
        CHECK_INT_EQ(armor_data(d.p, d.len, (const size_t[]){1000}, 1, &again), 0);
        CHECK_INT_EQ(again.len, alen);
        CHECK(memcmp(again.p, a, alen) == 0);

        /* Our armor of a binary age file: age -d reads it. */
        snprintf(cmd, sizeof cmd, "age -r %s -o '%s' '%s'", TK_RECIPIENT, bin, plain);
        CHECK_INT_EQ(system(cmd), 0);
        size_t blen = 0;
        uint8_t *b = slurp(bin, &blen);
        CHECK(b);
        sink mine = sink_new();
        CHECK_INT_EQ(armor_data(b, blen, (const size_t[]){65536 + 16, 7}, 2, &mine), 0);
        CHECK_INT_EQ(spit(ours, mine.p, mine.len), 0);
        snprintf(cmd, sizeof cmd, "age -d -i '%s' -o '%s' '%s'", id, back, ours);
        CHECK_INT_EQ(system(cmd), 0);
        size_t plen = 0;
        uint8_t *p = slurp(back, &plen);   /* age creates no file for empty output */
        if (n == 0 && !p) p = calloc(1, 1);
        CHECK(p);
        CHECK_INT_EQ(plen, n);
        CHECK(n == 0 || memcmp(p, data, n) == 0);

        free(p);
        free(mine.p);
        free(b);
        free(again.p);
        free(d.p);
        free(a);
        free(data);
    }
    for (int i = 0; i < 48; i++) CHECK(residues[i]);
}

/* ---- the testkit ---- */

static const char *testkit_dir(void)
{
    static const char *dirs[] = {"tests/data/age-testkit", "/work/shared/testdata/age-testkit"};
    const char *env = getenv("DATALOTS_AGE_TESTKIT");
    if (env && *env) return env;
    struct stat st;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode)) return dirs[i];
    return NULL;
}

/* The value of a "key: value" header line of a vector, copied to out. */
static int vector_header(const uint8_t *p, size_t hdr_len, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key), i = 0;
    while (i < hdr_len) {
        const uint8_t *nl = memchr(p + i, '\n', hdr_len - i);
        size_t len = nl ? (size_t)(nl - (p + i)) : hdr_len - i;
        if (len > klen + 2 && memcmp(p + i, key, klen) == 0 && p[i + klen] == ':' && p[i + klen + 1] == ' ') {
            size_t v = len - klen - 2;
            if (v >= cap) v = cap - 1;
            memcpy(out, p + i + klen + 2, v);
            out[v] = 0;
            return 1;
        }
        i += len + 1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(agearmor_testkit_vectors)
{
    const char *dir = testkit_dir();
    if (!dir) {
        fprintf(stderr, "    SKIP: no age testkit (set DATALOTS_AGE_TESTKIT)\n");
        return;
    }
    DIR *dh = opendir(dir);
    CHECK(dh);
    char *names[1024];
    size_t n_names = 0;
    struct dirent *de;
    while ((de = readdir(dh)) && n_names < 1024)
        if (de->d_name[0] != '.') names[n_names++] = strdup(de->d_name);
    closedir(dh);
    qsort(names, n_names, sizeof names[0], cmp_str);

    int armored = 0, failures = 0, skipped = 0, bad = 0;
    for (size_t i = 0; i < n_names; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t len = 0;
        uint8_t *file = slurp(path, &len);
        if (!file) { test_fail(__FILE__, __LINE__, "cannot read %s", path); bad++; continue; }
        /* Header lines until an empty line, then the body. */
        size_t hdr = 0;
        while (hdr < len && !(file[hdr] == '\n' && (hdr == 0 || file[hdr - 1] == '\n'))) hdr++;
        char expect[64] = "", arm[16] = "", comp[16] = "";
        vector_header(file, hdr, "expect", expect, sizeof expect);
        vector_header(file, hdr, "armored", arm, sizeof arm);
        vector_header(file, hdr, "compressed", comp, sizeof comp);
        if (strcmp(arm, "yes") != 0) { free(file); continue; }
        armored++;
        const uint8_t *body = file + hdr + 1;
        size_t body_len = hdr < len ? len - hdr - 1 : 0;
        uint8_t *inflated = NULL;
        if (strcmp(comp, "zlib") == 0) {
            if (!uncompress) {
                fprintf(stderr, "    SKIP %s: compressed, and zlib is not linked\n", names[i]);
                skipped++;
                free(file);
                continue;
            }
            unsigned long cap = 1 << 20;
            inflated = malloc(cap);
            if (uncompress(inflated, &cap, body, body_len) != 0) {
                test_fail(__FILE__, __LINE__, "%s: cannot inflate", names[i]);
                bad++;
                free(inflated);
                free(file);
                continue;
            }
            body = inflated;
            body_len = cap;
        } else if (comp[0]) {
            test_fail(__FILE__, __LINE__, "%s: unknown compression %s", names[i], comp);
            bad++;
        }

        int want_failure = strcmp(expect, "armor failure") == 0;
        if (want_failure) failures++;
        sink whole = sink_new(), bytewise = sink_new();
        decoded r1 = dearmor(body, body_len, 1 << 20, 1 << 20, 0, &whole);
        decoded r2 = dearmor(body, body_len, 1, 7, 0, &bytewise);
        if (r1.ok != r2.ok || r1.malformed != r2.malformed || whole.len != bytewise.len ||
            (whole.len && memcmp(whole.p, bytewise.p, whole.len) != 0)) {
            test_fail(__FILE__, __LINE__, "%s: the I/O pattern changes the result", names[i]);
            bad++;
        }
        if (want_failure) {
            if (r1.ok || !r1.malformed) {
                test_fail(__FILE__, __LINE__, "%s: expected an armor failure, got %s", names[i],
                          r1.ok ? "success" : r1.error);
                bad++;
            }
        } else if (!r1.ok) {
            test_fail(__FILE__, __LINE__, "%s (expect: %s): armor rejected: %s", names[i], expect, r1.error);
            bad++;
        } else if (whole.len == 0) {
            /* armor_empty: well-formed armor around nothing; age's header parser fails it. */
            if (strcmp(expect, "header failure") != 0) {
                test_fail(__FILE__, __LINE__, "%s: empty, yet expect: %s", names[i], expect);
                bad++;
            }
        } else if (whole.len < strlen(INTRO) ||
                   memcmp(whole.p, INTRO, strlen(INTRO) - (strcmp(expect, "header failure") == 0)) != 0) {
            /* (armor_header_crlf decodes to "age-encryption.org/v1\r\n…": a header failure.) */
            test_fail(__FILE__, __LINE__, "%s: decoded bytes do not start with the age intro", names[i]);
            bad++;
        }
        free(whole.p);
        free(bytewise.p);
        free(inflated);
        free(file);
    }
    for (size_t i = 0; i < n_names; i++) free(names[i]);
    fprintf(stderr, "    testkit: %d armored vectors (%d armor failures), %d skipped, %d disagree\n",
            armored, failures, skipped, bad);
    CHECK(armored >= 30);
    CHECK_INT_EQ(bad, 0);
}
