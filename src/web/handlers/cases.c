/* cases.c — the release case on the web: my requests and the staff's queue,
 * the request form (a draft, saved and sent), the case page with its
 * timeline, documents and the steps the viewer may take now, and the one
 * route that takes every step (POST /cases/{id}/events/{event}). What a
 * person may do comes from case_events_allowed() — the same answer
 * case_transition() gives when the step is posted. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_fields.h"
#include "web/handlers/case_web.h"
#include "web/handlers/case_collab.h"
#include "web/handlers/dictionary_view.h"
#include "web/app.h"
#include "store/cases.h"
#include "store/form_version.h"
#include "store/case_members.h"
#include "store/org.h"
#include "report/doc_pdf.h"
#include "report/request_form.h"
#include "core/clock.h"
#include "core/diary_entry.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



static void fill_case_row(request *r, tmpl_ctx *row, const case_rec *c)
{
    tmpl_set_int(row, "id", c->id);
    tmpl_set_str(row, "number", *c->diary_number ? c->diary_number : tr(r, "(ej registrerad)"));
    tmpl_set_str(row, "title", *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : tr(r, "(utan titel)"));
    tmpl_set_str(row, "case_title", *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : tr(r, "(utan titel)"));
    tmpl_set_str(row, "state_label", tr(r, case_state_label_sv(c->state)));
    tmpl_set_str(row, "state_key", case_state_key(c->state));
    tmpl_set_str(row, "org_name", c->org_name);
    tmpl_set_str(row, "target_name", c->target_name);
    tmpl_set_str(row, "submitted", local_time(r, c->submitted_at));
    tmpl_set_str(row, "updated", local_time(r, c->updated_at));
    tmpl_set_str(row, "applicant", c->req.v[REQ_APPLICANT_NAME]);
    tmpl_set_str(row, "process_label", c->process == PROCESS_1 ? tr(r, "Process 1") :
                                       c->process == PROCESS_2 ? tr(r, "Process 2") : "");
}

void h_cases(request *r)
{
    const form_value *fmt = query_at(r, CASES_Q_FORMAT);
    if (fmt->text) { /* the queue as a file: staff only, every matching case */
        case_filter q;
        if (!cases_viewer_is_staff(r)) { res_error(r, DL_EDENIED, "Bara handläggare kan ladda ner ärendelistan."); return; }
        if (cases_queue_filter(r, &q)) cases_export(r, &q, (int)fmt->num);
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    case_list_view v;
    if (!case_list_for_viewer(r, &v)) return;
    if (v.show_mine) pager_to_ctx(c, "mine_", v.mine_page, v.mine_total, CASE_LIST_PAGE);
    tmpl_set_bool(c, "show_mine", v.show_mine);
    tmpl_set_list(c, "mine");
    for (int i = 0; i < v.n_mine; i++) fill_case_row(r, tmpl_list_append(c, "mine"), &v.mine[i]);
    tmpl_set_bool(c, "has_mine", v.n_mine > 0 || v.mine_total > 0);

    tmpl_set_bool(c, "staff", v.staff);
    tmpl_set_bool(c, "may_register", authz_may_somewhere(&r->subject, ACT_CASE_REGISTER));
    tmpl_set_bool(c, "may_release_claims", authz_may_somewhere(&r->subject, ACT_CASE_CLAIM_RELEASE));
    if (v.staff) {
        tmpl_set_list(c, "states");
        for (int k = 0; k < CASE_STATE__MAX; k++) {
            tmpl_ctx *o = tmpl_list_append(c, "states");
            if (!o) break;
            tmpl_set_str(o, "key", case_state_key((case_state)k));
            tmpl_set_str(o, "label", tr(r, case_state_label_sv((case_state)k)));
            tmpl_set_bool(o, "selected", v.state == k);
        }
        tmpl_set_bool(c, "filter_all", v.state == -1);
        tmpl_set_bool(c, "filter_open", v.state == -2);
        tmpl_ctx **rows = arena_alloc(r->a, sizeof *rows * (size_t)(v.n_queue > 0 ? v.n_queue : 1));
        tmpl_set_list(c, "queue");
        for (int i = 0; i < v.n_queue; i++) {
            tmpl_ctx *row = tmpl_list_append(c, "queue");
            fill_case_row(r, row, &v.queue[i]);
            due_to_ctx(r, row, &v.queue[i]);
            if (rows) rows[i] = row;
        }
        if (rows) case_claims_to_rows(r, v.queue, v.n_queue, rows); /* who has each case (case_collab.c) */
        tmpl_set_bool(c, "filter_overdue", v.due == CASE_DUE_OVERDUE);
        tmpl_set_bool(c, "filter_week", v.due == CASE_DUE_THIS_WEEK);
        tmpl_set_str(c, "due_param", v.due == CASE_DUE_OVERDUE ? "overdue" : v.due == CASE_DUE_THIS_WEEK ? "week" : "");
        pager_to_ctx(c, "", v.page, v.queue_total, CASE_LIST_PAGE);
        tmpl_set_str(c, "state_param", v.state_param);
        tmpl_set_bool(c, "has_queue", v.n_queue > 0);
    }
    res_page(r, 200, "cases.html", "Ärenden", c);
}

