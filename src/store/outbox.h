/* outbox.h — the e-mail outbox in the store.
 *
 * For a step that sends mail (the case engine, `datalots mail test`): call
 * outbox_enqueue_in_tx() inside the step's own transaction. The mail is a
 * row of that transaction, so the step and its mail commit or roll back
 * together: no mail about a step that did not happen, no step whose mail
 * is lost. Nothing is sent here; the sender (src/notify/mail_sender.h)
 * does that later, from any app server.
 *
 * States of a row, and the function that moves it:
 *
 *   (none)  -> pending   outbox_enqueue_in_tx
 *   pending -> sending   outbox_claim       (due: next_attempt_at <= now)
 *   sending -> sending   outbox_claim       (the lease ran out: the claimer died)
 *   sending -> sent      outbox_mark_sent   (the SMTP server said 250 to the message)
 *   sending -> pending   outbox_mark_attempt_failed  (back-off: core/mail_backoff.h)
 *   sending -> failed    outbox_mark_attempt_failed  (last attempt, or refused for good)
 *   sending -> failed    outbox_claim       (its lease ran out after the last attempt)
 *   pending -> pending   outbox_retry_now   (an administrator: due now)
 *   failed  -> pending   outbox_retry_now   (an administrator: one more attempt)
 *
 * Claims are safe with several app servers on one PostgreSQL: one
 * statement picks due rows (FOR UPDATE SKIP LOCKED), updates them and
 * checks their state again on the row, so a row is claimed by exactly one
 * sender; every claim raises `attempts`, and a mark
 * names the attempt it is for, so a sender whose lease ran out (and whose
 * row another sender took over) cannot mark it.
 *
 * Sent at most once? Not quite, and no mail system can promise it: if the
 * process dies after the SMTP server accepted a message (250) and before
 * outbox_mark_sent() committed, the row's lease runs out and the mail is
 * sent again. That window is narrowed, not closed: the mark is its own
 * short statement right after the 250, never batched with other work, and
 * the sender tries it again while the store is away for a moment (a
 * database restart: notify/mail_sender.h), so only a crash remains. A
 * resend carries the same Message-ID (made once, at enqueue:
 * <outbox.ID.RANDOM@datalots>), so a receiving system — and the tests —
 * recognise the duplicate. */
#ifndef DATALOTS_STORE_OUTBOX_H
#define DATALOTS_STORE_OUTBOX_H

#include <stdint.h>

#include "core/arena.h"
#include "core/mail_address.h"
#include "db/db.h"
#include "store/audit.h"

#define OUTBOX_BODY_MAX (100 * 1024) /* bytes of UTF-8 */
#define OUTBOX_KIND_MAX 64
#define OUTBOX_ERROR_MAX 500         /* last_error is cut to this many bytes */
#define OUTBOX_MESSAGE_ID_MAX 96
#define OUTBOX_LIST_MAX 200          /* rows per page of outbox_list */

/* ---- for callers that send mail ------------------------------------------ */

typedef struct outbox_mail {
    const char *to;        /* one address, core/mail_address.h */
    const char *subject;   /* UTF-8, one line, at most MAIL_SUBJECT_MAX bytes */
    const char *body_text; /* UTF-8 plain text, lines end in \n; at most OUTBOX_BODY_MAX bytes */
    const char *lang;      /* "sv" or "en": the language the text is in */
    const char *kind;      /* what the mail is about, e.g. "case.acknowledgement" ([a-z0-9._-]) */
    int64_t case_id;       /* the case it belongs to, 0 for none */
} outbox_mail;

/* Checks a mail without writing anything: DL_EINVAL and a Swedish sentence
 * (a line break in the address or subject, a malformed address, an empty or
 * too long subject or body, invalid UTF-8, an unknown language or kind). */
dl_err outbox_check(const outbox_mail *m, dl_error *e);

/* Checks m and adds it to the outbox as pending, due now, in the caller's
 * open transaction (db_begin). Refuses (DL_EINTERNAL) when no transaction
 * is open: a mail written on its own could outlive a step that rolled back.
 * *id_out (may be NULL) receives the row's id. */
dl_err outbox_enqueue_in_tx(db *d, const outbox_mail *m, int64_t *id_out, dl_error *e);

/* ---- for the sender (src/notify/mail_sender.c) ---------------------------- */

typedef struct outbox_item {
    int64_t id;
    int64_t attempt;       /* this claim's number: pass it to the marks */
    const char *to, *subject, *body_text, *lang, *kind, *message_id;
} outbox_item;

/* Claims up to max (1..100) due rows for lease_seconds from now, oldest due
 * first, in one short transaction; strings live in arena a. Rows whose
 * lease ran out after their last attempt are marked failed on the way. */
dl_err outbox_claim(db *d, arena *a, int64_t now, int lease_seconds, int max, outbox_item *out, int *n,
                    dl_error *e);
/* The SMTP server accepted the message. DL_ECONFLICT when the claim
 * (id, attempt) no longer holds the row. */
dl_err outbox_mark_sent(db *d, int64_t id, int64_t attempt, int64_t now, dl_error *e);
/* The attempt failed with why (kept, cut to OUTBOX_ERROR_MAX bytes): back
 * to pending with core/mail_backoff.h's delay, or failed after the last
 * attempt or when permanent. *gave_up (may be NULL) says which.
 * DL_ECONFLICT as above. */
dl_err outbox_mark_attempt_failed(db *d, int64_t id, int64_t attempt, int64_t now, const char *why, int permanent,
                                  int *gave_up, dl_error *e);

/* ---- for the administrator ------------------------------------------------ */

typedef struct outbox_rec {
    int64_t id, case_id, attempts, next_attempt_at;
    const char *created_at, *to, *subject, *lang, *kind, *state, *last_error, *sent_at, *message_id;
} outbox_rec;

/* 1 for "pending", "sending", "sent", "failed". */
int outbox_state_valid(const char *state);

/* Newest first, state NULL or "" for every state; at most limit
 * (1..OUTBOX_LIST_MAX) rows from offset; *total counts every row of the
 * filter. Strings live in arena a. */
dl_err outbox_list(db *d, arena *a, const char *state, int limit, int offset, outbox_rec *out, int *n,
                   int64_t *total, dl_error *e);

/* Makes a pending or failed mail due now (a failed one gets one more
 * attempt), audited as outbox.retry, one transaction. DL_ENOTFOUND, or
 * DL_ECONFLICT for a mail being sent or already sent. */
dl_err outbox_retry_now(db *d, const audit_actor *who, int64_t id, int64_t now, dl_error *e);

#endif
