/* obstacle_triage.c — the obstacle analyst's pages (ACT_OBSTACLE_TRIAGE):
 * GET /hinder/analys, the queue, oldest first, filtered by state,
 * category and age; GET /hinder/analys/ID, one obstacle: the whole report,
 * its record (need, legal basis, responsible body, public answer), its
 * history with the steps of duplicates merged into it, the similar reports
 * the full-text index suggests (each with a merge form), and one form per
 * event obstacle_events_allowed() gives; POST /hinder/analys/ID/steg/EVENT
 * makes the step through obstacle_transition() (store/obstacle_steps.h).
 * Also the public part of the reporter's follow-up page
 * (obstacle_public_to_ctx, called by handlers/obstacle.c). */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_triage_fields.h"
#include "web/app.h"
#include "web/pathparam.h"
#include "core/clock.h"
#include "core/obstacle_answers.h"
#include "core/obstacle_flow.h"
#include "store/obstacle_steps.h"

#include <inttypes.h>
#include <string.h>

static const char *ref_of(request *r, int64_t id)
{
    char ref[24];
    obstacle_reference(id, ref);
    return arena_strdup(r->a, ref);
}

static int64_t age_days(const char *iso, int64_t now)
{
    int64_t at = clock_parse_iso_utc(iso);
    return at > 0 && now > at ? (now - at) / 86400 : 0;
}

void h_obstacle_queue(request *r)
{
    const form_value *state = query_at(r, OTQ_STATE), *category = query_at(r, OTQ_CATEGORY), *age = query_at(r, OTQ_AGE);
    obstacle_queue_filter f = {state->text ? (int)state->num : -1, category->text && *category->text ? category->text : NULL,
                               age->text ? (int)age->num : 0};
    const obstacle_category_list *cats = obstacle_categories_of(r);
    if (f.category && !obstacle_category_find(cats, f.category)) {
        res_error(r, DL_EINVAL, "Kategorin finns inte i listan. Välj en kategori i filtret.");
        return;
    }
    int64_t now = clock_now();
    obstacle_brief *rows = arena_alloc(r->a, sizeof *rows * OBSTACLE_QUEUE_MAX);
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int n = 0;
    dl_error e = {0};
    dl_err rc = obstacle_queue(r->db, r->a, &f, now, rows, OBSTACLE_QUEUE_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_list(c, "states");
    for (int s = 0; s < OBSTACLE_STATE__MAX; s++) {
        tmpl_ctx *o = tmpl_list_append(c, "states");
        if (!o) break;
        tmpl_set_str(o, "key", obstacle_state_keys[s]);
        tmpl_set_str(o, "label", tr(r, obstacle_state_label_sv((obstacle_state)s)));
        tmpl_set_bool(o, "selected", f.state == s);
    }
    tmpl_set_list(c, "categories");
    for (int k = 0; k < cats->n; k++) {
        tmpl_ctx *o = tmpl_list_append(c, "categories");
        if (!o) break;
        tmpl_set_str(o, "key", cats->v[k].key);
        tmpl_set_str(o, "label", obstacle_category_label_of(r, cats->v[k].key));
        tmpl_set_bool(o, "selected", f.category && strcmp(f.category, cats->v[k].key) == 0);
    }
    tmpl_set_str(c, "age", f.min_age_days > 0 ? arena_printf(r->a, "%d", f.min_age_days) : "");
    tmpl_set_str(c, "count", count_text(r, n));
    tmpl_set_bool(c, "full", n == OBSTACLE_QUEUE_MAX);
    tmpl_set_list(c, "rows");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "rows");
        if (!row) break;
        tmpl_set_int(row, "id", rows[i].id);
        tmpl_set_str(row, "reference", ref_of(r, rows[i].id));
        tmpl_set_str(row, "state_key", obstacle_state_key(rows[i].state));
        tmpl_set_str(row, "state", tr(r, obstacle_state_label_sv(rows[i].state)));
        tmpl_set_str(row, "category", obstacle_category_label_of(r, rows[i].category));
        tmpl_set_str(row, "received", local_time(r, rows[i].created_at));
        tmpl_set_str(row, "age", count_text(r, age_days(rows[i].created_at, now)));
        tmpl_set_str(row, "last_step", *rows[i].last_step_at ? local_time(r, rows[i].last_step_at) : "–");
        /* The follow-up's flag: open, and no step for --obstacle-stale-days. */
        tmpl_set_bool(row, "stale", obstacle_state_is_open(rows[i].state) &&
                                        age_days(*rows[i].last_step_at ? rows[i].last_step_at : rows[i].created_at, now) >=
                                            r->app->cfg->obstacle_stale_days);
        tmpl_set_str(row, "what", rows[i].what_happened);
    }
    res_page(r, 200, "obstacle_queue.html", "Hinderanalys", c);
}

