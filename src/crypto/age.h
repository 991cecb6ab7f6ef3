/* age.h — the age file format (age-encryption.org/v1, spec in
 * shared/specs/age-v1.md) in C on libsodium: X25519 and scrypt (passphrase)
 * recipients, the header with its HMAC, the STREAM payload (ChaCha20-
 * Poly1305, 64 KiB chunks), and the PEM-style armor. Streaming: memory use
 * is constant whatever the size of the file.
 *
 * Decryption releases plaintext only chunk by chunk after each chunk's tag
 * checked; a failure later (a bad tag, a truncated file) is reported after
 * the chunks before it were written. Callers that must not leave partial
 * output (the CLI with -o) write to a temporary file and rename it on
 * success. */
#ifndef DATALOTS_AGE_H
#define DATALOTS_AGE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"

#define AGE_FILE_KEY_SIZE 16
#define AGE_CHUNK_SIZE 65536
#define AGE_RECIPIENT_MAX 100    /* "age1" + bech32: 62 characters; room to spare */
#define AGE_IDENTITY_MAX 100     /* "AGE-SECRET-KEY-1" + bech32: 74 characters */
#define AGE_SCRYPT_DEFAULT_LOG_N 18
#define AGE_SCRYPT_MAX_LOG_N 22  /* decryption refuses work factors above this */

typedef enum age_kind { AGE_X25519 = 1, AGE_SCRYPT = 2 } age_kind;

/* Something a file is encrypted to. */
typedef struct age_recipient {
    age_kind kind;
    uint8_t public_key[32];   /* X25519 */
    const char *passphrase;   /* scrypt: not copied; must outlive the call */
    int log_n;                /* scrypt work factor (0: AGE_SCRYPT_DEFAULT_LOG_N) */
} age_recipient;

/* Something that can open a file. */
typedef struct age_identity {
    age_kind kind;
    uint8_t secret_key[32];   /* X25519 */
    const char *passphrase;   /* scrypt: not copied */
    int max_log_n;            /* scrypt: refuse above (0: AGE_SCRYPT_MAX_LOG_N) */
} age_identity;

/* Why a decryption failed: the testkit's categories, plus I/O. */
typedef enum age_failure {
    AGE_OK = 0,
    AGE_FAIL_HEADER,      /* the header does not parse */
    AGE_FAIL_NO_MATCH,    /* no identity opens any stanza (wrong key or passphrase) */
    AGE_FAIL_HMAC,        /* a file key was found but the header MAC is wrong */
    AGE_FAIL_PAYLOAD,     /* the payload is truncated, tampered or badly chunked */
    AGE_FAIL_ARMOR,       /* the ASCII armor does not parse */
    AGE_FAIL_UNSUPPORTED, /* a feature not implemented (e.g. ML-KEM hybrid stanzas) */
    AGE_FAIL_IO,          /* reading or writing failed */
    AGE_FAIL_LIMIT,       /* a scrypt work factor above the limit */
} age_failure;

const char *age_failure_name(age_failure f); /* "header failure", … */

/* Keys (src/crypto/age_keys.c, bech32 in src/crypto/bech32.c). */
dl_err age_parse_recipient(const char *text, age_recipient *out, dl_error *e);  /* "age1…" */
dl_err age_parse_identity(const char *text, age_identity *out, dl_error *e);    /* "AGE-SECRET-KEY-1…" */
/* 1 if an age secret key ("AGE-SECRET-KEY-", any case, PQ ones too)
 * appears anywhere in the n bytes at p (which may hold NULs): text that
 * does must never be echoed, logged or stored. */
int age_holds_secret_key(const char *p, size_t n);
/* A new X25519 key pair as text. */
dl_err age_keygen(char identity_out[AGE_IDENTITY_MAX], char recipient_out[AGE_RECIPIENT_MAX], dl_error *e);
/* The recipient of an X25519 identity, as text. */
dl_err age_identity_recipient(const age_identity *id, char recipient_out[AGE_RECIPIENT_MAX], dl_error *e);

/* I/O callbacks: read returns bytes read (0 at end, -1 on error); write
 * returns 0 when all n bytes were written, -1 on error. */
typedef ssize_t (*age_read_fn)(void *ctx, uint8_t *buf, size_t n);
typedef int (*age_write_fn)(void *ctx, const uint8_t *buf, size_t n);

/* Encrypts everything read to the recipients (a scrypt recipient must be the
 * only one), armored if armor is set. */
dl_err age_encrypt_stream(const age_recipient *recipients, int n_recipients, int armor,
                          age_read_fn read, void *read_ctx, age_write_fn write, void *write_ctx,
                          dl_error *e);

/* Decrypts (armored or binary, detected) with the first identity that opens
 * a stanza. On failure, *why says which kind (may be NULL). */
dl_err age_decrypt_stream(const age_identity *identities, int n_identities,
                          age_read_fn read, void *read_ctx, age_write_fn write, void *write_ctx,
                          age_failure *why, dl_error *e);

#endif
