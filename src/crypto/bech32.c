/* bech32.c — Bech32 encoding and decoding (BIP-173 with the checksum
 * constant 1, without the 90-character limit) for age's key strings. Written
 * from the BIP-173 description; see bech32.h for the rules enforced. */
#include "crypto/bech32.h"

#include <stdint.h>
#include <string.h>

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* The value of a lowercase data character, or -1. */
static int charset_value(unsigned char c)
{
    const char *p = c ? strchr(charset, c) : NULL;
    return p ? (int)(p - charset) : -1;
}

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static unsigned char to_lower(unsigned char c) { return is_upper(c) ? (unsigned char)(c + 32) : c; }
static unsigned char to_upper(unsigned char c) { return is_lower(c) ? (unsigned char)(c - 32) : c; }

/* One step of BIP-173's checksum polynomial. */
static uint32_t polymod_step(uint32_t chk, unsigned v)
{
    static const uint32_t gen[5] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu, 0x2a1462b3u};
    uint32_t b = chk >> 25;
    chk = ((chk & 0x1ffffffu) << 5) ^ (v & 31u);
    for (int i = 0; i < 5; i++)
        if ((b >> i) & 1u) chk ^= gen[i];
    return chk;
}

/* The checksum state after the expanded hrp (high bits, 0, low bits), over
 * the lowercase form of the n characters at hrp. */
static uint32_t polymod_hrp(const char *hrp, size_t n)
{
    uint32_t chk = 1;
    for (size_t i = 0; i < n; i++) chk = polymod_step(chk, to_lower((unsigned char)hrp[i]) >> 5);
    chk = polymod_step(chk, 0);
    for (size_t i = 0; i < n; i++) chk = polymod_step(chk, to_lower((unsigned char)hrp[i]) & 31u);
    return chk;
}

size_t bech32_encoded_len(size_t hrp_len, size_t len)
{
    if (len > (SIZE_MAX - 4) / 8) return 0;
    size_t groups = (len * 8 + 4) / 5;
    if (hrp_len > SIZE_MAX - 8 - groups) return 0; /* room for '1', checksum and NUL */
    return hrp_len + 1 + groups + 6;
}

dl_err bech32_encode(const char *hrp, const uint8_t *data, size_t len,
                     char *out, size_t outsz, dl_error *e)
{
    if (out && outsz > 0) out[0] = '\0';
    if (!hrp || !hrp[0]) return dl_fail(e, DL_EINVAL, "A Bech32 prefix must not be empty.");
    if (!data && len > 0) return dl_fail(e, DL_EINVAL, "Bech32 encoding was given no data.");
    size_t hrp_len = strlen(hrp);
    int upper = 0, lower = 0;
    for (size_t i = 0; i < hrp_len; i++) {
        unsigned char c = (unsigned char)hrp[i];
        if (c < 33 || c > 126)
            return dl_fail(e, DL_EINVAL,
                           "A Bech32 prefix may contain only printable ASCII characters without spaces.");
        upper |= is_upper(c);
        lower |= is_lower(c);
    }
    if (upper && lower)
        return dl_fail(e, DL_EINVAL, "A Bech32 prefix must not mix uppercase and lowercase letters.");
    size_t need = bech32_encoded_len(hrp_len, len);
    if (need == 0 || !out || outsz < need + 1)
        return dl_fail(e, DL_EINVAL, "The buffer for the Bech32 string is too small (%zu characters needed).",
                       need);

    size_t o = 0;
    for (size_t i = 0; i < hrp_len; i++) out[o++] = (char)to_lower((unsigned char)hrp[i]);
    out[o++] = '1';
    uint32_t chk = polymod_hrp(hrp, hrp_len);
    uint32_t acc = 0;
    unsigned bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = ((acc << 8) | data[i]) & 0xfffu; /* at most 4 + 8 bits pending */
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            unsigned v = (acc >> bits) & 31u;
            chk = polymod_step(chk, v);
            out[o++] = charset[v];
        }
    }
    if (bits > 0) {
        unsigned v = (acc << (5 - bits)) & 31u;
        chk = polymod_step(chk, v);
        out[o++] = charset[v];
    }
    for (int i = 0; i < 6; i++) chk = polymod_step(chk, 0);
    chk ^= 1u;
    for (int i = 0; i < 6; i++) out[o++] = charset[(chk >> (5 * (5 - i))) & 31u];
    out[o] = '\0';
    if (upper)
        for (size_t i = 0; i < o; i++) out[i] = (char)to_upper((unsigned char)out[i]);
    return DL_OK;
}

