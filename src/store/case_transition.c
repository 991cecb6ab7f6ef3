/* case_transition.c — the one setter of a case's state (and its in-transaction
 * form, for a caller that opens the case in the same transaction). In one
 * transaction:
 * read the case, check the step against the transition table (state,
 * process, permission, guards) and the version the person saw, check the
 * step's fields, then write the case, its history row, the documents with
 * their diary entries, the Process 2 units, the audit row and the e-mails
 * (case_notify.c). Any failure rolls all of it back. */
#include "store/cases.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/release_terms.h"
#include "core/utf8.h"
#include "store/case_estimate.h"
#include "store/case_notify.h"
#include "store/case_step_length.h"
#include "store/diary.h"

#define STEP_TEXT_MAX 8000 /* characters of a step's text or conditions */

static int filled(const char *s) { return s && *s; }

static dl_err text_ok(const char *s, const char *what, dl_error *e)
{
    if (!s) return DL_OK;
    size_t n = strlen(s);
    if (!utf8_valid(s, n)) return dl_fail(e, DL_EINVAL, "%s innehåller ogiltiga tecken.", dl_tr(what));
    if (utf8_count(s, n) > STEP_TEXT_MAX)
        return dl_fail(e, DL_EINVAL, "%s är för lång (högst %d tecken).", dl_tr(what), STEP_TEXT_MAX);
    return DL_OK;
}

/* Is user_id an assigned employee at a node covering the case's target? */
static dl_err assignee_ok(db *d, const case_rec *c, int64_t user_id, dl_error *e)
{
    int64_t n = 0;
    dl_err rc = db_query_int(d,
                             "SELECT COUNT(*) FROM role_assignment r JOIN org_node o ON o.id = r.node_id"
                             " JOIN users u ON u.id = r.user_id"
                             " WHERE r.user_id = ? AND r.role = 'assigned_employee' AND u.disabled = 0"
                             " AND substr(?, 1, length(o.path)) = o.path",
                             &n, e, "it", user_id, c->target_path);
    if (rc != DL_OK) return rc;
    return n ? DL_OK
             : dl_fail(e, DL_EINVAL, "Välj en medarbetare som har rollen Medarbetare med uppdrag vid enheten.");
}

