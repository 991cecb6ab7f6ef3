/* password_hash.c — argon2id password hashing via libsodium's
 * crypto_pwhash_str at the INTERACTIVE limits. */
#include "crypto/password_hash.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

_Static_assert(PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES,
               "password hash buffer must match crypto_pwhash_STRBYTES");

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void) { sodium_status = sodium_init(); }

/* 0 when libsodium is usable (sodium_init returns 1 if already started). */
static int sodium_ready(void)
{
    pthread_once(&sodium_once, sodium_start);
    return sodium_status < 0 ? -1 : 0;
}

/* A stored hash is only handed to libsodium if it is NUL-terminated within
 * the size libsodium assumes. */
static int stored_hash_ok(const char *h)
{
    return h && memchr(h, '\0', crypto_pwhash_STRBYTES) != NULL && h[0] != '\0';
}

dl_err password_hash(const char *password, char out[PASSWORD_HASH_MAX], dl_error *e)
{
    out[0] = '\0';
    if (!password) return dl_fail(e, DL_EINVAL, "Ange ett lösenord.");
    if (sodium_ready() != 0)
        return dl_fail(e, DL_ECRYPTO, "Krypteringsbiblioteket kunde inte startas.");
    if (crypto_pwhash_str(out, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        out[0] = '\0';
        return dl_fail(e, DL_ENOMEM,
                       "Det fanns inte tillräckligt med minne för att skydda lösenordet. "
                       "Försök igen om en stund.");
    }
    return DL_OK;
}

int password_verify(const char *stored_hash, const char *password)
{
    if (!password || !stored_hash_ok(stored_hash)) return 0;
    if (sodium_ready() != 0) return 0;
    return crypto_pwhash_str_verify(stored_hash, password, strlen(password)) == 0;
}

int password_needs_rehash(const char *stored_hash)
{
    if (!stored_hash_ok(stored_hash)) return 1;
    if (sodium_ready() != 0) return 1;
    /* 0 = current; 1 = other parameters; -1 = not an argon2id string. */
    int other = crypto_pwhash_str_needs_rehash(stored_hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
    if (other == 0) return 0;
    if (other < 0) return 1;
    /* A cut or damaged string is no hash to keep (libsodium reads only its
     * parameters): the whole form, salt and digest included, or renew. */
    size_t n = strlen(stored_hash);
    const char *digest = strrchr(stored_hash, '$');
    if (!digest || strlen(digest + 1) != 43 || n < 80) return 1;
    /* Other parameters: weaker ones are renewed, stronger ones (an operator's
     * choice, an import) are kept — a renewal must never lower the cost. */
    unsigned long long m = 0, t = 0;
    unsigned p = 0;
    if (sscanf(stored_hash, "$argon2id$v=19$m=%llu,t=%llu,p=%u$", &m, &t, &p) != 3) return 1;
    return m * 1024ULL < (unsigned long long)crypto_pwhash_MEMLIMIT_INTERACTIVE ||
           t < (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE;
}
