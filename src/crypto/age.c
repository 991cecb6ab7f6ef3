/* age.c — encrypting and decrypting age files (see age.h): the file key is
 * wrapped per recipient (X25519 or scrypt), the header is MACed, and the
 * payload is STREAM: ChaCha20-Poly1305 over 64 KiB chunks with a counter
 * nonce whose last byte marks the final chunk.
 *
 * I/O runs in batches of BATCH chunks (1 MiB of plaintext) so that reads,
 * writes and the cipher work on large buffers; memory stays at a few MiB
 * whatever the file size. Chunks are independent, so the cipher work of a
 * batch is shared between the calling thread and one helper thread (see
 * crew below) when the machine has more than one core. Decryption writes a batch's plaintext only after
 * every chunk in it authenticated — on a bad chunk, the chunks before it are
 * written and the failure reported (the CLI then removes its output file). */
#include "crypto/age_internal.h"
#include "crypto/age_armor.h"
#include "core/alloc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 16
#define TAG crypto_aead_chacha20poly1305_ietf_ABYTES
#define CHUNK_CT (AGE_CHUNK_SIZE + TAG)
#define X25519_INFO "age-encryption.org/v1/X25519"
#define SCRYPT_SALT_LABEL "age-encryption.org/v1/scrypt"

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;
static void init_sodium(void) { sodium_ok = sodium_init() >= 0; }

static const uint8_t zero_nonce[12];

/* --- the file key, wrapped and unwrapped ----------------------------------- */

static dl_err wrap_x25519(const age_recipient *r, const uint8_t file_key[16], strbuf *out, dl_error *e)
{
    uint8_t eph[32], share[32], shared[32], salt[64], key[32], body[16 + TAG];
    randombytes_buf(eph, sizeof eph);
    crypto_scalarmult_base(share, eph);
    if (crypto_scalarmult(shared, eph, r->public_key) != 0) {
        sodium_memzero(eph, sizeof eph);
        return dl_fail(e, DL_EINVAL, "the recipient's public key is not a usable X25519 point");
    }
    memcpy(salt, share, 32);
    memcpy(salt + 32, r->public_key, 32);
    age_hkdf(shared, 32, salt, 64, X25519_INFO, key);
    crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, 16, NULL, 0, NULL, zero_nonce, key);
    strbuf arg;
    sb_init(&arg, 48);
    age_b64_encode(&arg, share, 32);
    const char *args[] = {"X25519", sb_cstr(&arg)};
    age_stanza_encode(out, args, 2, body, sizeof body);
    sb_free(&arg);
    sodium_memzero(eph, sizeof eph);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(key, sizeof key);
    return DL_OK;
}

static int scrypt_key(const char *passphrase, const uint8_t salt16[16], int log_n, uint8_t key[32])
{
    uint8_t salt[sizeof SCRYPT_SALT_LABEL - 1 + 16];
    memcpy(salt, SCRYPT_SALT_LABEL, sizeof SCRYPT_SALT_LABEL - 1);
    memcpy(salt + sizeof SCRYPT_SALT_LABEL - 1, salt16, 16);
    return crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)passphrase, strlen(passphrase), salt, sizeof salt,
                                                 (uint64_t)1 << log_n, 8, 1, key, 32);
}

static dl_err wrap_scrypt(const age_recipient *r, const uint8_t file_key[16], strbuf *out, dl_error *e)
{
    int log_n = r->log_n ? r->log_n : AGE_SCRYPT_DEFAULT_LOG_N;
    if (!r->passphrase || !*r->passphrase) return dl_fail(e, DL_EINVAL, "the passphrase is empty");
    if (log_n < 1 || log_n > 30) return dl_fail(e, DL_EINVAL, "the scrypt work factor must be 1..30");
    uint8_t salt[16], key[32], body[16 + TAG];
    randombytes_buf(salt, sizeof salt);
    if (scrypt_key(r->passphrase, salt, log_n, key) != 0) return dl_fail(e, DL_ENOMEM, "scrypt failed (out of memory?)");
    crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, 16, NULL, 0, NULL, zero_nonce, key);
    sodium_memzero(key, sizeof key);
    strbuf arg;
    sb_init(&arg, 32);
    age_b64_encode(&arg, salt, 16);
    char wf[8];
    snprintf(wf, sizeof wf, "%d", log_n);
    const char *args[] = {"scrypt", sb_cstr(&arg), wf};
    age_stanza_encode(out, args, 3, body, sizeof body);
    sb_free(&arg);
    return DL_OK;
}

