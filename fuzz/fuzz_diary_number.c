/* fuzz_diary_number.c — feeds a diary-number format string (the input up
 * to its first NUL) to diary_format_validate, diary_format_series and
 * diary_number_format; two bytes after the NUL, when there, pick the year
 * and the sequence number.
 * Invariants checked: validate, series and format agree on which formats
 * are valid; a valid format's number fits in DIARY_NUMBER_MAX bytes even
 * for the largest sequence number, is valid UTF-8, and contains the
 * sequence number's digits; series is the year exactly when the number
 * contains the year; an invalid one leaves out empty with a message. */
#include "fuzz/fuzz.h"

#include <inttypes.h>
#include <string.h>

#include "core/diary_number.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *fmt = malloc(size + 1);
    if (!fmt) return 0;
    memcpy(fmt, data, size);
    fmt[size] = '\0';
    size_t flen = strlen(fmt);
    int year = 1900 + (flen + 1 < size ? data[flen + 1] * 31 % 8100 : 124);
    int64_t seq = flen + 2 < size ? (int64_t)data[flen + 2] * 7919 + 1 : 42;

    dl_error e = {0};
    int valid = diary_format_validate(fmt, &e) == DL_OK;
    if (!valid) FUZZ_CHECK(e.msg[0] != '\0');
    int series = diary_format_series(fmt, year);
    FUZZ_CHECK(valid ? (series == year || series == DIARY_SERIES_RUNNING) : series == -1);

    static const int64_t seqs[] = {1, 0, INT64_MAX};
    char out[DIARY_NUMBER_MAX];
    for (int k = 0; k < 4; k++) {
        int64_t s = k < 3 ? seqs[k] : seq;
        dl_err rc = diary_number_format(fmt, year, s, out, sizeof out, &e);
        if (!valid || s < 1) {
            FUZZ_CHECK(rc == DL_EINVAL && out[0] == '\0');
            continue;
        }
        FUZZ_CHECK(rc == DL_OK);
        FUZZ_CHECK(utf8_valid(out, strlen(out)));
        char digits[24];
        snprintf(digits, sizeof digits, "%" PRId64, s);
        FUZZ_CHECK(strstr(out, digits) != NULL);
        if (series == year) {
            char y[8];
            snprintf(y, sizeof y, "%d", year);
            FUZZ_CHECK(strstr(out, y) != NULL);
        }
    }
    /* a buffer one byte short of the number is refused, not overrun */
    if (valid && diary_number_format(fmt, year, seq, out, sizeof out, &e) == DL_OK) {
        size_t need = strlen(out) + 1;
        char *tight = malloc(need - 1 ? need - 1 : 1);
        if (tight) {
            FUZZ_CHECK(diary_number_format(fmt, year, seq, tight, need - 1, &e) == DL_EINVAL);
            free(tight);
        }
    }
    free(fmt);
    return 0;
}
