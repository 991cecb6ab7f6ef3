/* settings.c — key/value settings in the store. */
#include "store/settings.h"
#include "crypto/token.h"

#include <stdio.h>

dl_err settings_get(db *d, const char *key, char *out, size_t outsz, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT value FROM settings WHERE key = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, key);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) snprintf(out, outsz, "%s", db_col_text(s, 0));
    else if (st == DB_DONE) rc = dl_fail(e, DL_ENOTFOUND, "setting %s is not set", key);
    else rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err settings_set(db *d, const char *key, const char *value, dl_error *e)
{
    return db_run(d, "INSERT INTO settings(key, value) VALUES (?, ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                  e, "tt", key, value);
}

dl_err settings_ensure_secret(db *d, char out[65], dl_error *e)
{
    dl_err rc = settings_get(d, "server_secret", out, 65, e);
    if (rc != DL_ENOTFOUND) return rc;
    char fresh[65];
    token_random_hex(fresh);
    /* DO NOTHING on conflict: if another server created one meanwhile, use that. */
    rc = db_run(d, "INSERT INTO settings(key, value) VALUES ('server_secret', ?) "
                   "ON CONFLICT (key) DO NOTHING", e, "t", fresh);
    if (rc != DL_OK) return rc;
    return settings_get(d, "server_secret", out, 65, e);
}
