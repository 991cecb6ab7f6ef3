/* test_diary_number.c — diary-number formats: expansion, padding, literal
 * braces, and every validation error. */
#include "test.h"

#include <stdint.h>

#include "core/diary_number.h"

#define CHECK_FORMATS(fmt, year, seq, expect)                                    \
    do {                                                                         \
        char out_[DIARY_NUMBER_MAX];                                             \
        dl_error e_;                                                             \
        dl_error_clear(&e_);                                                     \
        dl_err rc_ = diary_number_format((fmt), (year), (seq), out_, sizeof out_, &e_); \
        if (rc_ != DL_OK) {                                                      \
            test_fail(__FILE__, __LINE__, "format \"%s\" failed: %s", (fmt), e_.msg); \
            return;                                                              \
        }                                                                        \
        CHECK_STR_EQ(out_, (expect));                                            \
    } while (0)

/* The format is rejected by both validate and format, with `expect` in the
 * message, and format leaves the output empty. */
#define CHECK_BAD_FORMAT(fmt, expect)                                            \
    do {                                                                         \
        dl_error e_;                                                             \
        dl_error_clear(&e_);                                                     \
        CHECK_INT_EQ(diary_format_validate((fmt), &e_), DL_EINVAL);              \
        CHECK_CONTAINS(e_.msg, (expect));                                        \
        char out_[DIARY_NUMBER_MAX];                                             \
        memset(out_, 'x', sizeof out_);                                          \
        dl_error_clear(&e_);                                                     \
        CHECK_INT_EQ(diary_number_format((fmt), 2024, 1, out_, sizeof out_, &e_), DL_EINVAL); \
        CHECK_CONTAINS(e_.msg, (expect));                                        \
        CHECK_STR_EQ(out_, "");                                                  \
    } while (0)

TEST(diary_number_basic)
{
    CHECK_FORMATS("RH {year}-{seq:5}", 2024, 42, "RH 2024-00042");
    CHECK_FORMATS("{seq}", 2024, 7, "7");
    CHECK_FORMATS("D{seq}/{year}", 1999, 123, "D123/1999");
    CHECK_FORMATS("Dnr Å {year}:{seq:3}", 2024, 5, "Dnr Å 2024:005");
    CHECK_FORMATS("KS {seq:1}", 2024, 5, "KS 5");
    CHECK_FORMATS("KS {seq:9}", 2024, 1, "KS 000000001");
}

TEST(diary_number_width_overflow_prints_in_full)
{
    CHECK_FORMATS("{seq:3}", 2024, 999, "999");
    CHECK_FORMATS("{seq:3}", 2024, 1000, "1000");
    CHECK_FORMATS("{seq:5}", 2024, 1234567, "1234567");
    CHECK_FORMATS("{seq:9}", 2024, 1234567890, "1234567890");
    CHECK_FORMATS("{seq}", 2024, INT64_MAX, "9223372036854775807");
    CHECK_FORMATS("RH {year}-{seq:9}", 9999, INT64_MAX, "RH 9999-9223372036854775807");
}

TEST(diary_number_literal_braces)
{
    CHECK_FORMATS("{{{seq}}}", 2024, 42, "{42}");
    CHECK_FORMATS("a}}b{{c-{seq}", 2024, 1, "a}b{c-1");
    CHECK_FORMATS("{{year}}-{seq}", 2024, 1, "{year}-1");
    CHECK_FORMATS("{{seq}} {seq}", 2024, 1, "{seq} 1");
}

