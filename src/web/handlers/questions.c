/* questions.c — questions to the national support, routed to the member
 * function that can answer them (docs/questions.md; store/questions.h;
 * the steps: core/question_flow.h):
 *   GET  /fragor/ny               the form: topic, data type, holder, the
 *                                 question, an e-mail address (anyone)
 *   POST /fragor/ny               stores and routes it (robot trap, flood
 *                                 limit and CSRF as /hinder/ny)
 *   GET  /fragor/svar?t=TOKEN     the asker reads the answer (the mailed link)
 *   GET  /fragor                  the shared queue (a network coordinator or
 *                                 a member's contact person; others 403),
 *                                 filtered by member, state and overdue, with
 *                                 the answer times per member
 *   GET  /fragor/ID               one question, its history and steps
 *   POST /fragor/ID/steg/EVENT    route, handover, return, answer, close
 * The routing rules' page is handlers/question_routes.c. */
#include "web/handlers/handlers.h"
#include "web/handlers/questions_fields.h"
#include "web/handlers/questions_view.h"
#include "web/app.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "core/submit_limit.h"
#include "store/network.h"
#include "store/submit_limit.h"

#include <inttypes.h>
#include <string.h>

question_actor question_actor_of(request *r)
{
    return (question_actor){&r->subject, actor_of(r), r->app->cfg->public_url, 1};
}

void question_member_options(request *r, tmpl_ctx *c, const char *list, int64_t selected, int64_t except)
{
    network_member_rec *m = arena_alloc(r->a, sizeof *m * NETWORK_LIST_MAX);
    int n = 0;
    dl_error e = {0};
    if (!m || network_members(r->db, r->a, "", m, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(c, list);
    for (int i = 0; i < n; i++) {
        if (m[i].id == except) continue;
        tmpl_ctx *x = tmpl_list_append(c, list);
        if (!x) break;
        tmpl_set_int(x, "mid", m[i].id);
        tmpl_set_str(x, "mname", m[i].name);
        tmpl_set_bool(x, "selected", m[i].id == selected);
    }
}

/* ---- asking --------------------------------------------------------------------------- */

static void options_to_ctx(tmpl_ctx *c, request *r, const char *list, const char *const *keys, int n,
                           const char *(*label)(int), const char *chosen)
{
    tmpl_set_list(c, list);
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, list);
        if (!x) break;
        tmpl_set_str(x, "key", keys[i]);
        tmpl_set_str(x, "label", tr(r, label(i)));
        tmpl_set_bool(x, "selected", chosen && strcmp(chosen, keys[i]) == 0);
    }
}

static void ask_page(request *r, int status, const char *error)
{
    session_web_ensure_csrf(r); /* a visitor new to the site posts this form */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const form *f = error ? &r->form : NULL;
    tmpl_set_str(c, "error", error);
    options_to_ctx(c, r, "topics", question_topic_keys, QUESTION_TOPIC__MAX, question_topic_label_sv,
                   f ? form_text_at(f, QA_TOPIC) : NULL);
    options_to_ctx(c, r, "data_types", question_data_type_keys, QUESTION_DATA_TYPE__MAX, question_data_type_label_sv,
                   f ? form_text_at(f, QA_DATA_TYPE) : NULL);
    tmpl_set_str(c, "v_holder", f ? form_text_at(f, QA_HOLDER) : "");
    tmpl_set_str(c, "v_body", f ? form_text_at(f, QA_BODY) : "");
    tmpl_set_str(c, "v_email", f ? form_text_at(f, QA_EMAIL) : "");
    res_page(r, status, "question_form.html", "Ställ en fråga", c);
}

void h_question_form(request *r) { ask_page(r, 200, NULL); }

__attribute__((format_arg(2))) static const char *tr_format(request *r, const char *msgid) { return tr(r, msgid); }

static const char *flood_refusal(request *r)
{
    int64_t now = clock_now(), until = 0;
    dl_error e = {0};
    if (submit_limit_take(r->db, r->app->secret, "question", r->client, r->app->cfg->reports_per_hour, now, &until,
                          &e) != DL_OK || !until)
        return NULL; /* a store that cannot count does not stop a question; storing it will say */
    return arena_printf(r->a, tr_format(r, "Många frågor har kommit från din adress den senaste timmen. Försök igen "
                                           "om %d minuter."),
                        submit_limit_minutes_left(until, now));
}

void h_question_ask(request *r)
{
    const form *f = &r->form;
    const char *trap = form_text_at(f, QA_TRAP);
    if (trap && *trap) {
        res_error(r, DL_EREQUEST, "Formuläret kunde inte tas emot: ett fält som ska vara tomt var ifyllt. "
                          "Ladda om sidan och skicka igen.");
        return;
    }
    if (f->n_errors) { ask_page(r, http_status_of(DL_EINVAL), f->first_error); return; }
    const form_value *topic = form_at(f, QA_TOPIC), *dtype = form_at(f, QA_DATA_TYPE);
    if (!topic->text) { ask_page(r, http_status_of(DL_EINVAL), tr(r, "Välj vad frågan gäller i listan.")); return; }
    if (!dtype->text) {
        ask_page(r, http_status_of(DL_EINVAL), tr(r, "Välj vilken sorts data frågan gäller i listan (eller ”Annan eller vet inte”)."));
        return;
    }
    const char *refusal = flood_refusal(r);
    if (refusal) { res_error(r, DL_ELOCKED, refusal); return; }
    question_ask_in in = {(int)topic->num, (int)dtype->num, form_text_at(f, QA_HOLDER), form_text_at(f, QA_BODY),
                          form_text_at(f, QA_EMAIL), r->lang == LANG_EN ? "en" : "sv"};
    question_actor who = question_actor_of(r);
    int64_t id = 0, member = 0;
    dl_error e = {0};
    dl_err rc = question_ask(r->db, &who, &in, clock_now(), &id, &member, &e);
    if (rc == DL_EINVAL) { ask_page(r, http_status_of(DL_EINVAL), tr(r, e.msg)); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    network_member_rec m;
    int named = member > 0 && network_member_get(r->db, r->a, member, &m, &e) == DL_OK;
    tmpl_set_bool(c, "routed", named);
    tmpl_set_int(c, "mid", member);
    tmpl_set_str(c, "mname", named ? m.name : "");
    tmpl_set_int(c, "target_days", QUESTION_TARGET_DAYS);
    res_page(r, 200, "question_sent.html", "Tack för din fråga", c);
}

/* ---- the asker's answer page ----------------------------------------------------------- */

void h_question_answer_page(request *r)
{
    const char *token = query_at(r, QT_F_TOKEN)->text;
    question_rec q;
    dl_error e = {0};
    dl_err rc = question_by_token(r->db, r->a, token, &q, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "body", q.body);
    tmpl_set_str(c, "answer", q.answer);
    tmpl_set_str(c, "by", *q.member_name ? q.member_name : tr(r, "Nätverkskoordinatorn"));
    tmpl_set_int(c, "mid", q.member_id);
    tmpl_set_str(c, "asked", local_time(r, q.created_at));
    tmpl_set_str(c, "answered", local_time(r, q.answered_at));
    tmpl_set_str(c, "topic", tr(r, question_topic_label_sv(q.topic)));
    res_page(r, 200, "question_answer.html", "Svar på din fråga", c);
}
