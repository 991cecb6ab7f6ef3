/* oidc_rules.c — the decisions of an OpenID Connect sign-in that need no
 * I/O (see oidc_rules.h): the refusal table, the password policy, the
 * claims read from a verified ID token and the roles they map to. */
#include "core/oidc_rules.h"
#include "crypto/token.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Reasons in enum order: the audit key, the error code (→ status), and the
 * sentence the person reads. A refusal says what to do next, never which
 * check of the token failed (that goes to the audit row and the log). */
static const oidc_refusal_rule refusal_rules[OIDC_REFUSE__MAX] = {
    [OIDC_REFUSE_STATE_MISSING] = {"state_missing", DL_EREQUEST,
                                   "Inloggningen kom tillbaka ofullständig. Logga in igen.", 1},
    [OIDC_REFUSE_STATE_UNKNOWN] = {"state_unknown", DL_EREQUEST,
                                   "Den här inloggningen känns inte igen. Logga in igen.", 1},
    [OIDC_REFUSE_STATE_USED] = {"state_used", DL_EREQUEST,
                                "Den här inloggningen är redan använd. Logga in igen.", 1},
    [OIDC_REFUSE_STATE_EXPIRED] = {"state_expired", DL_EREQUEST,
                                   "Inloggningen tog mer än tio minuter och har gått ut. Logga in igen.", 1},
    [OIDC_REFUSE_STATE_BROWSER] = {"state_browser", DL_EREQUEST,
                                   "Inloggningen började i en annan webbläsare. Logga in igen här.", 1},
    [OIDC_REFUSE_PROVIDER_ERROR] = {"provider_error", DL_EUPSTREAM,
                                    "Identitetstjänsten avbröt inloggningen. Försök igen, eller logga in med lösenord om du har ett.", 0},
    [OIDC_REFUSE_PROVIDER_DOWN] = {"provider_down", DL_EUPSTREAM,
                                   "Identitetstjänsten svarar inte just nu. Försök igen om en stund, eller logga in med lösenord om du har ett.", 1},
    [OIDC_REFUSE_TOKEN_INVALID] = {"token_invalid", DL_EAUTH,
                                   "Identitetstjänstens svar kunde inte godtas, så du är inte inloggad. Logga in igen; händer det igen, kontakta förvaltningen.", 0},
    [OIDC_REFUSE_NO_ACCOUNT] = {"no_account", DL_EDENIED,
                                "Ingen användare i datalots är kopplad till den här identiteten. Logga in med lösenord och koppla den under Konto, eller be administratören om ett konto.", 0},
    [OIDC_REFUSE_DISABLED] = {"disabled", DL_EDENIED,
                              "Kontot är avstängt. Kontakta administratören.", 0},
    [OIDC_REFUSE_SUBJECT_TAKEN] = {"subject_taken", DL_ECONFLICT,
                                   "Den här identiteten är redan kopplad till en annan användare i datalots.", 0},
    [OIDC_REFUSE_ALREADY_LINKED] = {"already_linked", DL_ECONFLICT,
                                    "Ditt konto är redan kopplat till en annan identitet. Be administratören ta bort den kopplingen först.", 0},
    [OIDC_REFUSE_LINK_SESSION] = {"link_session", DL_EDENIED,
                                  "Kopplingen började när någon annan var inloggad i den här webbläsaren. Logga in på ditt konto och koppla igen.", 0},
    [OIDC_REFUSE_NOT_CONFIGURED] = {"not_configured", DL_ENOTFOUND,
                                    "Den identitetstjänsten finns inte här, eller är inte färdiginställd. Välj en annan nedan, eller logga in med lösenord.", 1},
};
_Static_assert(sizeof refusal_rules / sizeof refusal_rules[0] == OIDC_REFUSE__MAX, "a rule for every refusal");

const oidc_refusal_rule *oidc_refusal_rule_of(oidc_refusal r)
{
    return (unsigned)r < OIDC_REFUSE__MAX ? &refusal_rules[r] : NULL;
}

const char *const oidc_password_policy_keys[OIDC_PASSWORDS__MAX + 1] = {
    [OIDC_PASSWORDS_EVERYONE] = "everyone",
    [OIDC_PASSWORDS_APPLICANTS] = "applicants",
    [OIDC_PASSWORDS_STAFF] = "staff",
    [OIDC_PASSWORDS_NOBODY] = "nobody",
    [OIDC_PASSWORDS__MAX] = NULL,
};

int oidc_password_policy_parse(const char *key)
{
    for (int i = 0; key && i < OIDC_PASSWORDS__MAX; i++)
        if (strcmp(key, oidc_password_policy_keys[i]) == 0) return i;
    return -1;
}

