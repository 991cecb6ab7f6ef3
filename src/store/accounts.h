/* accounts.h — account operations that change state, each one transaction
 * with its audit row. Used by the CLI, the demo data and the admin pages,
 * so the rules and the audit trail are the same whoever acts. */
#ifndef DATALOTS_STORE_ACCOUNTS_H
#define DATALOTS_STORE_ACCOUNTS_H

#include <stdint.h>
#include "core/roles.h"
#include "db/db.h"
#include "store/audit.h"

/* Checks username, display name, e-mail length and password policy; hashes;
 * inserts; audits. */
dl_err account_create(db *d, const audit_actor *who, const char *username, const char *display_name,
                      const char *email, const char *password, int64_t *id_out, dl_error *e);
/* Policy, hash, store, end the user's other sessions (all but keep_token). */
dl_err account_set_password(db *d, const audit_actor *who, int64_t user_id, const char *username,
                            const char *password, const char *keep_token, dl_error *e);
/* Grants role at node_id (0: the whole installation). Refused: a unit role
 * for the whole installation (DL_EINVAL), a user already holding
 * AUTHZ_MAX_GRANTS grants or the role there already (DL_ECONFLICT), no such
 * user or unit (DL_ENOTFOUND), each with its own sentence. */
dl_err account_grant(db *d, const audit_actor *who, int64_t user_id, dl_role role, int64_t node_id,
                     int64_t *grant_id, dl_error *e);
dl_err account_revoke(db *d, const audit_actor *who, int64_t grant_id, dl_error *e);
/* Name and e-mail, if the account still has expected_version. */
dl_err account_update_profile(db *d, const audit_actor *who, int64_t user_id, int64_t expected_version,
                              const char *display_name, const char *email, dl_error *e);
dl_err account_set_disabled(db *d, const audit_actor *who, int64_t user_id, int disabled, dl_error *e);
/* Lifts every sign-in back-off of the account (a helpdesk's answer to "I am
 * locked out" that needs no new password); audited as user.unlock. */
dl_err account_clear_signin_backoff(db *d, const audit_actor *who, int64_t user_id, const char *username,
                                    dl_error *e);

/* Resolves "ROLE" or "ROLE@ORGCODE" to a role and node id (0 = installation). */
dl_err account_parse_role_spec(db *d, const char *spec, dl_role *role, int64_t *node_id, dl_error *e);

#endif
