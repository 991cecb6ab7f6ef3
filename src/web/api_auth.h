/* api_auth.h — a request to /api/v1/… with "Authorization: Bearer <token>"
 * signed in as the API token's grant (store/api_tokens.h): its account,
 * its one role at its node, no cookie read and no CSRF token needed (no
 * ambient authority). Every other check — route, role × scope × state —
 * is the signed-in user's. HTML pages never read the header. */
#ifndef DATALOTS_API_AUTH_H
#define DATALOTS_API_AUTH_H

#include "web/http.h"

/* 1 when the request is for the JSON API and carries an Authorization
 * header: api_auth_load() then decides who it is, not the cookies. */
int api_auth_applies(request *r);
/* Loads the token's grant into r (user, grants, subject, api_token_id) and
 * records its use; answers 401 (JSON, WWW-Authenticate: Bearer) for a
 * malformed, unknown, revoked or expired token and 503 when the store
 * does not answer. */
void api_auth_load(request *r);

#endif
