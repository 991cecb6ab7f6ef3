/* token.c — random tokens, SHA-256 (whole or fed piece by piece) and
 * HMAC-SHA-256 digests in lowercase hex, and constant-time token comparison, all on top of libsodium (the token's
 * format, hex_is_token(), is core/token.c's). */
#include "crypto/token.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void) { sodium_status = sodium_init(); }

static void sodium_required(void)
{
    pthread_once(&sodium_once, sodium_start);
    if (sodium_status < 0) abort(); /* no randomness means no safe tokens */
}

static void to_hex(const unsigned char *bin, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bin[i] >> 4];
        out[2 * i + 1] = digits[bin[i] & 0x0F];
    }
    out[2 * n] = '\0';
}

void token_random_hex(char out[TOKEN_HEX_SIZE])
{
    unsigned char buf[32];
    sodium_required();
    randombytes_buf(buf, sizeof buf);
    to_hex(buf, sizeof buf, out);
    sodium_memzero(buf, sizeof buf);
}

void sha256_hex(const void *data, size_t n, char out[TOKEN_HEX_SIZE])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    static const unsigned char empty[1] = {0};
    sodium_required();
    crypto_hash_sha256(digest, n ? data : empty, (unsigned long long)n);
    to_hex(digest, sizeof digest, out);
}

void hmac_sha256_hex(const void *key, size_t keylen, const void *msg, size_t n,
                     char out[TOKEN_HEX_SIZE])
{
    static const unsigned char empty[1] = {0};
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    sodium_required();
    crypto_auth_hmacsha256_init(&st, keylen ? key : empty, keylen);
    crypto_auth_hmacsha256_update(&st, n ? msg : empty, (unsigned long long)n);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(&st, sizeof st);
    to_hex(mac, sizeof mac, out);
}

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((sha256_run *)0)->opaque),
               "sha256_run must hold libsodium's SHA-256 state");

static pthread_once_t run_once = PTHREAD_ONCE_INIT;

static void run_start(void)
{
    /* SHA-256 has no CPU-specific variants, but initialise libsodium anyway
     * as its documentation asks; a failure here cannot affect the digest. */
    if (sodium_init() < 0) return;
}

static crypto_hash_sha256_state *run_state(sha256_run *r) { return (crypto_hash_sha256_state *)(void *)r->opaque; }

void sha256_run_init(sha256_run *r)
{
    pthread_once(&run_once, run_start);
    crypto_hash_sha256_init(run_state(r));
}

void sha256_run_update(sha256_run *r, const void *data, size_t n)
{
    if (n) crypto_hash_sha256_update(run_state(r), data, (unsigned long long)n);
}

void sha256_run_final_hex(sha256_run *r, char out[TOKEN_HEX_SIZE])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(run_state(r), digest);
    to_hex(digest, sizeof digest, out);
}

int token_equal(const char *a, const char *b)
{
    if (!a || !b) return 0;
    size_t an = strlen(a), bn = strlen(b);
    if (an != bn) return 0;
    if (an == 0) return 1;
    return sodium_memcmp(a, b, an) == 0;
}
