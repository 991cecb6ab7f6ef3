/* test_oidc_rules.c — core/oidc_rules.c, the OpenID Connect decisions that
 * need no I/O (issue 17): the refusal table against the statuses the spec
 * names, the password policy table written out by hand, provider and claim
 * names (hostile ones too), what a verified payload gives — display name,
 * e-mail only when email_verified is the JSON true, the link value, the new
 * username from a SHA-256 this test computes with OpenSSL — and the grants
 * the mapped claims give. */
#include "test.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "core/oidc_rules.h"

/* --- the refusal table ------------------------------------------------------ */

TEST(oidc_rules_every_refusal_has_key_code_and_sentence)
{
    /* By hand from docs (spec of issue 17): the audit key and the status. */
    static const struct {
        oidc_refusal r;
        const char *key;
        dl_err code;
    } want[] = {
        {OIDC_REFUSE_STATE_MISSING, "state_missing", DL_EREQUEST},   /* 400 */
        {OIDC_REFUSE_STATE_UNKNOWN, "state_unknown", DL_EREQUEST},   /* 400 */
        {OIDC_REFUSE_STATE_USED, "state_used", DL_EREQUEST},         /* 400 */
        {OIDC_REFUSE_STATE_EXPIRED, "state_expired", DL_EREQUEST},   /* 400 */
        {OIDC_REFUSE_STATE_BROWSER, "state_browser", DL_EREQUEST},   /* 400 */
        {OIDC_REFUSE_PROVIDER_ERROR, "provider_error", DL_EUPSTREAM}, /* 502 */
        {OIDC_REFUSE_PROVIDER_DOWN, "provider_down", DL_EUPSTREAM},  /* 502 */
        {OIDC_REFUSE_TOKEN_INVALID, "token_invalid", DL_EAUTH},      /* 401 */
        {OIDC_REFUSE_NO_ACCOUNT, "no_account", DL_EDENIED},          /* 403 */
        {OIDC_REFUSE_DISABLED, "disabled", DL_EDENIED},
        {OIDC_REFUSE_SUBJECT_TAKEN, "subject_taken", DL_ECONFLICT},
        {OIDC_REFUSE_ALREADY_LINKED, "already_linked", DL_ECONFLICT},
        {OIDC_REFUSE_NOT_CONFIGURED, "not_configured", DL_ENOTFOUND},
        {OIDC_REFUSE_LINK_SESSION, "link_session", DL_EDENIED},      /* 403 */
    };
    CHECK_INT_EQ(sizeof want / sizeof want[0], OIDC_REFUSE__MAX);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const oidc_refusal_rule *rule = oidc_refusal_rule_of(want[i].r);
        CHECK(rule != NULL);
        CHECK_STR_EQ(rule->key, want[i].key);
        CHECK_INT_EQ(rule->code, want[i].code);
        CHECK(rule->message != NULL);
        /* A sentence: capital letter, at least a few words, ends with a full stop. */
        CHECK(strlen(rule->message) > 20);
        CHECK(rule->message[0] >= 'A' && rule->message[0] <= 'Z');
        CHECK_INT_EQ(rule->message[strlen(rule->message) - 1], '.');
        /* It never names which check of the token failed. */
        CHECK_NOT_CONTAINS(rule->message, "nonce");
        CHECK_NOT_CONTAINS(rule->message, "signat");
    }
    CHECK(oidc_refusal_rule_of(OIDC_REFUSE__MAX) == NULL);
    CHECK(oidc_refusal_rule_of((oidc_refusal)-1) == NULL);
}

TEST(oidc_rules_refusal_keys_and_sentences_are_unique)
{
    for (int i = 0; i < OIDC_REFUSE__MAX; i++)
        for (int j = i + 1; j < OIDC_REFUSE__MAX; j++) {
            const oidc_refusal_rule *a = oidc_refusal_rule_of((oidc_refusal)i), *b = oidc_refusal_rule_of((oidc_refusal)j);
            if (strcmp(a->key, b->key) == 0) test_fail(__FILE__, __LINE__, "key %s twice (%d, %d)", a->key, i, j);
            if (strcmp(a->message, b->message) == 0) test_fail(__FILE__, __LINE__, "sentence twice (%d, %d)", i, j);
            /* Keys are [a-z_] so an audit detail can start with one. */
            for (const char *k = a->key; *k; k++) CHECK((*k >= 'a' && *k <= 'z') || *k == '_');
        }
}

