/* password_hash.h — password hashing with argon2id via libsodium: make a
 * hash, check a password against one, and tell when a stored hash wants
 * renewing. The rules a new password must meet are core/password.h's. */
#ifndef DATALOTS_PASSWORD_HASH_H
#define DATALOTS_PASSWORD_HASH_H

#include "core/err.h"

/* Size of the buffer password_hash() writes (crypto_pwhash_STRBYTES). */
#define PASSWORD_HASH_MAX 128

/* Hashes password with argon2id (libsodium's crypto_pwhash_str at the
 * INTERACTIVE limits) into out, a NUL-terminated "$argon2id$..." string.
 * Initialises libsodium itself. Errors: DL_EINVAL for a NULL password,
 * DL_ENOMEM when argon2 cannot get its memory, DL_ECRYPTO if libsodium
 * cannot start. On error out is the empty string. */
dl_err password_hash(const char *password, char out[PASSWORD_HASH_MAX], dl_error *e);

/* 1 if password matches stored_hash, 0 otherwise — including for NULL
 * arguments and a malformed or unterminated stored hash. */
int password_verify(const char *stored_hash, const char *password);

/* 1 if stored_hash was made with weaker parameters (or another algorithm)
 * than password_hash() uses now or is malformed, so the caller should hash
 * the password again after a successful login; 0 if it is current, or an
 * argon2id hash at least as costly in memory and passes (never lowered). */
int password_needs_rehash(const char *stored_hash);

#endif
