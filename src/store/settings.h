/* settings.h — installation-wide settings kept in the store (so every app
 * server behind one database sees the same): the CSRF key, the installation
 * name. */
#ifndef DATALOTS_STORE_SETTINGS_H
#define DATALOTS_STORE_SETTINGS_H

#include <stddef.h>
#include "db/db.h"

/* Copies the value into out; DL_ENOTFOUND when unset. */
dl_err settings_get(db *d, const char *key, char *out, size_t outsz, dl_error *e);
dl_err settings_set(db *d, const char *key, const char *value, dl_error *e);
/* Creates the random server secret (64 hex) if missing and returns it. */
dl_err settings_ensure_secret(db *d, char out[65], dl_error *e);

#endif