TEST(diary_number_year_bounds)
{
    CHECK_FORMATS("{year}-{seq}", 1900, 1, "1900-1");
    CHECK_FORMATS("{year}-{seq}", 9999, 1, "9999-1");
    char out[64];
    dl_error e;
    CHECK_INT_EQ(diary_number_format("{year}-{seq}", 1899, 1, out, sizeof out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "1900");
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(diary_number_format("{year}-{seq}", 10000, 1, out, sizeof out, &e), DL_EINVAL);
    CHECK_INT_EQ(diary_number_format("{year}-{seq}", -2024, 1, out, sizeof out, &e), DL_EINVAL);
    CHECK_INT_EQ(diary_number_format("{year}-{seq}", 0, 1, out, sizeof out, &e), DL_EINVAL);
    /* The year is checked even when the format does not show it. */
    CHECK_INT_EQ(diary_number_format("{seq}", 0, 1, out, sizeof out, &e), DL_EINVAL);
}

TEST(diary_number_seq_must_be_positive)
{
    char out[64];
    dl_error e;
    CHECK_INT_EQ(diary_number_format("{seq}", 2024, 0, out, sizeof out, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Löpnumret");
    CHECK_INT_EQ(diary_number_format("{seq:5}", 2024, -1, out, sizeof out, &e), DL_EINVAL);
    CHECK_INT_EQ(diary_number_format("{seq:5}", 2024, INT64_MIN, out, sizeof out, &e), DL_EINVAL);
    CHECK_STR_EQ(out, "");
}

TEST(diary_number_output_too_small)
{
    char out[32];
    dl_error e;
    /* "RH 2024-00042" is 13 bytes: needs 14 with the NUL. */
    CHECK_INT_EQ(diary_number_format("RH {year}-{seq:5}", 2024, 42, out, 14, &e), DL_OK);
    CHECK_STR_EQ(out, "RH 2024-00042");
    memset(out, 'x', sizeof out);
    CHECK_INT_EQ(diary_number_format("RH {year}-{seq:5}", 2024, 42, out, 13, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "för långt");
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(diary_number_format("RH {year}-{seq:5}", 2024, 42, out, 1, &e), DL_EINVAL);
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(diary_number_format("RH {year}-{seq:5}", 2024, 42, out, 0, &e), DL_EINVAL);
    CHECK_INT_EQ(diary_number_format("RH {year}-{seq:5}", 2024, 42, NULL, 10, &e), DL_EINVAL);
    /* Overflow inside the number itself. */
    CHECK_INT_EQ(diary_number_format("{seq}", 2024, 123456, out, 6, &e), DL_EINVAL);
    CHECK_INT_EQ(diary_number_format("{seq}", 2024, 123456, out, 7, &e), DL_OK);
    CHECK_STR_EQ(out, "123456");
    /* Overflow on a literal brace. */
    CHECK_INT_EQ(diary_number_format("{seq}{{", 2024, 1, out, 2, &e), DL_EINVAL);
    CHECK_INT_EQ(diary_number_format("{seq}{{", 2024, 1, out, 3, &e), DL_OK);
    CHECK_STR_EQ(out, "1{");
}

TEST(diary_number_unknown_placeholder)
{
    CHECK_BAD_FORMAT("RH {yr}-{seq}", "{yr}");
    CHECK_BAD_FORMAT("RH {Year}-{seq}", "Okänd platshållare");
    CHECK_BAD_FORMAT("RH {year}-{SEQ}", "Okänd platshållare");
    CHECK_BAD_FORMAT("RH {} {seq}", "Okänd platshållare");
    CHECK_BAD_FORMAT("RH { seq } ", "Okänd platshållare");
    CHECK_BAD_FORMAT("RH {seq5}", "Okänd platshållare");
    CHECK_BAD_FORMAT("RH {sequence}", "Okänd platshållare");
    CHECK_BAD_FORMAT("{seq} {this-is-a-very-long-unknown-placeholder-name}", "Okänd platshållare");
    CHECK_BAD_FORMAT("{seq} {år}", "{år}");
}

TEST(diary_number_missing_seq)
{
    CHECK_BAD_FORMAT("RH {year}", "måste innehålla löpnumret");
    CHECK_BAD_FORMAT("RH 2024", "måste innehålla löpnumret");
    CHECK_BAD_FORMAT("{{seq}}", "måste innehålla löpnumret");
}

TEST(diary_number_unterminated_braces)
{
    CHECK_BAD_FORMAT("RH {seq", "aldrig stängs");
    CHECK_BAD_FORMAT("RH {seq} {", "aldrig stängs");
    CHECK_BAD_FORMAT("RH {year-{seq}", "aldrig stängs");
    CHECK_BAD_FORMAT("RH {seq}}", "ensam '}'");
    CHECK_BAD_FORMAT("}{seq}", "ensam '}'");
    CHECK_BAD_FORMAT("{seq} } x", "ensam '}'");
}

TEST(diary_number_width_out_of_range)
{
    CHECK_BAD_FORMAT("{seq:0}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq:10}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq:99999999999999999999}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq:-1}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq:x}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq:5x}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq: 5}", "mellan 1 och 9");
    CHECK_BAD_FORMAT("{seq:}", "antalet siffror");
    CHECK_FORMATS("{seq:05}", 2024, 1, "00001"); /* a leading zero is harmless */
}

TEST(diary_number_placeholder_counts)
{
    CHECK_BAD_FORMAT("{seq}-{seq}", "bara en gång");
    CHECK_BAD_FORMAT("{seq:3}-{seq:5}", "bara en gång");
    CHECK_BAD_FORMAT("{year}-{year}-{seq}", "högst en gång");
    dl_error e;
    CHECK_INT_EQ(diary_format_validate("RH {year}-{seq:5}", &e), DL_OK);
    CHECK_INT_EQ(diary_format_validate("{seq}", &e), DL_OK);
}

TEST(diary_number_validate_length_and_characters)
{
    char fmt[300];
    /* 64 characters exactly: "{seq}" plus 59 letters. */
    memcpy(fmt, "{seq}", 5);
    memset(fmt + 5, 'A', 59);
    fmt[64] = '\0';
    dl_error e;
    CHECK_INT_EQ(diary_format_validate(fmt, &e), DL_OK);
    fmt[64] = 'A';
    fmt[65] = '\0';
    CHECK_BAD_FORMAT(fmt, "högst 64 tecken");
    /* 64 code points of two bytes each is fine; 65 is not. */
    size_t len = 0;
    memcpy(fmt, "{seq}", 5);
    len = 5;
    for (int i = 0; i < 59; i++) { memcpy(fmt + len, "Ä", 2); len += 2; }
    fmt[len] = '\0';
    CHECK_INT_EQ(diary_format_validate(fmt, &e), DL_OK);
    memcpy(fmt + len, "Ä", 3);
    CHECK_BAD_FORMAT(fmt, "högst 64 tecken");
    /* Far too long: refused without reading it all. */
    memset(fmt, 'B', sizeof fmt - 1);
    fmt[sizeof fmt - 1] = '\0';
    CHECK_BAD_FORMAT(fmt, "högst 64 tecken");

    CHECK_BAD_FORMAT("RH\t{seq}", "styrtecken");
    CHECK_BAD_FORMAT("RH\n{seq}", "styrtecken");
    CHECK_BAD_FORMAT("RH\x7F{seq}", "styrtecken");
    CHECK_BAD_FORMAT("RH \xC3{seq}", "ogiltiga tecken");
    CHECK_BAD_FORMAT("RH \xED\xA0\x80{seq}", "ogiltiga tecken");
    CHECK_BAD_FORMAT("", "Ange ett format");
    CHECK_BAD_FORMAT(NULL, "Ange ett format");
}

TEST(diary_format_series_year_or_running)
{
    CHECK_INT_EQ(diary_format_series("RH {year}-{seq:5}", 2027), 2027);
    CHECK_INT_EQ(diary_format_series("{seq}/{year}", 1999), 1999);
    CHECK_INT_EQ(diary_format_series("NY-{seq}", 2027), DIARY_SERIES_RUNNING);
    CHECK_INT_EQ(diary_format_series("{{year}} {seq:3}", 2027), DIARY_SERIES_RUNNING); /* a literal {year} */
    CHECK_INT_EQ(diary_format_series("RH 2026-{seq}", 2027), DIARY_SERIES_RUNNING);
    CHECK_INT_EQ(diary_format_series("no sequence", 2027), -1);
    CHECK_INT_EQ(diary_format_series("", 2027), -1);
    CHECK_INT_EQ(diary_format_series(NULL, 2027), -1);
}