/* --- the password policy ---------------------------------------------------- */

TEST(oidc_rules_password_policy_table_by_hand)
{
    /* policy, applicant may, staff may */
    static const struct { oidc_password_policy p; const char *key; int applicant, staff; } rows[] = {
        {OIDC_PASSWORDS_EVERYONE, "everyone", 1, 1},
        {OIDC_PASSWORDS_APPLICANTS, "applicants", 1, 0},
        {OIDC_PASSWORDS_STAFF, "staff", 0, 1},
        {OIDC_PASSWORDS_NOBODY, "nobody", 0, 0},
    };
    CHECK_INT_EQ(sizeof rows / sizeof rows[0], OIDC_PASSWORDS__MAX);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        CHECK_STR_EQ(oidc_password_policy_keys[rows[i].p], rows[i].key);
        CHECK_INT_EQ(oidc_password_policy_parse(rows[i].key), rows[i].p);
        CHECK_INT_EQ(oidc_password_allowed(rows[i].p, 0), rows[i].applicant);
        CHECK_INT_EQ(oidc_password_allowed(rows[i].p, 1), rows[i].staff);
        CHECK_INT_EQ(oidc_password_allowed(rows[i].p, 7), rows[i].staff); /* any non-zero is staff */
    }
    CHECK(oidc_password_policy_keys[OIDC_PASSWORDS__MAX] == NULL);
    /* Out of range: nobody may. */
    CHECK_INT_EQ(oidc_password_allowed(OIDC_PASSWORDS__MAX, 0), 0);
    CHECK_INT_EQ(oidc_password_allowed(OIDC_PASSWORDS__MAX, 1), 0);
    CHECK_INT_EQ(oidc_password_allowed((oidc_password_policy)-1, 0), 0);
}

