/* router.c — dispatch from the route table (see router.h). */
#include "web/router.h"
#include "web/multipart.h"
#include "web/accept_language.h"
#include "web/app.h"
#include "web/cookie.h"
#include "web/i18n.h"
#include "web/json_form.h"
#include "web/page_cache.h"
#include "web/guide_views.h"
#include "web/accept_media.h"
#include "web/form_origins.h"
#include "core/clock.h"
#include <stdio.h>
#include "rdf/rdf_write.h"
#include "web/pathparam.h"
#include "web/session_web.h"
#include "crypto/token.h"
#include "core/utf8.h"

#include <microhttpd.h>
#include <string.h>

#define MAX_PATH_BYTES 2048

void csrf_token_for(const char *secret, const char *binding, char out[65])
{
    hmac_sha256_hex(secret, strlen(secret), binding, strlen(binding), out);
}

static const char *method_list(arena *a, unsigned methods)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {HTTP_GET, "GET, HEAD"}, {HTTP_POST, "POST"}, {HTTP_PUT, "PUT"}, {HTTP_DELETE, "DELETE"},
    };
    strbuf sb;
    sb_init(&sb, 32);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (methods & names[i].bit) {
            if (sb.len) sb_puts(&sb, ", ");
            sb_puts(&sb, names[i].name);
        }
    char *out = arena_strdup(a, sb_cstr(&sb));
    sb_free(&sb);
    return out;
}

/* Splits the raw URI into a strictly decoded path and the raw query. */
static int decode_target(request *r)
{
    const char *raw = r->path;
    const char *q = strchr(raw, '?');
    size_t plen = q ? (size_t)(q - raw) : strlen(raw);
    r->raw_query = q ? arena_strdup(r->a, q + 1) : "";
    if (plen > MAX_PATH_BYTES) {
        res_error(r, DL_EURITOOLONG, "Adressen är för lång.");
        return 0;
    }
    /* An encoded slash would let "/diarium/1%2fcorrect" reach a route of
     * another shape once decoded; no route takes a '/' inside a segment. */
    for (size_t i = 0; i + 2 < plen; i++)
        if (raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'f' || raw[i + 2] == 'F')) {
            r->path = "/";
            res_error(r, DL_EREQUEST, "Adressen innehåller ett kodat snedstreck (%2F), som ingen sida här tar emot.");
            return 0;
        }
    char *decoded = NULL;
    size_t dlen = 0;
    dl_error e = {0};
    if (url_decode(r->a, raw, plen, 0, &decoded, &dlen, &e) != DL_OK || !utf8_valid(decoded, dlen)) {
        r->path = arena_strndup(r->a, raw, plen);
        res_error(r, DL_EREQUEST, "Adressen innehåller en felaktig %-kodning eller ogiltiga tecken.");
        return 0;
    }
    /* The query string is checked as strictly as the path, so no value a
     * route declares is ever silently dropped as malformed. */
    const char *qp = r->raw_query;
    while (*qp) {
        size_t len = strcspn(qp, "&");
        char *part = NULL;
        if (url_decode(r->a, qp, len, 1, &part, NULL, &e) != DL_OK) {
            r->path = arena_strndup(r->a, raw, plen);
            res_error(r, DL_EREQUEST, "Adressen innehåller en felaktig %-kodning eller ogiltiga tecken.");
            return 0;
        }
        qp += len + (qp[len] == '&');
    }
    if (dlen == 0 || decoded[0] != '/') {
        r->path = "/";
        res_error(r, DL_EREQUEST, "Adressen måste börja med /.");
        return 0;
    }
    r->path = decoded;
    return 1;
}

static int wants_json(request *r, const struct route *rt)
{
    if (rt && (rt->flags & ROUTE_JSON)) return 1;
    const char *accept = req_header(r, "Accept");
    return accept && strstr(accept, "application/json") && !strstr(accept, "text/html");
}

static void pick_language(request *r)
{
    static const char *const supported[] = {"sv", "en", NULL};
    const char *choice = NULL;
    const char *cookie = req_cookie(r, "lang");
    if (cookie && (strcmp(cookie, "sv") == 0 || strcmp(cookie, "en") == 0)) choice = cookie;
    if (!choice) choice = accept_language_pick(req_header(r, "Accept-Language"), supported, "sv");
    r->lang = strcmp(choice, "en") == 0 ? LANG_EN : LANG_SV;
}

/* The refusal of a signed-in user who may not perform the action anywhere:
 * the sentence, then who may (the rule's roles, from the table). */
