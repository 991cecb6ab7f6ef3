/* network_registration.h — registering for an event of the network's
 * calendar and cancelling with the mailed link (migrations 0044, 0055,
 * docs/network.md). Anyone may register with a name and an e-mail
 * address; the store refuses, each with a sentence (dl_error.msg):
 *   DL_ENOTFOUND  no such event
 *   DL_EINVAL     a name or address that is empty, too long or malformed;
 *                 an event that takes no registrations
 *   DL_ECONFLICT  registration has closed, every seat is taken, or the
 *                 address is already registered for the event
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
/* organisation: "" when not given; one line, at most NETWORK_NAME_MAX bytes. */
dl_err network_register(db *d, int64_t event_id, const char *name, const char *organisation, const char *email,
                        const char *public_url, int64_t now, char token_out[TOKEN_HEX_SIZE], dl_error *e);
/* The event and title a live cancellation link is for (DL_ENOTFOUND with a
 * sentence for a malformed, unknown or used link). */
dl_err network_registration_check(db *d, arena *a, const char *token, int64_t *event_id, const char **title,
                                  dl_error *e);
/* Marks the registration of the link cancelled at now (epoch seconds;
 * migration 0055) and frees its seat; the link is dead after. Registering
 * again with the same address takes the row back. */
dl_err network_registration_cancel(db *d, const char *token, int64_t now, int64_t *event_id, dl_error *e);

typedef struct network_registration_rec {
    const char *name, *organisation, *email, *registered_at, *cancelled_at; /* UTC text; cancelled_at "" while it stands */
} network_registration_rec;

/* The event's registrations, cancelled ones too, in the order they came,
 * for the organiser's list and its CSV: *out an array in a of *n rows. */
dl_err network_registrations(db *d, arena *a, int64_t event_id, network_registration_rec **out, int *n, dl_error *e);

#endif
