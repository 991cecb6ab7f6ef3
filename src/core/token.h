/* token.h — the format of datalots' tokens (session, CSRF, invitation and
 * API tokens, digests): 64 lowercase hex digits and a NUL in a
 * TOKEN_HEX_SIZE buffer. Making, digesting and comparing them is
 * crypto/token.h's (libsodium). */
#ifndef DATALOTS_TOKEN_H
#define DATALOTS_TOKEN_H

#include <stddef.h>

#define TOKEN_HEX_SIZE 65

/* 1 if s is exactly 64 lowercase hex digits, else 0 (also for NULL). */
int hex_is_token(const char *s);

#endif
