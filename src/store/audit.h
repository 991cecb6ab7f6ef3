/* audit.h — the append-only, hash-chained audit log. Every state change
 * appends a row inside the same transaction as the change; every read of
 * confidential data appends one too. `datalots audit verify` recomputes the
 * chain and names the first row that does not fit. */
#ifndef DATALOTS_STORE_AUDIT_H
#define DATALOTS_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/audit_anchor.h"
#include "db/db.h"

typedef struct audit_actor {
    int64_t user_id;   /* 0: the system or an anonymous visitor */
    const char *name;  /* username or "system" / "public" */
} audit_actor;

/* Appends one row. Must run inside a transaction (db_begin); before/after
 * are digests (sha256 hex of the object's canonical text) or NULL; detail
 * is a short non-secret description. */
dl_err audit_append(db *d, const audit_actor *who, const char *action,
                    const char *object_type, const char *object_id,
                    const char *before_digest, const char *after_digest,
                    const char *detail, dl_error *e);

/* Appends in a transaction of its own (for audited reads). */
dl_err audit_append_tx(db *d, const audit_actor *who, const char *action,
                       const char *object_type, const char *object_id,
                       const char *detail, dl_error *e);

typedef struct audit_verdict {
    int64_t rows;          /* rows checked */
    int64_t first_bad_seq; /* 0 when the chain is whole */
    char why[200];
} audit_verdict;

typedef struct audit_rec {
    int64_t seq;
    const char *at, *actor, *action, *object_type, *object_id, *detail, *hash;
} audit_rec;

/* The newest rows, newest first; strings live in arena a. */
dl_err audit_recent(db *d, arena *a, int max, audit_rec *out, int *n, dl_error *e);

/* Walks the whole log in order. DL_OK with first_bad_seq 0 when whole. */
dl_err audit_verify(db *d, audit_verdict *v, dl_error *e);
/* The same inside the caller's open transaction (e.g. before a copy commits). */
dl_err audit_verify_in_transaction(db *d, audit_verdict *v, dl_error *e);

/* The head as audit_head records it: the newest seq (0 for an empty log)
 * and that row's hash (AUDIT_GENESIS_HASH for an empty log). */
dl_err audit_head_read(db *d, int64_t *seq, char hash[65], dl_error *e);

typedef enum audit_anchor_state {
    AUDIT_ANCHOR_MATCHES,      /* row seq is there with the anchored hash */
    AUDIT_ANCHOR_PAST_END,     /* the log ends (at log_end) before row seq */
    AUDIT_ANCHOR_ROW_MISSING,  /* row seq is gone, later rows are there */
    AUDIT_ANCHOR_HASH_DIFFERS, /* row seq now has found_hash */
} audit_anchor_state;

typedef struct audit_anchor_finding {
    audit_anchor_state state;
    int64_t log_end;     /* the newest seq in the log (PAST_END, ROW_MISSING) */
    char found_hash[65]; /* row seq's hash now (MATCHES, HASH_DIFFERS) */
} audit_anchor_finding;

/* Compares one anchor with the log: does row a->seq still carry a->hash?
 * Run it inside db_begin_read() to check many anchors in one snapshot. */
dl_err audit_anchor_check(db *d, const audit_anchor *a, audit_anchor_finding *f, dl_error *e);

#endif
