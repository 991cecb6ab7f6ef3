/* router.h — the route table and the dispatcher that checks everything a
 * route declares before its handler runs (after Redis's command table):
 * method (405 with Allow), path (404), body size (413), content type (415),
 * CSRF token on every state change (403), sign-in (303 to /login or 401),
 * the action's roles (403), the declared form fields (400 for a malformed
 * body) and the declared query parameters (400 for a bad value). Handlers
 * then read only validated values, by position: form_at(&r->form, FIELD)
 * and query_at(r, PARAM), with the enums of web/handlers/field_keys.h. */
#ifndef DATALOTS_ROUTER_H
#define DATALOTS_ROUTER_H

#include <stddef.h>

#include "core/authz.h"
#include "web/form.h"
#include "web/http.h"

typedef void (*handler_fn)(request *r);

enum route_flags {
    ROUTE_JSON = 1,        /* answers JSON, errors too */
    ROUTE_NO_SESSION = 2,  /* static files, health, metrics: no cookie work (GET, public only) */
    ROUTE_NO_DB = 4,       /* needs no store connection (requires ROUTE_NO_SESSION) */
    ROUTE_UPLOAD = 8,      /* also takes multipart/form-data (a file field) */
    ROUTE_PAGE_CACHE = 16, /* GET page kept per viewer until the store changes (page_cache.h) */
    ROUTE_RDF_CONNEG = 32, /* answers "Vary: Accept"; with ROUTE_PAGE_CACHE, a request whose Accept
                            * prefers RDF to HTML is sent (303) to the page's RDF document
                            * (path.ttl …) before the page cache is asked */
    ROUTE_SECRET_PATH = 64, /* the path carries a secret (a delivery's token): the access log
                             * writes the route's pattern instead */
    ROUTE_JSON_BODY = 128,  /* a POST for other systems: the body is a JSON object checked
                             * against the route's fields (web/json_form.h). Requires
                             * ROUTE_JSON and ROUTE_NO_SESSION on a public action: no
                             * cookie is read, so the caller is anonymous and there is
                             * no ambient authority for a CSRF token to protect */
    ROUTE_COUNT_VIEW = 256, /* a knowledge-guide page: each answered view is counted in memory
                             * (web/guide_views.h), from the page cache and as a 304 too.
                             * Requires a GET route whose first parameter is the item */
};

struct route {
    unsigned methods;          /* HTTP_GET (HEAD implied), HTTP_POST, … */
    const char *pattern;       /* "/admin/users/{id}" */
    dl_action action;          /* who may call it at all; handlers check the object */
    const field_spec *fields;  /* POST body fields (the csrf field is added) */
    size_t n_fields;
    handler_fn handler;
    unsigned flags;
    const field_spec *query;   /* query string parameters; others are ignored */
    size_t n_query;
};

extern const struct route routes[];
extern const size_t n_routes;

/* Refuses a table whose routes contradict themselves (e.g. ROUTE_NO_DB
 * without ROUTE_NO_SESSION, which would load a session with no store), and
 * a field or query table with an unnamed slot (an enum value left without
 * its spec), a name twice, or an enumeration without values.
 * `datalots serve` checks the table before it listens. */
dl_err router_check_table(const struct route *table, size_t n, dl_error *e);
/* 1 when the Content-Type's media type is exactly want (case-insensitive). */
int media_type_is(const char *ctype, const char *want);

void router_dispatch(request *r);
/* The value of the route's query parameter i (its position in the route's
 * query table, an enum of field_keys.h); never NULL (absent on a request
 * whose route declares no query, e.g. a POST that shows the GET page). */
const form_value *query_at(const request *r, size_t i);
/* An answer before routing (a bad Host header, a body over the limit): an
 * error page or JSON as the client asks, in its language. */
void router_reject_early(request *r, const char *route_name, dl_err code, const char *message_sv);
/* 413 for a body over the limit. */
void router_reject_body(request *r);
/* Security and caching headers every response carries. */
void router_finish_headers(request *r);

/* The CSRF token for a binding (session token or anonymous cookie). */
void csrf_token_for(const char *secret, const char *binding, char out[65]);

#endif
