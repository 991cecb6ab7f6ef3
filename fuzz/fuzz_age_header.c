/* fuzz_age_header.c — feeds the input, as the start of an age file, to
 * age_header_parse (the first thing decrypting an uploaded or stored age
 * file reads), in chunks whose size the first input byte picks.
 * Invariants checked: a refused header gives AGE_FAIL_HEADER with a
 * message (the memory reader never fails); an accepted one has 1 to
 * AGE_MAX_STANZAS stanzas, each with 1 to AGE_MAX_ARGS arguments of
 * printable ASCII, and writing its version line, stanzas and "---" again
 * gives exactly the bytes the MAC covers (the header is canonical). */
#include "fuzz/fuzz.h"

#include "crypto/age_internal.h"
#include "fuzz/mem_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    size_t chunk = 1 + data[0] % 251;
    struct mem_in m = {.data = data + 1, .len = size - 1, .chunk = chunk};
    age_src src;
    FUZZ_CHECK(age_src_init(&src, mem_read, &m, 64 * 1024) == 0);
    age_header h;
    dl_error e = {0};
    age_failure why = age_header_parse(&src, &h, &e);
    if (why != AGE_OK) {
        FUZZ_CHECK(why == AGE_FAIL_HEADER);
        FUZZ_CHECK(e.msg[0] != '\0');
    } else {
        FUZZ_CHECK(h.n_stanzas >= 1 && h.n_stanzas <= AGE_MAX_STANZAS);
        strbuf again;
        sb_init(&again, 512);
        sb_puts(&again, AGE_VERSION_LINE);
        for (int i = 0; i < h.n_stanzas; i++) {
            const age_stanza *st = &h.stanzas[i];
            FUZZ_CHECK(st->n_args >= 1 && st->n_args <= AGE_MAX_ARGS);
            for (int k = 0; k < st->n_args; k++) {
                FUZZ_CHECK(st->args[k][0] != '\0');
                for (const char *p = st->args[k]; *p; p++) FUZZ_CHECK(*p >= 0x21 && *p <= 0x7e);
            }
            age_stanza_encode(&again, (const char *const *)st->args, st->n_args, st->body, st->body_len);
        }
        sb_puts(&again, "---");
        FUZZ_CHECK(!again.oom && !h.mac_input.oom);
        FUZZ_CHECK(again.len == h.mac_input.len && memcmp(again.data, h.mac_input.data, again.len) == 0);
        sb_free(&again);
    }
    age_header_free(&h);
    age_src_free(&src);
    return 0;
}
