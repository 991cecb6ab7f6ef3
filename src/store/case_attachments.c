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
#include "crypto/token.h"

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

/* The version everyone sees is the redacted one where there is one
 * (case_attachment_redaction), else the original. */
#define ATT_FROM                                                                                    \
    " FROM case_attachment a LEFT JOIN case_attachment_redaction x ON x.attachment_id = a.id"                  \
    " LEFT JOIN users ru ON ru.id = x.redacted_by"
#define ATT_COLS                                                                                    \
    "a.id, a.case_id, COALESCE(x.size, a.size), a.kind, a.filename, a.content_type,"                \
    " COALESCE(x.sha256, a.sha256), a.created_at, a.sha256, a.size, COALESCE(x.reason, ''),"        \
    " COALESCE(x.redacted_at, ''), a.disposed_at, COALESCE(ru.display_name, '')"

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
    r->original_sha256 = arena_strdup(a, db_col_text(s, 8));
    r->original_size = db_col_int(s, 9);
    r->redaction_reason = arena_strdup(a, db_col_text(s, 10));
    r->redacted_at = arena_strdup(a, db_col_text(s, 11));
    r->redacted = r->redacted_at && *r->redacted_at;
    r->disposed_at = arena_strdup(a, db_col_text(s, 12));
    r->redacted_by = arena_strdup(a, db_col_text(s, 13));
}

dl_err case_attachments(db *d, arena *a, int64_t case_id, case_attachment_rec *out, int max, int *n, dl_error *e)
{
    *n = 0;
    db_stmt *s = db_prepare(d, "SELECT " ATT_COLS ATT_FROM " WHERE a.case_id = ? ORDER BY a.id LIMIT ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, case_id);
    db_bind_int(s, 2, max);
    int st;
    while ((st = db_step(s, e)) == DB_ROW && *n < max) read_rec(s, a, &out[(*n)++]);
    db_stmt_done(s);
    return st == DB_ERROR ? e->code : DL_OK;
}

/* Decodes stored base64 into arena a. */
static dl_err decode(arena *a, const char *b64, const unsigned char **data, size_t *len, dl_error *e)
{
    size_t cap = strlen(b64) / 4 * 3 + 3;
    unsigned char *bytes = arena_alloc(a, cap);
    size_t got = 0;
    if (!bytes) return dl_fail(e, DL_ENOMEM, "out of memory");
    if (sodium_base642bin(bytes, cap, b64, strlen(b64), NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return dl_fail(e, DL_EINTERNAL, "a stored attachment is not valid base64");
    *data = bytes;
    *len = got;
    return DL_OK;
}

/* The attachment and the bytes of one version: the redacted one where
 * there is one (original 0), or the original (1). */
static dl_err read_version(db *d, arena *a, int64_t case_id, int64_t id, int original, case_attachment_rec *out,
                           const unsigned char **data, size_t *len, dl_error *e)
{
    db_stmt *s = db_prepare(d, original ? "SELECT " ATT_COLS ", a.data_base64" ATT_FROM " WHERE a.id = ? AND a.case_id = ?"
                                        : "SELECT " ATT_COLS ", COALESCE(x.data_base64, a.data_base64)" ATT_FROM
                                          " WHERE a.id = ? AND a.case_id = ?",
                            e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, case_id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        read_rec(s, a, out);
        if (*out->disposed_at)
            rc = dl_fail(e, DL_EGONE, "Bilagan är gallrad (%s) enligt organisationens gallringsregler.", out->disposed_at);
        else
            rc = decode(a, db_col_text(s, 14), data, len, e);
        if (rc == DL_OK && original) {
            out->size = out->original_size;
            out->sha256 = out->original_sha256;
        }
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Det finns ingen sådan bilaga.");
    } else {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}

dl_err case_attachment_read(db *d, arena *a, int64_t case_id, int64_t id, case_attachment_rec *out,
                            const unsigned char **data, size_t *len, dl_error *e)
{
    return read_version(d, a, case_id, id, 0, out, data, len, e);
}

dl_err case_attachment_read_original(db *d, arena *a, int64_t case_id, int64_t id, const audit_actor *who,
                                     case_attachment_rec *out, const unsigned char **data, size_t *len, dl_error *e)
{
    if (db_begin(d, e) != DL_OK) return e->code;
    dl_err rc = read_version(d, a, case_id, id, 1, out, data, len, e);
    if (rc == DL_OK) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, id);
        rc = audit_append(d, who, "case.attachment_original_read", "case_attachment", idt, NULL, out->sha256,
                          out->redacted ? "the original of a redacted attachment" : "an attachment never redacted", e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
