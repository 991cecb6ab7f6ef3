/* case_files.c — what a case offers besides its page: the organisation's
 * public process page, the request form as a PDF (empty, for those who
 * send paper, and filled), and the attached files. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_fields.h"
#include "web/app.h"
#include "report/doc_pdf.h"
#include "report/request_form.h"
#include "store/case_attachments.h"
#include "store/cases.h"
#include "store/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The organisation's public page about its process: the steps, the two
 * paths, the lead times of decided cases, what the form asks, contacts. */
void h_process(request *r)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    org_node_rec o;
    dl_err rc = id ? org_get(r->db, r->a, id, &o, &e) : DL_ENOTFOUND;
    if (rc != DL_OK || o.parent_id != 0) {
        res_lookup_failed(r, rc, &e, "Det finns ingen sådan organisation.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "org_id", o.id);
    tmpl_set_str(c, "org_name", o.name);
    case_lead_time t[3];
    rc = case_lead_times(r->db, o.id, t, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    static const char *const labels[3] = {"Alla", "Process 1", "Process 2"};
    tmpl_set_list(c, "times");
    for (int p = 0; p < 3; p++) {
        if (!t[p].n) continue;
        tmpl_ctx *x = tmpl_list_append(c, "times");
        if (!x) break;
        tmpl_set_str(x, "label", tr(r, labels[p]));
        tmpl_set_int(x, "n", t[p].n);
        tmpl_set_str(x, "median", arena_printf(r->a, "%.0f", t[p].median_days));
        tmpl_set_str(x, "p90", arena_printf(r->a, "%.0f", t[p].p90_days));
    }
    tmpl_set_bool(c, "has_times", t[0].n > 0);
    tmpl_set_list(c, "needs");
    for (int f = 0; f < REQ__MAX; f++) {
        if (!case_request_fields[f].needed_to_send) continue;
        tmpl_ctx *x = tmpl_list_append(c, "needs");
        if (x) tmpl_set_str(x, "label", tr(r, case_request_fields[f].label_sv));
    }
    case_contact people[8];
    int n = 0;
    tmpl_set_list(c, "contacts");
    if (case_contacts(r->db, r->a, o.id, people, 8, &n, &e) == DL_OK)
        for (int i = 0; i < n; i++) {
            tmpl_ctx *x = tmpl_list_append(c, "contacts");
            if (!x) break;
            dl_role role;
            tmpl_set_str(x, "name", people[i].name);
            tmpl_set_str(x, "email", people[i].email);
            tmpl_set_str(x, "role", role_from_key(people[i].role, &role) == 0 ? tr(r, role_label_sv(role)) : people[i].role);
        }
    res_page(r, 200, "process.html", "Utlämnande av uppgifter för forskning", c);
}

void send_attachment_bytes(request *r, const case_attachment_rec *rec, const unsigned char *data, size_t len)
{
    response *res = &r->res;
    res->status = 200;
    res->content_type = "application/pdf";
    sb_free(&res->body);
    sb_init(&res->body, len + 1);
    sb_append(&res->body, (const char *)data, len);
    /* the stored name is safe (no quotes, no control characters, no path) */
    res_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", rec->filename));
    res_header(r, "X-Content-SHA256", rec->sha256);
}

/* GET /cases/{id}/attachments/{att}: the file to those who may see the
 * case: the redacted version where there is one (case_redaction.c); 410
 * once it was disposed of under the retention schedule. */
void h_case_attachment(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    int64_t att = req_param_id(r, 1);
    case_attachment_rec rec;
    memset(&rec, 0, sizeof rec);
    const unsigned char *data = NULL;
    size_t len = 0;
    dl_error e = {0};
    dl_err rc = att ? case_attachment_read(r->db, r->a, c.id, att, &rec, &data, &len, &e) : DL_ENOTFOUND;
    if (rc != DL_OK) { res_lookup_failed(r, rc, &e, "Ärendet har ingen sådan bilaga."); return; }
    send_attachment_bytes(r, &rec, data, len);
}


/* The request form as a PDF for those who send paper: empty at
 * /cases/form.pdf?org=N (public), filled at /cases/{id}/pdf (who sees the case). */
static void send_request_form(request *r, const char *org_name, const case_rec *c)
{
    request_form_words w = {
        .title = tr(r, "Ansökan om uppgifter för forskning"),
        .intro = c ? NULL : tr(r, "Fyll i blanketten och skicka den till organisationens myndighetsbrevlåda, "
                                  "eller ansök i datalots. Fält märkta med * behövs. Bifoga Etikprövningsmyndighetens beslut."),
        .org_label = tr(r, "Organisation"),
        .number_label = tr(r, "Diarienummer"),
        .needed_mark = "*",
        .page = tr(r, "Sida"),
        .of = tr(r, "av"),
        .footer = c && *c->diary_number ? c->diary_number : tr(r, "Ansökan om uppgifter för forskning"),
        .col_field = tr(r, "Uppgift"),
        .col_value = tr(r, "Svar"),
        .signature_name = tr(r, "Namnteckning"),
        .signature_title = tr(r, "Namnförtydligande"),
        .date = tr(r, "Datum"),
        .org_name = org_name,
        .diary_number = c ? c->diary_number : "",
    };
    for (int k = 0; k < REQUEST_FORM_SECTIONS; k++) w.sections_title[k] = tr(r, request_form_legends_sv[k]);
    for (int f = 0; f < REQ__MAX; f++) {
        w.labels[f] = tr(r, case_request_fields[f].label_sv);
        if (!c) continue;
        const char *v = c->req.v[f];
        if (f == REQ_TARGET_NODE) v = c->target_name;
        else if (case_request_fields[f].kind == RK_BOOL) v = strcmp(v, "1") == 0 ? tr(r, "Ja") : tr(r, "Nej");
        else if (f == REQ_LEGAL_BASIS || f == REQ_DELIVERY) {
            const char *const *keys = f == REQ_LEGAL_BASIS ? legal_basis_keys : delivery_keys;
            for (int k = 0; keys[k]; k++)
                if (strcmp(v, keys[k]) == 0)
                    v = tr(r, f == REQ_LEGAL_BASIS ? legal_basis_label_sv((legal_basis)k) : delivery_label_sv((delivery_method)k));
        }
        w.values[f] = v;
    }
    doc *d = doc_new(r->a);
    dl_error e = {0};
    dl_err rc = d ? doc_set_lang(d, r->lang == LANG_EN ? "en" : "sv") : DL_ENOMEM;
    if (rc == DL_OK) rc = request_form_build(d, &w, &e);
    strbuf pdf;
    sb_init(&pdf, 65536);
    pdf.limit = 8u << 20;
    if (rc == DL_OK) rc = doc_pdf_render(d, &(doc_pdf_opts){.author = org_name}, &pdf, NULL, &e);
    if (rc != DL_OK) {
        sb_free(&pdf);
        fprintf(stderr, "request form: %s\n", e.msg);
        res_error(r, DL_EINTERNAL, "Handlingen kunde inte ställas upp.");
        return;
    }
    res_header(r, "Content-Disposition", c ? arena_printf(r->a, "inline; filename=\"ansokan-%" PRId64 ".pdf\"", c->id)
                                           : "inline; filename=\"ansokan-blankett.pdf\"");
    r->res.status = 200;
    r->res.content_type = "application/pdf";
    sb_free(&r->res.body);
    r->res.body = pdf;
}

void h_request_form_pdf(request *r)
{
    int64_t org_id = query_at(r, CASE_NEW_Q_ORG)->text ? query_at(r, CASE_NEW_Q_ORG)->num : 0;
    dl_error e = {0};
    org_node_rec o;
    dl_err rc = org_id > 0 ? org_get(r->db, r->a, org_id, &o, &e) : DL_ENOTFOUND;
    if (rc != DL_OK || o.parent_id != 0) {
        res_lookup_failed(r, rc, &e, "Det finns ingen sådan organisation.");
        return;
    }
    send_request_form(r, o.name, NULL);
}

void h_case_pdf(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (case_load_visible(r, &c, &f, &obj)) send_request_form(r, c.org_name, &c);
}
