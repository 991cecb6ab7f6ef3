/* calls.c — joint calls (utlysningar) of the coordinating support
 * (docs/calls.md; store/calls.h; the application's steps: core/call_flow.h):
 *   GET  /utlysningar                   the calls, filtered (all, open,
 *                                       closed, upcoming); the coordinator's
 *                                       form for a new call
 *   POST /utlysningar                   publishes a call (ACT_CALL_MANAGE)
 *   GET  /utlysningar/ID                one call: text, days, criteria,
 *                                       budget; the coordinator sees its
 *                                       applications
 *   GET  /utlysningar/ID/ansok          the application form (signed in)
 *   POST /utlysningar/ID/ansok          applies (within the opening days)
 *   GET  /ansokningar/ID                one application: the applicant's
 *                                       or the coordinator's; others 404
 *   POST /ansokningar/ID/steg/EVENT     assess, grant, reject, withdraw,
 *                                       results
 *   GET  /projekt/ID                    a granted project, public, with
 *                                       its results in the knowledge guide */
#include "web/handlers/handlers.h"
#include "web/handlers/calls_fields.h"
#include "web/app.h"
#include "web/markdown.h"
#include "core/clock.h"

#include <inttypes.h>
#include <string.h>

static const char *today_of(void)
{
    static __thread char today[16];
    clock_local_date(clock_now(), today);
    return today;
}

static call_actor actor(request *r) { return (call_actor){&r->subject, actor_of(r), r->app->cfg->public_url}; }

static int is_coordinator(request *r) { return authz_may(&r->subject, ACT_CALL_MANAGE, NULL); }

static const char *call_status_sv(const joint_call *c, const char *today)
{
    if (strcmp(today, c->opens_on) < 0) return "Kommande";
    return strcmp(today, c->closes_on) <= 0 ? "Öppen" : "Stängd";
}

static void call_to_ctx(request *r, tmpl_ctx *x, const joint_call *c, const char *today)
{
    tmpl_set_int(x, "cid", c->id);
    tmpl_set_str(x, "ctitle", c->title);
    tmpl_set_str(x, "opens", c->opens_on);
    tmpl_set_str(x, "closes", c->closes_on);
    tmpl_set_str(x, "budget", c->budget);
    tmpl_set_str(x, "cstatus", tr(r, call_status_sv(c, today)));
    tmpl_set_bool(x, "is_open", call_is_open(c, today));
    tmpl_set_int(x, "n_applications", c->n_applications);
}

/* ---- the list and the new call ---------------------------------------------------- */

