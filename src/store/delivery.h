/* delivery.h — the encrypted delivery of a release case: one age file,
 * offered to the recipient through an expiring, single-use download link,
 * fetched once, then gone from our disk, with a receipt in the diarium; and
 * the destruction the decision requires, tracked with reminders until the
 * recipient confirms it.
 *
 * A delivery's life, and the function that moves it:
 *
 *   (none)  -> offered   delivery_offer_in_tx   (in the register_delivery step's transaction;
 *                                                 the mail with the link is queued with it)
 *   offered -> fetched   delivery_claim          (token matches, not expired, not used: one
 *                                                 UPDATE checks and marks, so of two clicks one
 *                                                 wins; receipt in the diarium, audit row; the
 *                                                 file is opened, then unlinked)
 *   offered -> expired   delivery_sweep          (expires_at passed: file removed, audited)
 *   fetched -> (removed) delivery_sweep          (a fetched file still on disk — the process
 *                                                 died between the claim and the unlink)
 *   any     -> destroyed delivery_confirm_destroyed (the recipient's "destroyed on DATE by WHO")
 *
 * Only the SHA-256 of a token is stored (as store/case_invitation.c does);
 * the token exists in the mail and the recipient's hands. Refusals (no such
 * link, used, expired, the file gone) are audited without the token. */
#ifndef DATALOTS_STORE_DELIVERY_H
#define DATALOTS_STORE_DELIVERY_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "core/diary_number.h"
#include "db/db.h"
#include "store/audit.h"

#define DELIVERY_HOURS_MIN 1
#define DELIVERY_HOURS_MAX 720 /* 30 days */
#define DELIVERY_HOURS_DEFAULT 168 /* a week: the case page's button */
#define DELIVERY_PATH_MAX 1024
#define DELIVERY_NAME_MAX 96

typedef struct delivery_offer_in {
    int64_t case_id;
    const char *file_path, *sha256_hex; int64_t bytes;
    const char *recipient_email;    /* the applicant's e-mail from the case (REQ_APPLICANT_EMAIL) */
    const char *destroy_by;         /* YYYY-MM-DD from the decision, "" (or NULL) if none */
    int valid_hours;                /* DELIVERY_HOURS_MIN..DELIVERY_HOURS_MAX, e.g. 168 (7 days) */
    const char *public_url;         /* https://… base for the link in the mail */
} delivery_offer_in;

/* Inside the caller's open transaction: checks the offer (an absolute path
 * to a regular file of `bytes` bytes, a SHA-256 of 64 hex digits, a valid
 * address, a date, the hours in range), stores it (the token's hash only),
 * audits delivery.offer and queues the mail (kind delivery.offer, Swedish
 * with English below) with the link BASE/leverans/TOKEN, when it expires,
 * that it works once, how to decrypt, and the destroy-by date. DL_EINVAL
 * with a sentence; DL_EINTERNAL outside a transaction. */
/* The case's project members who accepted the newest terms of use
 * (store/case_members.h) get an offer of their own too, each to a hard
 * link FILE.mN of the file (a fetch unlinks only its own name); members who
 * have not accepted get none. *delivery_id is the applicant's offer. */
dl_err delivery_offer_in_tx(db *d, const delivery_offer_in *in, const audit_actor *who, int64_t *delivery_id,
                            dl_error *e);

/* The whole step for a file made outside a transaction of the caller's (the
 * CLI's `datalots delivery offer`): in one transaction the case must be in
 * CASE_EXTRACTING, subject takes its register_delivery step (method
 * "encrypted", with note as the document's text; refused as
 * case_transition() refuses: DL_EDENIED without DELIVER_P2 / not the P1
 * assignee), and the offer goes to the applicant's e-mail on the case.
 * Nothing is kept when any part fails. */
dl_err delivery_offer_case(db *d, const authz_subject *subject, const audit_actor *who, int64_t case_id,
                           const char *file_path, const char *sha256_hex, int64_t bytes, const char *destroy_by,
                           int valid_hours, const char *public_url, const char *note, int64_t *delivery_id,
                           dl_error *e);

