/* obstacles.c — see obstacles.h. */
#include "store/obstacles.h"
#include "store/obstacle_categories.h"
#include "core/clock.h"
#include "crypto/token.h"
#include "core/plain_text.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

static const char *or_empty(const char *s) { return s ? s : ""; }


static int too_long(const char *s, size_t max) { return s && utf8_count(s, strlen(s)) > max; }

/* The rules of core/obstacle.h, each refusal a sentence naming the field
 * (whether the category is in the list is asked in the writing transaction). */
dl_err obstacle_check(const obstacle_report *in, dl_error *e)
{
    if (text_blank(in->what_happened)) return dl_fail(e, DL_EINVAL, "Beskriv vad som hände.");
    if (too_long(in->what_happened, OBSTACLE_WHAT_MAX))
        return dl_fail(e, DL_EINVAL, "Beskrivningen av vad som hände är för lång (högst 4000 tecken).");
    if (too_long(in->data_concerned, OBSTACLE_LINE_MAX) || too_long(in->actors, OBSTACLE_LINE_MAX))
        return dl_fail(e, DL_EINVAL, "Uppgifterna om data och aktörer får vara högst 500 tecken vardera.");
    if (too_long(in->suggestion, OBSTACLE_SUGGESTION_MAX))
        return dl_fail(e, DL_EINVAL, "Förslaget till lösning är för långt (högst 2000 tecken).");
    if (obstacle_category_key_ok(in->category) != 0) return dl_fail(e, DL_EINVAL, "Välj en kategori.");
    if (in->consequence != -1 && !obstacle_consequence_label_sv(in->consequence))
        return dl_fail(e, DL_EINVAL, "Välj en följd i listan, eller ingen.");
    if (in->actor_type != -1 && !obstacle_actor_type_label_sv(in->actor_type))
        return dl_fail(e, DL_EINVAL, "Välj en typ av aktör i listan, eller ingen.");
    const char *page = or_empty(in->about_page);
    if (*page && (page[0] != '/' || page[1] == '/' || strlen(page) > 300))
        return dl_fail(e, DL_EINVAL, "Sidan som hindret gäller måste vara en sida på den här webbplatsen.");
    if (too_long(in->reporter_email, 254)) return dl_fail(e, DL_EINVAL, "E-postadressen är för lång.");
    return DL_OK;
}

/* One checked report into the open transaction, with its audit row
 * (`action`, the category as its only detail: a report's text may hold
 * personal data). token_hash: the SHA-256 of its follow-up token. */
