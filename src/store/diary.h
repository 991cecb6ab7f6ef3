/* diary.h — the diarium in the store: numbered registrations per
 * organisation and year, assigned inside the registering transaction (no gaps,
 * no duplicates, however many writers), never deleted, corrected by new
 * entries that point at the old. */
#ifndef DATALOTS_STORE_DIARY_H
#define DATALOTS_STORE_DIARY_H

#include <stdint.h>
#include "core/arena.h"
#include "core/diary_entry.h"
#include "core/diary_number.h"
#include "db/db.h"
#include "store/audit.h"

typedef struct diary_rec {
    int64_t id, org_id, corrects_id, corrected_by_id;
    const char *number, *registered_at, *doc_date, *direction;
    const char *counterpart, *subject, *legal_ref;
    const char *org_name, *org_path, *corrects_number;
    int confidential;
} diary_rec;


/* Validates, takes the next number, inserts and audits in one transaction. */
dl_err diary_register(db *d, const diary_input *in, const audit_actor *who,
                      int64_t *id_out, char number_out[DIARY_NUMBER_MAX], dl_error *e);
/* The same inside the caller's open transaction (db_begin), so that a case
 * transition can register its document, write its audit rows and queue its
 * mail in one commit. Nothing is committed or rolled back here: on an error
 * the caller rolls back, and a rollback also returns the number taken (the
 * next registration gets it). DL_EINTERNAL when no transaction is open. */
dl_err diary_register_in_tx(db *d, const diary_input *in, const audit_actor *who,
                            int64_t *id_out, char number_out[DIARY_NUMBER_MAX], dl_error *e);

/* Newest first; org_id 0 = every organisation. query NULL or "": all;
 * otherwise entries whose subject or counterpart hold every word typed
 * (as word beginnings) — never matching the masked text of confidential
 * entries — or whose diary number is exactly what was typed. */
dl_err diary_list(db *d, arena *a, int64_t org_id, const char *query, int limit, int offset,
                  diary_rec *out, int *n, int64_t *total, dl_error *e);
/* The newest n entries with only what the start page shows (one cheap
 * statement: no total, no correction links). */
dl_err diary_recent(db *d, arena *a, int limit, diary_rec *out, int *n, dl_error *e);
dl_err diary_get(db *d, arena *a, int64_t id, diary_rec *out, dl_error *e);

#endif
