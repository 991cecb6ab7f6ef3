/* oidc_provider_cache.c — a provider's discovery document and JWKS,
 * cached in the store (see oidc_provider_cache.h). */
#include "oidc/oidc_provider_cache.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

dl_err oidc_provider_endpoints(db *d, arena *a, oidc_provider *p, int64_t now, oidc_endpoints *out, dl_error *e)
{
    int fresh = p->discovery_json[0] && now - p->discovery_fetched_at < OIDC_DISCOVERY_SECONDS;
    if (fresh) return oidc_discovery_parse(p->discovery_json, p->issuer, a, out, e);
    /* The issuer without a trailing slash, then the well-known path
     * (OpenID Connect Discovery 1.0 §4). */
    size_t n = strlen(p->issuer);
    while (n && p->issuer[n - 1] == '/') n--;
    char *url = arena_printf(a, "%.*s/.well-known/openid-configuration", (int)n, p->issuer);
    if (!url) return dl_fail(e, DL_ENOMEM, "out of memory");
    char *body = NULL;
    dl_err rc = oidc_http_get(url, a, &body, e);
    if (rc == DL_OK) rc = oidc_discovery_parse(body, p->issuer, a, out, e);
    if (rc == DL_OK) {
        dl_error ignored = {0};
        if (oidc_provider_cache(d, p->id, body, NULL, now, &ignored) == DL_OK) {
            p->discovery_json = body;
            p->discovery_fetched_at = now;
        }
        return DL_OK;
    }
    if (p->discovery_json[0]) { /* stale, but the provider is down: what it said yesterday still holds */
        dl_error stale = {0};
        if (oidc_discovery_parse(p->discovery_json, p->issuer, a, out, &stale) == DL_OK) {
            /* Tried again only in OIDC_DISCOVERY_RETRY_SECONDS: the copy is
             * marked as fetched that much less than a day ago. */
            int64_t retry_at = now - OIDC_DISCOVERY_SECONDS + OIDC_DISCOVERY_RETRY_SECONDS;
            dl_error ignored = {0};
            if (oidc_provider_cache(d, p->id, p->discovery_json, NULL, retry_at, &ignored) == DL_OK)
                p->discovery_fetched_at = retry_at;
            dl_error_clear(e);
            return DL_OK;
        }
    }
    return rc;
}

static dl_err fetch_keys(db *d, arena *a, oidc_provider *p, const oidc_endpoints *ep, int64_t now, dl_error *e)
{
    char *body = NULL;
    dl_err rc = oidc_http_get(ep->jwks_uri, a, &body, e);
    if (rc != DL_OK) return rc;
    if (strlen(body) > JWT_MAX_BYTES)
        return dl_fail(e, DL_EUPSTREAM, "the provider's JWKS is larger than %d bytes", JWT_MAX_BYTES);
    json_t *doc = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
    json_t *keys = json_object_get(doc, "keys");
    int usable = json_is_array(keys) && json_array_size(keys) > 0;
    json_decref(doc);
    if (!usable) return dl_fail(e, DL_EUPSTREAM, "the provider's JWKS at %.200s is no JSON object with keys", ep->jwks_uri);
    dl_error ignored = {0};
    (void)oidc_provider_cache(d, p->id, NULL, body, now, &ignored); /* the next sign-in fetches again if it failed */
    p->jwks_json = body;
    p->jwks_fetched_at = now;
    return DL_OK;
}

dl_err oidc_provider_verify(db *d, arena *a, oidc_provider *p, const oidc_endpoints *ep, const char *token,
                            const jwt_expect *want, jwt_claims *out, dl_error *e)
{
    dl_err rc = DL_OK;
    int fetched = 0;
    if (!p->jwks_json[0]) {
        rc = fetch_keys(d, a, p, ep, want->now, e);
        if (rc != DL_OK) return rc;
        fetched = 1;
    }
    rc = jwt_verify_id_token(token, p->jwks_json, want, a, out, e);
    if (rc != DL_ENOTFOUND || fetched || want->now - p->jwks_fetched_at < OIDC_JWKS_REFETCH_SECONDS) return rc;
    /* The provider may have rolled its keys: once more with a fresh JWKS. */
    dl_error_clear(e);
    rc = fetch_keys(d, a, p, ep, want->now, e);
    if (rc != DL_OK) return rc;
    return jwt_verify_id_token(token, p->jwks_json, want, a, out, e);
}
