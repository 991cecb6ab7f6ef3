/* network.c — the network of support functions and its shared calendar
 * (issue 15 item 1, docs/network.md), public and anonymous:
 *   /natverk                      the members, by name
 *   /natverk/ID                   one member: what it offers, whom it
 *                                 serves, its contact people, its events
 *   /natverk/ID/kalender.ics      the member's events as iCalendar
 *   /kalender                     the events; filters: medlem (a member's
 *                                 number) and tid (kommande, tidigare, alla)
 *   /kalender/ID                  one event
 *   /kalender.ics                 every event as iCalendar (RFC 5545)
 * Registration for an event is network_register.c.
 * Instants are stored in UTC and shown in Europe/Stockholm; the feeds carry
 * them in UTC with Z (core/ical.h). */
#include "web/handlers/handlers.h"
#include "web/handlers/network_fields.h"
#include "web/handlers/questions_view.h"
#include "web/app.h"
#include "web/template.h"
#include "core/authz.h"
#include "core/clock.h"
#include "core/ical.h"
#include "core/strbuf.h"
#include "store/network.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_EVENTS 200
#define FEED_EVENTS 500

/* only a web address is linked */
static const char *web_address(const char *u)
{
    return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0 ? u : "";
}

static const char *kind_label(request *r, const char *kind)
{
    if (strcmp(kind, "seminar") == 0) return tr(r, "Seminarium");
    if (strcmp(kind, "conference") == 0) return tr(r, "Konferens");
    if (strcmp(kind, "meeting") == 0) return tr(r, "Nätverksmöte");
    return kind;
}

static const char *local_minute(request *r, const char *utc)
{
    char out[32];
    clock_local_minute(clock_parse_iso_utc(utc), out);
    return arena_strdup(r->a, out);
}

static const char *now_text(request *r)
{
    char out[32];
    clock_iso_utc(clock_now(), out);
    return arena_strdup(r->a, out);
}

static void set_event(request *r, tmpl_ctx *c, const network_event_rec *v)
{
    if (!c) return;
    tmpl_set_int(c, "id", v->id);
    tmpl_set_int(c, "member_id", v->member_id);
    tmpl_set_str(c, "member", v->member_name);
    tmpl_set_str(c, "kind", kind_label(r, v->kind));
    tmpl_set_str(c, "title", v->title);
    tmpl_set_str(c, "description", v->description);
    tmpl_set_str(c, "starts", local_minute(r, v->starts_at));
    tmpl_set_str(c, "ends", local_minute(r, v->ends_at));
    tmpl_set_str(c, "starts_utc", v->starts_at);
    tmpl_set_str(c, "ends_utc", v->ends_at);
    tmpl_set_str(c, "place", v->place);
    tmpl_set_str(c, "online_url", web_address(v->online_url));
    tmpl_set_bool(c, "registration", v->seats > 0);
    tmpl_set_int(c, "seats", v->seats);
    tmpl_set_int(c, "left", v->seats > v->registered ? v->seats - v->registered : 0);
    tmpl_set_str(c, "closes", local_minute(r, v->registration_closes));
}

static void db_down(request *r) { res_error(r, DL_EDB, "Databasen svarar inte just nu. Försök igen om en stund."); }

