/* network_edit.c — the network coordinator adds to the network
 * (ACT_NETWORK_EDIT, docs/network.md):
 *   GET/POST /natverk/ny     a member with one contact person
 *   GET/POST /kalender/ny    an event (times in Stockholm time)
 *   GET/POST /nyheter/ny     a news post, published at once
 * and changes or removes them (…/ID/andra, …/ID/ta-bort); a member's change
 * page also lists its contact people, each changed or removed on its own
 * (POST /natverk/ID/kontakter/CID/andra, …/ta-bort), and adds another
 * (POST /natverk/ID/kontakter). A refusal shows the form again with what
 * was written and the store's sentence; success goes to the page (303). */
#include "web/handlers/handlers.h"
#include "web/handlers/network_edit_fields.h"
#include "web/app.h"
#include "web/template.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/deadline.h"
#include "store/network.h"
#include "store/network_edit.h"

#include <stdlib.h>
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
    dl_error e = {0};
    if (!rows || network_members(r->db, r->a, "-", rows, &n, &e) != DL_OK) n = 0;
    tmpl_set_list(c, "members");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *o = tmpl_list_append(c, "members");
        if (!o) continue;
        tmpl_set_int(o, "value", rows[i].id);
        tmpl_set_str(o, "name", rows[i].name);
        tmpl_set_bool(o, "selected", rows[i].id == chosen);
    }
}


/* A member's contact people on its change page, each with its own form;
 * the one whose form was posted (contact_form: its id, 0 the form to add
 * one, -1 none) keeps what was written. */
static void contacts_to(request *r, tmpl_ctx *c, int64_t id, int64_t contact_form)
{
    const form *f = &r->form;
    network_member_rec m;
    dl_error e = {0};
    if (network_member_get(r->db, r->a, id, &m, &e) != DL_OK) m.n_contacts = 0;
    tmpl_set_list(c, "contacts");
    for (int i = 0; i < m.n_contacts; i++) {
        tmpl_ctx *k = tmpl_list_append(c, "contacts");
        if (!k) continue;
        int mine = contact_form == m.contacts[i].id;
        tmpl_set_int(k, "cid", m.contacts[i].id);
        tmpl_set_str(k, "shown_name", m.contacts[i].name);
        tmpl_set_str(k, "c_namn", mine ? form_text_at(f, NETC_NAME) : m.contacts[i].name);
        tmpl_set_str(k, "c_epost", mine ? form_text_at(f, NETC_EMAIL) : m.contacts[i].email);
        tmpl_set_str(k, "c_roll", mine ? form_text_at(f, NETC_ROLE) : m.contacts[i].role);
    }
    tmpl_set_bool(c, "removable", m.n_contacts > 1);
    tmpl_set_bool(c, "room", m.n_contacts < NETWORK_CONTACTS_MAX);
    tmpl_set_int(c, "contacts_max", NETWORK_CONTACTS_MAX);
    int adding = contact_form == 0;
    tmpl_set_str(c, "n_namn", adding ? form_text_at(f, NETC_NAME) : "");
    tmpl_set_str(c, "n_epost", adding ? form_text_at(f, NETC_EMAIL) : "");
    tmpl_set_str(c, "n_roll", adding ? form_text_at(f, NETC_ROLE) : "");
}

/* The form page of kind ("member", "event", "news"): a new one (id 0) or
 * changing id, with the values posted (from_form), else vals (the stored
 * ones, in field order), else empty; contact_form as for contacts_to. */
