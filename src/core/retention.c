/* retention.c — the retention schedule's rules; see retention.h. */
#include "core/retention.h"

#include "core/calendar.h"
#include "core/utf8.h"

#include <string.h>

#define KEY(name, key, label) key,
#define LABEL(name, key, label) label,
static const char *const target_keys[RETENTION_TARGET__MAX] = {RETENTION_TARGET_LIST(KEY)};
static const char *const target_labels[RETENTION_TARGET__MAX] = {RETENTION_TARGET_LIST(LABEL)};
#undef KEY
#undef LABEL

const char *retention_target_key(retention_target t)
{
    return (unsigned)t < RETENTION_TARGET__MAX ? target_keys[t] : NULL;
}

const char *retention_target_label_sv(retention_target t)
{
    return (unsigned)t < RETENTION_TARGET__MAX ? target_labels[t] : "";
}

int retention_target_from_key(const char *key, retention_target *out)
{
    for (int i = 0; key && i < RETENTION_TARGET__MAX; i++)
        if (strcmp(target_keys[i], key) == 0) {
            *out = (retention_target)i;
            return 0;
        }
    return -1;
}

int retention_rule_check(const char *kind, long keep_years, const char *basis, const char **msg_sv)
{
    size_t n = kind ? strlen(kind) : 0;
    int kind_ok = n >= 1 && n <= RETENTION_KIND_MAX;
    for (size_t i = 0; kind_ok && i < n; i++)
        kind_ok = (kind[i] >= 'a' && kind[i] <= 'z') || kind[i] == '_';
    if (!kind_ok) {
        *msg_sv = "Handlingstypen skrivs med små bokstäver a–z och understreck, högst 40 tecken (t.ex. acknowledgement).";
        return -1;
    }
    if (keep_years != RETENTION_KEEP && (keep_years < 0 || keep_years > RETENTION_YEARS_MAX)) {
        *msg_sv = "Ange hur många år handlingen sparas efter att ärendet avslutats, 0–100, eller att den bevaras.";
        return -1;
    }
    size_t b = basis ? strlen(basis) : 0;
    if (b == 0 || b > RETENTION_BASIS_MAX || !utf8_valid(basis, b)) {
        *msg_sv = "Ange grunden för regeln (beslut eller dokumenthanteringsplan), högst 400 tecken.";
        return -1;
    }
    for (size_t i = 0; i < b; i++)
        if ((unsigned char)basis[i] < 0x20) {
            *msg_sv = "Grunden för regeln får inte innehålla styrtecken eller radbrytningar.";
            return -1;
        }
    return 0;
}

int retention_due_on(const char *closed_on, long keep_years, char out[11])
{
    cal_date d;
    if (keep_years < 0 || keep_years > RETENTION_YEARS_MAX || !closed_on ||
        !cal_parse_iso(closed_on, strlen(closed_on), 1900, 9999 - RETENTION_YEARS_MAX, &d))
        return -1;
    d.year += (int)keep_years;
    int last = cal_days_in_month(d.year, d.month);
    if (d.day > last) d.day = last;
    cal_format_iso(d, out);
    return 0;
}
