/* case_invitation.c — inviting an applicant to continue a case online; see
 * case_invitation.h. */
#include "store/case_invitation.h"
#include "core/account_rules.h"
#include "core/password.h"
#include "crypto/password_hash.h"
#include "core/roles.h"
#include "crypto/token.h"
#include "store/sessions.h"
#include "store/users.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

dl_err case_invitation_create_in_tx(db *d, int64_t case_id, const char *email, int64_t now, char token_out[65],
                                    dl_error *e)
{
    char hash[TOKEN_HEX_SIZE];
    token_random_hex(token_out);
    sha256_hex(token_out, strlen(token_out), hash);
    return db_run(d, "INSERT INTO case_invitation(case_id, email, token_hash, created_at, expires_at)"
                     " VALUES (?, ?, ?, ?, ?)", e, "ittii", case_id, email, hash, now,
                  now + (int64_t)CASE_INVITATION_DAYS * 86400);
}

_Static_assert(CASE_INVITATION_DAYS == 30, "the invitation mail in notify/mail_text.c says 30 days");

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err case_invitation_find(db *d, arena *a, const char *token, int64_t now, case_invitation *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "Inbjudan finns inte. Kontrollera länken i e-postmeddelandet.");
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT i.case_id, i.email, i.expires_at, CASE WHEN i.accepted_at IS NULL THEN 0 ELSE 1 END,"
                               " c.diary_number, c.title, c.applicant_name, o.name"
                               " FROM case_invitation i JOIN cases c ON c.id = i.case_id JOIN org_node o ON o.id = c.org_id"
                               " WHERE i.token_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        out->case_id = db_col_int(s, 0);
        out->email = dup(a, db_col_text(s, 1));
        out->expires_at = db_col_int(s, 2);
        out->state = db_col_int(s, 3) ? INVITATION_ACCEPTED : now >= out->expires_at ? INVITATION_EXPIRED : INVITATION_OPEN;
        out->diary_number = dup(a, db_col_text(s, 4));
        out->title = dup(a, db_col_text(s, 5));
        out->applicant_name = dup(a, db_col_text(s, 6));
        out->org_name = dup(a, db_col_text(s, 7));
        if (!out->email || !out->diary_number || !out->title || !out->applicant_name || !out->org_name)
            rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else {
        rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Inbjudan finns inte. Kontrollera länken i e-postmeddelandet.")
                           : e->code;
    }
    db_stmt_done(s);
    return rc;
}

/* The account's rules, checked before the transaction (the hash is slow). */
static dl_err check_account(const invitation_account *acc, char hash[PASSWORD_HASH_MAX], dl_error *e)
{
    dl_err rc = username_check(acc->username, e);
    if (rc == DL_OK) rc = display_name_check(acc->display_name, e);
    if (rc == DL_OK) rc = password_check_policy(acc->password, acc->username, e);
    if (rc == DL_OK) rc = password_hash(acc->password, hash, e);
    return rc;
}

/* Inside the transaction: the new account with the applicant role. */
static dl_err insert_account(db *d, const invitation_account *acc, const char *hash, const char *email, int64_t *uid,
                             dl_error *e)
{
    int64_t taken = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM users WHERE lower(username) = lower(?)", &taken, e, "t",
                             acc->username);
    if (rc == DL_OK && taken)
        rc = dl_fail(e, DL_ECONFLICT, "Användarnamnet %s är redan upptaget. Välj ett annat.", acc->username);
    if (rc == DL_OK) rc = user_insert(d, acc->username, acc->display_name, email, hash, uid, e);
    int64_t grant = 0;
    if (rc == DL_OK) rc = user_grant_role(d, *uid, ROLE_APPLICANT, 0, 0, &grant, e);
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, *uid);
    audit_actor who = {0, "public"};
    if (rc == DL_OK) rc = audit_append(d, &who, "user.create", "user", idt, NULL, NULL, acc->username, e);
    if (rc == DL_OK) rc = audit_append(d, &who, "role.grant", "user", idt, NULL, NULL, "applicant@0", e);
    return rc;
}

