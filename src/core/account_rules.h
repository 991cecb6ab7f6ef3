/* account_rules.h — what a username and a display name may be, and the
 * safety rules of role grants that are not "who may" questions (those are
 * core/authz.c's). */
#ifndef DATALOTS_ACCOUNT_RULES_H
#define DATALOTS_ACCOUNT_RULES_H

#include "core/err.h"
#include "core/roles.h"

#include <stdint.h>

enum { USERNAME_MIN = 2, USERNAME_MAX = 64, DISPLAY_NAME_MAX = 200 };

/* 2–64 characters of a–z, 0–9, '.', '_' and '-', starting with a letter or digit. */
dl_err username_check(const char *username, dl_error *e);
/* Non-empty, at most 200 bytes, valid UTF-8 without control characters. */
dl_err display_name_check(const char *name, dl_error *e);

/* 1 when revoking a grant of `role` from account `account_id` would lock
 * out the one revoking (`actor_id`): their own grant of a role that may
 * assign roles (authz_action_roles(ACT_ROLE_ASSIGN)) — without it they
 * could not give it back. Refused whatever other grants they hold; another
 * administrator revokes it. 0 otherwise, and for actor_id 0 (no one signed in). */
int revoke_locks_out(int64_t actor_id, int64_t account_id, dl_role role);

#endif
