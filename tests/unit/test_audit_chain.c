/* test_audit_chain.c — the audit log's hash chain: a pinned vector for the
 * canonical serialization, sensitivity to every field, and no ambiguity at
 * field boundaries. */
#include "test.h"

#include <stdint.h>

#include "core/audit_chain.h"
#include "core/token.h"

static struct audit_record sample(void)
{
    return (struct audit_record){
        .id = 1,
        .at = "2024-05-01T12:00:00Z",
        .actor_user_id = 7,
        .actor = "anna",
        .action = "case.create",
        .object_type = "case",
        .object_id = "RH 2024-00001",
        .before_digest = NULL,
        .after_digest = "e3b0",
        .detail = "skapade ärende",
    };
}

TEST(audit_chain_genesis_is_64_zeros)
{
    CHECK_INT_EQ(strlen(AUDIT_GENESIS_HASH), 64);
    for (int i = 0; i < 64; i++) CHECK(AUDIT_GENESIS_HASH[i] == '0');
}

TEST(audit_chain_pinned_vector)
{
    /* sha256("0"*64 + "1:1;20:2024-05-01T12:00:00Z;1:7;4:anna;11:case.create;"
     *        "4:case;13:RH 2024-00001;0:;4:e3b0;15:skapade \xc3\xa4rende;"),
     * computed independently with Python's hashlib. */
    struct audit_record r = sample();
    char h[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &r, h);
    CHECK_STR_EQ(h, "aef46e6d24e01ec6acd4b067891997f3b0df4d9e2569de3a8984c7e7ca7cd3c8");
    CHECK(hex_is_token(h));
    char again[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &r, again);
    CHECK_STR_EQ(again, h);
}

TEST(audit_chain_every_field_matters)
{
    struct audit_record base = sample();
    char h0[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &base, h0);

    for (int field = 0; field < 10; field++) {
        struct audit_record r = sample();
        switch (field) {
        case 0: r.id = 2; break;
        case 1: r.at = "2024-05-01T12:00:01Z"; break;
        case 2: r.actor_user_id = 8; break;
        case 3: r.actor = "Anna"; break;
        case 4: r.action = "case.update"; break;
        case 5: r.object_type = "cases"; break;
        case 6: r.object_id = "RH 2024-00002"; break;
        case 7: r.before_digest = "x"; break;
        case 8: r.after_digest = NULL; break;
        case 9: r.detail = "skapade ärendet"; break;
        }
        char h[65];
        audit_chain_hash(AUDIT_GENESIS_HASH, &r, h);
        if (strcmp(h, h0) == 0) {
            test_fail(__FILE__, __LINE__, "changing field %d did not change the hash", field);
            return;
        }
    }
}

TEST(audit_chain_prev_hash_matters_and_chains)
{
    struct audit_record r = sample();
    char h1[65], h2[65], h2b[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &r, h1);
    r.id = 2;
    audit_chain_hash(h1, &r, h2);
    char other[65];
    memcpy(other, h1, sizeof other);
    other[0] = other[0] == 'a' ? 'b' : 'a';
    audit_chain_hash(other, &r, h2b);
    CHECK(strcmp(h2, h2b) != 0);
    CHECK(strcmp(h1, h2) != 0);
    /* NULL prev means genesis. */
    char g1[65], g2[65];
    audit_chain_hash(NULL, &r, g1);
    audit_chain_hash(AUDIT_GENESIS_HASH, &r, g2);
    CHECK_STR_EQ(g1, g2);
}

TEST(audit_chain_field_boundaries_are_unambiguous)
{
    struct audit_record a = sample(), b = sample();
    a.actor = "ab";
    a.action = "c";
    b.actor = "a";
    b.action = "bc";
    char ha[65], hb[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    CHECK(strcmp(ha, hb) != 0);

    /* Same across every adjacent pair of string fields, and integers. */
    a = sample(); b = sample();
    a.before_digest = "ab"; a.after_digest = "c"; a.detail = "";
    b.before_digest = "a"; b.after_digest = "bc"; b.detail = "";
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    CHECK(strcmp(ha, hb) != 0);

    a = sample(); b = sample();
    a.id = 12; a.at = "3";
    b.id = 1; b.at = "23";
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    CHECK(strcmp(ha, hb) != 0);

    /* A field that contains the separator syntax cannot forge a boundary. */
    a = sample(); b = sample();
    a.actor = "a;1:b";
    a.action = "";
    b.actor = "a";
    b.action = "b";
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    CHECK(strcmp(ha, hb) != 0);

    /* Moving a value to a neighbouring empty field changes the hash. */
    a = sample(); b = sample();
    a.object_type = "x"; a.object_id = "";
    b.object_type = ""; b.object_id = "x";
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    CHECK(strcmp(ha, hb) != 0);
}

TEST(audit_chain_null_fields_are_empty)
{
    struct audit_record a = {0}, b = {0};
    b.at = ""; b.actor = ""; b.action = ""; b.object_type = ""; b.object_id = "";
    b.before_digest = ""; b.after_digest = ""; b.detail = "";
    char ha[65], hb[65], hc[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    audit_chain_hash(AUDIT_GENESIS_HASH, NULL, hc);
    CHECK_STR_EQ(ha, hb);
    CHECK_STR_EQ(ha, hc);
}

TEST(audit_chain_extreme_integers)
{
    struct audit_record a = sample(), b = sample();
    a.id = INT64_MIN;
    a.actor_user_id = INT64_MAX;
    b.id = INT64_MAX;
    b.actor_user_id = INT64_MIN;
    char ha[65], hb[65];
    audit_chain_hash(AUDIT_GENESIS_HASH, &a, ha);
    audit_chain_hash(AUDIT_GENESIS_HASH, &b, hb);
    CHECK(strcmp(ha, hb) != 0);
    CHECK(hex_is_token(ha));
}
