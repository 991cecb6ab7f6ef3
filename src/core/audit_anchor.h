/* audit_anchor.h — one line of an audit anchor file: the audit log's head
 * (its newest seq and that row's hash) at a moment. `datalots serve
 * --audit-anchor FILE` appends such lines, `datalots audit head` prints one,
 * `datalots audit verify --anchor FILE` checks them against the store. Kept
 * outside the store, they catch what the chain alone cannot: the newest rows
 * removed together with a matching rewrite of audit_head.
 *
 *     2026-12-06T10:00:00Z seq=1234 hash=<64 lowercase hex digits>
 *
 * Exactly one space between the three fields; a trailing CR is tolerated.
 * seq 0 is an empty log, whose hash is AUDIT_GENESIS_HASH. */
#ifndef DATALOTS_AUDIT_ANCHOR_H
#define DATALOTS_AUDIT_ANCHOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The longest well-formed line (an 18-digit seq) is 113 bytes. */
#define AUDIT_ANCHOR_LINE_MAX 128

typedef struct audit_anchor {
    int64_t at;    /* epoch seconds, UTC */
    int64_t seq;   /* 0: the log was empty */
    char hash[65]; /* the hash of row seq, 64 lowercase hex digits */
} audit_anchor;

/* Writes a's line, without a newline, to out. */
void audit_anchor_format(const audit_anchor *a, char out[AUDIT_ANCHOR_LINE_MAX + 1]);

/* Parses one line of len bytes (no newline; it may hold NUL bytes, which
 * make it malformed). DL_OK, or DL_EINVAL with a sentence in e saying which
 * field is wrong (without the file position, which the caller adds). */
dl_err audit_anchor_parse(const char *line, size_t len, audit_anchor *out, dl_error *e);

#endif
