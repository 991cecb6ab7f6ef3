/* mailbox.c — the official mailbox (myndighetsbrevlåda) for the registrar:
 * GET /brevlada lists the messages not yet registered (sender, subject,
 * date, the files, the text — all escaped by the template, HTML never
 * rendered); POST /brevlada/register registers one, read again from the
 * mailbox, into an existing case or as a new request, with its files, in
 * one transaction (store/mailbox.c). Only after the commit is the message
 * flagged \Seen or moved (--mailbox-after). See docs/mailbox.md. */
#include "web/handlers/handlers.h"
#include "web/handlers/mailbox_fields.h"
#include "web/app.h"
#include "notify/imap_mailbox.h"
#include "notify/mime_message.h"
#include "store/mailbox.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_MAX 30 /* messages one page shows */

static imap_config config_of(request *r)
{
    const struct web_config *c = r->app->cfg;
    return (imap_config){.url = c->mailbox_url, .user = c->mailbox_user, .password_file = c->mailbox_password_file,
                         .after = c->mailbox_after, .max_bytes = c->mailbox_max_bytes};
}

/* The mailbox's sentences are written for the registrar and hold no
 * password; the operator's log gets them too. */
static const char *mailbox_error(request *r, dl_err rc, const dl_error *e)
{
    if (rc == DL_EUPSTREAM || rc == DL_ECONFIG) {
        fprintf(stderr, "datalots serve: mailbox: %s\n", e->msg);
        return tr(r, e->msg);
    }
    return error_message(r, rc, e);
}

static const char *size_text(request *r, size_t n)
{
    if (n < 1024) return arena_printf(r->a, "%zu B", n);
    if (n < (1u << 20)) return arena_printf(r->a, "%zu KiB", (n + 1023) / 1024);
    return arena_printf(r->a, "%.1f MiB", (double)n / (1 << 20));
}

static void message_to_ctx(request *r, tmpl_ctx *x, const mime_message *m)
{
    tmpl_set_str(x, "from", m->from);
    tmpl_set_str(x, "subject", *m->subject ? m->subject : tr(r, "(inget ämne)"));
    tmpl_set_str(x, "date", m->date);
    tmpl_set_str(x, "text", m->text);
    tmpl_set_bool(x, "text_from_html", m->text_from_html);
    tmpl_set_bool(x, "text_cut", m->text_cut);
    tmpl_set_list(x, "files");
    for (int i = 0; i < m->n_files; i++) {
        tmpl_ctx *f = tmpl_list_append(x, "files");
        if (!f) break;
        tmpl_set_str(f, "name", m->files[i].filename);
        tmpl_set_str(f, "type", m->files[i].content_type);
        tmpl_set_str(f, "size", size_text(r, m->files[i].len));
        const char *why = attachment_check_pdf(m->files[i].data, m->files[i].len);
        tmpl_set_str(f, "refused", why ? tr(r, why) : "");
    }
}

/* The organisations where the registrar may open a new request. */
static void orgs_to_ctx(request *r, tmpl_ctx *c)
{
    int n = 0;
    org_node_rec *nodes = load_org_tree(r, &n);
    tmpl_set_list(c, "orgs");
    for (int i = 0; nodes && i < n; i++) {
        if (nodes[i].parent_id != 0) continue;
        authz_object at = {.node_path = nodes[i].path, .state = -1};
        if (!authz_may(&r->subject, ACT_CASE_REGISTER, &at)) continue;
        tmpl_ctx *x = tmpl_list_append(c, "orgs");
        if (!x) break;
        tmpl_set_int(x, "org_id", nodes[i].id);
        tmpl_set_str(x, "org_name", nodes[i].name);
    }
}

