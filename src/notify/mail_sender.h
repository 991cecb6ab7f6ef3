/* mail_sender.h — the outbox's sender: claims due mails (store/outbox.h),
 * sends each over SMTP (smtp_send.h) outside any transaction, and marks it
 * sent, or failed with a retry after core/mail_backoff.h's delay.
 *
 * One pass is mail_sender_run_once() — `datalots mail send` runs one, and
 * tests call it without threads. `datalots serve` with --smtp-url runs
 * passes on a thread of its own every --mail-interval seconds, on a store
 * connection of its own (not one of the request pool). Several servers may
 * run senders on one store: each mail is claimed by one of them (a lease
 * of MAIL_LEASE_SECONDS; longer than one message may take). A server
 * killed mid-send leaves its claimed mails to be taken over when their
 * lease runs out. A store that is away when a sent mail is to be marked
 * (a database restart) is waited for, up to MAIL_MARK_RETRY_SECONDS, so
 * the mail is not sent again when its lease runs out. */
#ifndef DATALOTS_MAIL_SENDER_H
#define DATALOTS_MAIL_SENDER_H

#include "db/db.h"
#include "notify/smtp_send.h"

#define MAIL_LEASE_SECONDS 300 /* > SMTP_CONNECT_TIMEOUT + SMTP_TIMEOUT */
#define MAIL_PASS_MAX 500      /* mails one pass sends at most */
#define MAIL_MARK_RETRY_SECONDS 30 /* a sent mail's mark is tried again this long while the store is away */

_Static_assert(MAIL_LEASE_SECONDS > SMTP_CONNECT_TIMEOUT + SMTP_TIMEOUT + MAIL_MARK_RETRY_SECONDS,
               "a lease outlives one send and its mark");

/* One pass: every due mail (up to MAIL_PASS_MAX), one at a time. *sent
 * and *failed count the attempts that succeeded and failed (a failure is
 * retried later or, after the last attempt, given up). The pass stops
 * early when the SMTP server cannot be reached at all (the other mails
 * keep their turn). DL_OK unless the store failed. */
dl_err mail_sender_run_once(db *d, const smtp_config *c, int *sent, int *failed, dl_error *e);

typedef struct mail_sender mail_sender;

/* Starts the sender thread for store url: a pass now, then one every
 * interval_seconds. The configuration is copied. Call smtp_global_init()
 * before. */
dl_err mail_sender_start(const char *db_url, const smtp_config *c, int interval_seconds, mail_sender **out,
                         dl_error *e);
/* Asks the thread to stop, lets the mail it is sending finish (at most the
 * SMTP timeout), joins it and frees everything. NULL is fine. */
void mail_sender_stop(mail_sender *s);

#endif