static dl_err insert_report(db *d, const obstacle_report *in, const audit_actor *who, const char *created,
                            const char *token_hash, const char *action, int64_t *id_out, dl_error *e)
{
    dl_err rc = DL_OK;
    const char *law = or_empty(in->law_id);
    rc = obstacle_category_usable_in_tx(d, in->category, e);
    if (rc == DL_OK && *law) {
        int64_t is_law = 0;
        rc = db_query_int(d, "SELECT COUNT(*) FROM guide_item WHERE id = ? AND type = 'law'", &is_law, e, "t", law);
        if (rc == DL_OK && !is_law) rc = dl_fail(e, DL_EINVAL, "Lagen som valts finns inte i kunskapsguiden. Välj en i listan.");
    }
    int64_t id = 0;
    if (rc == DL_OK) {
        db_stmt *s = db_prepare(d, "INSERT INTO obstacle(state, created_at, what_happened, data_concerned, actors,"
                                   " category, law_id, consequence, suggestion, about_page, reporter_id,"
                                   " reporter_email, follow_token_hash, actor_type)"
                                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id", e);
        if (!s) rc = e->code;
        else {
            db_bind_text(s, 1, obstacle_state_key(OBSTACLE_RECEIVED));
            db_bind_text(s, 2, created);
            db_bind_text(s, 3, in->what_happened);
            db_bind_text(s, 4, or_empty(in->data_concerned));
            db_bind_text(s, 5, or_empty(in->actors));
            db_bind_text(s, 6, in->category);
            db_bind_text(s, 7, law);
            db_bind_text(s, 8, in->consequence >= 0 ? obstacle_consequence_keys[in->consequence] : "");
            db_bind_text(s, 9, or_empty(in->suggestion));
            db_bind_text(s, 10, or_empty(in->about_page));
            if (who && who->user_id > 0) db_bind_int(s, 11, who->user_id);
            else db_bind_null(s, 11);
            db_bind_text(s, 12, or_empty(in->reporter_email));
            db_bind_text(s, 13, token_hash);
            db_bind_text(s, 14, in->actor_type >= 0 ? obstacle_actor_type_keys[in->actor_type] : "");
            if (db_step(s, e) == DB_ROW) id = db_col_int(s, 0);
            else rc = e->code != DL_OK ? e->code : dl_fail(e, DL_EDB, "the new obstacle got no id");
            db_stmt_done(s);
        }
    }
    if (rc == DL_OK) {
        char idt[24];
        snprintf(idt, sizeof idt, "%lld", (long long)id);
        audit_actor public_actor = {0, "public"};
        rc = audit_append(d, who ? who : &public_actor, action, "obstacle", idt, NULL, NULL,
                          in->category, e);
    }
    *id_out = id;
    return rc;
}

dl_err obstacle_create(db *d, const obstacle_report *in, const audit_actor *who, int64_t now, int64_t *id_out,
                       char token_out[65], dl_error *e)
{
    *id_out = 0;
    token_out[0] = '\0';
    dl_err rc = obstacle_check(in, e);
    if (rc != DL_OK) return rc;
    char token[TOKEN_HEX_SIZE], hash[TOKEN_HEX_SIZE], created[32];
    token_random_hex(token);
    sha256_hex(token, strlen(token), hash);
    clock_iso_utc(now, created);
    rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    int64_t id = 0;
    rc = insert_report(d, in, who, created, hash, "obstacle.report", &id, e);
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    if (rc != DL_OK) return rc;
    *id_out = id;
    memcpy(token_out, token, TOKEN_HEX_SIZE);
    return DL_OK;
}

dl_err obstacle_import(db *d, const obstacle_report *rows, const int64_t *reported_at, int n, const audit_actor *who,
                       int64_t now, int *bad_row, dl_error *e)
{
    *bad_row = -1;
    for (int i = 0; i < n; i++) {
        dl_err rc = obstacle_check(&rows[i], e);
        if (rc != DL_OK) { *bad_row = i; return rc; }
        if (reported_at && reported_at[i] > now) {
            *bad_row = i;
            return dl_fail(e, DL_EINVAL, "Datumet för rapporten ligger i framtiden.");
        }
    }
    dl_err rc = db_begin(d, e);
    if (rc != DL_OK) return rc;
    for (int i = 0; rc == DL_OK && i < n; i++) {
        /* A survey's reporters never had a follow-up link: the token is
         * made and forgotten, so no link can open the report. */
        char token[TOKEN_HEX_SIZE], hash[TOKEN_HEX_SIZE], created[32];
        token_random_hex(token);
        sha256_hex(token, strlen(token), hash);
        clock_iso_utc(reported_at && reported_at[i] > 0 ? reported_at[i] : now, created);
        int64_t id = 0;
        rc = insert_report(d, &rows[i], who, created, hash, "obstacle.import", &id, e);
        if (rc == DL_EINVAL) *bad_row = i;
    }
    if (rc == DL_OK) rc = db_commit(d, e);
    else db_rollback(d);
    return rc;
}

static int key_index(const char *const keys[], const char *key)
{
    for (int i = 0; key && keys[i]; i++)
        if (strcmp(keys[i], key) == 0) return i;
    return -1;
}

#define OBSTACLE_COLUMNS                                                                                      \
    "SELECT o.id, o.state, o.category, o.consequence, o.created_at, o.what_happened,"                          \
    " o.data_concerned, o.actors, o.suggestion, o.about_page, o.reporter_email, o.law_id,"                     \
    " COALESCE(g.title, ''), COALESCE(g.title_en, ''), o.need, o.legal_basis, o.responsible_body,"            \
    " o.public_answer, o.last_step_at, COALESCE(o.merged_into, 0), o.actor_type, o.public_text,"               \
    " o.public_suggestion, o.published_at"                                                                      \
    " FROM obstacle o LEFT JOIN guide_item g ON g.id = o.law_id AND o.law_id <> ''"

/* One row of OBSTACLE_COLUMNS into out (texts copied into a). */
static dl_err read_row(db_stmt *s, arena *a, obstacle *out, dl_error *e)
{
    out->id = db_col_int(s, 0);
    if (obstacle_state_from_key(db_col_text(s, 1), &out->state) != 0) out->state = OBSTACLE_RECEIVED;
    if (!(out->category = arena_strdup(a, db_col_text(s, 2)))) return dl_fail(e, DL_ENOMEM, "out of memory");
    out->consequence = key_index(obstacle_consequence_keys, db_col_text(s, 3));
    const char **texts[] = {&out->created_at, &out->what_happened, &out->data_concerned, &out->actors,
                            &out->suggestion, &out->about_page, &out->reporter_email, &out->law_id,
                            &out->law_title, &out->law_title_en, &out->need, &out->legal_basis,
                            &out->responsible_body, &out->public_answer, &out->last_step_at};
    for (int i = 0; i < (int)(sizeof texts / sizeof texts[0]); i++) {
        *texts[i] = arena_strdup(a, db_col_text(s, 4 + i));
        if (!*texts[i]) return dl_fail(e, DL_ENOMEM, "out of memory");
    }
    out->merged_into = db_col_int(s, 19);
    out->actor_type = key_index(obstacle_actor_type_keys, db_col_text(s, 20));
    const char **published[] = {&out->public_text, &out->public_suggestion, &out->published_at};
    for (int i = 0; i < 3; i++)
        if (!(*published[i] = arena_strdup(a, db_col_text(s, 21 + i)))) return dl_fail(e, DL_ENOMEM, "out of memory");
    return DL_OK;
}

/* The one row a prepared, bound statement finds; not_found the sentence when none. */
static dl_err read_one(db_stmt *s, arena *a, obstacle *out, const char *not_found, dl_error *e)
{
    int st = db_step(s, e);
    dl_err rc;
    if (st == DB_ROW) rc = read_row(s, a, out, e);
    else if (st == DB_DONE) rc = dl_fail(e, DL_ENOTFOUND, "%s", not_found);
    else rc = e->code;
    db_stmt_done(s);
    return rc;
}

dl_err obstacle_by_token(db *d, arena *a, const char *token, obstacle *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    static const char bad_link[] = "Länken till hindret är inte giltig. Kontrollera att hela länken kom med.";
    if (!token || !hex_is_token(token)) return dl_fail(e, DL_ENOTFOUND, "%s", bad_link);
    char hash[TOKEN_HEX_SIZE];
    sha256_hex(token, strlen(token), hash);
    db_stmt *s = db_prepare(d, OBSTACLE_COLUMNS " WHERE o.follow_token_hash = ?"
                               " OR o.id = (SELECT st.obstacle_id FROM obstacle_step st WHERE st.mail_token_hash = ?)", e);
    if (!s) return e->code;
    db_bind_text(s, 1, hash);
    db_bind_text(s, 2, hash);
    return read_one(s, a, out, bad_link, e);
}

dl_err obstacle_by_id(db *d, arena *a, int64_t id, obstacle *out, dl_error *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_prepare(d, OBSTACLE_COLUMNS " WHERE o.id = ?", e);
    if (!s) return e->code;
    db_bind_int(s, 1, id);
    return read_one(s, a, out, "Hindret finns inte.", e);
}