static const char *refusal_message(request *r, dl_action action)
{
    strbuf sb;
    sb_init(&sb, 256);
    sb_puts(&sb, tr(r, "Du har inte behörighet till den här sidan."));
    unsigned roles = authz_action_roles(action);
    if (roles) {
        sb_putc(&sb, ' ');
        sb_puts(&sb, tr(r, authz_action_installation_only(action)
                               ? "Det får den som har någon av de här rollerna för hela installationen:"
                               : "Det får den som har någon av de här rollerna:"));
        const char *sep = " ";
        for (int i = 0; i < ROLE__MAX; i++)
            if (roles & ROLE_BIT(i)) {
                sb_puts(&sb, sep);
                sb_puts(&sb, tr(r, role_label_sv((dl_role)i)));
                sep = ", ";
            }
        sb_putc(&sb, '.');
    }
    const char *out = sb.oom ? NULL : arena_strdup(r->a, sb_cstr(&sb));
    sb_free(&sb);
    return out ? out : "Du har inte behörighet till den här sidan.";
}

/* 1 when the Content-Type's media type (before any ';' parameters, blanks
 * around it ignored) is exactly `want`, compared without case. */
int media_type_is(const char *ctype, const char *want)
{
    if (!ctype) return 0;
    while (*ctype == ' ' || *ctype == '\t') ctype++;
    size_t n = strcspn(ctype, ";");
    while (n && (ctype[n - 1] == ' ' || ctype[n - 1] == '\t')) n--;
    return n == strlen(want) && strncasecmp(ctype, want, n) == 0;
}

/* A body or query the parsers refused: too large and out of memory are
 * themselves, and so is a bug; anything else they report is a malformed
 * request. */
static dl_err body_failure(dl_err rc)
{
    return rc == DL_ELIMIT || rc == DL_ENOMEM || rc == DL_EINTERNAL ? rc : DL_EREQUEST;
}

/* A JSON body (ROUTE_JSON_BODY) read into r->form by the route's fields.
 * No CSRF token: the route reads no cookie (see router.h). */
static int check_json_fields(request *r, const struct route *rt)
{
    if (!media_type_is(req_header(r, "Content-Type"), "application/json")) {
        res_error(r, DL_EMEDIATYPE, "Skicka kroppen som application/json.");
        return 0;
    }
    const char *body = NULL;
    size_t body_len = 0;
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = json_form_encode(r->a, r->body, r->body_len, rt->fields, rt->n_fields, &body, &body_len, &e);
    if (rc == DL_OK)
        rc = form_parse_tr(r->a, body, body_len, rt->fields, rt->n_fields, i18n_translate_cb, r, &r->form, &e);
    if (rc != DL_OK) {
        res_error(r, body_failure(rc), e.msg[0] ? e.msg : "Kroppen kunde inte läsas.");
        return 0;
    }
    return 1;
}

