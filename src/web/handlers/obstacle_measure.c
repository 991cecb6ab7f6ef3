/* obstacle_measure.c — the analyst's measures (åtgärder) against reported
 * obstacles, ACT_OBSTACLE_TRIAGE (docs/obstacles.md "Measures"):
 *   GET  /hinder/atgarder                the list, filtered by status and
 *                                        outcome type, and the create form
 *                                        (?hinder=ID fills in the obstacle)
 *   POST /hinder/atgarder                creates a measure
 *   GET  /hinder/atgarder/ID             one measure: details, obstacles,
 *                                        timeline, one form per step allowed
 *   POST /hinder/atgarder/ID/steg/EVENT  a step (progress, status, edit)
 *   POST /hinder/atgarder/ID/koppla      links an obstacle (H-000042)
 *   POST /hinder/atgarder/ID/koppla-loss unlinks one
 * Also the measures of one obstacle for its pages (obstacle_measures_to_ctx):
 * the analyst's /hinder/analys/ID and the public /hinder/ID. */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_measure_fields.h"
#include "web/app.h"
#include "core/clock.h"
#include "core/measure_flow.h"
#include "store/obstacle_measures.h"

#include <inttypes.h>
#include <string.h>

#define LINKED_SHOWN 50

static const char *ref_of(request *r, int64_t id)
{
    char ref[24];
    obstacle_reference(id, ref);
    return arena_strdup(r->a, ref);
}

static const char *day_of(request *r, const char *iso) { return arena_printf(r->a, "%.10s", iso); }

/* The fields of a measure row m into x (title, outcome, status, progress, dates). */
static void measure_to_ctx(request *r, tmpl_ctx *x, const measure *m)
{
    tmpl_set_int(x, "mid", m->id);
    tmpl_set_str(x, "mtitle", m->title); /* "title" is the page's */
    tmpl_set_str(x, "description", m->description);
    tmpl_set_str(x, "outcome", tr(r, measure_outcome_label_sv(m->outcome)));
    tmpl_set_str(x, "outcome_key", measure_outcome_keys[m->outcome]);
    tmpl_set_str(x, "status", tr(r, measure_status_label_sv(m->status)));
    tmpl_set_str(x, "status_key", measure_status_keys[m->status]);
    tmpl_set_int(x, "progress", m->progress);
    tmpl_set_str(x, "body", m->responsible_body);
    tmpl_set_str(x, "start", m->start_date);
    tmpl_set_str(x, "due", m->due_date);
}

/* The label of a timeline row: the step's, or "registered" for the first. */
static const char *step_label(request *r, const measure_step_rec *h)
{
    return h->event < 0 ? tr(r, "Åtgärden registrerades") : tr(r, measure_event_done_sv((measure_event)h->event));
}

