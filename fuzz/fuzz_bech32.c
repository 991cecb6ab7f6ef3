/* fuzz_bech32.c — feeds the input (NUL-terminated) to bech32_decode, the
 * parser of age recipients ("age1…") and identities ("AGE-SECRET-KEY-1…"),
 * and the input's bytes as data to bech32_encode.
 * Invariants checked: a decoded string encodes back to itself (ignoring
 * case, since a caseless hrp encodes in lowercase); any bytes encoded under
 * "age" and "AGE-SECRET-KEY-" decode back to the same bytes and hrp; the
 * length bech32_encoded_len promises is the length written. */
#include "fuzz/fuzz.h"

#include <string.h>
#include <strings.h>

#include "crypto/bech32.h"

static void roundtrip(const char *hrp, const uint8_t *data, size_t size)
{
    size_t need = bech32_encoded_len(strlen(hrp), size);
    FUZZ_CHECK(need > 0);
    char *enc = malloc(need + 1);
    uint8_t *back = malloc(size + 1);
    char hrp_back[32];
    size_t len = 0;
    dl_error e = {0};
    FUZZ_CHECK(enc && back);
    FUZZ_CHECK(bech32_encode(hrp, data, size, enc, need + 1, &e) == DL_OK);
    FUZZ_CHECK(strlen(enc) == need);
    FUZZ_CHECK(bech32_encode(hrp, data, size, enc, need, &e) == DL_EINVAL); /* one byte short */
    FUZZ_CHECK(bech32_encode(hrp, data, size, enc, need + 1, &e) == DL_OK);
    FUZZ_CHECK(bech32_decode(enc, hrp_back, sizeof hrp_back, back, size + 1, &len, &e) == DL_OK);
    FUZZ_CHECK(strcmp(hrp_back, hrp) == 0 && len == size && memcmp(back, data, size) == 0);
    free(enc);
    free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char hrp[128];
    uint8_t *out = malloc(size + 1);
    size_t len = 0;
    dl_error e = {0};
    if (out && bech32_decode(text, hrp, sizeof hrp, out, size + 1, &len, &e) == DL_OK) {
        FUZZ_CHECK(hrp[0] != '\0');
        size_t need = bech32_encoded_len(strlen(hrp), len);
        char *enc = malloc(need + 1);
        FUZZ_CHECK(enc != NULL);
        FUZZ_CHECK(bech32_encode(hrp, out, len, enc, need + 1, &e) == DL_OK);
        FUZZ_CHECK(strcasecmp(enc, text) == 0);
        free(enc);
    } else {
        FUZZ_CHECK(e.msg[0] != '\0');
    }
    free(out);
    if (size <= 1024) {
        roundtrip("age", data, size);
        roundtrip("AGE-SECRET-KEY-", data, size);
    }
    free(text);
    return 0;
}
