/* network_edit.c — adding, changing and removing members, their contact
 * people, events and news; see network_edit.h. */
#include "store/network_edit.h"

#include "core/clock.h"
#include "core/mail_address.h"
#include "core/utf8.h"
#include "store/network_registration.h"
#include "store/outbox.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A text field: required or not, at most max bytes, UTF-8, on one line
 * unless multiline. */
static dl_err text_ok(const char *s, const char *what_sv, int required, size_t max, int multiline, dl_error *e)
{
    size_t n = s ? strlen(s) : 0;
    const char *what = dl_tr(what_sv);
    if (required && n == 0) return dl_fail(e, DL_EINVAL, "Fyll i %s.", what);
    if (n > max) return dl_fail(e, DL_EINVAL, "Fältet %s är för långt: högst %zu tecken.", what, max);
    if (n && !utf8_valid(s, n)) return dl_fail(e, DL_EINVAL, "Fältet %s innehåller tecken som inte går att läsa.", what);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
            return dl_fail(e, DL_EINVAL, "Fältet %s ska stå på en rad, utan styrtecken.", what);
    }
    return DL_OK;
}

static int web_address(const char *u)
{
    return !u || !*u || strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/* The member id: the one changed (DL_ENOTFOUND when gone) or, as_choice,
 * the one chosen in a form (DL_EINVAL: the choice is wrong). */
static dl_err member_exists(db *d, int64_t id, int as_choice, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_member WHERE id = ?", &n, e, "i", id);
    if (rc != DL_OK || n) return rc;
    if (as_choice) return dl_fail(e, DL_EINVAL, "Det finns ingen sådan medlem i nätverket. Välj en i listan.");
    return dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan medlem i nätverket.");
}

static dl_err finish_with(db *d, const audit_actor *who, const char *action, const char *type, int64_t id,
                          const char *detail, dl_err rc, dl_error *e)
{
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    if (rc == DL_OK) rc = audit_append(d, who, action, type, idt, NULL, NULL, detail, e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

static dl_err finish(db *d, const audit_actor *who, const char *action, const char *type, int64_t id, dl_err rc,
                     dl_error *e)
{
    return finish_with(d, who, action, type, id, NULL, rc, e);
}

/* A contact person's name, address and role. */
static dl_err contact_check(const char *name, const char *email, const char *role, dl_error *e)
{
    dl_err rc = text_ok(name, "kontaktpersonens namn", 1, NETWORK_TITLE_MAX, 0, e);
    if (rc == DL_OK && (!email || !*email)) rc = dl_fail(e, DL_EINVAL, "Fyll i kontaktpersonens e-postadress.");
    if (rc == DL_OK && strlen(email) > MAIL_ADDRESS_MAX) rc = dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    if (rc == DL_OK) rc = mail_address_check(email, e);
    if (rc == DL_OK) rc = text_ok(role, "rollen", 0, NETWORK_ROLE_MAX, 0, e);
    return rc;
}

/* contact_name NULL: a change of the member alone (its contact people are
 * changed one by one). */
static dl_err member_check(const network_member_in *m, dl_error *e)
{
    dl_err rc = text_ok(m->name, "namnet", 1, NETWORK_TITLE_MAX, 0, e);
    if (rc == DL_OK) rc = text_ok(m->offers, "vad medlemmen erbjuder", 1, NETWORK_TEXT_MAX, 1, e);
    if (rc == DL_OK) rc = text_ok(m->serves, "vilka medlemmen stöder", 1, NETWORK_TEXT_MAX, 1, e);
    if (rc == DL_OK) rc = text_ok(m->website, "webbplatsen", 0, 500, 0, e);
    if (rc == DL_OK && !web_address(m->website))
        rc = dl_fail(e, DL_EINVAL, "Webbplatsen ska vara en adress som börjar med https://.");
    if (rc == DL_OK && m->contact_name) rc = contact_check(m->contact_name, m->contact_email, "", e);
    return rc;
}

/* The name taken by another member than self (0: any). */
static dl_err name_free(db *d, const char *name, int64_t self, dl_error *e)
{
    int64_t taken = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_member WHERE name = ? AND id <> ?", &taken, e, "ti",
                             name, self);
    if (rc == DL_OK && taken)
        rc = dl_fail(e, DL_ECONFLICT, "Det finns redan en medlem som heter så. Välj ett annat namn.");
    return rc;
}

dl_err network_member_add(db *d, const audit_actor *who, const network_member_in *m, int64_t now, int64_t *id,
                          dl_error *e)
{
    *id = 0;
    dl_err rc = member_check(m, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = name_free(d, m->name, 0, e);
    char at[32];
    clock_iso_utc(now, at);
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO network_member(name, offers, serves, website, created_at)"
                             " VALUES (?, ?, ?, ?, ?) RETURNING id", id, e, "ttttt", m->name, m->offers, m->serves,
                          m->website ? m->website : "", at);
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO network_contact(member_id, name, email, role) VALUES (?, ?, ?, '')", e, "itt",
                    *id, m->contact_name, m->contact_email);
    return finish(d, who, "network.member_add", "network_member", *id, rc, e);
}

static dl_err event_check(const network_event_in *v, dl_error *e)
{
    dl_err rc = DL_OK;
    if (!v->kind || (strcmp(v->kind, "seminar") && strcmp(v->kind, "conference") && strcmp(v->kind, "meeting")))
        rc = dl_fail(e, DL_EINVAL, "Välj om det är ett seminarium, en konferens eller ett nätverksmöte.");
    if (rc == DL_OK) rc = text_ok(v->title, "rubriken", 1, NETWORK_TITLE_MAX, 0, e);
    if (rc == DL_OK) rc = text_ok(v->description, "beskrivningen", 0, NETWORK_TEXT_MAX, 1, e);
    if (rc == DL_OK) rc = text_ok(v->place, "platsen", 0, NETWORK_TITLE_MAX, 0, e);
    if (rc == DL_OK) rc = text_ok(v->online_url, "länken", 0, 500, 0, e);
    if (rc == DL_OK && !web_address(v->online_url))
        rc = dl_fail(e, DL_EINVAL, "Länken till mötet ska vara en adress som börjar med https://.");
    if (rc == DL_OK && (!v->place || !*v->place) && (!v->online_url || !*v->online_url))
        rc = dl_fail(e, DL_EINVAL, "Ange en plats eller en länk till mötet.");
    if (rc == DL_OK && v->ends <= v->starts) rc = dl_fail(e, DL_EINVAL, "Evenemanget ska sluta efter att det börjar.");
    if (rc == DL_OK && v->ends - v->starts > 14 * 86400)
        rc = dl_fail(e, DL_EINVAL, "Ett evenemang kan vara högst 14 dagar långt.");
    if (rc == DL_OK && (v->seats < 0 || v->seats > 100000))
        rc = dl_fail(e, DL_EINVAL, "Antalet platser ska vara mellan 0 och 100000.");
    if (rc == DL_OK && v->closes && v->closes > v->starts)
        rc = dl_fail(e, DL_EINVAL, "Anmälan ska stänga senast när evenemanget börjar.");
    return rc;
}

dl_err network_event_add(db *d, const audit_actor *who, const network_event_in *v, int64_t now, int64_t *id,
                         dl_error *e)
{
    *id = 0;
    dl_err rc = event_check(v, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = member_exists(d, v->member_id, 1, e);
    char at[32], s[32], t[32], c[32] = "";
    clock_iso_utc(now, at);
    clock_iso_utc(v->starts, s);
    clock_iso_utc(v->ends, t);
    if (v->closes) clock_iso_utc(v->closes, c);
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO network_event(member_id, kind, title, description, starts_at, ends_at, place,"
                             " online_url, created_at, updated_at, seats, registration_closes_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", id, e, "itttttttttit",
                          v->member_id, v->kind, v->title, v->description ? v->description : "", s, t,
                          v->place ? v->place : "", v->online_url ? v->online_url : "", at, at, v->seats, c);
    return finish(d, who, "network.event_add", "network_event", *id, rc, e);
}

dl_err network_news_add(db *d, const audit_actor *who, int64_t member_id, const char *title, const char *body,
                        int64_t now, int64_t *id, dl_error *e)
{
    *id = 0;
    dl_err rc = text_ok(title, "rubriken", 1, NETWORK_TITLE_MAX, 0, e);
    if (rc == DL_OK) rc = text_ok(body, "texten", 1, NETWORK_TEXT_MAX, 1, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = member_exists(d, member_id, 1, e);
    char at[32];
    clock_iso_utc(now, at);
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO network_news(member_id, title, body, published_at, updated_at)"
                             " VALUES (?, ?, ?, ?, ?) RETURNING id", id, e, "itttt", member_id, title, body, at, at);
    return finish(d, who, "network.news_add", "network_news", *id, rc, e);
}

dl_err network_member_update(db *d, const audit_actor *who, int64_t id, const network_member_in *m, dl_error *e)
{
    dl_err rc = member_check(m, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = member_exists(d, id, 0, e);
    if (rc == DL_OK) rc = name_free(d, m->name, id, e);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE network_member SET name = ?, offers = ?, serves = ?, website = ? WHERE id = ?", e,
                    "tttti", m->name, m->offers, m->serves, m->website ? m->website : "", id);
    /* the contact people are changed one by one (network_contact_…) */
    return finish(d, who, "network.member_change", "network_member", id, rc, e);
}

dl_err network_member_remove(db *d, const audit_actor *who, int64_t id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = member_exists(d, id, 0, e);
    int64_t events = 0, news = 0;
    if (rc == DL_OK) rc = db_query_int(d, "SELECT COUNT(*) FROM network_event WHERE member_id = ?", &events, e, "i", id);
    if (rc == DL_OK) rc = db_query_int(d, "SELECT COUNT(*) FROM network_news WHERE member_id = ?", &news, e, "i", id);
    if (rc == DL_OK && (events || news))
        rc = dl_fail(e, DL_ECONFLICT,
                     "Medlemmen står som arrangör av %lld evenemang och avsändare av %lld nyheter. Ta bort dem eller"
                     " flytta dem till en annan medlem först.",
                     (long long)events, (long long)news);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM network_contact WHERE member_id = ?", e, "i", id);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM network_member WHERE id = ?", e, "i", id);
    return finish(d, who, "network.member_remove", "network_member", id, rc, e);
}

/* The registrations standing on event id (seats taken). */
static dl_err event_registered(db *d, int64_t id, int64_t *registered, dl_error *e)
{
    dl_err rc = db_query_int(d, "SELECT registered FROM network_event WHERE id = ?", registered, e, "i", id);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern.");
    return rc;
}

dl_err network_event_update(db *d, const audit_actor *who, int64_t id, const network_event_in *v, int64_t now,
                            dl_error *e)
{
    dl_err rc = event_check(v, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    int64_t registered = 0;
    rc = event_registered(d, id, &registered, e);
    if (rc == DL_OK) rc = member_exists(d, v->member_id, 1, e);
    if (rc == DL_OK && registered > v->seats)
        rc = dl_fail(e, DL_ECONFLICT, "%lld är redan anmälda. Platserna kan inte bli färre än så; avboka några först.",
                     (long long)registered);
    char at[32], s[32], t[32], c[32] = "";
    clock_iso_utc(now, at);
    clock_iso_utc(v->starts, s);
    clock_iso_utc(v->ends, t);
    if (v->closes) clock_iso_utc(v->closes, c);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE network_event SET member_id = ?, kind = ?, title = ?, description = ?, starts_at = ?,"
                       " ends_at = ?, place = ?, online_url = ?, updated_at = ?, seats = ?, registration_closes_at = ?"
                       " WHERE id = ?", e, "ittttttttiti", v->member_id, v->kind, v->title,
                    v->description ? v->description : "", s, t, v->place ? v->place : "",
                    v->online_url ? v->online_url : "", at, v->seats, c, id);
    return finish(d, who, "network.event_change", "network_event", id, rc, e);
}

dl_err network_event_remove(db *d, arena *a, const audit_actor *who, int64_t id, int64_t now, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t registered = 0;
    rc = event_registered(d, id, &registered, e);
    char title[512] = "", start_local[32] = "";
    int64_t starts = 0;
    db_stmt *st = rc == DL_OK ? db_prepare(d, "SELECT title, starts_at FROM network_event WHERE id = ?", e) : NULL;
    if (rc == DL_OK && !st) rc = e->code;
    if (st) {
        db_bind_int(st, 1, id);
        if (db_step(st, e) == DB_ROW) {
            snprintf(title, sizeof title, "%s", db_col_text(st, 0));
            starts = clock_parse_iso_utc(db_col_text(st, 1));
        }
        db_stmt_done(st);
    }
    clock_local_minute(starts, start_local);
    /* those registered for an event yet to start are told it is called off */
    int n = 0;
    network_registration_rec *g = NULL;
    if (rc == DL_OK && registered > 0 && starts > now) rc = network_registrations(d, a, id, &g, &n, e);
    for (int i = 0; rc == DL_OK && i < n; i++) {
        if (*g[i].cancelled_at) continue;
        char subject[600], body[1400];
        snprintf(subject, sizeof subject, "Inställt: %.500s", title);
        snprintf(body, sizeof body,
                 "Hej %.200s,\n\n%.500s, som skulle ha börjat %s (svensk tid), är inställt. Din anmälan gäller"
                 " inte längre.\n",
                 g[i].name, title, start_local);
        outbox_mail m = {g[i].email, subject, body, "sv", "network.event_cancelled", 0};
        rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    }
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM network_registration WHERE event_id = ?", e, "i", id);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM network_event WHERE id = ?", e, "i", id);
    return finish(d, who, "network.event_remove", "network_event", id, rc, e);
}

