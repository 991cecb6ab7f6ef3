/* network_edit.c — the network coordinator adds to the network
 * (ACT_NETWORK_EDIT, docs/network.md):
 *   GET/POST /natverk/ny     a member with one contact person
 *   GET/POST /kalender/ny    an event (times in Stockholm time)
 *   GET/POST /nyheter/ny     a news post, published at once
 * A refusal shows the form again with what was written and the store's
 * sentence; success goes to the new page (303). */
#include "web/handlers/handlers.h"
#include "web/handlers/network_edit_fields.h"
#include "web/app.h"
#include "web/template.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "store/network.h"
#include "store/network_edit.h"

#include <string.h>

/* "YYYY-MM-DDTHH:MM" in Stockholm time to UTC epoch seconds; 0 when it is
 * not one (or names an hour that does not exist in Stockholm). */
static int64_t stockholm_local(const char *s)
{
    if (!s || strlen(s) != 16 || s[10] != 'T' || s[13] != ':') return 0;
    cal_date d;
    if (!cal_parse_iso(s, 10, 2000, 2100, &d)) return 0;
    int h = cal_digits(s + 11, 2), m = cal_digits(s + 14, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59) return 0;
    int64_t naive = cal_to_days(d) * 86400 + h * 3600 + m * 60;
    int64_t t = naive - deadline_stockholm_offset(naive - 3600);
    if (t + deadline_stockholm_offset(t) != naive) t = naive - deadline_stockholm_offset(naive);
    return t + deadline_stockholm_offset(t) == naive ? t : 0;
}

static void members_to(request *r, tmpl_ctx *c, int64_t chosen)
{
    network_member_rec *rows = arena_alloc(r->a, sizeof *rows * NETWORK_LIST_MAX);
    int n = 0;
    dl_error e;
    if (!rows || network_members(r->db, r->a, "-", rows, &n, &e) != DL_OK) n = 0;
    for (int i = 0; i < n; i++) {
        tmpl_ctx *o = tmpl_list_append(c, "members");
        if (!o) continue;
        tmpl_set_int(o, "value", rows[i].id);
        tmpl_set_str(o, "name", rows[i].name);
        tmpl_set_bool(o, "selected", rows[i].id == chosen);
    }
}

static int edit_status(dl_err rc)
{
    return rc == DL_EINVAL ? 400 : rc == DL_ECONFLICT ? 409 : rc == DL_ENOTFOUND ? 400 : 503;
}

static const char *edit_message(request *r, dl_err rc, const dl_error *e)
{
    if (rc == DL_EINVAL || rc == DL_ECONFLICT || rc == DL_ENOTFOUND) return tr(r, e->msg);
    return tr(r, "Databasen svarar inte just nu. Försök igen om en stund.");
}

/* The form page of kind ("member", "event", "news"), with the values posted. */
static void edit_page(request *r, int status, const char *kind, const char *error)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, 500, "Servern fick slut på minne."); return; }
    const form *f = &r->form;
    int posted = f->n > 0;
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "member", strcmp(kind, "member") == 0);
    tmpl_set_bool(c, "event", strcmp(kind, "event") == 0);
    tmpl_set_bool(c, "news", strcmp(kind, "news") == 0);
    const char *title = "Ny medlem i nätverket";
    if (strcmp(kind, "member") == 0) {
        static const char *const keys[NETM__MAX] = {"namn", "erbjuder", "stoder", "webbplats", "kontakt", "epost"};
        for (int i = 0; i < NETM__MAX; i++) tmpl_set_str(c, keys[i], posted ? form_text_at(f, (size_t)i) : "");
    } else if (strcmp(kind, "event") == 0) {
        title = "Nytt evenemang i kalendern";
        static const char *const keys[NETE__MAX] = {"medlem", "slag", "titel", "beskrivning", "borjar", "slutar",
                                                    "plats", "lank", "platser", "stanger"};
        for (int i = 0; i < NETE__MAX; i++) tmpl_set_str(c, keys[i], posted ? form_text_at(f, (size_t)i) : "");
        const char *k = posted ? form_text_at(f, NETE_KIND) : "";
        tmpl_set_bool(c, "k_seminar", k && strcmp(k, "seminar") == 0);
        tmpl_set_bool(c, "k_conference", k && strcmp(k, "conference") == 0);
        tmpl_set_bool(c, "k_meeting", k && strcmp(k, "meeting") == 0);
        members_to(r, c, posted && form_at(f, NETE_MEMBER)->text ? form_at(f, NETE_MEMBER)->num : 0);
    } else {
        title = "Ny nyhet";
        static const char *const keys[NETN__MAX] = {"medlem", "titel", "text"};
        for (int i = 0; i < NETN__MAX; i++) tmpl_set_str(c, keys[i], posted ? form_text_at(f, (size_t)i) : "");
        members_to(r, c, posted && form_at(f, NETN_MEMBER)->text ? form_at(f, NETN_MEMBER)->num : 0);
    }
    res_page(r, status, "network_edit.html", title, c);
}

