/* obstacle_subscribe.c — anyone following a published obstacle by e-mail
 * (store/obstacle_subscription.h; docs/obstacles.md, "Subscribing"):
 *   GET  /hinder/ID/bevaka              the form: an address and a button
 *   POST /hinder/ID/bevaka              asks; the same page whatever the
 *                                       address (no telling who follows)
 *   GET  /hinder/bevakning/bekrafta?t=  the confirmation mail's link: a button
 *   POST /hinder/bevakning/bekrafta     the button: the subscription is live
 *   GET  /hinder/bevakning/avsluta?t=   every notification's link: a button
 *   POST /hinder/bevakning/avsluta      the button: the subscription is gone
 * A link's GET changes nothing (a mail scanner that opens links neither
 * confirms nor ends anything); only the button's POST does.
 *
 * Why the form is a page of its own and not on /hinder/ID: that page is
 * kept by the page cache (ROUTE_PAGE_CACHE) and sets no cookie. A form on
 * it would need the visitor's anonymous CSRF cookie, and the first visit
 * would have to set one: a page that sets a header is never kept, so
 * every visitor without the cookie — most readers of a public register,
 * and every crawler — would get the page rendered anew each time, and
 * would be handed a cookie for merely reading. So /hinder/ID carries a
 * section #bevaka with a link here, and this page (not cached) sets the
 * cookie its form is bound to, as the report form /hinder/ny does. All six
 * routes are ACT_OBSTACLE_REPORT: anyone may. */
#include "web/handlers/handlers.h"
#include "web/handlers/obstacle_subscribe_fields.h"
#include "web/app.h"
#include "web/session_web.h"
#include "core/clock.h"
#include "core/obstacle.h"
#include "core/obstacle_subscription.h"
#include "core/submit_limit.h"
#include "store/obstacle_register.h"
#include "store/obstacle_subscription.h"
#include "store/submit_limit.h"

#include <string.h>

/* The published obstacle of the path, or a 404 answered (0). */
static int published(request *r, obstacle_public *o)
{
    int64_t id = req_param_id(r, 0);
    dl_error e = {0};
    dl_err rc = id ? obstacle_register_get(r->db, r->a, id, o, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant hinder i det publika registret."); return 0; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return 0; }
    return 1;
}

/* A translated message format: format_arg keeps the arguments checked. */
__attribute__((format_arg(2))) static const char *tr_format(request *r, const char *msgid) { return tr(r, msgid); }

/* The form, empty or with what was sent and a sentence; or, once sent, the
 * page that says a mail is on its way. */
static void subscribe_page(request *r, int status, int64_t id, const char *error, int sent)
{
    session_web_ensure_csrf(r); /* a visitor new to the site posts this form */
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char ref[24];
    obstacle_reference(id, ref);
    tmpl_set_int(c, "id", id);
    tmpl_set_str(c, "reference", ref);
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "sent", sent);
    tmpl_set_str(c, "valid_for", arena_printf(r->a, tr_format(r, "Länken i brevet gäller i %d dagar."),
                                              SUBSCRIPTION_PENDING_DAYS));
    tmpl_set_str(c, "email_value", !sent && r->form.n ? form_text_at(&r->form, SUBSCRIBE_EMAIL) : "");
    res_page(r, status, "obstacle_subscribe.html", "Bevaka det här hindret", c);
}

void h_obstacle_subscribe_form(request *r)
{
    obstacle_public o;
    if (!published(r, &o)) return;
    subscribe_page(r, 200, o.id, NULL, 0);
}

/* Counts this request against its address (the flood limit of anonymous
 * submissions, its own count beside the reports'); a sentence when the
 * address has sent its share of this hour, else NULL. */