/* The fields of the form a case is written on (case_id 0: a new request,
 * the version in force), with their labels there (store/form_version.h).
 * Should the store not answer, every field (the form as the code has it). */
static void form_of_case(request *r, int64_t case_id, form_fields *on, const char *labels[REQ__MAX])
{
    dl_error e = {0};
    int64_t version = 0, copied_from = 0;
    dl_err rc = case_id ? case_lineage(r->db, case_id, &version, &copied_from, &e) : form_version_current(r->db, &version, &e);
    if (rc == DL_OK && version > 0) rc = form_version_fields(r->db, r->a, version, on, labels, &e);
    if (rc == DL_OK && version > 0) return;
    for (int f = 0; f < REQ__MAX; f++) {
        on->present[f] = 1;
        labels[f] = case_request_fields[f].label_sv;
    }
}

/* The request form's fields into c (values from the posted form when there
 * is one, else from req), with each field's problem. */
static void form_fields_to_ctx(request *r, tmpl_ctx *c, const case_request *req, const case_request_problem *p,
                               int np, int64_t org_id, int64_t case_id)
{
    int n_nodes = 0;
    org_node_rec *nodes = load_org_tree(r, &n_nodes);
    form_fields on;
    const char *labels[REQ__MAX];
    form_of_case(r, case_id, &on, labels); /* only the fields of the case's form version */
    int section = -1, opened = -2;
    tmpl_ctx *sec = NULL;
    tmpl_set_list(c, "sections");
    for (int f = 0; f < REQ__MAX; f++) {
        for (int k = 0; k < REQUEST_FORM_SECTIONS; k++)
            if (request_form_sections[k] == (case_request_field)f) section = k;
        if (!on.present[f]) continue;
        if (!sec || opened != section) {
            sec = tmpl_list_append(c, "sections");
            if (!sec) return;
            tmpl_set_str(sec, "legend", tr(r, request_form_legends_sv[section < 0 ? 0 : section]));
            opened = section;
        }
        const case_request_field_info *info = &case_request_fields[f];
        tmpl_ctx *x = tmpl_list_append(sec, "fields");
        if (!x) return;
        const char *value = req->v[f] ? req->v[f] : "";
        tmpl_set_str(x, "key", info->key);
        tmpl_set_str(x, "label", tr(r, labels[f] && *labels[f] ? labels[f] : info->label_sv));
        tmpl_set_str(x, "value", value);
        tmpl_set_bool(x, "needed", info->needed_to_send);
        tmpl_set_int(x, "max", (int64_t)info->max_len);
        tmpl_set_bool(x, "is_text", info->kind == RK_TEXT);
        tmpl_set_bool(x, "is_email", info->kind == RK_EMAIL);
        tmpl_set_bool(x, "is_multiline", info->kind == RK_MULTILINE);
        tmpl_set_bool(x, "is_date", info->kind == RK_DATE);
        tmpl_set_bool(x, "is_bool", info->kind == RK_BOOL);
        tmpl_set_bool(x, "checked", strcmp(value, "1") == 0);
        tmpl_set_bool(x, "is_select", info->kind == RK_ENUM || info->kind == RK_INT);
        tmpl_set_str(x, "error", ""); /* shadows the page's error: a field shows only its own */
        for (int i = 0; i < np; i++)
            if (p[i].field == (case_request_field)f) { tmpl_set_str(x, "error", tr(r, p[i].msg_sv)); break; }
        if (f == REQ_VARIABLES) case_variables_to_ctx(r, x, org_id, value);
        if (f == REQ_LEGAL_BASIS || f == REQ_DELIVERY) {
            const char *const *keys = f == REQ_LEGAL_BASIS ? legal_basis_keys : delivery_keys;
            tmpl_set_list(x, "options");
            for (int k = 0; keys[k]; k++) {
                tmpl_ctx *o = tmpl_list_append(x, "options");
                if (!o) return;
                tmpl_set_str(o, "ovalue", keys[k]);
                tmpl_set_str(o, "olabel", tr(r, f == REQ_LEGAL_BASIS ? legal_basis_label_sv((legal_basis)k)
                                                                    : delivery_label_sv((delivery_method)k)));
                tmpl_set_bool(o, "oselected", strcmp(value, keys[k]) == 0);
            }
        } else if (f == REQ_TARGET_NODE && nodes) {
            /* The organisation's own tree: the whole, an area, or one unit. */
            tmpl_set_list(x, "options");
            for (int i = 0; i < n_nodes; i++) {
                org_node_rec root;
                if (org_root_of(r->db, r->a, nodes[i].id, &root, NULL) != DL_OK || root.id != org_id) continue;
                tmpl_ctx *o = tmpl_list_append(x, "options");
                if (!o) return;
                char idt[24];
                snprintf(idt, sizeof idt, "%" PRId64, nodes[i].id);
                tmpl_set_str(o, "ovalue", idt);
                tmpl_set_str(o, "olabel", arena_printf(r->a, "%*s%s (%s)", nodes[i].depth * 2, "", nodes[i].name,
                                                       tr(r, org_kind_label_sv(nodes[i].kind))));
                tmpl_set_bool(o, "oselected", strcmp(value, idt) == 0);
            }
        }
    }
}