void h_network_member_new(request *r) { edit_page(r, 200, "member", ""); }
void h_calendar_event_new(request *r) { edit_page(r, 200, "event", ""); }
void h_news_new(request *r) { edit_page(r, 200, "news", ""); }

void h_network_member_add(request *r)
{
    const form *f = &r->form;
    if (f->n_errors) { edit_page(r, 400, "member", f->first_error); return; }
    network_member_in m = {form_text_at(f, NETM_NAME), form_text_at(f, NETM_OFFERS), form_text_at(f, NETM_SERVES),
                           form_text_at(f, NETM_WEBSITE), form_text_at(f, NETM_CONTACT), form_text_at(f, NETM_EMAIL)};
    audit_actor who = actor_of(r);
    int64_t id = 0;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = network_member_add(r->db, &who, &m, clock_now(), &id, &e);
    if (rc != DL_OK) { edit_page(r, edit_status(rc), "member", edit_message(r, rc, &e)); return; }
    res_redirect(r, arena_printf(r->a, "/natverk/%lld", (long long)id));
}

void h_calendar_event_add(request *r)
{
    const form *f = &r->form;
    if (f->n_errors) { edit_page(r, 400, "event", f->first_error); return; }
    network_event_in v = {
        .member_id = form_at(f, NETE_MEMBER)->num,
        .kind = form_text_at(f, NETE_KIND),
        .title = form_text_at(f, NETE_TITLE),
        .description = form_text_at(f, NETE_DESCRIPTION),
        .place = form_text_at(f, NETE_PLACE),
        .online_url = form_text_at(f, NETE_URL),
        .starts = stockholm_local(form_text_at(f, NETE_STARTS)),
        .ends = stockholm_local(form_text_at(f, NETE_ENDS)),
        .seats = form_at(f, NETE_SEATS)->text ? form_at(f, NETE_SEATS)->num : 0,
    };
    const char *closes = form_text_at(f, NETE_CLOSES);
    if (!v.starts || !v.ends) {
        edit_page(r, 400, "event", tr(r, "Skriv tiderna som 2027-03-15T13:00 (svensk tid)."));
        return;
    }
    if (closes && *closes && !(v.closes = stockholm_local(closes))) {
        edit_page(r, 400, "event", tr(r, "Skriv tiderna som 2027-03-15T13:00 (svensk tid)."));
        return;
    }
    audit_actor who = actor_of(r);
    int64_t id = 0;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = network_event_add(r->db, &who, &v, clock_now(), &id, &e);
    if (rc != DL_OK) { edit_page(r, edit_status(rc), "event", edit_message(r, rc, &e)); return; }
    res_redirect(r, arena_printf(r->a, "/kalender/%lld", (long long)id));
}

void h_news_add(request *r)
{
    const form *f = &r->form;
    if (f->n_errors) { edit_page(r, 400, "news", f->first_error); return; }
    audit_actor who = actor_of(r);
    int64_t id = 0;
    dl_error e;
    dl_error_clear(&e);
    dl_err rc = network_news_add(r->db, &who, form_at(f, NETN_MEMBER)->num, form_text_at(f, NETN_TITLE),
                                 form_text_at(f, NETN_BODY), clock_now(), &id, &e);
    if (rc != DL_OK) { edit_page(r, edit_status(rc), "news", edit_message(r, rc, &e)); return; }
    res_redirect(r, arena_printf(r->a, "/nyheter/%lld", (long long)id));
}