static dl_err news_exists(db *d, int64_t id, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_news WHERE id = ?", &n, e, "i", id);
    if (rc != DL_OK) return rc;
    return n ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan nyhet.");
}

dl_err network_news_update(db *d, const audit_actor *who, int64_t id, int64_t member_id, const char *title,
                           const char *body, int64_t now, dl_error *e)
{
    dl_err rc = text_ok(title, "rubriken", 1, NETWORK_TITLE_MAX, 0, e);
    if (rc == DL_OK) rc = text_ok(body, "texten", 1, NETWORK_TEXT_MAX, 1, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = news_exists(d, id, e);
    if (rc == DL_OK) rc = member_exists(d, member_id, 1, e);
    char at[32];
    clock_iso_utc(now, at);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE network_news SET member_id = ?, title = ?, body = ?, updated_at = ? WHERE id = ?", e,
                    "ittti", member_id, title, body, at, id);
    return finish(d, who, "network.news_change", "network_news", id, rc, e);
}

dl_err network_news_remove(db *d, const audit_actor *who, int64_t id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = news_exists(d, id, e);
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM network_news WHERE id = ?", e, "i", id);
    return finish(d, who, "network.news_remove", "network_news", id, rc, e);
}

/* ---- contact people ---------------------------------------------------------------- */

