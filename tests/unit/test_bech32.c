/* test_bech32.c — Bech32 (BIP-173) encoding and decoding: the BIP's own
 * valid and invalid test strings, padding rules, case rules, buffer limits,
 * no length limit (age keys are longer than BIP-173 allows), round trips. */
#include "test.h"

#include <sodium.h>

#include "crypto/bech32.h"

/* Decodes s, only to see whether it is accepted. */
static dl_err decode_rc(const char *s, dl_error *e)
{
    char hrp[128];
    uint8_t data[128];
    size_t len = 0;
    dl_error_clear(e);
    return bech32_decode(s, hrp, sizeof hrp, data, sizeof data, &len, e);
}

TEST(bech32_bip173_valid_strings_decode)
{
    /* BIP-173, "Test vectors", valid Bech32. */
    static const char *const valid[] = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl",
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        dl_error e;
        if (decode_rc(valid[i], &e) != DL_OK)
            test_fail(__FILE__, __LINE__, "refused \"%s\": %s", valid[i], e.msg);
    }
}

TEST(bech32_decode_returns_hrp_as_written_and_data)
{
    char hrp[16];
    uint8_t data[32];
    size_t len = 99;
    dl_error e;
    CHECK_INT_EQ(bech32_decode("A12UEL5L", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_OK);
    CHECK_STR_EQ(hrp, "A");
    CHECK_INT_EQ(len, 0);
    CHECK_INT_EQ(bech32_decode("?1ezyfcl", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_OK);
    CHECK_STR_EQ(hrp, "?");
    CHECK_INT_EQ(len, 0);
    /* The 32 characters of the alphabet in order: the values 0..31, i.e.
     * 160 bits = 20 bytes 00 44 32 14 c7 42 54 b6 35 cf 84 65 3a 56 d7 c6 75 be 77 df. */
    static const uint8_t want[20] = {0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf,
                                     0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf};
    CHECK_INT_EQ(bech32_decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", hrp, sizeof hrp, data,
                               sizeof data, &len, &e), DL_OK);
    CHECK_STR_EQ(hrp, "abcdef");
    CHECK_INT_EQ(len, 20);
    CHECK(memcmp(data, want, 20) == 0);
    /* Generated with the BIP-173 reference checksum code (Python):
     * bytes 00 01 02 fe ff under hrp "abc". */
    CHECK_INT_EQ(bech32_decode("abc1qqqs9lhlysu6tf", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_OK);
    CHECK_INT_EQ(len, 5);
    CHECK(memcmp(data, "\x00\x01\x02\xfe\xff", 5) == 0);
    /* hrp_out may be NULL. */
    CHECK_INT_EQ(bech32_decode("abc1qqqs9lhlysu6tf", NULL, 0, data, sizeof data, &len, &e), DL_OK);
    CHECK_INT_EQ(len, 5);
}

TEST(bech32_bip173_invalid_strings_fail)
{
    static const struct {
        const char *s;
        const char *why; /* a piece of the message */
    } invalid[] = {
        /* BIP-173, "Test vectors", invalid Bech32 */
        {"\x20" "1nwldj5", "position 1"},        /* hrp character out of range */
        {"\x7f" "1axkwrx", "position 1"},        /* hrp character out of range */
        {"\x80" "1eym55h", "position 1"},        /* hrp character out of range */
        {"pzry9x0s0muk", "no separator"},
        {"1pzry9x0s0muk", "empty prefix"},
        {"x1b4n0q5v", "not in the Bech32 alphabet at position 3"},
        {"li1dgmt3", "too short"},
        {"de1lg7wt" "\xff", "position 9"},        /* invalid character in checksum */
        {"A1G7SGD8", "checksum"},                /* checksum computed with uppercase hrp */
        {"10a06t8", "empty prefix"},
        {"1qzzfhee", "empty prefix"},
        /* mixed case, bad checksums */
        {"A12uEL5L", "mixes uppercase and lowercase"},
        {"a12UEL5L", "mixes uppercase and lowercase"},
        {"a12uel5m", "checksum"},
        {"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx", "checksum"},
        {"abcdef1pqzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "checksum"}, /* two characters swapped */
        {"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3", "checksum"}, /* cut short */
        /* no trimming */
        {" a12uel5l", "position 1"},
        {"a12uel5l ", "position 9"},
        {"a12uel5l\n", "position 9"},
        {"", "empty"},
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        dl_error e;
        dl_err rc = decode_rc(invalid[i].s, &e);
        if (rc != DL_EINVAL) {
            test_fail(__FILE__, __LINE__, "case %zu: rc %d, expected DL_EINVAL", i, (int)rc);
            continue;
        }
        if (!strstr(e.msg, invalid[i].why))
            test_fail(__FILE__, __LINE__, "case %zu: \"%s\" does not contain \"%s\"", i, e.msg, invalid[i].why);
    }
    dl_error e;
    CHECK_INT_EQ(decode_rc(NULL, &e), DL_EINVAL);
    CHECK(e.msg[0] != '\0');
    /* No dl_error: still refused. */
    uint8_t data[8];
    size_t len;
    CHECK_INT_EQ(bech32_decode("a12uel5m", NULL, 0, data, sizeof data, &len, NULL), DL_EINVAL);
}

TEST(bech32_no_length_limit)
{
    /* BIP-173 lists this as invalid only for its length (91 > 90): the
     * checksum is right, and age has no length limit. */
    dl_error e;
    CHECK_INT_EQ(decode_rc("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharacters"
                           "bio1569pvx", &e), DL_OK);
    /* 300 bytes: a 494-character string. */
    uint8_t data[300], back[300];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(i * 7 + 3);
    char text[600];
    CHECK_INT_EQ(bech32_encoded_len(4, sizeof data), 4 + 1 + 480 + 6);
    CHECK_INT_EQ(bech32_encode("long", data, sizeof data, text, sizeof text, &e), DL_OK);
    CHECK_INT_EQ(strlen(text), 491);
    char hrp[8];
    size_t len = 0;
    CHECK_INT_EQ(bech32_decode(text, hrp, sizeof hrp, back, sizeof back, &len, &e), DL_OK);
    CHECK_INT_EQ(len, sizeof data);
    CHECK(memcmp(back, data, sizeof data) == 0);
}

TEST(bech32_padding_rules)
{
    /* Generated with the BIP-173 reference checksum code (Python), hrp "x":
     * the checksums are right, only the 5-to-8-bit conversion differs. */
    char hrp[4];
    uint8_t data[4];
    size_t len = 0;
    dl_error e;
    /* values 31, 28: 10 bits = 0xff and 2 zero padding bits */
    CHECK_INT_EQ(bech32_decode("x1lu7rxnn5", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_OK);
    CHECK_INT_EQ(len, 1);
    CHECK_INT_EQ(data[0], 0xff);
    /* values 31, 29: the padding bits are 01 */
    CHECK_INT_EQ(bech32_decode("x1lar4jxwx", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "non-zero padding");
    CHECK_INT_EQ(len, 0);
    /* values 31, 28, 0: 15 bits, 7 left over */
    CHECK_INT_EQ(bech32_decode("x1luq5uuzzc", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "incomplete group");
    /* value 0 alone: 5 bits, no byte */
    CHECK_INT_EQ(bech32_decode("x1qm7ssx4", hrp, sizeof hrp, data, sizeof data, &len, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "incomplete group");
}

TEST(bech32_decode_buffer_limits)
{
    dl_error e;
    uint8_t data[20];
    char hrp[8];
    size_t len = 7;
    const char *s = "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"; /* 20 bytes, hrp of 6 */
    CHECK_INT_EQ(bech32_decode(s, hrp, sizeof hrp, data, 19, &len, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "20 bytes of data, more than the 19 expected");
    CHECK_INT_EQ(len, 0);
    CHECK_INT_EQ(bech32_decode(s, hrp, 6, data, sizeof data, &len, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "prefix is longer than expected");
    CHECK_INT_EQ(bech32_decode(s, hrp, 7, data, sizeof data, &len, &e), DL_OK);
    CHECK_STR_EQ(hrp, "abcdef");
    /* No data buffer: only data-less strings decode. */
    CHECK_INT_EQ(bech32_decode("a12uel5l", hrp, sizeof hrp, NULL, 0, &len, &e), DL_OK);
    CHECK_INT_EQ(bech32_decode(s, hrp, sizeof hrp, NULL, 0, &len, &e), DL_EINVAL);
}

TEST(bech32_encode_known_vectors)
{
    char out[128];
    dl_error e;
    CHECK_INT_EQ(bech32_encode("a", NULL, 0, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "a12uel5l");
    CHECK_INT_EQ(bech32_encode("A", NULL, 0, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "A12UEL5L"); /* an uppercase hrp gives an uppercase string */
    CHECK_INT_EQ(bech32_encode("?", NULL, 0, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "?1ezyfcl");
    static const uint8_t alphabet[20] = {0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf,
                                         0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf};
    CHECK_INT_EQ(bech32_encode("abcdef", alphabet, sizeof alphabet, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
    CHECK_INT_EQ(bech32_encode("abc", (const uint8_t *)"\x00\x01\x02\xfe\xff", 5, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, "abc1qqqs9lhlysu6tf");
    /* age's own examples (shared/specs/age-v1.md): the 32 bytes of the
     * example identity re-encode to the same text. */
    const char *id = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
    uint8_t key[32];
    char hrp[32];
    size_t len = 0;
    CHECK_INT_EQ(bech32_decode(id, hrp, sizeof hrp, key, sizeof key, &len, &e), DL_OK);
    CHECK_STR_EQ(hrp, "AGE-SECRET-KEY-");
    CHECK_INT_EQ(len, 32);
    CHECK_INT_EQ(bech32_encode(hrp, key, len, out, sizeof out, &e), DL_OK);
    CHECK_STR_EQ(out, id);
    CHECK_INT_EQ(strlen(out), 74);
}

TEST(bech32_encode_refuses_bad_input)
{
    char out[64];
    dl_error e;
    const uint8_t data[4] = {1, 2, 3, 4};
    CHECK_INT_EQ(bech32_encode("", data, 4, out, sizeof out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "must not be empty");
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(bech32_encode(NULL, data, 4, out, sizeof out, &e), DL_EINVAL);
    CHECK_INT_EQ(bech32_encode("Age", data, 4, out, sizeof out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "mix uppercase and lowercase");
    CHECK_INT_EQ(bech32_encode("a b", data, 4, out, sizeof out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "printable ASCII");
    CHECK_INT_EQ(bech32_encode("\x80", data, 4, out, sizeof out, &e), DL_EINVAL);
    CHECK_INT_EQ(bech32_encode("a", NULL, 4, out, sizeof out, &e), DL_EINVAL);
    /* "a" "1" 7 groups 6 checksum = 15 characters, 16 with the NUL. */
    CHECK_INT_EQ(bech32_encoded_len(1, 4), 15);
    CHECK_INT_EQ(bech32_encode("a", data, 4, out, 15, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "too small");
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(bech32_encode("a", data, 4, out, 16, &e), DL_OK);
    CHECK_INT_EQ(strlen(out), 15);
    CHECK_INT_EQ(bech32_encoded_len(1, SIZE_MAX), 0);
    CHECK_INT_EQ(bech32_encoded_len(SIZE_MAX, 1), 0);
}

TEST(bech32_round_trip_random_data)
{
    CHECK(sodium_init() >= 0);
    static const char *const hrps[] = {"age", "AGE-SECRET-KEY-", "x", "?", "bc", "A"};
    for (int round = 0; round < 500; round++) {
        uint8_t data[100], back[100];
        size_t n = (size_t)randombytes_uniform(sizeof data + 1);
        randombytes_buf(data, n);
        const char *hrp = hrps[(size_t)round % (sizeof hrps / sizeof hrps[0])];
        char text[256], hrp_back[32];
        dl_error e;
        CHECK_INT_EQ(bech32_encode(hrp, data, n, text, sizeof text, &e), DL_OK);
        CHECK_INT_EQ(strlen(text), bech32_encoded_len(strlen(hrp), n));
        size_t len = 999;
        CHECK_INT_EQ(bech32_decode(text, hrp_back, sizeof hrp_back, back, sizeof back, &len, &e), DL_OK);
        CHECK_STR_EQ(hrp_back, hrp);
        CHECK_INT_EQ(len, n);
        CHECK(n == 0 || memcmp(back, data, n) == 0);
        /* Any one character changed after the separator is caught. */
        size_t sep = strlen(hrp);
        size_t pos = sep + 1 + (size_t)randombytes_uniform((uint32_t)(strlen(text) - sep - 1));
        char was = text[pos];
        const char *alphabet = strpbrk(hrp, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ? "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
                                                                          : "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        do text[pos] = alphabet[randombytes_uniform(32)];
        while (text[pos] == was);
        CHECK_INT_EQ(bech32_decode(text, hrp_back, sizeof hrp_back, back, sizeof back, &len, &e), DL_EINVAL);
        CHECK_CONTAINS(e.msg, "checksum");
    }
}