static void show_list(request *r, int status, const char *error)
{
    const form_value *q = query_at(r, CQ_SHOW);
    int which = q->text ? (int)q->num : CALLS_ALL;
    const char *today = today_of();
    joint_call *rows = arena_alloc(r->a, sizeof *rows * CALL_LIST_MAX);
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int n = 0;
    dl_error e = {0};
    dl_err rc = call_list(r->db, r->a, which, today, rows, CALL_LIST_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    static const char *const labels[] = {"Alla", "Öppna", "Stängda", "Kommande"};
    tmpl_set_list(c, "filters");
    for (int i = 0; i < 4; i++) {
        tmpl_ctx *o = tmpl_list_append(c, "filters");
        if (!o) break;
        tmpl_set_str(o, "key", call_filter_keys[i]);
        tmpl_set_str(o, "label", tr(r, labels[i]));
        tmpl_set_bool(o, "current", which == i);
    }
    tmpl_set_str(c, "count", count_text(r, n));
    tmpl_set_list(c, "rows");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "rows");
        if (!x) break;
        call_to_ctx(r, x, &rows[i], today);
    }
    /* The granted projects, newest first, public. */
    call_application *projects = arena_alloc(r->a, sizeof *projects * CALL_LIST_MAX);
    int n_projects = 0;
    if (!projects || call_projects(r->db, r->a, projects, CALL_LIST_MAX, &n_projects, &e) != DL_OK) n_projects = 0;
    tmpl_set_list(c, "projects");
    for (int i = 0; i < n_projects; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "projects");
        if (!x) break;
        tmpl_set_int(x, "aid", projects[i].id);
        tmpl_set_str(x, "aproject", projects[i].project_title);
        tmpl_set_str(x, "aorg", projects[i].org_name);
        tmpl_set_str(x, "acall", projects[i].call_title);
    }
    int coord = is_coordinator(r);
    tmpl_set_bool(c, "coordinator", coord);
    const form *sent = error ? &r->form : NULL;
    tmpl_set_str(c, "v_title", sent ? form_text_at(sent, CC_TITLE) : "");
    tmpl_set_str(c, "v_body", sent ? form_text_at(sent, CC_BODY) : "");
    tmpl_set_str(c, "v_opens", sent ? form_text_at(sent, CC_OPENS) : "");
    tmpl_set_str(c, "v_closes", sent ? form_text_at(sent, CC_CLOSES) : "");
    tmpl_set_str(c, "v_criteria", sent ? form_text_at(sent, CC_CRITERIA) : "");
    tmpl_set_str(c, "v_budget", sent ? form_text_at(sent, CC_BUDGET) : "");
    /* The signed-in account's own applications. */
    if (r->subject.user_id > 0) {
        call_application *mine = arena_alloc(r->a, sizeof *mine * CALL_LIST_MAX);
        int n_mine = 0;
        if (!mine || call_applications(r->db, r->a, 0, r->subject.user_id, mine, CALL_LIST_MAX, &n_mine, &e) != DL_OK)
            n_mine = 0;
        tmpl_set_list(c, "mine");
        for (int i = 0; i < n_mine; i++) {
            tmpl_ctx *x = tmpl_list_append(c, "mine");
            if (!x) break;
            tmpl_set_int(x, "aid", mine[i].id);
            tmpl_set_str(x, "aproject", mine[i].project_title);
            tmpl_set_str(x, "acall", mine[i].call_title);
            tmpl_set_str(x, "astate", tr(r, call_app_state_label_sv(mine[i].state)));
        }
    }
    res_page(r, status, "calls.html", "Utlysningar", c);
}

void h_calls(request *r) { show_list(r, 200, NULL); }

void h_call_create(request *r)
{
    const form *f = &r->form;
    if (f->n_errors) { show_list(r, http_status_of(DL_EINVAL), f->first_error); return; }
    call_fields in = {form_text_at(f, CC_TITLE), form_text_at(f, CC_BODY),     form_text_at(f, CC_OPENS),
                      form_text_at(f, CC_CLOSES), form_text_at(f, CC_CRITERIA), form_text_at(f, CC_BUDGET)};
    call_actor who = actor(r);
    int64_t id = 0;
    dl_error e = {0};
    dl_err rc = call_create(r->db, &who, &in, clock_now(), &id, &e);
    if (rc != DL_OK) { show_list(r, http_status_of(rc), error_message(r, rc, &e)); return; }
    redirect_local(r, arena_printf(r->a, "/utlysningar/%" PRId64, id));
}

/* ---- one call, and the application form --------------------------------------------- */

static void criteria_to_ctx(request *r, tmpl_ctx *c, const joint_call *call, const char **crit, int *n)
{
    *n = call_criteria_split(r->a, call->criteria, crit, CALL_CRITERIA_MAX);
    tmpl_set_list(c, "criteria");
    for (int i = 0; i < *n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "criteria");
        if (!x) break;
        tmpl_set_int(x, "num", i + 1);
        tmpl_set_str(x, "criterion", crit[i]);
    }
}