/* One stanza against one identity: 1 opened (file_key set), 0 not ours,
 * -1 malformed (a header failure, e set), -2 a scrypt work factor above the
 * identity's limit (e set), -3 scrypt could not get its memory (e set). The checks the spec demands come
 * before any key is tried. */
static int try_stanza(const age_stanza *st, const age_identity *id, uint8_t file_key[16], dl_error *e)
{
    uint8_t key[32];
    int opened = 0;
    if (strcmp(st->args[0], "X25519") == 0) {
        uint8_t share[32], shared[32], salt[64], pub[32];
        if (st->n_args != 2 || age_b64_decode(st->args[1], strlen(st->args[1]), share, sizeof share, 32, NULL) != 0) {
            dl_fail(e, DL_EINVAL, "malformed header: an X25519 stanza needs one canonical base64 32-byte share");
            return -1;
        }
        if (st->body_len != 16 + TAG) {
            dl_fail(e, DL_EINVAL, "malformed header: an X25519 stanza body must be 32 bytes");
            return -1;
        }
        if (id->kind != AGE_X25519) return 0;
        if (crypto_scalarmult(shared, id->secret_key, share) != 0) { /* all-zero: a low-order share */
            dl_fail(e, DL_EINVAL, "malformed header: the X25519 share is a low-order point");
            return -1;
        }
        crypto_scalarmult_base(pub, id->secret_key);
        memcpy(salt, share, 32);
        memcpy(salt + 32, pub, 32);
        age_hkdf(shared, 32, salt, 64, X25519_INFO, key);
        opened = crypto_aead_chacha20poly1305_ietf_decrypt(file_key, NULL, NULL, st->body, st->body_len, NULL, 0,
                                                           zero_nonce, key) == 0;
        sodium_memzero(shared, sizeof shared);
    } else if (strcmp(st->args[0], "scrypt") == 0) {
        uint8_t salt[16];
        const char *wf = st->n_args == 3 ? st->args[2] : "";
        int digits_ok = wf[0] >= '1' && wf[0] <= '9' && strspn(wf, "0123456789") == strlen(wf);
        if (st->n_args != 3 || age_b64_decode(st->args[1], strlen(st->args[1]), salt, sizeof salt, 16, NULL) != 0 ||
            !digits_ok) {
            dl_fail(e, DL_EINVAL, "malformed header: an scrypt stanza needs a canonical 16-byte salt and a decimal work factor");
            return -1;
        }
        if (st->body_len != 16 + TAG) {
            dl_fail(e, DL_EINVAL, "malformed header: an scrypt stanza body must be 32 bytes");
            return -1;
        }
        if (id->kind != AGE_SCRYPT) return 0;
        int max = id->max_log_n ? id->max_log_n : AGE_SCRYPT_MAX_LOG_N;
        if (max > 30) max = 30; /* 2^30 is already 1 TiB of scrypt memory */
        if (strlen(wf) > 2) { /* 100 or more: far above any limit (and no shift may see it) */
            dl_fail(e, DL_ELIMIT, "the scrypt work factor 2^%s is above the limit 2^%d", wf, max);
            return -2;
        }
        int log_n = (int)strtol(wf, NULL, 10); /* checked above: one or two digits */
        if (log_n > max) {
            dl_fail(e, DL_ELIMIT, "the scrypt work factor 2^%d is above the limit 2^%d", log_n, max);
            return -2;
        }
        if (!id->passphrase) return 0;
        if (scrypt_key(id->passphrase, salt, log_n, key) != 0) {
            dl_fail(e, DL_ENOMEM, "not enough memory for the passphrase's scrypt work factor 2^%d", log_n);
            return -3;
        }
        opened = crypto_aead_chacha20poly1305_ietf_decrypt(file_key, NULL, NULL, st->body, st->body_len, NULL, 0,
                                                           zero_nonce, key) == 0;
    }
    sodium_memzero(key, sizeof key);
    return opened;
}

