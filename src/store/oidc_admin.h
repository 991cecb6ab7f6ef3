/* oidc_admin.h — an admin undoing what OpenID Connect sign-in set up
 * (issue 17): taking an account's linked identity away, and removing a
 * claim → role map together with every grant it gave. Each is one
 * transaction with its audit rows. The sign-in itself: store/oidc.h. */
#ifndef DATALOTS_STORE_OIDC_ADMIN_H
#define DATALOTS_STORE_OIDC_ADMIN_H

#include <stdint.h>

#include "core/roles.h"
#include "db/db.h"
#include "store/audit.h"

/* What an unlink did. */
typedef struct oidc_unlinked {
    char issuer[512], subject[256]; /* the identity the account had */
    int64_t grants_removed;         /* its grants with source 'oidc:…' */
    int64_t sessions_ended;         /* its sessions signed in through a provider */
} oidc_unlinked;

/* Clears the account's linked identity (users.external_issuer/subject),
 * deletes its grants a provider's claims gave (source 'oidc:…'; a grant a
 * person gave stays) and ends its sessions that came through a provider:
 * the next sign-in through the provider finds no account linked and links
 * or creates one as the provider's settings say. Audited auth.oidc.unlink
 * (the old issuer and subject in the detail) and role.revoke per grant.
 * DL_ENOTFOUND: no such account; DL_ECONFLICT: no identity is linked
 * (nothing is written then). */
dl_err oidc_admin_unlink(db *d, const audit_actor *who, int64_t user_id, oidc_unlinked *out, dl_error *e);

/* Deletes the provider's map of claim = value → role at node_id (0: the
 * installation) and every grant it gave: role_assignment rows with source
 * 'oidc:<provider_id>' of that role at that node (a grant a person gave,
 * source '', stays). Another map of the provider that gives the same role
 * there cannot be told apart in a grant: those grants go too, and come back
 * at the holder's next sign-in when that map's claim still holds
 * (*others_giving says how many such maps there are). Audited
 * oidc.role_map.remove and role.revoke per grant. DL_ENOTFOUND: no such
 * map (nothing is written). */
dl_err oidc_admin_unmap(db *d, const audit_actor *who, int64_t provider_id, const char *claim, const char *value,
                        dl_role role, int64_t node_id, int64_t *grants_removed, int64_t *others_giving,
                        dl_error *e);

#endif
