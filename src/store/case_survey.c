/* case_survey.c — the satisfaction survey of a closed case; see
 * case_survey.h. */
#include "store/case_survey.h"
#include "crypto/token.h"
#include "core/utf8.h"
#include "store/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

_Static_assert(CASE_SURVEY_DAYS == 60, "the survey mail in notify/mail_text.c says 60 days");

#define NO_SUCH "Enkäten finns inte. Kontrollera länken i e-postmeddelandet."
#define ANSWERED "Du har redan svarat på enkäten om det här ärendet. Tack för svaret!"
#define EXPIRED "Länken till enkäten har gått ut; den gällde i 60 dagar efter att ärendet avslutades."

dl_err case_survey_create_in_tx(db *d, int64_t case_id, int64_t now, char token_out[65], dl_error *e)
{
    token_out[0] = '\0';
    int64_t have = 0;
    dl_err rc = db_query_int(d, "SELECT COUNT(*) FROM case_survey WHERE case_id = ?", &have, e, "i", case_id);
    if (rc != DL_OK || have) return rc;
    char hash[TOKEN_HEX_SIZE];
    token_random_hex(token_out);
    sha256_hex(token_out, strlen(token_out), hash);
    rc = db_run(d, "INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at) VALUES (?, ?, ?, ?)", e, "itii",
                case_id, hash, now, now + (int64_t)CASE_SURVEY_DAYS * 86400);
    if (rc != DL_OK) token_out[0] = '\0';
    return rc;
}

static const char *dup(arena *a, const char *s) { return arena_strdup(a, s ? s : ""); }

dl_err case_survey_find(db *d, arena *a, const char *token, int64_t now, case_survey *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, NO_SUCH);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, "SELECT v.case_id, v.expires_at, CASE WHEN v.answered_at IS NULL THEN 0 ELSE 1 END,"
                               " c.diary_number, c.title, o.name"
                               " FROM case_survey v JOIN cases c ON c.id = v.case_id JOIN org_node o ON o.id = c.org_id"
                               " WHERE v.token_hash = ?", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    int st = db_step(s, e);
    dl_err rc = DL_OK;
    if (st == DB_ROW) {
        out->case_id = db_col_int(s, 0);
        out->expires_at = db_col_int(s, 1);
        out->state = db_col_int(s, 2) ? SURVEY_ANSWERED : now >= out->expires_at ? SURVEY_EXPIRED : SURVEY_OPEN;
        out->diary_number = dup(a, db_col_text(s, 3));
        out->title = dup(a, db_col_text(s, 4));
        out->org_name = dup(a, db_col_text(s, 5));
        if (!out->diary_number || !out->title || !out->org_name) rc = dl_fail(e, DL_ENOMEM, "out of memory");
    } else {
        rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, NO_SUCH) : e->code;
    }
    db_stmt_done(s);
    if (rc == DL_OK && out->state == SURVEY_ANSWERED) rc = dl_fail(e, DL_ECONFLICT, ANSWERED);
    if (rc == DL_OK && out->state == SURVEY_EXPIRED) rc = dl_fail(e, DL_ECONFLICT, EXPIRED);
    return rc;
}

dl_err case_survey_answer(db *d, const char *token, int score, const char *comment, int64_t now, dl_error *e)
{
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, NO_SUCH);
    if (score < 1 || score > 5) return dl_fail(e, DL_EINVAL, "Välj ett av svaren 1–5.");
    if (!comment) comment = "";
    size_t len = strlen(comment);
    if (!utf8_valid(comment, len)) return dl_fail(e, DL_EINVAL, "Kommentaren går inte att läsa som text.");
    if (utf8_count(comment, len) > CASE_SURVEY_COMMENT_MAX)
        return dl_fail(e, DL_EINVAL, "Kommentaren får vara högst 2000 tecken lång.");
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0, case_id = 0, answered = 0, expires = 0;
    db_stmt *s = db_prepare(d, "SELECT id, case_id, CASE WHEN answered_at IS NULL THEN 0 ELSE 1 END, expires_at"
                               " FROM case_survey WHERE token_hash = ?", e);
    if (!s) rc = e->code;
    else {
        db_bind_text(s, 1, hash);
        int st = db_step(s, e);
        if (st == DB_ROW) {
            id = db_col_int(s, 0);
            case_id = db_col_int(s, 1);
            answered = db_col_int(s, 2);
            expires = db_col_int(s, 3);
        } else {
            rc = st == DB_DONE ? dl_fail(e, DL_ENOTFOUND, NO_SUCH) : e->code;
        }
        db_stmt_done(s);
    }
    if (rc == DL_OK && answered) rc = dl_fail(e, DL_ECONFLICT, ANSWERED);
    if (rc == DL_OK && now >= expires) rc = dl_fail(e, DL_ECONFLICT, EXPIRED);
    /* Of two answers at once, one finds the survey unanswered. */
    int64_t changed = 0;
    if (rc == DL_OK) {
        rc = db_query_int(d, "UPDATE case_survey SET answered_at = ?, score = ?, comment = ?"
                             " WHERE id = ? AND answered_at IS NULL RETURNING 1", &changed, e, "iiti", now,
                          (int64_t)score, comment, id);
        if (rc == DL_ENOTFOUND || (rc == DL_OK && !changed)) rc = dl_fail(e, DL_ECONFLICT, ANSWERED);
    }
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, case_id);
    audit_actor who = {0, "public"};
    if (rc == DL_OK) rc = audit_append(d, &who, "case.survey_answer", "case", idt, NULL, NULL, "answered", e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}