/* The case's attachments into c as "attachments" (file name, size, SHA-256). */
static void attachments_to_ctx(request *r, tmpl_ctx *c, int64_t case_id)
{
    case_attachment_rec at[16];
    int n = 0;
    dl_error e = {0};
    tmpl_set_list(c, "attachments");
    if (case_attachments(r->db, r->a, case_id, at, 16, &n, &e) != DL_OK) return;
    for (int i = 0; i < n; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "attachments");
        if (!x) return;
        tmpl_set_int(x, "att_id", at[i].id);
        tmpl_set_int(x, "att_case", case_id);
        tmpl_set_str(x, "att_name", at[i].filename);
        tmpl_set_str(x, "att_size", arena_printf(r->a, "%.1f kB", (double)at[i].size / 1000.0));
        tmpl_set_str(x, "att_sha", at[i].sha256);
        tmpl_set_bool(x, "att_redacted", at[i].redacted);
        tmpl_set_str(x, "att_disposed", *at[i].disposed_at ? local_time(r, at[i].disposed_at) : "");
        tmpl_set_bool(x, "att_manage", authz_may_somewhere(&r->subject, ACT_CASE_QUEUE));
    }
}

/* The ethics decision sent with the form, or NULL when none came. */
static case_upload *upload_from_form(request *r, case_upload *u)
{
    const form_value *v = form_at(&r->form, REQF_ETHICS_FILE);
    if (!v->text || !*v->text) return NULL;
    *u = (case_upload){.kind = "ethics_decision", .filename = v->text, .data = v->data, .len = v->data_len};
    return u;
}

/* Reads the posted request values into req: only the fields of the form
 * the case is written on (a field posted that the form does not have is
 * left empty, whatever was sent). */
static void request_from_form(request *r, int64_t case_id, case_request *req)
{
    form_fields on;
    const char *labels[REQ__MAX];
    form_of_case(r, case_id, &on, labels);
    for (int f = 0; f < REQ__MAX; f++) {
        const form_value *v = form_at(&r->form, (size_t)f);
        req->v[f] = v->text && on.present[f] ? v->text : "";
        if (case_request_fields[f].kind == RK_BOOL) req->v[f] = v->num && on.present[f] ? "1" : "";
    }
}

/* The form is the registrar's (a request that came by post or e-mail) when
 * the path is /cases/register. */
static int registering(const request *r) { return strncmp(r->path, "/cases/register", 15) == 0; }

static void show_form(request *r, int status, const char *error, int64_t id, int64_t version, int64_t org_id,
                      const char *org_name, const case_request *req, const case_request_problem *p, int np)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_bool(c, "incoming", registering(r));
    tmpl_set_str(c, "counterpart", registering(r) && r->form.n ? form_at(&r->form, REQF_COUNTERPART)->text : "");
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_int(c, "id", id);
    tmpl_set_int(c, "version", version);
    tmpl_set_int(c, "org_id", org_id);
    tmpl_set_str(c, "org_name", org_name);
    tmpl_set_str(c, "form_action", registering(r) ? "/cases/register"
                                   : id ? arena_printf(r->a, "/cases/%" PRId64, id) : "/cases");
    form_fields_to_ctx(r, c, req, p, np, org_id, id);
    if (id) attachments_to_ctx(r, c, id);
    tmpl_set_list(c, "problems");
    for (int i = 0; i < np && i < 20; i++) {
        tmpl_ctx *x = tmpl_list_append(c, "problems");
        if (!x) break;
        tmpl_set_str(x, "pkey", case_request_fields[p[i].field].key);
        tmpl_set_str(x, "plabel", tr(r, case_request_fields[p[i].field].label_sv));
        tmpl_set_str(x, "pmsg", tr(r, p[i].msg_sv));
    }
    res_page(r, status, "case_form.html", id ? "Ansökan (utkast)" : "Ny ansökan om uppgifter för forskning", c);
}

void h_case_register_form(request *r) { h_case_new(r); }

/* A new request posted (by the applicant or the registrar): its values and
 * its organisation; 0 after answering when the organisation or a field is
 * wrong. */
static int posted_request(request *r, case_request *req, org_node_rec *o)
{
    request_from_form(r, 0, req);
    int64_t org_id = form_at(&r->form, REQF_ORG)->num;
    dl_error e = {0};
    dl_err orc = org_id > 0 ? org_get(r->db, r->a, org_id, o, &e) : DL_ENOTFOUND;
    if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return 0; }
    if (orc != DL_OK) {
        res_error(r, DL_EINVAL, "Välj den förvaltning du ansöker hos.");
        return 0;
    }
    const char *variables_error = NULL;
    int variables_ok = case_variables_from_form(r, org_id, req, &variables_error);
    if (r->form.n_errors || !variables_ok) {
        show_form(r, http_status_of(DL_EINVAL), r->form.n_errors ? r->form.first_error : variables_error, 0, 0, org_id, o->name, req, NULL, 0);
        return 0;
    }
    return 1;
}

