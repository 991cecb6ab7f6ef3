/* test_age_keys.c — age X25519 keys as text (src/crypto/age_keys.c):
 * parsing recipients and identities against real age's output, the case and
 * prefix rules, key generation, and the failure-category names. */
#include "test.h"

#include <sodium.h>

#include "crypto/age.h"
#include "crypto/bech32.h"

/* The identity of shared/testdata/age-testkit/x25519 (its "identity:" line)
 * and its recipient as printed by the real age, obtained with
 *   echo AGE-SECRET-KEY-1EGTZ…LM0 | age-keygen -y
 * (Debian's age 1.1.1). */
#define TESTKIT_IDENTITY "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define TESTKIT_RECIPIENT "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"

/* The example pair of shared/specs/age-v1.md ("The X25519 recipient type");
 * age-keygen -y prints this recipient for this identity too. */
#define SPEC_IDENTITY "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
#define SPEC_RECIPIENT "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"

TEST(agekeys_testkit_identity_matches_age_keygen)
{
    age_identity id;
    dl_error e;
    CHECK_INT_EQ(age_parse_identity(TESTKIT_IDENTITY, &id, &e), DL_OK);
    CHECK_INT_EQ(id.kind, AGE_X25519);
    char rcpt[AGE_RECIPIENT_MAX];
    CHECK_INT_EQ(age_identity_recipient(&id, rcpt, &e), DL_OK);
    CHECK_STR_EQ(rcpt, TESTKIT_RECIPIENT);

    /* The parsed recipient holds X25519(identity, basepoint). */
    age_recipient r;
    CHECK_INT_EQ(age_parse_recipient(TESTKIT_RECIPIENT, &r, &e), DL_OK);
    CHECK_INT_EQ(r.kind, AGE_X25519);
    CHECK(sodium_init() >= 0);
    uint8_t pk[32];
    CHECK_INT_EQ(crypto_scalarmult_base(pk, id.secret_key), 0);
    CHECK(memcmp(pk, r.public_key, 32) == 0);
}

TEST(agekeys_spec_example_pair)
{
    age_identity id;
    dl_error e;
    CHECK_INT_EQ(age_parse_identity(SPEC_IDENTITY, &id, &e), DL_OK);
    char rcpt[AGE_RECIPIENT_MAX];
    CHECK_INT_EQ(age_identity_recipient(&id, rcpt, &e), DL_OK);
    CHECK_STR_EQ(rcpt, SPEC_RECIPIENT);
    /* The spec's identity is the bytes 0x42 repeated ("GFPYYSJZ…"). */
    for (int i = 0; i < 32; i++) CHECK_INT_EQ(id.secret_key[i], 0x42);
}

TEST(agekeys_keygen_round_trip)
{
    char first[AGE_IDENTITY_MAX] = "";
    for (int round = 0; round < 20; round++) {
        char ident[AGE_IDENTITY_MAX], rcpt[AGE_RECIPIENT_MAX], again[AGE_RECIPIENT_MAX];
        dl_error e;
        CHECK_INT_EQ(age_keygen(ident, rcpt, &e), DL_OK);
        CHECK(strncmp(ident, "AGE-SECRET-KEY-1", 16) == 0);
        CHECK_INT_EQ(strlen(ident), 74);
        CHECK(strncmp(rcpt, "age1", 4) == 0);
        CHECK_INT_EQ(strlen(rcpt), 62);
        for (const char *p = ident; *p; p++) CHECK(!(*p >= 'a' && *p <= 'z'));
        for (const char *p = rcpt; *p; p++) CHECK(!(*p >= 'A' && *p <= 'Z'));
        age_identity id;
        age_recipient r;
        CHECK_INT_EQ(age_parse_identity(ident, &id, &e), DL_OK);
        CHECK_INT_EQ(age_parse_recipient(rcpt, &r, &e), DL_OK);
        CHECK_INT_EQ(age_identity_recipient(&id, again, &e), DL_OK);
        CHECK_STR_EQ(again, rcpt);
        if (round == 0) memcpy(first, ident, sizeof first);
        else CHECK(strcmp(first, ident) != 0);
    }
}