/* --- a crew of two: the caller and one helper thread ----------------------- */

/* crew_run(c, fn, arg, n) calls fn(arg, from, to) over [0, n): the helper
 * takes the upper half while the caller does the lower, then the caller
 * waits. With one core, or when the helper could not start, the caller does
 * it all. */
typedef void (*crew_fn)(void *arg, size_t from, size_t to);

typedef struct crew {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake, finished;
    crew_fn fn;
    void *arg;
    size_t from, to;
    int pending, quit, started;
} crew;

static void *crew_main(void *p)
{
    crew *c = p;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->pending && !c->quit) pthread_cond_wait(&c->wake, &c->lock);
        if (c->quit) break;
        pthread_mutex_unlock(&c->lock);
        c->fn(c->arg, c->from, c->to);
        pthread_mutex_lock(&c->lock);
        c->pending = 0;
        pthread_cond_signal(&c->finished);
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

static void crew_start(crew *c)
{
    memset(c, 0, sizeof *c);
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    pthread_cond_init(&c->finished, NULL);
    c->started = pthread_create(&c->thread, NULL, crew_main, c) == 0;
    if (!c->started) {
        pthread_mutex_destroy(&c->lock);
        pthread_cond_destroy(&c->wake);
        pthread_cond_destroy(&c->finished);
    }
}

static void crew_stop(crew *c)
{
    if (!c->started) return;
    pthread_mutex_lock(&c->lock);
    c->quit = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->wake);
    pthread_cond_destroy(&c->finished);
}

static void crew_run(crew *c, crew_fn fn, void *arg, size_t n)
{
    if (!c->started || n < 2) { fn(arg, 0, n); return; }
    size_t half = n / 2;
    pthread_mutex_lock(&c->lock);
    c->fn = fn;
    c->arg = arg;
    c->from = half;
    c->to = n;
    c->pending = 1;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    fn(arg, 0, half);
    pthread_mutex_lock(&c->lock);
    while (c->pending) pthread_cond_wait(&c->finished, &c->lock);
    pthread_mutex_unlock(&c->lock);
}

/* --- STREAM ---------------------------------------------------------------- */

static void chunk_nonce(uint8_t nonce[12], uint64_t counter, int last)
{
    memset(nonce, 0, 12);
    for (int i = 0; i < 8; i++) nonce[10 - i] = (uint8_t)(counter >> (8 * i));
    nonce[11] = last ? 1 : 0;
}

struct sink { age_write_fn write; void *ctx; };

/* One batch's chunks: chunk i is bytes [i*AGE_CHUNK_SIZE, …) of in. */
struct enc_batch {
    const uint8_t *key, *in;
    uint8_t *ct;
    size_t have, chunks;
    uint64_t first;   /* counter of chunk 0 */
    int eof;
};

static void encrypt_chunks(void *p, size_t from, size_t to)
{
    struct enc_batch *b = p;
    for (size_t i = from; i < to; i++) {
        size_t off = i * AGE_CHUNK_SIZE;
        size_t n = b->eof && off + AGE_CHUNK_SIZE > b->have ? b->have - off : AGE_CHUNK_SIZE;
        uint8_t nonce[12];
        chunk_nonce(nonce, b->first + i, b->eof && i + 1 == b->chunks);
        uint8_t *out = b->ct + i * CHUNK_CT;
        crypto_aead_chacha20poly1305_ietf_encrypt_detached(out, out + n, NULL, b->in + off, n, NULL, 0, NULL, nonce, b->key);
    }
}

