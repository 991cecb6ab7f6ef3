/* api_auth.c — bearer tokens on the JSON API (see api_auth.h). */
#include "web/api_auth.h"
#include "store/api_tokens.h"
#include "core/clock.h"

#include <inttypes.h>
#include <string.h>

#define API_PREFIX "/api/v1/"

int api_auth_applies(request *r)
{
    return strncmp(r->path, API_PREFIX, strlen(API_PREFIX)) == 0 && req_header(r, "Authorization") != NULL;
}

static void refuse(request *r, const char *error_code, const char *message_sv)
{
    const char *challenge = arena_printf(r->a, "Bearer realm=\"datalots\", error=\"%s\"", error_code);
    res_header(r, "WWW-Authenticate", challenge ? challenge : "Bearer realm=\"datalots\"");
    res_error(r, DL_EAUTH, message_sv);
}

void api_auth_load(request *r)
{
    const char *token = NULL;
    if (api_token_from_header(req_header(r, "Authorization"), &token) != API_BEARER_TOKEN) {
        refuse(r, "invalid_request",
               "Authorization-huvudet ska vara \"Bearer\" följt av en API-nyckel (dl_ och 64 hexadecimala tecken).");
        return;
    }
    api_token_rec t;
    api_token_verdict v;
    dl_error e = {0};
    int64_t now = clock_now();
    if (api_token_lookup(r->db, r->a, token, now, &t, &v, &e) != DL_OK) {
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    switch (v) {
    case API_TOKEN_OK: break;
    case API_TOKEN_REVOKED: refuse(r, "invalid_token", "API-nyckeln är återkallad. Be en administratör om en ny."); return;
    case API_TOKEN_EXPIRED: refuse(r, "invalid_token", "API-nyckeln har gått ut. Be en administratör om en ny."); return;
    default: refuse(r, "invalid_token", "API-nyckeln är okänd. Kontrollera att hela nyckeln kom med."); return;
    }
    const char *what = arena_printf(r->a, "%s %s", r->method_text ? r->method_text : "", r->route_name ? r->route_name : "");
    if (api_token_record_use(r->db, &t, now, what, &e) != DL_OK) {
        /* An unrecorded use is refused: every use leaves its trace. */
        res_error_from(r, e.code != DL_OK ? e.code : DL_EDB, &e);
        return;
    }
    r->grants[0] = (authz_grant){.role = t.role, .node_path = t.node_path};
    r->n_grants = 1;
    r->user_id = t.user_id;
    r->username = arena_printf(r->a, "api-token-%" PRId64, t.id);
    r->display_name = t.name;
    r->api_token_id = t.id;
    r->subject = (authz_subject){.user_id = t.user_id, .grants = r->grants, .n_grants = 1};
}
