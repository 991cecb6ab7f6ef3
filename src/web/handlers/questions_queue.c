/* questions_queue.c — the shared question queue and one question's page
 * and steps (see questions.c's route list; store/questions.h). Who may see
 * the queue: a network coordinator, or a contact person of a member of the
 * network (an account whose e-mail address is one of the member's contact
 * addresses). Everyone else signed in gets 403; the queue never shows an
 * asker's e-mail address. */
#include "web/handlers/questions_fields.h"
#include "web/handlers/questions_view.h"
#include "web/app.h"
#include "core/clock.h"

#include <inttypes.h>
#include <string.h>

#define MEMBERS_OF_ONE_MAX 64
#define TIMES_ROWS_MAX 64 /* members shown in the answer times */

static const char *no_access = "Frågekön är till för nätverkskoordinatorn och kontaktpersonerna för nätverkets "
                               "stödfunktioner. Logga in med det konto vars e-postadress stödfunktionen har angett.";

/* 1 when r may see the queue; else a 403 page was sent. */
static int queue_access(request *r, int *coordinator, int64_t *members, int *n_members)
{
    question_actor who = question_actor_of(r);
    if (question_queue_access(r->db, &who, coordinator, members, MEMBERS_OF_ONE_MAX, n_members)) return 1;
    res_error(r, DL_EDENIED, no_access);
    return 0;
}

static void times_to_ctx(request *r, tmpl_ctx *c)
{
    question_answer_time t[TIMES_ROWS_MAX];
    int n = 0;
    dl_error e = {0};
    if (question_answer_times_load(r->db, r->a, NULL, NULL, clock_now(), t, TIMES_ROWS_MAX, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(c, "times");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "times");
        if (!x) break;
        tmpl_set_str(x, "tname", t[i].member_id < 0    ? tr(r, "Alla")
                                 : t[i].member_id == 0 ? tr(r, "Koordinatorns kö")
                                                       : t[i].member_name);
        tmpl_set_bool(x, "total", t[i].member_id < 0);
        tmpl_set_int(x, "tn", t[i].n);
        tmpl_set_str(x, "tmedian", t[i].n ? arena_printf(r->a, "%d", t[i].median_days) : "–");
        tmpl_set_str(x, "tp90", t[i].n ? arena_printf(r->a, "%d", t[i].p90_days) : "–");
        tmpl_set_int(x, "topen", t[i].open);
        tmpl_set_int(x, "toverdue", t[i].overdue);
    }
}

void h_question_queue(request *r)
{
    int coord = 0, n_members = 0;
    int64_t members[MEMBERS_OF_ONE_MAX];
    if (!queue_access(r, &coord, members, &n_members)) return;
    const form_value *qm = query_at(r, QQ_MEMBER), *qs = query_at(r, QQ_STATE), *qo = query_at(r, QQ_OVERDUE);
    /* The default view: a member's contact sees their member's questions, the coordinator every open one. */
    int64_t member = qm->text && *qm->text ? qm->num : (!coord && n_members ? members[0] : -1);
    int state_key = qs->text ? (int)qs->num : 0; /* index of question_state_filter_keys */
    question_filter f = {member, state_key == 0 ? -1 : state_key == 1 ? -2 : state_key - 2, qo->text && qo->num};
    question_rec *rows = arena_alloc(r->a, sizeof *rows * QUESTION_LIST_MAX);
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int n = 0;
    dl_error e = {0};
    dl_err rc = question_list(r->db, r->a, &f, clock_now(), rows, QUESTION_LIST_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_bool(c, "coordinator", coord);
    tmpl_set_bool(c, "all_members", member < 0);
    tmpl_set_bool(c, "coord_queue", member == 0);
    question_member_options(r, c, "members", member, -1);
    static const char *const state_labels[] = {"Öppna", "Alla", "Hos koordinatorn", "Hos en stödfunktion", "Besvarade",
                                               "Avslutade utan svar"};
    tmpl_set_list(c, "states");
    for (int i = 0; question_state_filter_keys[i]; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "states");
        if (!x) break;
        tmpl_set_str(x, "key", question_state_filter_keys[i]);
        tmpl_set_str(x, "label", tr(r, state_labels[i]));
        tmpl_set_bool(x, "selected", i == state_key);
    }
    tmpl_set_bool(c, "overdue_only", f.overdue_only);
    tmpl_set_str(c, "count", count_text(r, n));
    tmpl_set_int(c, "target_days", QUESTION_TARGET_DAYS);
    tmpl_set_list(c, "rows");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "rows");
        if (!x) break;
        const question_rec *q = &rows[i];
        tmpl_set_int(x, "qid", q->id);
        size_t len = strlen(q->body);
        tmpl_set_str(x, "qbody", len > 120 ? arena_printf(r->a, "%.117s…", q->body) : q->body);
        tmpl_set_str(x, "qtopic", tr(r, question_topic_label_sv(q->topic)));
        tmpl_set_str(x, "qtype", tr(r, question_data_type_label_sv(q->data_type)));
        tmpl_set_str(x, "qholder", q->holder);
        tmpl_set_str(x, "qmember", *q->member_name ? q->member_name : tr(r, "Koordinatorns kö"));
        tmpl_set_str(x, "qstate", tr(r, question_state_label_sv(q->state)));
        tmpl_set_str(x, "qreceived", arena_printf(r->a, "%.10s", local_time(r, q->created_at)));
        tmpl_set_int(x, "qdays", q->working_days);
        tmpl_set_bool(x, "qoverdue", q->overdue);
    }
    times_to_ctx(r, c);
    tmpl_set_bool(c, "can_edit_routes", authz_may(&r->subject, ACT_NETWORK_EDIT, NULL));
    res_page(r, 200, "questions.html", "Frågekön", c);
}

