/* samrad.c — the samråd's meetings in the store (see samrad.h): meetings,
 * attendees, the agenda and its assessments, and holding a meeting — the
 * cases' recommendations through case_transition_in_tx(), the minutes
 * registered in the diarium — in one transaction. */
#include "store/samrad.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "store/cases.h"
#include "store/diary.h"

/* ", assessment_scientific, …" and ", assessment_scientific = ?, …": the
 * agenda's columns of the three assessments, from core's one list. */
#define AS_COLUMN(id, member, sv, en, subject) ", assessment_" #member
#define AS_SET(id, member, sv, en, subject) ", assessment_" #member " = ?"

static int filled(const char *s) { return s && *s; }

static dl_err text_ok(const char *s, const char *what, size_t max, dl_error *e)
{
    if (!s) return DL_OK;
    size_t n = strlen(s);
    if (!utf8_valid(s, n)) return dl_fail(e, DL_EINVAL, "%s innehåller ogiltiga tecken.", dl_tr(what));
    if (utf8_count(s, n) > max) return dl_fail(e, DL_EINVAL, "%s är för lång (högst %zu tecken).", dl_tr(what), max);
    return DL_OK;
}

static dl_err audit_meeting(db *d, const audit_actor *who, const char *action, int64_t meeting_id, const char *detail,
                            dl_error *e)
{
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, meeting_id);
    return audit_append(d, who, action, "samrad_meeting", idt, NULL, NULL, detail, e);
}

static dl_err finish(db *d, dl_err rc, dl_error *e)
{
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}

/* The meeting's state in this transaction: DL_ENOTFOUND, or DL_ECONFLICT
 * when it is held already (nothing changes on a held meeting). */
static dl_err meeting_planned(db *d, int64_t meeting_id, int64_t *org_id, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT org_id, state FROM samrad_meeting WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, meeting_id);
    int r = db_step(s, e);
    dl_err rc = DL_OK;
    if (r == DB_ROW) {
        if (org_id) *org_id = db_col_int(s, 0);
        if (strcmp(db_col_text(s, 1), "planned") != 0)
            rc = dl_fail(e, DL_ECONFLICT, "Mötet är redan hållet; det går inte att ändra i det.");
    } else if (r == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant samrådsmöte.");
    } else {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}

dl_err samrad_meeting_create(db *d, int64_t org_id, const char *held_on, const char *place, const audit_actor *who,
                             int64_t *id_out, dl_error *e)
{
    cal_date date;
    if (!filled(held_on) || !cal_parse_iso(held_on, strlen(held_on), 2000, 2200, &date))
        return dl_fail(e, DL_EINVAL, "Ange mötets datum (ÅÅÅÅ-MM-DD).");
    dl_err rc = text_ok(place, "Platsen", 200, e);
    if (rc != DL_OK) return rc;
    int64_t parent = -1;
    rc = db_query_int(d, "SELECT COALESCE(parent_id, 0) FROM org_node WHERE id = ?", &parent, e, "i", org_id);
    if (rc == DL_ENOTFOUND || (rc == DL_OK && parent != 0))
        return dl_fail(e, DL_EINVAL, "Välj den förvaltning vars samråd möts.");
    if (rc != DL_OK) return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    char now[32];
    clock_iso_utc(clock_now(), now);
    int64_t id = 0;
    db_stmt *s = db_prepare(d, "INSERT INTO samrad_meeting(org_id, held_on, place, created_at) VALUES (?, ?, ?, ?)"
                               " RETURNING id", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, org_id);
        db_bind_text(s, 2, held_on);
        db_bind_text(s, 3, place ? place : "");
        db_bind_text(s, 4, now);
        if (db_step(s, e) == DB_ROW) {
            id = db_col_int(s, 0);
            while (db_step(s, e) == DB_ROW) {}
        } else rc = e->code ? e->code : DL_EDB;
        db_stmt_done(s);
    }
    if (rc == DL_OK) rc = audit_meeting(d, who, "samrad.create", id, held_on, e);
    if (rc == DL_OK && id_out) *id_out = id;
    return finish(d, rc, e);
}

