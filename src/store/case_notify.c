/* case_notify.c — the recipients of a case step and their e-mails. See
 * case_notify.h. Recipients by role are found by scope: a role held at a
 * node at or above the case's target (or, for the area's chiefs, at or
 * below it). */
#include "store/case_notify.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "notify/mail_text.h"
#include "store/case_invitation.h"
#include "store/case_survey.h"
#include "store/outbox.h"

/* The mail kind for one notify bit and event (mail_text.c has their words). */
static const char *mail_kind(unsigned bit, case_event ev)
{
    switch (bit) {
    case NOTIFY_APPLICANT:
        if (ev == EV_SUBMIT || ev == EV_REGISTER_INCOMING) return "case.received";
        if (ev == EV_REQUEST_COMPLETION) return "case.completion_requested";
        if (ev == EV_SEND_ESTIMATE) return "case.estimate";
        if (ev == EV_APPROVE || ev == EV_REFUSE) return "case.decided";
        if (ev == EV_REGISTER_DELIVERY) return "case.delivered";
        return "case.updated";
    case NOTIFY_COORDINATORS:
        return ev == EV_SUBMIT || ev == EV_REGISTER_INCOMING ? "case.staff_new" : "case.staff_update";
    case NOTIFY_AREA_CHIEFS: return "case.unit_notice";
    case NOTIFY_DECIDERS: return "case.for_decision";
    case NOTIFY_ASSIGNEE: return "case.assignment";
    case NOTIFY_DATA_ANALYSIS: return "case.for_data_analysis";
    case NOTIFY_SURVEY: return "case.survey";
    }
    return "case.updated";
}

/* One mail of kind to `to`, linking to the case (or to link_path, a path
 * on this site, when given). */
static dl_err queue_linked(db *d, const case_rec *c, const case_step *st, const char *kind, const char *to,
                           const char *lang, const char *link_path, dl_error *e)
{
    if (!to || !*to) return DL_OK;
    if (strcmp(lang, "en") != 0) lang = "sv";
    char path[160], link[600];
    if (link_path) snprintf(path, sizeof path, "%s", link_path);
    else snprintf(path, sizeof path, "/cases/%" PRId64, c->id);
    snprintf(link, sizeof link, "%s%s", st->public_url && *st->public_url ? st->public_url : "", path);
    mail_value v[] = {
        {"case_number", *c->diary_number ? c->diary_number : "–"},
        {"title", *c->req.v[REQ_TITLE] ? c->req.v[REQ_TITLE] : "–"},
        {"organisation", c->org_name},
        {"deadline", *c->consultation_deadline ? c->consultation_deadline : (st->deadline ? st->deadline : "–")},
        {"link", link},
    };
    mail_text t;
    dl_err rc = mail_text_render(kind, lang, v, sizeof v / sizeof v[0], &t, e);
    if (rc != DL_OK) return rc;
    outbox_mail m = {to, t.subject, t.body, lang, kind, c->id};
    rc = outbox_enqueue_in_tx(d, &m, NULL, e);
    mail_text_free(&t);
    return rc;
}

static dl_err queue_one(db *d, const case_rec *c, const case_step *st, const char *kind, const char *to,
                        const char *lang, dl_error *e)
{
    return queue_linked(d, c, st, kind, to, lang, NULL, e);
}

/* The applicant's mail. A request registered on the applicant's behalf
 * with no account at their address: the acknowledgement is an invitation
 * to continue online (store/case_invitation.h), linking to it instead of
 * to a case page they could not open. */
static dl_err queue_applicant(db *d, const case_rec *c, const case_step *st, const char *kind, dl_error *e)
{
    const char *to = c->req.v[REQ_APPLICANT_EMAIL];
    char lang[8] = "sv";
    if (c->owner_user_id) {
        db_stmt *s = db_prepare(d, "SELECT language FROM users WHERE id = ?", e);
        if (!s) return e->code;
        db_bind_int(s, 1, c->owner_user_id);
        if (db_step(s, e) == DB_ROW) snprintf(lang, sizeof lang, "%s", db_col_text(s, 0));
        db_stmt_done(s);
    }
    int64_t holders = 0;
    if (st->event == EV_REGISTER_INCOMING && !c->owner_user_id && to && *to) {
        dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM users WHERE lower(email) = lower(?)", &holders, e, "t", to);
        if (rc != DL_OK) return rc;
    }
    /* Invited only when no account has the address at all (with several,
     * the registrar knows whose it is, not the link). */
    if (st->event != EV_REGISTER_INCOMING || c->owner_user_id || !to || !*to || holders)
        return queue_one(d, c, st, kind, to, lang, e);
    char token[65], path[96];
    dl_err rc = case_invitation_create_in_tx(d, c->id, to, clock_now(), token, e);
    snprintf(path, sizeof path, "/invitation?t=%s", token);
    if (rc == DL_OK) rc = queue_linked(d, c, st, "case.invitation", to, lang, path, e);
    memset(token, 0, sizeof token);
    return rc;
}