void h_network(request *r)
{
    network_member_rec *rows = arena_alloc(r->a, sizeof *rows * NETWORK_LIST_MAX);
    int n = 0;
    dl_error e = {0};
    if (!rows) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (network_members(r->db, r->a, now_text(r), rows, &n, &e) != DL_OK) { db_down(r); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_list(c, "members");
    for (int i = 0; i < n; i++) {
        tmpl_ctx *m = tmpl_list_append(c, "members");
        if (!m) continue;
        tmpl_set_int(m, "id", rows[i].id);
        tmpl_set_str(m, "name", rows[i].name);
        tmpl_set_str(m, "offers", rows[i].offers);
        tmpl_set_str(m, "serves", rows[i].serves);
        tmpl_set_int(m, "upcoming", rows[i].upcoming);
    }
    tmpl_set_bool(c, "has_members", n > 0);
    tmpl_set_int(c, "total", n);
    tmpl_set_bool(c, "can_edit", authz_may_somewhere(&r->subject, ACT_NETWORK_EDIT));
    res_page(r, 200, "network.html", "Nätverket av stödfunktioner", c);
}

void h_network_member(request *r)
{
    int64_t id = req_param_id(r, 0);
    network_member_rec m;
    dl_error e = {0};
    dl_err rc = id ? network_member_get(r->db, r->a, id, &m, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan medlem i nätverket."); return; }
    if (rc != DL_OK) { db_down(r); return; }
    network_event_rec *ev = arena_alloc(r->a, sizeof *ev * PAGE_EVENTS);
    int n = 0;
    if (!ev) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (network_events(r->db, r->a, id, 1, now_text(r), PAGE_EVENTS, ev, &n, &e) != DL_OK) { db_down(r); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    tmpl_set_int(c, "id", m.id);
    tmpl_set_str(c, "name", m.name);
    tmpl_set_str(c, "offers", m.offers);
    tmpl_set_str(c, "serves", m.serves);
    tmpl_set_str(c, "website", web_address(m.website));
    tmpl_set_list(c, "contacts");
    for (int i = 0; i < m.n_contacts; i++) {
        tmpl_ctx *k = tmpl_list_append(c, "contacts");
        if (!k) continue;
        tmpl_set_str(k, "name", m.contacts[i].name);
        tmpl_set_str(k, "email", m.contacts[i].email);
        tmpl_set_str(k, "role", m.contacts[i].role);
    }
    tmpl_set_bool(c, "has_contacts", m.n_contacts > 0);
    tmpl_set_list(c, "events");
    for (int i = 0; i < n; i++) set_event(r, tmpl_list_append(c, "events"), &ev[i]);
    tmpl_set_bool(c, "has_events", n > 0);
    question_member_answers_to_ctx(r, c, m.id); /* the questions routed to it (docs/questions.md) */
    tmpl_set_bool(c, "can_edit", authz_may_somewhere(&r->subject, ACT_NETWORK_EDIT));
    res_page(r, 200, "network_member.html", m.name, c);
}

void h_calendar(request *r)
{
    const char *member = query_at(r, NETWORK_Q_MEMBER)->text;
    const char *when = query_at(r, NETWORK_Q_WHEN)->text;
    int64_t member_id = 0;
    int w = 1;
    if (member && *member) {
        char *end = NULL;
        long long v = strtoll(member, &end, 10);
        if (!end || *end || v <= 0 || member[0] < '0' || member[0] > '9') {
            res_error(r, DL_EREQUEST, "Arrangören anges med sitt nummer. Välj en arrangör i listan.");
            return;
        }
        member_id = v;
    }
    if (when && *when) {
        if (strcmp(when, "kommande") == 0) w = 1;
        else if (strcmp(when, "tidigare") == 0) w = -1;
        else if (strcmp(when, "alla") == 0) w = 0;
        else {
            res_error(r, DL_EREQUEST, "Tiden väljs bland kommande, tidigare och alla. Välj en av dem i listan.");
            return;
        }
    }
    network_member_rec *members = arena_alloc(r->a, sizeof *members * NETWORK_LIST_MAX);
    network_event_rec *ev = arena_alloc(r->a, sizeof *ev * PAGE_EVENTS);
    int n_members = 0, n = 0;
    dl_error e = {0};
    const char *now = now_text(r);
    if (!members || !ev) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (network_members(r->db, r->a, now, members, &n_members, &e) != DL_OK ||
        network_events(r->db, r->a, member_id, w, now, PAGE_EVENTS, ev, &n, &e) != DL_OK) {
        db_down(r);
        return;
    }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    const char *member_text = member_id ? arena_printf(r->a, "%lld", (long long)member_id) : "";
    tmpl_set_list(c, "members");
    for (int i = 0; i < n_members; i++) {
        tmpl_ctx *o = tmpl_list_append(c, "members");
        if (!o) continue;
        const char *v = arena_printf(r->a, "%lld", (long long)members[i].id);
        tmpl_set_str(o, "value", v);
        tmpl_set_str(o, "name", members[i].name);
        tmpl_set_bool(o, "selected", strcmp(v, member_text) == 0);
    }
    static const char *const when_keys[] = {"kommande", "tidigare", "alla"};
    static const char *const when_labels[] = {"Kommande", "Tidigare", "Alla"};
    const char *when_key = w == 1 ? "kommande" : w == -1 ? "tidigare" : "alla";
    tmpl_set_list(c, "whens");
    for (int i = 0; i < 3; i++) {
        tmpl_ctx *o = tmpl_list_append(c, "whens");
        if (!o) continue;
        tmpl_set_str(o, "value", when_keys[i]);
        tmpl_set_str(o, "name", tr(r, when_labels[i]));
        tmpl_set_bool(o, "selected", strcmp(when_key, when_keys[i]) == 0);
    }
    tmpl_set_list(c, "events");
    for (int i = 0; i < n; i++) set_event(r, tmpl_list_append(c, "events"), &ev[i]);
    tmpl_set_bool(c, "has_events", n > 0);
    tmpl_set_int(c, "total", n);
    tmpl_set_bool(c, "filtered", member_id || w != 1);
    tmpl_set_str(c, "member", member_text);
    tmpl_set_bool(c, "can_edit", authz_may_somewhere(&r->subject, ACT_NETWORK_EDIT));
    res_page(r, 200, "calendar.html", "Kalender för nätverket", c);
}

void h_calendar_event(request *r)
{
    int64_t id = req_param_id(r, 0);
    network_event_rec v;
    dl_error e = {0};
    dl_err rc = id ? network_event_get(r->db, r->a, id, &v, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern."); return; }
    if (rc != DL_OK) { db_down(r); return; }
    tmpl_ctx *c = page_ctx(r);
    if (!c) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    set_event(r, c, &v);
    tmpl_set_bool(c, "can_edit", authz_may_somewhere(&r->subject, ACT_NETWORK_EDIT));
    res_page(r, 200, "calendar_event.html", v.title, c);
}

/* ---- the iCalendar feeds ------------------------------------------------------ */

static void send_ics(request *r, int64_t member_id, const char *calname)
{
    network_event_rec *ev = arena_alloc(r->a, sizeof *ev * FEED_EVENTS);
    int n = 0;
    dl_error e = {0};
    if (!ev) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    if (network_events(r->db, r->a, member_id, 0, "-", FEED_EVENTS, ev, &n, &e) != DL_OK) { db_down(r); return; }
    const char *base = r->app->cfg->public_url;
    size_t bl = strlen(base);
    while (bl && base[bl - 1] == '/') bl--;
    const char *host = feed_tag_host(r, base);
    strbuf x;
    sb_init(&x, 16 * 1024);
    ical_begin(&x, calname);
    for (int i = 0; i < n; i++) {
        const network_event_rec *v = &ev[i];
        const char *desc = arena_printf(r->a, "%s%s%s: %s\n%.*s/kalender/%lld", v->description,
                                        *v->description ? "\n\n" : "", tr(r, "Arrangör"), v->member_name,
                                        (int)bl, base, (long long)v->id);
        ical_event ie = {
            .uid = arena_printf(r->a, "natverk-event-%lld@%s", (long long)v->id, host),
            .dtstamp = clock_parse_iso_utc(v->updated_at),
            .start = clock_parse_iso_utc(v->starts_at),
            .end = clock_parse_iso_utc(v->ends_at),
            .summary = v->title,
            .description = desc,
            .location = *v->place ? v->place : v->online_url,
            .url = *v->online_url ? v->online_url : arena_printf(r->a, "%.*s/kalender/%lld", (int)bl, base,
                                                                   (long long)v->id),
            .organizer = v->member_name,
        };
        ical_event_write(&x, &ie);
    }
    ical_end(&x);
    char *body = x.oom ? NULL : arena_strdup(r->a, sb_cstr(&x));
    sb_free(&x);
    if (!body) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return; }
    res_text(r, 200, "text/calendar; charset=utf-8", body);
}

void h_calendar_ics(request *r) { send_ics(r, 0, tr(r, "Kalender för nätverket")); }

void h_network_member_ics(request *r)
{
    int64_t id = req_param_id(r, 0);
    network_member_rec m;
    dl_error e = {0};
    dl_err rc = id ? network_member_get(r->db, r->a, id, &m, &e) : DL_ENOTFOUND;
    if (rc == DL_ENOTFOUND) { res_error(r, DL_ENOTFOUND, "Det finns ingen sådan medlem i nätverket."); return; }
    if (rc != DL_OK) { db_down(r); return; }
    send_ics(r, id, m.name);
}
