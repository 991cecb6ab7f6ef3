/* token.h — random session/CSRF tokens, SHA-256 and HMAC-SHA-256 as lowercase
 * hex, and a constant-time comparison for tokens, on libsodium. All output
 * buffers are TOKEN_HEX_SIZE bytes (core/token.h: the format). */
#ifndef DATALOTS_CRYPTO_TOKEN_H
#define DATALOTS_CRYPTO_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/token.h"

/* 32 bytes from libsodium's CSPRNG as 64 lowercase hex digits. Initialises
 * libsodium itself; aborts the process if libsodium cannot start (there is
 * no safe fallback for randomness). */
void token_random_hex(char out[TOKEN_HEX_SIZE]);

/* SHA-256 of the n bytes at data (data may be NULL when n is 0). */
void sha256_hex(const void *data, size_t n, char out[TOKEN_HEX_SIZE]);

/* HMAC-SHA-256 (RFC 2104) of msg under a key of any length. */
void hmac_sha256_hex(const void *key, size_t keylen, const void *msg, size_t n,
                     char out[TOKEN_HEX_SIZE]);

/* A SHA-256 fed piece by piece (libsodium's crypto_hash_sha256_state, kept
 * out of this header), for digests of a serialization written as it goes
 * (core/audit_chain.c). Allocates nothing; cannot fail. */
typedef struct sha256_run {
    uint64_t opaque[16];
} sha256_run;
void sha256_run_init(sha256_run *r);
void sha256_run_update(sha256_run *r, const void *data, size_t n);
/* The digest as 64 lowercase hex digits. */
void sha256_run_final_hex(sha256_run *r, char out[TOKEN_HEX_SIZE]);

/* 1 if the strings are equal, compared in constant time when their lengths
 * are equal; 0 if they differ, their lengths differ, or either is NULL. */
int token_equal(const char *a, const char *b);

#endif
