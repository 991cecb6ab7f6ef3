/* case_members.h — the project members of a release case and the terms of
 * use they accept.
 *
 * A member's life, and the function that moves it:
 *
 *   (none)   -> invited   case_member_invite        (the owner; a mail with a token link,
 *                                                     only its SHA-256 kept; 30 days, once)
 *   invited  -> joined    case_member_join          (the invited person signs in with the
 *                                                     invited address, or creates an account
 *                                                     with it; the token is spent)
 *   joined   -> accepted  case_member_accept_terms  (the member themself, the newest version
 *                                                     of the terms; which version is kept)
 *   any      -> ended     case_member_end           (the member leaves, or the owner removes
 *                                                     them: audited and, once joined, registered
 *                                                     in the diarium)
 *
 * A joined member sees the case page (not its confidential documents, not
 * its steps). Only members who accepted the newest terms get the delivery
 * (store/delivery.c asks case_member_delivery_emails). Accepting for
 * someone else — another invitation's token from an account with another
 * address, a member id not one's own — is refused with a sentence. */
#ifndef DATALOTS_STORE_CASE_MEMBERS_H
#define DATALOTS_STORE_CASE_MEMBERS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/diary_number.h"
#include "db/db.h"
#include "store/audit.h"
#include "store/case_invitation.h"

#define CASE_MEMBER_DAYS 30   /* the mail (notify/mail_text.c, case.member_invite) says so */
#define CASE_MEMBERS_MAX 50   /* invitations and members of one case, ended ones included */

typedef enum member_state { MEMBER_INVITED, MEMBER_EXPIRED, MEMBER_JOINED, MEMBER_ACCEPTED, MEMBER_ENDED } member_state;

typedef struct terms_rec {
    int64_t version;
    const char *body_sv, *body_en, *created_at;
} terms_rec;

/* The newest terms of use. */
dl_err terms_current(db *d, arena *a, terms_rec *out, dl_error *e);

/* A new version of the terms (the next number), Swedish and English, each
 * 1..TERMS_TEXT_MAX characters of UTF-8; audited as terms.add. From then on
 * members must accept it before a delivery reaches them. */
#define TERMS_TEXT_MAX 20000
dl_err terms_add(db *d, const audit_actor *who, const char *body_sv, const char *body_en, int64_t *version_out,
                 dl_error *e);
/* Every version, newest first (at most max). */
dl_err terms_list(db *d, arena *a, terms_rec *out, int max, int *n, dl_error *e);

typedef struct case_member_rec {
    int64_t id, case_id, user_id, terms_version, accepted_at, ended_at;
    member_state state;        /* ACCEPTED only for the newest terms */
    const char *email, *display_name, *ended_how;
} case_member_rec;

/* The members and invitations of case_id, oldest first (at most max). */
dl_err case_members(db *d, arena *a, int64_t case_id, int64_t now, case_member_rec *out, int max, int *n,
                    dl_error *e);

/* The joined, not ended, member row of user_id on case_id in *member_id (0: none). */
dl_err case_member_of(db *d, int64_t case_id, int64_t user_id, int64_t *member_id, dl_error *e);

/* The owner (who) invites email to case_id: refused unless who owns the
 * case (DL_EDENIED), the case is open and sent in (DL_ECONFLICT), the
 * address is valid (DL_EINVAL), not invited already nor the owner's own
 * (DL_ECONFLICT), and the case has room (CASE_MEMBERS_MAX). One
 * transaction with the audit row and the mail (link public_url/medlem?t=…). */
dl_err case_member_invite(db *d, int64_t case_id, const audit_actor *who, const char *email, const char *public_url,
                          int64_t *id_out, dl_error *e);

typedef struct member_invitation {
    int64_t id, case_id, expires_at;
    member_state state;
    const char *email, *diary_number, *title, *org_name;
} member_invitation;

/* The invitation behind token (DL_ENOTFOUND: none has it). */
dl_err case_member_find(db *d, arena *a, const char *token, int64_t now, member_invitation *out, dl_error *e);

/* Joins with the invitation: account != NULL makes that account (the
 * invited address, the applicant role) and signs it in (session_out);
 * else the signed-in user joins, and only with the invited address
 * (signed_in_email): another account is refused (DL_EDENIED). Refused too:
 * no such invitation (DL_ENOTFOUND), used, expired or withdrawn, the owner
 * themself, a member already (DL_ECONFLICT). One transaction. */
dl_err case_member_join(db *d, const char *token, const invitation_account *account, const audit_actor *signed_in,
                        const char *signed_in_email, int64_t now, int64_t *case_id_out, int64_t *user_id_out,
                        char session_out[65], dl_error *e);

/* The member (who) accepts the terms of version `version` for membership
 * member_id of case_id: refused when the row is another person's or
 * another case's (DL_EDENIED), ended (DL_ECONFLICT), or the version is not
 * the newest (DL_ECONFLICT: read them again). Audited. */
dl_err case_member_accept_terms(db *d, int64_t case_id, int64_t member_id, const audit_actor *who, int64_t version,
                                dl_error *e);

/* Ends membership member_id of case_id: the member leaves ('left') or the
 * case's owner removes them or withdraws the invitation ('removed');
 * anyone else DL_EDENIED; ended already DL_ECONFLICT. Audited; a joined
 * member's end is registered in the diarium (its number in number_out). */
dl_err case_member_end(db *d, int64_t case_id, int64_t member_id, const audit_actor *who, char number_out[DIARY_NUMBER_MAX],
                       dl_error *e);

/* The cases user_id is a joined, not ended, member of: newest first, ids
 * into out (at most max). */
dl_err case_member_cases(db *d, int64_t user_id, int64_t *out, int max, int *n, dl_error *e);

/* Inside the caller's transaction: the addresses of the members who get
 * the delivery (joined, not ended, the newest terms accepted), in arena a. */
dl_err case_member_delivery_emails(db *d, arena *a, int64_t case_id, const char **out, int max, int *n, dl_error *e);

#endif
