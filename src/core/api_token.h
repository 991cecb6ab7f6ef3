/* api_token.h — the rules of an API token, without the store: its form
 * ("dl_" and 64 lowercase hex digits, shown once at creation; the store
 * keeps only its SHA-256), the Authorization header that carries it
 * ("Bearer <token>", RFC 6750), its name, and its expiry date (required,
 * a real date after today and at most API_TOKEN_MAX_DAYS ahead). A token
 * is valid through its expiry day (UTC) and refused from midnight UTC
 * after it. */
#ifndef DATALOTS_API_TOKEN_H
#define DATALOTS_API_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/token.h"

#define API_TOKEN_PREFIX "dl_"
#define API_TOKEN_LEN 67         /* the prefix and 64 hex digits */
#define API_TOKEN_SIZE 68        /* with the NUL */
#define API_TOKEN_MAX_DAYS 365   /* the longest a token may live */
#define API_TOKEN_NAME_MAX 80    /* bytes */
#define API_TOKEN_HEADER_MAX 200 /* a longer Authorization header is refused unread */

/* A fresh token from the CSPRNG into out. */
void api_token_new(char out[API_TOKEN_SIZE]);
/* 1 when s is exactly a token's form, else 0 (also NULL). */
int api_token_well_formed(const char *s);
/* The stored form: SHA-256 of the whole token as 64 hex digits. */
void api_token_hash(const char *token, char out[TOKEN_HEX_SIZE]);

typedef enum api_bearer {
    API_BEARER_NONE,      /* no Authorization header */
    API_BEARER_TOKEN,     /* "Bearer <well-formed token>": *token points into the header */
    API_BEARER_MALFORMED, /* some other scheme, a token of the wrong form, too long, junk */
} api_bearer;
/* Reads an Authorization header: the scheme "Bearer" in any case, one or
 * more spaces, then the token and nothing after it. */
api_bearer api_token_from_header(const char *header, const char **token);

/* Checks an expiry date "YYYY-MM-DD" against today (epoch seconds now):
 * NULL when it is a real date from tomorrow to API_TOKEN_MAX_DAYS days
 * ahead, with *expires_at the first second it no longer holds (midnight
 * UTC after the day); otherwise a Swedish sentence saying what is wrong. */
const char *api_token_check_expiry(const char *date, int64_t now, int64_t *expires_at);
/* NULL for a usable name (1..API_TOKEN_NAME_MAX bytes of printable text
 * without control characters, not only blanks), else a Swedish sentence. */
const char *api_token_check_name(const char *name);

#endif
