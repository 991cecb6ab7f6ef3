/* network.c — the network's members, contacts and events; see network.h. */
#include "store/network.h"

#include "core/clock.h"

#include <stdio.h>
#include <string.h>

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err network_members(db *d, arena *a, const char *now, network_member_rec *out, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT m.id, m.name, m.offers, m.serves, m.website,"
                               " (SELECT COUNT(*) FROM network_event v WHERE v.member_id = m.id AND v.ends_at >= ?)"
                               " FROM network_member m ORDER BY m.name, m.id LIMIT 500", e);
    if (!s) return e->code;
    db_bind_text(s, 1, now);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < NETWORK_LIST_MAX) {
        network_member_rec *m = &out[(*n)++];
        memset(m, 0, sizeof *m);
        m->id = db_col_int(s, 0);
        m->name = dup(a, db_col_text(s, 1));
        m->offers = dup(a, db_col_text(s, 2));
        m->serves = dup(a, db_col_text(s, 3));
        m->website = dup(a, db_col_text(s, 4));
        m->upcoming = db_col_int(s, 5);
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err network_member_get(db *d, arena *a, int64_t id, network_member_rec *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, "SELECT id, name, offers, serves, website FROM network_member WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        out->id = db_col_int(s, 0);
        out->name = dup(a, db_col_text(s, 1));
        out->offers = dup(a, db_col_text(s, 2));
        out->serves = dup(a, db_col_text(s, 3));
        out->website = dup(a, db_col_text(s, 4));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (st != DB_ROW) return dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan medlem i nätverket.");
    s = db_prepare(d, "SELECT id, name, email, role FROM network_contact WHERE member_id = ? ORDER BY name, id LIMIT 50", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    out->contacts = arena_alloc(a, sizeof *out->contacts * 50);
    if (!out->contacts) {
        db_stmt_done(s);
        return dl_fail(e, DL_ENOMEM, "Servern fick slut på minne.");
    }
    while ((st = db_step(s, e)) == DB_ROW) {
        network_contact_rec *c = &out->contacts[out->n_contacts++];
        c->id = db_col_int(s, 0);
        c->name = dup(a, db_col_text(s, 1));
        c->email = dup(a, db_col_text(s, 2));
        c->role = dup(a, db_col_text(s, 3));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

#define EVENT_COLUMNS                                                                                       \
    "SELECT v.id, v.member_id, m.name, v.kind, v.title, v.description, v.starts_at, v.ends_at, v.place,"   \
    " v.online_url, v.updated_at, v.seats, v.registered, v.registration_closes_at"                         \
    " FROM network_event v JOIN network_member m ON m.id = v.member_id"

static void event_row(db_stmt *s, arena *a, network_event_rec *v)
{
    v->id = db_col_int(s, 0);
    v->member_id = db_col_int(s, 1);
    v->member_name = dup(a, db_col_text(s, 2));
    v->kind = dup(a, db_col_text(s, 3));
    v->title = dup(a, db_col_text(s, 4));
    v->description = dup(a, db_col_text(s, 5));
    v->starts_at = dup(a, db_col_text(s, 6));
    v->ends_at = dup(a, db_col_text(s, 7));
    v->place = dup(a, db_col_text(s, 8));
    v->online_url = dup(a, db_col_text(s, 9));
    v->updated_at = dup(a, db_col_text(s, 10));
    v->seats = db_col_int(s, 11);
    v->registered = db_col_int(s, 12);
    v->registration_closes = *db_col_text(s, 13) ? dup(a, db_col_text(s, 13)) : v->starts_at;
}

dl_err network_events(db *d, arena *a, int64_t member_id, int when, const char *now, int max,
                      network_event_rec *out, int *n, dl_error *e)
{
    *n = 0;
    if (max > NETWORK_LIST_MAX) max = NETWORK_LIST_MAX;
    /* fixed texts, one per filter; every value bound */
    static const char *const sql[2][3] = {
        {EVENT_COLUMNS " WHERE v.ends_at < ? ORDER BY v.starts_at DESC, v.id DESC LIMIT ?",
         EVENT_COLUMNS " WHERE ? <> '' ORDER BY v.starts_at, v.id LIMIT ?",
         EVENT_COLUMNS " WHERE v.ends_at >= ? ORDER BY v.starts_at, v.id LIMIT ?"},
        {EVENT_COLUMNS " WHERE v.ends_at < ? AND v.member_id = ? ORDER BY v.starts_at DESC, v.id DESC LIMIT ?",
         EVENT_COLUMNS " WHERE ? <> '' AND v.member_id = ? ORDER BY v.starts_at, v.id LIMIT ?",
         EVENT_COLUMNS " WHERE v.ends_at >= ? AND v.member_id = ? ORDER BY v.starts_at, v.id LIMIT ?"},
    };
    int w = when < 0 ? 0 : when > 0 ? 2 : 1;
    db_stmt *s = db_prepare(d, sql[member_id > 0][w], e);
    if (!s) return e->code;
    int k = 1;
    db_bind_text(s, k++, now);
    if (member_id > 0) db_bind_int(s, k++, member_id);
    db_bind_int(s, k, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) event_row(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err network_event_get(db *d, arena *a, int64_t id, network_event_rec *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, EVENT_COLUMNS " WHERE v.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    if (st == DB_ROW) event_row(s, a, out);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant evenemang i kalendern.");
}

#define NEWS_COLUMNS                                                                                        \
    "SELECT p.id, p.member_id, m.name, p.title, p.body, p.published_at, p.updated_at FROM network_news p"      \
    " JOIN network_member m ON m.id = p.member_id"

static void news_row(db_stmt *s, arena *a, network_news_rec *p)
{
    p->id = db_col_int(s, 0);
    p->member_id = db_col_int(s, 1);
    p->member_name = dup(a, db_col_text(s, 2));
    p->title = dup(a, db_col_text(s, 3));
    p->body = dup(a, db_col_text(s, 4));
    p->published_at = dup(a, db_col_text(s, 5));
    p->updated_at = dup(a, db_col_text(s, 6));
}

dl_err network_news_list(db *d, arena *a, const char *now, int max, network_news_rec *out, int *n, dl_error *e)
{
    *n = 0;
    if (max > NETWORK_LIST_MAX) max = NETWORK_LIST_MAX;
    db_stmt *s = db_prepare(d, NEWS_COLUMNS " WHERE p.published_at <= ? ORDER BY p.published_at DESC, p.id DESC"
                               " LIMIT ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, now);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) news_row(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err network_news_get(db *d, arena *a, const char *now, int64_t id, network_news_rec *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, NEWS_COLUMNS " WHERE p.id = ? AND p.published_at <= ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    int st = db_step(s, e);
    if (st == DB_ROW) news_row(s, a, out);
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    return st == DB_ROW ? DL_OK : dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan nyhet.");
}

/* ---- the demo network ------------------------------------------------------ */

typedef struct demo_member {
    const char *name, *offers, *serves, *website;
    const char *contact, *email, *role;
} demo_member;

static const demo_member demo_members[] = {
    {"Nationellt stöd för hälsodata", "Samordnar nätverket, svarar på frågor om var data finns och vem som beslutar.",
     "Forskare, datahållare och stödfunktioner i hela landet.", "https://halsodata.example.se",
     "Karin Nätverksdotter", "natverk@halsodata.example.se", "Nätverkskoordinator"},
    {"Regionalt forskningsstöd Norr", "Hjälp med ansökningar om utlämnande, etikprövning och datahanteringsplaner.",
     "Forskare vid universitet och regioner i norra Sverige.", "https://norr.example.se",
     "Olof Berg", "olof.berg@norr.example.se", "Forskningsrådgivare"},
    {"Kliniskt forskningscentrum Syd", "Statistisk rådgivning, registerforskning, kurser i datahantering.",
     "Forskare och doktorander inom hälso- och sjukvården i södra Sverige.", "https://syd.example.se",
     "Amina Lund", "amina.lund@syd.example.se", "Biostatistiker"},
    {"Biobanks- och registerstöd, Mitt", "Vägledning om biobanksprov, kvalitetsregister och samkörning.",
     "Forskare, kvalitetsregister och biobanker i Mellansverige.", "", "Per Ek", "per.ek@mitt.example.se",
     "Samordnare"},
};

typedef struct demo_event {
    int member;        /* index in demo_members */
    const char *kind, *title, *description, *place, *online_url;
    int day;           /* days from today */
    int hour, minutes; /* start, UTC */
    int seats;         /* 0: no registration */
} demo_event;

static const demo_event demo_events[] = {
    {0, "meeting", "Nätverksmöte: gemensamma bedömningar", "Vi går igenom hur medlemmarna bedömer ansökningar om"
     " utlämnande, och vad som skiljer.\nAgenda skickas en vecka innan.", "", "https://mote.example.se/natverk",
     14, 9, 120, 30},
    {1, "seminar", "Seminarium: att skriva en datahanteringsplan", "För forskare som ska söka data; exempel, mallar,"
     " vanliga fel.", "Umeå universitet, Aula Nordica", "", 21, 12, 90, 2},
    {2, "conference", "Registerforskningsdagarna 2027", "Två dagar om register, kvalitet och lagstiftning; "
     "anmälan öppnar snart.", "Malmö, Clarion Hotel Live", "", 60, 7, 60 * 32, 0},
    {3, "seminar", "Biobankslagen i praktiken", "Frågor och svar om biobankslagen (2023:38).", "Uppsala, BMC", "",
     -20, 13, 120, 40},
    {0, "meeting", "Nätverksmöte: årsplanering", "Årets plan; kalendern; uppföljning.", "",
     "https://mote.example.se/natverk", -45, 8, 180, 0},
};

typedef struct demo_news {
    int member, days_ago;
    const char *title, *body;
} demo_news;

static const demo_news demo_newses[] = {
    {0, 2, "Nätverkets kalender är öppen",
     "Nu finns **alla medlemmars** seminarier och möten i en gemensam kalender.\n\n"
     "Prenumerera på [kalendern](/kalender.ics) i ditt kalenderprogram."},
    {1, 10, "Ny mall för datahanteringsplaner",
     "Forskningsstödet Norr har tagit fram en mall:\n\n- syfte och data\n- lagring\n- gallring"},
    {2, 30, "Kurs i registerforskning till våren", "Anmälan öppnar i januari. Se *kalendern* för datum."},
};

dl_err network_seed_demo(db *d, int64_t now, int *members, int *events, int *news, dl_error *e)
{
    *members = *events = *news = 0;
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t have = 0;
    rc = db_query_int(d, "SELECT COUNT(*) FROM network_member", &have, e, "");
    if (rc == DL_OK && have > 0)
        rc = dl_fail(e, DL_ECONFLICT, "Nätverket har redan medlemmar; demonätverket läggs bara i ett tomt nätverk.");
    char at[32];
    clock_iso_utc(now, at);
    int64_t ids[sizeof demo_members / sizeof demo_members[0]];
    int64_t today = now - now % 86400;
    for (size_t i = 0; rc == DL_OK && i < sizeof demo_members / sizeof demo_members[0]; i++) {
        const demo_member *m = &demo_members[i];
        rc = db_query_int(d, "INSERT INTO network_member(name, offers, serves, website, created_at)"
                             " VALUES (?, ?, ?, ?, ?) RETURNING id", &ids[i], e, "ttttt", m->name, m->offers,
                          m->serves, m->website, at);
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO network_contact(member_id, name, email, role) VALUES (?, ?, ?, ?)", e, "itt"
                        "t", ids[i], m->contact, m->email, m->role);
        if (rc == DL_OK) (*members)++;
    }
    for (size_t i = 0; rc == DL_OK && i < sizeof demo_events / sizeof demo_events[0]; i++) {
        const demo_event *v = &demo_events[i];
        int64_t start = today + (int64_t)v->day * 86400 + v->hour * 3600;
        char s[32], t[32];
        clock_iso_utc(start, s);
        clock_iso_utc(start + (int64_t)v->minutes * 60, t);
        rc = db_run(d, "INSERT INTO network_event(member_id, kind, title, description, starts_at, ends_at, place,"
                       " online_url, created_at, updated_at, seats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e,
                    "itttttttt" "ti", ids[v->member], v->kind, v->title, v->description, s, t, v->place,
                    v->online_url, at, at, (int64_t)v->seats);
        if (rc == DL_OK) (*events)++;
    }
    for (size_t i = 0; rc == DL_OK && i < sizeof demo_newses / sizeof demo_newses[0]; i++) {
        const demo_news *p = &demo_newses[i];
        char t[32];
        clock_iso_utc(now - (int64_t)p->days_ago * 86400, t);
        rc = db_run(d, "INSERT INTO network_news(member_id, title, body, published_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?)", e, "itttt", ids[p->member], p->title, p->body, t, t);
        if (rc == DL_OK) (*news)++;
    }
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}