static int check_csrf_and_fields(request *r, const struct route *rt)
{
    if (rt->flags & ROUTE_JSON_BODY) return check_json_fields(r, rt);
    const char *ctype = req_header(r, "Content-Type");
    int is_form = media_type_is(ctype, "application/x-www-form-urlencoded");
    int is_upload = media_type_is(ctype, "multipart/form-data") && (rt->flags & ROUTE_UPLOAD);
    const char *body = r->body;
    size_t body_len = r->body_len;
    dl_error e = {0};
    dl_error_clear(&e);
    if (r->body_len && !is_form && !is_upload && !(rt->flags & ROUTE_JSON)) {
        res_error(r, DL_EMEDIATYPE, (rt->flags & ROUTE_UPLOAD)
                              ? "Formuläret måste skickas som application/x-www-form-urlencoded eller multipart/form-data."
                              : "Formuläret måste skickas som application/x-www-form-urlencoded.");
        return 0;
    }
    if (is_upload) {
        dl_err mrc = multipart_to_urlencoded(r, rt->fields, rt->n_fields, r->body_len, &body, &body_len, &e);
        if (mrc != DL_OK) {
            res_error(r, body_failure(mrc), e.msg);
            return 0;
        }
        is_form = 1;
    }
    field_spec *specs = arena_alloc(r->a, (rt->n_fields + 1) * sizeof *specs);
    if (!specs) { res_error(r, DL_ENOMEM, "Servern fick slut på minne."); return 0; }
    if (rt->n_fields) memcpy(specs, rt->fields, rt->n_fields * sizeof *specs);
    specs[rt->n_fields] = (field_spec){.name = "csrf", .type = FIELD_TOKEN, .label_sv = "Säkerhetstoken"};
    dl_err rc = form_parse_tr(r->a, is_form ? body : NULL, is_form ? body_len : 0, specs,
                              rt->n_fields + 1, i18n_translate_cb, r, &r->form, &e);
    if (rc != DL_OK) {
        res_error(r, body_failure(rc), e.msg[0] ? e.msg : "Formuläret kunde inte läsas.");
        return 0;
    }
    /* A declared file field gets the bytes of its part. */
    for (size_t i = 0; i < rt->n_fields; i++) {
        if (rt->fields[i].type != FIELD_FILE) continue;
        form_value *v = &r->form.values[i];
        for (int k = 0; k < r->n_uploads; k++)
            if (v->text && strcmp(r->uploads[k].name, rt->fields[i].name) == 0) {
                v->data = r->uploads[k].data;
                v->data_len = r->uploads[k].len;
                v->content_type = r->uploads[k].content_type;
            }
    }
    if (r->api_token_id) return 1; /* a bearer token (web/api_auth.h): no cookie, so no CSRF to check */
    const char *sent = form_text_at(&r->form, rt->n_fields); /* the csrf spec added last */
    if (!sent) sent = req_header(r, "X-CSRF-Token");
    if (!sent || !r->csrf_binding || !token_equal(sent, r->csrf_token)) {
        res_error(r, DL_EDENIED, "Formuläret saknar giltig säkerhetstoken (det kan ha gått ut). Ladda om sidan och försök igen.");
        return 0;
    }
    return 1;
}

/* Why a field or query table cannot be used: an unnamed slot (an enum value
 * without its spec), a name twice, an enumeration without values. */
static const char *table_flaw(const field_spec *specs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!specs[i].name || !specs[i].name[0]) return "a slot of its table has no name (an enum value without its field_spec)";
        if (strcmp(specs[i].name, "csrf") == 0) return "it declares csrf, which the router adds itself";
        if (specs[i].type == FIELD_ENUM && (!specs[i].enum_values || !specs[i].enum_values[0]))
            return "an enumeration without values";
        for (size_t k = 0; k < i; k++)
            if (specs[k].name && strcmp(specs[k].name, specs[i].name) == 0) return "a name occurs twice in its table";
    }
    return NULL;
}

/* What one route may declare, as rules over its own fields. */
static const char *route_contradiction(const struct route *rt)
{
    if (!rt->pattern || rt->pattern[0] != '/') return "the pattern must start with /";
    if (!rt->handler) return "it has no handler";
    if (!rt->methods || (rt->methods & ~(unsigned)(HTTP_GET | HTTP_POST | HTTP_PUT | HTTP_DELETE)))
        return "it names no method, or one the router does not dispatch";
    if ((rt->flags & ROUTE_NO_DB) && !(rt->flags & ROUTE_NO_SESSION))
        return "ROUTE_NO_DB without ROUTE_NO_SESSION: the session lives in the store";
    if ((rt->flags & ROUTE_NO_SESSION) && !authz_action_is_public(rt->action))
        return "ROUTE_NO_SESSION on an action that needs a signed-in user";
    if ((rt->flags & ROUTE_NO_SESSION) && rt->methods != HTTP_GET && !(rt->flags & ROUTE_JSON_BODY))
        return "ROUTE_NO_SESSION on a state change: its CSRF token is bound to the session";
    if ((rt->flags & ROUTE_JSON_BODY) &&
        (rt->methods != HTTP_POST || !(rt->flags & ROUTE_JSON) || !(rt->flags & ROUTE_NO_SESSION) ||
         (rt->flags & ROUTE_UPLOAD)))
        return "ROUTE_JSON_BODY takes a POST only, with ROUTE_JSON and ROUTE_NO_SESSION (no cookie, no CSRF)";
    if ((rt->flags & ROUTE_UPLOAD) && !(rt->methods & HTTP_POST)) return "ROUTE_UPLOAD without POST";
    if ((rt->flags & ROUTE_PAGE_CACHE) && (rt->methods != HTTP_GET || (rt->flags & ROUTE_NO_DB)))
        return "ROUTE_PAGE_CACHE on a route that is not a GET with a store (the cache reads the change counter)";
    if ((rt->flags & ROUTE_COUNT_VIEW) && (rt->methods != HTTP_GET || !strstr(rt->pattern, "{")))
        return "ROUTE_COUNT_VIEW on a route that is not a GET with the item in its path";
    if (rt->n_fields && !rt->fields) return "n_fields without fields";
    for (size_t i = 0; i < rt->n_fields; i++)
        if (rt->fields[i].type == FIELD_FILE && !(rt->flags & ROUTE_UPLOAD)) return "a file field without ROUTE_UPLOAD";
    if (rt->n_fields && !(rt->methods & (HTTP_POST | HTTP_PUT))) return "form fields on a route that takes no body";
    if ((unsigned)rt->action >= ACT__MAX) return "an action outside the rule table";
    if (rt->n_query && !rt->query) return "n_query without query";
    const char *flaw = table_flaw(rt->fields, rt->n_fields);
    if (!flaw) flaw = table_flaw(rt->query, rt->n_query);
    return flaw;
}

