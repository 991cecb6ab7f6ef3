/* users.h — accounts and their role grants in the store. Passwords arrive
 * here already hashed (crypto/password_hash.c); nothing here sees a clear password. */
#ifndef DATALOTS_STORE_USERS_H
#define DATALOTS_STORE_USERS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/authz.h"
#include "db/db.h"

typedef struct user {
    int64_t id;
    const char *username, *display_name, *email, *password_hash, *language;
    int disabled;
    int64_t version;
    const char *created_at, *password_changed_at;
} user;

typedef struct user_grant {
    int64_t id;
    dl_role role;
    int64_t node_id;        /* 0: installation */
    const char *node_path;  /* "/" for installation */
    const char *node_name;  /* "" for installation */
    const char *mapped_by;  /* the label of the OIDC provider whose claims give it (store/oidc.h); "" when a person gave it */
} user_grant;

/* Strings of the results live in arena a. DL_ENOTFOUND when absent. */
dl_err user_by_username(db *d, arena *a, const char *username, user *out, dl_error *e);
dl_err user_by_id(db *d, arena *a, int64_t id, user *out, dl_error *e);
/* Inserts; DL_ECONFLICT with a sentence if the username is taken. */
dl_err user_insert(db *d, const char *username, const char *display_name, const char *email,
                   const char *password_hash, int64_t *id_out, dl_error *e);
/* Sets name and e-mail if the row still has expected_version (and bumps
 * it). DL_ECONFLICT when someone changed the row meanwhile, DL_ENOTFOUND
 * when it is gone. */
dl_err user_update_profile(db *d, int64_t id, int64_t expected_version, const char *display_name,
                           const char *email, dl_error *e);
dl_err user_set_password_hash(db *d, int64_t id, const char *hash, dl_error *e);
dl_err user_set_disabled(db *d, int64_t id, int disabled, dl_error *e);
dl_err user_set_language(db *d, int64_t id, const char *lang, dl_error *e);

/* Up to max users ordered by username; returns the count in *n. */
dl_err user_list(db *d, arena *a, user *out, int max, int *n, dl_error *e);
/* Users holding a role at a unit whose path starts with path_prefix
 * ("/1/4/"), ordered by username. */
dl_err user_list_in_scope(db *d, arena *a, const char *path_prefix, user *out, int max, int *n, dl_error *e);

/* The user's grants, ordered by id, into out (room for max). More than max
 * is DL_ELIMIT (out then holds the first max): a caller never works with a
 * silently shortened list. */
dl_err user_grants(db *d, arena *a, int64_t user_id, user_grant *out, int max, int *n, dl_error *e);
/* Every grant of the user, ordered by id, in an array allocated in a (*out;
 * NULL when there are none) — for the pages that must show them all, such as
 * rows past AUTHZ_MAX_GRANTS written before the limit, so they can be
 * revoked. */
dl_err user_grants_all(db *d, arena *a, int64_t user_id, user_grant **out, int *n, dl_error *e);
/* Inside a write transaction: locks the user's row until the transaction
 * ends (so grants to one user are counted one after another, also with
 * several app servers on PostgreSQL) and counts the grants the user holds.
 * DL_ENOTFOUND when there is no such user. */
dl_err user_lock_count_grants(db *d, int64_t user_id, int64_t *n, dl_error *e);
/* node_id 0 = installation. DL_ECONFLICT when already held. */
dl_err user_grant_role(db *d, int64_t user_id, dl_role role, int64_t node_id,
                       int64_t granted_by, int64_t *grant_id, dl_error *e);
dl_err user_revoke_grant(db *d, int64_t grant_id, int64_t *user_id, dl_error *e);

/* Converts grants to the authz view (paths point into the grants). */
void user_grants_to_authz(const user_grant *g, int n, authz_grant *out);

#endif
