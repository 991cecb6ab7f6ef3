/* api_cases.c — the release cases in the JSON API (docs/openapi.yaml,
 * docs/api.md): the list a viewer may see (the /cases page's, by
 * case_list_for_viewer), one case with the steps the viewer may take now,
 * its documents (confidential bodies only for those the page shows them
 * to), and a step through case_transition() — the one transition table
 * the page's buttons use. A caller is a signed-in user or an API token's
 * grant (web/api_auth.h); the checks are the same. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_web.h"
#include "core/alloc.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void send_json(request *r, int status, json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!text) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, status, text);
    free(text);
}

static json_t *text_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

/* The case's summary: what a row of the list shows. */
static json_t *case_summary(request *r, const case_rec *c)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "version", json_integer(c->version));
    json_object_set_new(o, "number", text_or_null(c->diary_number));
    json_object_set_new(o, "title", json_string(c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : ""));
    json_object_set_new(o, "state", json_string(case_state_key(c->state)));
    json_object_set_new(o, "state_label", json_string(tr(r, case_state_label_sv(c->state))));
    json_object_set_new(o, "process", c->process == PROCESS_1 ? json_integer(1) : c->process == PROCESS_2 ? json_integer(2) : json_null());
    json_object_set_new(o, "organisation", json_string(c->org_name ? c->org_name : ""));
    json_object_set_new(o, "target", text_or_null(c->target_name));
    json_object_set_new(o, "applicant", json_string(c->req.v[REQ_APPLICANT_NAME] ? c->req.v[REQ_APPLICANT_NAME] : ""));
    json_object_set_new(o, "submitted_at", text_or_null(c->submitted_at));
    json_object_set_new(o, "updated_at", text_or_null(c->updated_at));
    return o;
}

static json_t *case_array(request *r, const case_rec *rows, int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++) json_array_append_new(a, case_summary(r, &rows[i]));
    return a;
}

void h_api_cases(request *r)
{
    case_list_view v;
    if (!case_list_for_viewer(r, &v)) return;
    json_t *doc = json_object();
    if (!doc) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (v.show_mine)
        json_object_set_new(doc, "mine", json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)v.mine_total,
                                                   "page", (json_int_t)v.mine_page, "per_page", (json_int_t)CASE_LIST_PAGE,
                                                   "items", case_array(r, v.mine, v.n_mine)));
    if (v.staff)
        json_object_set_new(doc, "queue", json_pack("{s:s, s:I, s:I, s:I, s:o}", "state", v.state_param,
                                                    "total", (json_int_t)v.queue_total, "page", (json_int_t)v.page,
                                                    "per_page", (json_int_t)CASE_LIST_PAGE,
                                                    "items", case_array(r, v.queue, v.n_queue)));
    send_json(r, 200, doc);
}

/* The case as the case page shows it: summary, request, the steps the
 * viewer may take now, the timeline. */
static void send_case(request *r, int status, const case_rec *c, const case_facts *f, const authz_object *obj)
{
    json_t *o = case_summary(r, c);
    if (!o) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    json_t *req = json_object();
    for (int k = 0; req && k < REQ__MAX; k++)
        json_object_set_new(req, case_request_fields[k].key, json_string(c->req.v[k] ? c->req.v[k] : ""));
    json_object_set_new(o, "request", req);
    case_event evs[CASE_EVENT__MAX];
    int ne = case_events_allowed(&r->subject, obj, f, evs);
    json_t *allowed = json_array();
    for (int i = 0; allowed && i < ne; i++) json_array_append_new(allowed, json_string(case_event_key(evs[i])));
    json_object_set_new(o, "events_allowed", allowed);
    case_history_rec *h = arena_alloc(r->a, sizeof *h * CASE_PAGE_MAX);
    int nh = 0;
    dl_error e = {0};
    json_t *hist = json_array();
    if (h && hist && case_history(r->db, r->a, c->id, h, &nh, &e) == DL_OK)
        for (int i = 0; i < nh; i++)
            json_array_append_new(hist, json_pack("{s:s, s:s, s:s, s:s, s:s}", "at", h[i].at, "actor", h[i].actor_name,
                                                  "event", h[i].event, "from", h[i].from_state, "to", h[i].to_state));
    json_object_set_new(o, "history", hist);
    send_json(r, status, o);
}

void h_api_case(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (case_load_visible(r, &c, &f, &obj)) send_case(r, 200, &c, &f, &obj);
}

void h_api_case_documents(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    case_document_rec *docs = arena_alloc(r->a, sizeof *docs * CASE_PAGE_MAX);
    int n = 0;
    dl_error e = {0};
    dl_err rc = docs ? case_documents(r->db, r->a, c.id, docs, &n, &e) : DL_ENOMEM;
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    int may_conf = case_may_read_confidential(r, &f, &obj);
    json_t *items = json_array();
    for (int i = 0; items && i < n; i++) {
        int hidden = docs[i].confidential && !may_conf;
        json_t *it = json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)docs[i].id, "kind", docs[i].kind,
                               "created_at", docs[i].created_at, "confidential", docs[i].confidential);
        if (!it) continue;
        json_object_set_new(it, "number", text_or_null(docs[i].diary_number));
        int disposed = docs[i].disposed_at && *docs[i].disposed_at;
        json_object_set_new(it, "body", hidden || disposed ? json_null() : json_string(docs[i].body ? docs[i].body : ""));
        json_object_set_new(it, "disposed_at", disposed ? json_string(docs[i].disposed_at) : json_null());
        json_object_set_new(it, "url", json_string(arena_printf(r->a, "/cases/%" PRId64 "/documents/%" PRId64, c.id, docs[i].id)));
        json_array_append_new(items, it);
    }
    send_json(r, 200, json_pack("{s:I, s:o}", "case", (json_int_t)c.id, "items", items));
}

void h_api_case_event(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    const char *key = r->n_params > 1 ? r->params[1] : NULL;
    case_event ev;
    if (!key || case_event_from_key(key, &ev) != 0) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant steg."); return; }
    release_terms terms;
    case_step st;
    const char *problem = NULL;
    if (!case_step_from_form(r, ev, &st, &terms, &problem)) { res_error(r, DL_EINVAL, problem); return; }
    case_step_result out;
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_transition(r->db, c.id, &r->subject, &who, &st, &out, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (case_get(r->db, r->a, c.id, &c, &e) != DL_OK || case_facts_for(r->db, r->a, &c, r->user_id, &f, &obj, &e) != DL_OK) {
        /* The step is taken (committed); say so, so that a client does not
         * take it again but reads the case anew. */
        res_error_with(r, e.code != DL_OK ? e.code : DL_EDB, &e,
                       "Steget är registrerat, men ärendet kunde inte läsas in igen. Hämta ärendet på nytt innan nästa steg.");
        return;
    }
    send_case(r, 200, &c, &f, &obj);
}