void h_case_register(request *r)
{
    case_request req;
    org_node_rec o;
    if (!posted_request(r, &req, &o)) return;
    int64_t org_id = o.id;
    dl_error e = {0};
    const char *from = form_at(&r->form, REQF_COUNTERPART)->text;
    case_request_problem p[REQ__MAX + 4];
    int np = 0;
    int64_t id = 0;
    case_step_result out;
    audit_actor who = actor_of(r);
    case_upload up, *file = upload_from_form(r, &up);
    dl_err rc = case_register_incoming(r->db, org_id, &r->subject, &who, &req, file, from, r->app->cfg->public_url, &id, &out,
                                       p, REQ__MAX + 4, &np, &e);
    if (rc != DL_OK) {
        show_form(r, http_status_of(rc), error_message(r, rc, &e), 0, 0, org_id, o.name, &req, p,
                  np < REQ__MAX + 4 ? np : REQ__MAX + 4);
        return;
    }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, id));
}

void h_case_new(request *r)
{
    int64_t org_id = query_at(r, CASE_NEW_Q_ORG)->text ? query_at(r, CASE_NEW_Q_ORG)->num : 0;
    dl_error e = {0};
    org_node_rec o;
    dl_err orc = org_id > 0 ? org_get(r->db, r->a, org_id, &o, &e) : DL_ENOTFOUND;
    if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return; }
    if (orc != DL_OK || o.parent_id != 0) {
        /* Choose the organisation first. */
        int n = 0;
        org_node_rec *nodes = load_org_tree(r, &n);
        if (!nodes) return;
        tmpl_ctx *c = page_ctx(r);
        if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
        tmpl_set_list(c, "orgs");
        for (int i = 0; i < n; i++) {
            if (nodes[i].parent_id != 0) continue;
            authz_object at = {.node_path = nodes[i].path, .state = -1};
            if (registering(r) && !authz_may(&r->subject, ACT_CASE_REGISTER, &at)) continue;
            tmpl_ctx *x = tmpl_list_append(c, "orgs");
            if (!x) break;
            tmpl_set_int(x, "org_id", nodes[i].id);
            tmpl_set_str(x, "org_name", nodes[i].name);
        }
        tmpl_set_str(c, "link_base", registering(r) ? "/cases/register" : "/cases/new");
        res_page(r, 200, "case_choose_org.html", registering(r) ? "Registrera inkommen ansökan" : "Ny ansökan om uppgifter för forskning", c);
        return;
    }
    case_request req = {{0}};
    req.v[REQ_APPLICANT_NAME] = r->display_name;
    show_form(r, 200, NULL, 0, 0, org_id, o.name, &req, NULL, 0);
}

static void after_save(request *r, int64_t id, int64_t version, int send);

void h_case_create(request *r)
{
    case_request req;
    org_node_rec o;
    if (!posted_request(r, &req, &o)) return;
    int64_t org_id = o.id;
    dl_error e = {0};
    case_request_problem p[REQ__MAX + 4];
    int np = 0;
    int64_t id = 0;
    audit_actor who = actor_of(r);
    case_upload up, *file = upload_from_form(r, &up);
    dl_err rc = case_create_draft(r->db, org_id, &who, &req, file, &id, p, REQ__MAX + 4, &np, &e);
    if (rc != DL_OK) {
        show_form(r, http_status_of(rc), error_message(r, rc, &e), 0, 0, org_id, o.name, &req, p, np < REQ__MAX + 4 ? np : REQ__MAX + 4);
        return;
    }
    after_save(r, id, 1, (int)form_at(&r->form, REQF_SEND)->num);
}

/* May the viewer see the case at all? The applicant who owns it, or staff
 * whose role covers it (ACT_CASE_QUEUE at its target or one of its Process 2
 * units). Others get 404: a case's existence is not public. Used by every
 * route under /cases/{id}, the documents' too (case_documents.c). */
int case_load_visible(request *r, case_rec *c, case_facts *f, authz_object *obj)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id ? case_get(r->db, r->a, id, c, &e) : DL_ENOTFOUND;
    if (rc == DL_OK) rc = case_facts_for(r->db, r->a, c, r->user_id, f, obj, &e);
    if (rc != DL_OK) {
        res_lookup_failed(r, rc, &e, "Det finns inget sådant ärende.");
        return 0;
    }
    if (f->actor_is_owner || (c->state != CASE_DRAFT && authz_may(&r->subject, ACT_CASE_QUEUE, obj))) return 1;
    /* A project member who joined (store/case_members.h) sees it too. */
    int64_t member = 0;
    rc = c->state != CASE_DRAFT ? case_member_of(r->db, c->id, r->user_id, &member, &e) : DL_OK;
    if (rc == DL_OK && member) return 1;
    res_lookup_failed(r, rc, &e, "Det finns inget sådant ärende.");
    return 0;
}

/* May the viewer read the case's confidential documents (the
 * confidentiality review)? Those who read confidential diary entries, and
 * the people whose work on the case needs the review: the reviewer, the
 * samråd, the deciders and Data och analys. Never the applicant who owns
 * the case, whatever else they hold. */
