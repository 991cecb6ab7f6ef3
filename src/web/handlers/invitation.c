/* invitation.c — the applicant's invitation to continue a case online
 * (store/case_invitation.h): GET /invitation?t=TOKEN shows what was
 * registered and offers an account, or, to someone signed in, to take the
 * case into theirs; POST /invitation does it, signs a new account in, and
 * opens the case. When applicants may not use passwords (`datalots oidc
 * passwords --for staff|nobody`, store/oidc.h) no password account is made
 * here: the page sends the visitor to sign in through a provider first and
 * back to the link, to take the case in signed in. */
#include "web/handlers/handlers.h"
#include "web/handlers/invitation_fields.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "store/case_invitation.h"
#include "store/oidc.h"

#include <inttypes.h>
#include <string.h>

tmpl_ctx *invited_page_ctx(request *r, const invited_view *v, const char *error, const char *username,
                           const char *display_name)
{
    session_web_ensure_csrf(r); /* a visitor new to the site posts this form */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return NULL; }
    tmpl_set_str(c, "token", v->token);
    tmpl_set_str(c, "case_number", *v->diary_number ? v->diary_number : tr(r, "(ej registrerad)"));
    tmpl_set_str(c, "case_title", *v->title ? v->title : tr(r, "(utan titel)"));
    tmpl_set_str(c, "organisation", v->org_name);
    tmpl_set_str(c, "email", v->email);
    tmpl_set_str(c, "error", error);
    tmpl_set_str(c, "username_value", username);
    tmpl_set_str(c, "display_name_value", display_name);
    tmpl_set_str(c, "next", v->next);
    /* A new account from the invitation is an applicant's: may it have a
     * password? When the store cannot say, the form is not offered (the
     * POST asks again and answers the store's error). */
    oidc_password_policy policy;
    dl_error e = {0};
    tmpl_set_bool(c, "password_account", oidc_password_policy_get(r->db, &policy, &e) == DL_OK &&
                                             oidc_password_allowed(policy, 0));
    strbuf href;
    sb_init(&href, 160);
    sb_puts(&href, "/login?next=");
    url_component_escape_append(&href, v->next, strlen(v->next));
    tmpl_set_str(c, "login_href", sb_cstr(&href));
    sb_free(&href);
    char until[16];
    clock_local_date(v->expires_at, until);
    tmpl_set_str(c, "valid_until", until);
    return c;
}

int invited_may_go_on(request *r, const invitation_account *acc, const char *confirm, const char *staff_refusal_sv,
                      const char **form_again, int *form_status)
{
    *form_again = NULL;
    *form_status = http_status_of(DL_EINVAL);
    if (r->user_id == 0) {
        oidc_password_policy policy;
        dl_error e = {0};
        if (oidc_password_policy_get(r->db, &policy, &e) != DL_OK) { res_error_from(r, e.code, &e); return 0; }
        if (!oidc_password_allowed(policy, 0)) {
            *form_status = http_status_of(DL_EDENIED);
            *form_again = tr(r, "Här skapas inga konton med lösenord: sökande loggar in via sin organisation eller med "
                                "e-legitimation. Logga in den vägen först, med en knapp på inloggningssidan, så kommer du "
                                "tillbaka till inbjudan och tar emot den med det kontot.");
            return 0;
        }
        *form_again = invited_account_problem(r, acc, confirm);
        return *form_again == NULL;
    }
    if (authz_may_somewhere(&r->subject, ACT_CASE_QUEUE)) { res_error(r, DL_EDENIED, staff_refusal_sv); return 0; }
    return 1;
}

static void invitation_page(request *r, int status, const char *token, const case_invitation *inv,
                            const char *error, const char *username, const char *display_name)
{
    invited_view v = {token, inv->diary_number, inv->title, inv->org_name, inv->email, inv->expires_at,
                      arena_printf(r->a, "/invitation?t=%s", token)};
    tmpl_ctx *c = invited_page_ctx(r, &v, error, username, display_name ? display_name : inv->applicant_name);
    if (c) res_page(r, status, "invitation.html", "Inbjudan till ärendet", c);
}

