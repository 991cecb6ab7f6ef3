/* case_redaction.c — see case_redaction.h. */
#include "store/case_redaction.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attachment.h"
#include "core/clock.h"
#include "crypto/token.h"
#include "core/utf8.h"

static dl_err check_reason(const char *reason, dl_error *e)
{
    size_t n = reason ? strlen(reason) : 0;
    size_t start = 0;
    while (start < n && (reason[start] == ' ' || reason[start] == '\n' || reason[start] == '\r' || reason[start] == '\t'))
        start++;
    if (start == n) return dl_fail(e, DL_EINVAL, "Skriv varför bilagan maskeras: vad som togs bort och enligt vilken regel.");
    if (n > REDACTION_REASON_MAX)
        return dl_fail(e, DL_EINVAL, "Skälet för maskeringen får vara högst %d tecken.", REDACTION_REASON_MAX);
    if (!utf8_valid(reason, n)) return dl_fail(e, DL_EINVAL, "Skälet för maskeringen är inte giltig text (UTF-8).");
    return DL_OK;
}

/* The original's SHA-256 and disposal day, in the open transaction;
 * DL_ENOTFOUND unless the attachment is case_id's. */
static dl_err load_original(db *d, int64_t case_id, int64_t attachment_id, char sha[65], int *disposed, dl_error *e)
{
    db_stmt *s = db_prepare(d, "SELECT sha256, disposed_at FROM case_attachment WHERE id = ? AND case_id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, attachment_id);
    db_bind_int(s, 2, case_id);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        snprintf(sha, 65, "%s", db_col_text(s, 0));
        *disposed = *db_col_text(s, 1) != '\0';
    } else if (st == DB_DONE) {
        rc = dl_fail(e, DL_ENOTFOUND, "Ärendet har ingen sådan bilaga. Välj en bilaga från ärendets sida.");
    } else {
        rc = e->code;
    }
    db_stmt_done(s);
    return rc;
}

static dl_err store_redaction(db *d, int64_t case_id, int64_t attachment_id, const case_upload *u, const char *digest,
                              const char *reason, const audit_actor *who, dl_error *e)
{
    char now[32];
    clock_iso_utc(clock_now(), now);
    size_t b64_len = sodium_base64_encoded_len(u->len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64_len);
    if (!b64) return dl_fail(e, DL_ENOMEM, "out of memory");
    sodium_bin2base64(b64, b64_len, u->data, u->len, sodium_base64_VARIANT_ORIGINAL);
    dl_err rc = db_run(d, "DELETE FROM case_attachment_redaction WHERE attachment_id = ?", e, "i", attachment_id);
    db_stmt *s = rc == DL_OK ? db_prepare(d, "INSERT INTO case_attachment_redaction(attachment_id, case_id, size, sha256,"
                                             " data_base64, reason, redacted_at, redacted_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                          e)
                             : NULL;
    if (rc == DL_OK && !s) rc = e->code;
    if (s) {
        db_bind_int(s, 1, attachment_id);
        db_bind_int(s, 2, case_id);
        db_bind_int(s, 3, (int64_t)u->len);
        db_bind_text(s, 4, digest);
        db_bind_text(s, 5, b64);
        db_bind_text(s, 6, reason);
        db_bind_text(s, 7, now);
        if (who && who->user_id > 0) db_bind_int(s, 8, who->user_id); else db_bind_null(s, 8);
        if (db_step(s, e) != DB_DONE) rc = e->code;
        db_stmt_done(s);
    }
    free(b64);
    return rc;
}

dl_err case_attachment_redact(db *d, int64_t case_id, int64_t attachment_id, const case_upload *u, const char *reason,
                              const audit_actor *who, dl_error *e)
{
    if (check_reason(reason, e) != DL_OK) return e->code;
    const char *why = attachment_check_pdf(u->data, u->len);
    if (why) return dl_fail(e, DL_EINVAL, "%s", why);
    char digest[65], original[65];
    sha256_hex(u->data, u->len, digest);
    if (db_begin(d, e) != DL_OK) return e->code;
    int disposed = 0;
    dl_err rc = load_original(d, case_id, attachment_id, original, &disposed, e);
    if (rc == DL_OK && disposed)
        rc = dl_fail(e, DL_EGONE, "Bilagan är redan gallrad; det finns inget kvar att maskera.");
    if (rc == DL_OK && strcmp(original, digest) == 0)
        rc = dl_fail(e, DL_EINVAL, "Filen är densamma som originalet. Ladda upp den maskerade versionen.");
    if (rc == DL_OK) rc = store_redaction(d, case_id, attachment_id, u, digest, reason, who, e);
    if (rc == DL_OK) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, attachment_id);
        rc = audit_append(d, who, "case.attachment_redact", "case_attachment", idt, original, digest, reason, e);
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