static const char *flood_refusal(request *r)
{
    int64_t now = clock_now(), until = 0;
    dl_error e = {0};
    if (submit_limit_take(r->db, r->app->secret, "obstacle_subscribe", r->client, r->app->cfg->reports_per_hour, now,
                          &until, &e) != DL_OK || !until)
        return NULL; /* a store that cannot count does not stop the request; storing it will say */
    return arena_printf(r->a, tr_format(r, "Många förfrågningar har kommit från din adress den senaste timmen. "
                                           "Försök igen om %d minuter."),
                        submit_limit_minutes_left(until, now));
}

void h_obstacle_subscribe(request *r)
{
    obstacle_public o;
    if (!published(r, &o)) return;
    const form *f = &r->form;
    const char *trap = form_text_at(f, SUBSCRIBE_TRAP);
    if (trap && *trap) {
        res_error(r, DL_EREQUEST, "Formuläret kunde inte tas emot: ett fält som ska vara tomt var ifyllt. "
                          "Ladda om sidan och skicka igen.");
        return;
    }
    if (f->n_errors) { subscribe_page(r, http_status_of(DL_EINVAL), o.id, f->first_error, 0); return; }
    const char *refusal = flood_refusal(r);
    if (refusal) { res_error(r, DL_ELOCKED, refusal); return; }
    dl_error e = {0};
    dl_err rc = obstacle_subscribe(r->db, o.id, form_text_at(f, SUBSCRIBE_EMAIL), r->app->cfg->public_url, clock_now(),
                                   NULL, &e);
    if (rc == DL_EINVAL) { subscribe_page(r, http_status_of(DL_EINVAL), o.id, tr(r, e.msg), 0); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    subscribe_page(r, 200, o.id, NULL, 1); /* the same whether the address already followed it or not */
}

/* The page a link opens, or the page after its button. */
static void link_page(request *r, obstacle_subscription_link kind, const char *token, int64_t id, int done)
{
    if (!done) session_web_ensure_csrf(r);
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    char ref[24];
    obstacle_reference(id, ref);
    tmpl_set_int(c, "id", id);
    tmpl_set_str(c, "reference", ref);
    tmpl_set_str(c, "token", token);
    tmpl_set_bool(c, "confirm", kind == OSL_CONFIRM);
    tmpl_set_bool(c, "done", done);
    tmpl_set_str(c, "action", kind == OSL_CONFIRM ? "/hinder/bevakning/bekrafta" : "/hinder/bevakning/avsluta");
    res_page(r, 200, "obstacle_subscription_link.html",
             kind == OSL_CONFIRM ? "Bekräfta bevakningen" : "Sluta bevaka hindret", c);
}

static void link_form(request *r, obstacle_subscription_link kind)
{
    const char *token = query_at(r, SUBSCRIPTION_LINK_Q_TOKEN)->text;
    int64_t id = 0;
    dl_error e = {0};
    dl_err rc = obstacle_subscription_link_check(r->db, kind, token, clock_now(), &id, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    link_page(r, kind, token, id, 0);
}

void h_obstacle_subscription_confirm_form(request *r) { link_form(r, OSL_CONFIRM); }
void h_obstacle_unsubscribe_form(request *r) { link_form(r, OSL_UNSUBSCRIBE); }

static void link_act(request *r, obstacle_subscription_link kind)
{
    const form *f = &r->form;
    if (f->n_errors) { res_error(r, DL_EREQUEST, f->first_error); return; }
    const char *token = form_text_at(f, SUBSCRIPTION_LINK_TOKEN);
    int64_t id = 0;
    dl_error e = {0};
    dl_err rc = kind == OSL_CONFIRM ? obstacle_subscription_confirm(r->db, token, clock_now(), &id, &e)
                                    : obstacle_unsubscribe(r->db, token, &id, &e);
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    link_page(r, kind, "", id, 1);
}

void h_obstacle_subscription_confirm(request *r) { link_act(r, OSL_CONFIRM); }
void h_obstacle_unsubscribe(request *r) { link_act(r, OSL_UNSUBSCRIBE); }
