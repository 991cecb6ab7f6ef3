/* questions_view.h — what the question pages (questions.c,
 * questions_queue.c, question_routes.c) share. */
#ifndef DATALOTS_QUESTIONS_VIEW_H
#define DATALOTS_QUESTIONS_VIEW_H

#include "web/handlers/handlers.h"
#include "store/questions.h"

/* The signed-in (or anonymous) request as the question store's actor. */
question_actor question_actor_of(request *r);
/* The network's members as options list `list` (mid, mname, selected), but except. */
void question_member_options(request *r, tmpl_ctx *c, const char *list, int64_t selected, int64_t except);

#endif
