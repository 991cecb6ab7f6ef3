/* test_personnummer.c — Swedish personal identity numbers: the accepted
 * forms, century resolution, dates, samordningsnummer and the check digit. */
#include "test.h"

#include <stdint.h>

#include "core/personnummer.h"

#define TODAY 20240501

/* Luhn check digit over the nine digits YYMMDDNNN. */
static int luhn(const char *nine)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        int d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
        sum += d / 10 + d % 10;
    }
    return (10 - sum % 10) % 10;
}

/* Builds "YYMMDD<sep>NNNC" (sep 0 for none) with a correct check digit into
 * buf from the six date digits and three serial digits. */
static const char *make10(char *buf, const char *yymmdd, char sep, const char *nnn)
{
    char nine[10];
    memcpy(nine, yymmdd, 6);
    memcpy(nine + 6, nnn, 3);
    nine[9] = '\0';
    size_t k = 0;
    memcpy(buf, yymmdd, 6);
    k = 6;
    if (sep) buf[k++] = sep;
    memcpy(buf + k, nnn, 3);
    k += 3;
    buf[k++] = (char)('0' + luhn(nine));
    buf[k] = '\0';
    return buf;
}

/* Same with a four-digit year: "YYYYMMDD<sep>NNNC". */
static const char *make12(char *buf, const char *yyyymmdd, char sep, const char *nnn)
{
    char ten[16];
    make10(ten, yyyymmdd + 2, 0, nnn);
    size_t k = 0;
    memcpy(buf, yyyymmdd, 8);
    k = 8;
    if (sep) buf[k++] = sep;
    memcpy(buf + k, ten + 6, 4);
    k += 4;
    buf[k] = '\0';
    return buf;
}

/* The canonical form expected for a 10-digit input (separator removed)
 * born in the given century ("18", "19", "20"). */
static const char *canon(char *buf, const char *century, const char *in10)
{
    size_t k = 0;
    memcpy(buf, century, 2);
    k = 2;
    for (const char *p = in10; *p; p++)
        if (*p >= '0' && *p <= '9') buf[k++] = *p;
    buf[k] = '\0';
    return buf;
}

#define CHECK_PNR_OK(in, expect, samord)                                      \
    do {                                                                      \
        char out_[13];                                                        \
        int s_ = -1;                                                          \
        dl_error e_;                                                          \
        dl_error_clear(&e_);                                                  \
        dl_err rc_ = personnummer_parse((in), TODAY, out_, &s_, &e_);         \
        if (rc_ != DL_OK) {                                                   \
            test_fail(__FILE__, __LINE__, "\"%s\" rejected: %s", (in), e_.msg); \
            return;                                                           \
        }                                                                     \
        CHECK_STR_EQ(out_, (expect));                                         \
        CHECK_INT_EQ(s_, (samord));                                           \
    } while (0)

#define CHECK_PNR_BAD(in, expect)                                             \
    do {                                                                      \
        const char *in_ = (in);                                               \
        char out_[13];                                                        \
        memset(out_, 'x', sizeof out_);                                       \
        int s_ = -1;                                                          \
        dl_error e_;                                                          \
        dl_error_clear(&e_);                                                  \
        CHECK_INT_EQ(personnummer_parse(in_, TODAY, out_, &s_, &e_), DL_EINVAL); \
        CHECK_CONTAINS(e_.msg, (expect));                                     \
        CHECK_STR_EQ(out_, "");                                               \
        CHECK_INT_EQ(s_, 0);                                                  \
        if (in_ && strlen(in_) >= 10) CHECK_NOT_CONTAINS(e_.msg, in_);        \
    } while (0)

TEST(personnummer_helper_luhn_matches_known_number)
{
    CHECK_INT_EQ(luhn("811218987"), 6); /* 811218-9876 is the classic example */
}

TEST(personnummer_accepts_all_forms)
{
    CHECK_PNR_OK("811218-9876", "198112189876", 0);
    CHECK_PNR_OK("8112189876", "198112189876", 0);
    CHECK_PNR_OK("19811218-9876", "198112189876", 0);
    CHECK_PNR_OK("198112189876", "198112189876", 0);
    CHECK_PNR_OK("  811218-9876 ", "198112189876", 0);
}

