/* fuzz_accept_language.c — feeds an Accept-Language header (the input,
 * NUL-terminated) to accept_language_pick with the supported lists the
 * server uses ({"sv", "en"}) and a longer one with regional tags.
 * Invariants checked: the answer is one of the supported tags or the
 * fallback (the same pointer); the header with every ASCII letter's case
 * flipped picks the same tag (matching is case-insensitive); the same
 * header twice picks the same tag. */
#include "fuzz/fuzz.h"

#include <string.h>

#include "web/accept_language.h"

static const char *const two[] = {"sv", "en", NULL};
static const char *const many[] = {"sv", "en-GB", "en", "fi", "se-SE", "nb", "de-AT-1996", NULL};
static const char fallback[] = "fallback";

static void check(const char *header, const char *flipped, const char *const *supported)
{
    const char *got = accept_language_pick(header, supported, fallback);
    int known = got == fallback;
    for (size_t i = 0; supported[i]; i++) known |= got == supported[i];
    FUZZ_CHECK(known);
    FUZZ_CHECK(accept_language_pick(header, supported, fallback) == got);
    FUZZ_CHECK(accept_language_pick(flipped, supported, fallback) == got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = malloc(size + 1), *flipped = malloc(size + 1);
    if (!header || !flipped) { free(header); free(flipped); return 0; }
    memcpy(header, data, size);
    header[size] = '\0';
    for (size_t i = 0; i <= size; i++) {
        char c = header[i];
        flipped[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    check(header, flipped, two);
    check(header, flipped, many);
    free(header);
    free(flipped);
    return 0;
}
