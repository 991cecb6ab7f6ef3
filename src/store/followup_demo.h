/* followup_demo.h — demo rows for the follow-up's guide-use and
 * satisfaction parts (`datalots demo cases`, src/cli/demo_cases.c), so the
 * demo dashboard /uppfoljning shows page views and answers: a survey for
 * every closed case that has none (sent when it closed; about two in three
 * answered, most of them 4 or 5, some with a comment) and page views for
 * every guide item on some of the last 365 days. The tokens are random and
 * thrown away: a demo survey cannot be answered by a link. The same seed
 * gives the same rows. Not for a store in real use. */
#ifndef DATALOTS_STORE_FOLLOWUP_DEMO_H
#define DATALOTS_STORE_FOLLOWUP_DEMO_H

#include <stdint.h>
#include "core/err.h"
#include "db/db.h"

dl_err followup_demo_seed(db *d, uint64_t seed, int64_t now, int64_t *surveys, int64_t *view_rows, dl_error *e);

#endif
