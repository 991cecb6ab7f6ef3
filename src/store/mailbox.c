/* mailbox.c — see mailbox.h. */
#include "store/mailbox.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/attachment.h"
#include "core/clock.h"

dl_err mailbox_registered(db *d, arena *a, const mailbox_key *k, int64_t *case_id, const char **diary_number,
                          dl_error *e)
{
    *case_id = 0;
    *diary_number = "";
    db_stmt *s = db_prepare(d, "SELECT case_id, diary_number FROM mailbox_message WHERE mailbox = ? AND"
                               " ((uidvalidity = ? AND uid = ?) OR message_id = ?) ORDER BY id LIMIT 1", e);
    if (!s) return e->code;
    db_bind_text(s, 1, k->mailbox);
    db_bind_int(s, 2, k->uidvalidity);
    db_bind_int(s, 3, k->uid);
    db_bind_text(s, 4, k->message_id);
    int st = db_step(s, e);
    if (st == DB_ROW) {
        *case_id = db_col_int(s, 0);
        *diary_number = arena_strdup(a, db_col_text(s, 1));
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

static dl_err already(db *d, arena *a, const mailbox_key *k, dl_error *e)
{
    int64_t id = 0;
    const char *dnr = "";
    dl_error e2;
    if (mailbox_registered(d, a, k, &id, &dnr, &e2) != DL_OK || !id)
        return dl_fail(e, DL_ECONFLICT, "Meddelandet är redan registrerat. Det registreras inte en gång till.");
    return dl_fail(e, DL_ECONFLICT, "Meddelandet är redan registrerat i ärende %lld%s%s%s. Det registreras inte "
                                    "en gång till.", (long long)id, *dnr ? " (" : "", dnr, *dnr ? ")" : "");
}

/* Into an existing case: its register_incoming step and the files. */
static dl_err into_case(db *d, arena *a, const authz_subject *subject, const audit_actor *who,
                        const mailbox_target *t, case_step_result *out, dl_error *e)
{
    case_rec c;
    dl_err rc = case_get(d, a, t->case_id, &c, e);
    if (rc == DL_ENOTFOUND) return dl_fail(e, DL_ENOTFOUND, "Det finns inget ärende %lld.", (long long)t->case_id);
    if (rc != DL_OK) return rc;
    case_step st = {.event = EV_REGISTER_INCOMING, .expected_version = c.version, .counterpart = t->counterpart,
                    .text = t->text, .public_url = t->public_url};
    rc = case_transition_in_tx(d, t->case_id, subject, who, &st, out, e);
    for (int i = 0; rc == DL_OK && i < t->n_files; i++) rc = case_attach_in_tx(d, t->case_id, who, &t->files[i], NULL, e);
    return rc;
}

dl_err mailbox_register(db *d, arena *a, const authz_subject *subject, const audit_actor *who, const mailbox_key *k,
                        const mailbox_target *t, int64_t *case_id_out, case_step_result *out, dl_error *e)
{
    *case_id_out = 0;
    memset(out, 0, sizeof *out);
    /* Each file first, naming the one refused (case_attach_in_tx checks again). */
    for (int i = 0; i < t->n_files; i++) {
        const char *why = attachment_check_pdf(t->files[i].data, t->files[i].len);
        if (why)
            return dl_fail(e, DL_EINVAL, "Bilagan ”%s” kan inte registreras: %s Be avsändaren skicka den som PDF, eller "
                                         "registrera meddelandet för hand.", t->files[i].filename, why);
    }
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t seen = 0;
    const char *dnr = "";
    rc = mailbox_registered(d, a, k, &seen, &dnr, e);
    if (rc == DL_OK && seen) rc = already(d, a, k, e);
    int64_t case_id = t->case_id;
    if (rc == DL_OK && t->case_id > 0) {
        rc = into_case(d, a, subject, who, t, out, e);
    } else if (rc == DL_OK) {
        case_request_problem p[REQ__MAX + 4];
        int np = 0;
        rc = case_register_incoming_in_tx(d, t->org_id, subject, who, t->req, t->files, t->n_files, t->counterpart,
                                          t->text, t->public_url, &case_id, out, p, REQ__MAX + 4, &np, e);
        if (rc == DL_EINVAL && np > 0)
            rc = dl_fail(e, DL_EINVAL, "Meddelandet kan inte bli en ny ansökan: %s (%s). Registrera det för hand via "
                                       "Registrera inkommen ansökan.", p[0].msg_sv, case_request_fields[p[0].field].label_sv);
    }
    char now[32];
    clock_iso_utc(clock_now(), now);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "INSERT INTO mailbox_message(mailbox, uidvalidity, uid, message_id, sender, subject,"
                                   " case_id, diary_number, attachments, registered_at, registered_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
        if (!s) rc = e->code;
        else {
            db_bind_text(s, 1, k->mailbox);
            db_bind_int(s, 2, k->uidvalidity);
            db_bind_int(s, 3, k->uid);
            db_bind_text(s, 4, k->message_id);
            db_bind_text(s, 5, k->sender);
            db_bind_text(s, 6, k->subject);
            db_bind_int(s, 7, case_id);
            db_bind_text(s, 8, out->diary_number);
            db_bind_int(s, 9, t->n_files);
            db_bind_text(s, 10, now);
            if (who && who->user_id > 0) db_bind_int(s, 11, who->user_id); else db_bind_null(s, 11);
            int st = db_step(s, e);
            if (st == DB_ERROR) rc = e->code == DL_ECONSTRAINT ? already(d, a, k, e) : e->code;
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, case_id);
        rc = audit_append(d, who, "mailbox.register", "case", idt, NULL, NULL, k->message_id, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    /* Two at once: the other registration committed first — whatever
     * stopped this one (the unique key, or the case's version moved on by
     * the other's step), the sentence to read is that it is registered. */
    if (rc != DL_OK && !seen) {
        int64_t now_case = 0;
        const char *now_dnr = "";
        dl_error e2;
        if (rc == DL_ECONSTRAINT || (mailbox_registered(d, a, k, &now_case, &now_dnr, &e2) == DL_OK && now_case))
            rc = already(d, a, k, e);
    }
    if (rc == DL_OK) *case_id_out = case_id;
    return rc;
}