dl_err router_check_table(const struct route *table, size_t n, dl_error *e)
{
    for (size_t i = 0; i < n; i++) {
        const char *why = route_contradiction(&table[i]);
        if (why)
            return dl_fail(e, DL_EINTERNAL, "route %zu (%s): %s", i,
                           table[i].pattern ? table[i].pattern : "(no pattern)", why);
    }
    return DL_OK;
}

const form_value *query_at(const request *r, size_t i) { return form_at(&r->query, i); }

/* The route's declared query parameters into r->query; 0 (and a 400 naming
 * the parameter) for a repeated one or a value that breaks its rule. */
static int parse_query(request *r, const struct route *rt)
{
    dl_error e = {0};
    dl_error_clear(&e);
    dl_err rc = query_parse_tr(r->a, r->raw_query, strlen(r->raw_query), rt->query, rt->n_query,
                               i18n_translate_cb, r, &r->query, &e);
    if (rc != DL_OK) {
        res_error(r, body_failure(rc), e.msg[0] ? e.msg : "Adressen kunde inte läsas.");
        return 0;
    }
    if (r->query.n_errors) {
        res_error(r, DL_EREQUEST, r->query.first_error);
        return 0;
    }
    return 1;
}

/* Where a page's RDF document is (path + ".ttl" …) when the Accept header
 * prefers one of them to HTML; NULL for the page itself (also when nothing
 * offered fits: the page, as before) or a path that is a document already. */
static const char *rdf_document_location(request *r)
{
    static const char *const offers[] = {"text/html", "text/turtle", "application/rdf+xml", "application/ld+json", NULL};
    _Static_assert(RDF_TURTLE == 0 && RDF_XML == 1 && RDF_JSONLD == 2, "offers[k + 1] is rdf_formats[k]");
    const char *last = strrchr(r->path, '/');
    if (!last || strchr(last, '.')) return NULL;
    int pick = accept_media_pick(req_header(r, "Accept"), offers);
    if (pick < 1) return NULL;
    return arena_printf(r->a, "%s.%s", r->path, rdf_formats[pick - 1].ext);
}