#define MEETING_COLS                                                                                        \
    "m.id, m.org_id, COALESCE(m.minutes_diary_entry_id, 0), m.version, m.held_on, m.place, m.state,"        \
    " m.created_at, m.held_at, o.name, o.path, COALESCE(de.number, ''), m.minutes_text,"                    \
    " (SELECT COUNT(*) FROM samrad_agenda g WHERE g.meeting_id = m.id)"
#define MEETING_FROM                                                                                        \
    " FROM samrad_meeting m JOIN org_node o ON o.id = m.org_id"                                             \
    " LEFT JOIN diary_entry de ON de.id = m.minutes_diary_entry_id"

static void read_meeting(db_stmt *s, arena *a, samrad_meeting_rec *m)
{
    m->id = db_col_int(s, 0);
    m->org_id = db_col_int(s, 1);
    m->minutes_diary_entry_id = db_col_int(s, 2);
    m->version = db_col_int(s, 3);
    m->held_on = arena_strdup(a, db_col_text(s, 4));
    m->place = arena_strdup(a, db_col_text(s, 5));
    m->state = arena_strdup(a, db_col_text(s, 6));
    m->created_at = arena_strdup(a, db_col_text(s, 7));
    m->held_at = arena_strdup(a, db_col_text(s, 8));
    m->org_name = arena_strdup(a, db_col_text(s, 9));
    m->org_path = arena_strdup(a, db_col_text(s, 10));
    m->minutes_number = arena_strdup(a, db_col_text(s, 11));
    m->minutes_text = arena_strdup(a, db_col_text(s, 12));
    m->n_items = db_col_int(s, 13);
}

dl_err samrad_meeting_get(db *d, arena *a, int64_t id, samrad_meeting_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " MEETING_COLS MEETING_FROM " WHERE m.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int r = db_step(s, e);
    dl_err rc = DL_OK;
    if (r == DB_ROW) read_meeting(s, a, out);
    else if (r == DB_DONE) rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant samrådsmöte.");
    else rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err samrad_meeting_list(db *d, arena *a, samrad_meeting_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " MEETING_COLS MEETING_FROM " ORDER BY m.held_on DESC, m.id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, max);
    int r;
    while ((r = db_step(s, e)) == DB_ROW && *n < max) read_meeting(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return r == DB_ERROR ? e->code : DL_OK;
}

dl_err samrad_attendee_add(db *d, int64_t meeting_id, const char *name, const char *competence, int64_t user_id,
                           const audit_actor *who, dl_error *e)
{
    samrad_competence c;
    if (!filled(name)) return dl_fail(e, DL_EINVAL, "Ange deltagarens namn.");
    dl_err rc = text_ok(name, "Namnet", 200, e);
    if (rc != DL_OK) return rc;
    if (samrad_competence_from_key(competence, &c) != 0) return dl_fail(e, DL_EINVAL, "Välj deltagarens kompetens.");
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = meeting_planned(d, meeting_id, NULL, e);
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO samrad_attendee(meeting_id, name, competence, user_id) VALUES (?, ?, ?, NULLIF(?, 0))",
                    e, "itti", meeting_id, name, competence, user_id);
    if (rc == DL_OK) rc = db_run(d, "UPDATE samrad_meeting SET version = version + 1 WHERE id = ?", e, "i", meeting_id);
    if (rc == DL_OK) rc = audit_meeting(d, who, "samrad.attendee_add", meeting_id, competence, e);
    return finish(d, rc, e);
}