static void edit_page_of(request *r, int status, const char *kind, const char *error, int64_t id,
                         const char *const *vals, int from_form, int64_t contact_form)
{
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const form *f = &r->form;
    int posted = from_form;
    tmpl_set_str(c, "error", error);
    tmpl_set_bool(c, "member", strcmp(kind, "member") == 0);
    tmpl_set_bool(c, "event", strcmp(kind, "event") == 0);
    tmpl_set_bool(c, "news", strcmp(kind, "news") == 0);
    tmpl_set_bool(c, "editing", id > 0);
    tmpl_set_int(c, "id", id);
    const char *base = strcmp(kind, "member") == 0 ? "/natverk" : strcmp(kind, "event") == 0 ? "/kalender" : "/nyheter";
    tmpl_set_str(c, "action", id ? arena_printf(r->a, "%s/%lld/andra", base, (long long)id)
                                 : arena_printf(r->a, "%s/ny", base));
    tmpl_set_str(c, "remove", arena_printf(r->a, "%s/%lld/ta-bort", base, (long long)id));
    tmpl_set_str(c, "page", arena_printf(r->a, "%s/%lld", base, (long long)id));
    const char *title = id ? "Ändra medlem" : "Ny medlem i nätverket";
    static const char *const mkeys[NETM__MAX] = {"namn", "erbjuder", "stoder", "webbplats", "kontakt", "epost"};
    static const char *const ekeys[NETE__MAX] = {"medlem", "slag", "titel", "beskrivning", "borjar", "slutar",
                                                 "plats", "lank", "platser", "stanger"};
    static const char *const nkeys[NETN__MAX] = {"medlem", "titel", "text"};
    const char *const *keys = mkeys;
    int n = NETM__MAX;
    if (strcmp(kind, "event") == 0) keys = ekeys, n = NETE__MAX, title = id ? "Ändra evenemang" : "Nytt evenemang i kalendern";
    if (strcmp(kind, "news") == 0) keys = nkeys, n = NETN__MAX, title = id ? "Ändra nyhet" : "Ny nyhet";
    if (strcmp(kind, "member") == 0 && id) n = NETM_CONTACT; /* the contact people have forms of their own */
    for (int i = 0; i < n; i++)
        tmpl_set_str(c, keys[i], posted ? form_text_at(f, (size_t)i) : vals && vals[i] ? vals[i] : "");
    if (strcmp(kind, "member") == 0 && id) contacts_to(r, c, id, contact_form);
    if (strcmp(kind, "member") != 0) {
        /* the member field is the first of both the event's and the news form */
        const char *m = posted ? form_text_at(f, 0) : vals ? vals[0] : NULL;
        members_to(r, c, m ? strtoll(m, NULL, 10) : 0);
    }
    if (strcmp(kind, "event") == 0) {
        const char *k = posted ? form_text_at(f, NETE_KIND) : vals ? vals[NETE_KIND] : "";
        tmpl_set_bool(c, "k_seminar", k && strcmp(k, "seminar") == 0);
        tmpl_set_bool(c, "k_conference", k && strcmp(k, "conference") == 0);
        tmpl_set_bool(c, "k_meeting", k && strcmp(k, "meeting") == 0);
    }
    res_page(r, status, "network_edit.html", title, c);
}

static void edit_page(request *r, int status, const char *kind, const char *error, int64_t id,
                      const char *const *vals)
{
    edit_page_of(r, status, kind, error, id, vals, r->form.n > 0, -1);
}

void h_network_member_new(request *r) { edit_page(r, 200, "member", "", 0, NULL); }
void h_calendar_event_new(request *r) { edit_page(r, 200, "event", "", 0, NULL); }
void h_news_new(request *r) { edit_page(r, 200, "news", "", 0, NULL); }

/* A refused save: 404 for a change of what is not there (the store says
 * DL_ENOTFOUND only for that; a wrong choice in the form is DL_EINVAL),
 * else the form again with the sentence. */
static void refused(request *r, const char *kind, int64_t id, dl_err rc, const dl_error *e)
{
    if (id && rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, e->msg); return; }
    /* A new one's DL_ENOTFOUND names a choice in the form that is not there: the form's fault. */
    edit_page(r, http_status_of(rc == DL_ENOTFOUND ? DL_EINVAL : rc), kind, error_message(r, rc, e), id, NULL);
}