static void show_call(request *r, int status, int64_t id, int with_form, const char *error)
{
    joint_call call;
    dl_error e = {0};
    dl_err rc = call_by_id(r->db, r->a, id, &call, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const char *today = today_of();
    tmpl_set_str(c, "error", error);
    call_to_ctx(r, c, &call, today);
    const char *html = markdown_to_html(r->a, call.body, strlen(call.body));
    tmpl_set_raw(c, "body_html", html ? html : "");
    const char *crit[CALL_CRITERIA_MAX];
    int n_crit = 0;
    criteria_to_ctx(r, c, &call, crit, &n_crit);
    tmpl_set_bool(c, "signed_in", r->subject.user_id > 0);
    tmpl_set_bool(c, "with_form", with_form && call_is_open(&call, today));
    tmpl_set_str(c, "closed_sentence",
                 strcmp(today, call.closes_on) > 0
                     ? arena_printf(r->a, "%s %s.", tr(r, "Utlysningen stängde"), call.closes_on)
                 : strcmp(today, call.opens_on) < 0
                     ? arena_printf(r->a, "%s %s.", tr(r, "Utlysningen öppnar"), call.opens_on)
                     : "");
    const form *sent = error ? &r->form : NULL;
    tmpl_set_str(c, "v_org", sent ? form_text_at(sent, CA_ORG) : "");
    tmpl_set_str(c, "v_email", sent ? form_text_at(sent, CA_EMAIL) : "");
    tmpl_set_str(c, "v_project", sent ? form_text_at(sent, CA_TITLE) : "");
    tmpl_set_str(c, "v_description", sent ? form_text_at(sent, CA_DESCRIPTION) : "");
    if (is_coordinator(r)) {
        tmpl_set_bool(c, "coordinator", 1);
        call_application *apps = arena_alloc(r->a, sizeof *apps * CALL_LIST_MAX);
        int n = 0;
        if (!apps || call_applications(r->db, r->a, id, 0, apps, CALL_LIST_MAX, &n, &e) != DL_OK) n = 0;
        tmpl_set_list(c, "applications");
        for (int i = 0; i < n; i++) {
            tmpl_ctx *x = tmpl_list_append(c, "applications");
            if (!x) break;
            tmpl_set_int(x, "aid", apps[i].id);
            tmpl_set_str(x, "aproject", apps[i].project_title);
            tmpl_set_str(x, "aorg", apps[i].org_name);
            tmpl_set_str(x, "astate", tr(r, call_app_state_label_sv(apps[i].state)));
            tmpl_set_str(x, "adate", arena_printf(r->a, "%.10s", apps[i].created_at));
        }
    }
    res_page(r, status, "call.html", arena_printf(r->a, "%s: %s", tr(r, "Utlysning"), call.title), c);
}

void h_call_page(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Utlysningen finns inte."); return; }
    show_call(r, 200, id, 0, NULL);
}

void h_call_apply_form(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Utlysningen finns inte."); return; }
    show_call(r, 200, id, 1, NULL);
}

void h_call_apply(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Utlysningen finns inte."); return; }
    const form *f = &r->form;
    if (f->n_errors) { show_call(r, http_status_of(DL_EINVAL), id, 1, f->first_error); return; }
    call_application_fields in = {form_text_at(f, CA_ORG), form_text_at(f, CA_EMAIL), form_text_at(f, CA_TITLE),
                            form_text_at(f, CA_DESCRIPTION)};
    call_actor who = actor(r);
    int64_t app = 0;
    dl_error e = {0};
    dl_err rc = call_apply(r->db, &who, id, &in, clock_now(), &app, &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, error_message(r, rc, &e)); return; }
    if (rc != DL_OK) { show_call(r, http_status_of(rc), id, 1, error_message(r, rc, &e)); return; }
    redirect_local(r, arena_printf(r->a, "/ansokningar/%" PRId64, app));
}

/* ---- one application ---------------------------------------------------------------- */

/* The application when r may see it (its applicant, the coordinator), else
 * a 404 page already sent — someone else's application is not there. */