dl_err case_invitation_accept(db *d, const char *token, const invitation_account *account,
                              const audit_actor *signed_in, int64_t now, int64_t *case_id_out, int64_t *user_id_out,
                              char session_out[65], dl_error *e)
{
    if (session_out) session_out[0] = '\0';
    int64_t existing_user_id = signed_in ? signed_in->user_id : 0;
    *case_id_out = 0;
    *user_id_out = 0;
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "Inbjudan finns inte. Kontrollera länken i e-postmeddelandet.");
    if (!account && existing_user_id <= 0) return dl_fail(e, DL_EINVAL, "Logga in eller skapa ett konto för att ta emot inbjudan.");
    char hash[PASSWORD_HASH_MAX];
    if (account) {
        dl_err rc = check_account(account, hash, e);
        if (rc != DL_OK) return rc;
    }
    char token_hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), token_hash);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    /* Claim the invitation first: of two acceptances at once, one finds it open. */
    int64_t inv_id = 0, case_id = 0, expired = 0, owner = 0;
    char email[256] = "";
    db_stmt *s = db_prepare(d, "SELECT i.id, i.case_id, i.email, CASE WHEN i.expires_at <= ? THEN 1 ELSE 0 END,"
                               " COALESCE(c.owner_user_id, 0)"
                               " FROM case_invitation i JOIN cases c ON c.id = i.case_id"
                               " WHERE i.token_hash = ? AND i.accepted_at IS NULL", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, now);
        db_bind_text(s, 2, token_hash);
        int st = db_step(s, e);
        if (st == DB_ROW) {
            inv_id = db_col_int(s, 0);
            case_id = db_col_int(s, 1);
            snprintf(email, sizeof email, "%s", db_col_text(s, 2));
            expired = db_col_int(s, 3);
            owner = db_col_int(s, 4);
        } else if (st == DB_DONE) {
            int64_t any = 0;
            db_stmt_done(s);
            s = NULL;
            rc = db_query_int(d, "SELECT COUNT(*) FROM case_invitation WHERE token_hash = ?", &any, e, "t", token_hash);
            if (rc == DL_OK)
                rc = any ? dl_fail(e, DL_ECONFLICT, "Inbjudan är redan använd. Logga in med kontot som tog emot den.")
                         : dl_fail(e, DL_ENOTFOUND, "Inbjudan finns inte. Kontrollera länken i e-postmeddelandet.");
        } else {
            rc = e->code;
        }
        db_stmt_done(s);
    }
    if (rc == DL_OK && expired)
        rc = dl_fail(e, DL_ECONFLICT, "Inbjudan har gått ut. Kontakta organisationen och ange ärendets diarienummer, "
                                      "så skickar de en ny.");
    if (rc == DL_OK && owner)
        rc = dl_fail(e, DL_ECONFLICT, "Ärendet hör redan till ett konto. Logga in med det kontot.");
    int64_t uid = existing_user_id;
    if (rc == DL_OK && account) rc = insert_account(d, account, hash, email, &uid, e);
    int64_t changed = 0;
    if (rc == DL_OK) {
        rc = db_query_int(d, "UPDATE case_invitation SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL"
                             " RETURNING 1", &changed, e, "iii", now, uid, inv_id);
        if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed))
            rc = dl_fail(e, DL_ECONFLICT, "Inbjudan är redan använd. Logga in med kontot som tog emot den.");
    }
    if (rc == DL_OK) {
        int64_t taken = 0;
        rc = db_query_int(d, "UPDATE cases SET owner_user_id = ?, version = version + 1 WHERE id = ? AND owner_user_id IS NULL"
                             " RETURNING 1", &taken, e, "ii", uid, case_id);
        if (rc == DL_ENOTFOUND || (rc == DL_OK && !taken))
            rc = dl_fail(e, DL_ECONFLICT, "Ärendet hör redan till ett konto. Logga in med det kontot.");
    }
    char idt[24], detail[48];
    snprintf(idt, sizeof idt, "%" PRId64, case_id);
    snprintf(detail, sizeof detail, "user %" PRId64, uid);
    audit_actor who = account ? (audit_actor){uid, account->username} : *signed_in;
    if (rc == DL_OK) rc = audit_append(d, &who, "case.invitation_accept", "case", idt, NULL, NULL, detail, e);
    /* A new account is signed in by the same transaction, audited as any sign-in. */
    if (rc == DL_OK && account && session_out) {
        rc = session_create(d, uid, now, session_out, e);
        char uidt[24];
        snprintf(uidt, sizeof uidt, "%" PRId64, uid);
        if (rc == DL_OK) rc = audit_append(d, &who, "auth.login", "user", uidt, NULL, NULL, "via invitation", e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc == DL_OK) {
        *case_id_out = case_id;
        *user_id_out = uid;
    }
    return rc;
}

dl_err invitation_account_check(const invitation_account *acc, char *hash, dl_error *e)
{
    return check_account(acc, hash, e);
}

dl_err invitation_account_insert_in_tx(db *d, const invitation_account *acc, const char *hash, const char *email,
                                       int64_t *uid, dl_error *e)
{
    return insert_account(d, acc, hash, email, uid, e);
}
