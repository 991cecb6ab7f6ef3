/* case_messages.h — the applicant's portal in the store: the message thread
 * of a case (one per case, between the applicant and the organisation's
 * staff) and the typical time a case spends in each state at an
 * organisation (core/case_portal.h over the registered transitions).
 *
 * A message is written in one transaction with its audit row and the
 * e-mail that tells the other side something was written (never what:
 * store/case_notify.h). A message from the applicant that is a document —
 * marked as a completion, or carrying a file — is registered: while the
 * case waits for a completion it is the case's own complete step
 * (case_transition_in_tx, the table's row registers and tells); otherwise
 * an incoming completion document with its diary entry, and the file as an
 * attachment of the case. */
#ifndef DATALOTS_STORE_CASE_MESSAGES_H
#define DATALOTS_STORE_CASE_MESSAGES_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/case_flow.h"
#include "core/diary_number.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/case_attachments.h"

#define CASE_MESSAGE_MAX 8000  /* characters of a message */
#define CASE_THREAD_MAX 200    /* messages a page shows (the newest) */

typedef struct case_message_rec {
    int64_t id, document_id, attachment_id;
    const char *at, *author_name, *side, *body, *document_number, *attachment_name;
} case_message_rec;

/* The thread of case_id, oldest first (the newest max). */
dl_err case_messages(db *d, arena *a, int64_t case_id, case_message_rec *out, int max, int *n, dl_error *e);

typedef struct case_message_in {
    int64_t case_id;
    int staff;                 /* 1: the organisation's staff write; 0: the applicant */
    const char *body;          /* 1..CASE_MESSAGE_MAX characters of UTF-8 */
    int is_completion;         /* the applicant: this completes the request (registered) */
    const case_upload *file;   /* the applicant: a PDF to attach (registered); NULL: none */
    const char *public_url;    /* where the e-mail links to; NULL: no link */
    const char *author_name;   /* the name the thread shows (NULL: who's user name) */
} case_message_in;

/* Writes the message; who may (the owner, staff at the case) is the
 * caller's check, subject is used for the complete step. Refused with a
 * sentence: DL_EINVAL (empty, too long, a document from staff, a file that
 * is no PDF), DL_ENOTFOUND (no such case), DL_ECONFLICT (a draft). The new
 * row's id in *id_out; the diary number it was registered under, if any,
 * in number_out. */
dl_err case_message_post(db *d, const authz_subject *subject, const audit_actor *who, const case_message_in *in,
                         int64_t *id_out, char number_out[DIARY_NUMBER_MAX], dl_error *e);

/* The typical time in each state at organisation org_id: the median stay
 * in seconds and how many stays it is over (0: no data yet), from the
 * organisation's part of the newest CASE_TYPICAL_SAMPLE transitions of the
 * installation (a range read: a few milliseconds with any number of cases). */
#define CASE_TYPICAL_SAMPLE 2000
dl_err case_typical_times(db *d, int64_t org_id, int64_t median_out[CASE_STATE__MAX],
                          int count_out[CASE_STATE__MAX], dl_error *e);

#endif