/* ---- one question --------------------------------------------------------------------- */

/* What each step did, for the history (the buttons say what it will do). */
static const char *const history_labels[QUESTION_EVENT__MAX] = {
    [QE_ROUTE] = "Skickad till stödfunktionen", [QE_HANDOVER] = "Överlämnad", [QE_RETURN] = "Tillbaka till koordinatorn",
    [QE_ANSWER] = "Besvarad", [QE_CLOSE] = "Avslutad utan svar",
};

static void show_question(request *r, int status, int64_t id, const char *error, int sent_ev)
{
    int coord = 0, n_members = 0;
    int64_t members[MEMBERS_OF_ONE_MAX];
    if (!queue_access(r, &coord, members, &n_members)) return;
    question_rec q;
    dl_error e = {0};
    dl_err rc = id ? question_get(r->db, r->a, id, clock_now(), &q, &e) : dl_fail(&e, DL_ENOTFOUND, "Frågan finns inte.");
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    tmpl_set_int(c, "qid", q.id);
    tmpl_set_str(c, "qbody", q.body);
    tmpl_set_str(c, "qtopic", tr(r, question_topic_label_sv(q.topic)));
    tmpl_set_str(c, "qtype", tr(r, question_data_type_label_sv(q.data_type)));
    tmpl_set_str(c, "qholder", q.holder);
    tmpl_set_int(c, "qmid", q.member_id);
    tmpl_set_str(c, "qmember", *q.member_name ? q.member_name : tr(r, "Koordinatorns kö"));
    tmpl_set_str(c, "qstate", tr(r, question_state_label_sv(q.state)));
    tmpl_set_str(c, "qstate_key", question_state_keys[q.state]);
    tmpl_set_str(c, "qreceived", local_time(r, q.created_at));
    tmpl_set_str(c, "qanswered", *q.answered_at ? local_time(r, q.answered_at) : "");
    tmpl_set_int(c, "qdays", q.working_days);
    tmpl_set_bool(c, "qoverdue", q.overdue);
    tmpl_set_str(c, "qanswer", q.answer);
    tmpl_set_str(c, "guide_id", q.guide_item_id);
    tmpl_set_bool(c, "can_edit_guide", authz_may(&r->subject, ACT_GUIDE_EDIT, NULL));
    question_event_rec evs[64];
    int n_evs = 0;
    if (question_events(r->db, r->a, id, evs, 64, &n_evs, &e) != DL_OK) n_evs = 0;
    tmpl_set_list(c, "history");
    for (int i = 0; i < n_evs; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "history");
        if (!x) break;
        question_event ev;
        const char *label = question_event_from_key(evs[i].event, &ev) == 0 ? history_labels[ev]
                            : strcmp(evs[i].event, "received") == 0    ? "Frågan kom in"
                            : strcmp(evs[i].event, "routed") == 0      ? "Skickad automatiskt efter ämne, data och datahållare"
                                                                       : evs[i].event;
        int moved = strcmp(evs[i].from_name, evs[i].to_name) != 0;
        tmpl_set_str(x, "hwhen", local_time(r, evs[i].created_at));
        tmpl_set_str(x, "hwhat", tr(r, label));
        tmpl_set_str(x, "hfrom", moved ? evs[i].from_name : "");
        tmpl_set_str(x, "hto", moved ? evs[i].to_name : "");
        tmpl_set_str(x, "hnote", strncmp(evs[i].note, "score ", 6) == 0 ? "" : evs[i].note);
        tmpl_set_str(x, "hby", evs[i].actor_name);
    }
    question_actor who = question_actor_of(r);
    unsigned facts = question_facts(r->db, &who, &q);
    question_event allowed[QUESTION_EVENT__MAX];
    int n_ev = question_events_allowed(&r->subject, q.state, facts, allowed);
    const form *f = &r->form;
    tmpl_set_list(c, "events");
    for (int i = 0; i < n_ev; i++) {
        const question_rule *row = question_flow_find(q.state, allowed[i]);
        tmpl_ctx *x = row ? tmpl_list_append(c, "events") : NULL;
        if (!x) continue;
        int sent = error && f->n && (int)allowed[i] == sent_ev;
        tmpl_set_str(x, "key", question_event_keys[allowed[i]]);
        tmpl_set_str(x, "label", tr(r, question_event_label_sv(allowed[i])));
        tmpl_set_bool(x, "f_member", (row->inputs & QI_MEMBER) != 0);
        tmpl_set_bool(x, "f_note", (row->inputs & QI_NOTE) != 0);
        tmpl_set_bool(x, "f_answer", (row->inputs & QI_ANSWER) != 0);
        tmpl_set_str(x, "v_note", sent ? form_text_at(f, QS_F_NOTE) : "");
        tmpl_set_str(x, "v_answer", sent ? form_text_at(f, QS_F_ANSWER) : "");
        tmpl_set_bool(x, "v_general", sent && form_at(f, QS_F_GENERAL)->num);
        tmpl_set_str(x, "v_title", sent ? form_text_at(f, QS_F_TITLE) : "");
        tmpl_set_str(x, "v_summary", sent ? form_text_at(f, QS_F_SUMMARY) : "");
        if (row->inputs & QI_MEMBER) {
            tmpl_ctx *opts = x;
            int64_t chosen = sent ? form_at(f, QS_F_MEMBER)->num : 0;
            question_member_options(r, opts, "members", chosen, q.member_id);
        }
    }
    tmpl_set_bool(c, "has_events", n_ev > 0);
    res_page(r, status, "question.html", arena_printf(r->a, "%s %" PRId64, tr(r, "Fråga"), q.id), c);
}

