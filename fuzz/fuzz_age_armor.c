/* fuzz_age_armor.c — feeds the input to the age ASCII-armor reader (what
 * `datalots` reads when an armored age file is uploaded or decrypted),
 * handed over in chunks whose size the first input byte picks, and to
 * age_armor_detect; the decoded bytes (or the raw input when the armor is
 * refused) go through the armor writer and back through the reader.
 * Invariants checked: a refused armor gives -1 with a message and is
 * flagged malformed (the memory reader never fails); accepted armor is
 * also detected as armor; writer then reader gives back exactly the bytes
 * written. */
#include "fuzz/fuzz.h"

#include "crypto/age_armor.h"
#include "fuzz/mem_io.h"

/* Reads everything from an armor reader over in[0..n); 0 ok, -1 refused. */
static int read_all(const uint8_t *in, size_t n, size_t chunk, strbuf *out, age_armor_reader **keep)
{
    struct mem_in m = {.data = in, .len = n, .chunk = chunk};
    age_armor_reader *r = age_armor_reader_new(mem_read, &m);
    FUZZ_CHECK(r != NULL);
    uint8_t buf[100];
    ssize_t got;
    while ((got = age_armor_read(r, buf, sizeof buf)) > 0) sb_append(out, (const char *)buf, (size_t)got);
    FUZZ_CHECK(got == 0 || got == -1);
    if (got == -1) {
        FUZZ_CHECK(age_armor_reader_malformed(r) == 1);
        FUZZ_CHECK(age_armor_reader_error(r)[0] != '\0');
        /* the -1 sticks */
        FUZZ_CHECK(age_armor_read(r, buf, sizeof buf) == -1);
    }
    if (keep) *keep = r;
    else age_armor_reader_free(r);
    return got == 0 ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    size_t chunk = 1 + data[0] % 97;
    data++, size--;
    strbuf decoded;
    sb_init(&decoded, 256);
    int ok = read_all(data, size, chunk, &decoded, NULL) == 0;
    if (ok) FUZZ_CHECK(age_armor_detect(data, size < AGE_ARMOR_DETECT_LEN ? size : AGE_ARMOR_DETECT_LEN) == 1);

    /* writer then reader: the bytes come back */
    const uint8_t *plain = ok ? (const uint8_t *)decoded.data : data;
    size_t plain_len = ok ? decoded.len : size;
    strbuf armored;
    sb_init(&armored, 256);
    age_armor_writer *w = age_armor_writer_new(mem_write, &armored);
    FUZZ_CHECK(w != NULL);
    /* written in two calls, to cross a line boundary somewhere */
    size_t half = plain_len / 2;
    FUZZ_CHECK(age_armor_write(w, plain, half) == 0);
    FUZZ_CHECK(age_armor_write(w, plain + half, plain_len - half) == 0);
    FUZZ_CHECK(age_armor_writer_finish(w) == 0);
    age_armor_writer_free(w);
    strbuf back;
    sb_init(&back, 256);
    FUZZ_CHECK(read_all((const uint8_t *)armored.data, armored.len, chunk, &back, NULL) == 0);
    FUZZ_CHECK(back.len == plain_len && (plain_len == 0 || memcmp(back.data, plain, plain_len) == 0));
    FUZZ_CHECK(age_armor_detect((const uint8_t *)armored.data, armored.len) == 1);
    sb_free(&decoded);
    sb_free(&armored);
    sb_free(&back);
    return 0;
}
