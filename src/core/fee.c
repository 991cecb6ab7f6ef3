/* fee.c — fee schedules and estimates in öre (see fee.h). */
#include "core/fee.h"

#include <stdio.h>
#include <string.h>

int fee_vat_valid(int p) { return p == 0 || p == 6 || p == 12 || p == 25; }

int fee_schedule_valid(const fee_schedule *s)
{
    return s && s->base_ore >= 0 && s->base_ore <= FEE_AMOUNT_MAX && s->hourly_ore >= 0 &&
           s->hourly_ore <= FEE_AMOUNT_MAX && fee_vat_valid(s->vat_percent);
}

/* a × b / d rounded half up, a, b >= 0; a × b stays below 2^63 within the limits. */
static int64_t mul_div_round(int64_t a, int64_t b, int64_t d) { return (a * b + d / 2) / d; }

int fee_compute(const fee_schedule *s, int64_t hours_centi, fee_estimate *out)
{
    if (!fee_schedule_valid(s) || hours_centi < 0 || hours_centi > FEE_HOURS_MAX || !out) return 0;
    /* hourly ≤ 1e11, hours ≤ 1e6: the product ≤ 1e17 < 9.2e18. */
    int64_t net = s->base_ore + mul_div_round(s->hourly_ore, hours_centi, 100);
    int64_t vat = mul_div_round(net, s->vat_percent, 100);
    *out = (fee_estimate){.hours_centi = hours_centi, .net_ore = net, .vat_ore = vat, .total_ore = net + vat};
    return 1;
}

/* Digits with optional spaces between groups, then optionally ',' or '.'
 * and one or two digits; the value in hundredths. */
static int parse_centi(const char *s, int64_t max, int allow_spaces, int64_t *out)
{
    if (!s) return 0;
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    while (*p == ' ' && allow_spaces) p++;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            whole = whole * 10 + (*p - '0');
            if (++digits > 13) return 0;
        } else if (*p == ' ' && allow_spaces && digits && p[1] >= '0' && p[1] <= '9') {
            continue;
        } else break;
    }
    if (!digits) return 0;
    if (*p == ',' || *p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (++fdigits > 2) return 0;
            frac = frac * 10 + (*p - '0');
        }
        if (!fdigits) return 0;
        if (fdigits == 1) frac *= 10;
    }
    while (*p == ' ' && allow_spaces) p++;
    if (*p) return 0;
    int64_t v = whole * 100 + frac;
    if (v > max) return 0;
    *out = v;
    return 1;
}

int fee_parse_kronor(const char *s, int64_t *ore) { return parse_centi(s, FEE_AMOUNT_MAX, 1, ore); }
int fee_parse_hours(const char *s, int64_t *centi) { return parse_centi(s, FEE_HOURS_MAX, 0, centi); }

void fee_format_kronor(int64_t ore, char *out, size_t n)
{
    char digits[32], grouped[48];
    int neg = ore < 0;
    uint64_t v = neg ? (uint64_t)(-(ore + 1)) + 1 : (uint64_t)ore;
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v / 100));
    size_t len = strlen(digits), k = 0;
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) grouped[k++] = ' ';
        grouped[k++] = digits[i];
    }
    grouped[k] = 0;
    snprintf(out, n, "%s%s,%02u", neg ? "-" : "", grouped, (unsigned)(v % 100));
}

void fee_format_hours(int64_t centi, char *out, size_t n)
{
    if (centi < 0) centi = 0;
    if (centi % 100 == 0) snprintf(out, n, "%lld", (long long)(centi / 100));
    else if (centi % 10 == 0) snprintf(out, n, "%lld,%lld", (long long)(centi / 100), (long long)(centi % 100 / 10));
    else snprintf(out, n, "%lld,%02lld", (long long)(centi / 100), (long long)(centi % 100));
}