dl_err samrad_attendee_remove(db *d, int64_t meeting_id, int64_t attendee_id, const audit_actor *who, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = meeting_planned(d, meeting_id, NULL, e);
    int64_t n = 0;
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM samrad_attendee WHERE id = ? AND meeting_id = ?", &n, e, "ii",
                          attendee_id, meeting_id);
    if (rc == DL_OK && !n) rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan deltagare på mötet.");
    if (rc == DL_OK) rc = db_run(d, "DELETE FROM samrad_attendee WHERE id = ?", e, "i", attendee_id);
    if (rc == DL_OK) rc = db_run(d, "UPDATE samrad_meeting SET version = version + 1 WHERE id = ?", e, "i", meeting_id);
    if (rc == DL_OK) rc = audit_meeting(d, who, "samrad.attendee_remove", meeting_id, NULL, e);
    return finish(d, rc, e);
}

dl_err samrad_attendees(db *d, arena *a, int64_t meeting_id, samrad_attendee_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, COALESCE(user_id, 0), name, competence FROM samrad_attendee"
                               " WHERE meeting_id = ? ORDER BY id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, meeting_id);
    int r;
    while ((r = db_step(s, e)) == DB_ROW && *n < max) {
        samrad_attendee_rec *x = &out[(*n)++];
        x->id = db_col_int(s, 0);
        x->user_id = db_col_int(s, 1);
        x->name = arena_strdup(a, db_col_text(s, 2));
        x->competence = arena_strdup(a, db_col_text(s, 3));
    }
    db_stmt_done(s);
    return r == DB_ERROR ? e->code : DL_OK;
}

dl_err samrad_agenda_add(db *d, int64_t meeting_id, int64_t case_id, const audit_actor *who, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t org_id = 0, n = 0;
    rc = meeting_planned(d, meeting_id, &org_id, e);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "SELECT org_id, state FROM cases WHERE id = ?", e);
        if (!s) rc = e->code;
        else {
            db_bind_int(s, 1, case_id);
            int r = db_step(s, e);
            if (r == DB_ROW) {
                if (db_col_int(s, 0) != org_id)
                    rc = dl_fail(e, DL_EINVAL, "Ärendet hör till en annan organisation än mötet.");
                else if (strcmp(db_col_text(s, 1), case_state_key(CASE_AWAITING_SAMRAD)) != 0)
                    rc = dl_fail(e, DL_EINVAL, "Bara ärenden som väntar på samråd kan sättas upp på dagordningen.");
            } else if (r == DB_DONE) {
                rc = dl_fail(e, DL_EINVAL, "Det finns inget sådant ärende.");
            } else rc = e->code;
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK)
        rc = db_query_int(d, "SELECT COUNT(*) FROM samrad_agenda g JOIN samrad_meeting m ON m.id = g.meeting_id"
                             " WHERE g.case_id = ? AND (m.state = 'planned' OR m.id = ?)",
                          &n, e, "ii", case_id, meeting_id);
    if (rc == DL_OK && n) rc = dl_fail(e, DL_ECONFLICT, "Ärendet står redan på dagordningen för ett planerat möte.");
    if (rc == DL_OK)
        rc = db_run(d, "INSERT INTO samrad_agenda(meeting_id, case_id, position) VALUES (?, ?,"
                       " (SELECT COALESCE(MAX(position), 0) + 1 FROM samrad_agenda WHERE meeting_id = ?))",
                    e, "iii", meeting_id, case_id, meeting_id);
    if (rc == DL_OK) rc = db_run(d, "UPDATE samrad_meeting SET version = version + 1 WHERE id = ?", e, "i", meeting_id);
    if (rc == DL_OK) {
        char detail[40];
        snprintf(detail, sizeof detail, "case %" PRId64, case_id);
        rc = audit_meeting(d, who, "samrad.agenda_add", meeting_id, detail, e);
    }
    return finish(d, rc, e);
}

