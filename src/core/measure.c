/* measure.c — see measure.h: the lists, their keys and labels, the date
 * rule and the obstacle reference the analyst types. */
#include "core/measure.h"

#include <string.h>

#include "core/calendar.h"

#define KEY(name, key, label) key,
#define LABEL(name, key, label) label,
const char *const measure_outcome_keys[] = {MEASURE_OUTCOME_LIST(KEY) NULL};
const char *const measure_status_keys[] = {MEASURE_STATUS_LIST(KEY) NULL};
static const char *const outcome_labels[] = {MEASURE_OUTCOME_LIST(LABEL)};
static const char *const status_labels[] = {MEASURE_STATUS_LIST(LABEL)};
#undef KEY
#undef LABEL
_Static_assert(sizeof outcome_labels / sizeof outcome_labels[0] == MEASURE_OUTCOME__MAX, "one label per outcome type");
_Static_assert(sizeof status_labels / sizeof status_labels[0] == MEASURE_STATUS__MAX, "one label per status");

const char *measure_outcome_label_sv(int o) { return o >= 0 && o < MEASURE_OUTCOME__MAX ? outcome_labels[o] : NULL; }
const char *measure_status_label_sv(int s) { return s >= 0 && s < MEASURE_STATUS__MAX ? status_labels[s] : NULL; }

static int index_of(const char *const keys[], int n, const char *key)
{
    for (int i = 0; key && i < n; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

int measure_outcome_from_key(const char *key, measure_outcome *out)
{
    int i = index_of(measure_outcome_keys, MEASURE_OUTCOME__MAX, key);
    if (i < 0) return -1;
    *out = (measure_outcome)i;
    return 0;
}

int measure_status_from_key(const char *key, measure_status *out)
{
    int i = index_of(measure_status_keys, MEASURE_STATUS__MAX, key);
    if (i < 0) return -1;
    *out = (measure_status)i;
    return 0;
}

int measure_status_is_open(measure_status s) { return s == MEASURE_PLANNED || s == MEASURE_ONGOING; }

int measure_date_ok(const char *s)
{
    cal_date d;
    return !s || !*s || (strlen(s) == 10 && cal_parse_iso(s, 10, 2000, 2999, &d));
}

long long measure_parse_obstacle_reference(const char *s)
{
    if (!s) return 0;
    while (*s == ' ') s++;
    if ((s[0] == 'H' || s[0] == 'h') && s[1] == '-') s += 2;
    long long v = 0;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        if (digits >= 15) return 0;
        v = v * 10 + (*s - '0');
    }
    while (*s == ' ') s++;
    return digits && !*s ? v : 0;
}
