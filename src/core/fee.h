/* fee.h — an organisation's fee schedule for extractions and the estimate a
 * coordinator sends before the decision: a base fee, an hourly rate and a
 * VAT rule, every amount in öre (an integer; never a float). Pure.
 *
 *   net   = base + round(hourly × hours)      (hours in hundredths)
 *   vat   = round(net × vat_percent / 100)
 *   total = net + vat
 * Rounding is half up to the öre. */
#ifndef DATALOTS_FEE_H
#define DATALOTS_FEE_H

#include <stddef.h>
#include <stdint.h>

#define FEE_AMOUNT_MAX 100000000000LL /* one billion kronor, in öre */
#define FEE_HOURS_MAX 1000000         /* 10,000 hours, in hundredths */

typedef struct fee_schedule {
    int64_t base_ore;    /* grundavgift */
    int64_t hourly_ore;  /* timtaxa */
    int vat_percent;     /* 0, 6, 12 or 25 */
} fee_schedule;

typedef struct fee_estimate {
    int64_t hours_centi; /* the hours estimated, in hundredths */
    int64_t net_ore, vat_ore, total_ore;
} fee_estimate;

/* 1 for a VAT rate Swedish law knows (0, 6, 12, 25). */
int fee_vat_valid(int percent);
/* 1 when the schedule's amounts lie in 0..FEE_AMOUNT_MAX and its VAT is valid. */
int fee_schedule_valid(const fee_schedule *s);
/* The estimate for hours_centi hundredths of an hour; 0 on a bad schedule
 * or hours outside 0..FEE_HOURS_MAX (out untouched). */
int fee_compute(const fee_schedule *s, int64_t hours_centi, fee_estimate *out);

/* Parses kronor as people write them — "1500", "1 500", "1500,50",
 * "1500.5" (at most two decimals, no sign) — into öre; 0 on anything else
 * or beyond FEE_AMOUNT_MAX. */
int fee_parse_kronor(const char *s, int64_t *ore);
/* Parses hours ("12", "12,5", "0.25"; at most two decimals) into
 * hundredths; 0 on anything else or beyond FEE_HOURS_MAX. */
int fee_parse_hours(const char *s, int64_t *centi);
/* "1 500,50" (kronor, thin grouping by a space, comma decimals) into out. */
void fee_format_kronor(int64_t ore, char *out, size_t n);
/* "12,5" / "12" / "0,25" into out. */
void fee_format_hours(int64_t centi, char *out, size_t n);

#endif