int case_may_read_confidential(const request *r, const case_facts *f, const authz_object *obj)
{
    if (f->actor_is_owner) return 0;
    return authz_may(&r->subject, ACT_DIARY_READ_CONFIDENTIAL, obj) ||
           authz_may(&r->subject, ACT_CASE_REVIEW_CONFIDENTIALITY, obj) ||
           authz_may(&r->subject, ACT_CASE_RECOMMEND, obj) || authz_may(&r->subject, ACT_CASE_DECIDE_P1, obj) ||
           authz_may(&r->subject, ACT_CASE_DECIDE_P2, obj) || authz_may(&r->subject, ACT_CASE_DELIVER_P2, obj);
}

static void after_save(request *r, int64_t id, int64_t version, int send)
{
    if (send) {
        case_step st = {.event = EV_SUBMIT, .expected_version = version, .public_url = r->app->cfg->public_url};
        case_step_result out;
        dl_error e = {0};
        audit_actor who = actor_of(r);
        dl_err rc = case_transition(r->db, id, &r->subject, &who, &st, &out, &e);
        if (rc != DL_OK) {
            /* Saved, not sent: show the draft with what is missing. */
            case_rec c;
            dl_error e2 = {0};
            if (case_get(r->db, r->a, id, &c, &e2) == DL_OK) {
                case_request_problem p[REQ__MAX + 4];
                int np = case_request_check(&c.req, 1, p, REQ__MAX + 4);
                show_form(r, http_status_of(rc), tr(r, "Utkastet är sparat men inte inskickat."), id, c.version, c.org_id,
                          c.org_name, &c.req, p, np < REQ__MAX + 4 ? np : REQ__MAX + 4);
                return;
            }
            res_error_from(r, rc, &e);
            return;
        }
    }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, id));
}

void h_case_save(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    case_request req;
    request_from_form(r, c.id, &req);
    const char *variables_error = NULL;
    int variables_ok = case_variables_from_form(r, c.org_id, &req, &variables_error);
    if (r->form.n_errors || !variables_ok) {
        show_form(r, http_status_of(DL_EINVAL), r->form.n_errors ? r->form.first_error : variables_error, c.id, c.version, c.org_id,
                  c.org_name, &req, NULL, 0);
        return;
    }
    int64_t version = form_at(&r->form, REQF_VERSION)->num;
    case_request_problem p[REQ__MAX + 4];
    int np = 0;
    dl_error e = {0};
    audit_actor who = actor_of(r);
    case_upload up, *file = upload_from_form(r, &up);
    dl_err rc = case_save_draft(r->db, c.id, version, &who, &req, file, p, REQ__MAX + 4, &np, &e);
    if (rc != DL_OK) {
        show_form(r, http_status_of(rc), error_message(r, rc, &e), c.id, rc == DL_ECONFLICT ? c.version : version,
                  c.org_id, c.org_name, &req, p, np < REQ__MAX + 4 ? np : REQ__MAX + 4);
        return;
    }
    after_save(r, c.id, version + 1, (int)form_at(&r->form, REQF_SEND)->num);
}

/* What a person reads for each step's form: the inputs its row's fields
 * take (case_fields_inputs); reshow: the assessments they posted, after a
 * refused step. */