TEST(agekeys_case_rules)
{
    /* Recipients are lowercase only, identities uppercase only: what the spec
     * shows and what age 1.1.1 accepts (`age -r AGE1…` says "unknown
     * recipient type"; `age-keygen -y` on "age-secret-key-1…" says
     * "unknown type"). */
    age_recipient r;
    age_identity id;
    dl_error e;
    CHECK_INT_EQ(age_parse_recipient("AGE1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWSVLUL66MV4Q47RYEF", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "lowercase");
    CHECK_INT_EQ(age_parse_identity(
                     "age-secret-key-1egtzvffv20835nwyv6270lxyvk2vknx2mmdkwyklmgr48uawx40q2p2lm0", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "uppercase");
    CHECK_CONTAINS(e.msg, "AGE-SECRET-KEY-1");
    CHECK_NOT_CONTAINS(e.msg, "egtzvffv");
    /* Mixed case is not Bech32 at all. */
    CHECK_INT_EQ(age_parse_recipient("age1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWSVLUL66MV4Q47RYEF", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "mixes uppercase and lowercase");
    CHECK_INT_EQ(age_parse_identity(
                     "AGE-SECRET-KEY-1egtzvffv20835nwyv6270lxyvk2vknx2mmdkwyklmgr48uawx40q2p2lm0", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "mixes uppercase and lowercase");
}

TEST(agekeys_wrong_prefix_names_the_expected_one)
{
    age_recipient r;
    age_identity id;
    dl_error e;
    /* "age2…": the recipient with its separator changed */
    CHECK_INT_EQ(age_parse_recipient("age2xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "\"age1\"");
    /* A well-formed Bech32 string of another recipient type (hrp "age1pq",
     * 32 bytes 01..20, made with the BIP-173 reference code). */
    CHECK_INT_EQ(age_parse_recipient(
                     "age1pq1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusqxka455", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Only X25519");
    CHECK_CONTAINS(e.msg, "\"age1\"");
    CHECK_CONTAINS(e.msg, "age1pq1");
    /* An identity where a recipient belongs: refused without quoting it. */
    CHECK_INT_EQ(age_parse_recipient(TESTKIT_IDENTITY, &r, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "identity");
    CHECK_CONTAINS(e.msg, "age1");
    CHECK_NOT_CONTAINS(e.msg, "EGTZVFFV");

    /* A plugin identity (well-formed Bech32, hrp "AGE-PLUGIN-YUBIKEY-"). */
    CHECK_INT_EQ(age_parse_identity(
                     "AGE-PLUGIN-YUBIKEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQVTWVT4", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "plugin");
    CHECK_CONTAINS(e.msg, "\"AGE-SECRET-KEY-1\"");
    /* The spec's post-quantum identity */
    CHECK_INT_EQ(age_parse_identity(
                     "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "Post-quantum");
    CHECK_CONTAINS(e.msg, "\"AGE-SECRET-KEY-1\"");
    /* A recipient where an identity belongs */
    CHECK_INT_EQ(age_parse_identity(TESTKIT_RECIPIENT, &id, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "recipient");
    CHECK_CONTAINS(e.msg, "\"AGE-SECRET-KEY-1\"");
    CHECK_INT_EQ(age_parse_identity(
                     "AGE-SECRET-KEX-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "\"AGE-SECRET-KEY-1\"");
    CHECK_NOT_CONTAINS(e.msg, "EGTZVFFV");
}

TEST(agekeys_payload_must_be_32_bytes)
{
    /* Bytes 01..1f (31) and 01..21 (33) under the right hrp, made with the
     * BIP-173 reference code. */
    age_recipient r;
    age_identity id;
    dl_error e;
    CHECK_INT_EQ(age_parse_recipient("age1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7ru28p0lr", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "32-byte");
    CHECK_CONTAINS(e.msg, "31 bytes");
    CHECK_INT_EQ(age_parse_recipient("age1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7ruszzxrc4t3", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "33 bytes");
    CHECK_INT_EQ(age_parse_identity(
                     "AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUDK7K5Q", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "32-byte");
    CHECK_CONTAINS(e.msg, "31 bytes");
    CHECK_INT_EQ(age_parse_identity(
                     "AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSZZJZLTRA", &id, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "33 bytes");
    CHECK_INT_EQ(id.kind, 0);

    /* The same check with lengths made here: 0, 16, 64 and 200 bytes. */
    static const size_t lens[] = {0, 16, 64, 200};
    uint8_t data[200] = {0};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        char text[400];
        CHECK_INT_EQ(bech32_encode("age", data, lens[i], text, sizeof text, &e), DL_OK);
        CHECK_INT_EQ(age_parse_recipient(text, &r, &e), DL_EINVAL);
        CHECK_INT_EQ(bech32_encode("AGE-SECRET-KEY-", data, lens[i], text, sizeof text, &e), DL_OK);
        CHECK_INT_EQ(age_parse_identity(text, &id, &e), DL_EINVAL);
    }
}

TEST(agekeys_garbage_empty_null_and_spaces)
{
    age_recipient r;
    age_identity id;
    dl_error e;
    static const char *const bad_recipients[] = {
        "", "hello", "age1", "age1xyz", "age", "1", "age1qqqqqq",
        " " TESTKIT_RECIPIENT, TESTKIT_RECIPIENT " ", TESTKIT_RECIPIENT "\n", "\t" TESTKIT_RECIPIENT,
        "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeg", /* last character changed */
        "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47rye",  /* cut short */
        "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef1", /* one more */
        TESTKIT_RECIPIENT TESTKIT_RECIPIENT, /* twice */
        "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeb", /* 'b' is not Bech32 */
        "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj\xc3\xa5" "36s0mypdrwsvlul66mv4q47ryef", /* "å" inside */
    };
    for (size_t i = 0; i < sizeof bad_recipients / sizeof bad_recipients[0]; i++) {
        memset(&r, 0xAA, sizeof r);
        dl_error_clear(&e);
        if (age_parse_recipient(bad_recipients[i], &r, &e) != DL_EINVAL || e.msg[0] == '\0' || r.kind != 0)
            test_fail(__FILE__, __LINE__, "recipient case %zu accepted or without message", i);
    }
    static const char *const bad_identities[] = {
        "", "hello", "AGE-SECRET-KEY-1", "AGE-SECRET-KEY-", "AGE-SECRET-KEY-1QQQQQQ",
        " " TESTKIT_IDENTITY, TESTKIT_IDENTITY " ", TESTKIT_IDENTITY "\n", TESTKIT_IDENTITY "\r\n",
        "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM2", /* last changed */
        "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM",  /* cut short */
        "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LMO", /* 'O' not Bech32 */
        "# created: 2024-01-01T00:00:00Z",
    };
    for (size_t i = 0; i < sizeof bad_identities / sizeof bad_identities[0]; i++) {
        memset(&id, 0xAA, sizeof id);
        dl_error_clear(&e);
        if (age_parse_identity(bad_identities[i], &id, &e) != DL_EINVAL || e.msg[0] == '\0' || id.kind != 0)
            test_fail(__FILE__, __LINE__, "identity case %zu accepted or without message", i);
        for (size_t k = 0; k < 32; k++)
            if (id.secret_key[k] != 0) {
                test_fail(__FILE__, __LINE__, "identity case %zu left key bytes behind", i);
                break;
            }
        if (strstr(e.msg, "EGTZVFFV") || strstr(e.msg, "LM2"))
            test_fail(__FILE__, __LINE__, "identity case %zu quotes the key: %s", i, e.msg);
    }
    CHECK_INT_EQ(age_parse_recipient(TESTKIT_RECIPIENT " ", &r, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "spaces");
    CHECK_INT_EQ(age_parse_identity("\n" TESTKIT_IDENTITY, &id, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "line break");
    CHECK_INT_EQ(age_parse_recipient("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeg", &r, &e),
                 DL_EINVAL);
    CHECK_CONTAINS(e.msg, "The age recipient is not valid.");
    CHECK_CONTAINS(e.msg, "checksum");
    CHECK_INT_EQ(age_parse_recipient("", &r, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "empty");
    CHECK_INT_EQ(age_parse_recipient(NULL, &r, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "No age recipient");
    CHECK_INT_EQ(age_parse_identity(NULL, &id, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "No age identity");
    CHECK_INT_EQ(age_parse_identity(TESTKIT_IDENTITY, &id, NULL), DL_OK); /* e may be NULL */
    CHECK_INT_EQ(age_parse_identity("x", &id, NULL), DL_EINVAL);
    CHECK_INT_EQ(age_parse_recipient(TESTKIT_RECIPIENT, NULL, &e), DL_EINTERNAL);
    CHECK_INT_EQ(age_parse_identity(TESTKIT_IDENTITY, NULL, &e), DL_EINTERNAL);
}

TEST(agekeys_identity_recipient_needs_x25519)
{
    age_identity id = {.kind = AGE_SCRYPT, .passphrase = "correct horse"};
    char rcpt[AGE_RECIPIENT_MAX] = "junk";
    dl_error e;
    CHECK_INT_EQ(age_identity_recipient(&id, rcpt, &e), DL_EINVAL);
    CHECK_CONTAINS(e.msg, "X25519");
    CHECK_STR_EQ(rcpt, "");
    CHECK_INT_EQ(age_identity_recipient(NULL, rcpt, &e), DL_EINTERNAL);
    CHECK_INT_EQ(age_keygen(NULL, rcpt, &e), DL_EINTERNAL);
}

TEST(agekeys_failure_names)
{
    CHECK_STR_EQ(age_failure_name(AGE_OK), "ok");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_HEADER), "header failure");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_NO_MATCH), "no match");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_HMAC), "HMAC failure");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_PAYLOAD), "payload failure");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_ARMOR), "armor failure");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_UNSUPPORTED), "unsupported");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_IO), "I/O error");
    CHECK_STR_EQ(age_failure_name(AGE_FAIL_LIMIT), "work factor too high");
    CHECK_STR_EQ(age_failure_name((age_failure)99), "unknown failure");
}

TEST(age_secret_key_found_anywhere)
{
    static const char nul_then_key[] = "x\0 age-Secret-KEY-1abc";
    CHECK(age_holds_secret_key(nul_then_key, sizeof nul_then_key - 1));
    CHECK(age_holds_secret_key("AGE-SECRET-KEY-PQ-1XYZ", 22));
    CHECK(!age_holds_secret_key("age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", 62));
    CHECK(!age_holds_secret_key("AGE-SECRET-KEY", 14)); /* cut before the dash */
    CHECK(!age_holds_secret_key("", 0));
}