static dl_err stream_encrypt(const uint8_t payload_key[32], age_read_fn read, void *rctx, struct sink out, dl_error *e)
{
    crew c;
    crew_start(&c);
    const size_t in_cap = (size_t)BATCH * AGE_CHUNK_SIZE + 1; /* one byte of look-ahead */
    /* The look-ahead byte sits at in[0], so reads land at in + 1: offset the
     * buffer to make that address cache-line aligned (the kernel's copy
     * into a misaligned destination is markedly slower). */
    uint8_t *raw = dl_malloc(in_cap + 64), *in = NULL;
    if (raw) in = (uint8_t *)((((uintptr_t)raw + 1 + 63) & ~(uintptr_t)63) - 1); /* (in + 1) % 64 == 0 */
    uint8_t *ct = dl_malloc((size_t)BATCH * CHUNK_CT);
    dl_err rc = DL_OK;
    if (!raw || !ct) { rc = dl_fail(e, DL_ENOMEM, "out of memory"); goto out; }
    uint64_t counter = 0;
    size_t have = 0;
    int eof = 0;
    for (;;) {
        while (have < in_cap && !eof) {
            ssize_t got = read(rctx, in + have, in_cap - have);
            if (got < 0) { rc = dl_fail(e, DL_EIO, "reading the input failed"); goto out; }
            if (got == 0) eof = 1;
            else have += (size_t)got;
        }
        /* Without EOF: BATCH full chunks, none final, one byte left over.
         * At EOF: everything, the last chunk final (an empty one only when
         * the whole input is empty). */
        size_t chunks = eof ? (have + AGE_CHUNK_SIZE - 1) / AGE_CHUNK_SIZE : BATCH;
        if (eof && chunks == 0 && counter == 0) chunks = 1;
        struct enc_batch b = {payload_key, in, ct, have, chunks, counter, eof};
        crew_run(&c, encrypt_chunks, &b, chunks);
        counter += chunks;
        size_t clen = eof ? have + chunks * TAG : chunks * CHUNK_CT; /* chunks are packed: all full but the last */
        if (clen && out.write(out.ctx, ct, clen) != 0) { rc = dl_fail(e, DL_EIO, "writing the output failed"); goto out; }
        if (eof) break;
        in[0] = in[have - 1];
        have = 1;
    }
out:
    crew_stop(&c);
    if (raw) sodium_memzero(raw, in_cap + 64); /* plaintext */
    dl_free(raw);
    dl_free(ct);
    return rc;
}

/* One batch's chunks for decryption; each worker records per chunk what
 * authenticated: nothing, a middle chunk, or a final one. */
enum { CHUNK_BAD = 0, CHUNK_MIDDLE = 1, CHUNK_FINAL = 2 };

struct dec_batch {
    const uint8_t *key, *in;
    uint8_t *pt;
    size_t have, chunks;
    uint64_t first;
    int eof;
    unsigned char status[BATCH];
};

static size_t dec_chunk_len(const struct dec_batch *b, size_t i)
{
    size_t off = i * CHUNK_CT;
    return b->eof && off + CHUNK_CT > b->have ? b->have - off : CHUNK_CT;
}

static void decrypt_chunks(void *p, size_t from, size_t to)
{
    struct dec_batch *b = p;
    for (size_t i = from; i < to; i++) {
        size_t n = dec_chunk_len(b, i);
        const uint8_t *c = b->in + i * CHUNK_CT;
        uint8_t *out = b->pt + i * AGE_CHUNK_SIZE, nonce[12];
        b->status[i] = CHUNK_BAD;
        if (n < TAG) continue;
        /* a full chunk is tried as a middle chunk first; any chunk as final */
        if (n == CHUNK_CT) {
            chunk_nonce(nonce, b->first + i, 0);
            if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(out, NULL, c, n - TAG, c + n - TAG, NULL, 0, nonce,
                                                                   b->key) == 0) {
                b->status[i] = CHUNK_MIDDLE;
                continue;
            }
        }
        chunk_nonce(nonce, b->first + i, 1);
        if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(out, NULL, c, n - TAG, c + n - TAG, NULL, 0, nonce,
                                                               b->key) == 0)
            b->status[i] = CHUNK_FINAL;
    }
}

/* The sequential rules over a batch's results: what may be released (the
 * byte count), and whether and why the payload failed. A short chunk can
 * only be final; an empty final chunk only for an empty file; after a final
 * chunk nothing may follow; the file may not end after a middle chunk. */