/* The step's own fields, as its row names them. */
static dl_err check_fields(db *d, const case_rec *c, const case_transition_rule *row, const case_step *st,
                           dl_error *e)
{
    dl_err rc;
    if ((rc = text_ok(st->text, "Texten", e)) != DL_OK) return rc;
    if ((rc = text_ok(st->conditions, "Villkoren", e)) != DL_OK) return rc;
    if ((rc = text_ok(st->counterpart, "Avsändaren", e)) != DL_OK) return rc;
    if (st->counterpart && strlen(st->counterpart) > 500) return dl_fail(e, DL_EINVAL, "Avsändaren är för lång.");
    switch (row->fields) {
    case CF_NONE:
    case CF_WITHDRAWAL:
        return DL_OK;
    case CF_ESTIMATE:
        if (!filled(st->text)) return dl_fail(e, DL_EINVAL, "Skriv uttagsspecifikationen: vilka uppgifter som tas ut och hur.");
        return case_estimate_check_in_tx(d, c, row, st, e);
    case CF_ESTIMATE_ANSWER:
        return case_estimate_check_in_tx(d, c, row, st, e);
    case CF_NARROWING:
        if (!filled(st->text)) return dl_fail(e, DL_EINVAL, "Skriv hur du begränsar ansökan.");
        return case_estimate_check_in_tx(d, c, row, st, e);
    case CF_INCOMING:
        return filled(st->counterpart) ? DL_OK : dl_fail(e, DL_EINVAL, "Ange vem handlingen kom från.");
    case CF_COMPLETION_REQUEST:
        return filled(st->text) ? DL_OK : dl_fail(e, DL_EINVAL, "Skriv vad som saknas i ansökan.");
    case CF_COMPLETION:
        return filled(st->text) ? DL_OK : dl_fail(e, DL_EINVAL, "Skriv din komplettering.");
    case CF_ACCEPT:
        if ((st->checklist & CASE_CHECK_ALL) != CASE_CHECK_ALL)
            return dl_fail(e, DL_EINVAL, "Bocka av varje punkt i kontrollen av att ansökan är komplett. "
                                         "Saknas något: begär komplettering i stället.");
        if (st->process != PROCESS_1 && st->process != PROCESS_2)
            return dl_fail(e, DL_EINVAL, "Välj process 1 (enstaka vårdenhet) eller process 2 (område eller förvaltning).");
        if (st->process == PROCESS_1 && strcmp(c->target_kind, "vardenhet") != 0)
            return dl_fail(e, DL_EINVAL, "Process 1 gäller en enskild vårdenhet; ansökan gäller ett helt område "
                                         "eller hela förvaltningen. Välj process 2.");
        if (!c->target_node_id)
            return dl_fail(e, DL_EINVAL, "Ansökan saknar enhet eller område; begär komplettering först.");
        return DL_OK;
    case CF_REVIEW:
        return filled(st->text) ? DL_OK : dl_fail(e, DL_EINVAL, "Dokumentera prövningen (bedömning och skäl).");
    case CF_RECOMMENDATION:
        if ((rc = samrad_texts_check(&st->assessments, 1, e)) != DL_OK) return rc;
        if (row->to == CASE_UNIT_CONSULTATION) {
            cal_date dl;
            char today[16];
            clock_local_date(clock_now(), today);
            if (!filled(st->deadline) || !cal_parse_iso(st->deadline, strlen(st->deadline), 2000, 2200, &dl))
                return dl_fail(e, DL_EINVAL, "Ange sista dag för enheternas svar (ÅÅÅÅ-MM-DD).");
            if (strcmp(st->deadline, today) <= 0)
                return dl_fail(e, DL_EINVAL, "Sista svarsdag måste ligga efter i dag.");
        }
        return DL_OK;
    case CF_UNIT_ANSWER: {
        int64_t n = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM case_unit WHERE case_id = ? AND node_id = ? AND answer = 'pending'",
                          &n, e, "ii", c->id, st->unit_node_id);
        if (rc != DL_OK) return rc;
        if (!n) return dl_fail(e, DL_ECONFLICT, "Enheten har redan svarat eller är inte tillfrågad i ärendet.");
        if (st->unit_refuses && !filled(st->text))
            return dl_fail(e, DL_EINVAL, "Ange skälet till att enheten nekar utlämnande.");
        return DL_OK;
    }
    case CF_DECISION:
        if (row->event == EV_REFUSE && !filled(st->text))
            return dl_fail(e, DL_EINVAL, "Ett avslag ska motiveras: skriv skälen.");
        if (row->event == EV_APPROVE && st->partial && !filled(st->text))
            return dl_fail(e, DL_EINVAL, "Ett delvis avslag ska motiveras: skriv skälen.");
        if (row->event == EV_APPROVE && st->terms) {
            char today[16];
            clock_local_date(clock_now(), today);
            const char *contacts = c->req.v[REQ_CONTACTS_PATIENTS];
            return release_terms_check(st->terms, c->req.v[REQ_VARIABLES],
                                       contacts && strcmp(contacts, "1") == 0, today, e);
        }
        return DL_OK;
    case CF_ASSIGNMENT:
        if (st->assignee_user_id <= 0) return dl_fail(e, DL_EINVAL, "Välj den medarbetare som får uppdraget.");
        return assignee_ok(d, c, st->assignee_user_id, e);
    case CF_DELIVERY:
        if (!st->delivery_method || (strcmp(st->delivery_method, "paper") != 0 &&
                                     strcmp(st->delivery_method, "encrypted") != 0))
            return dl_fail(e, DL_EINVAL, "Välj leveranssätt: pappersutskrift eller krypterad fil.");
        return DL_OK;
    case CASE_FIELDS__MAX:
        break;
    }
    return dl_fail(e, DL_EINTERNAL, "unknown field set");
}

static dl_err refusal_error(case_refusal why, const char *msg, dl_error *e)
{
    switch (why) {
    case CASE_NOT_IN_STATE: return dl_fail(e, DL_ECONFLICT, "%s", msg);
    case CASE_NOT_PERMITTED: return dl_fail(e, DL_EDENIED, "%s", msg);
    case CASE_GUARD_FAILED: return dl_fail(e, DL_EDENIED, "%s", msg);
    case CASE_OK: break;
    }
    return DL_OK;
}

/* Registers one document of the case in the diarium and on the case; its
 * id in *doc_id. */