/* The obstacle of the path's {id}, or 0 after answering 404. */
static int64_t path_id(request *r)
{
    int64_t id = 0;
    if (r->n_params < 1 || !path_param_id(r->params[0], r->param_lens[0], &id)) {
        res_error(r, DL_ENOTFOUND, "Hindret finns inte.");
        return 0;
    }
    return id;
}

static void history_to_ctx(request *r, tmpl_ctx *c, const char *list, int64_t id, int public_only)
{
    obstacle_step_rec *h = arena_alloc(r->a, sizeof *h * OBSTACLE_HISTORY_MAX);
    int n = 0;
    dl_error e = {0};
    if (!h || obstacle_history(r->db, r->a, id, public_only, h, OBSTACLE_HISTORY_MAX, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(c, list);
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, list);
        if (!row) break;
        const obstacle_rule *rule = obstacle_flow_find(h[i].from, h[i].event);
        int note_public = rule && (rule->inputs & (OI_NOTE_PUBLIC | OI_ANSWER));
        tmpl_set_str(row, "at", local_time(r, h[i].at));
        tmpl_set_str(row, "event", tr(r, obstacle_event_label_sv(h[i].event)));
        tmpl_set_str(row, "state", tr(r, obstacle_state_label_sv(h[i].to)));
        tmpl_set_str(row, "group", tr(r, obstacle_public_group_label_sv(obstacle_public_group_of(h[i].to))));
        tmpl_set_str(row, "actor", h[i].actor);
        tmpl_set_str(row, "note", public_only && !note_public ? "" : h[i].note);
        tmpl_set_bool(row, "is_public", h[i].is_public);
        if (h[i].obstacle_id != id) tmpl_set_str(row, "from_duplicate", ref_of(r, h[i].obstacle_id));
    }
}

void obstacle_public_to_ctx(request *r, tmpl_ctx *c, const obstacle *o)
{
    obstacle_public_group g = obstacle_public_group_of(o->state);
    tmpl_set_str(c, "group_key", obstacle_public_group_key(g));
    tmpl_set_str(c, "group", tr(r, obstacle_public_group_label_sv(g)));
    tmpl_set_str(c, "public_answer", o->public_answer);
    tmpl_set_str(c, "responsible_body", o->responsible_body);
    if (o->merged_into > 0) tmpl_set_str(c, "merged_into", ref_of(r, o->merged_into));
    history_to_ctx(r, c, "steps", o->id, 1);
}

/* The obstacle's page; error (a sentence) with status when step sent_ev was
 * refused (its form shows what was written; -1: none). */
/* text with "{ansvarig}" replaced by the responsible body (or a general
 * word when none is named yet). */
static const char *filled(request *r, const char *text, const char *body)
{
    const char *at = strstr(text, "{ansvarig}");
    if (!at) return text;
    const char *who = body && *body ? body : tr(r, "den ansvariga aktören");
    return arena_printf(r->a, "%.*s%s%s", (int)(at - text), text, who, at + strlen("{ansvarig}"));
}