dl_err samrad_agenda_remove(db *d, int64_t meeting_id, int64_t case_id, const audit_actor *who, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = meeting_planned(d, meeting_id, NULL, e);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "SELECT recommendation, conditions" SAMRAD_ASSESSMENT_LIST(AS_COLUMN)
                                   " FROM samrad_agenda WHERE meeting_id = ? AND case_id = ?", e);
        if (!s) rc = e->code;
        else {
            db_bind_int(s, 1, meeting_id);
            db_bind_int(s, 2, case_id);
            int r = db_step(s, e);
            if (r == DB_ROW) {
                int assessed = 0;
                for (int col = 0; col < 2 + SAMRAD_ASSESS__MAX; col++) assessed |= filled(db_col_text(s, col));
                if (assessed)
                    rc = dl_fail(e, DL_ECONFLICT, "Samrådet har redan antecknat en bedömning av ärendet på det här "
                                                  "mötet. Töm bedömningen och spara den först (rekommendation: "
                                                  "ingen ännu), och ta sedan bort ärendet från dagordningen.");
            } else if (r == DB_DONE) {
                rc = dl_fail(e, DL_ENOTFOUND, "Ärendet står inte på det här mötets dagordning. Ladda om sidan och "
                                              "se vad som står på den nu.");
            } else rc = e->code;
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK)
        rc = db_run(d, "DELETE FROM samrad_agenda WHERE meeting_id = ? AND case_id = ?", e, "ii", meeting_id, case_id);
    if (rc == DL_OK) rc = db_run(d, "UPDATE samrad_meeting SET version = version + 1 WHERE id = ?", e, "i", meeting_id);
    if (rc == DL_OK) {
        char detail[40];
        snprintf(detail, sizeof detail, "case %" PRId64, case_id);
        rc = audit_meeting(d, who, "samrad.agenda_remove", meeting_id, detail, e);
    }
    return finish(d, rc, e);
}

#define ITEM_CASE_COLS                                                                                    \
    " c.title, c.diary_number, c.state, c.process, c.version,"                                           \
    " (SELECT COUNT(*) FROM case_document cd WHERE cd.case_id = c.id AND cd.kind = 'confidentiality_review')"

static void read_case_part(db_stmt *s, int col, arena *a, samrad_item_rec *x)
{
    x->case_title = arena_strdup(a, db_col_text(s, col));
    x->diary_number = arena_strdup(a, db_col_text(s, col + 1));
    x->case_state = arena_strdup(a, db_col_text(s, col + 2));
    x->process = (int)db_col_int(s, col + 3);
    x->case_version = db_col_int(s, col + 4);
    x->review_documented = db_col_int(s, col + 5) > 0;
}

dl_err samrad_agenda(db *d, arena *a, int64_t meeting_id, samrad_item_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT g.case_id, g.position, g.version, g.recommendation, g.conditions,"
                               " g.outcome, g.review_documented, m.state," ITEM_CASE_COLS
                               SAMRAD_ASSESSMENT_LIST(AS_COLUMN)
                               " FROM samrad_agenda g JOIN samrad_meeting m ON m.id = g.meeting_id"
                               " JOIN cases c ON c.id = g.case_id WHERE g.meeting_id = ? ORDER BY g.position", e);
    if (!s) return e->code;
    db_bind_int(s, 1, meeting_id);
    int r;
    while ((r = db_step(s, e)) == DB_ROW && *n < max) {
        samrad_item_rec *x = &out[(*n)++];
        memset(x, 0, sizeof *x);
        x->case_id = db_col_int(s, 0);
        x->position = db_col_int(s, 1);
        x->version = db_col_int(s, 2);
        x->recommendation = arena_strdup(a, db_col_text(s, 3));
        x->conditions = arena_strdup(a, db_col_text(s, 4));
        x->outcome = arena_strdup(a, db_col_text(s, 5));
        int held = strcmp(db_col_text(s, 7), "held") == 0;
        int review_then = db_col_int(s, 6) != 0;
        read_case_part(s, 8, a, x);
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
            samrad_texts_set(&x->texts, (samrad_assessment_part)p, arena_strdup(a, db_col_text(s, 14 + p)));
        if (held && *x->outcome) x->review_documented = review_then; /* what the minutes said */
    }
    db_stmt_done(s);
    return r == DB_ERROR ? e->code : DL_OK;
}

