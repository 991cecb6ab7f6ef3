/* sha256.h — SHA-256 and HMAC-SHA-256 at hardware speed, for the bulk work
 * of an extraction: hashing every delivered file (SHA256SUMS) and making a
 * pseudonym for every row. libsodium's SHA-256 is portable C (about 300
 * MB/s here); OpenSSL's libcrypto (already linked through libpq, headers
 * from libssl-dev, which libpq-dev depends on) uses the CPU's SHA
 * instructions (about 1.5 GB/s) — for HMAC of short identifiers 4–5 times
 * faster. Everything else in datalots' cryptography stays on libsodium.
 *
 * Contexts are not shared between threads. */
#ifndef DATALOTS_SHA256_H
#define DATALOTS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct evp_md_ctx_st; /* OpenSSL's EVP_MD_CTX, kept out of this header */

#define SHA256_HEX_SIZE 65

/* A running hash over a stream of bytes. */
typedef struct sha256_stream {
    struct evp_md_ctx_st *md;
} sha256_stream;

/* DL_ENOMEM / DL_EINTERNAL when OpenSSL cannot start the digest. */
dl_err sha256_stream_init(sha256_stream *s, dl_error *e);
void sha256_stream_update(sha256_stream *s, const void *p, size_t n);
/* The digest as 64 lower-case hex digits; the stream is freed. */
void sha256_stream_final_hex(sha256_stream *s, char hex[SHA256_HEX_SIZE]);
/* Frees a stream that was not finished (also fine after final). */
void sha256_stream_free(sha256_stream *s);

/* HMAC-SHA-256 with the key's inner and outer blocks absorbed once: one MAC
 * of a short message is then two SHA-256 compressions. */
typedef struct hmac_sha256_keyed {
    struct evp_md_ctx_st *inner, *outer, *scratch;
} hmac_sha256_keyed;

/* Any key length (a key over 64 bytes is hashed first, RFC 2104). */
dl_err hmac_sha256_keyed_init(hmac_sha256_keyed *k, const uint8_t *key, size_t key_len, dl_error *e);
/* 0, or -1 (mac zeroed) in the unlikely case OpenSSL cannot allocate. */
int hmac_sha256_keyed_mac(hmac_sha256_keyed *k, const void *msg, size_t n, uint8_t mac[32]);
/* Frees the contexts (OpenSSL clears their memory). */
void hmac_sha256_keyed_free(hmac_sha256_keyed *k);

#endif
