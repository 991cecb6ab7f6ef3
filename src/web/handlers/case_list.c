/* case_list.c — the cases a viewer may see (see case_web.h). */
#include "web/handlers/case_web.h"
#include "web/handlers/case_fields.h"

#include <stdlib.h>
#include <string.h>

static int holds_staff_role(const request *r)
{
    unsigned roles = authz_action_roles(ACT_CASE_QUEUE);
    for (int i = 0; i < r->n_grants; i++)
        if (roles & ROLE_BIT(r->grants[i].role)) return 1;
    return 0;
}

/* The organisation (förvaltning) all of the viewer's staff roles lie in,
 * read from their grants' paths ("/1/4/" lies in 1); 0 when they span
 * several or one is for the whole installation. */
static int64_t staff_root(const request *r)
{
    unsigned roles = authz_action_roles(ACT_CASE_QUEUE);
    int64_t root = -1;
    for (int i = 0; i < r->n_grants; i++) {
        if (!(roles & ROLE_BIT(r->grants[i].role))) continue;
        const char *p = r->grants[i].node_path;
        int64_t id = p && p[0] == '/' ? strtoll(p + 1, NULL, 10) : 0;
        if (id <= 0) return 0;
        if (root >= 0 && root != id) return 0;
        root = id;
    }
    return root > 0 ? root : 0;
}

int cases_viewer_is_staff(const request *r) { return holds_staff_role(r); }

int cases_queue_filter(request *r, case_filter *q)
{
    int state = -2;
    const char *want = query_at(r, CASES_Q_STATE)->text;
    case_state s;
    if (want && *want && strcmp(want, "open") != 0) {
        if (strcmp(want, "all") == 0) state = -1;
        else if (case_state_from_key(want, &s) == 0) state = (int)s;
        else { res_error(r, DL_EREQUEST, "Okänt läge i filtret."); return 0; }
    }
    /* The organisation of the viewer's staff roles narrows the list in the
     * store; each row is then shown only where a role covers the case
     * (cases_row_visible). */
    *q = (case_filter){.state = state, .exclude_drafts = 1, .org_id = staff_root(r)};
    const form_value *due = query_at(r, CASES_Q_DUE);
    if (due->text) q->due = (int)due->num; /* CASE_DUE_ANY, CASE_DUE_OVERDUE, CASE_DUE_THIS_WEEK */
    return 1;
}

int cases_row_visible(request *r, const case_rec *c)
{
    authz_object obj = {.node_path = *c->target_path ? c->target_path : NULL, .state = -1};
    if (authz_may(&r->subject, ACT_CASE_QUEUE, &obj)) return 1;
    /* Not at the target: perhaps at one of its units (Process 2). */
    case_facts f;
    authz_object full;
    dl_error e = {0};
    return c->process == PROCESS_2 && case_facts_for(r->db, r->a, c, r->user_id, &f, &full, &e) == DL_OK &&
           authz_may(&r->subject, ACT_CASE_QUEUE, &full);
}

int case_list_for_viewer(request *r, case_list_view *v)
{
    memset(v, 0, sizeof *v);
    dl_error e = {0};
    int applicant = 0;
    v->staff = holds_staff_role(r);
    for (int i = 0; i < r->n_grants; i++) applicant |= r->grants[i].role == ROLE_APPLICANT;
    v->show_mine = applicant || !v->staff;
    if (v->show_mine) {
        /* Paged like the queue: an applicant with many requests sees them all. */
        v->mine = arena_alloc(r->a, sizeof *v->mine * CASE_LIST_PAGE);
        if (!v->mine) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return 0; }
        v->mine_page = query_at(r, CASES_Q_MINE)->text ? query_at(r, CASES_Q_MINE)->num : 1;
        case_filter mine = {.owner_user_id = r->user_id, .state = -1, .limit = CASE_LIST_PAGE,
                            .offset = (int)((v->mine_page - 1) * CASE_LIST_PAGE)};
        dl_err rc = case_list(r->db, r->a, &mine, v->mine, &v->n_mine, &v->mine_total, &e);
        if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    }
    if (!v->staff) return 1;
    case_filter q;
    if (!cases_queue_filter(r, &q)) return 0;
    v->state = q.state;
    const char *want = query_at(r, CASES_Q_STATE)->text;
    v->state_param = want && *want ? want : "open";
    v->due = q.due;
    v->page = query_at(r, CASES_Q_PAGE)->text ? query_at(r, CASES_Q_PAGE)->num : 1;
    case_rec *rows = arena_alloc(r->a, sizeof *rows * CASE_LIST_PAGE);
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return 0; }
    q.limit = CASE_LIST_PAGE;
    q.offset = (int)((v->page - 1) * CASE_LIST_PAGE);
    int m = 0;
    dl_err rc = case_list(r->db, r->a, &q, rows, &m, &v->queue_total, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    v->queue = rows;
    for (int i = 0; i < m; i++)
        if (cases_row_visible(r, &rows[i])) rows[v->n_queue++] = rows[i]; /* kept rows move down; i never falls behind */
    return 1;
}
