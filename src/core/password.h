/* password.h — the password policy applied when a user sets or changes a
 * password (hashing is crypto/password_hash.h's). */
#ifndef DATALOTS_PASSWORD_H
#define DATALOTS_PASSWORD_H

#include "core/err.h"

/* Checks a new password against the policy: valid UTF-8, no control
 * characters (bytes below 0x20 and 0x7F), 12..128 code points and at most
 * 512 bytes, not the username and not containing it (ASCII case-insensitive;
 * containment only checked for usernames of 4 or more characters), not a
 * very common password, not one character repeated. username may be NULL.
 * Returns DL_OK or DL_EINVAL with a Swedish sentence in e that never quotes
 * the password. */
dl_err password_check_policy(const char *password, const char *username, dl_error *e);

#endif