/* Policy × kind of account: may a password sign it in? */
static const unsigned char password_allowed[OIDC_PASSWORDS__MAX][2] = {
    /*                          applicant, staff */
    [OIDC_PASSWORDS_EVERYONE] = {1, 1},
    [OIDC_PASSWORDS_APPLICANTS] = {1, 0},
    [OIDC_PASSWORDS_STAFF] = {0, 1},
    [OIDC_PASSWORDS_NOBODY] = {0, 0},
};

int oidc_password_allowed(oidc_password_policy p, int is_staff)
{
    return (unsigned)p < OIDC_PASSWORDS__MAX && password_allowed[p][is_staff ? 1 : 0];
}

int oidc_provider_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > OIDC_NAME_MAX || name[0] == '-' || strcmp(name, "callback") == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '-')) return 0;
    return 1;
}

int oidc_claim_name_valid(const char *claim)
{
    size_t n = claim ? strlen(claim) : 0;
    if (n == 0 || n > 64) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = claim[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_:./-", c)))
            return 0;
    }
    return 1;
}

/* A claim's text, at most OIDC_CLAIM_TEXT_MAX bytes and without control
 * characters (it may become a display name or be matched); NULL otherwise.
 * Numbers count as their decimal text (an HSA id or employee number may be
 * sent as one). */
static const char *claim_text(json_t *payload, const char *claim, arena *a)
{
    json_t *v = json_object_get(payload, claim);
    char num[32];
    const char *s = NULL;
    if (json_is_string(v)) s = json_string_value(v);
    else if (json_is_integer(v)) {
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        s = num;
    }
    if (!s || !*s || strlen(s) > OIDC_CLAIM_TEXT_MAX) return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return NULL;
    return arena_strdup(a, s);
}

dl_err oidc_identity_of(const char *payload_json, const char *issuer, const char *subject,
                        const char *provider_name, const char *link_claim, const char *link_to, arena *a,
                        oidc_identity *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    json_t *payload = json_loads(payload_json ? payload_json : "", JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(payload)) {
        json_decref(payload);
        return dl_fail(e, DL_EINVAL, "the ID token's payload is no JSON object");
    }
    out->issuer = issuer;
    out->subject = subject;
    const char *name = claim_text(payload, "name", a);
    if (!name) {
        const char *given = claim_text(payload, "given_name", a), *family = claim_text(payload, "family_name", a);
        if (given && family) name = arena_printf(a, "%s %s", given, family);
        else name = given ? given : family;
    }
    out->display_name = name ? name : "";
    const char *email = claim_text(payload, "email", a);
    out->email = email && json_is_true(json_object_get(payload, "email_verified")) ? email : "";
    out->link_value = link_claim && *link_claim ? claim_text(payload, link_claim, a) : NULL;
    /* A link by e-mail only when the provider vouches for the address,
     * whichever claim carries it. */
    int vouched = json_is_true(json_object_get(payload, "email_verified"));
    if (out->link_value && ((link_to && strcmp(link_to, "email") == 0) || strcmp(link_claim, "email") == 0) && !vouched)
        out->link_value = NULL;
    char hash[65];
    sha256_hex(subject ? subject : "", subject ? strlen(subject) : 0, hash);
    out->new_username = arena_printf(a, "%s-%.12s", provider_name, hash);
    json_decref(payload);
    if (!out->display_name || !out->new_username) return dl_fail(e, DL_ENOMEM, "out of memory");
    return DL_OK;
}

static int claim_holds(json_t *payload, const char *claim, const char *value)
{
    json_t *v = json_object_get(payload, claim);
    if (json_is_string(v)) return strcmp(json_string_value(v), value) == 0;
    if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) if (json_is_string(item) && strcmp(json_string_value(item), value) == 0) return 1;
    }
    return 0;
}

int oidc_grants_of(const char *payload_json, const oidc_role_map *maps, int n_maps, oidc_grant *out, int max)
{
    json_t *payload = json_loads(payload_json ? payload_json : "", JSON_REJECT_DUPLICATES, NULL);
    int n = 0;
    for (int i = 0; json_is_object(payload) && i < n_maps && n < max; i++) {
        if (!claim_holds(payload, maps[i].claim, maps[i].value)) continue;
        int seen = 0;
        for (int j = 0; j < n && !seen; j++) seen = out[j].role == maps[i].role && out[j].node_id == maps[i].node_id;
        if (!seen) out[n++] = (oidc_grant){maps[i].role, maps[i].node_id};
    }
    json_decref(payload);
    return n;
}
