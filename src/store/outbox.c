/* outbox.c — SQL for the e-mail outbox: enqueue in the caller's
 * transaction, claims with a lease, marks, the admin list and retry (see
 * outbox.h). */
#include "store/outbox.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/mail_backoff.h"
#include "crypto/token.h"
#include "core/utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

_Static_assert(OUTBOX_BODY_MAX == 100 * 1024, "the sentence below names the limit");
_Static_assert(MAIL_SUBJECT_MAX == 250, "mail_address.c's sentence names the limit");

static int kind_valid(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (n == 0 || n > OUTBOX_KIND_MAX) return 0;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '.' || *k == '_' || *k == '-')) return 0;
    return 1;
}

dl_err outbox_check(const outbox_mail *m, dl_error *e)
{
    if (!m) return dl_fail(e, DL_EINTERNAL, "outbox_check: no mail");
    dl_err rc = mail_address_check(m->to, e);
    if (rc == DL_OK) rc = mail_subject_check(m->subject, e);
    if (rc != DL_OK) return rc;
    size_t n = m->body_text ? strlen(m->body_text) : 0;
    if (n == 0) return dl_fail(e, DL_EINVAL, "Meddelandet är tomt.");
    if (n > OUTBOX_BODY_MAX) return dl_fail(e, DL_ELIMIT, "Meddelandet är för långt (högst 100 KiB).");
    if (!utf8_valid(m->body_text, n)) return dl_fail(e, DL_EINVAL, "Meddelandet är inte giltig UTF-8.");
    if (!m->lang || (strcmp(m->lang, "sv") != 0 && strcmp(m->lang, "en") != 0))
        return dl_fail(e, DL_EINVAL, "Språket för e-post ska vara sv eller en.");
    if (!kind_valid(m->kind))
        return dl_fail(e, DL_EINVAL, "Meddelandets typ ska vara 1–64 tecken a–z, 0–9, punkt, understreck eller bindestreck.");
    if (m->case_id < 0) return dl_fail(e, DL_EINVAL, "Ärendenumret för e-posten är ogiltigt.");
    return DL_OK;
}

