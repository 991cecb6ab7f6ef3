/* admin_users.c — account administration: list, create, role grants and
 * revocations, disable/enable, set a new password.
 *
 * Which accounts an admin deals with at all is ACT_USER_VIEW (core/authz.c):
 * an installation admin every account; an admin of a unit the accounts that
 * hold a role at a unit inside it (the same rule as the scoped list). Every
 * /admin/users/{id} page and form checks it first and answers 404 for an
 * account outside the scope — the answer for an id nobody has, so other ids
 * are not confirmed. An account with no role at any unit is therefore an
 * installation admin's alone. Then: creating, disabling, profile and
 * password are installation-level (ACT_USER_MANAGE, else 403); granting or
 * revoking a role at a unit needs ACT_ROLE_ASSIGN covering that unit. The
 * page lists every grant, also any past AUTHZ_MAX_GRANTS from before the
 * limit, so they can be revoked. Unlinking the account's OpenID Connect
 * identity (store/oidc_admin.h) is installation-level too. */
#include "web/handlers/handlers.h"
#include "core/account_rules.h"
#include "store/accounts.h"
#include "store/cases.h"
#include "store/signin.h"
#include "core/clock.h"
#include "store/org.h"
#include "store/users.h"
#include "store/oidc.h"
#include "store/oidc_admin.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_USERS 500

static int may_manage_users(request *r)
{
    return authz_may(&r->subject, ACT_USER_MANAGE, NULL);
}

/* An account as an admin sees it: the row and every grant it holds. */
typedef struct shown_user {
    user u;
    user_grant *grants;
    int n_grants;
} shown_user;

/* May the signed-in admin see an account holding these grants? The account
 * is at each unit where it holds a role (ACT_USER_VIEW); installation-wide
 * roles place it nowhere. */
static int may_view(request *r, const user_grant *g, int n)
{
    const char **paths = n ? arena_alloc(r->a, sizeof *paths * (size_t)n) : NULL;
    if (n && !paths) return 0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (g[i].node_id) paths[k++] = g[i].node_path;
    authz_object obj = {.node_path = NULL, .state = -1, .node_paths = paths, .n_node_paths = k};
    return authz_may(&r->subject, ACT_USER_VIEW, &obj);
}

/* Loads account id with all its grants when the signed-in admin may see it
 * and returns 1. Otherwise answers — 404 for no such account and for one
 * outside the admin's scope alike, 503 when the store fails — and returns 0. */
static int load_shown_user(request *r, int64_t id, shown_user *su)
{
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = id ? user_by_id(r->db, r->a, id, &su->u, &e) : DL_ENOTFOUND;
    if (rc == DL_OK) rc = user_grants_all(r->db, r->a, id, &su->grants, &su->n_grants, &e);
    if (rc == DL_ENOTFOUND || (rc == DL_OK && !may_view(r, su->grants, su->n_grants))) {
        res_error(r, DL_ENOTFOUND, "Användaren finns inte.");
        return 0;
    }
    if (rc == DL_ENOMEM) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return 0; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    return 1;
}

/* Installation admins list everyone; an admin of a unit lists the users
 * holding roles inside that unit — the accounts ACT_USER_VIEW lets them
 * see: one scoped list per grant of a role that rule names. */
static dl_err list_visible_users(request *r, user *users, int *n, dl_error *e)
{
    if (may_manage_users(r)) return user_list(r->db, r->a, users, MAX_USERS, n, e);
    *n = 0;
    unsigned viewers = authz_action_roles(ACT_USER_VIEW);
    for (int g = 0; g < r->n_grants; g++) {
        if (!(viewers & ROLE_BIT(r->grants[g].role))) continue;
        user *part = arena_alloc(r->a, sizeof *part * MAX_USERS);
        int got = 0;
        if (!part) return dl_fail(e, DL_ENOMEM, "out of memory");
        dl_err rc = user_list_in_scope(r->db, r->a, r->grants[g].node_path, part, MAX_USERS, &got, e);
        if (rc != DL_OK) return rc;
        for (int i = 0; i < got && *n < MAX_USERS; i++) {
            int seen = 0;
            for (int k = 0; k < *n && !seen; k++) seen = users[k].id == part[i].id;
            if (!seen) users[(*n)++] = part[i];
        }
    }
    return DL_OK;
}

