/* fuzz_oidc_claims.c — feeds the input to what datalots reads from an
 * OpenID provider besides the ID token's signature (crypto/jwt.c has its
 * own target): a verified token's payload as claims (core/oidc_rules.h:
 * oidc_identity_of, oidc_grants_of), the same text as a discovery document
 * (oidc/oidc_client.h: oidc_discovery_parse), and as an address
 * (oidc_url_allowed). Invariants checked: every string read from the claims
 * is free of control characters and at most OIDC_CLAIM_TEXT_MAX bytes, an
 * e-mail only when "email_verified" is true, the grants never more than
 * asked nor repeated; a discovery document accepted names the issuer asked
 * for and https:// (or loopback http://) endpoints; an address accepted
 * starts with one of the allowed prefixes and holds no blank. */
#include "fuzz/fuzz.h"

#include <jansson.h>
#include <string.h>

#include "core/oidc_rules.h"
#include "oidc/oidc_client.h"

static int clean(const char *s)
{
    if (!s) return 1;
    if (strlen(s) > OIDC_CLAIM_TEXT_MAX * 2 + 1) return 0; /* a name may be given + " " + family */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 0;
    return 1;
}

static int allowed_prefix(const char *u)
{
    static const char *const ok[] = {"https://", "http://127.0.0.1", "http://localhost", "http://[::1]"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strncmp(u, ok[i], strlen(ok[i])) == 0) return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    arena *a = arena_new(4096);
    dl_error e = {0};
    oidc_identity id;
    if (oidc_identity_of(text, "https://idp", "sub-1", "region", "hsa_id", "username", a, &id, &e) == DL_OK) {
        FUZZ_CHECK(clean(id.display_name) && clean(id.email) && clean(id.link_value));
        FUZZ_CHECK(strncmp(id.new_username, "region-", 7) == 0 && strlen(id.new_username) == 19);
        if (*id.email) {
            json_t *doc = json_loads(text, 0, NULL);
            FUZZ_CHECK(json_is_true(json_object_get(doc, "email_verified")));
            json_decref(doc);
        }
    } else FUZZ_CHECK(e.msg[0] != '\0');
    static const oidc_role_map maps[] = {
        {1, "groups", "reg", ROLE_REGISTRAR, 1, ""}, {2, "groups", "reg", ROLE_REGISTRAR, 1, ""},
        {3, "hsa_id", "x", ROLE_EDITOR, 0, ""}, {4, "roles", "admin", ROLE_ADMIN, 0, ""}};
    oidc_grant got[3];
    int n = oidc_grants_of(text, maps, 4, got, 2);
    FUZZ_CHECK(n >= 0 && n <= 2);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) FUZZ_CHECK(got[i].role != got[j].role || got[i].node_id != got[j].node_id);
    oidc_endpoints ep;
    dl_error_clear(&e);
    if (oidc_discovery_parse(text, "https://idp", a, &ep, &e) == DL_OK) {
        FUZZ_CHECK(strcmp(ep.issuer, "https://idp") == 0);
        FUZZ_CHECK(allowed_prefix(ep.authorization) && allowed_prefix(ep.token) && allowed_prefix(ep.jwks_uri));
        FUZZ_CHECK(!*ep.end_session || allowed_prefix(ep.end_session));
    } else FUZZ_CHECK(e.msg[0] != '\0');
    if (oidc_url_allowed(text)) FUZZ_CHECK(allowed_prefix(text) && !strchr(text, ' ') && strlen(text) <= 2000);
    arena_free(a);
    free(text);
    return 0;
}