/* chosen: an answer template asked for (?mall=), or NULL. */
static void show_obstacle(request *r, int status, int64_t id, const char *error, int sent_ev,
                          const obstacle_answer *chosen)
{
    obstacle o;
    dl_error e = {0};
    dl_err rc = obstacle_by_id(r->db, r->a, id, &o, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    tmpl_set_int(c, "id", o.id);
    tmpl_set_str(c, "reference", ref_of(r, o.id));
    tmpl_set_str(c, "state", tr(r, obstacle_state_label_sv(o.state)));
    tmpl_set_str(c, "state_key", obstacle_state_key(o.state));
    tmpl_set_str(c, "group", tr(r, obstacle_public_group_label_sv(obstacle_public_group_of(o.state))));
    tmpl_set_str(c, "received", local_time(r, o.created_at));
    tmpl_set_str(c, "category", obstacle_category_label_of(r, o.category));
    tmpl_set_str(c, "consequence", o.consequence >= 0 ? tr(r, obstacle_consequence_label_sv(o.consequence)) : "");
    tmpl_set_str(c, "law_id", o.law_id);
    tmpl_set_str(c, "law_title", r->lang == LANG_EN && *o.law_title_en ? o.law_title_en : o.law_title);
    tmpl_set_str(c, "what", o.what_happened);
    tmpl_set_str(c, "data", o.data_concerned);
    tmpl_set_str(c, "actors", o.actors);
    tmpl_set_str(c, "suggestion", o.suggestion);
    tmpl_set_str(c, "about_page", o.about_page);
    tmpl_set_bool(c, "has_email", *o.reporter_email != '\0');
    tmpl_set_str(c, "need", o.need);
    tmpl_set_str(c, "legal_basis", o.legal_basis);
    tmpl_set_str(c, "responsible_body", o.responsible_body);
    tmpl_set_str(c, "public_answer", o.public_answer);
    if (o.merged_into > 0) {
        tmpl_set_int(c, "merged_into_id", o.merged_into);
        tmpl_set_str(c, "merged_into", ref_of(r, o.merged_into));
    }
    history_to_ctx(r, c, "history", o.id, 0);
    obstacle_measures_to_ctx(r, c, o.id, 0);

    /* What was sent, kept when a step was refused. */
    const form *f = &r->form;
    int any_sent = error && f->n;
    obstacle_event evs[OBSTACLE_EVENT__MAX];
    int n_ev = obstacle_events_allowed(&r->subject, o.state, evs);
    int may_merge = 0;
    tmpl_set_list(c, "events");
    for (int i = 0; i < n_ev; i++) {
        const obstacle_rule *row = obstacle_flow_find(o.state, evs[i]);
        if (!row) continue;
        if (evs[i] == OE_MERGE) may_merge = 1;
        tmpl_ctx *x = tmpl_list_append(c, "events");
        if (!x) break;
        int sent = any_sent && (int)evs[i] == sent_ev;
        unsigned in = row->inputs;
        tmpl_set_str(x, "key", obstacle_event_key(evs[i]));
        tmpl_set_str(x, "label", tr(r, obstacle_event_label_sv(evs[i])));
        tmpl_set_bool(x, "is_public", row->is_public);
        tmpl_set_bool(x, "f_note", (in & OI_NOTE) != 0);
        tmpl_set_bool(x, "note_required", (in & OI_NOTE_REQUIRED) != 0);
        tmpl_set_bool(x, "note_public", (in & OI_NOTE_PUBLIC) != 0);
        tmpl_set_bool(x, "f_need", (in & (OI_NEED | OI_EDIT)) != 0);
        tmpl_set_bool(x, "need_required", (in & OI_NEED) != 0);
        tmpl_set_bool(x, "f_legal_basis", (in & (OI_LEGAL_BASIS | OI_EDIT)) != 0);
        tmpl_set_bool(x, "f_body", (in & (OI_BODY | OI_EDIT)) != 0);
        tmpl_set_bool(x, "body_required", (in & OI_BODY) != 0);
        tmpl_set_bool(x, "f_answer", (in & OI_ANSWER) != 0);
        tmpl_set_bool(x, "f_into", (in & OI_MERGE_INTO) != 0);
        /* The answer templates that fit this step and category; a chosen
         * one fills the field the answer goes in (close: the answer;
         * archive: its public reason). */
        const char *template_text = NULL;
        tmpl_set_list(x, "templates");
        for (const obstacle_answer *a = obstacle_answers; a->key; a++) {
            if (!obstacle_answer_fits(a, evs[i], o.category)) continue;
            tmpl_ctx *t = tmpl_list_append(x, "templates");
            if (t) {
                tmpl_set_str(t, "tkey", a->key);
                tmpl_set_str(t, "tlabel", tr(r, a->label_sv));
            }
            if (a == chosen) template_text = filled(r, tr(r, a->text_sv), o.responsible_body);
        }
        int fill_answer = template_text && (in & OI_ANSWER), fill_note = template_text && !(in & OI_ANSWER);
        tmpl_set_str(x, "note_value", sent ? form_text_at(f, OTS_NOTE) : fill_note ? template_text : "");
        tmpl_set_str(x, "need_value", sent ? form_text_at(f, OTS_NEED) : (in & OI_EDIT) ? o.need : "");
        tmpl_set_str(x, "legal_basis_value", sent ? form_text_at(f, OTS_LEGAL_BASIS) : (in & OI_EDIT) ? o.legal_basis : "");
        tmpl_set_str(x, "body_value", sent ? form_text_at(f, OTS_BODY) : (in & OI_EDIT) ? o.responsible_body : "");
        tmpl_set_str(x, "answer_value", sent ? form_text_at(f, OTS_ANSWER) : fill_answer ? template_text : "");
    }
    tmpl_set_bool(c, "has_events", n_ev > 0);

    obstacle_brief similar[OBSTACLE_SIMILAR_MAX];
    int n_sim = 0;
    if (obstacle_similar(r->db, r->a, o.id, similar, OBSTACLE_SIMILAR_MAX, &n_sim, &e) != DL_OK) n_sim = 0;
    tmpl_set_list(c, "similar");
    for (int i = 0; i < n_sim; i++) {
        tmpl_ctx *s = tmpl_list_append(c, "similar");
        if (!s) break;
        tmpl_set_int(s, "sid", similar[i].id);
        tmpl_set_str(s, "sreference", ref_of(r, similar[i].id));
        tmpl_set_str(s, "sstate", tr(r, obstacle_state_label_sv(similar[i].state)));
        tmpl_set_str(s, "sreceived", local_time(r, similar[i].created_at));
        tmpl_set_str(s, "swhat", similar[i].what_happened);
        tmpl_set_bool(s, "may_merge", may_merge);
    }
    res_page(r, status, "obstacle_analysis.html", "Hinder", c);
}

void h_obstacle_analysis(request *r)
{
    int64_t id = path_id(r);
    if (id) show_obstacle(r, 200, id, NULL, -1, obstacle_answer_find(query_at(r, OTQ_A_TEMPLATE)->text));
}

void h_obstacle_step(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    obstacle_event ev;
    const char *key = r->n_params > 1 ? arena_strndup(r->a, r->params[1], r->param_lens[1]) : NULL;
    if (!key || obstacle_event_from_key(key, &ev) != 0) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant steg."); return; }
    const form *f = &r->form;
    if (f->n_errors) { show_obstacle(r, http_status_of(DL_EINVAL), id, f->first_error, (int)ev, NULL); return; }
    obstacle_step_input in = {
        .note = form_text_at(f, OTS_NOTE),
        .need = form_text_at(f, OTS_NEED),
        .legal_basis = form_text_at(f, OTS_LEGAL_BASIS),
        .responsible_body = form_text_at(f, OTS_BODY),
        .public_answer = form_text_at(f, OTS_ANSWER),
        .merge_into = form_at(f, OTS_INTO)->text ? form_at(f, OTS_INTO)->num : 0,
    };
    obstacle_actor who = {&r->subject, actor_of(r), r->app->cfg->public_url};
    dl_error e = {0};
    dl_err rc = obstacle_transition(r->db, &who, id, ev, &in, clock_now(), &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, error_message(r, rc, &e)); return; }
    if (rc != DL_OK) { show_obstacle(r, http_status_of(rc), id, error_message(r, rc, &e), (int)ev, NULL); return; }
    redirect_local(r, arena_printf(r->a, "/hinder/analys/%" PRId64, id));
}
