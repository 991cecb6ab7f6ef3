/* login.c — sign-in, sign-out and changing one's own password. The limits
 * on guessing (back-off per account and source, known devices, a limit per
 * address) and every transaction are in store/signin.c; this file asks it
 * and answers. A name that is no account gets the same argon2 work, the
 * same counting and the same words as a real one, and the answer never
 * says which of username or password was wrong. */
#include "web/handlers/handlers.h"
#include "web/session_web.h"
#include "store/accounts.h"
#include "store/oidc.h"
#include "store/signin.h"
#include "store/users.h"
#include "core/clock.h"
#include "crypto/password_hash.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>


static void login_page(request *r, int status, const char *error_sv, const char *username)
{
    session_web_ensure_csrf(r); /* the one form an anonymous visitor posts */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const char *next = form_text_at(&r->form, LOGIN_NEXT);
    if (!next) next = query_at(r, LOGIN_Q_NEXT)->text;
    tmpl_set_str(c, "next", safe_next(next) ? next : "");
    tmpl_set_str(c, "error", error_sv ? tr(r, error_sv) : "");
    tmpl_set_str(c, "username_value", username);
    tmpl_set_bool(c, "expired", query_at(r, LOGIN_Q_EXPIRED)->num);
    /* A button for each provider that signs in here (store/oidc.h). */
    oidc_provider providers[16];
    int n = 0;
    dl_error e = {0};
    if (oidc_provider_list(r->db, r->a, providers, 16, &n, &e) != DL_OK) n = 0; /* the password form still works */
    tmpl_set_list(c, "providers");
    for (int i = 0; i < n; i++) {
        if (providers[i].disabled) continue;
        tmpl_ctx *row = tmpl_list_append(c, "providers");
        if (!row) break;
        tmpl_set_str(row, "label", r->lang == LANG_EN && *providers[i].label_en ? providers[i].label_en : providers[i].label);
        strbuf href;
        sb_init(&href, 128);
        sb_printf(&href, "/login/oidc/%s", providers[i].name);
        if (safe_next(next) && strcmp(next, "/") != 0) {
            sb_puts(&href, "?next=");
            url_component_escape_append(&href, next, strlen(next));
        }
        tmpl_set_str(row, "href", sb_cstr(&href));
        sb_free(&href);
    }
    res_page(r, status, "login.html", "Logga in", c);
}

void login_page_show(request *r, int status, const char *error_sv) { login_page(r, status, error_sv, NULL); }

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

void login_prepare(void) { (void)dummy_hash(); }

/* When a lock ends, as a person reads it: "08:45" today (locks last an
 * hour at most), else "2026-12-07 00:10" with a no-break space so the time
 * never wraps away from its date; and Retry-After in seconds (at least 1). */
static void say_until(request *r, int64_t until, char out[40])
{
    char local[32], day[16], today[16];
    clock_local_minute(until, local);
    clock_local_date(until, day);
    clock_local_date(clock_now(), today);
    char *blank = strchr(local, ' ');
    if (blank && strcmp(day, today) == 0) snprintf(out, 40, "%s", blank + 1);
    else if (blank) {
        *blank = '\0';
        snprintf(out, 40, "%s\u00a0%s", local, blank + 1);
    } else snprintf(out, 40, "%s", local);
    char retry[24];
    int64_t wait = until - clock_now();
    snprintf(retry, sizeof retry, "%" PRId64, wait > 0 ? wait : 1);
    res_header(r, "Retry-After", retry);
}

/* The answer to a refused attempt: the same words and status for every
 * name, real or not (both are counted the same way, store/signin.h). */
static void refuse(request *r, const signin_ticket *t, const char *username)
{
    char until[40], msg[300];
    say_until(r, t->locked_until, until);
    if (t->verdict == SIGNIN_ADDRESS_LIMIT)
        snprintf(msg, sizeof msg, "%s %s.",
                 tr(r, "För många misslyckade inloggningar från din adress. Försök igen efter"), until);
    else
        snprintf(msg, sizeof msg, "%s %s. %s",
                 tr(r, "Kontot är tillfälligt låst härifrån efter för många misslyckade försök. Försök igen efter"),
                 until, tr(r, "Från en dator där du har loggat in förut kommer du in som vanligt."));
    login_page(r, http_status_of(DL_ELOCKED), msg, username);
}