_Static_assert(NETWORK_CONTACTS_MAX == 8, "the sentence in network_contact_add names the limit");

/* Takes the member's row lock (PostgreSQL; SQLite's write lock) so that two
 * coordinators at once cannot pass 8 contacts or remove the last one. */
static dl_err member_lock(db *d, int64_t member_id, dl_error *e)
{
    dl_err rc = member_exists(d, member_id, 0, e);
    if (rc == DL_OK) rc = db_run(d, "UPDATE network_member SET name = name WHERE id = ?", e, "i", member_id);
    return rc;
}

/* The contact id of member_id; DL_ENOTFOUND when it is not the member's. */
static dl_err contact_exists(db *d, int64_t member_id, int64_t id, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_contact WHERE id = ? AND member_id = ?", &n, e, "ii",
                             id, member_id);
    if (rc != DL_OK || n) return rc;
    return dl_fail(e, DL_ENOTFOUND, "Medlemmen har ingen sådan kontaktperson.");
}

/* The address held by another contact of the member than self (case ignored,
 * as the question queue compares it). */
static dl_err contact_email_free(db *d, int64_t member_id, const char *email, int64_t self, dl_error *e)
{
    int64_t taken = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM network_contact WHERE member_id = ? AND lower(email) = lower(?)"
                                " AND id <> ?", &taken, e, "iti", member_id, email, self);
    if (rc == DL_OK && taken)
        rc = dl_fail(e, DL_ECONFLICT, "Medlemmen har redan en kontaktperson med den e-postadressen.");
    return rc;
}