static int visible_application(request *r, int64_t id, call_application *p)
{
    dl_error e = {0};
    dl_err rc = id ? call_application_by_id(r->db, r->a, id, p, &e) : DL_ENOTFOUND;
    if (rc == DL_OK && (p->applicant_id == r->subject.user_id || is_coordinator(r))) return 1;
    if (rc == DL_OK || rc == DL_ENOTFOUND) res_error(r, DL_ENOTFOUND, "Ansökan finns inte.");
    else res_error_from(r, rc, &e);
    return 0;
}

static void show_application(request *r, int status, int64_t id, const char *error, int sent_ev)
{
    call_application p;
    if (!visible_application(r, id, &p)) return;
    joint_call call;
    dl_error e = {0};
    dl_err rc = call_by_id(r->db, r->a, p.call_id, &call, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    tmpl_set_int(c, "aid", p.id);
    tmpl_set_int(c, "cid", p.call_id);
    tmpl_set_str(c, "ctitle", p.call_title);
    tmpl_set_str(c, "aproject", p.project_title);
    tmpl_set_str(c, "aorg", p.org_name);
    tmpl_set_str(c, "aemail", p.contact_email);
    tmpl_set_str(c, "description", p.description);
    tmpl_set_str(c, "astate", tr(r, call_app_state_label_sv(p.state)));
    tmpl_set_str(c, "astate_key", call_app_state_keys[p.state]);
    tmpl_set_str(c, "created", local_time(r, p.created_at));
    tmpl_set_str(c, "reason", p.decision_reason);
    tmpl_set_str(c, "guide_id", p.guide_item_id);
    tmpl_set_bool(c, "is_project", p.state == CALL_APP_GRANTED || p.state == CALL_APP_REPORTED);
    const char *crit[CALL_CRITERIA_MAX];
    int n_crit = call_criteria_split(r->a, call.criteria, crit, CALL_CRITERIA_MAX);
    call_score_rec scores[CALL_CRITERIA_MAX];
    int n_scores = 0;
    if (call_scores(r->db, r->a, id, scores, CALL_CRITERIA_MAX, &n_scores, &e) != DL_OK) n_scores = 0;
    const form *f = &r->form;
    int resend = error && f->n && sent_ev == CE_ASSESS;
    tmpl_set_list(c, "criteria");
    for (int i = 0; i < n_crit; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "criteria");
        if (!x) break;
        const call_score_rec *s = NULL;
        for (int k = 0; k < n_scores; k++)
            if (scores[k].criterion == i) s = &scores[k];
        tmpl_set_int(x, "num", i + 1);
        tmpl_set_str(x, "criterion", crit[i]);
        tmpl_set_bool(x, "scored", s != NULL);
        tmpl_set_int(x, "score", s ? s->score : 0);
        tmpl_set_str(x, "comment", s ? s->comment : "");
        tmpl_set_str(x, "v_score", resend ? form_text_at(f, CS_SCORE_1 + i) : s ? arena_printf(r->a, "%d", s->score) : "");
        tmpl_set_str(x, "v_comment", resend ? form_text_at(f, CS_COMMENT_1 + i) : s ? s->comment : "");
    }
    unsigned facts = p.applicant_id == r->subject.user_id ? CG_APPLICANT : CG_IMPARTIAL;
    call_event evs[CALL_EVENT__MAX];
    int n_ev = call_events_allowed(&r->subject, p.state, facts, evs);
    tmpl_set_list(c, "events");
    for (int i = 0; i < n_ev; i++) {
        const call_rule *row = call_flow_find(p.state, evs[i]);
        tmpl_ctx *x = row ? tmpl_list_append(c, "events") : NULL;
        if (!x) continue;
        int sent = error && f->n && (int)evs[i] == sent_ev;
        tmpl_set_str(x, "key", call_event_keys[evs[i]]);
        tmpl_set_str(x, "label", tr(r, call_event_label_sv(evs[i])));
        tmpl_set_bool(x, "f_scores", (row->inputs & CI_SCORES) != 0);
        tmpl_set_bool(x, "f_reason", (row->inputs & CI_REASON) != 0);
        tmpl_set_bool(x, "f_results", (row->inputs & CI_RESULTS) != 0);
        tmpl_set_str(x, "v_reason", sent ? form_text_at(f, CS_REASON) : "");
        tmpl_set_str(x, "v_rtitle", sent ? form_text_at(f, CS_RTITLE) : p.project_title);
        tmpl_set_str(x, "v_rsummary", sent ? form_text_at(f, CS_RSUMMARY) : "");
        tmpl_set_str(x, "v_rbody", sent ? form_text_at(f, CS_RBODY) : "");
    }
    tmpl_set_bool(c, "has_events", n_ev > 0);
    res_page(r, status, "call_application.html", arena_printf(r->a, "%s: %s", tr(r, "Projektansökan"), p.project_title), c);
}

