/* coarsen.c — PROVISIONAL placeholder until H2's is merged. */
#include "extract/coarsen.h"
#include <string.h>
const char *const date_precision_keys[DATE_PRECISION__MAX + 1] = {"day", "month", "year", NULL};
int date_precision_from_key(const char *key, date_precision *out)
{
    for (int i = 0; i < DATE_PRECISION__MAX; i++)
        if (key && strcmp(key, date_precision_keys[i]) == 0) { *out = (date_precision)i; return 0; }
    return -1;
}
int date_coarsen(const char *iso, size_t n, date_precision p, char out[11])
{
    if (n != 10) return -1;
    size_t keep = p == DATE_YEAR ? 4 : p == DATE_MONTH ? 7 : 10;
    memcpy(out, iso, keep);
    out[keep] = 0;
    return 0;
}
