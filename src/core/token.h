/* token.h — random session/CSRF tokens, SHA-256 and HMAC-SHA-256 as lowercase
 * hex, and a constant-time comparison for tokens. All output buffers are
 * TOKEN_HEX_SIZE bytes: 64 hex digits and a NUL. */
#ifndef DATALOTS_TOKEN_H
#define DATALOTS_TOKEN_H

#include <stddef.h>

#define TOKEN_HEX_SIZE 65

/* 32 bytes from libsodium's CSPRNG as 64 lowercase hex digits. Initialises
 * libsodium itself; aborts the process if libsodium cannot start (there is
 * no safe fallback for randomness). */
void token_random_hex(char out[TOKEN_HEX_SIZE]);

/* SHA-256 of the n bytes at data (data may be NULL when n is 0). */
void sha256_hex(const void *data, size_t n, char out[TOKEN_HEX_SIZE]);

/* HMAC-SHA-256 (RFC 2104) of msg under a key of any length. */
void hmac_sha256_hex(const void *key, size_t keylen, const void *msg, size_t n,
                     char out[TOKEN_HEX_SIZE]);

/* 1 if the strings are equal, compared in constant time when their lengths
 * are equal; 0 if they differ, their lengths differ, or either is NULL. */
int token_equal(const char *a, const char *b);

/* 1 if s is exactly 64 lowercase hex digits, else 0 (also for NULL). */
int hex_is_token(const char *s);

#endif