void h_users(request *r)
{
    dl_error e = {0};
    const char *lookup = query_at(r, USERS_Q_USERNAME)->text;
    if (lookup && *lookup) {
        /* Only to an account the admin may see; any other name is "no such
         * user", as on the account pages. */
        user u;
        user_grant *g = NULL;
        int n_g = 0;
        dl_err rc = user_by_username(r->db, r->a, lookup, &u, &e);
        if (rc == DL_OK) rc = user_grants_all(r->db, r->a, u.id, &g, &n_g, &e);
        if (rc == DL_OK && may_view(r, g, n_g)) {
            char loc[64];
            snprintf(loc, sizeof loc, "/admin/users/%" PRId64, u.id);
            res_redirect(r, loc);
            return;
        }
        if (rc != DL_OK && rc != DL_ENOTFOUND) { res_error_from(r, rc, &e); return; }
    }
    user *users = arena_alloc(r->a, sizeof *users * MAX_USERS);
    int n = 0;
    if (!users || list_visible_users(r, users, &n, &e) != DL_OK) {
        res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund.");
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_bool(c, "may_manage", may_manage_users(r));
    tmpl_set_bool(c, "lookup_missed", lookup && *lookup);
    tmpl_set_str(c, "lookup", lookup);
    tmpl_set_list(c, "users");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "users");
        if (!row) break;
        tmpl_set_int(row, "id", users[i].id);
        tmpl_set_str(row, "username", users[i].username);
        tmpl_set_str(row, "display_name", users[i].display_name);
        tmpl_set_str(row, "email", users[i].email);
        tmpl_set_bool(row, "disabled", users[i].disabled);
    }
    tmpl_set_bool(c, "created", query_at(r, USERS_Q_CREATED)->num);
    res_page(r, 200, "users.html", "Användare", c);
}

static void user_new_page(request *r, int status, const char *error)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_str(c, "username_value", form_text_at(&r->form, USER_NEW_USERNAME));
    tmpl_set_str(c, "display_name_value", form_text_at(&r->form, USER_NEW_DISPLAY_NAME));
    tmpl_set_str(c, "email_value", form_text_at(&r->form, USER_NEW_EMAIL));
    res_page(r, status, "user_new.html", "Ny användare", c);
}

void h_user_new_form(request *r)
{
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan skapa konton."); return; }
    user_new_page(r, 200, NULL);
}

