/* pseudonym.c — the kodnyckel and HMAC-SHA-256 pseudonyms (pseudonym.h):
 * personnummer normalised to 12 digits, the MAC's first 99 bits written as
 * a letter and 19 Crockford base32 characters. The one-off form runs on
 * libsodium, the context on OpenSSL (crypto/sha256.h); the tests hold the
 * two to the same result. */
#include "crypto/pseudonym.h"

#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "core/personnummer.h"

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status;
static void init_sodium(void)
{
    /* sodium_init fails only when no entropy source exists; randombytes then
     * aborts rather than return weak bytes, which is the safe outcome. */
    sodium_status = sodium_init();
}

static const char first_alphabet[16] = "ABCDEFGHJKMNPQRS";
static const char crockford[32] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* A date no personnummer lies after: with a four-digit year the parser's
 * "today" only rules out births in the future, which must not make a
 * pseudonym depend on the day it was made. */
#define FAR_FUTURE_YYYYMMDD 99991231

void pseudonym_key_new(uint8_t key[PSEUDONYM_KEY_SIZE])
{
    pthread_once(&sodium_once, init_sodium);
    randombytes_buf(key, PSEUDONYM_KEY_SIZE);
}

void pseudonym_key_to_hex(const uint8_t key[PSEUDONYM_KEY_SIZE], char hex[PSEUDONYM_KEY_HEX_SIZE])
{
    sodium_bin2hex(hex, PSEUDONYM_KEY_HEX_SIZE, key, PSEUDONYM_KEY_SIZE);
}

dl_err pseudonym_key_from_hex(const char *text, uint8_t key[PSEUDONYM_KEY_SIZE], dl_error *e)
{
    size_t got = 0;
    if (!text || strlen(text) != 2 * PSEUDONYM_KEY_SIZE ||
        sodium_hex2bin(key, PSEUDONYM_KEY_SIZE, text, 2 * PSEUDONYM_KEY_SIZE, NULL, &got, NULL) != 0 ||
        got != PSEUDONYM_KEY_SIZE) {
        sodium_memzero(key, PSEUDONYM_KEY_SIZE);
        return dl_fail(e, DL_EINVAL, "the pseudonym key is not 64 hex digits");
    }
    return DL_OK;
}

dl_err pseudonym_ctx_init(pseudonym_ctx *c, const uint8_t key[PSEUDONYM_KEY_SIZE], dl_error *e)
{
    return hmac_sha256_keyed_init(&c->keyed, key, PSEUDONYM_KEY_SIZE, e);
}

void pseudonym_ctx_free(pseudonym_ctx *c) { hmac_sha256_keyed_free(&c->keyed); }

/* Points *p, *n at the 12 canonical digits in canon when id is a valid
 * personnummer with a four-digit year; leaves them otherwise. */
static void normalise_personnummer(const char **p, size_t *n, char canon[13])
{
    const char *s = *p;
    size_t len = *n;
    while (len > 0 && s[0] == ' ') { s++; len--; }
    while (len > 0 && s[len - 1] == ' ') len--;
    if (len != 12 && len != 13) return;
    char buf[14];
    for (size_t i = 0; i < len; i++) {
        int sep_here = len == 13 && i == 8;
        if (sep_here ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return;
        buf[i] = s[i];
    }
    buf[len] = '\0';
    if (personnummer_parse(buf, FAR_FUTURE_YYYYMMDD, canon, NULL, NULL) != DL_OK) return;
    *p = canon;
    *n = 12;
}

/* The first 99 bits of the MAC, most significant first: 4 for the letter,
 * then 19 times 5. */
static void encode(const uint8_t mac[32], char out[PSEUDONYM_TEXT_SIZE])
{
    __extension__ typedef unsigned __int128 u128;
    u128 v = 0;
    for (int i = 0; i < 16; i++) v = (v << 8) | mac[i];
    out[0] = first_alphabet[(unsigned)(v >> 124) & 15u];
    for (unsigned i = 0; i < PSEUDONYM_TEXT_SIZE - 2; i++)
        out[i + 1] = crockford[(unsigned)(v >> (119 - 5 * i)) & 31u];
    out[PSEUDONYM_TEXT_SIZE - 1] = '\0';
}

dl_err pseudonym_ctx_make(pseudonym_ctx *c, const char *id, size_t n, char out[PSEUDONYM_TEXT_SIZE])
{
    char canon[13];
    uint8_t mac[32];
    normalise_personnummer(&id, &n, canon);
    if (hmac_sha256_keyed_mac(&c->keyed, id, n, mac) != 0) {
        out[0] = '\0';
        return DL_ENOMEM;
    }
    encode(mac, out);
    return DL_OK;
}

void pseudonym_make(const uint8_t key[PSEUDONYM_KEY_SIZE], const char *id, size_t n,
                    char out[PSEUDONYM_TEXT_SIZE])
{
    char canon[13];
    uint8_t mac[32];
    normalise_personnummer(&id, &n, canon);
    pseudonym_hmac_sha256(key, PSEUDONYM_KEY_SIZE, (const uint8_t *)id, n, mac);
    encode(mac, out);
    sodium_memzero(mac, sizeof mac);
}

void pseudonym_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t n,
                           uint8_t mac[32])
{
    pthread_once(&sodium_once, init_sodium);
    crypto_auth_hmacsha256_state keyed, st;
    crypto_auth_hmacsha256_init(&keyed, key, key_len);
    st = keyed;
    crypto_auth_hmacsha256_update(&st, msg, n);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(&keyed, sizeof keyed);
    sodium_memzero(&st, sizeof st);
}
