/* case_members.c — the project members of a case on the web
 * (store/case_members.h): the members section of the case page
 * (case_members_to_ctx), the owner's invitation and removal, a member's
 * acceptance of the terms of use and leaving, and the invitation link
 * (GET /medlem?t=TOKEN shows the project and offers to join, signed in or
 * with a new account; POST /medlem joins). Every refusal is the store's
 * sentence; accepting for someone else is refused there too. */
#include "web/handlers/handlers.h"
#include "web/handlers/case_portal_fields.h"
#include "web/handlers/case_web.h"
#include "web/app.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "store/case_members.h"
#include "store/users.h"

#include <inttypes.h>
#include <string.h>

static const char *state_label(request *r, member_state s)
{
    switch (s) {
    case MEMBER_INVITED: return tr(r, "Inbjuden");
    case MEMBER_EXPIRED: return tr(r, "Inbjudan har gått ut");
    case MEMBER_JOINED: return tr(r, "Medlem, har inte godkänt villkoren");
    case MEMBER_ACCEPTED: return tr(r, "Medlem, har godkänt villkoren");
    case MEMBER_ENDED: return tr(r, "Avslutad");
    }
    return "";
}

void case_members_to_ctx(request *r, tmpl_ctx *x, const case_rec *c, const case_facts *f, const authz_object *obj)
{
    int staff = authz_may(&r->subject, ACT_CASE_QUEUE, obj);
    int owner = f->actor_is_owner;
    int64_t mine = 0;
    dl_error e = {0};
    if (case_member_of(r->db, c->id, r->user_id, &mine, &e) != DL_OK) return;
    case_member_rec *m = arena_alloc(r->a, sizeof *m * CASE_MEMBERS_MAX);
    int n = 0;
    if (!m || case_members(r->db, r->a, c->id, clock_now(), m, CASE_MEMBERS_MAX, &n, &e) != DL_OK) return;
    if (!owner && !mine && !(staff && n > 0)) return;
    tmpl_set_bool(x, "members_shown", 1);
    tmpl_set_bool(x, "may_invite", owner && c->state != CASE_DRAFT && case_state_is_open(c->state));
    tmpl_set_bool(x, "is_owner", owner); /* removes members, also once the case is closed */
    tmpl_set_list(x, "members");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(x, "members");
        if (!row) break;
        /* Addresses for the owner and staff; the other members see names. */
        const char *name = *m[i].display_name ? m[i].display_name : (owner || staff) ? m[i].email : tr(r, "(inbjuden)");
        tmpl_set_int(row, "m_id", m[i].id);
        tmpl_set_str(row, "m_name", name);
        tmpl_set_str(row, "m_email", owner || staff ? m[i].email : "");
        tmpl_set_str(row, "m_state", state_label(r, m[i].state));
        tmpl_set_bool(row, "m_delivery", m[i].state == MEMBER_ACCEPTED);
        tmpl_set_bool(row, "m_may_remove", owner && m[i].state != MEMBER_ENDED);
        if (m[i].id == mine) {
            tmpl_set_int(x, "my_member_id", mine);
            tmpl_set_bool(x, "my_accepted", m[i].state == MEMBER_ACCEPTED);
        }
    }
    tmpl_set_bool(x, "has_members", n > 0);
    tmpl_set_bool(x, "is_member", mine != 0);
    terms_rec t;
    if (mine && terms_current(r->db, r->a, &t, &e) == DL_OK) {
        tmpl_set_int(x, "terms_version", t.version);
        tmpl_set_str(x, "terms_body", r->lang == LANG_EN ? t.body_en : t.body_sv);
    }
}

static void back_to_members(request *r, int64_t case_id)
{
    redirect_local(r, arena_printf(r->a, "/cases/%" PRId64 "#medlemmar", case_id));
}

