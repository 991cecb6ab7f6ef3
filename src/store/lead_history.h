/* lead_history.h — an organisation's decided release cases as the lead-time
 * prediction reads them (core/lead_predict.h): each case's features (the
 * process, the units it concerned, the kinds of data it asked for, whether
 * a cost estimate was made) and the time it spent in each state and its two
 * lead times, from its registered transitions (core/case_clock.h). */
#ifndef DATALOTS_STORE_LEAD_HISTORY_H
#define DATALOTS_STORE_LEAD_HISTORY_H

#include <stdint.h>

#include "core/lead_predict.h"
#include "db/db.h"

#define LEAD_HISTORY_MAX 20000 /* the newest decided cases read */

/* The organisation's newest decided cases (delivered or refused), at most
 * LEAD_HISTORY_MAX, into *out (malloc'd; free with free()), their ids into
 * *ids (likewise), *n of them. */
dl_err lead_history(db *d, int64_t org_id, lead_case **out, int64_t **ids, int *n, dl_error *e);

/* The kinds of data a request's free-text variables name: its items, one a
 * line or separated by commas or semicolons (empty items not counted). */
int lead_data_kinds(const char *variables);

#endif