static const char *contact_detail(char *buf, size_t n, int64_t member_id, const char *email)
{
    snprintf(buf, n, "member %" PRId64 ": %s", member_id, email);
    return buf;
}

dl_err network_contact_add(db *d, const audit_actor *who, int64_t member_id, const network_contact_in *c, int64_t *id,
                           dl_error *e)
{
    *id = 0;
    dl_err rc = contact_check(c->name, c->email, c->role, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = member_lock(d, member_id, e);
    int64_t n = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM network_contact WHERE member_id = ?", &n, e, "i", member_id);
    if (rc == DL_OK && n >= NETWORK_CONTACTS_MAX)
        rc = dl_fail(e, DL_ECONFLICT, "En medlem kan ha högst 8 kontaktpersoner. Ta bort någon först.");
    if (rc == DL_OK) rc = contact_email_free(d, member_id, c->email, 0, e);
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO network_contact(member_id, name, email, role) VALUES (?, ?, ?, ?) RETURNING id",
                          id, e, "ittt", member_id, c->name, c->email, c->role ? c->role : "");
    char detail[400];
    return finish_with(d, who, "network.contact_add", "network_contact", *id,
                       contact_detail(detail, sizeof detail, member_id, c->email), rc, e);
}

dl_err network_contact_update(db *d, const audit_actor *who, int64_t member_id, int64_t id,
                              const network_contact_in *c, dl_error *e)
{
    dl_err rc = contact_check(c->name, c->email, c->role, e);
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = member_lock(d, member_id, e);
    if (rc == DL_OK) rc = contact_exists(d, member_id, id, e);
    if (rc == DL_OK) rc = contact_email_free(d, member_id, c->email, id, e);
    if (rc == DL_OK)
        rc = db_run(d, "UPDATE network_contact SET name = ?, email = ?, role = ? WHERE id = ?", e, "ttti", c->name,
                    c->email, c->role ? c->role : "", id);
    char detail[400];
    return finish_with(d, who, "network.contact_change", "network_contact", id,
                       contact_detail(detail, sizeof detail, member_id, c->email), rc, e);
}

dl_err network_contact_remove(db *d, const audit_actor *who, int64_t member_id, int64_t id, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = member_lock(d, member_id, e);
    if (rc == DL_OK) rc = contact_exists(d, member_id, id, e);
    int64_t n = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM network_contact WHERE member_id = ?", &n, e, "i", member_id);
    if (rc == DL_OK && n <= 1)
        rc = dl_fail(e, DL_ECONFLICT, "En medlem har alltid en kontaktperson. Lägg till en ny innan du tar bort den"
                                      " sista.");
    char email[MAIL_ADDRESS_MAX + 64] = "";
    db_stmt *st = rc == DL_OK ? db_prepare(d, "SELECT email FROM network_contact WHERE id = ?", e) : NULL;
    if (rc == DL_OK && !st) rc = e->code;
    if (st) {
        db_bind_int(st, 1, id);
        if (db_step(st, e) == DB_ROW) snprintf(email, sizeof email, "%s", db_col_text(st, 0));
        db_stmt_done(st);
    }
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM network_contact WHERE id = ?", e, "i", id);
    char detail[400];
    return finish_with(d, who, "network.contact_remove", "network_contact", id,
                       contact_detail(detail, sizeof detail, member_id, email), rc, e);
}
