/* test_pseudonym.c — the kodnyckel and pseudonyms (src/crypto/pseudonym.c):
 * HMAC-SHA-256 against RFC 4231 through both paths (libsodium's one-off and
 * the keyed OpenSSL context of crypto/sha256.c), the encoding against an
 * independent computation (Python's hmac), the two paths giving one
 * pseudonym, personnummer normalisation, stability within a key,
 * unlinkability across keys, and speed. */
#include "test.h"

#include <time.h>

#include "crypto/pseudonym.h"
#include "crypto/sha256.h"

static void hex_of(const uint8_t *p, size_t n, char *out)
{
    static const char h[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = h[p[i] >> 4];
        out[2 * i + 1] = h[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* RFC 4231 section 4: test cases 1-4, 6 and 7 (5 is a truncated MAC). */
TEST(pseudonym_hmac_matches_rfc4231)
{
    uint8_t k20b[20], k20a[20], k25[25], k131[131], d50d[50], d50c[50];
    memset(k20b, 0x0b, sizeof k20b);
    memset(k20a, 0xaa, sizeof k20a);
    for (int i = 0; i < 25; i++) k25[i] = (uint8_t)(i + 1);
    memset(k131, 0xaa, sizeof k131);
    memset(d50d, 0xdd, sizeof d50d);
    memset(d50c, 0xcd, sizeof d50c);
    static const char long_key_msg[] = "Test Using Larger Than Block-Size Key - Hash Key First";
    static const char long_both_msg[] =
        "This is a test using a larger than block-size key and a larger than block-size data. "
        "The key needs to be hashed before being used by the HMAC algorithm.";
    struct { const uint8_t *key; size_t kn; const uint8_t *msg; size_t mn; const char *mac; } v[] = {
        {k20b, 20, (const uint8_t *)"Hi There", 8,
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {(const uint8_t *)"Jefe", 4, (const uint8_t *)"what do ya want for nothing?", 28,
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {k20a, 20, d50d, 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {k25, 25, d50c, 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {k131, 131, (const uint8_t *)long_key_msg, strlen(long_key_msg),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {k131, 131, (const uint8_t *)long_both_msg, strlen(long_both_msg),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t mac[32];
        char hex[65];
        pseudonym_hmac_sha256(v[i].key, v[i].kn, v[i].msg, v[i].mn, mac);
        hex_of(mac, 32, hex);
        CHECK_STR_EQ(hex, v[i].mac);
        /* The keyed path, twice from one key (the state is copied, not used up). */
        hmac_sha256_keyed k;
        dl_error e;
        CHECK_INT_EQ(hmac_sha256_keyed_init(&k, v[i].key, v[i].kn, &e), DL_OK);
        for (int again = 0; again < 2; again++) {
            memset(mac, 0, sizeof mac);
            CHECK_INT_EQ(hmac_sha256_keyed_mac(&k, v[i].msg, v[i].mn, mac), 0);
            hex_of(mac, 32, hex);
            CHECK_STR_EQ(hex, v[i].mac);
        }
        hmac_sha256_keyed_free(&k);
    }
}

/* Expected values from Python:
 *   mac = hmac.new(bytes(range(32)), ID, hashlib.sha256).digest()
 *   first letter "ABCDEFGHJKMNPQRS"[top 4 bits], then 19 Crockford base32
 *   characters of the next 95 bits. */
TEST(pseudonym_encoding_matches_independent_computation)
{
    uint8_t key[PSEUDONYM_KEY_SIZE];
    for (int i = 0; i < PSEUDONYM_KEY_SIZE; i++) key[i] = (uint8_t)i;
    char out[PSEUDONYM_TEXT_SIZE];
    pseudonym_make(key, "191212121212", 12, out);
    CHECK_STR_EQ(out, "G6MNF2JF84VSDGWYZYT8");
    pseudonym_make(key, "42", 2, out);
    CHECK_STR_EQ(out, "HVYC9J95JXFW86B40G0P");
    pseudonym_make(key, "", 0, out);
    CHECK_STR_EQ(out, "Q72T215PR1X2ZG9NM9AE");
}

TEST(pseudonym_normalises_twelve_digit_personnummer)
{
    uint8_t key[PSEUDONYM_KEY_SIZE];
    pseudonym_key_new(key);
    char a[PSEUDONYM_TEXT_SIZE], b[PSEUDONYM_TEXT_SIZE], c[PSEUDONYM_TEXT_SIZE], d[PSEUDONYM_TEXT_SIZE];
    pseudonym_make(key, "19121212-1212", 13, a);
    pseudonym_make(key, "191212121212", 12, b);
    pseudonym_make(key, "  191212121212 ", 15, c);
    CHECK_STR_EQ(a, b);
    CHECK_STR_EQ(b, c);
    pseudonym_ctx ctx;
    dl_error e;
    CHECK_INT_EQ(pseudonym_ctx_init(&ctx, key, &e), DL_OK);
    CHECK_INT_EQ(pseudonym_ctx_make(&ctx, "19121212-1212", 13, d), DL_OK);
    pseudonym_ctx_free(&ctx);
    CHECK_STR_EQ(d, b);
    /* A samordningsnummer (day + 60) too. */
    pseudonym_make(key, "19121272-1219", 13, a);
    pseudonym_make(key, "191212721219", 12, b);
    CHECK_STR_EQ(a, b);
    /* Not normalised: the ten-digit form (century ambiguous), a wrong check
     * digit (then the bytes as given count), another person. */
    pseudonym_make(key, "121212-1212", 11, c);
    pseudonym_make(key, "191212121212", 12, a);
    CHECK(strcmp(c, a) != 0);
    pseudonym_make(key, "19121212-1213", 13, c);
    pseudonym_make(key, "191212121213", 12, d);
    CHECK(strcmp(c, d) != 0);
    pseudonym_make(key, "191212121213", 12, d);
    CHECK(strcmp(a, d) != 0);
}

TEST(pseudonym_is_stable_within_a_key_and_unlinkable_across_keys)
{
    uint8_t k1[PSEUDONYM_KEY_SIZE], k2[PSEUDONYM_KEY_SIZE];
    pseudonym_key_new(k1);
    pseudonym_key_new(k2);
    CHECK(memcmp(k1, k2, PSEUDONYM_KEY_SIZE) != 0);
    pseudonym_ctx c1, c2;
    dl_error e;
    CHECK_INT_EQ(pseudonym_ctx_init(&c1, k1, &e), DL_OK);
    CHECK_INT_EQ(pseudonym_ctx_init(&c2, k2, &e), DL_OK);
    char ids[64], a[PSEUDONYM_TEXT_SIZE], b[PSEUDONYM_TEXT_SIZE], again[PSEUDONYM_TEXT_SIZE];
    int same_across = 0;
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(ids, sizeof ids, "%d", i);
        CHECK_INT_EQ(pseudonym_ctx_make(&c1, ids, (size_t)n, a), DL_OK);
        pseudonym_make(k1, ids, (size_t)n, again);
        CHECK_STR_EQ(a, again);
        pseudonym_ctx_make(&c2, ids, (size_t)n, b);
        if (strcmp(a, b) == 0) same_across++;
        CHECK_INT_EQ(strlen(a), PSEUDONYM_TEXT_SIZE - 1);
        CHECK(a[0] >= 'A' && a[0] <= 'S');
        CHECK(strspn(a, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") == PSEUDONYM_TEXT_SIZE - 1);
    }
    CHECK_INT_EQ(same_across, 0);
    pseudonym_ctx_free(&c1);
    pseudonym_ctx_free(&c2);
}

TEST(pseudonym_key_hex_round_trip_and_refusals)
{
    uint8_t k[PSEUDONYM_KEY_SIZE], back[PSEUDONYM_KEY_SIZE];
    char hex[PSEUDONYM_KEY_HEX_SIZE];
    pseudonym_key_new(k);
    pseudonym_key_to_hex(k, hex);
    CHECK_INT_EQ(strlen(hex), 64);
    dl_error e;
    CHECK_INT_EQ(pseudonym_key_from_hex(hex, back, &e), DL_OK);
    CHECK(memcmp(k, back, sizeof k) == 0);
    hex[63] = 'g';
    CHECK_INT_EQ(pseudonym_key_from_hex(hex, back, &e), DL_EINVAL);
    CHECK_INT_EQ(pseudonym_key_from_hex("abcd", back, &e), DL_EINVAL);
    CHECK_INT_EQ(pseudonym_key_from_hex(NULL, back, &e), DL_EINVAL);
}

/* 1,000,000 pseudonyms take about 0.2 s in the release build; under the
 * sanitizers a tenth of them must still take well under a second. */
TEST(pseudonym_is_fast)
{
    uint8_t key[PSEUDONYM_KEY_SIZE];
    pseudonym_key_new(key);
    pseudonym_ctx c;
    dl_error e;
    CHECK_INT_EQ(pseudonym_ctx_init(&c, key, &e), DL_OK);
    char id[13] = "190001010000", out[PSEUDONYM_TEXT_SIZE];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned x = 0;
    for (int i = 0; i < 100000; i++) {
        id[11] = (char)('0' + i % 10);
        id[10] = (char)('0' + i / 10 % 10);
        pseudonym_ctx_make(&c, id, 12, out);
        x += (unsigned char)out[3];
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(x > 0);
    pseudonym_ctx_free(&c);
    CHECK(s < 1.0);
}