void h_call_application(request *r) { show_application(r, 200, req_param_id(r, 0), NULL, -1); }

void h_call_step(request *r)
{
    int64_t id = req_param_id(r, 0);
    call_application p;
    if (!visible_application(r, id, &p)) return;
    call_event ev;
    const char *key = r->n_params > 1 ? arena_strndup(r->a, r->params[1], r->param_lens[1]) : NULL;
    if (!key || call_event_from_key(key, &ev) != 0) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant steg."); return; }
    const form *f = &r->form;
    if (f->n_errors) { show_application(r, http_status_of(DL_EINVAL), id, f->first_error, (int)ev); return; }
    call_step_input in = {.reason = form_text_at(f, CS_REASON),
                          .results_title = form_text_at(f, CS_RTITLE),
                          .results_summary = form_text_at(f, CS_RSUMMARY),
                          .results_body = form_text_at(f, CS_RBODY)};
    for (int i = 0; i < CALL_CRITERIA_MAX; i++) {
        const form_value *s = form_at(f, CS_SCORE_1 + i);
        in.scores[i] = s->text && *s->text ? (int)s->num : -1;
        in.comments[i] = form_text_at(f, CS_COMMENT_1 + i);
    }
    call_actor who = actor(r);
    dl_error e = {0};
    dl_err rc = call_step(r->db, &who, id, ev, &in, clock_now(), &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, error_message(r, rc, &e)); return; }
    if (rc != DL_OK) { show_application(r, http_status_of(rc), id, error_message(r, rc, &e), (int)ev); return; }
    redirect_local(r, arena_printf(r->a, "/ansokningar/%" PRId64, id));
}

/* ---- a granted project, public -------------------------------------------------------- */

void h_project_page(request *r)
{
    int64_t id = req_param_id(r, 0);
    call_application p;
    dl_error e = {0};
    dl_err rc = id ? call_application_by_id(r->db, r->a, id, &p, &e) : DL_ENOTFOUND;
    if (rc == DL_OK && p.state != CALL_APP_GRANTED && p.state != CALL_APP_REPORTED) rc = DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Projektet finns inte."); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "aid", p.id);
    tmpl_set_int(c, "cid", p.call_id);
    tmpl_set_str(c, "ctitle", p.call_title);
    tmpl_set_str(c, "aproject", p.project_title);
    tmpl_set_str(c, "aorg", p.org_name);
    tmpl_set_str(c, "description", p.description);
    tmpl_set_str(c, "reason", p.decision_reason);
    tmpl_set_str(c, "guide_id", p.guide_item_id);
    tmpl_set_bool(c, "coordinator", is_coordinator(r));
    /* The results' guide item: linked once published; the draft only for those who edit. */
    int published = p.guide_item_id[0] ? call_guide_is_published(r->db, p.guide_item_id) : 0;
    tmpl_set_bool(c, "results_published", published);
    tmpl_set_bool(c, "can_edit_guide", authz_may(&r->subject, ACT_GUIDE_EDIT, NULL));
    res_page(r, 200, "project.html", arena_printf(r->a, "%s: %s", tr(r, "Projekt"), p.project_title), c);
}