void h_user_create(request *r)
{
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan skapa konton."); return; }
    if (r->form.n_errors) { user_new_page(r, http_status_of(DL_EINVAL), r->form.first_error); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    int64_t id = 0;
    dl_err rc = account_create(r->db, &who, form_text_at(&r->form, USER_NEW_USERNAME),
                               form_text_at(&r->form, USER_NEW_DISPLAY_NAME), form_text_at(&r->form, USER_NEW_EMAIL),
                               form_text_at(&r->form, USER_NEW_PASSWORD), &id, &e);
    if (rc != DL_OK) { user_new_page(r, http_status_of(rc), error_message(r, rc, &e)); return; }
    char loc[64];
    snprintf(loc, sizeof loc, "/admin/users/%" PRId64 "?created=1", id);
    res_redirect(r, loc);
}

static void user_page(request *r, const shown_user *su, int status, const char *error)
{
    const user *u = &su->u;
    const user_grant *g = su->grants;
    int n_g = su->n_grants, n_nodes = 0;
    org_node_rec *nodes = load_org_tree(r, &n_nodes);
    if (!nodes) return;
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "id", u->id);
    tmpl_set_int(c, "version", u->version);
    /* The profile form shows the stored values, or after a conflicting edit
     * the values the admin sent (to save again on top of the new version),
     * with the differences listed. */
    const char *name_value = u->display_name, *email_value = u->email;
    if (status == 409 && r->route_name && strcmp(r->route_name, "/admin/users/{id}/profile") == 0 &&
        form_text_at(&r->form, PROFILE_DISPLAY_NAME)) { /* a profile save that lost (r->form is profile_fields) */
        name_value = form_text_at(&r->form, PROFILE_DISPLAY_NAME);
        email_value = form_text_at(&r->form, PROFILE_EMAIL);
        add_change(r, c, "Namn", u->display_name, name_value);
        add_change(r, c, "E-post", u->email, email_value);
    }
    tmpl_set_str(c, "name_value", name_value);
    tmpl_set_str(c, "email_value", email_value);
    tmpl_set_str(c, "user_name", u->username);
    tmpl_set_str(c, "user_display_name", u->display_name);
    tmpl_set_str(c, "user_email", u->email);
    tmpl_set_bool(c, "user_disabled", u->disabled);
    int64_t locked_until = 0;
    dl_error le;
    if (signin_backoff_state(r->db, u->username, clock_now(), &locked_until, &le) != DL_OK) locked_until = 0;
    char until[32] = "";
    if (locked_until) clock_local_minute(locked_until, until);
    tmpl_set_bool(c, "signin_locked", locked_until != 0);
    tmpl_set_str(c, "signin_locked_until", until);
    tmpl_set_str(c, "created_at", u->created_at);
    const char *identity = NULL, *subject = NULL; /* the OIDC identity linked (store/oidc.h) */
    if (oidc_user_identity(r->db, r->a, u->id, r->lang == LANG_EN, &identity, &subject, &le) != DL_OK) identity = subject = NULL;
    tmpl_set_str(c, "identity_provider", identity);
    tmpl_set_str(c, "identity_subject", subject);
    /* Rows past the limit, from before it: the sign-in loads none of the
     * account's roles then (rather than some); the list below has them all. */
    tmpl_set_bool(c, "over_limit", n_g > AUTHZ_MAX_GRANTS);
    tmpl_set_int(c, "n_grants", n_g);
    tmpl_set_bool(c, "may_manage", may_manage_users(r));
    tmpl_set_bool(c, "created", query_at(r, USER_Q_CREATED)->num);
    tmpl_set_bool(c, "unlinked", query_at(r, USER_Q_UNLINKED)->num);
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_list(c, "grants");
    for (int i = 0; i < n_g; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "grants");
        if (!row) break;
        tmpl_set_int(row, "grant_id", g[i].id);
        tmpl_set_str(row, "role_label", tr(r, role_label_sv(g[i].role)));
        tmpl_set_str(row, "node_name", g[i].node_id ? g[i].node_name : tr(r, "Hela installationen"));
        tmpl_set_str(row, "mapped_by", g[i].mapped_by);
        authz_object obj = {.node_path = g[i].node_id ? g[i].node_path : NULL, .state = -1};
        tmpl_set_bool(row, "may_revoke", authz_may(&r->subject, ACT_ROLE_ASSIGN, &obj));
    }
    tmpl_set_list(c, "roles");
    for (int i = 0; role_keys[i]; i++) {
        tmpl_ctx *row = tmpl_list_append(c, "roles");
        if (!row) break;
        tmpl_set_str(row, "key", role_keys[i]);
        tmpl_set_str(row, "label", tr(r, role_label_sv((dl_role)i)));
    }
    authz_object installation = {.node_path = NULL, .state = -1};
    if (authz_may(&r->subject, ACT_ROLE_ASSIGN, &installation)) {
        tmpl_ctx *row = tmpl_list_append(c, "nodes");
        if (row) { tmpl_set_int(row, "node_id", 0); tmpl_set_str(row, "node_label", tr(r, "Hela installationen")); }
    }
    tmpl_set_list(c, "nodes");
    for (int i = 0; i < n_nodes; i++) {
        authz_object obj = {.node_path = nodes[i].path, .state = -1};
        if (!authz_may(&r->subject, ACT_ROLE_ASSIGN, &obj)) continue;
        tmpl_ctx *row = tmpl_list_append(c, "nodes");
        if (!row) break;
        tmpl_set_int(row, "node_id", nodes[i].id);
        tmpl_set_str(row, "node_label", arena_printf(r->a, "%*s%s (%s)", nodes[i].depth * 2, "", nodes[i].name, nodes[i].code));
    }
    /* The extraction assignments given to this employee (their record). */
    case_assignment as[20];
    int n_as = 0;
    dl_error ae;
    tmpl_set_list(c, "assignments");
    if (case_assignments_of(r->db, r->a, u->id, as, 20, &n_as, &ae) == DL_OK)
        for (int i = 0; i < n_as; i++) {
            tmpl_ctx *row = tmpl_list_append(c, "assignments");
            if (!row) break;
            tmpl_set_int(row, "as_case", as[i].case_id);
            tmpl_set_int(row, "as_doc", as[i].document_id);
            tmpl_set_str(row, "as_case_number", as[i].diary_number);
            tmpl_set_str(row, "as_title", as[i].title);
            tmpl_set_str(row, "as_number", as[i].document_number);
            tmpl_set_str(row, "as_date", as[i].given_at[0] ? arena_strndup(r->a, as[i].given_at, 10) : "");
        }
    res_page(r, status, "user.html", "Användare", c);
}

