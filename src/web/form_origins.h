/* form_origins.h — the origins besides 'self' that datalots' forms may
 * lead to, for the Content-Security-Policy's form-action: the sign-out
 * button (on every page) and the account page's "link" buttons answer
 * with a redirect to an OpenID provider (handlers/oidc_login.c), and a
 * browser checks every step of a form's redirects against form-action.
 * They are the origins of each enabled provider's issuer, authorization
 * endpoint and end-session endpoint, read from the store at most every
 * FORM_ORIGINS_SECONDS and kept in this process's memory (a provider added
 * with `datalots oidc add` counts within that time). Thread-safe. */
#ifndef DATALOTS_FORM_ORIGINS_H
#define DATALOTS_FORM_ORIGINS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define FORM_ORIGINS_SECONDS 10
#define FORM_ORIGINS_MAX 1024 /* bytes of " https://a https://b…" at most; more origins are left out */

/* Reads the providers again when the copy is older than FORM_ORIGINS_SECONDS. */
void form_origins_refresh(db *d, int64_t now);
/* The origins, each preceded by a space ("" for none), into out. */
void form_origins_copy(char *out, size_t cap);
/* The origin ("https://host:port") of url into out; 0 when url has none
 * fit for a CSP source (only letters, digits and . - : [ ] in the host). */
int form_origin_of(const char *url, char *out, size_t cap);

#endif