dl_err bech32_decode(const char *text, char *hrp_out, size_t hrpsz,
                     uint8_t *data_out, size_t datasz, size_t *len_out, dl_error *e)
{
    if (len_out) *len_out = 0;
    if (hrp_out && hrpsz > 0) hrp_out[0] = '\0';
    if (!text) return dl_fail(e, DL_EINVAL, "No Bech32 string was given.");
    size_t n = strlen(text);
    if (n == 0) return dl_fail(e, DL_EINVAL, "The Bech32 string is empty.");

    int upper = 0, lower = 0;
    size_t sep = n; /* the last '1' */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 33 || c > 126)
            return dl_fail(e, DL_EINVAL,
                           "The Bech32 string has a space, control or non-ASCII character at position %zu.",
                           i + 1);
        upper |= is_upper(c);
        lower |= is_lower(c);
        if (c == '1') sep = i;
    }
    if (upper && lower)
        return dl_fail(e, DL_EINVAL, "The Bech32 string mixes uppercase and lowercase letters.");
    if (sep == n)
        return dl_fail(e, DL_EINVAL, "The Bech32 string has no separator '1'.");
    if (sep == 0)
        return dl_fail(e, DL_EINVAL,
                       "The Bech32 string has an empty prefix (nothing before the separator '1').");
    size_t nvalues = n - sep - 1;
    if (nvalues < 6)
        return dl_fail(e, DL_EINVAL,
                       "The Bech32 string is too short: 6 checksum characters must follow the separator '1'.");
    nvalues -= 6;

    uint32_t chk = polymod_hrp(text, sep);
    for (size_t i = sep + 1; i < n; i++) {
        int v = charset_value(to_lower((unsigned char)text[i]));
        if (v < 0)
            return dl_fail(e, DL_EINVAL,
                           "The Bech32 string has a character that is not in the Bech32 alphabet "
                           "at position %zu.",
                           i + 1);
        chk = polymod_step(chk, (unsigned)v);
    }
    if (chk != 1u)
        return dl_fail(e, DL_EINVAL, "The Bech32 checksum is wrong: the string was mistyped or cut short.");

    size_t nbytes = nvalues / 8 * 5 + (nvalues % 8) * 5 / 8;
    unsigned pad = (unsigned)((nvalues % 8) * 5 % 8);
    if (pad >= 5)
        return dl_fail(e, DL_EINVAL, "The Bech32 data has an incomplete group at the end.");
    if (nbytes > datasz || (!data_out && nbytes > 0))
        return dl_fail(e, DL_EINVAL, "The Bech32 string holds %zu bytes of data, more than the %zu expected.",
                       nbytes, datasz);
    if (hrp_out) {
        if (sep >= hrpsz)
            return dl_fail(e, DL_EINVAL, "The Bech32 prefix is longer than expected (%zu characters).", sep);
        memcpy(hrp_out, text, sep);
        hrp_out[sep] = '\0';
    }

    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0;
    for (size_t i = sep + 1; i < n - 6; i++) {
        acc = ((acc << 5) | (unsigned)charset_value(to_lower((unsigned char)text[i]))) & 0xfffu;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            data_out[o++] = (uint8_t)(acc >> bits);
        }
    }
    if ((acc & ((1u << bits) - 1u)) != 0) {
        if (hrp_out && hrpsz > 0) hrp_out[0] = '\0';
        if (data_out) memset(data_out, 0, o);
        return dl_fail(e, DL_EINVAL, "The Bech32 data has non-zero padding bits at the end.");
    }
    if (len_out) *len_out = o;
    return DL_OK;
}