dl_err outbox_enqueue_in_tx(db *d, const outbox_mail *m, int64_t *id_out, dl_error *e)
{
    if (!db_in_transaction(d))
        return dl_fail(e, DL_EINTERNAL, "outbox_enqueue_in_tx called outside a transaction: the mail must commit "
                                        "or roll back with the step that sends it");
    dl_err rc = outbox_check(m, e);
    if (rc != DL_OK) return rc;
    int64_t now = clock_now();
    char created[32], rnd[TOKEN_HEX_SIZE], placeholder[OUTBOX_MESSAGE_ID_MAX];
    clock_iso_utc(now, created);
    token_random_hex(rnd);
    /* The id is in the Message-ID, and the id is known only after the
     * insert: a unique placeholder first, the real value in the same
     * transaction. */
    snprintf(placeholder, sizeof placeholder, "<new.%s@datalots>", rnd);
    db_stmt *s = db_prepare(d,
        "INSERT INTO outbox(created_at, to_addr, subject, body_text, lang, kind, case_id, state, attempts,"
        " next_attempt_at, lease_until, last_error, sent_at, message_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, '', '', ?) RETURNING id", e);
    if (!s) return e->code;
    db_bind_text(s, 1, created);
    db_bind_text(s, 2, m->to);
    db_bind_text(s, 3, m->subject);
    db_bind_text(s, 4, m->body_text);
    db_bind_text(s, 5, m->lang);
    db_bind_text(s, 6, m->kind);
    if (m->case_id > 0) db_bind_int(s, 7, m->case_id);
    else db_bind_null(s, 7);
    db_bind_int(s, 8, now);
    db_bind_text(s, 9, placeholder);
    int64_t id = 0;
    int st = db_step(s, e);
    if (st == DB_ROW) {
        id = db_col_int(s, 0);
        while (db_step(s, e) == DB_ROW) {}
    }
    db_stmt_done(s);
    if (st != DB_ROW) return st == DB_ERROR ? e->code : dl_fail(e, DL_EDB, "the outbox insert returned no id");
    char message_id[OUTBOX_MESSAGE_ID_MAX];
    snprintf(message_id, sizeof message_id, "<outbox.%" PRId64 ".%.24s@datalots>", id, rnd);
    rc = db_run(d, "UPDATE outbox SET message_id = ? WHERE id = ?", e, "ti", message_id, id);
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

/* ---- the sender's side ------------------------------------------------------ */

#define DUE_CONDITION "((state = 'pending' AND next_attempt_at <= ?) OR (state = 'sending' AND lease_until <= ?))"
#define CLAIM_SET "UPDATE outbox SET state = 'sending', attempts = attempts + 1, lease_until = ?"
#define CLAIM_RETURNING " RETURNING outbox.id, attempts, to_addr, subject, body_text, lang, kind, message_id"
/* SQLite runs one writer at a time (BEGIN IMMEDIATE): the due rows are
 * picked and updated with nobody in between. PostgreSQL: the rows are
 * picked once, in a WITH (an IN (subquery) may be run again for every row
 * and then takes more than the limit), locked, skipping rows another claim
 * holds instead of waiting for them; and the condition is checked again on
 * the row as it is now. Parameters: SQLite lease, now, now, max, now, now;
 * PostgreSQL now, now, max, lease, now, now. */
static const char claim_sqlite[] =
    CLAIM_SET " WHERE id IN (SELECT id FROM outbox WHERE " DUE_CONDITION " ORDER BY next_attempt_at, id LIMIT ?)"
    " AND " DUE_CONDITION CLAIM_RETURNING;
static const char claim_pg[] =
    "WITH picked AS (SELECT id FROM outbox WHERE " DUE_CONDITION " ORDER BY next_attempt_at, id LIMIT ?"
    " FOR UPDATE SKIP LOCKED) " CLAIM_SET " FROM picked WHERE outbox.id = picked.id AND " DUE_CONDITION
    CLAIM_RETURNING;

dl_err outbox_claim(db *d, arena *a, int64_t now, int lease_seconds, int max, outbox_item *out, int *n,
                    dl_error *e)
{
    *n = 0;
    if (max < 1 || max > 100 || lease_seconds < 1) return dl_fail(e, DL_EINTERNAL, "outbox_claim: bad arguments");
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    /* A row whose claimer died on its last attempt is not claimed again
     * (a mail that kills its sender would otherwise be retried forever). */
    rc = db_run(d, "UPDATE outbox SET state = 'failed', lease_until = 0,"
                   " last_error = 'the sender stopped during the last attempt; nothing more is tried'"
                   " WHERE state = 'sending' AND lease_until <= ? AND attempts >= ?",
                e, "ii", now, (int64_t)MAIL_MAX_ATTEMPTS);
    db_stmt *s = rc == DL_OK ? db_prepare(d, db_backend_of(d) == DB_POSTGRES ? claim_pg : claim_sqlite, e) : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        int pg = db_backend_of(d) == DB_POSTGRES;
        db_bind_int(s, pg ? 4 : 1, now + lease_seconds);
        db_bind_int(s, pg ? 1 : 2, now);
        db_bind_int(s, pg ? 2 : 3, now);
        db_bind_int(s, pg ? 3 : 4, max);
        db_bind_int(s, 5, now);
        db_bind_int(s, 6, now);
        int st;
        while ((st = db_step(s, e)) == DB_ROW) {
            if (*n >= max) {
                rc = dl_fail(e, DL_EINTERNAL, "outbox_claim: the store returned more rows than asked for");
                continue;
            }
            outbox_item *it = &out[*n];
            it->id = db_col_int(s, 0);
            it->attempt = db_col_int(s, 1);
            it->to = arena_strdup(a, db_col_text(s, 2));
            it->subject = arena_strdup(a, db_col_text(s, 3));
            it->body_text = arena_strdup(a, db_col_text(s, 4));
            it->lang = arena_strdup(a, db_col_text(s, 5));
            it->kind = arena_strdup(a, db_col_text(s, 6));
            it->message_id = arena_strdup(a, db_col_text(s, 7));
            if (!it->to || !it->subject || !it->body_text || !it->lang || !it->kind || !it->message_id) {
                rc = dl_fail(e, DL_ENOMEM, "out of memory claiming mail");
                continue;
            }
            (*n)++;
        }
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) *n = 0;
    return rc;
}