dl_err samrad_ready_cases(db *d, arena *a, int64_t org_id, samrad_item_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT c.id," ITEM_CASE_COLS " FROM cases c WHERE c.org_id = ? AND c.state = ?"
                               " AND NOT EXISTS (SELECT 1 FROM samrad_agenda g JOIN samrad_meeting m"
                               " ON m.id = g.meeting_id WHERE g.case_id = c.id AND m.state = 'planned')"
                               " ORDER BY c.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    db_bind_text(s, 2, case_state_key(CASE_AWAITING_SAMRAD));
    db_bind_int(s, 3, max);
    int r;
    while ((r = db_step(s, e)) == DB_ROW && *n < max) {
        samrad_item_rec *x = &out[(*n)++];
        memset(x, 0, sizeof *x);
        x->case_id = db_col_int(s, 0);
        read_case_part(s, 1, a, x);
        x->recommendation = x->conditions = x->outcome = ""; /* and the texts NULL: read as "" */
    }
    db_stmt_done(s);
    return r == DB_ERROR ? e->code : DL_OK;
}

dl_err samrad_assess(db *d, int64_t meeting_id, int64_t case_id, const samrad_assessment *in,
                     const audit_actor *who, dl_error *e)
{
    samrad_recommendation rec;
    const char *key = in->recommendation ? in->recommendation : "";
    if (samrad_recommendation_from_key(key, &rec) != 0)
        return dl_fail(e, DL_EINVAL, "Välj rekommendation: utlämnande, avslag eller ingen ännu.");
    dl_err rc;
    if ((rc = samrad_texts_check(&in->texts, rec != SAMRAD_REC_NONE, e)) != DL_OK ||
        (rc = text_ok(in->conditions, "Villkoren", SAMRAD_TEXT_MAX, e)) != DL_OK)
        return rc;
    if ((rc = db_begin(d, e)) != DL_OK) return rc;
    rc = meeting_planned(d, meeting_id, NULL, e);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "UPDATE samrad_agenda SET version = version + 1, recommendation = ?, conditions = ?"
                                   SAMRAD_ASSESSMENT_LIST(AS_SET)
                                   " WHERE meeting_id = ? AND case_id = ? AND version = ? RETURNING version", e);
        if (!s) rc = e->code;
        else {
            int col = 1;
            db_bind_text(s, col++, key);
            db_bind_text(s, col++, in->conditions ? in->conditions : "");
            for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
                db_bind_text(s, col++, samrad_texts_get(&in->texts, (samrad_assessment_part)p));
            db_bind_int(s, col++, meeting_id);
            db_bind_int(s, col++, case_id);
            db_bind_int(s, col, in->expected_version);
            int r = db_step(s, e);
            if (r == DB_ROW) while (db_step(s, e) == DB_ROW) {}
            else if (r == DB_DONE)
                rc = dl_fail(e, DL_ECONFLICT, "Bedömningen har ändrats sedan du öppnade sidan – någon annan hann "
                                              "före. Ladda om sidan; det du skrev visas igen nedan.");
            else rc = e->code;
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK) {
        char detail[60];
        snprintf(detail, sizeof detail, "case %" PRId64 " %s", case_id, *key ? key : "none");
        rc = audit_meeting(d, who, "samrad.assess", meeting_id, detail, e);
    }
    return finish(d, rc, e);
}

dl_err samrad_hold(db *d, int64_t meeting_id, const char *p2_deadline, const authz_subject *subject,
                   const audit_actor *who, const char *public_url, samrad_hold_result *out, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = samrad_hold_in_tx(d, meeting_id, p2_deadline, subject, who, public_url, out, e);
    return finish(d, rc, e);
}

/* The minutes as text (what the diarium's document holds; the letter is
 * built from the tables by report/samrad_minutes.c). */