static size_t judge_batch(const struct dec_batch *b, int *ended, age_failure *why, dl_error *e)
{
    size_t plen = 0;
    for (size_t i = 0; i < b->chunks; i++) {
        size_t n = dec_chunk_len(b, i);
        uint64_t counter = b->first + i;
        if (*ended) {
            *why = AGE_FAIL_PAYLOAD;
            dl_fail(e, DL_ECRYPTO, "data follows the final chunk of the payload");
            break;
        }
        if (n < TAG || (n == TAG && counter > 0)) {
            *why = AGE_FAIL_PAYLOAD;
            dl_fail(e, DL_ECRYPTO, n < TAG ? "the payload is truncated inside a chunk"
                                           : "the final chunk is empty, which only an empty file may have");
            break;
        }
        if (b->status[i] == CHUNK_BAD) {
            *why = AGE_FAIL_PAYLOAD;
            dl_fail(e, DL_ECRYPTO, "chunk %llu of the payload does not authenticate (damaged, truncated or extended)",
                    (unsigned long long)counter);
            break;
        }
        *ended = b->status[i] == CHUNK_FINAL;
        plen += n - TAG;
        if (b->eof && i + 1 == b->chunks && !*ended) {
            *why = AGE_FAIL_PAYLOAD;
            dl_fail(e, DL_ECRYPTO, "the file ends without a final chunk (truncated)");
        }
    }
    return plen;
}

static age_failure stream_decrypt(const uint8_t payload_key[32], age_src *src, struct sink out, dl_error *e)
{
    const size_t in_cap = (size_t)BATCH * CHUNK_CT + 1;
    uint8_t *raw = dl_malloc(in_cap + 64), *in = NULL, *pt = dl_malloc((size_t)BATCH * AGE_CHUNK_SIZE);
    if (raw) in = (uint8_t *)((((uintptr_t)raw + 1 + 63) & ~(uintptr_t)63) - 1); /* as in stream_encrypt */
    age_failure why = AGE_OK;
    crew c;
    crew_start(&c);
    if (!raw || !pt) { why = AGE_FAIL_IO; dl_fail(e, DL_ENOMEM, "out of memory"); goto out; }
    uint64_t counter = 0;
    size_t have = 0;
    int ended = 0;
    for (;;) {
        have += age_src_take(src, in + have, in_cap - have);
        if (src->error) { why = AGE_FAIL_IO; dl_fail(e, DL_EIO, "reading the file failed"); goto out; }
        int eof = have < in_cap;
        size_t chunks = eof ? (have + CHUNK_CT - 1) / CHUNK_CT : BATCH;
        if (chunks == 0) {
            why = AGE_FAIL_PAYLOAD;
            dl_fail(e, DL_ECRYPTO, counter == 0 ? "the payload has no chunks" : "the file ends without a final chunk");
            goto out;
        }
        struct dec_batch b = {payload_key, in, pt, have, chunks, counter, eof, {0}};
        crew_run(&c, decrypt_chunks, &b, chunks);
        counter += chunks;
        size_t plen = judge_batch(&b, &ended, &why, e);
        /* what authenticated is released, even when a later chunk failed */
        if (plen && out.write(out.ctx, pt, plen) != 0) {
            why = AGE_FAIL_IO;
            dl_fail(e, DL_EIO, "writing the output failed");
            goto out;
        }
        if (why != AGE_OK || eof) break;
        in[0] = in[have - 1];
        have = 1;
    }
out:
    crew_stop(&c);
    if (pt) sodium_memzero(pt, (size_t)BATCH * AGE_CHUNK_SIZE); /* plaintext */
    dl_free(raw);
    dl_free(pt);
    return why;
}

/* --- the whole file ---------------------------------------------------------- */

