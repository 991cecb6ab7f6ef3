/* api_tokens.h — API tokens in the store (migration 0034): made (with the
 * account the token acts as) and revoked with an audit row each, listed
 * for the admin page and the shell, and looked up by a presented token's
 * hash. Each use is audited at most once a minute per token (a row per
 * request would put a hash-chained write on every read of the API); a
 * state change made with a token has its own audit row anyway. */
#ifndef DATALOTS_STORE_API_TOKENS_H
#define DATALOTS_STORE_API_TOKENS_H

#include <stdint.h>

#include "core/api_token.h"
#include "core/arena.h"
#include "core/roles.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct api_token_rec {
    int64_t id, user_id, node_id; /* node_id 0: the whole installation */
    dl_role role;
    const char *name, *node_name, *node_path; /* "" and "/" for the installation */
    const char *created_by_name;              /* "" from the shell */
    const char *created_at;                   /* ISO 8601 UTC */
    int64_t expires_at, last_used_at;         /* epoch seconds; last_used_at 0: never */
    const char *revoked_at;                   /* "" while not revoked */
    const char *token_hash;                   /* SHA-256 hex of the token (never the token) */
} api_token_rec;

/* Makes a token named name holding role at node_id (0: the installation,
 * refused for a role that needs a unit), valid until expires_at; the new
 * token into token_out (shown once, never stored), its id into *id.
 * DL_EINVAL with a sentence for a bad name, role or node. */
dl_err api_token_create(db *d, const audit_actor *who, const char *name, dl_role role, int64_t node_id,
                        int64_t expires_at, char token_out[API_TOKEN_SIZE], int64_t *id, dl_error *e);
/* Revokes token id (DL_ENOTFOUND: none; DL_ECONFLICT: revoked already). */
dl_err api_token_revoke(db *d, const audit_actor *who, int64_t id, dl_error *e);
dl_err api_token_get(db *d, arena *a, int64_t id, api_token_rec *out, dl_error *e);
/* Every token, newest first, in an array allocated in a. */
dl_err api_token_list(db *d, arena *a, api_token_rec **out, int *n, dl_error *e);

typedef enum api_token_verdict {
    API_TOKEN_OK,
    API_TOKEN_UNKNOWN,
    API_TOKEN_REVOKED,
    API_TOKEN_EXPIRED,
} api_token_verdict;
/* Looks up a well-formed token by its hash; *verdict says whether it may
 * be used at now, *out (strings in a) describes it when it is known. */
dl_err api_token_lookup(db *d, arena *a, const char *token, int64_t now, api_token_rec *out,
                        api_token_verdict *verdict, dl_error *e);
/* Records a use at now: when the last recorded use is a minute old or
 * more, last_used_at and an audit row ("api_token.use", detail: the
 * method and route pattern, never the token) in one transaction; within
 * the minute, nothing is written. */
dl_err api_token_record_use(db *d, const api_token_rec *t, int64_t now, const char *what, dl_error *e);

#endif
