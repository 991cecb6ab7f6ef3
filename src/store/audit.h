/* audit.h — the append-only, hash-chained audit log. Every state change
 * appends a row inside the same transaction as the change; every read of
 * confidential data appends one too. `datalots audit verify` recomputes the
 * chain and names the first row that does not fit. */
#ifndef DATALOTS_STORE_AUDIT_H
#define DATALOTS_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
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

typedef struct audit_row {
    int64_t seq;
    const char *at, *actor, *action, *object_type, *object_id, *detail, *hash;
} audit_row;

/* The newest rows, newest first; strings live in arena a. */
dl_err audit_recent(db *d, arena *a, int max, audit_row *out, int *n, dl_error *e);

/* Walks the whole log in order. DL_OK with first_bad_seq 0 when whole. */
dl_err audit_verify(db *d, audit_verdict *v, dl_error *e);
/* The same inside the caller's open transaction (e.g. before a copy commits). */
dl_err audit_verify_in_transaction(db *d, audit_verdict *v, dl_error *e);

#endif
