/* audit_chain.h — the audit log's hash chain. Each audit row stores
 *     hash = audit_chain_hash(previous row's hash, row)
 * so editing, inserting or deleting any earlier row breaks every later hash.
 * The first row chains from AUDIT_GENESIS_HASH (64 '0' characters).
 *
 * Canonical serialization hashed with SHA-256 (the digest is lowercase hex):
 *     prev_hash (its 64 hex digits, no length prefix), then for each field in
 *     this order:
 *         id, at, actor_user_id, actor, action, object_type, object_id,
 *         before_digest, after_digest, detail
 *     the field as  <decimal byte length> ':' <bytes> ';'
 * Integers are written in decimal ("-1", "0", "42") and then encoded like
 * any other field. NULL string fields are encoded as empty ("0:;"). Because
 * every field carries its own length, two different records never serialize
 * to the same bytes. The format is part of the stored data: never change it
 * without a migration that re-chains the log. */
#ifndef DATALOTS_AUDIT_CHAIN_H
#define DATALOTS_AUDIT_CHAIN_H

#include <stdint.h>

#define AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_record {
    int64_t id;
    const char *at;            /* ISO 8601 UTC, e.g. "2024-05-01T12:00:00Z" */
    int64_t actor_user_id;
    const char *actor;
    const char *action;
    const char *object_type;
    const char *object_id;
    const char *before_digest;
    const char *after_digest;
    const char *detail;
};

/* out = SHA-256 hex of the canonical serialization of prev_hash and r.
 * prev_hash should be 64 hex digits; it contributes exactly 64 bytes (a
 * shorter string is NUL-padded, never over-read; a NULL prev_hash means
 * AUDIT_GENESIS_HASH; a NULL r hashes like an all-empty record). out holds
 * 64 hex digits and a NUL. */
void audit_chain_hash(const char prev_hash[65], const struct audit_record *r, char out[65]);

#endif
