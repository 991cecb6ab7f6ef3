/* doc_sample.h — a realistic sample decision letter ("Beslut om utlämnande
 * av allmänna handlingar", with conditions, a table of the released
 * variables, the reasons, a signature and the appeal instructions), in
 * Swedish or English. For `datalots doc sample` and the tests; the case
 * engine builds its real documents itself. */
#ifndef DATALOTS_DOC_SAMPLE_H
#define DATALOTS_DOC_SAMPLE_H

#include "report/doc.h"

/* lang "sv" or "en"; extra_rows more table rows (0..DOC_MAX_ROWS-20) make
 * the table span pages. NULL with e set on a bad argument or out of memory. */
doc *doc_sample(arena *a, const char *lang, int extra_rows, dl_error *e);

#endif