void router_dispatch(request *r)
{
    page_cache_ticket ticket = {.usable = 0};
    int headers_before = 0;
    /* Refusals of the address itself answer as the client asks, too. */
    r->wants_json = wants_json(r, NULL) || strncmp(r->path, "/api/", 5) == 0;
    pick_language(r);
    if (!decode_target(r)) return;
    const struct route *match = NULL;
    unsigned allowed = 0;
    for (size_t i = 0; i < n_routes; i++) {
        const struct route *rt = &routes[i];
        /* a later route that also matches (for the Allow header) must not
         * overwrite the parameters of the one chosen */
        const char *params[4];
        size_t lens[4];
        int n = path_match(rt->pattern, r->path, params, lens, 4);
        if (n < 0) continue;
        unsigned m = rt->methods | ((rt->methods & HTTP_GET) ? HTTP_HEAD : 0);
        allowed |= m;
        if ((m & r->method) && !match) {
            match = rt;
            r->n_params = n;
            memcpy(r->params, params, sizeof params);
            memcpy(r->param_lens, lens, sizeof lens);
        }
    }
    r->wants_json = wants_json(r, match);
    if (!match) {
        pick_language(r);
        if (!allowed) { res_error(r, DL_ENOTFOUND, "Sidan finns inte."); return; }
        res_header(r, "Allow", method_list(r->a, allowed));
        res_error(r, DL_EMETHOD, "Metoden stöds inte för den här adressen.");
        return;
    }
    r->route_name = match->pattern;
    r->secret_path = (match->flags & ROUTE_SECRET_PATH) != 0;
    if (!(match->flags & ROUTE_NO_DB)) r->db = db_pool_acquire(r->app->pool);
    if (r->db) form_origins_refresh(r->db, clock_now());
    /* The counter before anything the page shows, the viewer's grants too. */
    if (match->flags & ROUTE_PAGE_CACHE) page_cache_start(r->app->pages, r, &ticket);
    pick_language(r); /* before the session: its refusals (a bad API token) speak the request's language */
    if (!(match->flags & ROUTE_NO_SESSION)) session_web_load(r);
    if (r->res.status) goto out; /* session loading answered (store error) */

    if (r->method != HTTP_GET && r->method != HTTP_HEAD && !check_csrf_and_fields(r, match)) goto out;
    /* Who may call the route at all comes from the action's rule; the
     * handler then asks authz_may() about the object. */
    if (r->user_id == 0 && authz_action_needs_sign_in(match->action)) {
        if ((r->method == HTTP_GET || r->method == HTTP_HEAD) && !r->wants_json) {
            strbuf loc;
            sb_init(&loc, 64);
            sb_puts(&loc, "/login?next=");
            url_component_escape_append(&loc, r->path, strlen(r->path));
            res_redirect(r, sb_cstr(&loc));
            sb_free(&loc);
        } else {
            res_error(r, DL_EAUTH, "Du behöver logga in för att göra det här.");
        }
        goto out;
    }
    if (!authz_may_somewhere(&r->subject, match->action)) {
        res_error(r, DL_EDENIED, refusal_message(r, match->action));
        goto out;
    }
    if (match->n_query && !parse_query(r, match)) goto out;
    /* A harvester asking a page for RDF gets its document, never the
     * browser's HTML kept under the same path. */
    if (match->flags & ROUTE_RDF_CONNEG) {
        r->vary_accept = 1;
        const char *to = (match->flags & ROUTE_PAGE_CACHE) ? rdf_document_location(r) : NULL;
        if (to) { res_redirect(r, to); goto out; }
    }
    /* Every check above ran; a kept page stands in for the handler only. */
    if ((match->flags & ROUTE_PAGE_CACHE) && page_cache_serve(r->app->pages, r, &ticket)) {
        res_header(r, "X-Page-Cache", "hit");
        page_cache_revalidate(r, &ticket);
        goto out;
    }
    headers_before = r->res.n_headers;
    match->handler(r);
    if (!r->res.status) res_error(r, DL_EINTERNAL, "Servern gav inget svar.");
    else if (ticket.usable) {
        page_cache_keep(r->app->pages, r, &ticket, headers_before);
        res_header(r, "X-Page-Cache", "miss");
        page_cache_revalidate(r, &ticket);
    }
out:
    /* After the answer is settled, whichever way it came: a kept page and a 304 count too. */
    if (match->flags & ROUTE_COUNT_VIEW) guide_views_note(r->app ? r->app->views : NULL, r);
    if (r->db) {
        db_pool_release(r->app->pool, r->db);
        r->db = NULL;
    }
}

void router_reject_early(request *r, const char *route_name, dl_err code, const char *message_sv)
{
    r->route_name = route_name;
    r->wants_json = wants_json(r, NULL) || (r->path && strncmp(r->path, "/api/", 5) == 0);
    pick_language(r);
    res_error(r, code, message_sv);
}

void router_reject_body(request *r)
{
    router_reject_early(r, "body-too-large", DL_ELIMIT, "Det som skickades är för stort.");
}

void router_finish_headers(request *r)
{
    /* form-action also names the OpenID providers a sign-out or a link
     * button redirects to (web/form_origins.h). */
    char providers[FORM_ORIGINS_MAX], csp[FORM_ORIGINS_MAX + 256];
    form_origins_copy(providers, sizeof providers);
    snprintf(csp, sizeof csp,
             "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
             "media-src 'self'; form-action 'self'%s; frame-ancestors 'none'; base-uri 'none'", providers);
    res_header(r, "Content-Security-Policy", csp);
    res_header(r, "X-Content-Type-Options", "nosniff");
    res_header(r, "X-Frame-Options", "DENY");
    res_header(r, "Referrer-Policy", "same-origin");
    res_header(r, "Content-Language", r->lang == LANG_EN ? "en" : "sv");
    if (r->app->secure) res_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (!r->res.cacheable) res_header(r, "Cache-Control", "no-store");
    if (r->vary_accept) res_header(r, "Vary", "Accept");
}