static void timeline_to_ctx(request *r, tmpl_ctx *x, int64_t id, int public_only)
{
    measure_step_rec *h = arena_alloc(r->a, sizeof *h * MEASURE_HISTORY_MAX);
    int n = 0;
    dl_error e = {0};
    if (!h || measure_history(r->db, r->a, id, public_only, h, MEASURE_HISTORY_MAX, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(x, "timeline");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *s = tmpl_list_append(x, "timeline");
        if (!s) break;
        tmpl_set_str(s, "date", day_of(r, h[i].at));
        tmpl_set_str(s, "at", local_time(r, h[i].at));
        tmpl_set_str(s, "label", step_label(r, &h[i]));
        tmpl_set_str(s, "tstatus", tr(r, measure_status_label_sv(h[i].to)));
        tmpl_set_int(s, "tprogress", h[i].progress);
        tmpl_set_str(s, "note", h[i].note);
        tmpl_set_str(s, "actor", public_only ? "" : h[i].actor);
        tmpl_set_bool(s, "internal", !h[i].is_public);
    }
}

void obstacle_measures_to_ctx(request *r, tmpl_ctx *c, int64_t obstacle_id, int public_only)
{
    measure *m = arena_alloc(r->a, sizeof *m * MEASURE_LIST_MAX);
    measure_filter f = {.status = -1, .outcome = -1, .obstacle_id = obstacle_id};
    int n = 0;
    dl_error e = {0};
    if (!m || measure_list(r->db, r->a, &f, m, MEASURE_LIST_MAX, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(c, "measures");
    for (int i = n - 1; i >= 0; i--) { /* oldest first */
        tmpl_ctx *x = tmpl_list_append(c, "measures");
        if (!x) break;
        measure_to_ctx(r, x, &m[i]);
        if (public_only) timeline_to_ctx(r, x, m[i].id, 1);
    }
}

/* ---- the list and the create form --------------------------------------------- */

static void show_list(request *r, int status, const char *error)
{
    const form_value *st = query_at(r, MQ_STATUS), *oc = query_at(r, MQ_OUTCOME), *ob = query_at(r, MQ_OBSTACLE);
    measure_filter f = {st->text ? (int)st->num : -1, oc->text ? (int)oc->num : -1, 0};
    measure *rows = arena_alloc(r->a, sizeof *rows * MEASURE_LIST_MAX);
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int n = 0;
    dl_error e = {0};
    dl_err rc = measure_list(r->db, r->a, &f, rows, MEASURE_LIST_MAX, &n, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    const form *sent = error ? &r->form : NULL;
    tmpl_set_list(c, "statuses");
    for (int s = 0; s < MEASURE_STATUS__MAX; s++) {
        tmpl_ctx *o = tmpl_list_append(c, "statuses");
        if (!o) break;
        tmpl_set_str(o, "key", measure_status_keys[s]);
        tmpl_set_str(o, "label", tr(r, measure_status_label_sv(s)));
        tmpl_set_bool(o, "selected", f.status == s);
    }
    int sent_outcome = sent && form_at(sent, MC_OUTCOME)->text ? (int)form_at(sent, MC_OUTCOME)->num : -1;
    tmpl_set_list(c, "outcomes");
    for (int k = 0; k < MEASURE_OUTCOME__MAX; k++) {
        tmpl_ctx *o = tmpl_list_append(c, "outcomes");
        if (!o) break;
        tmpl_set_str(o, "key", measure_outcome_keys[k]);
        tmpl_set_str(o, "label", tr(r, measure_outcome_label_sv(k)));
        tmpl_set_bool(o, "selected", f.outcome == k);
        tmpl_set_bool(o, "chosen", sent_outcome == k);
    }
    tmpl_set_str(c, "count", count_text(r, n));
    tmpl_set_list(c, "rows");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "rows");
        if (!x) break;
        measure_to_ctx(r, x, &rows[i]);
        int64_t obs[LINKED_SHOWN];
        int n_obs = 0;
        if (measure_obstacles(r->db, rows[i].id, obs, LINKED_SHOWN, &n_obs, &e) != DL_OK) n_obs = 0;
        tmpl_set_list(x, "obstacles");
        for (int k = 0; k < n_obs; k++) {
            tmpl_ctx *o = tmpl_list_append(x, "obstacles");
            if (!o) break;
            tmpl_set_int(o, "oid", obs[k]);
            tmpl_set_str(o, "oref", ref_of(r, obs[k]));
        }
    }
    /* The create form: what was sent, or the obstacle asked for. */
    tmpl_set_str(c, "v_title", sent ? form_text_at(sent, MC_TITLE) : "");
    tmpl_set_str(c, "v_description", sent ? form_text_at(sent, MC_DESCRIPTION) : "");
    tmpl_set_str(c, "v_body", sent ? form_text_at(sent, MC_BODY) : "");
    tmpl_set_str(c, "v_start", sent ? form_text_at(sent, MC_START) : "");
    tmpl_set_str(c, "v_due", sent ? form_text_at(sent, MC_DUE) : "");
    tmpl_set_str(c, "v_obstacles", sent ? form_text_at(sent, MC_OBSTACLES) : ob->text ? ref_of(r, ob->num) : "");
    res_page(r, status, "measure_list.html", "Åtgärder", c);
}

void h_measure_list(request *r) { show_list(r, 200, NULL); }

/* "H-000042, H-000043 44" → ids; -1 after naming the first word that is no
 * reference in *bad. */
static int parse_references(request *r, const char *text, int64_t *out, int max, const char **bad)
{
    int n = 0;
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == ';') p++;
        const char *start = p;
        while (*p && *p != ' ' && *p != ',' && *p != ';') p++;
        if (p == start) break;
        char *word = arena_strndup(r->a, start, (size_t)(p - start));
        long long id = word ? measure_parse_obstacle_reference(word) : 0;
        if (id <= 0 || n == max) {
            *bad = word ? word : "";
            return -1;
        }
        int dup = 0;
        for (int i = 0; i < n; i++) dup |= out[i] == id;
        if (!dup) out[n++] = id;
    }
    return n;
}

