/* questions_internal.h — what the question store's files (questions.c,
 * question_steps.c, question_times.c) share; not for callers. */
#ifndef DATALOTS_STORE_QUESTIONS_INTERNAL_H
#define DATALOTS_STORE_QUESTIONS_INTERNAL_H

#include "core/plain_text.h" /* text_blank, text_fits */
#include "store/questions.h"

const char *q_or_empty(const char *s);
/* One audit row "question.WHAT" on question id (never the asker's address). */
dl_err q_audit(db *d, const question_actor *who, const char *what, int64_t id, const char *detail, dl_error *e);
/* One row of the question's history (members 0: none; actor 0: the system or the public). */
dl_err q_event(db *d, int64_t id, const char *event, int64_t from, int64_t to, const char *note, int64_t actor,
               const char *at, dl_error *e);
/* A notice to member's contact people (each valid contact address, at
 * most eight) that question id is now with them, with a link to it — when
 * who->notify is set. The asker's address is never in it. */
dl_err q_notify_member(db *d, const question_actor *who, int64_t id, int64_t member, const char *body, dl_error *e);
/* Every routing rule (at most QUESTION_ROUTES_MAX), in a's memory. */
dl_err q_route_rules(db *d, arena *a, question_route_rule **out, size_t *n, dl_error *e);

#endif
