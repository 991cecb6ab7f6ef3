/* session_web.c — cookies, the signed-in user and CSRF binding. */
#include "web/session_web.h"
#include "web/api_auth.h"
#include "web/app.h"
#include "web/cookie.h"
#include "web/router.h"
#include "store/users.h"
#include "core/clock.h"
#include "crypto/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

session_limits session_web_limits(const request *r)
{
    session_limits lim = {
        .idle_seconds = (int64_t)r->app->cfg->session_idle_minutes * 60,
        .absolute_seconds = (int64_t)r->app->cfg->session_max_hours * 3600,
    };
    return lim;
}

void session_web_set_cookie(request *r, const char *name, const char *value, int max_age)
{
    strbuf sb;
    sb_init(&sb, 128);
    cookie_format(&sb, name, value, max_age, r->app->secure, 1, "Lax");
    if (sb.len) res_header(r, "Set-Cookie", sb_cstr(&sb));
    sb_free(&sb);
}

static void bind_csrf(request *r, const char *binding)
{
    r->csrf_binding = binding;
    csrf_token_for(r->app->secret, binding, r->csrf_token);
}

static void load_user(request *r, int64_t uid)
{
    dl_error e = {0};
    user u;
    if (user_by_id(r->db, r->a, uid, &u, &e) != DL_OK) return;
    user_grant *g = arena_alloc(r->a, sizeof *g * MAX_GRANTS);
    int n = 0;
    dl_err rc = g ? user_grants(r->db, r->a, uid, g, MAX_GRANTS, &n, &e) : DL_ENOMEM;
    if (rc != DL_OK) {
        /* Fails closed: no roles rather than some. Past the grant limit (an
         * old store; account_grant refuses it now) the operator is told. */
        n = 0;
        if (rc == DL_ELIMIT)
            fprintf(stderr, "datalots serve: user %" PRId64 " holds more than %d role grants; signed in without "
                            "roles until an administrator revokes some\n", uid, MAX_GRANTS);
    }
    user_grants_to_authz(g, n, r->grants);
    r->n_grants = n;
    r->user_id = uid;
    r->username = u.username;
    r->display_name = u.display_name;
    r->subject = (authz_subject){.user_id = uid, .grants = r->grants, .n_grants = n};
}

void session_web_load(request *r)
{
    if (!r->db) return; /* the router never asks without a store (router_check_table) */
    if (api_auth_applies(r)) { api_auth_load(r); return; } /* a bearer token, never the cookies */
    const char *token = req_cookie(r, SESSION_COOKIE);
    if (token) {
        dl_error e = {0};
        int64_t uid = 0;
        session_limits lim = session_web_limits(r);
        dl_err rc = session_lookup(r->db, token, clock_now(), &lim, &uid, &e);
        if (rc == DL_OK) {
            r->session_token = token;
            load_user(r, uid);
            bind_csrf(r, token);
            return;
        }
        if (rc != DL_EAUTH) {
            res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
            return;
        }
        session_web_set_cookie(r, SESSION_COOKIE, "", 0);
    }
    const char *anon = req_cookie(r, ANON_CSRF_COOKIE);
    if (anon && hex_is_token(anon)) bind_csrf(r, anon);
}

void session_web_ensure_csrf(request *r)
{
    if (r->csrf_binding) return;
    char *fresh = arena_alloc(r->a, 65);
    if (!fresh) return;
    token_random_hex(fresh);
    session_web_set_cookie(r, ANON_CSRF_COOKIE, fresh, -1);
    bind_csrf(r, fresh);
}

void session_web_adopt(request *r, int64_t user_id, const char *token)
{
    char *copy = arena_strdup(r->a, token);
    if (!copy) return;
    session_web_set_cookie(r, SESSION_COOKIE, copy, -1);
    r->session_token = copy;
    load_user(r, user_id);
    bind_csrf(r, copy);
}

void session_web_forget(request *r)
{
    session_web_set_cookie(r, SESSION_COOKIE, "", 0);
    r->session_token = NULL;
    r->user_id = 0;
}