static dl_err register_document(db *d, const case_rec *c, case_doc doc, const audit_actor *who, const char *body,
                                const char *counterpart, char number_out[DIARY_NUMBER_MAX], int64_t *doc_id,
                                dl_error *e)
{
    char today[16], subject[600];
    clock_local_date(clock_now(), today);
    snprintf(subject, sizeof subject, "%s: %.400s", case_doc_label_sv(doc),
             filled(c->req.v[REQ_TITLE]) ? c->req.v[REQ_TITLE] : c->diary_number);
    diary_input in = {
        .org_id = c->org_id,
        .doc_date = today,
        .direction = case_doc_direction(doc),
        .counterpart = counterpart,
        .subject = subject,
        .confidential = case_doc_confidential(doc),
        .legal_ref = case_doc_legal_ref(doc),
    };
    int64_t entry = 0;
    dl_err rc = diary_register_in_tx(d, &in, who, &entry, number_out, e);
    if (rc != DL_OK) return rc;
    char now[32];
    clock_iso_utc(clock_now(), now);
    db_stmt *s = db_prepare(d, "INSERT INTO case_document(case_id, kind, diary_entry_id, created_at, created_by,"
                               " confidential, counterpart, body) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?)"
                               " RETURNING id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, c->id);
    db_bind_text(s, 2, case_doc_key(doc));
    db_bind_int(s, 3, entry);
    db_bind_text(s, 4, now);
    db_bind_int(s, 5, who ? who->user_id : 0);
    db_bind_int(s, 6, case_doc_confidential(doc));
    db_bind_text(s, 7, counterpart);
    db_bind_text(s, 8, body ? body : "");
    if (db_step(s, e) == DB_ROW) {
        if (doc_id) *doc_id = db_col_int(s, 0);
        while (db_step(s, e) == DB_ROW) {}
    } else rc = e->code ? e->code : DL_EDB;
    db_stmt_done(s);
    return rc;
}

/* The samråd's recommendation with its assessments kept apart, beside the
 * document that holds them as text. */
/* An approval's terms, as the extraction will read them. A step without
 * terms (the API's and older clients') releases what the request asked for
 * in dictionary keys, pseudonymised, dates by day. */
static dl_err record_terms(db *d, const case_rec *c, const case_step *st, dl_error *e)
{
    release_terms defaults;
    const release_terms *t = st->terms;
    if (!t) {
        release_terms_default(&defaults, c->req.v[REQ_VARIABLES]);
        t = &defaults;
    }
    char vars[RELEASE_VARIABLES_MAX * 64], now_iso[32];
    if (release_terms_variables_text(t, vars, sizeof vars) < 0)
        return dl_fail(e, DL_ELIMIT, "För många variabler (högst %d).", RELEASE_VARIABLES_MAX);
    clock_iso_utc(clock_now(), now_iso);
    return db_run(d, "INSERT INTO case_release_terms(case_id, variables, date_precision, small_cell_min, age_min,"
                     " age_max, pseudonymise, destroy_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  e, "ittiiiitt", c->id, vars, date_precision_keys[t->dates], (int64_t)t->small_cell_min,
                  (int64_t)t->age_min, (int64_t)t->age_max, (int64_t)t->pseudonymise, t->destroy_by, now_iso);
}

static dl_err record_recommendation(db *d, const case_rec *c, int64_t doc_id, const case_transition_rule *row,
                                    const case_step *st, dl_error *e)
{
#define REC_COLUMN(id, member, sv, en, subject) ", assessment_" #member
#define REC_MARK(id, member, sv, en, subject) ", ?"
    db_stmt *s = db_prepare(d, "INSERT INTO case_recommendation(document_id, case_id, recommendation, conditions"
                               SAMRAD_ASSESSMENT_LIST(REC_COLUMN) ") VALUES (?, ?, ?, ?"
                               SAMRAD_ASSESSMENT_LIST(REC_MARK) ")", e);
#undef REC_COLUMN
#undef REC_MARK
    if (!s) return e->code;
    int col = 1;
    db_bind_int(s, col++, doc_id);
    db_bind_int(s, col++, c->id);
    db_bind_text(s, col++, row->event == EV_RECOMMEND_REFUSAL ? "refusal" : "release");
    db_bind_text(s, col++, st->conditions ? st->conditions : "");
    for (int p = 0; p < SAMRAD_ASSESS__MAX; p++)
        db_bind_text(s, col++, samrad_texts_get(&st->assessments, (samrad_assessment_part)p));
    dl_err rc = db_step(s, e) == DB_DONE ? DL_OK : (e->code ? e->code : DL_EDB);
    db_stmt_done(s);
    return rc;
}

/* Process 2: the care units asked — every unit at or below the target. */
static dl_err open_unit_round(db *d, const case_rec *c, dl_error *e)
{
    return db_run(d, "INSERT INTO case_unit(case_id, node_id) SELECT ?, id FROM org_node"
                     " WHERE kind = 'vardenhet' AND substr(path, 1, length(?)) = ?",
                  e, "itt", c->id, c->target_path, c->target_path);
}

/* The counterpart a document names: the applicant for letters in and out,
 * the organisation itself for internal documents. */
static const char *counterpart_of(const case_rec *c, case_doc doc, const case_step *st)
{
    if (st->event == EV_REGISTER_INCOMING && filled(st->counterpart)) return st->counterpart;
    if (strcmp(case_doc_direction(doc), "internal") == 0) return c->org_name;
    if (doc == DOC_UNIT_NOTICE) return c->target_name;
    if (doc == DOC_UNIT_ANSWER) return c->target_name;
    return filled(c->req.v[REQ_APPLICANT_NAME]) ? c->req.v[REQ_APPLICANT_NAME] : "Sökande";
}

dl_err case_transition(db *d, int64_t case_id, const authz_subject *subject, const audit_actor *who,
                       const case_step *st, case_step_result *out, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = case_transition_in_tx(d, case_id, subject, who, st, out, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

dl_err case_transition_in_tx(db *d, int64_t case_id, const authz_subject *subject, const audit_actor *who,
                             const case_step *st, case_step_result *out, dl_error *e)
{
    if (!db_in_transaction(d)) return dl_fail(e, DL_EINTERNAL, "case_transition_in_tx outside a transaction");
    if (!st || (unsigned)st->event >= CASE_EVENT__MAX) return dl_fail(e, DL_EINVAL, "Okänt steg.");
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    dl_err rc = DL_OK;
    case_rec c;
    case_facts facts;
    authz_object obj;
    const case_transition_rule *row = NULL;
    const char *why = NULL;
    const char *unit_name = NULL; /* a unit's answer: the unit, its document's sender */
    char number[DIARY_NUMBER_MAX] = "", first_number[DIARY_NUMBER_MAX] = "";

    rc = case_get(d, a, case_id, &c, e);
    if (rc == DL_OK) rc = case_facts_for(d, a, &c, subject ? subject->user_id : 0, &facts, &obj, e);
    if (rc == DL_OK && st->event == EV_UNIT_ANSWER) {
        /* The answer is for one unit: the actor's role must cover that unit. */
        const char *path = NULL;
        db_stmt *s = db_prepare(d, "SELECT o.path, o.name FROM case_unit u JOIN org_node o ON o.id = u.node_id"
                                   " WHERE u.case_id = ? AND u.node_id = ?", e);
        if (!s) rc = e->code;
        else {
            db_bind_int(s, 1, c.id);
            db_bind_int(s, 2, st->unit_node_id);
            if (db_step(s, e) == DB_ROW) {
                path = arena_strdup(a, db_col_text(s, 0));
                unit_name = arena_strdup(a, db_col_text(s, 1));
            }
            db_stmt_done(s);
        }
        obj.node_path = path ? path : "/none/";
        obj.node_paths = NULL;
        obj.n_node_paths = 0;
    }
    if (rc == DL_OK) {
        case_refusal r = case_may(subject, &obj, &facts, st->event, &row, &why);
        if (r != CASE_OK) rc = refusal_error(r, why, e);
    }
    if (rc == DL_OK && st->expected_version != c.version)
        rc = dl_fail(e, DL_ECONFLICT, "Ärendet har ändrats sedan du öppnade sidan – någon annan hann före. "
                                      "Ladda om sidan och se vad som gäller nu; det du skrev visas igen nedan.");
    if (rc == DL_OK && st->event == EV_SUBMIT) {
        case_request_problem p[1];
        if (case_request_check(&c.req, 1, p, 1) > 0)
            rc = dl_fail(e, DL_EINVAL, "Ansökan är inte klar att skicka: %s – %s",
                         case_request_fields[p[0].field].label_sv, p[0].msg_sv);
    }
    if (rc == DL_OK) rc = check_fields(d, &c, row, st, e);

    /* The case row, first, so that a second writer waits here and then
     * finds the version gone. */
    if (rc == DL_OK) {
        int64_t now = clock_now();
        char now_iso[32];
        clock_iso_utc(now, now_iso);
        int64_t started = 0, paused_at = 0, paused_total = 0, stopped = 0;
        db_stmt *q = db_prepare(d, "SELECT clock_started_at, clock_paused_at, clock_paused_total, clock_stopped_at"
                                   " FROM cases WHERE id = ?", e);
        if (!q) rc = e->code;
        else {
            db_bind_int(q, 1, c.id);
            if (db_step(q, e) == DB_ROW) {
                started = db_col_int(q, 0);
                paused_at = db_col_int(q, 1);
                paused_total = db_col_int(q, 2);
                stopped = db_col_int(q, 3);
            }
            db_stmt_done(q);
        }
        switch (row->clock) {
        case CLOCK_START: started = now; paused_at = 0; paused_total = 0; stopped = 0; break;
        case CLOCK_PAUSE: if (!paused_at) paused_at = now; break;
        case CLOCK_RESUME: if (paused_at) { paused_total += now - paused_at; paused_at = 0; } break;
        case CLOCK_STOP:
            if (paused_at) { paused_total += now - paused_at; paused_at = 0; }
            if (!stopped) stopped = now;
            break;
        case CLOCK_KEEP: break;
        }
        int process = row->event == EV_ACCEPT_COMPLETE ? st->process : (int)c.process;
        int64_t assignee = row->event == EV_ISSUE_ASSIGNMENT ? st->assignee_user_id : c.assignee_user_id;
        const char *deadline = row->to == CASE_UNIT_CONSULTATION && row->from == CASE_AWAITING_SAMRAD
                                   ? st->deadline : c.consultation_deadline;
        const char *outcome = c.decision_outcome, *conditions = c.decision_conditions;
        if (row->fields == CF_DECISION) {
            outcome = row->event == EV_REFUSE ? "refused" : st->partial ? "approved_in_part" : "approved";
            conditions = st->conditions ? st->conditions : "";
        }
        const char *submitted = row->clock == CLOCK_START ? now_iso : c.submitted_at;
        const char *closed = case_state_is_open(row->to) ? "" : now_iso;
        db_stmt *s = db_prepare(d, "UPDATE cases SET state = ?, process = ?, updated_at = ?, submitted_at = ?,"
                                   " closed_at = ?, clock_started_at = ?, clock_paused_at = ?, clock_paused_total = ?,"
                                   " clock_stopped_at = ?, assignee_user_id = ?, consultation_deadline = ?,"
                                   " decision_outcome = ?, decision_conditions = ?, version = version + 1"
                                   " WHERE id = ? AND version = ? RETURNING version", e);
        if (!s) rc = e->code;
        else {
            db_bind_text(s, 1, case_state_key(row->to));
            db_bind_int(s, 2, process);
            db_bind_text(s, 3, now_iso);
            db_bind_text(s, 4, submitted);
            db_bind_text(s, 5, closed);
            db_bind_int(s, 6, started);
            db_bind_int(s, 7, paused_at);
            db_bind_int(s, 8, paused_total);
            db_bind_int(s, 9, stopped);
            if (assignee) db_bind_int(s, 10, assignee); else db_bind_null(s, 10);
            db_bind_text(s, 11, deadline ? deadline : "");
            db_bind_text(s, 12, outcome);
            db_bind_text(s, 13, conditions);
            db_bind_int(s, 14, c.id);
            db_bind_int(s, 15, c.version);
            int r = db_step(s, e);
            if (r == DB_ROW) {
                if (out) out->version = db_col_int(s, 0);
                while (db_step(s, e) == DB_ROW) {}
            } else if (r == DB_DONE) {
                rc = dl_fail(e, DL_ECONFLICT, "Ärendet har ändrats sedan du öppnade sidan – någon annan hann före. "
                                              "Ladda om sidan och se vad som gäller nu.");
            } else rc = e->code;
            db_stmt_done(s);
        }
        /* The step this transition ends, with its length (read by the follow-up figures). */
        if (rc == DL_OK) rc = case_step_length_end_in_tx(d, c.id, row->from, row->to, now_iso, e);
        if (rc == DL_OK)
            rc = db_run(d, "INSERT INTO case_event(case_id, at, actor_user_id, actor_name, event, from_state, to_state,"
                           " note) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
                        e, "itittttt", c.id, now_iso, who ? who->user_id : 0, who && who->name ? who->name : "system",
                        case_event_key(row->event), case_state_key(row->from), case_state_key(row->to),
                        row->event == EV_UNIT_ANSWER ? (st->unit_refuses ? "refuse" : "accept") : "");
    }
    if (rc == DL_OK && row->event == EV_RECOMMEND_RELEASE && row->to == CASE_UNIT_CONSULTATION) {
        rc = case_unit_month_adjust(d, c.id, -1, e); /* the follow-up's counts move with the rows */
        if (rc == DL_OK) rc = open_unit_round(d, &c, e);
        if (rc == DL_OK) rc = case_unit_month_adjust(d, c.id, 1, e);
    }
    if (rc == DL_OK && row->event == EV_UNIT_ANSWER) {
        char now_iso[32];
        clock_iso_utc(clock_now(), now_iso);
        rc = case_unit_month_adjust(d, c.id, -1, e);
        if (rc == DL_OK)
            rc = db_run(d, "UPDATE case_unit SET answer = ?, reason = ?, answered_by = NULLIF(?, 0), answered_at = ?"
                           " WHERE case_id = ? AND node_id = ?",
                        e, "ttitii", st->unit_refuses ? "refuse" : "accept", st->text ? st->text : "",
                        who ? who->user_id : 0, now_iso, c.id, st->unit_node_id);
        if (rc == DL_OK) rc = case_unit_month_adjust(d, c.id, 1, e);
    }
    /* The documents: what the step registers, then what it sends. */
    if (rc == DL_OK && row->registers != DOC_NONE) {
        /* A recommendation's text is its three assessments, each under its label. */
        const char *text = row->fields == CF_RECOMMENDATION ? samrad_texts_body(a, &st->assessments) : st->text;
        const char *body = row->fields == CF_ESTIMATE ? case_estimate_body(d, a, &c, st, e) : text;
        if (row->fields == CF_ESTIMATE && !body) rc = e->code ? e->code : dl_fail(e, DL_ENOMEM, "out of memory");
        if (row->fields == CF_RECOMMENDATION || row->fields == CF_REVIEW || row->fields == CF_DECISION) {
            if (filled(st->conditions)) body = arena_printf(a, "%s\n\n%s", text ? text : "", st->conditions);
        }
        int64_t doc_id = 0;
        const char *cp = row->registers == DOC_UNIT_ANSWER && unit_name ? unit_name
                                                                         : counterpart_of(&c, row->registers, st);
        if (rc == DL_OK)
            rc = body || !text ? register_document(d, &c, row->registers, who, body, cp, number, &doc_id, e)
                           : dl_fail(e, DL_ENOMEM, "out of memory");
        if (rc == DL_OK && row->fields == CF_RECOMMENDATION) rc = record_recommendation(d, &c, doc_id, row, st, e);
        if (rc == DL_OK && row->fields == CF_DECISION && row->event == EV_APPROVE) rc = record_terms(d, &c, st, e);
        if (rc == DL_OK) rc = case_estimate_record_in_tx(d, &c, row, st, doc_id, e);
        if (rc == DL_OK) snprintf(first_number, sizeof first_number, "%s", number);
        if (rc == DL_OK && row->registers == DOC_REQUEST && !*c.diary_number) {
            rc = db_run(d, "UPDATE cases SET diary_number = ? WHERE id = ?", e, "ti", number, c.id);
            c.diary_number = arena_strdup(a, number);
        }
    }
    if (rc == DL_OK && row->sends != DOC_NONE)
        rc = register_document(d, &c, row->sends, who, "", counterpart_of(&c, row->sends, st), number, NULL, e);
    if (rc == DL_OK) {
        char id_text[24], detail[120];
        snprintf(id_text, sizeof id_text, "%" PRId64, c.id);
        snprintf(detail, sizeof detail, "%s -> %s%s%.60s", case_state_key(row->from), case_state_key(row->to),
                 *first_number ? " " : "", first_number);
        char action[64];
        snprintf(action, sizeof action, "case.%s", case_event_key(row->event));
        rc = audit_append(d, who, action, "case", id_text, NULL, NULL, detail, e);
    }
    if (rc == DL_OK) rc = case_notify_in_tx(d, a, &c, row, st, e);
    if (rc == DL_OK && out) {
        out->to = row->to;
        snprintf(out->diary_number, sizeof out->diary_number, "%.63s", first_number);
    }
    arena_free(a);
    return rc;
}