static dl_err lost_claim(dl_err rc, int64_t id, int64_t attempt, dl_error *e)
{
    if (rc != DL_ENOTFOUND) return rc;
    return dl_fail(e, DL_ECONFLICT, "mail %" PRId64 " is no longer held by attempt %" PRId64
                   " (its lease ran out and another sender took it over)", id, attempt);
}

/* A mail that carried a one-use secret link (an invitation's token: store/
 * case_invitation.h; a delivery's download or destruction link: store/
 * delivery.h; a closed case's survey: store/case_survey.h) keeps it only until it is sent; then the token in the stored
 * copy is blanked out, so the outbox, its admin page and backups no longer
 * hold it. (A mail given up keeps it, for the administrator's retry.) The
 * kinds and their links, one row each: */
static const struct { const char *kind, *link; } secret_links[] = {
    {"case.invitation", "/invitation?t="},
    {"delivery.offer", "/leverans/"},
    {"delivery.destroy_reminder", "/forstoring/"},
    {"case.survey", "/enkat?t="},
};
static dl_err forget_secret_links(db *d, int64_t id, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT body_text, kind FROM outbox WHERE id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    char *body = NULL;
    const char *link = NULL;
    int st = db_step(s, e);
    if (st == DB_ROW) {
        for (size_t k = 0; k < sizeof secret_links / sizeof secret_links[0]; k++)
            if (strcmp(db_col_text(s, 1), secret_links[k].kind) == 0) link = secret_links[k].link;
        if (link) body = dl_strdup(db_col_text(s, 0));
    }
    db_stmt_done(s);
    if (st == DB_ERROR) return e->code;
    if (!link) return DL_OK;
    if (!body) return dl_fail(e, DL_ENOMEM, "out of memory");
    int changed = 0;
    for (char *p = strstr(body, link); p; p = strstr(p, link)) {
        p += strlen(link);
        for (; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++) { *p = 'x'; changed = 1; }
    }
    dl_err rc = changed ? db_run(d, "UPDATE outbox SET body_text = ? WHERE id = ?", e, "ti", body, id) : DL_OK;
    dl_free(body);
    return rc;
}

dl_err outbox_mark_sent(db *d, int64_t id, int64_t attempt, int64_t now, dl_error *e)
{
    char at[32];
    clock_iso_utc(now, at);
    int64_t got = 0;
    dl_err rc = db_query_int(d, "UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = 0, last_error = ''"
                                " WHERE id = ? AND state = 'sending' AND attempts = ? RETURNING id",
                             &got, e, "tii", at, id, attempt);
    rc = lost_claim(rc, id, attempt, e);
    return rc == DL_OK ? forget_secret_links(d, id, e) : rc;
}

/* The first max bytes of s, not cut inside a character; control characters
 * become spaces (the text is shown on a page and in logs). */