void h_user(request *r)
{
    shown_user su;
    if (!load_shown_user(r, req_param_id(r, 0), &su)) return;
    user_page(r, &su, 200, NULL);
}

static void back_to_user(request *r, int64_t id)
{
    char loc[64];
    snprintf(loc, sizeof loc, "/admin/users/%" PRId64, id);
    res_redirect(r, loc);
}

void h_user_grant(request *r)
{
    int64_t id = req_param_id(r, 0);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    if (r->form.n_errors) { user_page(r, &su, http_status_of(DL_EINVAL), r->form.first_error); return; }
    dl_role role = (dl_role)form_at(&r->form, GRANT_ROLE)->num; /* the index in role_keys */
    int64_t node = form_at(&r->form, GRANT_NODE)->num;
    authz_object obj = {.node_path = NULL, .state = -1};
    org_node_rec org;
    dl_error e = {0};
    dl_error_clear(&e);
    if (node) {
        dl_err orc = org_get(r->db, r->a, node, &org, &e);
        if (orc == DL_ENOTFOUND) { user_page(r, &su, http_status_of(DL_EINVAL), tr(r, "Enheten finns inte. Välj en enhet i listan.")); return; }
        if (orc != DL_OK) { res_error_from(r, orc, &e); return; }
        obj.node_path = org.path;
    }
    /* For the whole installation (node 0) the rule admits installation
     * admins only, whichever role is granted. */
    if (!authz_may(&r->subject, ACT_ROLE_ASSIGN, &obj)) {
        res_error(r, DL_EDENIED, "Du får inte dela ut roller vid den enheten.");
        return;
    }
    audit_actor who = actor_of(r);
    dl_err rc = account_grant(r->db, &who, id, role, node, NULL, &e);
    if (rc != DL_OK) { user_page(r, &su, http_status_of(rc), error_message(r, rc, &e)); return; }
    back_to_user(r, id);
}