static void step_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, case_event ev, int reshow)
{
    const case_transition_rule *row = case_flow_find(c->state, ev, c->process);
    if (!row) return;
    unsigned in = case_fields_inputs(row->fields);
    int decision = row->fields == CF_DECISION;
    tmpl_set_str(x, "event", case_event_key(ev));
    tmpl_set_str(x, "label", tr(r, case_event_label_sv(ev)));
    tmpl_set_bool(x, "f_text", in & INPUT_TEXT);
    tmpl_set_bool(x, "f_text_required", (in & INPUT_TEXT_REQUIRED) || (decision && ev == EV_REFUSE));
    tmpl_set_bool(x, "f_conditions", (in & INPUT_CONDITIONS) || (decision && ev == EV_APPROVE));
    tmpl_set_bool(x, "f_counterpart", in & INPUT_COUNTERPART);
    tmpl_set_bool(x, "f_process", in & INPUT_PROCESS);
    tmpl_set_list(x, "assessments"); /* empty unless this step asks for them */
    if (in & INPUT_ASSESSMENTS) {
        samrad_texts posted = assessment_texts_from(&r->form, CEV_ASSESSMENT);
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++) {
            tmpl_ctx *o = tmpl_list_append(x, "assessments");
            if (!o) break;
            tmpl_set_str(o, "akey", samrad_assessment_key((samrad_assessment_part)p));
            tmpl_set_str(o, "alabel", tr(r, samrad_assessment_label_sv((samrad_assessment_part)p)));
            tmpl_set_str(o, "avalue", reshow ? samrad_texts_get(&posted, (samrad_assessment_part)p) : "");
        }
    }
    tmpl_set_list(x, "checks");
    if (in & INPUT_PROCESS)
        for (int k = 0; k < CASE_CHECK__MAX; k++) {
            tmpl_ctx *o = tmpl_list_append(x, "checks");
            if (!o) break;
            tmpl_set_str(o, "ckey", case_check_keys[k]);
            tmpl_set_str(o, "clabel", tr(r, case_check_labels_sv[k]));
        }
    tmpl_set_bool(x, "suggest_1", case_suggest_process(strcmp(c->target_kind, "vardenhet") == 0 ? 1 : 0,
                                                       strcmp(c->target_kind, "vardenhet") != 0,
                                                       strcmp(c->req.v[REQ_CONTACTS_PATIENTS], "1") == 0) == PROCESS_1);
    /* Process 2's recommendation opens the units' round: they answer by a day. */
    tmpl_set_bool(x, "f_deadline", row->fields == CF_RECOMMENDATION && row->to == CASE_UNIT_CONSULTATION);
    tmpl_set_bool(x, "f_unit", in & INPUT_UNIT);
    tmpl_set_bool(x, "f_partial", decision && ev == EV_APPROVE);
    if (decision && ev == EV_APPROVE) {
        /* The terms start from what the request asked for in dictionary keys. */
        release_terms asked, posted;
        release_terms_default(&asked, c->req.v[REQ_VARIABLES]);
        dl_error ignored;
        int reposted = reshow && form_at(&r->form, CEV_TERMS)->num &&
                       release_terms_parse_variables(&posted, form_at(&r->form, CEV_RELEASE_VARIABLES)->text, 1,
                                                     &ignored) == DL_OK;
        tmpl_set_bool(x, "f_terms", 1);
        tmpl_set_list(x, "release_vars");
        for (int i = 0; i < asked.n_variables; i++) {
            tmpl_ctx *o = tmpl_list_append(x, "release_vars");
            if (!o) break;
            const source_table *st = &source_tables[asked.variables[i].table];
            const source_column *col = &st->columns[asked.variables[i].column];
            tmpl_set_str(o, "vkey", arena_printf(r->a, "%s.%s", st->name, col->name));
            tmpl_set_str(o, "vlabel", arena_printf(r->a, "%s: %s", tr(r, st->label_sv), tr(r, col->label_sv)));
            tmpl_set_bool(o, "vchecked", !reposted || release_terms_has(&posted, asked.variables[i].table,
                                                                        asked.variables[i].column));
        }
        tmpl_set_bool(x, "contacts_patients", strcmp(c->req.v[REQ_CONTACTS_PATIENTS], "1") == 0);
    }
    tmpl_set_bool(x, "f_delivery", in & INPUT_DELIVERY);
    tmpl_set_bool(x, "f_estimate", in & INPUT_ESTIMATE);
    tmpl_set_bool(x, "f_assignee", in & INPUT_ASSIGNEE);
    tmpl_set_bool(x, "danger", ev == EV_WITHDRAW || ev == EV_REFUSE || ev == EV_RECOMMEND_REFUSAL);
    if (in & INPUT_ASSIGNEE) {
        case_person *people = arena_alloc(r->a, sizeof *people * CASE_PAGE_MAX);
        int n = 0;
        dl_error e = {0};
        tmpl_set_list(x, "people");
        if (people && case_assignee_candidates(r->db, r->a, c, people, &n, &e) == DL_OK)
            for (int i = 0; i < n; i++) {
                tmpl_ctx *o = tmpl_list_append(x, "people");
                if (!o) break;
                tmpl_set_int(o, "pid", people[i].id);
                tmpl_set_str(o, "pname", people[i].display_name);
            }
    }
}

