/* login.c — sign-in, sign-out and changing one's own password. Sign-in is
 * throttled twice: per account (lockout with doubling back-off after 5
 * failures, core/lockout.c) and per client address (20 failures in 15
 * minutes). Unknown users cost the same argon2 work as known ones, and the
 * answer never says which of username or password was wrong. */
#include "web/handlers/handlers.h"
#include "web/session_web.h"
#include "store/accounts.h"
#include "store/sessions.h"
#include "store/users.h"
#include "core/clock.h"
#include "core/lockout.h"
#include "core/password.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define CLIENT_MAX_FAILURES 20
#define CLIENT_WINDOW_SECONDS (15 * 60)


static void login_page(request *r, int status, const char *error_sv, const char *username)
{
    session_web_ensure_csrf(r); /* the one form an anonymous visitor posts */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, 500, "Servern fick slut på minne."); return; }
    const char *next = form_text(&r->form, "next");
    if (!next) next = req_query(r, "next");
    tmpl_set_str(c, "next", safe_next(next) ? next : "");
    tmpl_set_str(c, "error", error_sv ? tr(r, error_sv) : "");
    tmpl_set_str(c, "username_value", username);
    tmpl_set_bool(c, "expired", req_query(r, "expired") != NULL);
    res_page(r, status, "login.html", "Logga in", c);
}

void h_login_form(request *r)
{
    if (r->user_id) { res_redirect(r, "/"); return; }
    login_page(r, 200, NULL, NULL);
}

/* A valid argon2id hash of a random string: verifying against it makes an
 * unknown username take as long as a wrong password. */
static char dummy[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) { password_hash("no-such-user-dummy-password", dummy, NULL); }
static const char *dummy_hash(void)
{
    pthread_once(&dummy_once, make_dummy);
    return dummy;
}

void h_login(request *r)
{
    const char *username = form_text(&r->form, "username");
    const char *password = form_text(&r->form, "password");
    if (!username || !password) {
        login_page(r, 422, r->form.first_error ? r->form.first_error : "Fyll i användarnamn och lösenord.", username);
        return;
    }
    dl_error e;
    dl_error_clear(&e);
    int64_t now = clock_now();
    dl_err rc = throttle_check(r->db, r->client, now, CLIENT_MAX_FAILURES, CLIENT_WINDOW_SECONDS, &e);
    if (rc == DL_ELOCKED) {
        res_header(r, "Retry-After", "900");
        login_page(r, 429, "För många misslyckade inloggningar från din adress. Vänta en kvart och försök igen.", username);
        return;
    }
    if (rc != DL_OK) { res_error(r, 503, "Databasen svarar inte just nu. Försök igen om en stund."); return; }

    user u;
    rc = user_by_username(r->db, r->a, username, &u, &e);
    if (rc != DL_OK && rc != DL_ENOTFOUND) { res_error(r, 503, "Databasen svarar inte just nu. Försök igen om en stund."); return; }
    int known = rc == DL_OK;
    if (known && u.locked_until > now) {
        char until[32], msg[200];
        clock_local_minute(u.locked_until, until);
        snprintf(msg, sizeof msg, "%s %s.", tr(r, "Kontot är tillfälligt låst efter för många misslyckade försök. Försök igen efter"), until);
        char retry[24];
        snprintf(retry, sizeof retry, "%" PRId64, u.locked_until - now);
        res_header(r, "Retry-After", retry);
        login_page(r, 429, msg, username);
        return;
    }
    int ok = password_verify(known ? u.password_hash : dummy_hash(), password) && known && !u.disabled;
    audit_actor who = {known ? u.id : 0, known ? u.username : "public"};
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, known ? u.id : (int64_t)0);
    if (!ok) {
        /* All of it in one transaction: counters, lockout, audit. */
        if (db_begin(r->db, &e) == DL_OK) {
            rc = throttle_fail(r->db, r->client, now, CLIENT_WINDOW_SECONDS, &e);
            int64_t failures = 0;
            if (rc == DL_OK && known) rc = user_record_failure(r->db, u.id, now, &failures, &e);
            if (rc == DL_OK && known && lockout_until((int)failures, now))
                rc = user_set_locked_until(r->db, u.id, lockout_until((int)failures, now), &e);
            if (rc == DL_OK) rc = audit_append(r->db, &who, "auth.login_failed", "user", idt, NULL, NULL, "", &e);
            if (rc == DL_OK) db_commit(r->db, &e); else db_rollback(r->db);
        }
        login_page(r, 401, "Fel användarnamn eller lösenord.", username);
        return;
    }
    rc = db_begin(r->db, &e);
    if (rc == DL_OK) rc = user_clear_failures(r->db, u.id, &e);
    if (rc == DL_OK) rc = session_web_begin(r, u.id, &e);
    if (rc == DL_OK) rc = audit_append(r->db, &who, "auth.login", "user", idt, NULL, NULL, "", &e);
    if (rc == DL_OK) rc = db_commit(r->db, &e);
    else db_rollback(r->db);
    if (rc != DL_OK) { res_error(r, 503, "Inloggningen kunde inte sparas. Försök igen om en stund."); return; }
    if (u.language[0]) session_web_set_cookie(r, "lang", u.language, 365 * 24 * 3600);
    const char *next = form_text(&r->form, "next");
    res_redirect(r, safe_next(next) ? next : "/");
}

void h_logout(request *r)
{
    dl_error e;
    audit_actor who = actor_of(r);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, r->user_id);
    if (db_begin(r->db, &e) == DL_OK) {
        session_web_end(r);
        if (audit_append(r->db, &who, "auth.logout", "user", idt, NULL, NULL, "", &e) == DL_OK) db_commit(r->db, &e);
        else db_rollback(r->db);
    }
    res_redirect(r, "/");
}

static void password_page(request *r, int status, const char *error, int changed)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, 500, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_bool(c, "changed", changed);
    res_page(r, status, "password.html", "Byt lösenord", c);
}

void h_password_form(request *r) { password_page(r, 200, NULL, req_query(r, "changed") != NULL); }

void h_password(request *r)
{
    const char *current = form_text(&r->form, "current");
    const char *fresh = form_text(&r->form, "new");
    const char *confirm = form_text(&r->form, "confirm");
    if (!current || !fresh || !confirm) {
        password_page(r, 422, r->form.first_error ? r->form.first_error : tr(r, "Fyll i alla fält."), 0);
        return;
    }
    dl_error e;
    dl_error_clear(&e);
    user u;
    if (user_by_id(r->db, r->a, r->user_id, &u, &e) != DL_OK) { res_error(r, 503, "Databasen svarar inte just nu."); return; }
    if (!password_verify(u.password_hash, current)) {
        password_page(r, 422, tr(r, "Det nuvarande lösenordet stämmer inte."), 0);
        return;
    }
    if (strcmp(fresh, confirm) != 0) {
        password_page(r, 422, tr(r, "De två nya lösenorden är inte lika."), 0);
        return;
    }
    audit_actor who = actor_of(r);
    dl_err rc = account_set_password(r->db, &who, u.id, u.username, fresh, r->session_token, &e);
    if (rc != DL_OK) { password_page(r, status_for(rc), error_message(r, rc, &e), 0); return; }
    res_redirect(r, "/account/password?changed=1");
}
