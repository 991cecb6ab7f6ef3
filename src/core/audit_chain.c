/* audit_chain.c — computes one link of the audit log's SHA-256 hash chain
 * over a length-prefixed canonical serialization (format in audit_chain.h).
 * Streams into the hash, so it allocates nothing and has no size limits. */
#include "core/audit_chain.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_start(void)
{
    /* SHA-256 has no CPU-specific variants, but initialise libsodium anyway
     * as its documentation asks; a failure here cannot affect the digest. */
    if (sodium_init() < 0) return;
}

static void put_bytes(crypto_hash_sha256_state *st, const char *s, size_t n)
{
    char len[24];
    int ln = snprintf(len, sizeof len, "%zu:", n);
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)ln);
    if (n) crypto_hash_sha256_update(st, (const unsigned char *)s, (unsigned long long)n);
    crypto_hash_sha256_update(st, (const unsigned char *)";", 1);
}

static void put_str(crypto_hash_sha256_state *st, const char *s)
{
    put_bytes(st, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    put_bytes(st, buf, (size_t)n);
}

void audit_chain_hash(const char prev_hash[65], const struct audit_record *r, char out[65])
{
    static const struct audit_record empty_record = {0};
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    unsigned char prev[64] = {0};

    pthread_once(&sodium_once, sodium_start);
    if (!r) r = &empty_record;
    if (!prev_hash) prev_hash = AUDIT_GENESIS_HASH;
    /* Never read past a (buggy) short prev_hash: it is NUL-padded to 64. */
    memcpy(prev, prev_hash, strnlen(prev_hash, sizeof prev));

    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, prev, sizeof prev);
    put_int(&st, r->id);
    put_str(&st, r->at);
    put_int(&st, r->actor_user_id);
    put_str(&st, r->actor);
    put_str(&st, r->action);
    put_str(&st, r->object_type);
    put_str(&st, r->object_id);
    put_str(&st, r->before_digest);
    put_str(&st, r->after_digest);
    put_str(&st, r->detail);
    crypto_hash_sha256_final(&st, digest);

    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof digest; i++) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 0x0F];
    }
    out[64] = '\0';
}
