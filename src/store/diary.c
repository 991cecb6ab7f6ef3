/* diary.c — SQL for the diarium (see diary.h). The number comes from one
 * upsert on diary_counter inside the transaction that inserts the entry: the
 * row lock (PostgreSQL) or the write lock (SQLite BEGIN IMMEDIATE) makes the
 * sequence gap-free and unique; a failed insert rolls the counter back too. */
#include "store/diary.h"
#include "store/org.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/diary_number.h"
#include "core/strbuf.h"
#include "crypto/token.h"
#include "db/dialect.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The next number of a series: a year, or DIARY_SERIES_RUNNING for a format
 * without {year} (diary_counter.year and diary_entry.year hold the series). */
static dl_err next_seq(db *d, int64_t org_id, int series, int64_t *seq, dl_error *e)
{
    db_stmt *s = db_prepare(d, "INSERT INTO diary_counter(org_id, year, last_seq) VALUES (?, ?, 1)"
                               " ON CONFLICT (org_id, year) DO UPDATE SET last_seq = diary_counter.last_seq + 1"
                               " RETURNING last_seq", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, series);
    int st = db_step(s, e);
    if (st == DB_ROW) { *seq = db_col_int(s, 0); while (db_step(s, e) == DB_ROW) {} }
    db_stmt_done(s);
    return st == DB_ROW ? DL_OK : e->code;
}

/* The next number of the series that no entry of the organisation holds.
 * A number can be taken already when an administrator changed the format to
 * one that gives numbers used before (the year written out by hand, or a
 * store from before running series, whose entries were counted per year):
 * the series then skips past them, up to DIARY_SKIP_MAX numbers, rather than
 * stopping the diarium for good. */
enum { DIARY_SKIP_MAX = 1000 };
static dl_err next_free_number(db *d, int64_t org_id, const char *fmt, int year, int series, int64_t *seq,
                               char number[DIARY_NUMBER_MAX], dl_error *e)
{
    for (int tries = 0; tries < DIARY_SKIP_MAX; tries++) {
        dl_err rc = next_seq(d, org_id, series, seq, e);
        if (rc == DL_OK) rc = diary_number_format(fmt, year, *seq, number, DIARY_NUMBER_MAX, e);
        int64_t taken = 0;
        if (rc == DL_OK)
            rc = db_query_int(d, "SELECT COUNT(*) FROM diary_entry WHERE org_id = ? AND number = ?", &taken, e, "it",
                              org_id, number);
        if (rc != DL_OK || !taken) return rc;
    }
    return dl_fail(e, DL_ECONFLICT,
                   "Diarienumret %s och de %d närmast efter finns redan i diariet, så inget registrerades. "
                   "Formatet för diarienummer ger nummer som redan har använts: ändra det under Organisation.",
                   number, DIARY_SKIP_MAX - 1);
}