typedef enum delivery_state {
    DELIVERY_OPEN,      /* can be fetched */
    DELIVERY_FETCHED,   /* fetched once: never again */
    DELIVERY_EXPIRED,   /* past its time (or removed by the sweep unfetched) */
} delivery_state;

/* What the page before the download shows. */
typedef struct delivery_info {
    int64_t id, case_id, bytes, expires_at;
    delivery_state state;
    const char *diary_number, *file_name, *sha256, *org_name;
} delivery_info;

/* The delivery behind token, without consuming it (mail scanners fetch
 * links before people do). DL_ENOTFOUND for a malformed or unknown token. */
dl_err delivery_find(db *d, arena *a, const char *token, int64_t now, delivery_info *out, dl_error *e);

typedef struct delivery_claimed {
    int64_t id, case_id, bytes;
    int fd;                                /* open, read-only; the caller streams and closes it */
    char file_name[DELIVERY_NAME_MAX];     /* "RH-2026-00042.age" */
    char sha256[65];
    char diary_number[DIARY_NUMBER_MAX];   /* the receipt's */
} delivery_claimed;

/* Claims the download: in one transaction the token's row is marked used by
 * the statement that checks it (not expired, not used; of two clicks at
 * once one wins), the file is opened, the receipt registered in the
 * diarium (incoming, from the recipient: "Leveranskvitto … hämtad DATE")
 * and delivery.fetch audited with peer; after the commit the file is
 * unlinked (the open fd keeps the bytes readable) and removed_at set. So
 * the stream cannot be repeated, also when it breaks off: a new link is a
 * new offer. Refused with a sentence and audited as delivery.refused
 * (without the token): DL_ENOTFOUND for no such link, DL_EGONE for used,
 * expired, or the file no longer on disk. out->fd is -1 unless DL_OK. */
dl_err delivery_claim(db *d, const char *token, const char *peer, delivery_claimed *out, dl_error *e);

/* Removes the files of offers past their time (and of fetched ones still
 * on disk), marks them removed and audits delivery.expire; idempotent (a
 * file already gone is fine). *removed counts the rows marked. */
dl_err delivery_sweep(db *d, int64_t now, int *removed, dl_error *e);

/* ---- destruction ----------------------------------------------------------
 * The schedule is core/destroy_reminder.h's (30 days before destroy_by, on
 * the day, then weekly until confirmed). Each reminder (kind
 * delivery.destroy_reminder) carries a new confirmation link
 * BASE/forstoring/TOKEN; the one before it stops working. */

/* Sends the reminders due on today (YYYY-MM-DD) for every fetched or
 * offered delivery with a destroy-by date and no confirmation, one
 * transaction per delivery. *sent counts them. */
dl_err delivery_send_destroy_reminders(db *d, const char *today, const char *public_url, int *sent, dl_error *e);

typedef struct delivery_destroy_info {
    int64_t id, case_id;
    const char *diary_number, *destroy_by, *destroyed_on, *destroyed_by, *file_name;
} delivery_destroy_info;
/* The delivery behind a confirmation token (DL_ENOTFOUND: none). */
dl_err delivery_destroy_find(db *d, arena *a, const char *token, delivery_destroy_info *out, dl_error *e);

/* Records "destroyed on DATE by WHO" (a date not in the future, a name of
 * 1..200 characters) for the delivery behind the confirmation token, once:
 * DL_ECONFLICT when already recorded, DL_ENOTFOUND for no such link,
 * DL_EINVAL for a bad date or name. Audited as delivery.destroyed. */
dl_err delivery_confirm_destroyed(db *d, const char *token, const char *destroyed_on, const char *by_name,
                                  const char *peer, dl_error *e);

/* "RH 2026-00042" → "RH-2026-00042.age" (letters, digits, '-' and '_' kept,
 * anything else '-'); "leverans.age" for an empty number. */
void delivery_file_name(const char *diary_number, char out[DELIVERY_NAME_MAX]);

#endif
