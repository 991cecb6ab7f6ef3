/* case_attachments.c — see case_attachments.h. The bytes are stored as
 * base64 text (libsodium's codec), so the two backends need no binary
 * binding; the SHA-256 is of the bytes as sent. */
#include "store/case_attachments.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attachment.h"
#include "core/clock.h"
#include "core/token.h"

dl_err case_attach_in_tx(db *d, int64_t case_id, const audit_actor *who, const case_upload *u, int64_t *id_out,
                         dl_error *e)
{
    if (!db_in_transaction(d)) return dl_fail(e, DL_EINTERNAL, "case_attach_in_tx outside a transaction");
    const char *why = attachment_check_pdf(u->data, u->len);
    if (why) return dl_fail(e, DL_EINVAL, "%s", why);
    char name[ATTACHMENT_NAME_MAX + 1], digest[65], now[32];
    attachment_safe_name(u->filename, name);
    sha256_hex(u->data, u->len, digest);
    clock_iso_utc(clock_now(), now);
    size_t b64_len = sodium_base64_encoded_len(u->len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64_len);
    if (!b64) return dl_fail(e, DL_ENOMEM, "out of memory");
    sodium_bin2base64(b64, b64_len, u->data, u->len, sodium_base64_VARIANT_ORIGINAL);
    int64_t id = 0;
    dl_err rc = DL_OK;
    db_stmt *s = db_prepare(d, "INSERT INTO case_attachment(case_id, kind, filename, content_type, size, sha256,"
                               " data_base64, created_at, created_by) VALUES (?, ?, ?, 'application/pdf', ?, ?, ?, ?, ?)"
                               " RETURNING id", e);
    if (!s) rc = e->code;
    else {
        db_bind_int(s, 1, case_id);
        db_bind_text(s, 2, u->kind);
        db_bind_text(s, 3, name);
        db_bind_int(s, 4, (int64_t)u->len);
        db_bind_text(s, 5, digest);
        db_bind_text(s, 6, b64);
        db_bind_text(s, 7, now);
        if (who && who->user_id > 0) db_bind_int(s, 8, who->user_id); else db_bind_null(s, 8);
        int st = db_step(s, e);
        if (st == DB_ROW) { id = db_col_int(s, 0); while (db_step(s, e) == DB_ROW) {} }
        else rc = e->code;
        db_stmt_done(s);
    }
    free(b64);
    if (rc == DL_OK) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, case_id);
        rc = audit_append(d, who, "case.attach", "case", idt, NULL, digest, name, e);
    }
    if (rc == DL_OK && id_out) *id_out = id;
    return rc;
}

#define ATT_COLS "id, case_id, size, kind, filename, content_type, sha256, created_at"

static void read_rec(db_stmt *s, arena *a, case_attachment_rec *r)
{
    r->id = db_col_int(s, 0);
    r->case_id = db_col_int(s, 1);
    r->size = db_col_int(s, 2);
    r->kind = arena_strdup(a, db_col_text(s, 3));
    r->filename = arena_strdup(a, db_col_text(s, 4));
    r->content_type = arena_strdup(a, db_col_text(s, 5));
    r->sha256 = arena_strdup(a, db_col_text(s, 6));
    r->created_at = arena_strdup(a, db_col_text(s, 7));
}

dl_err case_attachments(db *d, arena *a, int64_t case_id, case_attachment_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " ATT_COLS " FROM case_attachment WHERE case_id = ? ORDER BY id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) read_rec(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

dl_err case_attachment_read(db *d, arena *a, int64_t case_id, int64_t id, case_attachment_rec *out,
                            const unsigned char **data, size_t *len, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT " ATT_COLS ", data_base64 FROM case_attachment WHERE id = ? AND case_id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, case_id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        read_rec(s, a, out);
        const char *b64 = db_col_text(s, 8);
        size_t cap = strlen(b64) / 4 * 3 + 3;
        unsigned char *bytes = arena_alloc(a, cap ? cap : 1);
        size_t got = 0;
        if (!bytes) rc = dl_fail(e, DL_ENOMEM, "out of memory");
        else if (sodium_base642bin(bytes, cap, b64, strlen(b64), NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
            rc = dl_fail(e, DL_EINTERNAL, "a stored attachment is not valid base64");
        else {
            *data = bytes;
            *len = got;
        }
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan bilaga.");
    } else {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}