void h_mailbox(request *r)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    imap_config ic = config_of(r);
    tmpl_set_bool(c, "configured", ic.url && *ic.url);
    if (!ic.url || !*ic.url) { res_page(r, 200, "mailbox.html", "Myndighetsbrevlådan", c); return; }
    uint32_t uidvalidity = 0;
    imap_message_ref refs[IMAP_LIST_MAX];
    int n = 0, shown = 0, waiting = 0;
    dl_error e = {0};
    dl_error_clear(&e);
    imap_session *s = NULL;
    dl_err rc = imap_open(&ic, &s, &e);
    if (rc == DL_OK) rc = imap_list(s, &uidvalidity, refs, IMAP_LIST_MAX, &n, &e);
    if (rc != DL_OK) {
        imap_close(s);
        tmpl_set_str(c, "error", mailbox_error(r, rc, &e));
        res_page(r, http_status_of(rc), "mailbox.html", "Myndighetsbrevlådan", c);
        return;
    }
    orgs_to_ctx(r, c);
    tmpl_set_int(c, "uidvalidity", uidvalidity);
    tmpl_set_list(c, "messages");
    for (int i = 0; i < n && shown < SHOWN_MAX; i++) {
        mailbox_key k = {.mailbox = imap_mailbox_key(&ic), .uidvalidity = uidvalidity, .uid = refs[i].uid,
                         .message_id = ""};
        int64_t case_id = 0;
        const char *dnr = "";
        if (mailbox_registered(r->db, r->a, &k, &case_id, &dnr, &e) != DL_OK) {
            imap_close(s);
            res_error_from(r, e.code, &e);
            return;
        }
        if (case_id) continue;
        waiting++;
        tmpl_ctx *x = tmpl_list_append(c, "messages");
        if (!x) break;
        shown++;
        tmpl_set_int(x, "uid", refs[i].uid);
        tmpl_set_str(x, "size", size_text(r, (size_t)refs[i].size));
        if (refs[i].size > (ic.max_bytes > 0 ? ic.max_bytes : IMAP_DEFAULT_MAX_BYTES)) {
            tmpl_set_str(x, "problem", tr(r, "Meddelandet är större än gränsen för brevlådan och kan inte registreras "
                                             "här. Registrera det för hand."));
            continue;
        }
        char *raw = NULL;
        size_t len = 0;
        mime_message m;
        rc = imap_fetch(s, uidvalidity, refs[i].uid, refs[i].seen, &raw, &len, &e);
        if (rc == DL_OK) rc = mime_parse(raw, len, r->a, &m, &e);
        free(raw);
        if (rc != DL_OK) { tmpl_set_str(x, "problem", mailbox_error(r, rc, &e)); continue; }
        message_to_ctx(r, x, &m);
        k.message_id = m.message_id;
        if (mailbox_registered(r->db, r->a, &k, &case_id, &dnr, &e) == DL_OK && case_id)
            tmpl_set_int(x, "duplicate_of", case_id);
        else tmpl_set_bool(x, "may_register", 1);
    }
    imap_close(s);
    tmpl_set_int(c, "waiting", waiting);
    tmpl_set_bool(c, "more", n == IMAP_LIST_MAX || shown == SHOWN_MAX);
    res_page(r, 200, "mailbox.html", "Myndighetsbrevlådan", c);
}

/* A new request's fields from the message: the sender as applicant, the
 * subject as title, the text as purpose; the rest the registrar or the
 * applicant completes on the case. */
static void request_from_message(const mime_message *m, case_request *req, arena *a)
{
    memset(req, 0, sizeof *req);
    for (int f = 0; f < REQ__MAX; f++) req->v[f] = "";
    req->v[REQ_APPLICANT_NAME] = *m->from_name ? m->from_name : m->from_addr;
    req->v[REQ_APPLICANT_EMAIL] = m->from_addr;
    size_t t = strlen(m->subject) > 300 ? 300 : strlen(m->subject);
    while (t > 0 && ((unsigned char)m->subject[t] & 0xC0) == 0x80) t--;
    req->v[REQ_TITLE] = arena_strndup(a, m->subject, t);
    size_t p = strlen(m->text) > 4000 ? 4000 : strlen(m->text);
    while (p > 0 && ((unsigned char)m->text[p] & 0xC0) == 0x80) p--;
    req->v[REQ_PURPOSE] = arena_strndup(a, m->text, p);
}

static void register_message(request *r, imap_session *s, uint32_t uidvalidity, const imap_message_ref *refs, int n);