dl_err diary_register_in_tx(db *d, const diary_input *in, const audit_actor *who,
                            int64_t *id_out, char number_out[DIARY_NUMBER_MAX], dl_error *e)
{
    if (!db_in_transaction(d))
        return dl_fail(e, DL_EINTERNAL, "diary_register_in_tx outside a transaction");
    dl_err rc = diary_input_check(in, e);
    if (rc != DL_OK) return rc;
    arena *a = arena_new(1024);
    if (!a) return dl_fail(e, DL_ENOMEM, "out of memory");
    org_node_rec org;
    rc = org_get(d, a, in->org_id, &org, e);
    if (rc == DL_ENOTFOUND) rc = dl_fail(e, DL_EINVAL, "Organisationen finns inte.");
    else if (rc == DL_OK && org.parent_id != 0)
        rc = dl_fail(e, DL_EINVAL, "Diariet förs per förvaltning; välj förvaltningen, inte en enhet under den.");
    if (rc != DL_OK) { arena_free(a); return rc; }

    char fmt[DIARY_NUMBER_MAX], number[DIARY_NUMBER_MAX] = "";
    int64_t now = clock_now(), seq = 0, id = 0;
    int year = clock_local_year(now), series = 0;
    rc = org_expand_diary_format(*org.diary_format ? org.diary_format : DIARY_DEFAULT_FORMAT, org.code, fmt, sizeof fmt, e);
    if (rc == DL_OK && (series = diary_format_series(fmt, year)) < 0) rc = diary_format_validate(fmt, e);
    if (rc != DL_OK) { arena_free(a); return rc; }

    if (in->corrects_id) {
        int64_t exists = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM diary_entry WHERE id = ? AND org_id = ?", &exists, e, "ii",
                          in->corrects_id, in->org_id);
        if (rc == DL_OK && !exists) rc = dl_fail(e, DL_EINVAL, "Den registrering som ska rättas finns inte i detta diarium.");
    }
    if (rc == DL_OK) rc = next_free_number(d, in->org_id, fmt, year, series, &seq, number, e);
    char registered_at[32];
    clock_iso_utc(now, registered_at);
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "INSERT INTO diary_entry(org_id, number, year, seq, registered_at, doc_date,"
                                   " direction, counterpart, subject, confidential, legal_ref, corrects_id, registered_by)"
                                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", e);
        if (!s) rc = e->code;
        else {
            db_bind_int(s, 1, in->org_id);
            db_bind_text(s, 2, number);
            db_bind_int(s, 3, series);
            db_bind_int(s, 4, seq);
            db_bind_text(s, 5, registered_at);
            db_bind_text(s, 6, in->doc_date);
            db_bind_text(s, 7, in->direction);
            db_bind_text(s, 8, in->counterpart);
            db_bind_text(s, 9, in->subject);
            db_bind_int(s, 10, in->confidential ? 1 : 0);
            db_bind_text(s, 11, in->legal_ref ? in->legal_ref : "");
            if (in->corrects_id) db_bind_int(s, 12, in->corrects_id); else db_bind_null(s, 12);
            if (who && who->user_id) db_bind_int(s, 13, who->user_id); else db_bind_null(s, 13);
            int st = db_step(s, e);
            if (st == DB_ROW) { id = db_col_int(s, 0); while (db_step(s, e) == DB_ROW) {} }
            else rc = e->code;
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK) {
        strbuf canon;
        sb_init(&canon, 256);
        sb_printf(&canon, "number=%s;doc_date=%s;direction=%s;counterpart=%s;subject=%s;confidential=%d;legal_ref=%s;corrects=%" PRId64,
                  number, in->doc_date, in->direction, in->counterpart, in->subject, in->confidential ? 1 : 0,
                  in->legal_ref ? in->legal_ref : "", in->corrects_id);
        char digest[65], id_text[24];
        sha256_hex(canon.data ? canon.data : "", canon.len, digest);
        sb_free(&canon);
        snprintf(id_text, sizeof id_text, "%" PRId64, id);
        rc = audit_append(d, who, in->corrects_id ? "diary.correct" : "diary.register", "diary_entry", id_text,
                          NULL, digest, number, e);
    }
    arena_free(a);
    if (rc != DL_OK) return rc;
    if (id_out) *id_out = id;
    if (number_out) snprintf(number_out, DIARY_NUMBER_MAX, "%s", number);
    return DL_OK;
}