static measure_fields fields_of(const form *f, int title, int description, int outcome, int body, int start, int due)
{
    const form_value *o = form_at(f, outcome);
    return (measure_fields){.title = form_text_at(f, title), .description = form_text_at(f, description),
                            .responsible_body = form_text_at(f, body), .start_date = form_text_at(f, start),
                            .due_date = form_text_at(f, due), .outcome = o->text ? (int)o->num : -1};
}

void h_measure_create(request *r)
{
    const form *f = &r->form;
    if (f->n_errors) { show_list(r, http_status_of(DL_EINVAL), f->first_error); return; }
    int64_t ids[MEASURE_LINKS_MAX];
    const char *bad = NULL;
    int n = parse_references(r, form_text_at(f, MC_OBSTACLES), ids, MEASURE_LINKS_MAX, &bad);
    if (n < 0) {
        show_list(r, http_status_of(DL_EINVAL), arena_printf(r->a, "%s ”%s”. %s", tr(r, "Det här är ingen hinderreferens:"), bad,
                                       tr(r, "Skriv referenserna till exempel som H-000042.")));
        return;
    }
    measure_fields in = fields_of(f, MC_TITLE, MC_DESCRIPTION, MC_OUTCOME, MC_BODY, MC_START, MC_DUE);
    obstacle_actor who = {&r->subject, actor_of(r), r->app->cfg->public_url};
    int64_t id = 0;
    dl_error e = {0};
    dl_err rc = measure_create(r->db, &who, &in, ids, n, clock_now(), &id, &e);
    if (rc != DL_OK) { show_list(r, http_status_of(rc), error_message(r, rc, &e)); return; }
    redirect_local(r, arena_printf(r->a, "/hinder/atgarder/%" PRId64, id));
}

/* ---- one measure --------------------------------------------------------------- */

static void show_measure(request *r, int status, int64_t id, const char *error, int sent_ev)
{
    measure m;
    dl_error e = {0};
    dl_err rc = measure_by_id(r->db, r->a, id, &m, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error);
    measure_to_ctx(r, c, &m);
    tmpl_set_str(c, "created", local_time(r, m.created_at));
    int64_t obs[MEASURE_LINKS_MAX];
    int n_obs = 0;
    if (measure_obstacles(r->db, id, obs, MEASURE_LINKS_MAX, &n_obs, &e) != DL_OK) n_obs = 0;
    tmpl_set_list(c, "obstacles");
    for (int k = 0; k < n_obs; k++) {
        tmpl_ctx *o = tmpl_list_append(c, "obstacles");
        if (!o) break;
        tmpl_set_int(o, "oid", obs[k]);
        tmpl_set_str(o, "oref", ref_of(r, obs[k]));
    }
    timeline_to_ctx(r, c, id, 0);
    const form *f = &r->form;
    int any_sent = error && f->n && sent_ev >= 0;
    measure_event evs[MEASURE_EVENT__MAX];
    int n_ev = measure_events_allowed(&r->subject, m.status, evs);
    tmpl_set_list(c, "events");
    for (int i = 0; i < n_ev; i++) {
        const measure_rule *row = measure_flow_find(m.status, evs[i]);
        tmpl_ctx *x = row ? tmpl_list_append(c, "events") : NULL;
        if (!x) continue;
        int sent = any_sent && (int)evs[i] == sent_ev;
        tmpl_set_str(x, "key", measure_event_key(evs[i]));
        tmpl_set_str(x, "label", tr(r, measure_event_label_sv(evs[i])));
        tmpl_set_bool(x, "is_public", row->is_public);
        tmpl_set_bool(x, "f_progress", (row->inputs & MI_PROGRESS) != 0);
        tmpl_set_bool(x, "f_edit", (row->inputs & MI_EDIT) != 0);
        tmpl_set_str(x, "note_value", sent ? form_text_at(f, MS_NOTE) : "");
        tmpl_set_str(x, "progress_value", sent && form_at(f, MS_PROGRESS)->text ? form_text_at(f, MS_PROGRESS)
                                                                            : arena_printf(r->a, "%d", m.progress));
        if (row->inputs & MI_EDIT) {
            tmpl_set_str(x, "v_title", sent ? form_text_at(f, MS_TITLE) : m.title);
            tmpl_set_str(x, "v_description", sent ? form_text_at(f, MS_DESCRIPTION) : m.description);
            tmpl_set_str(x, "v_body", sent ? form_text_at(f, MS_BODY) : m.responsible_body);
            tmpl_set_str(x, "v_start", sent ? form_text_at(f, MS_START) : m.start_date);
            tmpl_set_str(x, "v_due", sent ? form_text_at(f, MS_DUE) : m.due_date);
            tmpl_set_list(x, "outcomes");
            for (int k = 0; k < MEASURE_OUTCOME__MAX; k++) {
                tmpl_ctx *o = tmpl_list_append(x, "outcomes");
                if (!o) break;
                tmpl_set_str(o, "okey", measure_outcome_keys[k]);
                tmpl_set_str(o, "olabel", tr(r, measure_outcome_label_sv(k)));
                tmpl_set_bool(o, "chosen", (int)m.outcome == k);
            }
        }
    }
    tmpl_set_bool(c, "has_events", n_ev > 0);
    res_page(r, status, "measure_page.html", arena_printf(r->a, "%s: %s", tr(r, "Åtgärd"), m.title), c);
}

