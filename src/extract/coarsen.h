/* coarsen.h — PROVISIONAL (the lead's placeholder until helper H2's
 * coarsen.h is merged): date precision of a delivery. */
#ifndef DATALOTS_COARSEN_H
#define DATALOTS_COARSEN_H
#include <stddef.h>
typedef enum date_precision { DATE_DAY, DATE_MONTH, DATE_YEAR, DATE_PRECISION__MAX } date_precision;
extern const char *const date_precision_keys[DATE_PRECISION__MAX + 1];
int date_precision_from_key(const char *key, date_precision *out);
int date_coarsen(const char *iso, size_t n, date_precision p, char out[11]);
#endif