/* The invitation, or a page saying why there is none to accept (0). */
static int usable_invitation(request *r, const char *token, case_invitation *inv)
{
    dl_error e = {0};
    dl_err rc = case_invitation_find(r->db, r->a, token, clock_now(), inv, &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, e.msg); return 0; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    if (inv->state == INVITATION_ACCEPTED) {
        res_error(r, DL_EGONE, "Inbjudan är redan använd. Logga in med kontot som tog emot den, så finns ärendet under Ärenden.");
        return 0;
    }
    if (inv->state == INVITATION_EXPIRED) {
        res_error(r, DL_EGONE, "Inbjudan har gått ut. Kontakta organisationen och ange ärendets diarienummer, så skickar de en ny.");
        return 0;
    }
    return 1;
}

void h_invitation(request *r)
{
    const char *token = query_at(r, INVITATION_Q_TOKEN)->text;
    case_invitation inv;
    if (!usable_invitation(r, token, &inv)) return;
    invitation_page(r, 200, token, &inv, NULL, NULL, NULL);
}

const char *invited_account_problem(request *r, const invitation_account *acc, const char *confirm)
{
    if (!acc->username || !*acc->username) return tr(r, "Fyll i ett användarnamn.");
    if (!acc->display_name || !*acc->display_name) return tr(r, "Fyll i ditt namn.");
    if (!acc->password || !*acc->password) return tr(r, "Välj ett lösenord.");
    if (!confirm || strcmp(confirm, acc->password) != 0)
        return tr(r, "Lösenorden är inte lika. Skriv samma lösenord två gånger.");
    return NULL;
}

void h_invitation_accept(request *r)
{
    const char *token = form_at(&r->form, INVITATION_TOKEN)->text;
    case_invitation inv;
    if (r->form.n_errors && !token) { res_error(r, DL_EREQUEST, r->form.first_error); return; }
    if (!usable_invitation(r, token, &inv)) return;
    const char *username = form_at(&r->form, INVITATION_USERNAME)->text;
    const char *display_name = form_at(&r->form, INVITATION_DISPLAY_NAME)->text;
    if (r->form.n_errors) { invitation_page(r, http_status_of(DL_EINVAL), token, &inv, r->form.first_error, username, display_name); return; }
    invitation_account acc = {username, display_name, form_at(&r->form, INVITATION_PASSWORD)->text};
    const char *confirm = form_at(&r->form, INVITATION_CONFIRM)->text;
    int signed_in = r->user_id != 0;
    /* Staff do not take requests into their own accounts: separation of duties. */
    const char *form_again;
    int form_status;
    if (!invited_may_go_on(r, &acc, confirm,
                           tr(r, "Ett konto med en roll i handläggningen kan inte ta emot en ansökan. "
                           "Logga ut och skapa ett eget konto, eller logga in med ditt sökandekonto."),
                           &form_again, &form_status)) {
        if (form_again) invitation_page(r, form_status, token, &inv, form_again, username, display_name);
        return;
    }
    dl_error e = {0};
    int64_t case_id = 0, user_id = 0;
    audit_actor who = actor_of(r);
    char session[65];
    dl_err rc = case_invitation_accept(r->db, token, signed_in ? NULL : &acc, signed_in ? &who : NULL, clock_now(),
                                       &case_id, &user_id, session, &e);
    /* A rule broken or the name taken: the form again, with what was typed. */
    if (!signed_in && (rc == DL_EINVAL || rc == DL_ECONFLICT)) {
        invitation_page(r, http_status_of(rc), token, &inv, error_message(r, rc, &e), username, display_name);
        return;
    }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (!signed_in) session_web_adopt(r, user_id, session);
    memset(session, 0, sizeof session);
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64, case_id));
}
