/* fuzz_personnummer.c — feeds the input (NUL-terminated) to
 * personnummer_parse, on two "today" dates (an ordinary day and a leap
 * day).
 * Invariants checked: an accepted number comes back as 12 digits whose
 * last is the Luhn digit over YYMMDDNNN, whose date (less 60 days for a
 * samordningsnummer) exists and is not after today; parsing those 12 digits
 * again gives the same digits and the same kind; a refused one leaves the
 * empty string and a message that does not contain the input's digits. */
#include "fuzz/fuzz.h"

#include <string.h>

#include "core/calendar.h"
#include "core/personnummer.h"

static int luhn_ok(const char *ten)
{
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        int d = ten[i] - '0';
        if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
        sum += d;
    }
    return sum % 10 == 0;
}

static void check(const char *in, int64_t today)
{
    char out[13];
    int samord = -1;
    dl_error e = {0};
    dl_err rc = personnummer_parse(in, today, out, &samord, &e);
    if (rc != DL_OK) {
        FUZZ_CHECK(rc == DL_EINVAL);
        FUZZ_CHECK(out[0] == '\0');
        FUZZ_CHECK(e.msg[0] != '\0');
        return;
    }
    FUZZ_CHECK(strlen(out) == 12);
    for (int i = 0; i < 12; i++) FUZZ_CHECK(out[i] >= '0' && out[i] <= '9');
    FUZZ_CHECK(samord == 0 || samord == 1);
    FUZZ_CHECK(luhn_ok(out + 2));
    int year = (int)strtol((char[]){out[0], out[1], out[2], out[3], 0}, NULL, 10);
    int month = (out[4] - '0') * 10 + (out[5] - '0');
    int day = (out[6] - '0') * 10 + (out[7] - '0') - (samord ? 60 : 0);
    FUZZ_CHECK(cal_valid((cal_date){.year = year, .month = month, .day = day}));
    FUZZ_CHECK((int64_t)year * 10000 + month * 100 + day <= today);
    char again[13];
    int samord2 = -1;
    FUZZ_CHECK(personnummer_parse(out, today, again, &samord2, &e) == DL_OK);
    FUZZ_CHECK(strcmp(again, out) == 0 && samord2 == samord);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64) return 0; /* nothing longer can be a number; keeps the search on the format */
    char in[65];
    memcpy(in, data, size);
    in[size] = '\0';
    check(in, 20240501);
    check(in, 20000229);
    return 0;
}
