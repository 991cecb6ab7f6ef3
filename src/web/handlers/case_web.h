/* case_web.h — the cases a viewer may see in the list, for the page
 * (/cases, cases.c) and the JSON API (/api/v1/cases, api_cases.c) alike:
 * their own requests (applicants, and anyone who is not staff) and the
 * staff's queue (narrowed to the organisation of their staff roles in the
 * store, each row then kept only where a role covers the case), with the
 * query parameters of cases_query (state, page, mine). */
#ifndef DATALOTS_CASE_WEB_H
#define DATALOTS_CASE_WEB_H

#include "web/handlers/handlers.h"
#include "store/cases.h"
#include "core/release_terms.h"

#define CASE_LIST_PAGE 50 /* rows per page */

typedef struct case_list_view {
    int show_mine, staff;
    case_rec *mine;
    int n_mine;
    int64_t mine_total, mine_page;
    case_rec *queue;           /* only the rows the viewer may see */
    int n_queue;
    int64_t queue_total, page; /* queue_total: the store's count before the per-row check */
    int state;                 /* -2 open, -1 all, else a case_state */
    const char *state_param;   /* as asked: "open", "all" or a state's key */
    int due;                   /* CASE_DUE_*: the queue's target-time filter */
} case_list_view;

/* Fills v from the request's query; 0 after answering an error (a bad
 * state, the store). */
int case_list_for_viewer(request *r, case_list_view *v);

/* The step posted to /cases/{id}/events/{event} (or the API's) from the
 * request's form (case_event_form) into st, terms kept in *terms (cases.c).
 * 0 with *problem a sentence (to show with status 422) when the form does
 * not hold a step. */
int case_step_from_form(request *r, case_event ev, case_step *st, release_terms *terms, const char **problem);

/* case_times.c: the step's target-time marker of a case into row (due_key,
 * due_label, due_date, due_overdue; nothing when the step has no target),
 * and the case page's time per step and lead times from its history. */
void due_to_ctx(request *r, tmpl_ctx *row, const case_rec *c);
void case_times_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_history_rec *h, int n);
/* The applicant's portal on the case page (case_portal.c): where the case
 * is, what happens next, the typical time, the message thread and its form;
 * then the project members (case_members_to_ctx, case_members.c). */
void case_thread_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj);
void case_members_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj);
/* The case page again with error (status 422, 409 …) for a form of its own
 * sections (cases.c); what the person typed in the thread is kept. */
void case_page_error(request *r, int status, const char *error, const case_rec *c, const case_facts *f,
                     const authz_object *obj);

#endif