TEST(personnummer_plus_means_100_years_or_older)
{
    CHECK_PNR_OK("811218+9876", "188112189876", 0);
    char in[16], want[16];
    /* Born 1924-05-01: exactly 100 today, so written with '+'. */
    make10(in, "240501", '+', "123");
    CHECK_PNR_OK(in, canon(want, "19", in), 0);
    /* Born 1924-05-02 is still 99: '-' resolves to 1924, '+' to 1824. */
    make10(in, "240502", '-', "123");
    CHECK_PNR_OK(in, canon(want, "19", in), 0);
    make10(in, "240502", '+', "123");
    CHECK_PNR_OK(in, canon(want, "18", in), 0);
}

TEST(personnummer_century_from_today)
{
    char in[16], want[16];
    make10(in, "240501", '-', "123"); /* born today */
    CHECK_PNR_OK(in, canon(want, "20", in), 0);
    make10(in, "240502", 0, "123");   /* tomorrow's date: a century ago */
    CHECK_PNR_OK(in, canon(want, "19", in), 0);
    make10(in, "000101", '-', "123");
    CHECK_PNR_OK(in, canon(want, "20", in), 0);
    make10(in, "991231", '-', "123");
    CHECK_PNR_OK(in, canon(want, "19", in), 0);
}

TEST(personnummer_wrong_check_digit)
{
    CHECK_PNR_BAD("811218-9875", "Kontrollsiffran stämmer inte");
    CHECK_PNR_BAD("811218-9877", "Kontrollsiffran stämmer inte");
    CHECK_PNR_BAD("198112189870", "Kontrollsiffran stämmer inte");
    CHECK_PNR_BAD("811218+9871", "Kontrollsiffran stämmer inte");
    /* Swapped adjacent digits are caught. */
    CHECK_PNR_BAD("811218-8976", "Kontrollsiffran stämmer inte");
    /* Every wrong last digit is refused. */
    char in[16];
    for (int d = 0; d <= 9; d++) {
        if (d == 6) continue;
        memcpy(in, "8112189876", 11);
        in[9] = (char)('0' + d);
        CHECK_PNR_BAD(in, "Kontrollsiffran");
    }
}

TEST(personnummer_feb29_leap_years)
{
    char in[20], want[16];
    make12(in, "20000229", 0, "123");  /* 2000: divisible by 400 */
    CHECK_PNR_OK(in, in, 0);
    make12(in, "19960229", '-', "321");
    CHECK_PNR_OK(in, canon(want, "19", in + 2), 0);
    make10(in, "000229", '-', "123"); /* resolves to 2000 */
    CHECK_PNR_OK(in, canon(want, "20", in), 0);
    make10(in, "040229", 0, "555");
    CHECK_PNR_OK(in, canon(want, "20", in), 0);
}

TEST(personnummer_feb29_non_leap_years)
{
    char in[20];
    make12(in, "19000229", 0, "123");  /* 1900: divisible by 100 only */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "000229", '+', "123");   /* '+' resolves to 1900 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make12(in, "20230229", 0, "123");
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "230229", '-', "123");
    CHECK_PNR_BAD(in, "datum som inte finns");
    make12(in, "20010229", '-', "123");
    CHECK_PNR_BAD(in, "datum som inte finns");
}

TEST(personnummer_invalid_dates)
{
    char in[20];
    make10(in, "811318", '-', "987"); /* month 13 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "810018", '-', "987"); /* month 0 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "811200", '-', "987"); /* day 0 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "811232", '-', "987"); /* day 32 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "810431", '-', "987"); /* April has 30 days */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "811260", '-', "987"); /* day 60 = samordning day 0 */
    CHECK_PNR_BAD(in, "datum som inte finns");
}

