/* test_token.c — crypto/token.c and core/token.c: random tokens, SHA-256
 * (whole and piece by piece) and HMAC vectors, token comparison, the format. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/token.h"

TEST(token_random_hex_is_64_lowercase_hex)
{
    char t[TOKEN_HEX_SIZE];
    memset(t, 'X', sizeof t);
    token_random_hex(t);
    CHECK_INT_EQ(strlen(t), 64);
    CHECK(hex_is_token(t));
}

static int cmp_tok(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

TEST(token_random_hex_unique_over_1000_draws)
{
    enum { N = 1000 };
    static char toks[N][TOKEN_HEX_SIZE];
    for (int i = 0; i < N; i++) {
        token_random_hex(toks[i]);
        CHECK(hex_is_token(toks[i]));
    }
    qsort(toks, N, sizeof toks[0], cmp_tok);
    for (int i = 1; i < N; i++) CHECK(strcmp(toks[i - 1], toks[i]) != 0);
}

TEST(token_sha256_known_vectors)
{
    char h[TOKEN_HEX_SIZE];
    sha256_hex("abc", 3, h);
    CHECK_STR_EQ(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex("", 0, h);
    CHECK_STR_EQ(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex(NULL, 0, h);
    CHECK_STR_EQ(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* FIPS 180-2's vectors fed in pieces, an empty piece among them. */
TEST(token_sha256_run_in_pieces)
{
    char h[TOKEN_HEX_SIZE];
    sha256_run r;
    sha256_run_init(&r);
    sha256_run_update(&r, "a", 1);
    sha256_run_update(&r, NULL, 0);
    sha256_run_update(&r, "bc", 2);
    sha256_run_final_hex(&r, h);
    CHECK_STR_EQ(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_run_init(&r);
    for (const char *p = m; *p; p += 7) sha256_run_update(&r, p, strnlen(p, 7));
    sha256_run_final_hex(&r, h);
    CHECK_STR_EQ(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    sha256_run_init(&r);
    sha256_run_final_hex(&r, h);
    CHECK_STR_EQ(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(token_hmac_rfc4231_case1)
{
    unsigned char key[20];
    memset(key, 0x0b, sizeof key);
    char h[TOKEN_HEX_SIZE];
    hmac_sha256_hex(key, sizeof key, "Hi There", 8, h);
    CHECK_STR_EQ(h, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(token_hmac_rfc4231_case2)
{
    char h[TOKEN_HEX_SIZE];
    const char *msg = "what do ya want for nothing?";
    hmac_sha256_hex("Jefe", 4, msg, strlen(msg), h);
    CHECK_STR_EQ(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(token_hmac_rfc4231_case6_long_key)
{
    unsigned char key[131];
    memset(key, 0xaa, sizeof key);
    const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
    char h[TOKEN_HEX_SIZE];
    hmac_sha256_hex(key, sizeof key, msg, strlen(msg), h);
    CHECK_STR_EQ(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(token_hmac_key_and_message_matter)
{
    char a[TOKEN_HEX_SIZE], b[TOKEN_HEX_SIZE], c[TOKEN_HEX_SIZE], d[TOKEN_HEX_SIZE];
    hmac_sha256_hex("k1", 2, "msg", 3, a);
    hmac_sha256_hex("k2", 2, "msg", 3, b);
    hmac_sha256_hex("k1", 2, "msh", 3, c);
    hmac_sha256_hex(NULL, 0, NULL, 0, d); /* empty key and message are allowed */
    CHECK(strcmp(a, b) != 0);
    CHECK(strcmp(a, c) != 0);
    CHECK(hex_is_token(d));
}

TEST(token_equal_cases)
{
    const char *t = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char copy[TOKEN_HEX_SIZE];
    memcpy(copy, t, sizeof copy);
    CHECK(token_equal(t, copy));
    copy[63] = 'e';
    CHECK(!token_equal(t, copy));
    copy[63] = 'f';
    copy[0] = '1';
    CHECK(!token_equal(t, copy));
    CHECK(!token_equal(t, "0123"));          /* prefix, different length */
    CHECK(!token_equal("0123", t));
    CHECK(!token_equal(t, NULL));
    CHECK(!token_equal(NULL, t));
    CHECK(!token_equal(NULL, NULL));
    CHECK(token_equal("", ""));
    CHECK(!token_equal("", "a"));
}

TEST(token_hex_is_token_cases)
{
    char t[TOKEN_HEX_SIZE];
    memset(t, 'a', 64);
    t[64] = '\0';
    CHECK(hex_is_token(t));
    t[10] = 'A';
    CHECK(!hex_is_token(t)); /* upper case */
    t[10] = 'g';
    CHECK(!hex_is_token(t));
    t[10] = '9';
    CHECK(hex_is_token(t));
    t[63] = '\0';
    CHECK(!hex_is_token(t)); /* 63 */
    char longer[70];
    memset(longer, 'b', 65);
    longer[65] = '\0';
    CHECK(!hex_is_token(longer)); /* 65 */
    CHECK(!hex_is_token(""));
    CHECK(!hex_is_token(NULL));
    memset(longer, 'c', 64);
    longer[64] = ' ';
    longer[65] = '\0';
    CHECK(!hex_is_token(longer)); /* trailing space */
}
