/* followup_csv.h — the follow-up report's CSV as text, for the unit tests
 * that look for rows in it (test_followup*.c). */
#ifndef DATALOTS_TEST_FOLLOWUP_CSV_H
#define DATALOTS_TEST_FOLLOWUP_CSV_H

#include "report/followup_render.h"

/* r's CSV (followup_render_csv through a temporary file), NUL-terminated,
 * malloc'd (free it); NULL when it could not be written or read back. */
char *followup_csv_text(const followup_render *r);

#endif