TEST(personnummer_samordningsnummer)
{
    char in[20], want[16];
    make10(in, "811278", '-', "987"); /* 18 December + 60 */
    CHECK_PNR_OK(in, canon(want, "19", in), 1);
    make12(in, "19811278", 0, "987");
    CHECK_PNR_OK(in, in, 1);
    make10(in, "810161", '-', "123"); /* 1 January */
    CHECK_PNR_OK(in, canon(want, "19", in), 1);
    make10(in, "810191", '-', "123"); /* 31 January */
    CHECK_PNR_OK(in, canon(want, "19", in), 1);
    make10(in, "000289", '-', "123"); /* 29 February 2000 */
    CHECK_PNR_OK(in, canon(want, "20", in), 1);
    make10(in, "810490", '-', "123"); /* 30 April */
    CHECK_PNR_OK(in, canon(want, "19", in), 1);
    make10(in, "810491", '-', "123"); /* 31 April does not exist */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "230289", '-', "123"); /* 29 February 2023 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    make10(in, "810192", '-', "123"); /* day 92 */
    CHECK_PNR_BAD(in, "datum som inte finns");
    /* The check digit still applies. */
    make10(in, "811278", '-', "987");
    in[10] = in[10] == '0' ? '1' : '0';
    CHECK_PNR_BAD(in, "Kontrollsiffran");
    /* NULL flag pointer is allowed. */
    char out[13];
    dl_error e;
    make10(in, "811278", '-', "987");
    CHECK_INT_EQ(personnummer_parse(in, TODAY, out, NULL, &e), DL_OK);
}

TEST(personnummer_future_and_ancient)
{
    char in[20];
    make12(in, "20240502", 0, "123"); /* tomorrow */
    CHECK_PNR_BAD(in, "framtiden");
    make12(in, "20990101", '-', "123");
    CHECK_PNR_BAD(in, "framtiden");
    make12(in, "20240561", 0, "123"); /* samordningsnummer, born today */
    CHECK_PNR_OK(in, in, 1);
    make12(in, "20240562", 0, "123"); /* samordningsnummer, born tomorrow */
    CHECK_PNR_BAD(in, "framtiden");
    make12(in, "17990101", 0, "123");
    CHECK_PNR_BAD(in, "orimligt");
}

TEST(personnummer_rejects_garbage)
{
    static const char *const bad[] = {
        "", "   ", "abc", "8112189876x", "x8112189876", "811218 9876",
        "811218--9876", "81121-89876", "8112-189876", "811218/9876",
        "19811218+9876", "1981121-89876", "81121898760", "811218987",
        "81121898", "１２３４５６７８９０", "811218\u20139876",
        "811218-98a6", "0x12345678", "-8112189876", "+8112189876",
        "811218-9876\n", "\t811218-9876",
        "8112189876811218987681121898768112189876811218987681121898768112189876",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[13];
        memset(out, 'x', sizeof out);
        dl_error e;
        dl_error_clear(&e);
        if (personnummer_parse(bad[i], TODAY, out, NULL, &e) != DL_EINVAL || out[0] != '\0') {
            test_fail(__FILE__, __LINE__, "garbage case %zu accepted", i);
            return;
        }
        CHECK(e.msg[0] != '\0');
    }
    CHECK_PNR_BAD("abc", "fel format");
    CHECK_PNR_BAD("", "Ange ett personnummer");
    CHECK_PNR_BAD("    ", "Ange ett personnummer");
    CHECK_PNR_BAD(NULL, "fel format");
}

TEST(personnummer_invalid_today_is_internal_error)
{
    char out[13];
    dl_error e;
    CHECK_INT_EQ(personnummer_parse("811218-9876", 0, out, NULL, &e), DL_EINTERNAL);
    CHECK_INT_EQ(personnummer_parse("811218-9876", 20240230, out, NULL, &e), DL_EINTERNAL);
    CHECK_INT_EQ(personnummer_parse("811218-9876", 20241301, out, NULL, &e), DL_EINTERNAL);
    CHECK_INT_EQ(personnummer_parse("811218-9876", INT64_MAX, out, NULL, &e), DL_EINTERNAL);
    CHECK_INT_EQ(personnummer_parse("811218-9876", INT64_MIN, out, NULL, &e), DL_EINTERNAL);
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(personnummer_parse("811218-9876", 20240229, out, NULL, &e), DL_OK);
    CHECK_STR_EQ(out, "198112189876");
}