void h_user_revoke(request *r)
{
    int64_t id = req_param_id(r, 0), gid = req_param_id(r, 1);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    const user_grant *hit = NULL;
    for (int i = 0; i < su.n_grants; i++) /* every grant: one past the limit too */
        if (su.grants[i].id == gid) hit = &su.grants[i];
    if (!gid || !hit) { res_error(r, DL_ENOTFOUND, "Rollen finns inte."); return; }
    authz_object obj = {.node_path = hit->node_id ? hit->node_path : NULL, .state = -1};
    if (!authz_may(&r->subject, ACT_ROLE_ASSIGN, &obj)) { res_error(r, DL_EDENIED, "Du får inte ta bort roller vid den enheten."); return; }
    if (revoke_locks_out(r->user_id, id, hit->role)) {
        res_error(r, DL_ECONFLICT, "Du kan inte ta bort din egen administratörsroll; be en annan administratör.");
        return;
    }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = account_revoke(r->db, &who, gid, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    back_to_user(r, id);
}

static void set_disabled(request *r, int disabled)
{
    int64_t id = req_param_id(r, 0);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan spärra konton."); return; }
    if (id == r->user_id && disabled) { res_error(r, DL_ECONFLICT, "Du kan inte spärra ditt eget konto."); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = account_set_disabled(r->db, &who, id, disabled, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    back_to_user(r, id);
}

void h_user_disable(request *r) { set_disabled(r, 1); }

void h_user_unlock(request *r)
{
    int64_t id = req_param_id(r, 0);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan häva en inloggningsspärr."); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = account_clear_signin_backoff(r->db, &who, id, su.u.username, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    back_to_user(r, id);
}
void h_user_enable(request *r) { set_disabled(r, 0); }

void h_user_profile(request *r)
{
    int64_t id = req_param_id(r, 0);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan ändra konton."); return; }
    if (r->form.n_errors) { user_page(r, &su, http_status_of(DL_EINVAL), r->form.first_error); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = account_update_profile(r->db, &who, id, form_at(&r->form, PROFILE_VERSION)->num,
                                       form_text_at(&r->form, PROFILE_DISPLAY_NAME), form_text_at(&r->form, PROFILE_EMAIL), &e);
    if (rc == DL_ECONFLICT) {
        if (!load_shown_user(r, id, &su)) return; /* what is saved now, to compare with */
        user_page(r, &su, http_status_of(DL_ECONFLICT), tr(r, "Någon annan har ändrat uppgifterna sedan du öppnade sidan. Inget av det du skrev har sparats; jämför nedan och spara igen om du vill."));
        return;
    }
    if (rc != DL_OK) { user_page(r, &su, http_status_of(rc), error_message(r, rc, &e)); return; }
    back_to_user(r, id);
}

void h_user_password(request *r)
{
    int64_t id = req_param_id(r, 0);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan byta andras lösenord."); return; }
    if (r->form.n_errors) { user_page(r, &su, http_status_of(DL_EINVAL), r->form.first_error); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    dl_err rc = account_set_password(r->db, &who, id, su.u.username, form_text_at(&r->form, SET_PASSWORD_PASSWORD), NULL, &e);
    if (rc != DL_OK) { user_page(r, &su, http_status_of(rc), error_message(r, rc, &e)); return; }
    back_to_user(r, id);
}

void h_user_oidc_unlink(request *r)
{
    int64_t id = req_param_id(r, 0);
    shown_user su;
    if (!load_shown_user(r, id, &su)) return;
    if (!may_manage_users(r)) { res_error(r, DL_EDENIED, "Bara en administratör för hela installationen kan ta bort en koppling till inloggning via organisation."); return; }
    /* Signed in through that identity, the admin would end her own session
     * and, without a password, lose her way in. */
    if (id == r->user_id) { res_error(r, DL_ECONFLICT, "Du kan inte ta bort kopplingen för ditt eget konto; be en annan administratör."); return; }
    dl_error e = {0};
    dl_error_clear(&e);
    audit_actor who = actor_of(r);
    oidc_unlinked out;
    dl_err rc = oidc_admin_unlink(r->db, &who, id, &out, &e);
    if (rc == DL_ECONFLICT) {
        user_page(r, &su, http_status_of(rc), tr(r, "Kontot har ingen koppling till inloggning via organisation, så det finns inget att ta bort."));
        return;
    }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    char loc[80];
    snprintf(loc, sizeof loc, "/admin/users/%" PRId64 "?unlinked=1", id);
    res_redirect(r, loc);
}
