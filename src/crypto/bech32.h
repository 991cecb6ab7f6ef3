/* bech32.h — Bech32 (BIP-173, the original checksum constant 1, not
 * bech32m) as age uses it for keys: 8-bit data in 5-bit groups, and no
 * 90-character limit (age identities are longer; see shared/specs/age-v1.md,
 * "Bech32 is as specified in BIP173, but without length limits").
 *
 * Errors are DL_EINVAL with an English sentence fit for the CLI and the web
 * form. The messages never quote the input: it may be a secret key. */
#ifndef DATALOTS_BECH32_H
#define DATALOTS_BECH32_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The length of the string bech32_encode writes for an hrp of hrp_len
 * characters and len data bytes, without the NUL (0 if it would overflow). */
size_t bech32_encoded_len(size_t hrp_len, size_t len);

/* Writes hrp "1" data checksum to out (NUL-terminated). The hrp is 1 or more
 * characters in 33..126, not mixed case. The output takes the case of the
 * hrp: lowercase for a lowercase (or caseless) hrp such as "age", all
 * uppercase for an uppercase one such as "AGE-SECRET-KEY-" (the checksum is
 * computed over the lowercase form either way, as BIP-173 requires).
 * DL_EINVAL for a bad hrp or if outsz is too small (see bech32_encoded_len). */
dl_err bech32_encode(const char *hrp, const uint8_t *data, size_t len,
                     char *out, size_t outsz, dl_error *e);

/* Parses text: all lowercase or all uppercase (mixed case is refused),
 * the hrp before the last '1', the checksum verified, the 5-bit groups
 * converted back to bytes with at most 4 padding bits, all zero.
 * The hrp is copied to hrp_out as written (its case kept, so a caller can
 * insist on "age" or "AGE-SECRET-KEY-"); hrp_out may be NULL when hrpsz is 0.
 * The bytes go to data_out (at most datasz) and their count to *len_out.
 * DL_EINVAL for anything malformed, for an hrp longer than hrpsz - 1 and
 * for data longer than datasz. Nothing is trimmed: a space is an error. */
dl_err bech32_decode(const char *text, char *hrp_out, size_t hrpsz,
                     uint8_t *data_out, size_t datasz, size_t *len_out, dl_error *e);

#endif