/* POST /natverk/ny and /natverk/ID/andra */
static void member_save(request *r, int64_t id)
{
    const form *f = &r->form;
    if (f->n_errors) { edit_page(r, http_status_of(DL_EINVAL), "member", f->first_error, id, NULL); return; }
    network_member_in m = {form_text_at(f, NETM_NAME), form_text_at(f, NETM_OFFERS), form_text_at(f, NETM_SERVES),
                           form_text_at(f, NETM_WEBSITE), NULL, NULL};
    if (!id) m.contact_name = form_text_at(f, NETM_CONTACT), m.contact_email = form_text_at(f, NETM_EMAIL);
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = id ? network_member_update(r->db, &who, id, &m, &e)
                   : network_member_add(r->db, &who, &m, clock_now(), &id, &e);
    if (rc != DL_OK) { refused(r, "member", id, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/natverk/%lld", (long long)id));
}

/* POST /kalender/ny and /kalender/ID/andra */
static void event_save(request *r, int64_t id)
{
    const form *f = &r->form;
    if (f->n_errors) { edit_page(r, http_status_of(DL_EINVAL), "event", f->first_error, id, NULL); return; }
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
    if (!v.starts || !v.ends || (closes && *closes && !(v.closes = stockholm_local(closes)))) {
        edit_page(r, http_status_of(DL_EINVAL), "event", tr(r, "Skriv tiderna som 2027-03-15T13:00 (svensk tid)."), id, NULL);
        return;
    }
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = id ? network_event_update(r->db, &who, id, &v, clock_now(), &e)
                   : network_event_add(r->db, &who, &v, clock_now(), &id, &e);
    if (rc != DL_OK) { refused(r, "event", id, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/kalender/%lld", (long long)id));
}

/* POST /nyheter/ny and /nyheter/ID/andra */
static void news_save(request *r, int64_t id)
{
    const form *f = &r->form;
    if (f->n_errors) { edit_page(r, http_status_of(DL_EINVAL), "news", f->first_error, id, NULL); return; }
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    int64_t member = form_at(f, NETN_MEMBER)->num;
    const char *title = form_text_at(f, NETN_TITLE), *body = form_text_at(f, NETN_BODY);
    dl_err rc = id ? network_news_update(r->db, &who, id, member, title, body, clock_now(), &e)
                   : network_news_add(r->db, &who, member, title, body, clock_now(), &id, &e);
    if (rc != DL_OK) { refused(r, "news", id, rc, &e); return; }
    res_redirect(r, arena_printf(r->a, "/nyheter/%lld", (long long)id));
}

void h_network_member_add(request *r) { member_save(r, 0); }
void h_calendar_event_add(request *r) { event_save(r, 0); }
void h_news_add(request *r) { news_save(r, 0); }

/* A path's id that is a number of a row, else a 404 page. */
static int64_t path_id(request *r)
{
    int64_t id = req_param_id(r, 0);
    if (id <= 0) res_error(r, DL_ENOTFOUND, "Det finns ingen sådan sida.");
    return id > 0 ? id : 0;
}

static const char *num_text(request *r, int64_t n) { return arena_printf(r->a, "%lld", (long long)n); }

/* A stored UTC instant as the form's datetime-local value (Stockholm). */
static const char *form_time(request *r, const char *utc)
{
    char out[32];
    clock_local_minute(clock_parse_iso_utc(utc), out);
    if (strlen(out) >= 16) out[10] = 'T';
    return arena_strdup(r->a, out);
}

void h_network_member_edit(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    network_member_rec m;
    dl_error e = {0};
    dl_err rc = network_member_get(r->db, r->a, id, &m, &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan medlem i nätverket."); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    const char *vals[NETM__MAX] = {m.name, m.offers, m.serves, m.website, "", ""};
    edit_page(r, 200, "member", "", id, vals);
}

void h_calendar_event_edit(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    network_event_rec v;
    dl_error e = {0};
    dl_err rc = network_event_get(r->db, r->a, id, &v, &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern."); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    /* a closing time equal to the start is the default: shown empty */
    const char *closes = strcmp(v.registration_closes, v.starts_at) ? form_time(r, v.registration_closes) : "";
    const char *vals[NETE__MAX] = {num_text(r, v.member_id), v.kind, v.title, v.description, form_time(r, v.starts_at),
                                   form_time(r, v.ends_at), v.place, v.online_url, num_text(r, v.seats), closes};
    edit_page(r, 200, "event", "", id, vals);
}

void h_news_edit(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    network_news_rec p;
    dl_error e = {0};
    char now[32];
    clock_iso_utc(clock_now(), now);
    dl_err rc = network_news_get(r->db, r->a, now, id, &p, &e);
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan nyhet."); return; }
    if (rc != DL_OK) { res_error_from(r, rc, &e); return; }
    const char *vals[NETN__MAX] = {num_text(r, p.member_id), p.title, p.body};
    edit_page(r, 200, "news", "", id, vals);
}

void h_network_member_change(request *r)
{
    int64_t id = path_id(r);
    if (id) member_save(r, id);
}

void h_calendar_event_change(request *r)
{
    int64_t id = path_id(r);
    if (id) event_save(r, id);
}

void h_news_change(request *r)
{
    int64_t id = path_id(r);
    if (id) news_save(r, id);
}

/* POST …/ID/ta-bort: gone, to the list; refused, a page with the sentence. */
static void removed(request *r, dl_err rc, const dl_error *e, const char *list)
{
    if (rc == DL_OK) { res_redirect(r, list); return; }
    res_error(r, rc, error_message(r, rc, e));
}

void h_network_member_remove(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    removed(r, network_member_remove(r->db, &who, id, &e), &e, "/natverk");
}

void h_calendar_event_remove(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    removed(r, network_event_remove(r->db, r->a, &who, id, clock_now(), &e), &e, "/kalender");
}

void h_news_remove(request *r)
{
    int64_t id = path_id(r);
    if (!id) return;
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    removed(r, network_news_remove(r->db, &who, id, &e), &e, "/nyheter");
}

/* ---- a member's contact people ---------------------------------------------------- */

/* A refused change of a contact: 404 when the member or contact is not
 * there, else the member's change page with the sentence and, in the form
 * posted (contact: its id, 0 the one to add), what was written. */
static void contact_refused(request *r, int64_t id, int64_t contact, dl_err rc, const char *msg)
{
    network_member_rec m;
    dl_error e = {0};
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, msg); return; }
    dl_err got = network_member_get(r->db, r->a, id, &m, &e);
    if (got == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan medlem i nätverket."); return; }
    if (got != DL_OK) { res_error_from(r, got, &e); return; }
    const char *vals[NETM__MAX] = {m.name, m.offers, m.serves, m.website, "", ""};
    edit_page_of(r, http_status_of(rc == DL_OK ? DL_EINVAL : rc), "member", msg, id, vals, 0, contact);
}

static void contact_saved(request *r, int64_t id)
{
    res_redirect(r, arena_printf(r->a, "/natverk/%lld/andra#kontakter", (long long)id));
}

/* POST /natverk/ID/kontakter and /natverk/ID/kontakter/CID/andra */
static void contact_save(request *r, int64_t id, int64_t contact)
{
    const form *f = &r->form;
    if (f->n_errors) { contact_refused(r, id, contact, DL_OK, f->first_error); return; }
    network_contact_in c = {form_text_at(f, NETC_NAME), form_text_at(f, NETC_EMAIL), form_text_at(f, NETC_ROLE)};
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    int64_t added = 0;
    dl_err rc = contact ? network_contact_update(r->db, &who, id, contact, &c, &e)
                        : network_contact_add(r->db, &who, id, &c, &added, &e);
    if (rc != DL_OK) { contact_refused(r, id, contact, rc, error_message(r, rc, &e)); return; }
    contact_saved(r, id);
}

/* The contact's id, the path's second number; else a 404 page. */
static int64_t contact_id(request *r)
{
    int64_t id = req_param_id(r, 1);
    if (id <= 0) res_error(r, DL_ENOTFOUND, "Medlemmen har ingen sådan kontaktperson.");
    return id > 0 ? id : 0;
}

void h_network_contact_add(request *r)
{
    int64_t id = path_id(r);
    if (id) contact_save(r, id, 0);
}

void h_network_contact_change(request *r)
{
    int64_t id = path_id(r), contact = id ? contact_id(r) : 0;
    if (contact) contact_save(r, id, contact);
}

void h_network_contact_remove(request *r)
{
    int64_t id = path_id(r), contact = id ? contact_id(r) : 0;
    if (!contact) return;
    audit_actor who = actor_of(r);
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = network_contact_remove(r->db, &who, id, contact, &e);
    if (rc != DL_OK) { contact_refused(r, id, -1, rc, error_message(r, rc, &e)); return; }
    contact_saved(r, id);
}
