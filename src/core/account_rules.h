/* account_rules.h — what a username and a display name may be. */
#ifndef DATALOTS_ACCOUNT_RULES_H
#define DATALOTS_ACCOUNT_RULES_H

#include "core/err.h"

enum { USERNAME_MIN = 2, USERNAME_MAX = 64, DISPLAY_NAME_MAX = 200 };

/* 2–64 characters of a–z, 0–9, '.', '_' and '-', starting with a letter or digit. */
dl_err username_check(const char *username, dl_error *e);
/* Non-empty, at most 200 bytes, valid UTF-8 without control characters. */
dl_err display_name_check(const char *name, dl_error *e);

#endif
