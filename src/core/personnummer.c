/* personnummer.c — Swedish personnummer/samordningsnummer parsing: accepts
 * the common written forms, resolves the century, checks the date and the
 * Luhn check digit, and produces the canonical 12-digit form. Pure. */
#include "core/personnummer.h"
#include "core/calendar.h"

#include <string.h>

static int digits_value(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Luhn check digit for the nine digits at s. */
static int luhn_digit(const char *s)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int d = (s[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
    }
    return (10 - sum % 10) % 10;
}

static dl_err bad_format(dl_error *e)
{
    return dl_fail(e, DL_EINVAL,
                   "Personnumret har fel format. Skriv det som ÅÅMMDD-NNNN eller ÅÅÅÅMMDDNNNN.");
}

dl_err personnummer_parse(const char *in, int64_t today_yyyymmdd, char out12[13],
                          int *is_samordningsnummer, dl_error *e)
{
    out12[0] = '\0';
    if (is_samordningsnummer) *is_samordningsnummer = 0;

    if (today_yyyymmdd < 19000101 || today_yyyymmdd > 99991231)
        return dl_fail(e, DL_EINTERNAL, "Dagens datum är ogiltigt (%lld).", (long long)today_yyyymmdd);
    int ty = (int)(today_yyyymmdd / 10000), tm = (int)(today_yyyymmdd / 100 % 100),
        td = (int)(today_yyyymmdd % 100);
    if (td < 1 || td > cal_days_in_month(ty, tm))
        return dl_fail(e, DL_EINTERNAL, "Dagens datum är ogiltigt (%lld).", (long long)today_yyyymmdd);

    if (!in) return bad_format(e);
    size_t n = strnlen(in, 64);
    if (n >= 64) return bad_format(e);
    while (n > 0 && in[0] == ' ') { in++; n--; }
    while (n > 0 && in[n - 1] == ' ') n--;
    if (n == 0) return dl_fail(e, DL_EINVAL, "Ange ett personnummer.");

    /* Split into an optional century, YYMMDD, a separator and NNNN. */
    const char *cent = NULL, *rest; /* rest = YYMMDD */
    char sep = 0;
    if (n == 10 && all_digits(in, 10)) {
        rest = in;
    } else if (n == 11 && (in[6] == '-' || in[6] == '+') && all_digits(in, 6) &&
               all_digits(in + 7, 4)) {
        rest = in;
        sep = in[6];
    } else if (n == 12 && all_digits(in, 12)) {
        cent = in;
        rest = in + 2;
    } else if (n == 13 && in[8] == '-' && all_digits(in, 8) && all_digits(in + 9, 4)) {
        cent = in;
        rest = in + 2;
        sep = '-';
    } else {
        return bad_format(e);
    }
    const char *serial = rest + 6 + (sep ? 1 : 0); /* NNNN */

    char ten[10]; /* YYMMDDNNNN without separator */
    memcpy(ten, rest, 6);
    memcpy(ten + 6, serial, 4);

    int yy = digits_value(ten, 2), mm = digits_value(ten + 2, 2), dd = digits_value(ten + 4, 2);
    int samordning = 0;
    if (dd > 60) {
        samordning = 1;
        dd -= 60;
    }

    int year;
    if (cent) {
        year = digits_value(cent, 4);
    } else {
        /* The latest year ending in yy whose MMDD is not after today... */
        year = ty - ty % 100 + yy;
        if (year * 10000 + mm * 100 + dd > today_yyyymmdd) year -= 100;
        /* ...and one century earlier for "+" (100 years or older). */
        if (sep == '+') year -= 100;
    }

    if (mm < 1 || mm > 12 || dd < 1 || dd > cal_days_in_month(year, mm))
        return dl_fail(e, DL_EINVAL, "Personnumret innehåller ett datum som inte finns.");
    if ((int64_t)year * 10000 + mm * 100 + dd > today_yyyymmdd)
        return dl_fail(e, DL_EINVAL, "Födelsedatumet i personnumret ligger i framtiden.");
    if (year < 1800)
        return dl_fail(e, DL_EINVAL, "Födelseåret i personnumret är orimligt tidigt.");
    if (luhn_digit(ten) != ten[9] - '0')
        return dl_fail(e, DL_EINVAL,
                       "Kontrollsiffran stämmer inte. Kontrollera att personnumret är rätt inskrivet.");

    out12[0] = (char)('0' + year / 1000);
    out12[1] = (char)('0' + year / 100 % 10);
    memcpy(out12 + 2, ten, 10);
    out12[12] = '\0';
    if (is_samordningsnummer) *is_samordningsnummer = samordning;
    return DL_OK;
}