void h_question_page(request *r) { show_question(r, 200, req_param_id(r, 0), NULL, -1); }

void h_question_step(request *r)
{
    int64_t id = req_param_id(r, 0);
    question_event ev;
    const char *key = r->n_params > 1 ? arena_strndup(r->a, r->params[1], r->param_lens[1]) : NULL;
    if (!key || question_event_from_key(key, &ev) != 0) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant steg."); return; }
    const form *f = &r->form;
    if (f->n_errors) { show_question(r, http_status_of(DL_EINVAL), id, f->first_error, (int)ev); return; }
    int coord = 0, n_members = 0;
    int64_t members[MEMBERS_OF_ONE_MAX];
    if (!queue_access(r, &coord, members, &n_members)) return;
    question_step_in in = {.member_id = form_at(f, QS_F_MEMBER)->text ? form_at(f, QS_F_MEMBER)->num : 0,
                           .note = form_text_at(f, QS_F_NOTE),
                           .answer = form_text_at(f, QS_F_ANSWER),
                           .general = form_at(f, QS_F_GENERAL)->num != 0,
                           .title = form_text_at(f, QS_F_TITLE),
                           .summary = form_text_at(f, QS_F_SUMMARY)};
    question_actor who = question_actor_of(r);
    dl_error e = {0};
    dl_err rc = question_step(r->db, &who, id, ev, &in, clock_now(), &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, error_message(r, rc, &e)); return; }
    if (rc != DL_OK) { show_question(r, http_status_of(rc), id, error_message(r, rc, &e), (int)ev); return; }
    redirect_local(r, arena_printf(r->a, "/fragor/%" PRId64, id));
}
