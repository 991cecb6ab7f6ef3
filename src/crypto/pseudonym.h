/* pseudonym.h — the case's kodnyckel and the pseudonyms made with it.
 *
 * A pseudonym is HMAC-SHA-256(kodnyckel, identifier), shown as 20
 * characters: the first is a letter from "ABCDEFGHJKMNPQRS" (4 bits), the
 * other 19 are Crockford base32 "0123456789ABCDEFGHJKMNPQRSTVWXYZ" (5 bits
 * each): the first 99 bits of the MAC. Starting with a letter, it is never
 * read as a number or a date by a spreadsheet, never a formula, and never
 * looks like a personnummer. The same identifier gives the same pseudonym
 * under one key (within a case); under another key (another case) the
 * pseudonyms are unrelated — without the key nobody can link them or go
 * back to the identifier.
 *
 * Personnummer are normalised before hashing: an identifier that is a
 * valid personnummer or samordningsnummer with a four-digit year
 * ("YYYYMMDDNNNN" or "YYYYMMDD-NNNN", spaces around ignored) is hashed as
 * its 12 digits, so both forms give one pseudonym. A ten-digit form
 * ("YYMMDD-NNNN") is NOT normalised — its century depends on the day it is
 * read, which would make pseudonyms drift; the source holds 12 digits.
 * Anything else (a row id, an invalid number) is hashed as its bytes.
 *
 * Speed: a pseudonym_ctx keeps the HMAC's keyed inner and outer SHA-256
 * state (crypto/sha256.h, OpenSSL with the CPU's SHA instructions), so one
 * pseudonym costs two SHA-256 compressions: about 6 million a second on
 * one core. pseudonym_make() is the one-off form on libsodium's
 * crypto_auth_hmacsha256 (same result, about 1.4 million a second when
 * its state is reused, far fewer as it sets a key up every call): use a
 * context in loops. */
#ifndef DATALOTS_PSEUDONYM_H
#define DATALOTS_PSEUDONYM_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "crypto/sha256.h"

#define PSEUDONYM_KEY_SIZE 32
#define PSEUDONYM_TEXT_SIZE 21   /* 20 characters + NUL */
#define PSEUDONYM_KEY_HEX_SIZE (2 * PSEUDONYM_KEY_SIZE + 1)

/* A new kodnyckel from the system's CSPRNG. */
void pseudonym_key_new(uint8_t key[PSEUDONYM_KEY_SIZE]);

/* The key as 64 lower-case hex digits (for the store), and back:
 * pseudonym_key_from_hex returns DL_EINVAL unless text is exactly 64 hex
 * digits. */
void pseudonym_key_to_hex(const uint8_t key[PSEUDONYM_KEY_SIZE], char hex[PSEUDONYM_KEY_HEX_SIZE]);
dl_err pseudonym_key_from_hex(const char *text, uint8_t key[PSEUDONYM_KEY_SIZE], dl_error *e);

/* A key made ready for many pseudonyms, for one thread. Holds key
 * material: free it with pseudonym_ctx_free (OpenSSL clears it). */
typedef struct pseudonym_ctx {
    hmac_sha256_keyed keyed;
} pseudonym_ctx;

/* DL_ENOMEM when OpenSSL cannot allocate its contexts. */
dl_err pseudonym_ctx_init(pseudonym_ctx *c, const uint8_t key[PSEUDONYM_KEY_SIZE], dl_error *e);
/* DL_OK, or DL_ENOMEM (out is then "") if OpenSSL cannot allocate. */
dl_err pseudonym_ctx_make(pseudonym_ctx *c, const char *id, size_t n, char out[PSEUDONYM_TEXT_SIZE]);
void pseudonym_ctx_free(pseudonym_ctx *c);

/* One pseudonym of the n bytes at id (see above), NUL-terminated in out. */
void pseudonym_make(const uint8_t key[PSEUDONYM_KEY_SIZE], const char *id, size_t n,
                    char out[PSEUDONYM_TEXT_SIZE]);

/* The 32-byte HMAC-SHA-256 of libsodium that pseudonym_make uses (for the
 * RFC 4231 test vectors); key of any length. */
void pseudonym_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t n,
                           uint8_t mac[32]);

#endif