dl_err age_encrypt_stream(const age_recipient *recipients, int n_recipients, int armor,
                          age_read_fn read, void *read_ctx, age_write_fn write, void *write_ctx,
                          dl_error *e)
{
    pthread_once(&sodium_once, init_sodium);
    if (!sodium_ok) return dl_fail(e, DL_ECRYPTO, "libsodium could not be initialised");
    if (n_recipients < 1) return dl_fail(e, DL_EINVAL, "give at least one recipient");
    for (int i = 0; i < n_recipients; i++)
        if (recipients[i].kind == AGE_SCRYPT && n_recipients > 1)
            return dl_fail(e, DL_EINVAL, "a passphrase cannot be combined with other recipients");
    uint8_t file_key[16], mac_key[32], mac[32], nonce[16], payload_key[32];
    randombytes_buf(file_key, sizeof file_key);
    strbuf hdr;
    sb_init(&hdr, 512);
    sb_puts(&hdr, AGE_VERSION_LINE);
    dl_err rc = DL_OK;
    for (int i = 0; i < n_recipients && rc == DL_OK; i++)
        rc = recipients[i].kind == AGE_X25519 ? wrap_x25519(&recipients[i], file_key, &hdr, e)
           : recipients[i].kind == AGE_SCRYPT ? wrap_scrypt(&recipients[i], file_key, &hdr, e)
           : dl_fail(e, DL_EINVAL, "unknown recipient kind");
    age_armor_writer *aw = NULL;
    struct sink out = {write, write_ctx};
    if (rc == DL_OK) {
        sb_puts(&hdr, "---");
        age_hkdf(file_key, 16, NULL, 0, "header", mac_key);
        crypto_auth_hmacsha256(mac, (const uint8_t *)hdr.data, hdr.len, mac_key);
        sb_putc(&hdr, ' ');
        age_b64_encode(&hdr, mac, 32);
        sb_putc(&hdr, '\n');
        randombytes_buf(nonce, sizeof nonce);
        sb_append(&hdr, (const char *)nonce, sizeof nonce);
        if (hdr.oom) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    }
    if (rc == DL_OK && armor) {
        aw = age_armor_writer_new(write, write_ctx);
        if (!aw) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        out = (struct sink){age_armor_write, aw};
    }
    if (rc == DL_OK && out.write(out.ctx, (const uint8_t *)hdr.data, hdr.len) != 0)
        rc = dl_fail(e, DL_EIO, "writing the output failed");
    if (rc == DL_OK) {
        age_hkdf(file_key, 16, nonce, 16, "payload", payload_key);
        rc = stream_encrypt(payload_key, read, read_ctx, out, e);
    }
    if (rc == DL_OK && aw && age_armor_writer_finish(aw) != 0) rc = dl_fail(e, DL_EIO, "writing the output failed");
    age_armor_writer_free(aw);
    sb_free(&hdr);
    sodium_memzero(file_key, sizeof file_key);
    sodium_memzero(mac_key, sizeof mac_key);
    sodium_memzero(payload_key, sizeof payload_key);
    return rc;
}

static age_failure decrypt_from(age_src *src, const age_identity *ids, int n_ids, struct sink out, dl_error *e)
{
    age_header h;
    age_failure why = age_header_parse(src, &h, e);
    uint8_t file_key[16], mac_key[32], mac[32], nonce[16], payload_key[32];
    int found = 0;
    for (int i = 0; why == AGE_OK && i < h.n_stanzas; i++) /* mixing rules first: a header failure */
        if (strcmp(h.stanzas[i].args[0], "scrypt") == 0 && h.n_stanzas > 1) {
            why = AGE_FAIL_HEADER;
            dl_fail(e, DL_EINVAL, "malformed header: an scrypt stanza must be the only stanza");
        }
    /* every stanza well-formed first (with no identity nothing is tried) */
    for (int i = 0; why == AGE_OK && i < h.n_stanzas; i++) {
        age_identity none = {0};
        uint8_t scratch[16];
        if (try_stanza(&h.stanzas[i], &none, scratch, e) < 0) why = AGE_FAIL_HEADER;
    }
    for (int i = 0; why == AGE_OK && i < h.n_stanzas && !found; i++)
        for (int k = 0; why == AGE_OK && k < n_ids && !found; k++) {
            int r = try_stanza(&h.stanzas[i], &ids[k], file_key, e);
            if (r < 0) why = r == -2 ? AGE_FAIL_LIMIT : r == -3 ? AGE_FAIL_IO : AGE_FAIL_HEADER;
            found = r == 1;
        }
    if (why == AGE_OK && !found) {
        int hybrid = 0; /* a post-quantum recipient no identity here can be */
        for (int i = 0; i < h.n_stanzas; i++) hybrid |= strcmp(h.stanzas[i].args[0], "mlkem768x25519") == 0;
        if (hybrid) {
            why = AGE_FAIL_UNSUPPORTED;
            dl_fail(e, DL_EAUTH, "no identity matches, and the file is also encrypted to a post-quantum "
                                 "(mlkem768x25519) key, which datalots cannot open yet");
        } else {
            why = AGE_FAIL_NO_MATCH;
            dl_fail(e, DL_EAUTH, "no identity matches any recipient of the file (wrong key or passphrase)");
        }
    }
    if (why == AGE_OK) {
        age_hkdf(file_key, 16, NULL, 0, "header", mac_key);
        crypto_auth_hmacsha256(mac, (const uint8_t *)h.mac_input.data, h.mac_input.len, mac_key);
        if (sodium_memcmp(mac, h.mac, 32) != 0) {
            why = AGE_FAIL_HMAC;
            dl_fail(e, DL_ECRYPTO, "the header MAC does not match: the header was changed");
        }
    }
    if (why == AGE_OK) {
        if (age_src_take(src, nonce, 16) != 16) { /* the nonce ends the header, in the testkit's terms */
            why = src->error ? AGE_FAIL_IO : AGE_FAIL_HEADER;
            dl_fail(e, DL_EINVAL, "malformed header: the payload nonce after it is missing or short");
        } else {
            age_hkdf(file_key, 16, nonce, 16, "payload", payload_key);
            why = stream_decrypt(payload_key, src, out, e);
        }
    }
    age_header_free(&h);
    sodium_memzero(file_key, sizeof file_key);
    sodium_memzero(mac_key, sizeof mac_key);
    sodium_memzero(payload_key, sizeof payload_key);
    return why;
}

