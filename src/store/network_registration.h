/* network_registration.h — registering for an event of the network's
 * calendar and cancelling with the mailed link (migration 0044,
 * docs/network.md). Anyone may register with a name and an e-mail
 * address; the store refuses, each with a sentence (dl_error.msg):
 *   DL_ENOTFOUND  no such event
 *   DL_EINVAL     a name or address that is empty, too long or malformed;
 *                 an event that takes no registrations
 *   DL_ELOCKED    registration has closed
 *   DL_ELIMIT     every seat is taken
 *   DL_ECONFLICT  the address is already registered for the event
 * On success the registration and a mail with the cancellation link
 * (/kalender/avanmalan?t=TOKEN) are written in one transaction; only the
 * token's SHA-256 is stored. */
#ifndef DATALOTS_STORE_NETWORK_REGISTRATION_H
#define DATALOTS_STORE_NETWORK_REGISTRATION_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/token.h"
#include "db/db.h"

#define NETWORK_NAME_MAX 200

/* token_out (may be NULL): the link's token, for tests; never shown. */
dl_err network_register(db *d, int64_t event_id, const char *name, const char *email, const char *public_url,
                        int64_t now, char token_out[TOKEN_HEX_SIZE], dl_error *e);
/* The event and title a live cancellation link is for (DL_ENOTFOUND with a
 * sentence for a malformed, unknown or used link). */
dl_err network_registration_check(db *d, arena *a, const char *token, int64_t *event_id, const char **title,
                                  dl_error *e);
/* Removes the registration of the link and frees its seat. */
dl_err network_registration_cancel(db *d, const char *token, int64_t *event_id, dl_error *e);

#endif
