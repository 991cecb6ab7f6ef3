/* audit_chain.c — computes one link of the audit log's SHA-256 hash chain
 * over a length-prefixed canonical serialization (format in audit_chain.h).
 * Streams into the hash, so it allocates nothing and has no size limits. */
#include "core/audit_chain.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/token.h"

static void put_bytes(sha256_run *st, const char *s, size_t n)
{
    char len[24];
    int ln = snprintf(len, sizeof len, "%zu:", n);
    sha256_run_update(st, len, (size_t)ln);
    sha256_run_update(st, s, n);
    sha256_run_update(st, ";", 1);
}

static void put_str(sha256_run *st, const char *s)
{
    put_bytes(st, s ? s : "", s ? strlen(s) : 0);
}

static void put_int(sha256_run *st, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    put_bytes(st, buf, (size_t)n);
}

void audit_chain_hash(const char prev_hash[65], const struct audit_record *r, char out[65])
{
    static const struct audit_record empty_record = {0};
    sha256_run st;
    unsigned char prev[64] = {0};

    if (!r) r = &empty_record;
    if (!prev_hash) prev_hash = AUDIT_GENESIS_HASH;
    /* Never read past a (buggy) short prev_hash: it is NUL-padded to 64. */
    memcpy(prev, prev_hash, strnlen(prev_hash, sizeof prev));

    sha256_run_init(&st);
    sha256_run_update(&st, prev, sizeof prev);
    put_int(&st, r->id);
    put_str(&st, r->at);
    put_int(&st, r->actor_user_id);
    put_str(&st, r->actor);
    put_str(&st, r->action);
    put_str(&st, r->object_type);
    put_str(&st, r->object_id);
    put_str(&st, r->before_digest);
    put_str(&st, r->after_digest);
    put_str(&st, r->detail);
    sha256_run_final_hex(&st, out);
}
