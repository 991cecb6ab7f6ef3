/* pii_marks.h — a text as a template list of segments, with what the
 * personal-data detector (core/pii.h) finds marked by its kind in words:
 * the analyst's publication page (obstacle_publish.c) and the reporter's
 * preview (obstacle_preview.c) show a report this way. */
#ifndef DATALOTS_PII_MARKS_H
#define DATALOTS_PII_MARKS_H

#include "core/pii.h"
#include "web/handlers/handlers.h"

/* Today as core/pii.h takes it (YYYYMMDD, Stockholm). */
int64_t pii_marks_today(void);

/* text as the list `key` of c: plain segments {text}, and found ones
 * {text, kind} (the kind's translated name). *found (if given) is the
 * number found; counts (if given) gets one added per finding of each kind. */
void pii_marks_to_ctx(request *r, tmpl_ctx *c, const char *key, const char *text, int *found,
                      int counts[PII_TYPE__COUNT]);

/* text with what the detector finds replaced by its markers
 * ("[personnummer borttaget]" …), in r's arena; text itself when the scan
 * fails. */
const char *pii_marks_redacted(request *r, const char *text);

#endif