TEST(oidc_rules_password_policy_parse_refuses_hostile_strings)
{
    static const char *const bad[] = {
        "", " everyone", "everyone ", "Everyone", "EVERYONE", "every", "everyonex", "nobody\n",
        "applicant", "staffs", "' OR 1=1 --", "alla", "evéryone", "everyone\t", "%65veryone", "1", "0",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (oidc_password_policy_parse(bad[i]) != -1) test_fail(__FILE__, __LINE__, "\"%s\" was taken", bad[i]);
    CHECK_INT_EQ(oidc_password_policy_parse(NULL), -1);
    char longkey[5000];
    memset(longkey, 'e', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    CHECK_INT_EQ(oidc_password_policy_parse(longkey), -1);
    /* A key followed by a NUL and more is still that key (C strings). */
    CHECK_INT_EQ(oidc_password_policy_parse("staff\0nobody"), OIDC_PASSWORDS_STAFF);
}

/* --- names ------------------------------------------------------------------- */

TEST(oidc_rules_provider_names)
{
    char max[OIDC_NAME_MAX + 2];
    memset(max, 'a', OIDC_NAME_MAX);
    max[OIDC_NAME_MAX] = '\0';
    CHECK_INT_EQ(OIDC_NAME_MAX, 32);
    CHECK_INT_EQ(oidc_provider_name_valid(max), 1);
    max[OIDC_NAME_MAX] = 'a';
    max[OIDC_NAME_MAX + 1] = '\0';
    CHECK_INT_EQ(oidc_provider_name_valid(max), 0); /* 33 */
    static const char *const good[] = {"a", "google", "region-idp", "idp2", "0", "x-", "a--b"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!oidc_provider_name_valid(good[i])) test_fail(__FILE__, __LINE__, "\"%s\" refused", good[i]);
    static const char *const bad[] = {
        "", "-", "-idp", "Google", "idP", "a b", "a_b", "a.b", "a/b", "idp\n", "\tidp", "a\x7f", "å", "idp-ä",
        "../x", "a;b", "%41", "idp?x=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (oidc_provider_name_valid(bad[i])) test_fail(__FILE__, __LINE__, "\"%s\" taken", bad[i]);
    CHECK_INT_EQ(oidc_provider_name_valid(NULL), 0);
}

TEST(oidc_rules_claim_names)
{
    char c[70];
    memset(c, 'g', 64);
    c[64] = '\0';
    CHECK_INT_EQ(oidc_claim_name_valid(c), 1);
    c[64] = 'g';
    c[65] = '\0';
    CHECK_INT_EQ(oidc_claim_name_valid(c), 0);
    static const char *const good[] = {
        "groups", "email", "Groups", "hsa_id", "urn:oid:1.2.752.29.4.19", "https://example.org/claims/roles",
        "-x", "a-b", "A", "9",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!oidc_claim_name_valid(good[i])) test_fail(__FILE__, __LINE__, "\"%s\" refused", good[i]);
    static const char *const bad[] = {
        "", " ", "a b", "groups\n", "\tgroups", "gro\x01ups", "g\x7f", "gruppér", "名前", "a\"b", "a'b", "a;b",
        "a,b", "a=b", "a?b", "a#b", "a%b", "a\\b", "a*b",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (oidc_claim_name_valid(bad[i])) test_fail(__FILE__, __LINE__, "\"%s\" taken", bad[i]);
    CHECK_INT_EQ(oidc_claim_name_valid(NULL), 0);
}

/* --- the identity of a payload ------------------------------------------------ */

#define ISS "https://idp.region.example"

/* provider-<first 12 hex of SHA-256(sub)>, by OpenSSL here. */
static void expected_username(const char *provider, const char *sub, char *out, size_t cap)
{
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)sub, strlen(sub), d);
    char hex[13];
    for (int i = 0; i < 6; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
    snprintf(out, cap, "%s-%s", provider, hex);
}

static dl_err identity(arena *a, const char *payload, const char *link_claim, oidc_identity *id)
{
    dl_error e = {0};
    return oidc_identity_of(payload, ISS, "sub-1", "region", link_claim, "username", a, id, &e);
}

TEST(oidc_rules_identity_name_and_username)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    dl_error e = {0};
    CHECK_INT_EQ(oidc_identity_of("{\"sub\":\"248289761001\",\"name\":\"Åsa Öberg\",\"given_name\":\"X\","
                                  "\"family_name\":\"Y\"}",
                                  ISS, "248289761001", "region", "", "", a, &id, &e),
                 DL_OK);
    CHECK_STR_EQ(id.issuer, ISS);
    CHECK_STR_EQ(id.subject, "248289761001");
    CHECK_STR_EQ(id.display_name, "Åsa Öberg");
    CHECK_STR_EQ(id.email, "");
    CHECK(id.link_value == NULL);
    char want[64];
    expected_username("region", "248289761001", want, sizeof want);
    CHECK_STR_EQ(id.new_username, want);
    CHECK_INT_EQ(strlen(id.new_username), strlen("region-") + 12);
    /* The same subject at another provider's name: the same hash, that name. */
    CHECK_INT_EQ(oidc_identity_of("{}", ISS, "248289761001", "idp2", "", "", a, &id, &e), DL_OK);
    expected_username("idp2", "248289761001", want, sizeof want);
    CHECK_STR_EQ(id.new_username, want);
    /* Another subject: another hash. */
    CHECK_INT_EQ(oidc_identity_of("{}", ISS, "248289761002", "region", "", "", a, &id, &e), DL_OK);
    expected_username("region", "248289761002", want, sizeof want);
    CHECK_STR_EQ(id.new_username, want);
    /* A known vector: SHA-256("abc") = ba7816bf8f01cfea... */
    CHECK_INT_EQ(oidc_identity_of("{}", ISS, "abc", "x", "", "", a, &id, &e), DL_OK);
    CHECK_STR_EQ(id.new_username, "x-ba7816bf8f01");
    arena_free(a);
}

TEST(oidc_rules_identity_name_falls_back_to_given_and_family)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    CHECK_INT_EQ(identity(a, "{\"given_name\":\"Anna\",\"family_name\":\"Berg\"}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Anna Berg");
    CHECK_INT_EQ(identity(a, "{\"given_name\":\"Anna\"}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Anna");
    CHECK_INT_EQ(identity(a, "{\"family_name\":\"Berg\"}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Berg");
    CHECK_INT_EQ(identity(a, "{}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "");
    /* An empty or non-text name falls back too. */
    CHECK_INT_EQ(identity(a, "{\"name\":\"\",\"given_name\":\"Anna\",\"family_name\":\"Berg\"}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Anna Berg");
    CHECK_INT_EQ(identity(a, "{\"name\":[\"x\"],\"given_name\":\"Anna\",\"family_name\":\"Berg\"}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Anna Berg");
    CHECK_INT_EQ(identity(a, "{\"name\":null,\"given_name\":true,\"family_name\":\"Berg\"}", "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Berg");
    arena_free(a);
}

TEST(oidc_rules_identity_email_only_when_verified_is_true)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    CHECK_INT_EQ(identity(a, "{\"email\":\"anna@example.se\",\"email_verified\":true}", "", &id), DL_OK);
    CHECK_STR_EQ(id.email, "anna@example.se");
    static const char *const unverified[] = {
        "{\"email\":\"anna@example.se\"}",
        "{\"email\":\"anna@example.se\",\"email_verified\":false}",
        "{\"email\":\"anna@example.se\",\"email_verified\":\"true\"}",
        "{\"email\":\"anna@example.se\",\"email_verified\":1}",
        "{\"email\":\"anna@example.se\",\"email_verified\":null}",
        "{\"email\":\"anna@example.se\",\"email_verified\":[true]}",
        "{\"email\":\"anna@example.se\",\"email_verified\":{\"v\":true}}",
        "{\"email\":\"anna@example.se\",\"Email_verified\":true}",
    };
    for (size_t i = 0; i < sizeof unverified / sizeof unverified[0]; i++) {
        CHECK_INT_EQ(identity(a, unverified[i], "", &id), DL_OK);
        if (strcmp(id.email, "") != 0) test_fail(__FILE__, __LINE__, "email taken from %s", unverified[i]);
    }
    /* Verified, but not usable text. */
    CHECK_INT_EQ(identity(a, "{\"email\":\"a\\nb@x.se\",\"email_verified\":true}", "", &id), DL_OK);
    CHECK_STR_EQ(id.email, "");
    arena_free(a);
}

TEST(oidc_rules_identity_link_value)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    CHECK_INT_EQ(identity(a, "{\"hsa_id\":\"SE2321000016-1234\"}", "hsa_id", &id), DL_OK);
    CHECK_STR_EQ(id.link_value, "SE2321000016-1234");
    CHECK_INT_EQ(identity(a, "{\"employee\":1234567}", "employee", &id), DL_OK);
    CHECK_STR_EQ(id.link_value, "1234567");
    CHECK_INT_EQ(identity(a, "{\"employee\":-42}", "employee", &id), DL_OK);
    CHECK_STR_EQ(id.link_value, "-42");
    CHECK_INT_EQ(identity(a, "{\"employee\":9007199254740993}", "employee", &id), DL_OK);
    CHECK_STR_EQ(id.link_value, "9007199254740993");
    /* Neither string nor integer: no link value. */
    static const char *const none[] = {
        "{\"employee\":1.5}", "{\"employee\":true}", "{\"employee\":null}", "{\"employee\":[\"1\"]}",
        "{\"employee\":{}}", "{\"employee\":\"\"}", "{}", "{\"Employee\":\"1\"}",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        CHECK_INT_EQ(identity(a, none[i], "employee", &id), DL_OK);
        if (id.link_value) test_fail(__FILE__, __LINE__, "link value \"%s\" from %s", id.link_value, none[i]);
    }
    /* No link claim configured: none, even when the payload has the claim. */
    CHECK_INT_EQ(identity(a, "{\"employee\":\"1\"}", "", &id), DL_OK);
    CHECK(id.link_value == NULL);
    CHECK_INT_EQ(identity(a, "{\"employee\":\"1\"}", NULL, &id), DL_OK);
    CHECK(id.link_value == NULL);
    arena_free(a);
}

TEST(oidc_rules_identity_email_link_claim_needs_verification)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    CHECK_INT_EQ(identity(a, "{\"email\":\"anna@example.se\",\"email_verified\":true}", "email", &id), DL_OK);
    CHECK_STR_EQ(id.link_value, "anna@example.se");
    CHECK_INT_EQ(identity(a, "{\"email\":\"anna@example.se\",\"email_verified\":false}", "email", &id), DL_OK);
    CHECK(id.link_value == NULL);
    CHECK_INT_EQ(identity(a, "{\"email\":\"anna@example.se\",\"email_verified\":\"true\"}", "email", &id), DL_OK);
    CHECK(id.link_value == NULL);
    CHECK_INT_EQ(identity(a, "{\"email\":\"anna@example.se\"}", "email", &id), DL_OK);
    CHECK(id.link_value == NULL);
    /* Another claim that happens to hold an address is the admin's choice. */
    CHECK_INT_EQ(identity(a, "{\"upn\":\"anna@example.se\"}", "upn", &id), DL_OK);
    CHECK_STR_EQ(id.link_value, "anna@example.se");
    arena_free(a);
}

TEST(oidc_rules_identity_ignores_oversized_and_control_claims)
{
    arena *a = arena_new(8192);
    oidc_identity id;
    char big[OIDC_CLAIM_TEXT_MAX + 2], payload[1200];
    CHECK_INT_EQ(OIDC_CLAIM_TEXT_MAX, 256);
    memset(big, 'n', sizeof big - 1);
    big[sizeof big - 1] = '\0'; /* 257 */
    snprintf(payload, sizeof payload,
             "{\"name\":\"%s\",\"given_name\":\"Anna\",\"family_name\":\"Berg\",\"email\":\"%s\",\"email_verified\":true,"
             "\"emp\":\"%s\"}",
             big, big, big);
    CHECK_INT_EQ(identity(a, payload, "emp", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "Anna Berg");
    CHECK_STR_EQ(id.email, "");
    CHECK(id.link_value == NULL);
    big[OIDC_CLAIM_TEXT_MAX] = '\0'; /* exactly 256: kept */
    snprintf(payload, sizeof payload, "{\"name\":\"%s\",\"emp\":\"%s\"}", big, big);
    CHECK_INT_EQ(identity(a, payload, "emp", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, big);
    CHECK_STR_EQ(id.link_value, big);
    /* 256 bytes of two-byte UTF-8 is 128 characters and fits; 258 bytes does not. */
    char utf[600] = "";
    for (int i = 0; i < 128; i++) strcat(utf, "ä");
    snprintf(payload, sizeof payload, "{\"name\":\"%s\"}", utf);
    CHECK_INT_EQ(identity(a, payload, "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, utf);
    strcat(utf, "ä");
    snprintf(payload, sizeof payload, "{\"name\":\"%s\",\"given_name\":\"G\"}", utf);
    CHECK_INT_EQ(identity(a, payload, "", &id), DL_OK);
    CHECK_STR_EQ(id.display_name, "G");
    /* Control characters, escaped in the JSON: the claim is ignored. */
    static const char *const ctl[] = {"Anna\\nBerg", "Anna\\u0007", "\\tAnna", "Anna\\u001b[31m", "Anna\\u007f",
                                      "\\r"};
    for (size_t i = 0; i < sizeof ctl / sizeof ctl[0]; i++) {
        snprintf(payload, sizeof payload,
                 "{\"name\":\"%s\",\"given_name\":\"Ok\",\"email\":\"%s\",\"email_verified\":true,\"emp\":\"%s\"}", ctl[i],
                 ctl[i], ctl[i]);
        CHECK_INT_EQ(identity(a, payload, "emp", &id), DL_OK);
        if (strcmp(id.display_name, "Ok") != 0) test_fail(__FILE__, __LINE__, "name from %s", ctl[i]);
        if (*id.email) test_fail(__FILE__, __LINE__, "email from %s", ctl[i]);
        if (id.link_value) test_fail(__FILE__, __LINE__, "link value from %s", ctl[i]);
    }
    arena_free(a);
}

TEST(oidc_rules_identity_malformed_payload_is_einval)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    static const char *const bad[] = {
        "", "not json", "[]", "[{\"name\":\"x\"}]", "\"{}\"", "null", "42", "true", "{", "{\"name\":\"x\"",
        "{\"name\":\"a\",\"name\":\"b\"}", /* duplicate keys */
        "{\"name\":\"a\\u0000b\"}",        /* a NUL inside a string */
        "{\"name\":\"\xff\xfe\"}",          /* not UTF-8 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dl_error e = {0};
        dl_err rc = oidc_identity_of(bad[i], ISS, "s", "region", "", "", a, &id, &e);
        if (rc != DL_EINVAL) test_fail(__FILE__, __LINE__, "payload %s gave %d", bad[i], (int)rc);
        if (rc == DL_EINVAL && !e.msg[0]) test_fail(__FILE__, __LINE__, "no sentence for %s", bad[i]);
    }
    dl_error e = {0};
    CHECK_INT_EQ(oidc_identity_of(NULL, ISS, "s", "region", "", "", a, &id, &e), DL_EINVAL);
    arena_free(a);
}

/* --- mapped grants --------------------------------------------------------------- */

static const oidc_role_map MAPS[] = {
    {1, "groups", "registrars", ROLE_REGISTRAR, 5, "Enhet A"},
    {2, "groups", "coordinators", ROLE_COORDINATOR, 5, "Enhet A"},
    {3, "roles", "admin", ROLE_ADMIN, 0, ""},
    {4, "groups", "reg-alias", ROLE_REGISTRAR, 5, "Enhet A"}, /* the same grant as map 1 */
    {5, "groups", "registrars", ROLE_REGISTRAR, 7, "Enhet B"}, /* same role, other node */
};
#define N_MAPS ((int)(sizeof MAPS / sizeof MAPS[0]))

static int has(const oidc_grant *g, int n, dl_role role, int64_t node)
{
    int k = 0;
    for (int i = 0; i < n; i++) k += g[i].role == role && g[i].node_id == node;
    return k;
}

TEST(oidc_rules_grants_from_string_and_array_claims)
{
    oidc_grant g[16];
    int n = oidc_grants_of("{\"roles\":\"admin\"}", MAPS, N_MAPS, g, 16);
    CHECK_INT_EQ(n, 1);
    CHECK_INT_EQ(g[0].role, ROLE_ADMIN);
    CHECK_INT_EQ(g[0].node_id, 0);
    n = oidc_grants_of("{\"groups\":[\"x\",\"coordinators\"],\"roles\":[\"admin\"]}", MAPS, N_MAPS, g, 16);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(has(g, n, ROLE_COORDINATOR, 5), 1);
    CHECK_INT_EQ(has(g, n, ROLE_ADMIN, 0), 1);
    /* One value mapped at two nodes: both. */
    n = oidc_grants_of("{\"groups\":\"registrars\"}", MAPS, N_MAPS, g, 16);
    CHECK_INT_EQ(n, 2);
    CHECK_INT_EQ(has(g, n, ROLE_REGISTRAR, 5), 1);
    CHECK_INT_EQ(has(g, n, ROLE_REGISTRAR, 7), 1);
}

TEST(oidc_rules_grants_not_matching)
{
    oidc_grant g[16];
    static const char *const none[] = {
        "{}", "{\"groups\":\"Registrars\"}", "{\"groups\":\"registrars \"}", "{\"groups\":\"registrar\"}",
        "{\"groups\":\"registrarsX\"}", "{\"Groups\":\"registrars\"}", "{\"groups\":[]}", "{\"groups\":null}",
        "{\"groups\":{\"registrars\":true}}", "{\"groups\":[[\"registrars\"]]}", "{\"groups\":[{\"v\":\"registrars\"}]}",
        "{\"roles\":true}", "{\"nested\":{\"groups\":\"registrars\"}}",
        /* not an object, or malformed */
        "[\"registrars\"]", "\"registrars\"", "", "{\"groups\":\"registrars\"", "null",
        "{\"groups\":\"x\",\"groups\":\"registrars\"}", /* duplicate keys are refused as a whole */
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        int n = oidc_grants_of(none[i], MAPS, N_MAPS, g, 16);
        if (n != 0) test_fail(__FILE__, __LINE__, "%s gave %d grants", none[i], n);
    }
    CHECK_INT_EQ(oidc_grants_of(NULL, MAPS, N_MAPS, g, 16), 0);
    CHECK_INT_EQ(oidc_grants_of("{\"groups\":\"registrars\"}", MAPS, 0, g, 16), 0);
}

TEST(oidc_rules_grants_non_string_array_items_ignored)
{
    static const oidc_role_map maps[] = {{1, "groups", "1", ROLE_EDITOR, 0, ""}, {2, "groups", "true", ROLE_ADMIN, 0, ""}};
    oidc_grant g[4];
    CHECK_INT_EQ(oidc_grants_of("{\"groups\":[1,true,null,1.0,{},[]]}", maps, 2, g, 4), 0);
    CHECK_INT_EQ(oidc_grants_of("{\"groups\":1}", maps, 2, g, 4), 0);
    CHECK_INT_EQ(oidc_grants_of("{\"groups\":[1,\"1\"]}", maps, 2, g, 4), 1);
    CHECK_INT_EQ(g[0].role, ROLE_EDITOR);
}

TEST(oidc_rules_grants_duplicates_collapsed_and_max_respected)
{
    oidc_grant g[16];
    /* Map 1 and map 4 give the same grant. */
    int n = oidc_grants_of("{\"groups\":[\"registrars\",\"reg-alias\",\"registrars\"]}", MAPS, N_MAPS, g, 16);
    CHECK_INT_EQ(n, 2); /* registrar at 5 once, at 7 once */
    CHECK_INT_EQ(has(g, n, ROLE_REGISTRAR, 5), 1);
    CHECK_INT_EQ(has(g, n, ROLE_REGISTRAR, 7), 1);
    n = oidc_grants_of("{\"groups\":\"reg-alias\"}", MAPS, N_MAPS, g, 16);
    CHECK_INT_EQ(n, 1);
    /* Everything matches: four distinct grants; max cuts them. */
    const char *all = "{\"groups\":[\"registrars\",\"coordinators\",\"reg-alias\"],\"roles\":\"admin\"}";
    CHECK_INT_EQ(oidc_grants_of(all, MAPS, N_MAPS, g, 16), 4);
    oidc_grant small[3];
    memset(small, 0x5a, sizeof small);
    CHECK_INT_EQ(oidc_grants_of(all, MAPS, N_MAPS, small, 2), 2);
    /* Nothing written past max. */
    unsigned char *p = (unsigned char *)&small[2];
    for (size_t i = 0; i < sizeof small[2]; i++) CHECK_INT_EQ(p[i], 0x5a);
    CHECK_INT_EQ(oidc_grants_of(all, MAPS, N_MAPS, small, 0), 0);
}

/* A link by e-mail needs "email_verified": true whatever claim carries the
 * address ("nOAuth": an unverified upn or mail claim naming someone else's
 * address must not take that person's account). */
TEST(oidc_rules_email_link_needs_verification_whatever_the_claim)
{
    arena *a = arena_new(4096);
    oidc_identity id;
    dl_error e = {0};
    CHECK_INT_EQ(oidc_identity_of("{\"upn\":\"admin@region.example\"}", ISS, "s", "region", "upn", "email", a, &id, &e), DL_OK);
    CHECK(id.link_value == NULL);
    CHECK_INT_EQ(oidc_identity_of("{\"upn\":\"admin@region.example\",\"email_verified\":\"true\"}", ISS, "s", "region", "upn",
                                  "email", a, &id, &e), DL_OK);
    CHECK(id.link_value == NULL);
    CHECK_INT_EQ(oidc_identity_of("{\"upn\":\"admin@region.example\",\"email_verified\":true}", ISS, "s", "region", "upn",
                                  "email", a, &id, &e), DL_OK);
    CHECK_STR_EQ(id.link_value, "admin@region.example");
    /* By username, a claim such as an HSA id needs no e-mail verification. */
    CHECK_INT_EQ(oidc_identity_of("{\"hsa_id\":\"SE2321000016-1001\"}", ISS, "s", "region", "hsa_id", "username", a, &id, &e), DL_OK);
    CHECK_STR_EQ(id.link_value, "SE2321000016-1001");
    CHECK(!oidc_provider_name_valid("callback"));
    arena_free(a);
}
