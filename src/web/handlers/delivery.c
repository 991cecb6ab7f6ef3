/* delivery.c — the recipient's side of an encrypted delivery
 * (store/delivery.h). GET /leverans/{token} shows what the file is and a
 * button, and never consumes the link (mail scanners fetch links before
 * people do); POST /leverans/{token} (CSRF-checked against the anonymous
 * cookie the page set, as the invitation and obstacle forms are) claims it
 * and streams the file from the descriptor the claim opened — the file's
 * name is already gone from disk, so a second click finds nothing. GET and
 * POST /forstoring/{token} record that the data were destroyed. The token
 * is in the path, so the routes are ROUTE_SECRET_PATH: the access log
 * writes their pattern. Refusals say only what the link's state is: 404 for
 * no such link, 410 for used or expired. */
#include "web/handlers/handlers.h"
#include "web/handlers/delivery_fields.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "store/delivery.h"

#include <inttypes.h>
#include <string.h>

static const char *token_param(request *r)
{
    return r->n_params > 0 ? arena_strndup(r->a, r->params[0], r->param_lens[0]) : NULL;
}

/* 404 for an unknown link, 410 (DL_EGONE) for one that was good once. */
static void refusal(request *r, dl_err rc, const dl_error *e)
{
    res_error_from(r, rc, e);
}

void h_delivery_page(request *r)
{
    const char *token = token_param(r);
    delivery_info info;
    dl_error e = {0};
    dl_err rc = delivery_find(r->db, r->a, token, clock_now(), &info, &e);
    if (rc != DL_OK) { refusal(r, rc, &e); return; }
    if (info.state == DELIVERY_FETCHED) {
        res_error(r, DL_EGONE, "Filen är redan hämtad och finns inte längre hos oss. Länken fungerar bara en gång; "
                          "kontakta organisationen och ange ärendets diarienummer om du behöver en ny.");
        return;
    }
    if (info.state == DELIVERY_EXPIRED) {
        res_error(r, DL_EGONE, "Länken har gått ut och filen är borttagen. Kontakta organisationen och ange ärendets "
                          "diarienummer, så kan de skicka en ny.");
        return;
    }
    session_web_ensure_csrf(r); /* a visitor new to the site posts this form */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char until[32];
    clock_local_minute(info.expires_at, until);
    tmpl_set_str(c, "token", token);
    tmpl_set_str(c, "case_number", info.diary_number);
    tmpl_set_str(c, "organisation", info.org_name);
    tmpl_set_str(c, "file_name", info.file_name);
    tmpl_set_int(c, "bytes", info.bytes);
    tmpl_set_str(c, "sha256", info.sha256);
    tmpl_set_str(c, "valid_until", until);
    res_page(r, 200, "delivery.html", "Hämta leveransen", c);
}

void h_delivery_fetch(request *r)
{
    const char *token = token_param(r);
    delivery_claimed got;
    dl_error e = {0};
    dl_err rc = delivery_claim(r->db, token, r->client, &got, &e);
    if (rc != DL_OK) { refusal(r, rc, &e); return; }
    res_file(r, got.fd, (uint64_t)got.bytes, "application/octet-stream");
    /* The name is ours (letters, digits, '-', '_', ".age"): nothing to quote. */
    res_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", got.file_name));
}

static void destroy_page(request *r, int status, const char *token, const delivery_destroy_info *di,
                         const char *error, const char *on, const char *by)
{
    session_web_ensure_csrf(r);
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char today[16];
    clock_local_date(clock_now(), today);
    tmpl_set_str(c, "token", token);
    tmpl_set_str(c, "case_number", di->diary_number);
    tmpl_set_str(c, "file_name", di->file_name);
    tmpl_set_str(c, "destroy_by", di->destroy_by);
    tmpl_set_str(c, "destroyed_on", di->destroyed_on);
    tmpl_set_str(c, "destroyed_by", di->destroyed_by);
    tmpl_set_bool(c, "done", *di->destroyed_on != '\0');
    tmpl_set_str(c, "error", error);
    tmpl_set_str(c, "on_value", on && *on ? on : today);
    tmpl_set_str(c, "by_value", by);
    res_page(r, status, "delivery_destroy.html", "Intyga att uppgifterna är förstörda", c);
}

void h_destroy_form(request *r)
{
    const char *token = token_param(r);
    delivery_destroy_info di;
    dl_error e = {0};
    dl_err rc = delivery_destroy_find(r->db, r->a, token, &di, &e);
    if (rc != DL_OK) { refusal(r, rc, &e); return; }
    destroy_page(r, 200, token, &di, NULL, NULL, NULL);
}

void h_destroy_confirm(request *r)
{
    const char *token = token_param(r);
    delivery_destroy_info di;
    dl_error e = {0};
    dl_err rc = delivery_destroy_find(r->db, r->a, token, &di, &e);
    if (rc != DL_OK) { refusal(r, rc, &e); return; }
    const char *on = form_at(&r->form, DESTROY_ON)->text, *by = form_at(&r->form, DESTROY_BY)->text;
    if (r->form.n_errors) { destroy_page(r, http_status_of(DL_EINVAL), token, &di, r->form.first_error, on, by); return; }
    rc = delivery_confirm_destroyed(r->db, token, on, by, r->client, &e);
    if (rc == DL_EINVAL) { destroy_page(r, http_status_of(DL_EINVAL), token, &di, error_message(r, rc, &e), on, by); return; }
    if (rc != DL_OK && rc != DL_ECONFLICT) { refusal(r, rc, &e); return; }
    rc = delivery_destroy_find(r->db, r->a, token, &di, &e);
    if (rc != DL_OK) { refusal(r, rc, &e); return; }
    destroy_page(r, 200, token, &di, NULL, NULL, NULL);
}
