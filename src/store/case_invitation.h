/* case_invitation.h — inviting an applicant to continue a case online.
 *
 * When the registrar registers a request that came by post or e-mail and no
 * account has the applicant's address, the applicant's acknowledgement
 * becomes an invitation (case_notify.c): a link with a random token, valid
 * CASE_INVITATION_DAYS days, usable once. Following it, the applicant either
 * creates an account (the applicant role, the invited address) or, signed
 * in already, takes the case into their account; either way the case
 * becomes theirs, in one transaction with its audit row, and only if it has
 * no owner yet. The token itself is never stored, only its SHA-256. */
#ifndef DATALOTS_STORE_CASE_INVITATION_H
#define DATALOTS_STORE_CASE_INVITATION_H

#include <stdint.h>
#include "core/arena.h"
#include "db/db.h"
#include "store/audit.h"

#define CASE_INVITATION_DAYS 30 /* the invitation mail (notify/mail_text.c) says so */

/* Inside the caller's transaction: a new invitation for case_id to email;
 * token_out receives the token for the link (64 hex digits). */
dl_err case_invitation_create_in_tx(db *d, int64_t case_id, const char *email, int64_t now, char token_out[65],
                                    dl_error *e);

typedef enum invitation_state { INVITATION_OPEN, INVITATION_ACCEPTED, INVITATION_EXPIRED } invitation_state;

typedef struct case_invitation {
    int64_t case_id;
    invitation_state state;
    const char *email, *diary_number, *title, *applicant_name, *org_name;
    int64_t expires_at;
} case_invitation;

/* The invitation behind token (DL_ENOTFOUND: none has it). */
dl_err case_invitation_find(db *d, arena *a, const char *token, int64_t now, case_invitation *out, dl_error *e);

/* A new applicant account for an invitation (checked as account_create
 * checks: name rules, password policy). */
typedef struct invitation_account {
    const char *username, *display_name, *password;
} invitation_account;

/* Accepts the invitation: with account != NULL creates that account (the
 * invited address, the applicant role), gives it the case and signs it in
 * (a new session in session_out, audited as auth.login); with
 * account == NULL gives the case to the signed-in user. One transaction;
 * refused with a sentence: no such invitation (DL_ENOTFOUND), used or
 * expired (DL_ECONFLICT), the case has an owner already (DL_ECONFLICT), the
 * user name taken (DL_ECONFLICT), a rule broken (DL_EINVAL). */
dl_err case_invitation_accept(db *d, const char *token, const invitation_account *account,
                              const audit_actor *signed_in, int64_t now, int64_t *case_id_out, int64_t *user_id_out,
                              char session_out[65], dl_error *e);

/* The account part alone, for other invitations (store/case_members.c):
 * the rules checked and the password hashed (before a transaction: the
 * hash is slow; hash holds PASSWORD_HASH_MAX bytes), then, inside the
 * caller's transaction, the account inserted with the applicant role and
 * audited (DL_ECONFLICT when the user name is taken). */
dl_err invitation_account_check(const invitation_account *acc, char *hash, dl_error *e);
dl_err invitation_account_insert_in_tx(db *d, const invitation_account *acc, const char *hash, const char *email,
                                       int64_t *uid, dl_error *e);

#endif
