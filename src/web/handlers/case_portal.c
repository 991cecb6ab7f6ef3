/* case_portal.c — the applicant's portal: "Mina ärenden" (/mina-arenden),
 * each case with its state in plain words, what happens next, who has it
 * (a role, never a person) and the typical time for that step at the
 * organisation (core/case_portal.h over store/case_messages.h); the cases
 * the viewer is a project member of; and the message thread of a case — on
 * the case page (case_thread_to_ctx), posted to /cases/{id}/messages, and
 * in the JSON API (/api/v1/cases/{id}/messages), with the page's checks:
 * whoever sees the case reads the thread; the owner writes as the
 * applicant, staff with the intake role at the case (coordinators,
 * registrars) as the organisation. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_portal_fields.h"
#include "web/handlers/case_web.h"
#include "web/app.h"
#include "core/case_portal.h"
#include "store/case_members.h"
#include "store/case_messages.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Who writes in the thread: 1 the applicant (the owner), 2 the organisation
 * (the intake role at the case: coordinators, registrars), 0 nobody else. */
static int message_side(const request *r, const case_facts *f, const authz_object *obj)
{
    if (f->actor_is_owner) return 1;
    return authz_may(&r->subject, ACT_CASE_INTAKE, obj) ? 2 : 0;
}

#define NOT_WRITER "Bara sökanden och organisationens samordnare och registratorer skriver i ärendets meddelanden."

/* The typical time of state s into c (the template words it): none for a
 * closed case, "no data yet", under a day, or about N days over M stays. */
static void typical_to_ctx(tmpl_ctx *c, const int64_t *median, const int *count, case_state s)
{
    int shown = case_state_is_open(s) && s != CASE_DRAFT;
    int64_t days = shown && count[s] ? case_span_days(median[s]) : 0;
    tmpl_set_bool(c, "typ_shown", shown);
    tmpl_set_bool(c, "typ_none", shown && count[s] == 0);
    tmpl_set_bool(c, "typ_under_day", shown && count[s] > 0 && days == 0);
    tmpl_set_int(c, "typ_days", days);
    tmpl_set_int(c, "typ_count", shown ? count[s] : 0);
}

/* The organisation or unit where the case's holder sits ("" for none). */
static const char *holder_unit(const case_rec *c)
{
    switch (case_state_holder_place(c->state)) {
    case HOLDER_ORGANISATION: return c->org_name;
    case HOLDER_TARGET: return c->target_name && *c->target_name ? c->target_name : c->org_name;
    default: return "";
    }
}

/* The portal's facts of one case into row: state, next, holder, typical time. */
static void portal_row(request *r, tmpl_ctx *row, const case_rec *c, const int64_t *median, const int *count)
{
    tmpl_set_int(row, "id", c->id);
    tmpl_set_str(row, "number", *c->diary_number ? c->diary_number : tr(r, "(ej registrerad)"));
    tmpl_set_str(row, "title", c->req.v[REQ_TITLE] && *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : tr(r, "(utan titel)"));
    tmpl_set_str(row, "state_key", case_state_key(c->state));
    tmpl_set_str(row, "state_label", tr(r, case_state_label_sv(c->state)));
    tmpl_set_str(row, "next", tr(r, case_state_next_sv(c->state)));
    tmpl_set_str(row, "holder", tr(r, case_state_holder_sv(c->state)));
    tmpl_set_str(row, "holder_unit", holder_unit(c));
    typical_to_ctx(row, median, count, c->state);
    tmpl_set_str(row, "org_name", c->org_name);
    tmpl_set_str(row, "updated", local_time(r, c->updated_at));
}

/* The typical times of org, read once per organisation a page shows. */
#define PORTAL_ORGS 8
typedef struct typical_cache {
    int n;
    int64_t org[PORTAL_ORGS];
    int64_t median[PORTAL_ORGS][CASE_STATE__MAX];
    int count[PORTAL_ORGS][CASE_STATE__MAX];
} typical_cache;

static int typical_of(request *r, typical_cache *tc, int64_t org, int64_t **median, int **count)
{
    int i = 0;
    while (i < tc->n && tc->org[i] != org) i++;
    if (i == tc->n) {
        if (tc->n == PORTAL_ORGS) i = PORTAL_ORGS - 1; /* more organisations than that: the last slot is reused */
        else tc->n++;
        dl_error e = {0};
        if (case_typical_times(r->db, org, tc->median[i], tc->count[i], &e) != DL_OK) return 0;
        tc->org[i] = org;
    }
    *median = tc->median[i];
    *count = tc->count[i];
    return 1;
}