void h_case_member_invite(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    dl_error e = {0};
    int64_t id = 0;
    audit_actor who = actor_of(r);
    dl_err rc = case_member_invite(r->db, c.id, &who, form_at(&r->form, MEMBER_EMAIL)->text, r->app->cfg->public_url,
                                   &id, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    back_to_members(r, c.id);
}

void h_case_member_terms(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    if (r->form.n_errors) { res_error(r, DL_EINVAL, r->form.first_error); return; }
    dl_error e = {0};
    audit_actor who = actor_of(r);
    dl_err rc = case_member_accept_terms(r->db, c.id, req_param_id(r, 1), &who, form_at(&r->form, TERMS_VERSION)->num, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    back_to_members(r, c.id);
}

void h_case_member_end(request *r)
{
    case_rec c;
    case_facts f;
    authz_object obj;
    if (!case_load_visible(r, &c, &f, &obj)) return;
    dl_error e = {0};
    char number[DIARY_NUMBER_MAX];
    audit_actor who = actor_of(r);
    dl_err rc = case_member_end(r->db, c.id, req_param_id(r, 1), &who, number, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    /* Who left no longer sees the case: their own list instead. */
    int64_t still = 0;
    if (!f.actor_is_owner && !authz_may(&r->subject, ACT_CASE_QUEUE, &obj) &&
        case_member_of(r->db, c.id, r->user_id, &still, &e) == DL_OK && !still) {
        redirect_local(r, "/mina-arenden");
        return;
    }
    back_to_members(r, c.id);
}

/* ---- the invitation link ---------------------------------------------------- */

static void join_page(request *r, int status, const char *token, const member_invitation *inv, const char *error,
                      const char *username, const char *display_name)
{
    invited_view v = {token, inv->diary_number, inv->title, inv->org_name, inv->email, inv->expires_at,
                      arena_printf(r->a, "/medlem?t=%s", token)};
    tmpl_ctx *c = invited_page_ctx(r, &v, error, username, display_name);
    if (c) res_page(r, status, "member_invitation.html", "Inbjudan till projektet", c);
}

/* The invitation, or a page saying why there is none to use (0). */
static int usable(request *r, const char *token, member_invitation *inv)
{
    dl_error e = {0};
    dl_err rc = case_member_find(r->db, r->a, token, clock_now(), inv, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    const char *why = inv->state == MEMBER_EXPIRED ? "Inbjudan har gått ut. Be sökanden om en ny."
                      : inv->state == MEMBER_ENDED ? "Inbjudan är återkallad. Be sökanden om en ny."
                      : inv->state != MEMBER_INVITED ? "Inbjudan är redan använd. Logga in med kontot som tog emot den, så finns projektet under Mina ärenden."
                                                     : NULL;
    if (why) { res_error(r, DL_EGONE, why); return 0; }
    return 1;
}

void h_member_invitation(request *r)
{
    const char *token = query_at(r, MEMBER_Q_TOKEN)->text;
    member_invitation inv;
    if (usable(r, token, &inv)) join_page(r, 200, token, &inv, NULL, NULL, NULL);
}

void h_member_join(request *r)
{
    const char *token = form_at(&r->form, JOIN_TOKEN)->text;
    if (!token) { res_error(r, DL_EREQUEST, r->form.first_error ? r->form.first_error : "Inbjudans kod saknas."); return; }
    member_invitation inv;
    if (!usable(r, token, &inv)) return;
    const char *username = form_at(&r->form, JOIN_USERNAME)->text;
    const char *display_name = form_at(&r->form, JOIN_DISPLAY_NAME)->text;
    if (r->form.n_errors) { join_page(r, http_status_of(DL_EINVAL), token, &inv, r->form.first_error, username, display_name); return; }
    invitation_account acc = {username, display_name, form_at(&r->form, JOIN_PASSWORD)->text};
    const char *confirm = form_at(&r->form, JOIN_CONFIRM)->text;
    int signed_in = r->user_id != 0;
    /* Staff do not join applicants' projects: separation of duties. */
    const char *form_again;
    int form_status;
    if (!invited_may_go_on(r, &acc, confirm,
                           tr(r, "Ett konto med en roll i handläggningen kan inte bli projektmedlem. "
                           "Logga ut och skapa ett eget konto, eller logga in med ditt sökandekonto."),
                           &form_again, &form_status)) {
        if (form_again) join_page(r, form_status, token, &inv, form_again, username, display_name);
        return;
    }
    dl_error e = {0};
    int64_t case_id = 0, user_id = 0;
    audit_actor who = actor_of(r);
    char session[65];
    const char *email = NULL;
    user me;
    if (signed_in) {
        dl_err urc = user_by_id(r->db, r->a, r->user_id, &me, &e);
        if (urc != DL_OK) { res_error_from(r, urc, &e); return; }
        email = me.email;
    }
    dl_err rc = case_member_join(r->db, token, signed_in ? NULL : &acc, signed_in ? &who : NULL, email, clock_now(),
                                 &case_id, &user_id, session, &e);
    if (!signed_in && (rc == DL_EINVAL || rc == DL_ECONFLICT)) {
        join_page(r, http_status_of(rc), token, &inv, error_message(r, rc, &e), username, display_name);
        return;
    }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (!signed_in) session_web_adopt(r, user_id, session);
    memset(session, 0, sizeof session);
    back_to_members(r, case_id);
}