static void minutes_text(strbuf *sb, const samrad_meeting_rec *m, const samrad_attendee_rec *att, int na,
                         const samrad_item_rec *items, const int *moved, int ni)
{
    sb_printf(sb, "Protokoll från samrådsmöte %s\n%s%s%s\n\nNärvarande:\n", m->held_on, m->org_name,
              *m->place ? ", " : "", m->place);
    for (int i = 0; i < na; i++) {
        samrad_competence c;
        const char *label = samrad_competence_from_key(att[i].competence, &c) == 0 ? samrad_competence_label_sv(c)
                                                                                  : att[i].competence;
        sb_printf(sb, "- %s (%s)\n", att[i].name, label);
    }
    sb_puts(sb, "\nÄrenden:\n");
    for (int i = 0; i < ni; i++) {
        const samrad_item_rec *x = &items[i];
        sb_printf(sb, "\n%d. %s – %s\n", i + 1, *x->diary_number ? x->diary_number : "(utan diarienummer)",
                  *x->case_title ? x->case_title : "(utan titel)");
        for (int p = 0; p < SAMRAD_ASSESS__MAX; p++) {
            const char *v = samrad_texts_get(&x->texts, (samrad_assessment_part)p);
            sb_printf(sb, "%s: %s\n", samrad_assessment_label_sv((samrad_assessment_part)p), *v ? v : "–");
        }
        sb_printf(sb, "Men- och sekretessprövning: %s\n",
                  x->review_documented ? "dokumenterad (separat handling, sekretess)" : "inte dokumenterad");
        if (moved[i]) {
            sb_printf(sb, "Rekommendation: %s\n", strcmp(x->recommendation, "refusal") == 0 ? "avslag" : "utlämnande");
            if (*x->conditions) sb_printf(sb, "Villkor: %s\n", x->conditions);
        } else {
            sb_puts(sb, "Ärendet bordlagt.\n");
        }
    }
}