dl_err diary_register(db *d, const diary_input *in, const audit_actor *who,
                      int64_t *id_out, char number_out[DIARY_NUMBER_MAX], dl_error *e)
{
    /* The rules first: a refused entry opens no transaction (and takes no
     * write lock). */
    dl_err rc = diary_input_check(in, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0;
    char number[DIARY_NUMBER_MAX] = "";
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    rc = diary_register_in_tx(d, in, who, &id, number, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) return rc;
    if (id_out) *id_out = id;
    if (number_out) snprintf(number_out, DIARY_NUMBER_MAX, "%s", number);
    return DL_OK;
}

#define DIARY_COLS "e.id, e.org_id, COALESCE(e.corrects_id, 0), " \
    "COALESCE((SELECT MIN(c.id) FROM diary_entry c WHERE c.corrects_id = e.id), 0), " \
    "e.number, e.registered_at, e.doc_date, e.direction, e.counterpart, e.subject, e.legal_ref, " \
    "o.name, o.path, COALESCE((SELECT p.number FROM diary_entry p WHERE p.id = e.corrects_id), ''), e.confidential"

static void read_diary(db_stmt *s, arena *a, diary_rec *r)
{
    r->id = db_col_int(s, 0);
    r->org_id = db_col_int(s, 1);
    r->corrects_id = db_col_int(s, 2);
    r->corrected_by_id = db_col_int(s, 3);
    r->number = arena_strdup(a, db_col_text(s, 4));
    r->registered_at = arena_strdup(a, db_col_text(s, 5));
    r->doc_date = arena_strdup(a, db_col_text(s, 6));
    r->direction = arena_strdup(a, db_col_text(s, 7));
    r->counterpart = arena_strdup(a, db_col_text(s, 8));
    r->subject = arena_strdup(a, db_col_text(s, 9));
    r->legal_ref = arena_strdup(a, db_col_text(s, 10));
    r->org_name = arena_strdup(a, db_col_text(s, 11));
    r->org_path = arena_strdup(a, db_col_text(s, 12));
    r->corrects_number = arena_strdup(a, db_col_text(s, 13));
    r->confidential = (int)db_col_int(s, 14);
}

static dl_err diary_search(db *d, arena *a, int64_t org_id, const char *query, const char *words,
                           int limit, int offset, diary_rec *out, int *n, int64_t *total, dl_error *e);

dl_err diary_list(db *d, arena *a, int64_t org_id, const char *query, int limit, int offset,
                  diary_rec *out, int *n, int64_t *total, dl_error *e)
{
    *n = 0;
    char words[600];
    if (query && *query && dialect_search_query(db_backend_of(d), query, words, sizeof words) > 0)
        return diary_search(d, a, org_id, query, words, limit, offset, out, n, total, e);
    dl_err rc = org_id
        ? db_query_int(d, "SELECT COUNT(*) FROM diary_entry WHERE org_id = ?", total, e, "i", org_id)
        : db_query_int(d, "SELECT COUNT(*) FROM diary_entry", total, e, "");
    if (rc != DL_OK) return rc;
    db_stmt *s = db_prepare(d, "SELECT " DIARY_COLS " FROM diary_entry e JOIN org_node o ON o.id = e.org_id"
                               " WHERE (? = 0 OR e.org_id = ?) ORDER BY e.id DESC LIMIT ? OFFSET ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, org_id);
    db_bind_int(s, 2, org_id);
    db_bind_int(s, 3, limit);
    db_bind_int(s, 4, offset);
    int st;
    while ((st = db_step(s, e)) == DB_ROW)
        if (*n < limit) read_diary(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* The search statements: constant pieces around the store's own search
 * condition (dialect.c); every value typed is a bound parameter. */
static dl_err diary_search(db *d, arena *a, int64_t org_id, const char *query, const char *words,
                           int limit, int offset, diary_rec *out, int *n, int64_t *total, dl_error *e)
{
    char *cond = dialect_search_condition(db_backend_of(d), "diary_entry", "e");
    if (!cond) return dl_fail(e, DL_ENOMEM, "out of memory");
    strbuf where, count_sql, list_sql;
    sb_init(&where, 256);
    sb_init(&count_sql, 256);
    sb_init(&list_sql, 512);
    sb_puts(&where, " WHERE (? = 0 OR e.org_id = ?) AND ((e.confidential = 0 AND ");
    sb_puts(&where, cond);
    sb_puts(&where, ") OR e.number = ?)");
    dl_free(cond);
    sb_puts(&count_sql, "SELECT COUNT(*) FROM diary_entry e");
    sb_puts(&count_sql, sb_cstr(&where));
    sb_puts(&list_sql, "SELECT " DIARY_COLS " FROM diary_entry e JOIN org_node o ON o.id = e.org_id");
    sb_puts(&list_sql, sb_cstr(&where));
    sb_puts(&list_sql, " ORDER BY e.id DESC LIMIT ? OFFSET ?");
    dl_err rc = where.oom || count_sql.oom || list_sql.oom ? dl_fail(e, DL_ENOMEM, "out of memory") : DL_OK;
    if (rc == DL_OK)
        rc = db_query_int(d, sb_cstr(&count_sql), total, e, "iitt", org_id, org_id, words, query);
    db_stmt *s = rc == DL_OK ? db_prepare(d, sb_cstr(&list_sql), e) : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        db_bind_int(s, 1, org_id);
        db_bind_int(s, 2, org_id);
        db_bind_text(s, 3, words);
        db_bind_text(s, 4, query);
        db_bind_int(s, 5, limit);
        db_bind_int(s, 6, offset);
        int st;
        while ((st = db_step(s, e)) == DB_ROW)
            if (*n < limit) read_diary(s, a, &out[(*n)++]);
        if (st == DB_ERROR) rc = e->code;
        db_stmt_done(s);
    }
    sb_free(&where);
    sb_free(&count_sql);
    sb_free(&list_sql);
    return rc;
}

dl_err diary_recent(db *d, arena *a, int limit, diary_rec *out, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT id, number, doc_date, direction, subject, legal_ref, confidential"
                               " FROM diary_entry ORDER BY id DESC LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, limit);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < limit) {
        diary_rec *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->number = arena_strdup(a, db_col_text(s, 1));
        r->doc_date = arena_strdup(a, db_col_text(s, 2));
        r->direction = arena_strdup(a, db_col_text(s, 3));
        r->subject = arena_strdup(a, db_col_text(s, 4));
        r->legal_ref = arena_strdup(a, db_col_text(s, 5));
        r->confidential = (int)db_col_int(s, 6);
        r->counterpart = r->registered_at = r->org_name = r->org_path = r->corrects_number = "";
    }
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err diary_get(db *d, arena *a, int64_t id, diary_rec *out, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " DIARY_COLS " FROM diary_entry e JOIN org_node o ON o.id = e.org_id"
                               " WHERE e.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) read_diary(s, a, out);
    else rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan registrering.") : e->code;
    db_stmt_done(s);
    return rc;
}
