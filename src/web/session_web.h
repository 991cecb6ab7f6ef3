/* session_web.h — sessions as the web layer sees them: the session cookie,
 * the signed-in user and their grants, and the CSRF token bound to the
 * session (or, before sign-in, to an anonymous cookie). */
#ifndef DATALOTS_SESSION_WEB_H
#define DATALOTS_SESSION_WEB_H

#include "web/http.h"
#include "store/sessions.h"

#define SESSION_COOKIE "dl_session"
#define ANON_CSRF_COOKIE "dl_csrf"
/* Marks a browser an account has signed in from (store/signin.h). */
#define DEVICE_COOKIE "dl_device"
/* Binds an OpenID Connect sign-in's state to the browser that started it
 * (handlers/oidc_login.c); cleared at sign-out. */
#define OIDC_BROWSER_COOKIE "dl_oidc"

/* Reads the cookies; fills r->user_*, grants and the CSRF token. An expired
 * session is dropped (and its cookie deleted); a store error answers 503. */
void session_web_load(request *r);
/* Makes sure r->csrf_token exists, creating the anonymous cookie if needed. */
void session_web_ensure_csrf(request *r);
/* After a sign-in the store recorded (store/signin.c): the session cookie,
 * the signed-in user and a CSRF token bound to the new session. */
void session_web_adopt(request *r, int64_t user_id, const char *token);
/* After a sign-out the store recorded: deletes the cookie, forgets the user. */
void session_web_forget(request *r);
session_limits session_web_limits(const request *r);
/* Sets a cookie with the app's Secure setting. max_age -1 session, 0 delete. */
void session_web_set_cookie(request *r, const char *name, const char *value, int max_age);

#endif
