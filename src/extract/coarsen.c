/* coarsen.c — dates at day, month or year precision (coarsen.h). */
#include "extract/coarsen.h"

#include <string.h>

#include "core/calendar.h"

#define KEY(name, key, sv, fmt_sv, fmt_en, len) key,
const char *const date_precision_keys[DATE_PRECISION__MAX + 1] = {DATE_PRECISIONS(KEY) NULL};
#undef KEY
#define LABEL(name, key, sv, fmt_sv, fmt_en, len) sv,
const char *const date_precision_labels_sv[DATE_PRECISION__MAX] = {DATE_PRECISIONS(LABEL)};
#undef LABEL
#define FMT_SV(name, key, sv, fmt_sv, fmt_en, len) fmt_sv,
const char *const date_precision_formats_sv[DATE_PRECISION__MAX] = {DATE_PRECISIONS(FMT_SV)};
#undef FMT_SV
#define FMT_EN(name, key, sv, fmt_sv, fmt_en, len) fmt_en,
const char *const date_precision_formats_en[DATE_PRECISION__MAX] = {DATE_PRECISIONS(FMT_EN)};
#undef FMT_EN
#define LEN(name, key, sv, fmt_sv, fmt_en, len) len,
static const int kept_length[DATE_PRECISION__MAX] = {DATE_PRECISIONS(LEN)};
#undef LEN

int date_precision_parse(const char *key, date_precision *out)
{
    for (int i = 0; key && i < DATE_PRECISION__MAX; i++)
        if (strcmp(key, date_precision_keys[i]) == 0) {
            *out = (date_precision)i;
            return 0;
        }
    return -1;
}


int date_coarsen(const char *iso, size_t n, date_precision p, char out[11])
{
    out[0] = '\0';
    if ((unsigned)p >= DATE_PRECISION__MAX) return -1;
    if (n == 0) return 0;
    if (n != 10 || iso[4] != '-' || iso[7] != '-') return -1;
    cal_date d = {cal_digits(iso, 4), cal_digits(iso + 5, 2), cal_digits(iso + 8, 2)};
    if (d.year < 0 || d.month < 0 || d.day < 0 || !cal_valid(d)) return -1;
    int len = kept_length[p];
    memcpy(out, iso, (size_t)len);
    out[len] = '\0';
    return len;
}
