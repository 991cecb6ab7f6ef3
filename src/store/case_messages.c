/* case_messages.c — the message thread of a case and the typical times of
 * its states; see case_messages.h. */
#include "store/case_messages.h"
#include "core/alloc.h"
#include "core/case_portal.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "store/case_notify.h"
#include "store/cases.h"
#include "store/diary.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err case_messages(db *d, arena *a, int64_t case_id, case_message_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    /* The newest max, shown oldest first. */
    db_stmt *s = db_prepare(d, "SELECT m.id, m.at, m.author_name, m.side, m.body, COALESCE(m.document_id, 0),"
                               " COALESCE(de.number, ''), COALESCE(m.attachment_id, 0), COALESCE(ca.filename, '')"
                               " FROM case_message m LEFT JOIN case_document cd ON cd.id = m.document_id"
                               " LEFT JOIN diary_entry de ON de.id = cd.diary_entry_id"
                               " LEFT JOIN case_attachment ca ON ca.id = m.attachment_id"
                               " WHERE m.case_id = ? ORDER BY m.id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) {
        case_message_rec *m = &out[(*n)++];
        m->id = db_col_int(s, 0);
        m->at = dup(a, db_col_text(s, 1));
        m->author_name = dup(a, db_col_text(s, 2));
        m->side = dup(a, db_col_text(s, 3));
        m->body = dup(a, db_col_text(s, 4));
        m->document_id = db_col_int(s, 5);
        m->document_number = dup(a, db_col_text(s, 6));
        m->attachment_id = db_col_int(s, 7);
        m->attachment_name = dup(a, db_col_text(s, 8));
        if (!m->at || !m->author_name || !m->side || !m->body || !m->document_number || !m->attachment_name) {
            db_stmt_done(s);
            return dl_fail(e, DL_ENOMEM, "out of memory");
        }
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    for (int i = 0, j = *n - 1; i < j; i++, j--) {
        case_message_rec t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
    return DL_OK;
}

static dl_err check_message(const case_message_in *in, dl_error *e)
{
    size_t len = in->body ? strlen(in->body) : 0;
    if (len == 0) return dl_fail(e, DL_EINVAL, "Skriv ett meddelande.");
    if (!utf8_valid(in->body, len)) return dl_fail(e, DL_EINVAL, "Meddelandet innehåller ogiltiga tecken.");
    if (utf8_count(in->body, len) > CASE_MESSAGE_MAX)
        return dl_fail(e, DL_EINVAL, "Meddelandet är för långt: högst %d tecken. Dela upp det eller bifoga en PDF.",
                       CASE_MESSAGE_MAX);
    if (in->staff && (in->is_completion || in->file))
        return dl_fail(e, DL_EINVAL, "Bara sökanden skickar kompletteringar och bilagor i meddelandena; "
                                     "organisationens handlingar registreras i ärendets steg.");
    return DL_OK;
}

/* An incoming completion on the case, registered in the diarium. */
static dl_err register_completion(db *d, const case_rec *c, const audit_actor *who, const char *body,
                                  int64_t *doc_id, char number_out[DIARY_NUMBER_MAX], dl_error *e)
{
    char today[16], subject[600], now[32];
    clock_local_date(clock_now(), today);
    clock_iso_utc(clock_now(), now);
    snprintf(subject, sizeof subject, "%s: %.400s", case_doc_label_sv(DOC_COMPLETION),
             *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : c->diary_number);
    const char *cp = *c->req.v[REQ_APPLICANT_NAME] ? c->req.v[REQ_APPLICANT_NAME] : who->name;
    diary_input din = {.org_id = c->org_id, .doc_date = today, .direction = case_doc_direction(DOC_COMPLETION),
                       .counterpart = cp, .subject = subject, .confidential = 0, .legal_ref = NULL};
    int64_t entry = 0;
    dl_err rc = diary_register_in_tx(d, &din, who, &entry, number_out, e);
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO case_document(case_id, kind, diary_entry_id, created_at, created_by,"
                             " confidential, counterpart, body) VALUES (?, ?, ?, ?, NULLIF(?, 0), 0, ?, ?) RETURNING id",
                          doc_id, e, "itititt", c->id, case_doc_key(DOC_COMPLETION), entry, now,
                          who->user_id, cp, body);
    return rc;
}

/* The applicant's document: the complete step while the case waits for a
 * completion (the table registers it and tells the coordinators; 1 in
 * *stepped), else a completion registered here. Its case_document id in
 * *doc_id. */
static dl_err register_document(db *d, const authz_subject *subject, const audit_actor *who, const case_rec *c,
                                const char *body, int64_t *doc_id, int *stepped, char number_out[DIARY_NUMBER_MAX],
                                dl_error *e)
{
    if (c->state != CASE_COMPLETION_REQUESTED) return register_completion(d, c, who, body, doc_id, number_out, e);
    case_step st = {.event = EV_COMPLETE, .expected_version = c->version, .text = body};
    case_step_result out;
    dl_err rc = case_transition_in_tx(d, c->id, subject, who, &st, &out, e);
    if (rc == DL_OK) {
        snprintf(number_out, DIARY_NUMBER_MAX, "%s", out.diary_number);
        *stepped = 1;
        rc = db_query_int(d, "SELECT MAX(id) FROM case_document WHERE case_id = ? AND kind = ?", doc_id, e, "it",
                          c->id, case_doc_key(DOC_COMPLETION));
    }
    return rc;
}

dl_err case_message_post(db *d, const authz_subject *subject, const audit_actor *who, const case_message_in *in,
                         int64_t *id_out, char number_out[DIARY_NUMBER_MAX], dl_error *e)
{
    number_out[0] = '\0';
    *id_out = 0;
    dl_err rc = check_message(in, e);
    if (rc != DL_OK) return rc;
    arena *a = arena_new(4096);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    rc = db_begin(d, e);
    if (rc != DL_OK) { arena_free(a); return rc; }
    case_rec c;
    rc = case_get(d, a, in->case_id, &c, e);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant ärende.");
    if (rc == DL_OK && c.state == CASE_DRAFT)
        rc = dl_fail(e, DL_ECONFLICT, "Ansökan är inte inskickad än; meddelanden skrivs när ärendet har kommit in.");
    int64_t doc_id = 0, att_id = 0;
    int stepped = 0;
    if (rc == DL_OK && !in->staff && in->file) rc = case_attach_in_tx(d, c.id, who, in->file, &att_id, e);
    if (rc == DL_OK && !in->staff && (in->is_completion || in->file))
        rc = register_document(d, subject, who, &c, in->body, &doc_id, &stepped, number_out, e);
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (rc == DL_OK)
        rc = db_query_int(d, "INSERT INTO case_message(case_id, at, author_user_id, author_name, side, body,"
                             " document_id, attachment_id) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0),"
                             " NULLIF(?, 0)) RETURNING id", id_out, e, "ititttii", c.id, now, who->user_id,
                          in->author_name && *in->author_name ? in->author_name : who->name, in->staff ? "staff" : "applicant", in->body, doc_id, att_id);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, c.id);
    const char *detail = arena_printf(a, "message %" PRId64 ", %s%s%s", *id_out, in->staff ? "staff" : "applicant",
                                      *number_out ? ", registered " : "", number_out);
    if (rc == DL_OK) rc = audit_append(d, who, "case.message", "case", idt, NULL, NULL, detail ? detail : "", e);
    /* The other side hears that something was written, never what. The
     * complete step has told the coordinators already. */
    if (rc == DL_OK && !stepped)
        rc = case_notify_kind_in_tx(d, &c, in->staff ? NOTIFY_APPLICANT : NOTIFY_COORDINATORS, NULL,
                                    in->staff ? "case.message" : "case.staff_message", NULL, in->public_url, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    arena_free(a);
    return rc;
}

/* Hops of one case together, in the order they were registered. */
typedef struct ordered_hop {
    case_hop hop;
    int seq;
} ordered_hop;

static int by_case_then_seq(const void *a, const void *b)
{
    const ordered_hop *x = a, *y = b;
    if (x->hop.case_id != y->hop.case_id) return x->hop.case_id < y->hop.case_id ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

dl_err case_typical_times(db *d, int64_t org_id, int64_t median_out[CASE_STATE__MAX],
                          int count_out[CASE_STATE__MAX], dl_error *e)
{
    for (int s = 0; s < CASE_STATE__MAX; s++) {
        median_out[s] = 0;
        count_out[s] = 0;
    }
    /* The newest transitions by their key, a range read however many cases
     * there are; "+c.org_id" keeps SQLite from starting at the
     * organisation's every case instead. */
    int64_t newest = 0;
    dl_err rc = db_query_int(d, "SELECT COALESCE(MAX(id), 0) FROM case_event", &newest, e, "");
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT ev.case_id, ev.at, ev.to_state FROM case_event ev JOIN cases c ON c.id = ev.case_id"
                               " WHERE ev.id > ? AND +c.org_id = ? ORDER BY ev.id", e);
    if (!s) return e->code;
    db_bind_int(s, 1, newest - CASE_TYPICAL_SAMPLE);
    db_bind_int(s, 2, org_id);
    ordered_hop *rows = dl_malloc(sizeof *rows * CASE_TYPICAL_SAMPLE);
    case_hop *hops = dl_malloc(sizeof *hops * CASE_TYPICAL_SAMPLE);
    int64_t *scratch = dl_malloc(sizeof *scratch * CASE_TYPICAL_SAMPLE);
    int n = 0, st = DB_DONE;
    if (rows && hops && scratch)
        while ((st = db_step(s, e)) == DB_ROW && n < CASE_TYPICAL_SAMPLE) {
            case_state to;
            int64_t at = case_time_utc(db_col_text(s, 1));
            if (at < 0 || case_state_from_key(db_col_text(s, 2), &to) != 0) continue;
            rows[n] = (ordered_hop){{db_col_int(s, 0), at, to}, n};
            n++;
        }
    db_stmt_done(s);
    rc = !rows || !hops || !scratch ? dl_fail(e, DL_ENOMEM, "out of memory") : st == DB_ERROR ? e->code : DL_OK;
    if (rc == DL_OK) {
        qsort(rows, (size_t)n, sizeof *rows, by_case_then_seq);
        for (int i = 0; i < n; i++) hops[i] = rows[i].hop;
        case_state_medians(hops, n, scratch, median_out, count_out);
    }
    dl_free(rows);
    dl_free(hops);
    dl_free(scratch);
    return rc;
}
