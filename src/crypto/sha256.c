/* sha256.c — SHA-256 streams and keyed HMAC-SHA-256 on OpenSSL's EVP
 * interface (sha256.h says why OpenSSL here). */
#include "crypto/sha256.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

dl_err sha256_stream_init(sha256_stream *s, dl_error *e)
{
    s->md = EVP_MD_CTX_new();
    if (!s->md) return dl_fail(e, DL_ENOMEM, "out of memory starting SHA-256");
    if (EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1) {
        sha256_stream_free(s);
        return dl_fail(e, DL_EINTERNAL, "OpenSSL cannot start SHA-256");
    }
    return DL_OK;
}

void sha256_stream_update(sha256_stream *s, const void *p, size_t n)
{
    if (n) EVP_DigestUpdate(s->md, p, n);
}

static void to_hex(const uint8_t *p, size_t n, char *out)
{
    static const char h[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = h[p[i] >> 4];
        out[2 * i + 1] = h[p[i] & 15];
    }
    out[2 * n] = '\0';
}

void sha256_stream_final_hex(sha256_stream *s, char hex[SHA256_HEX_SIZE])
{
    uint8_t d[32];
    unsigned len = 0;
    if (EVP_DigestFinal_ex(s->md, d, &len) != 1 || len != 32) memset(d, 0, sizeof d);
    to_hex(d, 32, hex);
    sha256_stream_free(s);
}

void sha256_stream_free(sha256_stream *s)
{
    EVP_MD_CTX_free(s->md);
    s->md = NULL;
}

void hmac_sha256_keyed_free(hmac_sha256_keyed *k)
{
    EVP_MD_CTX_free(k->inner);
    EVP_MD_CTX_free(k->outer);
    EVP_MD_CTX_free(k->scratch);
    k->inner = k->outer = k->scratch = NULL;
}

dl_err hmac_sha256_keyed_init(hmac_sha256_keyed *k, const uint8_t *key, size_t key_len, dl_error *e)
{
    uint8_t block[64] = {0}, ipad[64], opad[64];
    k->inner = EVP_MD_CTX_new();
    k->outer = EVP_MD_CTX_new();
    k->scratch = EVP_MD_CTX_new();
    if (!k->inner || !k->outer || !k->scratch) {
        hmac_sha256_keyed_free(k);
        return dl_fail(e, DL_ENOMEM, "out of memory starting HMAC-SHA-256");
    }
    int ok = 1;
    if (key_len > sizeof block) {
        unsigned len = 0;
        ok = EVP_Digest(key, key_len, block, &len, EVP_sha256(), NULL) == 1;
    } else if (key_len) {
        memcpy(block, key, key_len);
    }
    for (size_t i = 0; i < sizeof block; i++) {
        ipad[i] = block[i] ^ 0x36;
        opad[i] = block[i] ^ 0x5c;
    }
    ok = ok && EVP_DigestInit_ex(k->inner, EVP_sha256(), NULL) == 1 &&
         EVP_DigestUpdate(k->inner, ipad, sizeof ipad) == 1 &&
         EVP_DigestInit_ex(k->outer, EVP_sha256(), NULL) == 1 &&
         EVP_DigestUpdate(k->outer, opad, sizeof opad) == 1;
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(ipad, sizeof ipad);
    OPENSSL_cleanse(opad, sizeof opad);
    if (!ok) {
        hmac_sha256_keyed_free(k);
        return dl_fail(e, DL_EINTERNAL, "OpenSSL cannot start HMAC-SHA-256");
    }
    return DL_OK;
}

int hmac_sha256_keyed_mac(hmac_sha256_keyed *k, const void *msg, size_t n, uint8_t mac[32])
{
    uint8_t inner[32];
    unsigned len = 0;
    int ok = EVP_MD_CTX_copy_ex(k->scratch, k->inner) == 1 && EVP_DigestUpdate(k->scratch, msg, n) == 1 &&
             EVP_DigestFinal_ex(k->scratch, inner, &len) == 1 && EVP_MD_CTX_copy_ex(k->scratch, k->outer) == 1 &&
             EVP_DigestUpdate(k->scratch, inner, sizeof inner) == 1 && EVP_DigestFinal_ex(k->scratch, mac, &len) == 1;
    OPENSSL_cleanse(inner, sizeof inner);
    if (ok) return 0;
    memset(mac, 0, 32);
    return -1;
}