dl_err samrad_hold_in_tx(db *d, int64_t meeting_id, const char *p2_deadline, const authz_subject *subject,
                         const audit_actor *who, const char *public_url, samrad_hold_result *out, dl_error *e)
{
    if (!db_in_transaction(d)) return dl_fail(e, DL_EINTERNAL, "samrad_hold_in_tx outside a transaction");
    arena *a = arena_new(8192);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    samrad_hold_result res = {0};
    samrad_meeting_rec m;
    samrad_attendee_rec *att = arena_alloc(a, sizeof *att * SAMRAD_PAGE_MAX);
    samrad_item_rec *items = arena_alloc(a, sizeof *items * SAMRAD_PAGE_MAX);
    int *moved = arena_alloc(a, sizeof *moved * SAMRAD_PAGE_MAX);
    int na = 0, ni = 0;
    dl_err rc = att && items && moved ? DL_OK : dl_fail(e, DL_ENOMEM, "out of memory");
    char now[32];
    clock_iso_utc(clock_now(), now);

    /* The meeting row first: a second holder waits here, then finds it held. */
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "UPDATE samrad_meeting SET state = 'held', held_at = ?, version = version + 1"
                                   " WHERE id = ? AND state = 'planned' RETURNING id", e);
        if (!s) rc = e->code;
        else {
            db_bind_text(s, 1, now);
            db_bind_int(s, 2, meeting_id);
            int r = db_step(s, e);
            if (r == DB_ROW) while (db_step(s, e) == DB_ROW) {}
            else if (r == DB_DONE) rc = DL_ENOTFOUND;
            else rc = e->code;
            db_stmt_done(s);
        }
        if (rc == DL_ENOTFOUND) {
            rc = samrad_meeting_get(d, a, meeting_id, &m, e);
            if (rc == DL_OK) rc = dl_fail(e, DL_ECONFLICT, "Mötet är redan hållet.");
        }
    }
    if (rc == DL_OK) rc = samrad_meeting_get(d, a, meeting_id, &m, e);
    if (rc == DL_OK) rc = samrad_attendees(d, a, meeting_id, att, SAMRAD_PAGE_MAX, &na, e);
    if (rc == DL_OK) {
        unsigned present = 0;
        samrad_competence c;
        for (int i = 0; i < na; i++)
            if (samrad_competence_from_key(att[i].competence, &c) == 0) present |= SAMRAD_COMP_BIT(c);
        unsigned missing = samrad_missing_required(present);
        if (missing)
            rc = dl_fail(e, DL_EINVAL, "Mötet kan inte hållas: %s saknas bland deltagarna. Samordnare och kansli, "
                                       "vetenskaplig kompetens och patientsäkerhetskompetens måste vara med.",
                         samrad_competence_label_sv(samrad_first_competence(missing)));
    }
    if (rc == DL_OK) rc = samrad_agenda(d, a, meeting_id, items, SAMRAD_PAGE_MAX, &ni, e);
    /* Each case with a recommendation and its review: through the case's one setter. */
    for (int i = 0; rc == DL_OK && i < ni; i++) {
        samrad_item_rec *x = &items[i];
        moved[i] = *x->recommendation && x->review_documented;
        if (!moved[i]) { res.tabled++; continue; }
        case_step st = {
            .event = strcmp(x->recommendation, "refusal") == 0 ? EV_RECOMMEND_REFUSAL : EV_RECOMMEND_RELEASE,
            .expected_version = x->case_version,
            .assessments = x->texts,
            .conditions = x->conditions,
            .deadline = x->process == PROCESS_2 ? p2_deadline : NULL,
            .public_url = public_url,
        };
        case_step_result sr;
        rc = case_transition_in_tx(d, x->case_id, subject, who, &st, &sr, e);
        if (rc != DL_OK) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            rc = dl_fail(e, rc, "Mötet hölls inte – ärende %s (%s): %s",
                         *x->diary_number ? x->diary_number : "utan diarienummer",
                         *x->case_title ? x->case_title : "utan titel", why);
            break;
        }
        res.moved++;
    }
    for (int i = 0; rc == DL_OK && i < ni; i++)
        rc = db_run(d, "UPDATE samrad_agenda SET outcome = ?, review_documented = ? WHERE meeting_id = ? AND case_id = ?",
                    e, "tiii", moved[i] ? "recommended" : "tabled", (int64_t)items[i].review_documented, meeting_id,
                    items[i].case_id);
    /* The minutes, registered in the diarium. */
    if (rc == DL_OK) {
        strbuf sb;
        sb_init(&sb, 4096);
        minutes_text(&sb, &m, att, na, items, moved, ni);
        char subject_line[80];
        snprintf(subject_line, sizeof subject_line, "Protokoll från samrådsmöte %s", m.held_on);
        diary_input in = {
            .org_id = m.org_id,
            .doc_date = m.held_on,
            .direction = "internal",
            .counterpart = "Samrådet",
            .subject = subject_line,
        };
        int64_t entry = 0;
        rc = sb.oom ? dl_fail(e, DL_ENOMEM, "out of memory")
                    : diary_register_in_tx(d, &in, who, &entry, res.minutes_number, e);
        if (rc == DL_OK)
            rc = db_run(d, "UPDATE samrad_meeting SET minutes_diary_entry_id = ?, minutes_text = ? WHERE id = ?", e,
                        "iti", entry, sb_cstr(&sb), meeting_id);
        sb_free(&sb);
    }
    if (rc == DL_OK) {
        char detail[120];
        snprintf(detail, sizeof detail, "%d recommended, %d tabled, minutes %.60s", res.moved, res.tabled,
                 res.minutes_number);
        rc = audit_meeting(d, who, "samrad.hold", meeting_id, detail, e);
    }
    if (rc == DL_OK && out) *out = res;
    arena_free(a);
    return rc;
}
