/* network_register.c — registering for an event of the network's calendar
 * and cancelling with the mailed link (issue 15 item 1, docs/network.md):
 *   GET  /kalender/ID/anmalan     the form (not cached: it sets the cookie
 *                                 its CSRF token is bound to), or why one
 *                                 cannot register (closed, full, none taken)
 *   POST /kalender/ID/anmalan     name and address; the page that says a
 *                                 mail with the cancellation link is on its way
 *   GET  /kalender/avanmalan?t=   a page with a button
 *   POST /kalender/avanmalan      cancels, the seat freed
 * All four are ACT_NETWORK_REGISTER: anyone may. The store's sentences
 * (store/network_registration.h) are what the person reads. */
#include "web/handlers/handlers.h"
#include "web/handlers/network_fields.h"
#include "web/app.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "store/network.h"
#include "store/network_registration.h"

#include <string.h>

static const char *local_minute(request *r, const char *utc)
{
    char out[32];
    clock_local_minute(clock_parse_iso_utc(utc), out);
    return arena_strdup(r->a, out);
}

/* The form page: with what was sent and a sentence (error), or, once sent,
 * the page that says the mail is on its way. */
static void form_page(request *r, int status, const network_event_rec *v, const char *error, int sent)
{
    if (!sent) session_web_ensure_csrf(r);
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    int64_t now = clock_now();
    int closed = now >= clock_parse_iso_utc(v->registration_closes);
    tmpl_set_int(c, "id", v->id);
    tmpl_set_str(c, "title", v->title);
    tmpl_set_str(c, "starts", local_minute(r, v->starts_at));
    tmpl_set_str(c, "closes", local_minute(r, v->registration_closes));
    tmpl_set_bool(c, "none", v->seats <= 0);
    tmpl_set_bool(c, "closed", v->seats > 0 && closed);
    tmpl_set_bool(c, "full", v->seats > 0 && !closed && v->registered >= v->seats);
    tmpl_set_bool(c, "open", v->seats > 0 && !closed && v->registered < v->seats);
    tmpl_set_int(c, "left", v->seats - v->registered);
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "sent", sent);
    tmpl_set_str(c, "name_value", !sent && r->form.n ? form_text_at(&r->form, NETREG_NAME) : "");
    tmpl_set_str(c, "email_value", !sent && r->form.n ? form_text_at(&r->form, NETREG_EMAIL) : "");
    tmpl_set_str(c, "org_value", !sent && r->form.n ? form_text_at(&r->form, NETREG_ORG) : "");
    res_page(r, status, "network_register.html", "Anmälan", c);
}

static int event_of(request *r, network_event_rec *v)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id ? network_event_get(r->db, r->a, id, v, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern."); return 0; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    return 1;
}

void h_network_register_form(request *r)
{
    network_event_rec v;
    if (event_of(r, &v)) form_page(r, 200, &v, "", 0);
}

void h_network_register(request *r)
{
    network_event_rec v;
    if (!event_of(r, &v)) return;
    const form *f = &r->form;
    if (f->n_errors) { form_page(r, http_status_of(DL_EINVAL), &v, f->first_error, 0); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    const char *org = form_text_at(f, NETREG_ORG);
    dl_err rc = network_register(r->db, v.id, form_text_at(f, NETREG_NAME), org ? org : "",
                                 form_text_at(f, NETREG_EMAIL), r->app->cfg->public_url, clock_now(), NULL, &e);
    if (rc != DL_OK) {
        dl_error g = {0};
        dl_err grc = network_event_get(r->db, r->a, v.id, &v, &g);
        if (grc != DL_OK) { res_error_from(r, grc, &g); return; }
        form_page(r, http_status_of(rc), &v, error_message(r, rc, &e), 0);
        return;
    }
    form_page(r, 200, &v, "", 1);
}

static void cancel_page(request *r, const char *token, int64_t event_id, const char *title, int done)
{
    if (!done) session_web_ensure_csrf(r);
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "token", token);
    tmpl_set_int(c, "id", event_id);
    tmpl_set_str(c, "title", title);
    tmpl_set_bool(c, "done", done);
    res_page(r, 200, "network_cancel.html", "Avboka anmälan", c);
}

void h_network_cancel_form(request *r)
{
    const char *token = query_at(r, NETCANCEL_Q_TOKEN)->text;
    int64_t id = 0;
    const char *title = "";
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = network_registration_check(r->db, r->a, token, &id, &title, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    cancel_page(r, token, id, title, 0);
}

void h_network_cancel(request *r)
{
    const form *f = &r->form;
    if (f->n_errors) { res_error(r, DL_EREQUEST, f->first_error); return; }
    int64_t id = 0;
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = network_registration_cancel(r->db, form_text_at(f, NETCANCEL_TOKEN), clock_now(), &id, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    network_event_rec v;
    if (network_event_get(r->db, r->a, id, &v, &e) != DL_OK) v.title = "";
    cancel_page(r, "", id, v.title, 1);
}