void h_login(request *r)
{
    const char *username = form_text_at(&r->form, LOGIN_USERNAME);
    const char *password = form_text_at(&r->form, LOGIN_PASSWORD);
    if (!username || !password) {
        login_page(r, http_status_of(DL_EINVAL), r->form.first_error ? r->form.first_error : "Fyll i användarnamn och lösenord.", username);
        return;
    }
    dl_error e = {0};
    dl_error_clear(&e);
    user u;
    dl_err rc = user_by_username(r->db, r->a, username, &u, &e);
    if (rc != DL_OK && rc != DL_ENOTFOUND) { res_error_from(r, rc, &e); return; }
    int known = rc == DL_OK;
    const char *device = req_cookie(r, DEVICE_COOKIE);
    signin_attempt at = {.account = username, .user_id = known ? u.id : 0, .client = r->client,
                         .device_token = device, .now = clock_now()};
    signin_ticket t;
    if (signin_admit(r->db, &at, &t, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    if (t.verdict != SIGNIN_ADMIT) { refuse(r, &t, username); return; }

    /* The argon2 work is the same for every name: an unknown one (or an
     * account without a password) is checked against a dummy hash. */
    int has_hash = known && u.password_hash[0];
    int ok = password_verify(has_hash ? u.password_hash : dummy_hash(), password) && has_hash && !u.disabled;
    if (!ok) {
        if (signin_failed(r->db, &at, &t, &e) != DL_OK) {
            res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
            return;
        }
        login_page(r, http_status_of(DL_EAUTH), "Fel användarnamn eller lösenord.", username);
        return;
    }
    /* The right password, but this kind of account signs in through the
     * organisation's identity provider (oidc passwords --for …): said only
     * to someone who knew the password, and audited. */
    oidc_password_policy policy;
    int staff = 0;
    if (oidc_password_policy_get(r->db, &policy, &e) != DL_OK || oidc_user_is_staff(r->db, u.id, &staff, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    if (!oidc_password_allowed(policy, staff)) {
        audit_actor self = {u.id, u.username};
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, u.id);
        if (audit_append_tx(r->db, &self, "auth.password_refused", "user", idt, oidc_password_policy_keys[policy], &e) != DL_OK) {
            res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
            return;
        }
        login_page(r, http_status_of(DL_EDENIED),
                   staff ? "Personal loggar in via organisationens identitetstjänst, inte med lösenord. Använd knappen nedan."
                         : "Sökande loggar in via en e-legitimation, inte med lösenord. Använd knappen nedan.",
                   username);
        return;
    }
    char session[65], device_out[65];
    if (signin_succeeded(r->db, &at, &t, u.username, r->session_token, session, device_out, &e) != DL_OK) {
        res_error_with(r, e.code != DL_OK ? e.code : DL_EDB, &e, "Inloggningen kunde inte sparas. Försök igen om en stund.");
        return;
    }
    /* A hash made with weaker argon2id limits is renewed now, while the
     * password is at hand (one more argon2 run, once per account), after
     * the sign-in is stored: its failure is logged, never in the way. */
    char fresh[PASSWORD_HASH_MAX];
    if (password_needs_rehash(u.password_hash) && password_hash(password, fresh, NULL) == DL_OK) {
        int renewed = 0;
        if (signin_renew_hash(r->db, u.id, u.username, u.password_hash, fresh, &renewed, &e) != DL_OK)
            fprintf(stderr, "datalots serve: the password hash of account %" PRId64 " was not renewed: %s\n", u.id,
                    e.msg[0] ? e.msg : dl_strerror(e.code));
    }
    session_web_adopt(r, u.id, session);
    session_web_set_cookie(r, DEVICE_COOKIE, device_out, SIGNIN_DEVICE_SECONDS);
    if (u.language[0]) session_web_set_cookie(r, "lang", u.language, 365 * 24 * 3600);
    redirect_local(r, form_text_at(&r->form, LOGIN_NEXT));
}

void h_logout(request *r)
{
    dl_error e = {0};
    audit_actor who = actor_of(r);
    int64_t provider_id = 0;
    if (oidc_session_provider(r->db, r->session_token, &provider_id, &e) != DL_OK ||
        signout(r->db, &who, r->session_token, &e) != DL_OK) {
        res_error_with(r, e.code != DL_OK ? e.code : DL_EDB, &e, "Du har inte loggats ut, eftersom databasen inte svarar just nu. Försök igen om en stund.");
        return;
    }
    session_web_forget(r);
    session_web_set_cookie(r, OIDC_BROWSER_COOKIE, "", 0); /* a sign-in or link begun before is over */
    /* Signed in through a provider: on to its sign-out too (store/oidc.h). */
    const char *provider_signout = oidc_signout_destination(r, provider_id);
    res_redirect(r, provider_signout ? provider_signout : "/");
}

static void password_page(request *r, int status, const char *error, int changed)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_str(c, "error", error ? error : "");
    tmpl_set_bool(c, "changed", changed);
    tmpl_set_bool(c, "linked", query_at(r, PASSWORD_Q_LINKED)->num);
    /* Sign-in through the organisation: the identity linked, or a button
     * per provider to link one (handlers/oidc_login.c). */
    const char *provider = NULL, *subject = NULL;
    oidc_provider providers[16];
    int n = 0;
    dl_error e = {0};
    if (oidc_user_identity(r->db, r->a, r->user_id, r->lang == LANG_EN, &provider, &subject, &e) != DL_OK ||
        oidc_provider_list(r->db, r->a, providers, 16, &n, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    tmpl_set_str(c, "identity_provider", provider);
    /* An account made by a provider has no password to change. */
    user self;
    if (user_by_id(r->db, r->a, r->user_id, &self, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    tmpl_set_bool(c, "has_password", self.password_hash && self.password_hash[0]);
    tmpl_set_list(c, "providers");
    for (int i = 0; !subject && i < n; i++) {
        if (providers[i].disabled) continue;
        tmpl_ctx *row = tmpl_list_append(c, "providers");
        if (!row) break;
        tmpl_set_str(row, "label", r->lang == LANG_EN && *providers[i].label_en ? providers[i].label_en : providers[i].label);
        tmpl_set_str(row, "action", arena_printf(r->a, "/account/oidc/%s/link", providers[i].name));
    }
    res_page(r, status, "password.html", "Byt lösenord", c);
}

void h_password_form(request *r) { password_page(r, 200, NULL, query_at(r, PASSWORD_Q_CHANGED)->num); }

void h_password(request *r)
{
    const char *current = form_text_at(&r->form, PASSWORD_CURRENT);
    const char *fresh = form_text_at(&r->form, PASSWORD_NEW);
    const char *confirm = form_text_at(&r->form, PASSWORD_CONFIRM);
    if (!current || !fresh || !confirm) {
        password_page(r, http_status_of(DL_EINVAL), r->form.first_error ? r->form.first_error : tr(r, "Fyll i alla fält."), 0);
        return;
    }
    dl_error e = {0};
    dl_error_clear(&e);
    user u;
    if (user_by_id(r->db, r->a, r->user_id, &u, &e) != DL_OK) { res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e); return; }
    /* Someone holding a stolen session may not guess the password: the
     * same back-off as sign-in, counted before the check, and audited. */
    audit_actor self = {u.id, u.username};
    int64_t locked_until = 0;
    dl_err rc = password_attempt_admit(r->db, &self, r->session_token, clock_now(), &locked_until, &e);
    if (rc == DL_ELOCKED) {
        char until[40], msg[240];
        say_until(r, locked_until, until);
        snprintf(msg, sizeof msg, "%s %s.",
                 tr(r, "För många felaktiga försök med det nuvarande lösenordet. Försök igen efter"), until);
        password_page(r, http_status_of(DL_ELOCKED), msg, 0);
        return;
    }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    if (!u.password_hash[0] || !password_verify(u.password_hash, current)) {
        if (password_attempt_failed(r->db, &self, &e) != DL_OK) {
            res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
            return;
        }
        password_page(r, http_status_of(DL_EINVAL), tr(r, "Det nuvarande lösenordet stämmer inte."), 0);
        return;
    }
    if (password_attempt_passed(r->db, &self, r->session_token, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    if (strcmp(fresh, confirm) != 0) {
        password_page(r, http_status_of(DL_EINVAL), tr(r, "De två nya lösenorden är inte lika."), 0);
        return;
    }
    rc = account_set_password(r->db, &self, u.id, u.username, fresh, r->session_token, &e);
    if (rc != DL_OK) { password_page(r, http_status_of(rc), error_message(r, rc, &e), 0); return; }
    res_redirect(r, "/account/password?changed=1");
}