static void error_text(const char *s, char *out, size_t outsz)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= outsz) {
        n = outsz - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    for (size_t i = 0; i < n; i++) out[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
    out[n] = '\0';
    if (!utf8_valid(out, n)) snprintf(out, outsz, "(the error text was not UTF-8)");
}

dl_err outbox_mark_attempt_failed(db *d, int64_t id, int64_t attempt, int64_t now, const char *why, int permanent,
                                  int *gave_up, dl_error *e)
{
    int give_up = permanent || mail_backoff_gives_up(attempt);
    char text[OUTBOX_ERROR_MAX + 1];
    error_text(why, text, sizeof text);
    int64_t got = 0;
    dl_err rc = db_query_int(d, "UPDATE outbox SET state = ?, next_attempt_at = ?, lease_until = 0, last_error = ?"
                                " WHERE id = ? AND state = 'sending' AND attempts = ? RETURNING id",
                             &got, e, "titii", give_up ? "failed" : "pending",
                             give_up ? now : now + mail_backoff_delay(attempt), text, id, attempt);
    if (rc == DL_OK && gave_up) *gave_up = give_up;
    return lost_claim(rc, id, attempt, e);
}

/* ---- the administrator's side ------------------------------------------------ */

int outbox_state_valid(const char *state)
{
    static const char *const states[] = {"pending", "sending", "sent", "failed"};
    for (size_t i = 0; state && i < sizeof states / sizeof states[0]; i++)
        if (strcmp(state, states[i]) == 0) return 1;
    return 0;
}

dl_err outbox_list(db *d, arena *a, const char *state, int limit, int offset, outbox_rec *out, int *n,
                   int64_t *total, dl_error *e)
{
    *n = 0;
    *total = 0;
    if (!state) state = "";
    if (limit < 1 || limit > OUTBOX_LIST_MAX || offset < 0) return dl_fail(e, DL_EINTERNAL, "outbox_list: bad page");
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM outbox WHERE (? = '' OR state = ?)", total, e, "tt", state,
                             state);
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d,
        "SELECT id, COALESCE(case_id, 0), attempts, next_attempt_at, created_at, to_addr, subject, lang, kind,"
        " state, last_error, sent_at, message_id FROM outbox WHERE (? = '' OR state = ?)"
        " ORDER BY id DESC LIMIT ? OFFSET ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, state);
    db_bind_text(s, 2, state);
    db_bind_int(s, 3, limit);
    db_bind_int(s, 4, offset);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < limit) {
        outbox_rec *r = &out[*n];
        r->id = db_col_int(s, 0);
        r->case_id = db_col_int(s, 1);
        r->attempts = db_col_int(s, 2);
        r->next_attempt_at = db_col_int(s, 3);
        r->created_at = arena_strdup(a, db_col_text(s, 4));
        r->to = arena_strdup(a, db_col_text(s, 5));
        r->subject = arena_strdup(a, db_col_text(s, 6));
        r->lang = arena_strdup(a, db_col_text(s, 7));
        r->kind = arena_strdup(a, db_col_text(s, 8));
        r->state = arena_strdup(a, db_col_text(s, 9));
        r->last_error = arena_strdup(a, db_col_text(s, 10));
        r->sent_at = arena_strdup(a, db_col_text(s, 11));
        r->message_id = arena_strdup(a, db_col_text(s, 12));
        if (!r->created_at || !r->to || !r->subject || !r->lang || !r->kind || !r->state || !r->last_error ||
            !r->sent_at || !r->message_id) {
            db_stmt_done(s);
            *n = 0;
            return dl_fail(e, DL_ENOMEM, "out of memory listing the outbox");
        }
        (*n)++;
    }
    if (st == DB_ROW) while (db_step(s, e) == DB_ROW) {}
    db_stmt_done(s);
    if (st == DB_ERROR) { *n = 0; return e->code; }
    return DL_OK;
}

dl_err outbox_retry_now(db *d, const audit_actor *who, int64_t id, int64_t now, dl_error *e)
{
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t got = 0;
    rc = db_query_int(d, "UPDATE outbox SET state = 'pending', next_attempt_at = ?, lease_until = 0"
                         " WHERE id = ? AND state IN ('pending', 'failed') RETURNING id", &got, e, "ii", now, id);
    if (rc == DL_ENOTFOUND) {
        int64_t exists = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM outbox WHERE id = ?", &exists, e, "i", id);
        if (rc == DL_OK && !exists) rc = dl_fail(e, DL_ENOTFOUND, "Det finns inget sådant meddelande i utkorgen.");
        else if (rc == DL_OK)
            rc = dl_fail(e, DL_ECONFLICT, "Meddelandet skickas just nu eller är redan skickat, så det kan inte skickas om.");
    }
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    if (rc == DL_OK) rc = audit_append(d, who, "outbox.retry", "outbox", idt, NULL, NULL, "", e);
    if (rc == DL_OK) return db_commit(d, e);
    db_rollback(d);
    return rc;
}