static void show_case(request *r, int status, const char *error, const case_rec *c, const case_facts *f,
                      const authz_object *obj, int posted_step)
{
    if (c->state == CASE_DRAFT && f->actor_is_owner && !error) {
        show_form(r, status, NULL, c->id, c->version, c->org_id, c->org_name, &c->req, NULL, 0);
        return;
    }
    tmpl_ctx *x = page_ctx(r);
    if (!x) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(x, "error", error ? error : "");
    /* After a refused step, what the person wrote is shown again: nothing typed is lost. */
    if (error && posted_step) {
        tmpl_set_str(x, "your_text", form_at(&r->form, CEV_TEXT)->text);
        tmpl_set_str(x, "your_conditions", form_at(&r->form, CEV_CONDITIONS)->text);
    }
    fill_case_row(r, x, c);
    tmpl_set_int(x, "version", c->version);
    tmpl_set_str(x, "owner_name", c->owner_name);
    tmpl_set_str(x, "decision", c->decision_outcome);
    tmpl_set_str(x, "deadline", c->consultation_deadline);
    tmpl_set_str(x, "assignee_name", c->assignee_name);
    /* The one who may register the delivery runs the extraction behind it. */
    tmpl_set_bool(x, "may_extract", case_may(&r->subject, obj, f, EV_REGISTER_DELIVERY, NULL, NULL) == CASE_OK);
    attachments_to_ctx(r, x, c->id);
    tmpl_set_list(x, "request");
    for (int fi = 0; fi < REQ__MAX; fi++) {
        tmpl_ctx *row = tmpl_list_append(x, "request");
        if (!row) break;
        tmpl_set_str(row, "label", tr(r, case_request_fields[fi].label_sv));
        const char *v = c->req.v[fi];
        if (fi == REQ_TARGET_NODE) v = c->target_name;
        else if (case_request_fields[fi].kind == RK_BOOL) v = strcmp(v, "1") == 0 ? tr(r, "Ja") : tr(r, "Nej");
        else if (fi == REQ_LEGAL_BASIS || fi == REQ_DELIVERY) {
            const char *const *keys = fi == REQ_LEGAL_BASIS ? legal_basis_keys : delivery_keys;
            for (int k = 0; keys[k]; k++)
                if (strcmp(v, keys[k]) == 0)
                    v = tr(r, fi == REQ_LEGAL_BASIS ? legal_basis_label_sv((legal_basis)k) : delivery_label_sv((delivery_method)k));
        }
        tmpl_set_str(row, "value", v);
    }
    dl_error e = {0};
    int n = 0;
    case_history_rec *h = arena_alloc(r->a, sizeof *h * CASE_PAGE_MAX);
    tmpl_set_list(x, "history");
    if (h && case_history(r->db, r->a, c->id, h, &n, &e) == DL_OK)
        for (int i = 0; i < n; i++) {
            tmpl_ctx *row = tmpl_list_append(x, "history");
            if (!row) break;
            case_event ev;
            case_state to;
            tmpl_set_str(row, "at", local_time(r, h[i].at));
            tmpl_set_str(row, "actor", h[i].actor_name);
            tmpl_set_str(row, "what", case_event_from_key(h[i].event, &ev) == 0 ? tr(r, case_event_label_sv(ev)) : h[i].event);
            tmpl_set_str(row, "to", case_state_from_key(h[i].to_state, &to) == 0 ? tr(r, case_state_label_sv(to)) : h[i].to_state);
        }
    if (h) case_times_to_ctx(r, x, c, h, n);
    case_document_rec *docs = arena_alloc(r->a, sizeof *docs * CASE_PAGE_MAX);
    int may_conf = case_may_read_confidential(r, f, obj);
    tmpl_set_list(x, "documents");
    if (docs && case_documents(r->db, r->a, c->id, docs, &n, &e) == DL_OK)
        for (int i = 0; i < n; i++) {
            tmpl_ctx *row = tmpl_list_append(x, "documents");
            if (!row) break;
            case_doc kind = DOC_NONE;
            for (int k = 0; k < CASE_DOC__MAX; k++)
                if (strcmp(case_doc_key((case_doc)k), docs[i].kind) == 0) kind = (case_doc)k;
            tmpl_set_int(row, "doc_id", docs[i].id);
            tmpl_set_str(row, "doc_label", tr(r, case_doc_label_sv(kind)));
            tmpl_set_str(row, "doc_number", docs[i].diary_number);
            tmpl_set_int(row, "doc_entry", docs[i].diary_entry_id);
            tmpl_set_str(row, "doc_at", local_time(r, docs[i].created_at));
            tmpl_set_str(row, "doc_direction", tr(r, diary_direction_label_sv(case_doc_direction(kind))));
            int hidden = docs[i].confidential && !may_conf;
            tmpl_set_bool(row, "doc_confidential", docs[i].confidential);
            tmpl_set_bool(row, "doc_hidden", hidden);
            tmpl_set_str(row, "doc_body", hidden ? "" : docs[i].body);
            tmpl_set_str(row, "doc_disposed", *docs[i].disposed_at ? local_time(r, docs[i].disposed_at) : "");
        }
    case_unit_rec *units = arena_alloc(r->a, sizeof *units * CASE_PAGE_MAX);
    if (units && case_units(r->db, r->a, c->id, units, &n, &e) == DL_OK) {
        tmpl_set_bool(x, "has_units", n > 0);
        int answerable = 0;
        tmpl_set_list(x, "units");
        for (int i = 0; i < n; i++) {
            tmpl_ctx *row = tmpl_list_append(x, "units");
            if (!row) break;
            tmpl_set_int(row, "unit_id", units[i].node_id);
            tmpl_set_str(row, "unit_name", units[i].name);
            tmpl_set_str(row, "unit_answer", strcmp(units[i].answer, "accept") == 0 ? tr(r, "Medger") :
                                             strcmp(units[i].answer, "refuse") == 0 ? tr(r, "Nekar") : tr(r, "Inte svarat"));
            tmpl_set_bool(row, "unit_refused", strcmp(units[i].answer, "refuse") == 0);
            tmpl_set_str(row, "unit_reason", units[i].reason);
            /* A unit's chief answers for their own units only. */
            authz_object uo = {.node_path = units[i].path, .state = -1};
            int may = c->state == CASE_UNIT_CONSULTATION && strcmp(units[i].answer, "pending") == 0 &&
                      authz_may(&r->subject, ACT_CASE_UNIT_ANSWER, &uo);
            tmpl_set_bool(row, "unit_may_answer", may);
            answerable |= may;
        }
        /* The "Svara" column only when the viewer may answer for a unit. */
        tmpl_set_bool(x, "units_answerable", answerable);
    }
    case_event evs[CASE_EVENT__MAX];
    int ne = case_events_allowed(&r->subject, obj, f, evs);
    int shown = 0;
    tmpl_set_list(x, "steps");
    for (int i = 0; i < ne; i++) {
        if (evs[i] == EV_UNIT_ANSWER) continue; /* answered per unit, in the units table */
        tmpl_ctx *s = tmpl_list_append(x, "steps");
        if (!s) break;
        step_to_ctx(r, s, c, evs[i], error && posted_step);
        shown++;
    }
    tmpl_set_bool(x, "has_steps", shown > 0);
    case_thread_to_ctx(r, x, c, f, obj);
    case_collab_to_ctx(r, x, c, f, obj);   /* claim and internal notes: staff only (case_collab.c) */
    case_followup_to_ctx(r, x, c, f, obj); /* form version, copy, field difference (case_copy.c) */
    res_page(r, status, "case.html", "Ärende", x);
}