void h_portal(request *r)
{
    tmpl_ctx *x = page_ctx(r);
    typical_cache *tc = arena_alloc(r->a, sizeof *tc);
    case_rec *rows = arena_alloc(r->a, sizeof *rows * CASE_LIST_PAGE);
    if (!x || !tc || !rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    memset(tc, 0, sizeof *tc);
    int64_t page = query_at(r, PORTAL_Q_PAGE)->text ? query_at(r, PORTAL_Q_PAGE)->num : 1, total = 0;
    /* the enum's index in portal_shows; "alla" when not given */
    int show = query_at(r, PORTAL_Q_SHOW)->text ? (int)query_at(r, PORTAL_Q_SHOW)->num : PORTAL_SHOW_ALL;
    static const int state_of_show[] = {[PORTAL_SHOW_ALL] = -1, [PORTAL_SHOW_OPEN] = -2, [PORTAL_SHOW_CLOSED] = -3};
    case_filter mine = {.owner_user_id = r->user_id, .state = state_of_show[show], .limit = CASE_LIST_PAGE,
                        .offset = (int)((page - 1) * CASE_LIST_PAGE)};
    tmpl_set_str(x, "show", portal_shows[show]);
    tmpl_set_list(x, "shows");
    for (int i = 0; portal_shows[i]; i++) {
        static const char *const labels[] = {"Alla", "Pågående", "Avslutade"};
        tmpl_ctx *o = tmpl_list_append(x, "shows");
        if (!o) break;
        tmpl_set_str(o, "key", portal_shows[i]);
        tmpl_set_str(o, "label", tr(r, labels[i]));
        tmpl_set_bool(o, "current", i == show);
    }
    int n = 0;
    dl_error e = {0};
    dl_err rc = r->user_id ? case_list(r->db, r->a, &mine, rows, &n, &total, &e) : DL_OK;
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    tmpl_set_list(x, "cases");
    for (int i = 0; i < n; i++) {
        int64_t *median;
        int *count;
        if (!typical_of(r, tc, rows[i].org_id, &median, &count)) {
            res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
            return;
        }
        portal_row(r, tmpl_list_append(x, "cases"), &rows[i], median, count);
    }
    tmpl_set_bool(x, "has_cases", n > 0);
    tmpl_set_bool(x, "filtered", show != PORTAL_SHOW_ALL);
    pager_to_ctx(x, "", page, total, CASE_LIST_PAGE);
    /* The projects the viewer is a member of (not their own). */
    int64_t ids[CASE_LIST_PAGE];
    int m = 0;
    rc = r->user_id ? case_member_cases(r->db, r->user_id, ids, CASE_LIST_PAGE, &m, &e) : DL_OK;
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    int shown = 0;
    tmpl_set_list(x, "projects");
    for (int i = 0; i < m; i++) {
        case_rec c;
        int64_t *median;
        int *count;
        if (case_get(r->db, r->a, ids[i], &c, &e) != DL_OK || !typical_of(r, tc, c.org_id, &median, &count)) continue;
        portal_row(r, tmpl_list_append(x, "projects"), &c, median, count);
        shown++;
    }
    tmpl_set_bool(x, "has_projects", shown > 0);
    res_page(r, 200, "portal.html", "Mina ärenden", x);
}

void case_thread_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj)
{
    int side = message_side(r, f, obj);
    tmpl_set_bool(x, "may_write", side != 0 && c->state != CASE_DRAFT);
    /* After a refused message (h_case_message) the text is kept in the form. */
    tmpl_set_str(x, "msg_draft", "");
    if (r->method == HTTP_POST && r->form.n > MSG_BODY && strcmp(r->form.values[MSG_BODY].name, "body") == 0)
        tmpl_set_str(x, "msg_draft", r->form.values[MSG_BODY].text);
    tmpl_set_bool(x, "writes_as_applicant", side == 1);
    /* What the applicant's portal says, on the case page too: for the
     * applicant and the project members (staff have the queue's figures). */
    int64_t median[CASE_STATE__MAX];
    int count[CASE_STATE__MAX];
    dl_error e = {0};
    int applicant_side = f->actor_is_owner || !authz_may(&r->subject, ACT_CASE_QUEUE, obj);
    tmpl_set_list(x, "portal"); /* one row for the applicant's side, none for staff */
    tmpl_ctx *p = applicant_side ? tmpl_list_append(x, "portal") : NULL;
    if (p && case_typical_times(r->db, c->org_id, median, count, &e) == DL_OK) {
        tmpl_set_str(p, "next", tr(r, case_state_next_sv(c->state)));
        tmpl_set_str(p, "holder", tr(r, case_state_holder_sv(c->state)));
        tmpl_set_str(p, "holder_unit", holder_unit(c));
        typical_to_ctx(p, median, count, c->state);
    }
    case_message_rec *m = arena_alloc(r->a, sizeof *m * CASE_THREAD_MAX);
    int n = 0;
    if (m && case_messages(r->db, r->a, c->id, m, CASE_THREAD_MAX, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(x, "messages");
    for (int i = 0; m && i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(x, "messages");
        if (!row) break;
        int staff = strcmp(m[i].side, "staff") == 0;
        tmpl_set_str(row, "msg_at", local_time(r, m[i].at));
        tmpl_set_str(row, "msg_author", m[i].author_name);
        tmpl_set_str(row, "msg_side", staff ? tr(r, "organisationen") : tr(r, "sökanden"));
        tmpl_set_bool(row, "msg_staff", staff);
        tmpl_set_str(row, "msg_body", m[i].body);
        tmpl_set_str(row, "msg_number", m[i].document_number);
        tmpl_set_int(row, "msg_att", m[i].attachment_id);
        tmpl_set_str(row, "msg_att_name", m[i].attachment_name);
    }
    tmpl_set_bool(x, "has_messages", n > 0);
    case_members_to_ctx(r, x, c, f, obj);
}

/* The posted message, checked and stored: DL_OK, or the refusal with its
 * sentence in *why (the caller answers). */
static dl_err post_message(request *r, const case_rec *c, int side, const char *body, int completion,
                           const case_upload *file, int64_t *id, char number[DIARY_NUMBER_MAX], const char **why)
{
    if (!side) { *why = NOT_WRITER; return DL_EDENIED; }
    case_message_in in = {.case_id = c->id, .staff = side == 2, .body = body, .is_completion = completion,
                          .file = file, .public_url = r->app->cfg->public_url, .author_name = r->display_name};
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_message_post(r->db, &r->subject, &who, &in, id, number, &e);
    if (rc != DL_OK) *why = error_message(r, rc, &e);
    return rc;
}

void h_case_message(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    int side = message_side(r, &f, &obj);
    if (!side) { res_error(r, DL_EDENIED, NOT_WRITER); return; }
    /* A refused message: the case page again, the sentence on top, the text kept. */
    if (r->form.n_errors) { case_page_error(r, http_status_of(DL_EINVAL), r->form.first_error, &c, &f, &obj); return; }
    const form_value *fv = form_at(&r->form, MSG_FILE);
    case_upload up = {.kind = "message", .filename = fv->text, .data = fv->data, .len = fv->data_len};
    int64_t id = 0;
    char number[DIARY_NUMBER_MAX];
    const char *why = NULL;
    dl_err rc = post_message(r, &c, side, form_at(&r->form, MSG_BODY)->text, (int)form_at(&r->form, MSG_COMPLETION)->num,
                             fv->text && *fv->text && fv->data_len ? &up : NULL, &id, number, &why);
    if (rc == DL_EINVAL || rc == DL_ECONFLICT) { case_page_error(r, http_status_of(rc), why, &c, &f, &obj); return; }
    if (rc != DL_OK) { res_error(r, rc, why); return; }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64 "#meddelanden", c.id));
}

