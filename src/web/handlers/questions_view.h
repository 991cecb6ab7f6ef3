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

/* What member answers, for its page (question_routes.c): answers_topics,
 * answers_types, answers_holders and answers (1 when it declares any). */
void question_member_answers_to_ctx(request *r, tmpl_ctx *c, int64_t member_id);

#endif
