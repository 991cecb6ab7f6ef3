/* case_redaction.c — one attachment of a case and its redaction:
 * GET  /cases/{id}/attachments/{att}/maskering  the attachment, its redaction
 *      (who, when, why) and, for the registrar and the confidentiality
 *      reviewer (ACT_CASE_REDACT), the form that puts a redacted PDF in
 *      place of the original;
 * POST the same address: the redaction (store/case_redaction.h);
 * GET  /cases/{id}/attachments/{att}/original   the original, for those who
 *      may read the registry's confidential parts (ACT_DIARY_READ_CONFIDENTIAL),
 *      never the applicant; every read audited.
 * The applicant and every other role get the redacted version from
 * /cases/{id}/attachments/{att} (case_files.c). */
#include "web/handlers/handlers.h"
#include "web/handlers/case_redaction_fields.h"
#include "web/app.h"
#include "store/case_attachments.h"
#include "store/cases.h"

#include <inttypes.h>
#include <string.h>

static int may_redact(request *r, const authz_object *obj) { return authz_may(&r->subject, ACT_CASE_REDACT, obj); }

/* Staff who may read the original: the registry's readers, never the applicant. */
static int may_read_original(request *r, const case_facts *f, const authz_object *obj)
{
    return !f->actor_is_owner && authz_may(&r->subject, ACT_DIARY_READ_CONFIDENTIAL, obj);
}

/* The attachment of the case in the address, or 0 after answering 404. */
static int load_attachment(request *r, const case_rec *c, case_attachment_rec *out)
{
    case_attachment_rec *all = arena_alloc(r->a, sizeof *all * 64);
    int n = 0;
    dl_error e = {0};
    int64_t att = req_param_id(r, 1);
    dl_err rc = !all ? dl_fail(&e, DL_ENOMEM, "out of memory")
              : att ? case_attachments(r->db, r->a, c->id, all, 64, &n, &e) : DL_ENOTFOUND;
    for (int i = 0; rc == DL_OK && i < n; i++)
        if (all[i].id == att) { *out = all[i]; return 1; }
    res_lookup_failed(r, rc, &e, "Ärendet har ingen sådan bilaga.");
    return 0;
}

static void page(request *r, int status, const case_rec *c, const case_facts *f, const authz_object *obj,
                 const case_attachment_rec *a, const char *error, const char *reason)
{
    tmpl_ctx *x = page_ctx(r);
    if (!x) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(x, "case_id", c->id);
    tmpl_set_str(x, "case_number", *c->diary_number ? c->diary_number : arena_printf(r->a, "%" PRId64, c->id));
    tmpl_set_int(x, "att_id", a->id);
    tmpl_set_str(x, "att_name", a->filename);
    tmpl_set_str(x, "att_size", arena_printf(r->a, "%.1f kB", (double)a->size / 1000.0));
    tmpl_set_str(x, "att_sha", a->sha256);
    tmpl_set_str(x, "att_at", local_time(r, a->created_at));
    tmpl_set_bool(x, "redacted", a->redacted);
    tmpl_set_str(x, "redaction_reason", a->redaction_reason);
    tmpl_set_str(x, "redacted_at", a->redacted ? local_time(r, a->redacted_at) : "");
    tmpl_set_str(x, "redacted_by", a->redacted_by);
    tmpl_set_str(x, "disposed_at", *a->disposed_at ? local_time(r, a->disposed_at) : "");
    int original = may_read_original(r, f, obj);
    tmpl_set_bool(x, "may_read_original", original);
    tmpl_set_str(x, "original_sha", original ? a->original_sha256 : "");
    tmpl_set_str(x, "original_size", arena_printf(r->a, "%.1f kB", (double)a->original_size / 1000.0));
    tmpl_set_bool(x, "may_redact", may_redact(r, obj) && !*a->disposed_at);
    tmpl_set_str(x, "error", error ? error : "");
    tmpl_set_str(x, "reason", reason ? reason : "");
    res_page(r, status, "case_redaction.html", "Bilaga", x);
}

void h_case_redaction(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    case_attachment_rec a;
    if (!case_load_visible(r, &c, &f, &obj) || !load_attachment(r, &c, &a)) return;
    page(r, 200, &c, &f, &obj, &a, NULL, NULL);
}

void h_case_redact(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    case_attachment_rec a;
    if (!case_load_visible(r, &c, &f, &obj) || !load_attachment(r, &c, &a)) return;
    if (!may_redact(r, &obj)) {
        res_error(r, DL_EDENIED, "Bara registrator och sekretessgranskare vid ärendets organisation får maskera en bilaga.");
        return;
    }
    const char *reason = form_text_at(&r->form, REDACT_F_REASON);
    if (r->form.n_errors) { page(r, http_status_of(DL_EINVAL), &c, &f, &obj, &a, r->form.first_error, reason); return; }
    const form_value *v = form_at(&r->form, REDACT_F_FILE);
    case_upload u = {.kind = a.kind, .filename = v->text, .data = v->data, .len = v->data_len};
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = case_attachment_redact(r->db, c.id, a.id, &u, reason, &who, &e);
    if (rc != DL_OK) {
        if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Ärendet har ingen sådan bilaga."); return; }
        page(r, http_status_of(rc), &c, &f, &obj, &a, error_message(r, rc, &e), reason);
        return;
    }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64 "/attachments/%" PRId64 "/maskering", c.id, a.id));
}

void h_case_attachment_original(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    if (!may_read_original(r, &f, &obj)) {
        res_error(r, DL_EDENIED, "Originalet till en bilaga visas bara för registrator, samordnare och sekretessgranskare.");
        return;
    }
    int64_t att = req_param_id(r, 1);
    case_attachment_rec rec;
    memset(&rec, 0, sizeof rec);
    const unsigned char *data = NULL;
    size_t len = 0;
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = att ? case_attachment_read_original(r->db, r->a, c.id, att, &who, &rec, &data, &len, &e) : DL_ENOTFOUND;
    if (rc != DL_OK) { res_lookup_failed(r, rc, &e, "Ärendet har ingen sådan bilaga."); return; }
    send_attachment_bytes(r, &rec, data, len);
}
