/* versioned.c — see versioned.h. */
#include "store/versioned.h"

dl_err versioned_finish(db *d, db_stmt *s, const char *exists_sql, int64_t id, dl_error *e)
{
    int st = db_step(s, e);
    if (st == DB_ROW) while (db_step(s, e) == DB_ROW) {}
    db_stmt_done(s);
    if (st == DB_ROW) return DL_OK;
    if (st == DB_ERROR) return e->code;
    int64_t exists = 0;
    dl_err rc = db_query_int(d, exists_sql, &exists, e, "i", id);
    if (rc != DL_OK) return rc;
    return exists ? dl_fail(e, DL_ECONFLICT, "Någon annan har ändrat uppgifterna sedan du öppnade sidan.")
                  : dl_fail(e, DL_ENOTFOUND, "Uppgifterna finns inte längre.");
}