/* ---- the JSON API ---------------------------------------------------------- */

static void send_json(request *r, int status, json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!text) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_json(r, status, text);
    free(text);
}

static void send_thread(request *r, int status, const case_rec *c, int side, int64_t new_id, const char *number)
{
    case_message_rec *m = arena_alloc(r->a, sizeof *m * CASE_THREAD_MAX);
    int n = 0;
    dl_error e = {0};
    dl_err rc = m ? case_messages(r->db, r->a, c->id, m, CASE_THREAD_MAX, &n, &e) : DL_ENOMEM;
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    json_t *items = json_array();
    for (int i = 0; items && i < n; i++) {
        json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)m[i].id, "at", m[i].at, "author",
                               m[i].author_name, "side", m[i].side, "body", m[i].body);
        if (!it) continue;
        json_object_set_new(it, "registered_as", *m[i].document_number ? json_string(m[i].document_number) : json_null());
        json_object_set_new(it, "attachment", m[i].attachment_id ? json_integer(m[i].attachment_id) : json_null());
        json_array_append_new(items, it);
    }
    json_t *doc = json_pack("{s:I, s:b, s:o}", "case", (json_int_t)c->id, "may_write",
                            side != 0 && c->state != CASE_DRAFT, "items", items);
    if (doc && new_id) {
        json_object_set_new(doc, "created", json_integer(new_id));
        json_object_set_new(doc, "registered_as", number && *number ? json_string(number) : json_null());
    }
    send_json(r, status, doc);
}

void h_api_case_messages(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (case_load_visible(r, &c, &f, &obj)) send_thread(r, 200, &c, message_side(r, &f, &obj), 0, NULL);
}

void h_api_case_message_post(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    int side = message_side(r, &f, &obj);
    int64_t id = 0;
    char number[DIARY_NUMBER_MAX];
    const char *why = NULL;
    dl_err rc = post_message(r, &c, side, form_at(&r->form, MSG_API_BODY)->text,
                             (int)form_at(&r->form, MSG_API_COMPLETION)->num, NULL, &id, number, &why);
    if (rc != DL_OK) { res_error(r, rc, why); return; }
    send_thread(r, 201, &c, side, id, number);
}
