/* test_fee.c — core/fee.c: estimates from a fee schedule computed by hand
 * (base + hourly × hours, VAT 0 or 25 %, half-up rounding to the öre),
 * kronor and hours as people type them, and the limits. */
#include "test.h"

#include "core/fee.h"

TEST(fee_compute_by_hand)
{
    fee_schedule s = {.base_ore = 150000, .hourly_ore = 95000, .vat_percent = 25}; /* 1 500 kr + 950 kr/h */
    fee_estimate e;
    CHECK(fee_compute(&s, 1250, &e)); /* 12.5 h: 950 × 12.5 = 11 875 → net 13 375, VAT 3 343,75 */
    CHECK_INT_EQ(e.net_ore, 1337500);
    CHECK_INT_EQ(e.vat_ore, 334375);
    CHECK_INT_EQ(e.total_ore, 1671875);
    s.vat_percent = 0; /* an authority's fee outside VAT */
    CHECK(fee_compute(&s, 1250, &e));
    CHECK_INT_EQ(e.vat_ore, 0);
    CHECK_INT_EQ(e.total_ore, 1337500);
    /* Rounding half up: 333,33 kr/h × 0,01 h = 3,3333 öre → 3; × 0,03 h = 9,9999 → 10. */
    fee_schedule r = {.base_ore = 0, .hourly_ore = 33333, .vat_percent = 25};
    CHECK(fee_compute(&r, 1, &e));
    CHECK_INT_EQ(e.net_ore, 333);
    CHECK_INT_EQ(e.vat_ore, 83); /* 83.25 */
    CHECK(fee_compute(&r, 3, &e));
    CHECK_INT_EQ(e.net_ore, 1000);
    CHECK_INT_EQ(e.vat_ore, 250);
    /* 2 öre of VAT on 10 öre: 2.5 → 3 (half up). */
    fee_schedule t = {.base_ore = 10, .hourly_ore = 0, .vat_percent = 25};
    CHECK(fee_compute(&t, 0, &e));
    CHECK_INT_EQ(e.vat_ore, 3);
    CHECK_INT_EQ(e.total_ore, 13);
    /* The largest estimate stays exact. */
    fee_schedule big = {.base_ore = FEE_AMOUNT_MAX, .hourly_ore = FEE_AMOUNT_MAX, .vat_percent = 25};
    CHECK(fee_compute(&big, FEE_HOURS_MAX, &e));
    CHECK_INT_EQ(e.net_ore, FEE_AMOUNT_MAX + FEE_AMOUNT_MAX * 10000);
}

TEST(fee_refuses_bad_schedules_and_hours)
{
    fee_estimate e = {.total_ore = 7};
    fee_schedule s = {.base_ore = 100, .hourly_ore = 100, .vat_percent = 20};
    CHECK(!fee_compute(&s, 100, &e)); /* 20 % is no Swedish VAT rate */
    CHECK_INT_EQ(e.total_ore, 7);
    s.vat_percent = 12;
    CHECK(fee_compute(&s, 100, &e));
    CHECK(!fee_compute(&s, -1, &e));
    CHECK(!fee_compute(&s, FEE_HOURS_MAX + 1, &e));
    s.base_ore = -1;
    CHECK(!fee_compute(&s, 100, &e));
    s.base_ore = FEE_AMOUNT_MAX + 1;
    CHECK(!fee_compute(&s, 100, &e));
    CHECK(!fee_compute(NULL, 100, &e));
}

TEST(fee_parse_and_format)
{
    int64_t v = -1;
    CHECK(fee_parse_kronor("1500", &v));
    CHECK_INT_EQ(v, 150000);
    CHECK(fee_parse_kronor("1 500,5", &v));
    CHECK_INT_EQ(v, 150050);
    CHECK(fee_parse_kronor("0.05", &v));
    CHECK_INT_EQ(v, 5);
    CHECK(!fee_parse_kronor("", &v));
    CHECK(!fee_parse_kronor("-5", &v));
    CHECK(!fee_parse_kronor("1,234", &v));
    CHECK(!fee_parse_kronor("12,", &v));
    CHECK(!fee_parse_kronor("1e3", &v));
    CHECK(!fee_parse_kronor("99999999999999", &v));
    CHECK(!fee_parse_kronor("1000000001", &v)); /* above a billion kronor */
    CHECK(fee_parse_kronor("1000000000", &v));
    CHECK(fee_parse_hours("12,5", &v));
    CHECK_INT_EQ(v, 1250);
    CHECK(fee_parse_hours("0.25", &v));
    CHECK_INT_EQ(v, 25);
    CHECK(!fee_parse_hours("1 000", &v)); /* hours have no grouping */
    CHECK(!fee_parse_hours("10001", &v));
    CHECK(!fee_parse_hours("NaN", &v));
    CHECK(!fee_parse_hours(NULL, &v));
    char out[48];
    fee_format_kronor(1671875, out, sizeof out);
    CHECK_STR_EQ(out, "16 718,75");
    fee_format_kronor(5, out, sizeof out);
    CHECK_STR_EQ(out, "0,05");
    fee_format_kronor(100000000000LL, out, sizeof out);
    CHECK_STR_EQ(out, "1 000 000 000,00");
    fee_format_hours(1250, out, sizeof out);
    CHECK_STR_EQ(out, "12,5");
    fee_format_hours(25, out, sizeof out);
    CHECK_STR_EQ(out, "0,25");
    fee_format_hours(300, out, sizeof out);
    CHECK_STR_EQ(out, "3");
}
