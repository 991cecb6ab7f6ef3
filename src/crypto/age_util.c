/* age_util.c — HKDF-SHA-256 on libsodium's HMAC, strict unpadded base64,
 * and the buffered source the header parser and STREAM read from. */
#include "crypto/age_internal.h"
#include "core/alloc.h"

#include <sodium.h>
#include <string.h>

void age_hkdf(const uint8_t *ikm, size_t ikm_len, const uint8_t *salt, size_t salt_len,
              const char *info, uint8_t out[32])
{
    static const uint8_t no_salt[1];
    if (!salt) { salt = no_salt; salt_len = 0; } /* "salt = empty": never a NULL pointer */
    uint8_t prk[32];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, salt, salt_len);  /* extract: HMAC(salt, ikm) */
    crypto_auth_hmacsha256_update(&st, ikm, ikm_len);
    crypto_auth_hmacsha256_final(&st, prk);
    const uint8_t one = 1;                              /* expand: one block, T(1) */
    crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)info, strlen(info));
    crypto_auth_hmacsha256_update(&st, &one, 1);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(prk, sizeof prk);
    sodium_memzero(&st, sizeof st);
}

int age_b64_decode(const char *s, size_t n, uint8_t *out, size_t outsz, size_t want, size_t *got)
{
    size_t len = 0;
    const char *end = NULL;
    for (size_t i = 0; i < n; i++) /* the alphabet only: no '=', no whitespace */
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '/'))
            return -1;
    if (n % 4 == 1) return -1;
    if (sodium_base642bin(out, outsz, s, n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
        end != s + n)
        return -1;
    /* Canonical: re-encoding gives the same text (no stray low bits). */
    size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    char small[128], *check = cap <= sizeof small ? small : dl_malloc(cap);
    if (!check) return -1;
    sodium_bin2base64(check, cap, out, len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    int same = strlen(check) == n && memcmp(check, s, n) == 0;
    if (check != small) dl_free(check);
    if (!same) return -1;
    if (want != (size_t)-1 && len != want) return -1;
    if (got) *got = len;
    return 0;
}

void age_b64_encode(strbuf *sb, const uint8_t *data, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    char *buf = dl_malloc(cap);
    if (!buf) { sb->oom = 1; return; }
    sodium_bin2base64(buf, cap, data, n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    sb_puts(sb, buf);
    dl_free(buf);
}

int age_src_init(age_src *s, age_read_fn read, void *ctx, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->read = read;
    s->ctx = ctx;
    s->buf = dl_malloc(cap);
    s->cap = cap;
    return s->buf ? 0 : -1;
}

void age_src_free(age_src *s)
{
    dl_free(s->buf);
    s->buf = NULL;
}

size_t age_src_fill(age_src *s, size_t n)
{
    if (n > s->cap) n = s->cap;
    if (s->len - s->pos >= n) return s->len - s->pos;
    if (s->pos) { /* slide what is left to the front */
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
    }
    while (s->len < n && !s->eof && !s->error) {
        ssize_t got = s->read(s->ctx, s->buf + s->len, s->cap - s->len);
        if (got < 0) s->error = 1;
        else if (got == 0) s->eof = 1;
        else s->len += (size_t)got;
    }
    return s->len - s->pos;
}

size_t age_src_take(age_src *s, uint8_t *out, size_t n)
{
    size_t done = 0;
    while (done < n) {
        size_t have = s->len - s->pos;
        if (!have) {
            if (s->eof || s->error) break;
            if (n - done >= s->cap) { /* large reads go straight to the caller's buffer */
                ssize_t got = s->read(s->ctx, out + done, n - done);
                if (got < 0) { s->error = 1; break; }
                if (got == 0) { s->eof = 1; break; }
                done += (size_t)got;
                continue;
            }
            s->pos = s->len = 0;
            age_src_fill(s, 1);
            continue;
        }
        size_t k = have < n - done ? have : n - done;
        memcpy(out + done, s->buf + s->pos, k);
        s->pos += k;
        done += k;
    }
    return done;
}

ssize_t age_src_read_fn(void *src, uint8_t *buf, size_t n)
{
    age_src *s = src;
    size_t got = age_src_take(s, buf, n);
    if (!got && s->error) return -1;
    return (ssize_t)got;
}
