/* test_audit_anchor.c — anchor lines (core/audit_anchor.c): the format is
 * pinned, a formatted line parses back, and the parser refuses every
 * near miss with a sentence naming the field at fault. */
#include "test.h"

#include <stdint.h>

#include "core/audit_anchor.h"
#include "core/audit_chain.h"

#define HASH_A "b5ed31b249c362e082d5a3887ca4aa60098eb25849c34800249c686d8a7de7a3"

static dl_err parse(const char *line, audit_anchor *a, dl_error *e)
{
    dl_error_clear(e);
    return audit_anchor_parse(line, strlen(line), a, e);
}

TEST(audit_anchor_format_is_pinned_and_parses_back)
{
    audit_anchor a = {.at = 1796551200, .seq = 1234}; /* 2026-12-06T10:00:00Z */
    memcpy(a.hash, HASH_A, 65);
    char line[AUDIT_ANCHOR_LINE_MAX + 1];
    audit_anchor_format(&a, line);
    CHECK_STR_EQ(line, "2026-12-06T10:00:00Z seq=1234 hash=" HASH_A);
    audit_anchor b;
    dl_error e;
    CHECK_INT_EQ(parse(line, &b, &e), DL_OK);
    CHECK_INT_EQ(b.at, a.at);
    CHECK_INT_EQ(b.seq, 1234);
    CHECK_STR_EQ(b.hash, HASH_A);

    /* The longest line fits. */
    a.seq = 999999999999999999;
    audit_anchor_format(&a, line);
    CHECK_INT_EQ(strlen(line), 113);
    CHECK_INT_EQ(parse(line, &b, &e), DL_OK);
    CHECK_INT_EQ(b.seq, 999999999999999999);
}

TEST(audit_anchor_empty_log_and_crlf_parse)
{
    audit_anchor a;
    dl_error e;
    CHECK_INT_EQ(parse("2026-01-01T00:00:00Z seq=0 hash=" AUDIT_GENESIS_HASH, &a, &e), DL_OK);
    CHECK_INT_EQ(a.seq, 0);
    CHECK_STR_EQ(a.hash, AUDIT_GENESIS_HASH);
    CHECK_INT_EQ(parse("2026-01-01T00:00:00Z seq=7 hash=" HASH_A "\r", &a, &e), DL_OK);
    CHECK_INT_EQ(a.seq, 7);
}

TEST(audit_anchor_near_misses_are_refused_naming_the_field)
{
    static const struct { const char *line, *expect; } bad[] = {
        {"", "expected \"YYYY-MM-DDTHH:MM:SSZ seq=N hash="},
        {"garbage", "not \"garbage\""},
        {"2026-01-01T00:00:00Z seq=7", "expected"},
        {"2026-01-01T00:00:00Z  seq=7 hash=" HASH_A, "expected"},
        {"2026-01-01T00:00:00Z seq=7 hash=" HASH_A " extra", "expected"},
        {"2026-01-01T00:00:00Z\tseq=7 hash=" HASH_A, "expected"},
        {" 2026-01-01T00:00:00Z seq=7 hash=" HASH_A, "expected"},
        {"2026-01-01 00:00:00Z seq=7 hash=" HASH_A, "expected"},
        {"2026-01-01T00:00:00 seq=7 hash=" HASH_A, "the time \"2026-01-01T00:00:00\""},
        {"2026-02-30T00:00:00Z seq=7 hash=" HASH_A, "the time"},
        {"2026-13-01T00:00:00Z seq=7 hash=" HASH_A, "the time"},
        {"2026-1-01T00:00:00Z seq=7 hash=" HASH_A, "the time"},
        {"2026-01-01T00:00:00Z seq= hash=" HASH_A, "seq=N"},
        {"2026-01-01T00:00:00Z seq=-1 hash=" HASH_A, "\"seq=-1\""},
        {"2026-01-01T00:00:00Z seq=+1 hash=" HASH_A, "seq=N"},
        {"2026-01-01T00:00:00Z seq=07 hash=" HASH_A, "seq=N"},
        {"2026-01-01T00:00:00Z seq=1x hash=" HASH_A, "seq=N"},
        {"2026-01-01T00:00:00Z seq=9999999999999999999 hash=" HASH_A, "seq=N"},
        {"2026-01-01T00:00:00Z row=7 hash=" HASH_A, "seq=N"},
        {"2026-01-01T00:00:00Z seq=7 hash=" HASH_A "0", "64 lowercase hex"},
        {"2026-01-01T00:00:00Z seq=7 hash=b5ed31b249c362e082d5a3887ca4aa60098eb25849c34800249c686d8a7de7a", "64"},
        {"2026-01-01T00:00:00Z seq=7 hash=B5ED31B249C362E082D5A3887CA4AA60098EB25849C34800249C686D8A7DE7A3", "hex"},
        {"2026-01-01T00:00:00Z seq=7 hash=g5ed31b249c362e082d5a3887ca4aa60098eb25849c34800249c686d8a7de7a3", "hex"},
        {"2026-01-01T00:00:00Z seq=7 sha=" HASH_A, "hash="},
        {"2026-01-01T00:00:00Z seq=7 hash=" HASH_A "\r\r", "hex"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        audit_anchor a;
        dl_error e;
        if (parse(bad[i].line, &a, &e) != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "accepted: \"%s\"", bad[i].line);
            continue;
        }
        if (!strstr(e.msg, bad[i].expect))
            test_fail(__FILE__, __LINE__, "\"%s\": message \"%s\" lacks \"%s\"", bad[i].line, e.msg, bad[i].expect);
    }
}

TEST(audit_anchor_nul_control_bytes_and_long_lines_are_refused)
{
    audit_anchor a;
    dl_error e;
    const char with_nul[] = "2026-01-01T00:00:00Z seq=7\0hash=" HASH_A;
    CHECK_INT_EQ(audit_anchor_parse(with_nul, sizeof with_nul - 1, &a, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "NUL");

    char longer[400];
    memset(longer, 'x', sizeof longer);
    CHECK_INT_EQ(audit_anchor_parse(longer, sizeof longer, &a, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "400 bytes");

    /* What is echoed back is short and printable: no terminal escapes. */
    CHECK_INT_EQ(parse("\x1b[2J\x1b[31mred garbage that goes on and on and on", &a, &e), DL_EINVAL);
    CHECK_NOT_CONTAINS(e.msg, "\x1b");
    CHECK_NOT_CONTAINS(e.msg, "and on and on");
}