void h_measure_page(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Åtgärden finns inte."); return; }
    show_measure(r, 200, id, NULL, -1);
}

void h_measure_step(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Åtgärden finns inte."); return; }
    measure_event ev;
    const char *key = r->n_params > 1 ? arena_strndup(r->a, r->params[1], r->param_lens[1]) : NULL;
    if (!key || measure_event_from_key(key, &ev) != 0) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant steg."); return; }
    const form *f = &r->form;
    if (f->n_errors) { show_measure(r, http_status_of(DL_EINVAL), id, f->first_error, (int)ev); return; }
    const form_value *p = form_at(f, MS_PROGRESS);
    measure_step_input in = {
        .note = form_text_at(f, MS_NOTE),
        .progress = p->text ? (int)p->num : -1,
        .edit = fields_of(f, MS_TITLE, MS_DESCRIPTION, MS_OUTCOME, MS_BODY, MS_START, MS_DUE),
    };
    obstacle_actor who = {&r->subject, actor_of(r), r->app->cfg->public_url};
    dl_error e = {0};
    dl_err rc = measure_step(r->db, &who, id, ev, &in, clock_now(), &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, error_message(r, rc, &e)); return; }
    if (rc != DL_OK) { show_measure(r, http_status_of(rc), id, error_message(r, rc, &e), (int)ev); return; }
    redirect_local(r, arena_printf(r->a, "/hinder/atgarder/%" PRId64, id));
}

static void link_change(request *r, int linking)
{
    int64_t id = req_param_id(r, 0);
    if (!id) { res_error(r, DL_ENOTFOUND, "Åtgärden finns inte."); return; }
    const form *f = &r->form;
    if (f->n_errors) { show_measure(r, http_status_of(DL_EINVAL), id, f->first_error, -1); return; }
    int64_t obstacle_id = 0;
    if (linking) {
        const char *text = form_text_at(f, ML_REFERENCE);
        obstacle_id = measure_parse_obstacle_reference(text);
        if (obstacle_id <= 0) {
            show_measure(r, http_status_of(DL_EINVAL), id, tr(r, "Skriv hindrets referens, till exempel H-000042."), -1);
            return;
        }
    } else {
        const form_value *o = form_at(f, ML_OBSTACLE);
        if (!o->text) { show_measure(r, http_status_of(DL_EINVAL), id, tr(r, "Välj hindret att koppla loss."), -1); return; }
        obstacle_id = o->num;
    }
    obstacle_actor who = {&r->subject, actor_of(r), r->app->cfg->public_url};
    dl_error e = {0};
    dl_err rc = linking ? measure_link(r->db, &who, id, obstacle_id, clock_now(), &e)
                        : measure_unlink(r->db, &who, id, obstacle_id, clock_now(), &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, error_message(r, rc, &e)); return; }
    if (rc != DL_OK) { show_measure(r, http_status_of(rc), id, error_message(r, rc, &e), -1); return; }
    redirect_local(r, arena_printf(r->a, "/hinder/atgarder/%" PRId64, id));
}

void h_measure_link(request *r) { link_change(r, 1); }
void h_measure_unlink(request *r) { link_change(r, 0); }
