/* obstacle_reporter.h — what the reporter sees and does before their
 * report is published (handlers/obstacle_reporter.c): the preview of the
 * report form, with the personal data that will be removed and the similar
 * published obstacles they could follow instead; and, on their follow-up
 * page, the text as it will be proposed, the form to change their texts
 * and the one to withdraw the report (store/obstacle_draft.h). */
#ifndef DATALOTS_OBSTACLE_REPORTER_H
#define DATALOTS_OBSTACLE_REPORTER_H

#include "store/obstacles.h"
#include "web/handlers/handlers.h"

/* The preview of the checked report form (no errors left): how the report
 * reads, what personal data is found in it, similar published obstacles,
 * and the same values in a form whose buttons send it or go back to
 * editing. Stores nothing. page: the page it is about, or NULL. */
void obstacle_preview_page(request *r, const char *page);

/* The follow-up page's part for the reporter's own changes: the public
 * text as it will be proposed, and, while the lifecycle allows it
 * (obstacle_reporter_events_allowed), the forms to revise and withdraw —
 * pre-filled from sent (a refused revision) or the report. Once published,
 * the sentence to contact the analysts instead. */
void obstacle_reporter_to_ctx(request *r, tmpl_ctx *c, const obstacle *o, const char *token, const form *sent);

/* The follow-up page of the report behind token (handlers/obstacle.c),
 * with error (a sentence, or NULL) and the refused form sent (or NULL). */
void obstacle_follow_page(request *r, const char *token, int status, const char *error, const form *sent);

#endif