void h_mailbox_register(request *r)
{
    imap_config ic = config_of(r);
    if (!ic.url || !*ic.url) { res_error(r, DL_ENOTFOUND, "Ingen myndighetsbrevlåda är inställd."); return; }
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    int into_case = form_at(&r->form, MBF_MODE)->num == 0;
    int64_t case_id = form_at(&r->form, MBF_CASE)->text ? form_at(&r->form, MBF_CASE)->num : 0;
    int64_t org_id = form_at(&r->form, MBF_ORG)->text ? form_at(&r->form, MBF_ORG)->num : 0;
    if (into_case && case_id <= 0) { res_error(r, DL_EINVAL, "Skriv numret på ärendet som meddelandet hör till."); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    org_node_rec o;
    dl_err orc = !into_case && org_id > 0 ? org_get(r->db, r->a, org_id, &o, &e) : DL_ENOTFOUND;
    if (orc != DL_OK && orc != DL_ENOTFOUND) { res_error_from(r, orc, &e); return; }
    if (!into_case && (orc != DL_OK || o.parent_id != 0)) {
        res_error(r, DL_EINVAL, "Välj den förvaltning som den nya ansökan gäller.");
        return;
    }
    /* The message as it lies in the mailbox now, never as the form says. */
    uint32_t uidvalidity = 0;
    imap_message_ref refs[IMAP_LIST_MAX];
    int n = 0;
    imap_session *s = NULL;
    dl_err rc = imap_open(&ic, &s, &e);
    if (rc == DL_OK) rc = imap_list(s, &uidvalidity, refs, IMAP_LIST_MAX, &n, &e);
    if (rc == DL_OK) {
        register_message(r, s, uidvalidity, refs, n);
        imap_close(s);
        return;
    }
    imap_close(s);
    res_error(r, rc, mailbox_error(r, rc, &e));
}

/* The rest of h_mailbox_register, with the session open and the list read. */
static void register_message(request *r, imap_session *s, uint32_t uidvalidity, const imap_message_ref *refs, int n)
{
    imap_config ic = config_of(r);
    uint32_t posted_validity = (uint32_t)form_at(&r->form, MBF_UIDVALIDITY)->num;
    uint32_t uid = (uint32_t)form_at(&r->form, MBF_UID)->num;
    int into_case = form_at(&r->form, MBF_MODE)->num == 0;
    int64_t case_id = form_at(&r->form, MBF_CASE)->text ? form_at(&r->form, MBF_CASE)->num : 0;
    int64_t org_id = form_at(&r->form, MBF_ORG)->text ? form_at(&r->form, MBF_ORG)->num : 0;
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc;
    if (uidvalidity != posted_validity) {
        res_error(r, DL_ECONFLICT, "Brevlådan har byggts om sedan sidan visades. Ladda om sidan och välj meddelandet igen.");
        return;
    }
    const imap_message_ref *ref = NULL;
    for (int i = 0; i < n; i++)
        if (refs[i].uid == uid) ref = &refs[i];
    if (!ref) { res_error(r, DL_ENOTFOUND, "Meddelandet finns inte längre i brevlådan. Ladda om sidan."); return; }
    char *raw = NULL;
    size_t len = 0;
    mime_message m;
    rc = imap_fetch(s, uidvalidity, uid, ref->seen, &raw, &len, &e);
    if (rc == DL_OK) rc = mime_parse(raw, len, r->a, &m, &e);
    free(raw);
    if (rc != DL_OK) { res_error(r, rc, mailbox_error(r, rc, &e)); return; }

    case_upload files[MIME_FILES_MAX];
    for (int i = 0; i < m.n_files; i++)
        files[i] = (case_upload){.kind = "email_attachment", .filename = m.files[i].filename,
                                 .data = m.files[i].data, .len = m.files[i].len};
    size_t from_len = strlen(m.from) > 400 ? 400 : strlen(m.from);
    while (from_len > 0 && ((unsigned char)m.from[from_len] & 0xC0) == 0x80) from_len--;
    const char *from = arena_strndup(r->a, m.from, from_len);
    case_request req;
    request_from_message(&m, &req, r->a);
    /* The registered document's body: in Swedish whatever the registrar's language (it is the record). */
    const char *text = arena_printf(r->a, "Från: %s\nÄmne: %s\nDatum: %s\n\n%s", from, req.v[REQ_TITLE], m.date, m.text);
    mailbox_key k = {.mailbox = imap_mailbox_key(&ic), .uidvalidity = uidvalidity, .uid = uid,
                     .message_id = m.message_id, .sender = from, .subject = req.v[REQ_TITLE]};
    mailbox_target t = {.case_id = into_case ? case_id : 0, .org_id = org_id, .req = &req, .counterpart = from,
                        .text = text, .files = files, .n_files = m.n_files, .public_url = r->app->cfg->public_url};
    audit_actor who = actor_of(r);
    case_step_result out;
    int64_t registered = 0;
    rc = mailbox_register(r->db, r->a, &r->subject, &who, &k, &t, &registered, &out, &e);
    if (rc != DL_OK) {
        res_error_from(r, rc, &e);
        return;
    }
    /* Committed: only now does the mailbox change. */
    rc = imap_after_register(s, uid, &e);
    if (rc != DL_OK) {
        tmpl_ctx *c = page_ctx(r);
        if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
        tmpl_set_bool(c, "configured", 1);
        tmpl_set_int(c, "registered_case", registered);
        tmpl_set_str(c, "error", arena_printf(r->a, "%s %s", tr(r, "Meddelandet är registrerat, men brevlådan kunde "
                                                                   "inte ändras efteråt:"), mailbox_error(r, rc, &e)));
        res_page(r, 200, "mailbox.html", "Myndighetsbrevlådan", c);
        return;
    }
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, registered));
}