void case_page_error(request *r, int status, const char *error, const case_rec *c, const case_facts *f,
                     const authz_object *obj)
{
    show_case(r, status, error, c, f, obj, 0);
}

void h_case(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (case_load_visible(r, &c, &f, &obj)) show_case(r, 200, NULL, &c, &f, &obj, 0);
}

/* The completeness points ticked on the accept_complete form. */
static unsigned checklist_from_form(const form_value *const *v)
{
    unsigned bits = 0;
    for (int k = 0; k < CASE_CHECK__MAX; k++)
        if (v[CEV_CHECK_APPLICANT + k]->num) bits |= 1u << k;
    return bits;
}

/* An approval's terms from its form; NULL when the form has none (an older
 * client: the store then takes the request's variables). A variable list
 * that does not parse is an error in e. */
static const release_terms *terms_from_form(const form_value *const *v, release_terms *t, dl_error *e, int *bad)
{
    *bad = 0;
    if (!v[CEV_TERMS]->num) return NULL;
    release_terms_default(t, "");
    const char *keys = v[CEV_RELEASE_VARIABLES]->text ? v[CEV_RELEASE_VARIABLES]->text : "";
    if (release_terms_parse_variables(t, keys, 0, e) != DL_OK) { *bad = 1; return NULL; }
    t->dates = v[CEV_DATE_PRECISION]->text ? (date_precision)v[CEV_DATE_PRECISION]->num : DATE_DAY;
    t->small_cell_min = (int)v[CEV_SMALL_CELL]->num;
    t->age_min = v[CEV_AGE_MIN]->text ? (int)v[CEV_AGE_MIN]->num : -1;
    t->age_max = v[CEV_AGE_MAX]->text ? (int)v[CEV_AGE_MAX]->num : -1;
    t->pseudonymise = !(v[CEV_IDENTITY]->text && v[CEV_IDENTITY]->num == 1);
    if (v[CEV_DESTROY_BY]->text) snprintf(t->destroy_by, sizeof t->destroy_by, "%s", v[CEV_DESTROY_BY]->text);
    return t;
}

int case_step_from_form(request *r, case_event ev, case_step *st, release_terms *terms, const char **problem)
{
    *problem = NULL;
    if (r->form.n_errors) { *problem = r->form.first_error; return 0; }
    const form_value *v[CEV__MAX];
    for (size_t k = 0; k < CEV__MAX; k++) v[k] = form_at(&r->form, k);
    dl_error terms_error;
    int terms_bad = 0;
    const release_terms *tp = ev == EV_APPROVE ? terms_from_form(v, terms, &terms_error, &terms_bad) : NULL;
    if (terms_bad) { *problem = error_message(r, DL_EINVAL, &terms_error); return 0; }
    *st = (case_step){
        .event = ev,
        .expected_version = v[CEV_VERSION]->num,
        .text = v[CEV_TEXT]->text,
        .assessments = assessment_texts_from(&r->form, CEV_ASSESSMENT),
        .conditions = v[CEV_CONDITIONS]->text,
        .counterpart = v[CEV_COUNTERPART]->text,
        .process = v[CEV_PROCESS]->text ? (int)v[CEV_PROCESS]->num + 1 : 0,
        .unit_node_id = v[CEV_UNIT]->num,
        .unit_refuses = (int)v[CEV_REFUSES]->num,
        .deadline = v[CEV_DEADLINE]->text,
        .assignee_user_id = v[CEV_ASSIGNEE]->num,
        .delivery_method = v[CEV_DELIVERY]->text,
        .partial = (int)v[CEV_PARTIAL]->num,
        .terms = tp,
        .checklist = checklist_from_form(v),
        .public_url = r->app->cfg->public_url,
        .hours = v[CEV_HOURS]->text,
    };
    return 1;
}

void h_case_event(request *r)
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
    if (!case_step_from_form(r, ev, &st, &terms, &problem)) { show_case(r, http_status_of(DL_EINVAL), problem, &c, &f, &obj, 1); return; }
    case_step_result out;
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_transition(r->db, c.id, &r->subject, &who, &st, &out, &e);
    if (rc != DL_OK) {
        /* Show the case as it is now, with the sentence and what they wrote. */
        dl_error e2 = {0};
        if (case_get(r->db, r->a, c.id, &c, &e2) == DL_OK &&
            case_facts_for(r->db, r->a, &c, r->user_id, &f, &obj, &e2) == DL_OK) {
            show_case(r, http_status_of(rc), error_message(r, rc, &e), &c, &f, &obj, 1);
            return;
        }
        res_error_from(r, rc, &e);
        return;
    }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, c.id));
}