dl_err age_decrypt_stream(const age_identity *identities, int n_identities,
                          age_read_fn read, void *read_ctx, age_write_fn write, void *write_ctx,
                          age_failure *why_out, dl_error *e)
{
    pthread_once(&sodium_once, init_sodium);
    age_failure why = AGE_OK;
    age_src raw, inner;
    age_armor_reader *ar = NULL;
    struct sink out = {write, write_ctx};
    int inner_ready = 0;
    if (!sodium_ok || age_src_init(&raw, read, read_ctx, 64 * 1024) != 0) {
        if (why_out) *why_out = AGE_FAIL_IO;
        return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    size_t peek = age_src_fill(&raw, 64);
    if (raw.error) {
        why = AGE_FAIL_IO;
        dl_fail(e, DL_EIO, "reading the file failed");
    } else if (peek > 0 && !(peek >= 19 && memcmp(raw.buf + raw.pos, "age-encryption.org/", 19) == 0)) {
        /* Not the binary format: it must be armor (leading whitespace is
         * allowed there); the armor reader says what is wrong otherwise. */
        ar = age_armor_reader_new(age_src_read_fn, &raw);
        if (!ar || age_src_init(&inner, age_armor_read, ar, 64 * 1024) != 0) {
            why = AGE_FAIL_IO;
            dl_fail(e, DL_ENOMEM, "out of memory");
        } else {
            inner_ready = 1;
            why = decrypt_from(&inner, identities, n_identities, out, e);
            /* a malformed armor is the real cause of whatever failed above it */
            if (inner.error && age_armor_reader_malformed(ar)) {
                why = AGE_FAIL_ARMOR;
                dl_fail(e, DL_EINVAL, "the armor is malformed: %s", age_armor_reader_error(ar));
            } else if (why == AGE_OK) {
                /* the armor must end properly even after the last chunk */
                uint8_t extra;
                if (age_src_take(&inner, &extra, 1) != 0 || inner.error) {
                    why = inner.error && age_armor_reader_malformed(ar) ? AGE_FAIL_ARMOR : AGE_FAIL_PAYLOAD;
                    dl_fail(e, DL_EINVAL, "data follows the end of the file");
                }
            }
        }
    } else {
        why = decrypt_from(&raw, identities, n_identities, out, e);
    }
    if (inner_ready) age_src_free(&inner);
    age_armor_reader_free(ar);
    age_src_free(&raw);
    if (why_out) *why_out = why;
    if (why == AGE_OK) return DL_OK;
    return e ? e->code : DL_ECRYPTO;
}