/* The satisfaction survey of a closing case (store/case_survey.h): its
 * link to the applicant's address (the owner's, else the request's) in
 * their language. No address, or a survey sent already: nothing. */
/* The applicant's address and language: the owner's account's (when it
 * has an address), else the request's address in Swedish. */
static dl_err applicant_address(db *d, const case_rec *c, char addr[256], char lang[8], dl_error *e)
{
    snprintf(addr, 256, "%s", c->req.v[REQ_APPLICANT_EMAIL] ? c->req.v[REQ_APPLICANT_EMAIL] : "");
    snprintf(lang, 8, "sv");
    if (!c->owner_user_id) return DL_OK;
    db_stmt *s = db_prepare(d, "SELECT email, language FROM users WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, c->owner_user_id);
    int r = db_step(s, e);
    if (r == DB_ROW) {
        if (*db_col_text(s, 0)) snprintf(addr, 256, "%s", db_col_text(s, 0));
        snprintf(lang, 8, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    return r == DB_ERROR ? e->code : DL_OK;
}

static dl_err queue_survey(db *d, const case_rec *c, const case_step *st, dl_error *e)
{
    char addr[256], lang[8];
    dl_err arc = applicant_address(d, c, addr, lang, e);
    if (arc != DL_OK) return arc;
    if (!*addr) return DL_OK;
    char token[65], path[96];
    dl_err rc = case_survey_create_in_tx(d, c->id, clock_now(), token, e);
    if (rc != DL_OK || !*token) return rc;
    snprintf(path, sizeof path, "/enkat?t=%s", token);
    rc = queue_linked(d, c, st, "case.survey", addr, lang, path, e);
    memset(token, 0, sizeof token);
    memset(path, 0, sizeof path);
    return rc;
}

/* Users holding `role` at a node covering the case's target (above = 1) or
 * inside it (above = 0: at or below, e.g. the area's chiefs). */
static dl_err queue_role(db *d, const case_rec *c, const case_step *st, const char *role, int above,
                         const char *kind, dl_error *e)
{
    const char *path = *c->target_path ? c->target_path : NULL;
    db_stmt *s = db_prepare(d,
                            "SELECT DISTINCT u.email, u.language FROM role_assignment r"
                            " JOIN users u ON u.id = r.user_id JOIN org_node o ON o.id = r.node_id"
                            " WHERE r.role = ? AND u.disabled = 0 AND u.email <> ''"
                            " AND ((? = 1 AND substr(?, 1, length(o.path)) = o.path)"
                            "   OR (? = 0 AND (substr(o.path, 1, length(?)) = ? OR substr(?, 1, length(o.path)) = o.path)))"
                            " ORDER BY u.email", e);
    if (!s) return e->code;
    db_bind_text(s, 1, role);
    db_bind_int(s, 2, above);
    db_bind_text(s, 3, path ? path : "");
    db_bind_int(s, 4, above);
    db_bind_text(s, 5, path ? path : "");
    db_bind_text(s, 6, path ? path : "");
    db_bind_text(s, 7, path ? path : "");
    /* Collect first: the statement must be done before the inserts. */
    char to[16][256], lang[16][8];
    int n = 0, r;
    while ((r = db_step(s, e)) == DB_ROW && n < 16) {
        snprintf(to[n], sizeof to[n], "%s", db_col_text(s, 0));
        snprintf(lang[n], sizeof lang[n], "%s", db_col_text(s, 1));
        n++;
    }
    db_stmt_done(s);
    if (r == DB_ERROR) return e->code;
    dl_err rc = DL_OK;
    for (int i = 0; i < n && rc == DL_OK; i++) rc = queue_one(d, c, st, kind, to[i], lang[i], e);
    return rc;
}

static dl_err queue_user(db *d, const case_rec *c, const case_step *st, int64_t user_id, const char *kind,
                         dl_error *e)
{
    if (user_id <= 0) return DL_OK;
    db_stmt *s = db_prepare(d, "SELECT email, language FROM users WHERE id = ? AND disabled = 0", e);
    if (!s) return e->code;
    db_bind_int(s, 1, user_id);
    char to[256] = "", lang[8] = "sv";
    int r = db_step(s, e);
    if (r == DB_ROW) {
        snprintf(to, sizeof to, "%s", db_col_text(s, 0));
        snprintf(lang, sizeof lang, "%s", db_col_text(s, 1));
    }
    db_stmt_done(s);
    if (r == DB_ERROR) return e->code;
    return queue_one(d, c, st, kind, to, lang, e);
}

dl_err case_notify_in_tx(db *d, arena *a, const case_rec *c, const case_transition_rule *row, const case_step *st,
                         dl_error *e)
{
    (void)a;
    dl_err rc = DL_OK;
    for (unsigned bit = 1; bit <= NOTIFY_SURVEY && rc == DL_OK; bit <<= 1) {
        if (!(row->notify & bit)) continue;
        const char *kind = mail_kind(bit, row->event);
        switch (bit) {
        case NOTIFY_APPLICANT: rc = queue_applicant(d, c, st, kind, e); break; /* the request's address, the owner's language */
        case NOTIFY_COORDINATORS: rc = queue_role(d, c, st, "coordinator", 1, kind, e); break;
        case NOTIFY_AREA_CHIEFS: rc = queue_role(d, c, st, "regionomradeschef", 0, kind, e); break;
        case NOTIFY_DECIDERS:
            if (c->process == PROCESS_1) rc = queue_role(d, c, st, "verksamhetschef", 1, kind, e);
            else rc = queue_role(d, c, st, "forvaltningsdirektor", 1, kind, e);
            break;
        case NOTIFY_ASSIGNEE:
            rc = queue_user(d, c, st, row->event == EV_ISSUE_ASSIGNMENT ? st->assignee_user_id : c->assignee_user_id,
                            kind, e);
            break;
        case NOTIFY_DATA_ANALYSIS: rc = queue_role(d, c, st, "data_analysis", 1, kind, e); break;
        case NOTIFY_SURVEY: rc = queue_survey(d, c, st, e); break;
        }
    }
    return rc;
}

dl_err case_send_unit_reminders(db *d, const char *today, int working_days, const char *public_url, int *n,
                                dl_error *e)
{
    *n = 0;
    cal_date t;
    if (!today || !cal_parse_iso(today, strlen(today), 2000, 2200, &t))
        return dl_fail(e, DL_EINVAL, "today must be a date YYYY-MM-DD");
    char horizon[11];
    cal_format_iso(cal_add_working_days(t, working_days), horizon);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    enum { MAX_PER_RUN = 500 };
    int64_t ids[MAX_PER_RUN];
    int k = 0;
    db_stmt *s = db_prepare(d, "SELECT c.id FROM cases c WHERE c.state = 'unit_consultation'"
                               " AND c.consultation_deadline <> '' AND c.units_reminded_on = ''"
                               " AND c.consultation_deadline >= ? AND c.consultation_deadline <= ?"
                               " AND EXISTS (SELECT 1 FROM case_unit u WHERE u.case_id = c.id AND u.answer = 'pending')"
                               " ORDER BY c.id LIMIT ?", e);
    if (!s) rc = e->code;
    else {
        db_bind_text(s, 1, today);
        db_bind_text(s, 2, horizon);
        db_bind_int(s, 3, MAX_PER_RUN);
        int st;
        while ((st = db_step(s, e)) == DB_ROW && k < MAX_PER_RUN) ids[k++] = db_col_int(s, 0);
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    arena *a = arena_new(4096);
    if (!a && rc == DL_OK) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    audit_actor system = {0, "system"};
    for (int i = 0; i < k && rc == DL_OK; i++) {
        case_rec c;
        rc = case_get(d, a, ids[i], &c, e);
        case_step st = {.event = EV_UNIT_ANSWER, .deadline = c.consultation_deadline, .public_url = public_url};
        if (rc == DL_OK) rc = queue_role(d, &c, &st, "regionomradeschef", 0, "case.unit_reminder", e);
        if (rc == DL_OK) rc = db_run(d, "UPDATE cases SET units_reminded_on = ? WHERE id = ?", e, "ti", today, c.id);
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, c.id);
        if (rc == DL_OK) rc = audit_append(d, &system, "case.unit_reminder", "case", idt, NULL, NULL, c.consultation_deadline, e);
    }
    arena_free(a);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) *n = k;
    return rc;
}

/* Mails beside a step's (the message thread, the project members). */
dl_err case_notify_kind_in_tx(db *d, const case_rec *c, unsigned who, const char *to, const char *kind,
                              const char *link_path, const char *public_url, dl_error *e)
{
    case_step st = {.public_url = public_url};
    dl_err rc = DL_OK;
    if (who & NOTIFY_APPLICANT) {
        char addr[256], lang[8];
        rc = applicant_address(d, c, addr, lang, e);
        if (rc == DL_OK) rc = queue_linked(d, c, &st, kind, addr, lang, link_path, e);
    }
    if (rc == DL_OK && (who & NOTIFY_COORDINATORS)) rc = queue_role(d, c, &st, "coordinator", 1, kind, e);
    if (rc == DL_OK && to) rc = queue_linked(d, c, &st, kind, to, "sv", link_path, e);
    return rc;
}
